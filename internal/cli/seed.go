package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"runtime"
	"sync"
	"time"

	"holdspace/internal/auth"
	"holdspace/internal/demo"
	"holdspace/internal/holdspace"
	"holdspace/internal/sqlstore"
	"holdspace/internal/synth"
)

func runSeed(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "seed", "seed [flags]", "Loads the demo: a handful of groups across the categories, a facilitator and members.\n"+
		"It does nothing on a site that already has groups.\n\n"+
		"With --groups N it adds N synthetic groups instead (for trying search and for benchmarks):\n"+
		"made-up groups around about 400 real cities, the same ones for the same --seed.")
	var d dbFlags
	d.register(fs)
	var loadDemo bool
	var groups, batch int
	var seed uint64
	fs.BoolVar(&loadDemo, "demo", true, "load the demo groups and accounts (off by default with --groups)")
	fs.IntVar(&groups, "groups", 0, "add this many synthetic groups")
	fs.Uint64Var(&seed, "seed", 1, "with --groups: the seed the synthetic groups are made from")
	fs.IntVar(&batch, "batch", 100000, "with --groups: groups written per transaction")
	if err := parse(fs, env, args); err != nil {
		return err
	}
	if err := noArgs(fs); err != nil {
		return err
	}
	if groups < 0 || batch < 1 || batch > 100000 {
		return fmt.Errorf("--groups must be 0 or more and --batch from 1 to 100000")
	}
	demoSet := false
	fs.Visit(func(f *flag.Flag) { demoSet = demoSet || f.Name == "demo" })
	if groups > 0 && !demoSet {
		loadDemo = false
	}
	store, err := d.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := seedCrisisLines(ctx, store); err != nil {
		return err
	}
	if groups > 0 {
		if err := seedSynthetic(ctx, env.Stdout, store, groups, batch, seed); err != nil {
			return err
		}
	}
	if !loadDemo {
		if groups == 0 {
			fmt.Fprintln(env.Stdout, "Nothing to load.")
		}
		return nil
	}
	loaded, err := demo.Load(ctx, store, auth.DefaultParams)
	if err != nil {
		return err
	}
	if !loaded {
		fmt.Fprintln(env.Stdout, "The site already has groups; the demo was not loaded.")
		return nil
	}
	fmt.Fprintf(env.Stdout, "Loaded %d demo groups. Log-ins (display name / password):\n", len(demo.Groups))
	for _, l := range demo.Logins {
		fmt.Fprintf(env.Stdout, "  %s / %s (%s)\n", l.DisplayName, l.Password, l.Role)
	}
	return nil
}

// seedSynthetic adds n synthetic groups, numbered after the groups already
// there so that running it twice adds more rather than failing on taken
// slugs. Groups are made on every CPU while one writer stores them in
// order, one transaction per batch.
func seedSynthetic(ctx context.Context, out io.Writer, store *sqlstore.Store, n, batch int, seed uint64) error {
	first, err := store.CountGroups(ctx)
	if err != nil {
		return fmt.Errorf("count groups: %w", err)
	}
	finish, err := store.StartBulkLoad(ctx, n)
	if err != nil {
		return err
	}
	gen := synth.New(seed)
	fmt.Fprintf(out, "Adding %s synthetic groups (seed %d), %s per transaction...\n", thousands(n), seed, thousands(batch))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// Batches are made in parallel and written in order: each is a
	// channel queued in order, filled by whichever worker gets to it.
	// At most a few batches wait in memory.
	queue := make(chan chan []holdspace.Group, max(1, min(runtime.NumCPU()*2, 200_000/batch)))
	slots := make(chan struct{}, runtime.NumCPU())
	go func() {
		defer close(queue)
		for from := 0; from < n; from += batch {
			ch := make(chan []holdspace.Group, 1)
			select {
			case queue <- ch:
			case <-ctx.Done():
				return
			}
			slots <- struct{}{}
			go func(from, to int) {
				defer func() { <-slots }()
				list := make([]holdspace.Group, 0, to-from)
				for i := from; i < to; i++ {
					list = append(list, gen.Group(first+i))
				}
				ch <- list
			}(from, min(from+batch, n))
		}
	}()
	start := time.Now()
	// SQLite has one writer; PostgreSQL takes two COPY streams at once,
	// one per CPU of the machine this was tuned on.
	writers := 1
	if store.Dialect() == sqlstore.Postgres {
		writers = 2
	}
	var mu sync.Mutex
	lastReport, done := start, 0
	errc := make(chan error, writers)
	for range writers {
		go func() {
			for ch := range queue {
				var list []holdspace.Group
				select {
				case list = <-ch:
				case <-ctx.Done():
					errc <- ctx.Err()
					return
				}
				if err := store.InsertGroups(ctx, list); err != nil {
					cancel()
					errc <- err
					return
				}
				mu.Lock()
				done += len(list)
				if now := time.Now(); now.Sub(lastReport) >= 2*time.Second || done == n {
					lastReport = now
					rate := float64(done) / now.Sub(start).Seconds()
					left := time.Duration(float64(n-done)/rate) * time.Second
					fmt.Fprintf(out, "  %s of %s groups (%d%%), %s a second, about %s left\n",
						thousands(done), thousands(n), done*100/n, thousands(int(rate)), left.Round(time.Second))
				}
				mu.Unlock()
			}
			errc <- nil
		}()
	}
	for range writers {
		if err := <-errc; err != nil {
			mu.Lock()
			defer mu.Unlock()
			// Put the search indexes back over what was added.
			if ferr := finish(context.WithoutCancel(ctx)); ferr != nil {
				fmt.Fprintf(out, "Could not rebuild the search indexes: %v\n", ferr)
			}
			return fmt.Errorf("after %s groups: %w", thousands(done), err)
		}
	}
	took := time.Since(start)
	fmt.Fprintf(out, "Added %s groups in %s (%s a second).\n", thousands(n), took.Round(100*time.Millisecond), thousands(int(float64(n)/took.Seconds())))
	fmt.Fprint(out, "Building the search indexes... ")
	t := time.Now()
	if err := finish(ctx); err != nil {
		fmt.Fprintln(out)
		return err
	}
	total, err := store.CountGroups(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "done in %s.\nThe site now has %s groups.\n", time.Since(t).Round(100*time.Millisecond), thousands(total))
	return nil
}

// thousands writes n with commas: 1,000,000.
func thousands(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
