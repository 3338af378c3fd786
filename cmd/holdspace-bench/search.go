package main

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	_ "modernc.org/sqlite" // the bare query reads the SQLite file through the server's own driver

	"holdspace/internal/loadgen"
	"holdspace/internal/sqlstore"
)

// The directory search's targets, from the issue that asked for it.
const (
	searchP99At25  = 25 * time.Millisecond
	searchP99At100 = 100 * time.Millisecond
	searchVsBare   = 0.25 // search throughput as a share of the bare geo-first query's
)

// searchFlags are the search benchmark's settings.
type searchFlags struct {
	groups           int
	seed             uint64
	duration, warmup time.Duration
	conns            int
	db, pg           string
	pin              bool
	reuseSQLite      string
	reusePG          string
	timeout          time.Duration
	noiseRetries     int
	cpuprofile       string
}

// searchCase is one query of the mix: words and two filters near a city.
type searchCase struct {
	city     string
	lat, lng float64
	params   string // words and filters, without near and radius
}

// searchMix is what "words + two filters + near" means in this benchmark:
// a topic word and two filters near eight large cities on five
// continents, so a run sees dense and sparse places and common and rare
// words.
var searchMix = []searchCase{
	{"London", 51.5072, -0.1276, "q=anxiety&category=mental_health&attendance=in_person"},
	{"Paris", 48.8566, 2.3522, "q=support&category=grief_loss&cost=free"},
	{"New York", 40.7128, -74.0060, "q=recovery&category=addiction_recovery&access=open"},
	{"Tokyo", 35.6762, 139.6503, "q=carers&category=parenting_caregivers&attendance=in_person"},
	{"São Paulo", -23.5505, -46.6333, "q=pain&category=chronic_illness_disability&cost=free"},
	{"Lagos", 6.5244, 3.3792, "q=newcomers&access=open&cost=free"},
	{"Sydney", -33.8688, 151.2093, "q=circle&format=sharing_circle&attendance=hybrid"},
	{"Mumbai", 19.0760, 72.8777, "q=depression&category=mental_health&access=open"},
}

var searchRadii = []float64{25, 100}

func runSearch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("holdspace-bench search", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var f searchFlags
	fs.IntVar(&f.groups, "groups", 1_000_000, "synthetic groups to seed into each fresh database")
	fs.Uint64Var(&f.seed, "seed", 1, "seed of the synthetic groups")
	fs.DurationVar(&f.duration, "duration", 10*time.Second, "how long each measured phase runs (split across the query mix)")
	fs.DurationVar(&f.warmup, "warmup", 2*time.Second, "warm-up before each radius is measured")
	fs.IntVar(&f.conns, "conns", 8, "keep-alive connections, and concurrent clients of the bare query")
	fs.StringVar(&f.db, "db", "both", "database: sqlite, postgres or both")
	fs.StringVar(&f.pg, "pg", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable",
		"PostgreSQL on the loopback interface whose user may CREATE DATABASE; a throwaway database is made there and dropped after")
	fs.BoolVar(&f.pin, "pin", true, "pin the server to CPU 0 and this program (load generator and bare query) to CPU 1 with taskset, when there are 2 CPUs or more")
	fs.StringVar(&f.reuseSQLite, "reuse-sqlite", "", "use this already seeded SQLite file instead of seeding a fresh one (to iterate; official runs seed)")
	fs.StringVar(&f.reusePG, "reuse-pg", "", "use this already seeded PostgreSQL database instead of a throwaway one (to iterate; official runs seed)")
	fs.DurationVar(&f.timeout, "timeout", 60*time.Minute, "give up after this long")
	fs.StringVar(&f.cpuprofile, "cpuprofile", "", "folder to write CPU profiles of the Holdspace server to, one per closed-loop phase (sqlite-25km.pprof...)")
	fs.IntVar(&f.noiseRetries, "noise-retries", 3, "measure a phase again, up to this many times, while other work on the machine takes more than 5% of a CPU")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: holdspace-bench search [flags]\n\nSeeds synthetic groups into a fresh SQLite file and a fresh PostgreSQL database, starts the real\nserver on each and measures GET /api/v1/groups with words, two filters and near a place at 25 and\n100 km, against the bare geo-first SQL query run in this process on the same data.\n\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	dbs, err := databases(f.db, stderr)
	if err != nil {
		return err
	}
	if f.groups < 1 || f.duration <= 0 || f.warmup < 0 || f.conns < 1 || f.noiseRetries < 0 {
		fmt.Fprintln(stderr, "--groups and --conns must be 1 or more, --duration above 0, --warmup and --noise-retries 0 or more")
		return errUsage
	}
	if f.cpuprofile != "" {
		abs, err := filepath.Abs(f.cpuprofile)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(abs, 0o755); err != nil {
			return err
		}
		f.cpuprofile = abs
	}
	taskset, _ := exec.LookPath("taskset")
	// Once pinned, this process sees one CPU; it still pins the server.
	pinned := os.Getenv(pinnedEnv) != ""
	canPin := f.pin && taskset != "" && (pinned || runtime.NumCPU() >= 2)
	if canPin && !pinned {
		return rerunPinnedAs("search", taskset, args, stdout, stderr)
	}
	ctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	b := &searchBench{flags: f, out: stdout, runID: randomHex(4)}
	if canPin {
		b.taskset = taskset
	}
	b.printHeader()
	results := map[string]*searchResult{}
	for _, db := range dbs {
		if ctx.Err() != nil {
			break
		}
		r, err := b.runDB(ctx, db)
		if err != nil {
			fmt.Fprintf(stdout, "\n%s: the run failed: %v\n", dbTitle[db], err)
			r = &searchResult{err: err}
		}
		results[db] = r
	}
	b.printTargets(dbs, results)
	return ctx.Err()
}

// rerunPinnedAs runs this program's command again under taskset on
// clientCPU and passes on its exit code.
func rerunPinnedAs(command, taskset string, args []string, stdout, stderr io.Writer) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	cmd := exec.Command(taskset, append([]string{"-c", clientCPU, self, command}, args...)...)
	cmd.Env = append(os.Environ(), pinnedEnv+"=1")
	cmd.Stdout, cmd.Stderr = stdout, stderr
	err = cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exitCode(exit.ExitCode())
	}
	return err
}

// searchBench is one run of the search benchmark.
type searchBench struct {
	flags   searchFlags
	out     io.Writer
	taskset string
	runID   string
}

// searchPhase is what one radius measured.
type searchPhase struct {
	closed, open, bare *measured
	rate               float64   // the open loop's offered rate, over the whole mix
	rates              []float64 // the open loop's rate for each query of the mix
	bareRows           int       // rows the bare query returned, on average
}

// searchResult is everything measured on one database.
type searchResult struct {
	err          error
	seedTook     time.Duration
	seeded       bool
	size         string
	byRadius     map[float64]*searchPhase
	rss, peakRSS int64
	anonRSS      int64 // of rss, memory not backed by a file (the heap); the rest is the database file read through mmap
	cpus         string
}

func (b *searchBench) printHeader() {
	w := b.out
	f := b.flags
	fmt.Fprintf(w, "holdspace-bench search, %s\n", time.Now().UTC().Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(w, "machine: %d CPUs (%s), %s/%s, %s\n", onlineCPUs(), cpuModel(), runtime.GOOS, runtime.GOARCH, runtime.Version())
	if b.taskset != "" {
		fmt.Fprintf(w, "pinning: server on CPU %s; load generator and bare query on CPU %s (taskset); PostgreSQL itself is not pinned\n", serverCPU, clientCPU)
	} else {
		fmt.Fprintln(w, "pinning: none (taskset missing, fewer than 2 CPUs, or --pin=false)")
	}
	fmt.Fprintf(w, "data: %s synthetic groups (seed %d) around about 400 cities\n", thousandsBench(f.groups), f.seed)
	fmt.Fprintf(w, "phases: %v each (split across %d queries), %v warm-up per radius, %d keep-alive connections / bare clients\n",
		f.duration, len(searchMix), f.warmup, f.conns)
	fmt.Fprintln(w, "query mix: GET /api/v1/groups?<words and two filters>&near=<city>&radius_km=<25 or 100>, with:")
	for _, c := range searchMix {
		fmt.Fprintf(w, "  %-10s %s\n", c.city, c.params)
	}
	fmt.Fprintln(w, "bare: the same near query as raw SQL on the (lat_band, lng) index, no words or filters (SELECT id, lat, lng ...")
	fmt.Fprintln(w, "      WHERE lat_band IN (...) AND lng BETWEEN ? AND ?), every row read, through the same driver")
}

func (b *searchBench) runDB(ctx context.Context, db string) (_ *searchResult, err error) {
	r := &searchResult{byRadius: map[float64]*searchPhase{}}
	dir, err := os.MkdirTemp("", "holdspace-bench-search-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	dsn := filepath.Join(dir, "holdspace.db")
	fmt.Fprintf(b.out, "\n%s (load average at the start: %s)\n", dbTitle[db], loadAverage())
	switch {
	case db == "sqlite" && b.flags.reuseSQLite != "":
		dsn = b.flags.reuseSQLite
	case db == "postgres" && b.flags.reusePG != "":
		dsn = b.flags.reusePG
	case db == "postgres":
		pgDSN, drop, err := createPGDatabase(ctx, b.flags.pg, "holdspace_bench_search_"+b.runID)
		if err != nil {
			return nil, err
		}
		defer func() {
			if derr := drop(); derr != nil && err == nil {
				err = derr
			}
		}()
		dsn = pgDSN
	}
	if (db == "sqlite" && b.flags.reuseSQLite == "") || (db == "postgres" && b.flags.reusePG == "") {
		took, err := b.seed(ctx, db, dsn)
		if err != nil {
			return nil, err
		}
		r.seedTook, r.seeded = took, true
	}
	r.size = databaseSize(ctx, db, dsn)

	serveArgs := []string{"holdspace", "serve", "--addr", "127.0.0.1:0", "--data", filepath.Join(dir, "data"), "--log-level", "warn", "--db", dsn}
	cpu := ""
	if b.taskset != "" {
		cpu = serverCPU
	}
	var env []string
	if b.flags.cpuprofile != "" {
		env = append(env, controlEnv+"=1")
	}
	hs, err := startChild("holdspace server", b.taskset, cpu, serveArgs, env)
	if err != nil {
		return nil, err
	}
	defer func() {
		if serr := hs.stop(); serr != nil && err == nil {
			err = serr
		}
	}()
	if st, err := readProc(hs.pid()); err == nil {
		r.cpus = st.CPUs
	}
	// The bare query's SQL comes from the store, so it seeks exactly the
	// boxes the search seeks.
	store, err := sqlstore.Open(ctx, dsn, sqlstore.Options{SkipMigrate: true})
	if err != nil {
		return nil, err
	}
	defer store.Close()
	bare, err := openBare(db, dsn, b.flags.conns)
	if err != nil {
		return nil, err
	}
	defer bare.Close()

	q := quietMeasure{b: b, server: hs, postgres: db == "postgres"}
	for _, radius := range searchRadii {
		urls := make([]string, len(searchMix))
		for i, c := range searchMix {
			urls[i] = fmt.Sprintf("%s/api/v1/groups?%s&near=%g,%g&radius_km=%g", hs.URL, c.params, c.lat, c.lng, radius)
		}
		p := &searchPhase{}
		if b.flags.warmup > 0 {
			// A cold cache can make the first requests slow enough to
			// time out; that is what warming up is for.
			if _, _, err := runMix(ctx, urls, b.flags.conns, b.flags.warmup, nil); err != nil {
				return nil, err
			}
		}
		if b.flags.cpuprofile != "" {
			if err := hs.control(fmt.Sprintf("cpuprofile %s", filepath.Join(b.flags.cpuprofile, fmt.Sprintf("%s-%gkm.pprof", db, radius)))); err != nil {
				return nil, err
			}
		}
		var each []float64
		p.closed, err = q.run(func() (*loadgen.Result, error) {
			res, tput, err := runMix(ctx, urls, b.flags.conns, b.flags.duration, nil)
			each = tput
			return res, err
		})
		if b.flags.cpuprofile != "" {
			if cerr := hs.control("stop"); cerr != nil && err == nil {
				err = cerr
			}
		}
		if err != nil {
			return nil, err
		}
		// Each query of the mix at half its own closed-loop rate: the
		// queries near a dense city cost several times those near a
		// sparse one, and half the mix's average rate would overload the
		// server on the dense ones and idle it on the sparse ones.
		p.rates = make([]float64, len(each))
		for i, t := range each {
			p.rates[i] = t / 2
			p.rate += p.rates[i] / float64(len(each))
		}
		if p.rate > 0 {
			if p.open, err = q.run(func() (*loadgen.Result, error) {
				res, _, err := runMix(ctx, urls, b.flags.conns, b.flags.duration, p.rates)
				return res, err
			}); err != nil {
				return nil, err
			}
		}
		if p.bare, err = q.run(func() (*loadgen.Result, error) {
			res, rows, err := runBare(ctx, store, bare, radius, b.flags.conns, b.flags.duration)
			p.bareRows = rows
			return res, err
		}); err != nil {
			return nil, err
		}
		r.byRadius[radius] = p
	}
	if st, err := readProc(hs.pid()); err == nil {
		r.rss, r.peakRSS = st.RSS, st.Peak
	}
	r.anonRSS = anonRSS(hs.pid())
	b.printDB(db, r)
	return r, nil
}

// measured is one phase and where the machine's CPU time went during it.
type measured struct {
	res                                   *loadgen.Result
	serverCPU, clientCPU, pgCPU, otherCPU time.Duration
	tries                                 int
}

// noise is the share of a CPU that other work took during the phase.
func (m *measured) noise() float64 { return m.otherCPU.Seconds() / m.res.Elapsed.Seconds() }

// cpuPerRequest is the server's CPU time per answered request.
func (m *measured) cpuPerRequest() time.Duration {
	return m.serverCPU / time.Duration(max(m.res.OK, 1))
}

// quietMeasure runs phases and notes the CPU time of the server, of this
// process (load generator and bare query), of PostgreSQL and of
// everything else; a phase during which everything else took more than
// noiseLimit of a CPU is run again, up to --noise-retries times, and the
// quietest attempt kept.
type quietMeasure struct {
	b        *searchBench
	server   *child
	postgres bool
}

func (q quietMeasure) sample() (s sample, err error) {
	var err1, err2, err3 error
	s.server, err1 = readProc(q.server.pid())
	s.client, err2 = readProc(0)
	s.machine, err3 = readCPU("")
	if q.postgres {
		s.pg = processCPU("postgres")
	}
	return s, errors.Join(err1, err2, err3)
}

func (q quietMeasure) run(phase func() (*loadgen.Result, error)) (*measured, error) {
	var best *measured
	for try := 1; try <= 1+q.b.flags.noiseRetries; try++ {
		before, err := q.sample()
		if err != nil {
			return nil, err
		}
		res, err := phase()
		if err != nil {
			return nil, err
		}
		after, err := q.sample()
		if err != nil {
			return nil, err
		}
		m := &measured{res: res, tries: try,
			serverCPU: after.server.CPU - before.server.CPU,
			clientCPU: after.client.CPU - before.client.CPU,
			pgCPU:     after.pg - before.pg,
		}
		m.otherCPU = after.machine.busy - before.machine.busy - m.serverCPU - m.clientCPU - m.pgCPU
		if best == nil || m.noise() < best.noise() {
			best = m
		}
		if m.noise() <= noiseLimit {
			break
		}
	}
	return best, nil
}

// seed runs `holdspace seed --groups N` as its own process on every CPU
// and passes its progress on.
func (b *searchBench) seed(ctx context.Context, db, dsn string) (time.Duration, error) {
	self, err := os.Executable()
	if err != nil {
		return 0, err
	}
	args := []string{"holdspace", "seed", "--groups", fmt.Sprint(b.flags.groups), "--seed", fmt.Sprint(b.flags.seed)}
	if db == "sqlite" {
		args = append(args, "--data", filepath.Dir(dsn))
	} else {
		args = append(args, "--db", dsn)
	}
	var cmd *exec.Cmd
	if b.taskset != "" {
		// This process is pinned to one CPU; the seeder may use them all.
		cpus, _ := os.ReadFile("/sys/devices/system/cpu/online")
		cmd = exec.CommandContext(ctx, b.taskset, append([]string{"-c", strings.TrimSpace(string(cpus)), self}, args...)...)
	} else {
		cmd = exec.CommandContext(ctx, self, args...)
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return 0, err
	}
	var stderr tailBuffer
	stderr.max = 16 << 10
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		fmt.Fprintf(b.out, "  seed: %s\n", sc.Text())
	}
	if err := cmd.Wait(); err != nil {
		return 0, fmt.Errorf("seed: %v\n%s", err, stderr.String())
	}
	return time.Since(start), nil
}

// databaseSize says how big the seeded database is.
func databaseSize(ctx context.Context, db, dsn string) string {
	if db == "sqlite" {
		var total int64
		for _, suffix := range []string{"", "-wal"} {
			if st, err := os.Stat(dsn + suffix); err == nil {
				total += st.Size()
			}
		}
		return fmt.Sprintf("%.2f GB", float64(total)/1e9)
	}
	conn, err := sql.Open("pgx", dsn)
	if err != nil {
		return "unknown"
	}
	defer conn.Close()
	var n int64
	if err := conn.QueryRowContext(ctx, `SELECT pg_database_size(current_database())`).Scan(&n); err != nil {
		return "unknown"
	}
	return fmt.Sprintf("%.2f GB", float64(n)/1e9)
}

// runMix runs each URL for an equal share of d, one after another, and
// adds the results up: the mix, at the same concurrency throughout. With
// rates, URL i is sent on a fixed schedule at rates[i] a second (an open
// loop); without, as fast as the connections go. It also returns each
// URL's throughput.
func runMix(ctx context.Context, urls []string, conns int, d time.Duration, rates []float64) (*loadgen.Result, []float64, error) {
	total := &loadgen.Result{Status: map[int]int64{}}
	share := d / time.Duration(len(urls))
	tput := make([]float64, len(urls))
	for i, u := range urls {
		var rate float64
		if rates != nil {
			rate = rates[i]
		}
		res, err := loadgen.Run(ctx, loadgen.Config{URL: u, Conns: conns, Duration: share, Rate: rate})
		if err != nil {
			return nil, nil, err
		}
		tput[i] = res.Throughput()
		total.OK += res.OK
		total.Errors += res.Errors
		total.NoResponse += res.NoResponse
		total.Unsent += res.Unsent
		total.Elapsed += res.Elapsed
		if total.FirstError == "" {
			total.FirstError = res.FirstError
		}
		for code, n := range res.Status {
			total.Status[code] += n
		}
		total.Latency.Merge(&res.Latency)
	}
	return total, tput, nil
}

// openBare opens the database the way the server's search reads it, for
// the bare query.
func openBare(db, dsn string, conns int) (*sql.DB, error) {
	driver, src := "pgx", dsn
	if db == "sqlite" {
		v := url.Values{}
		for _, p := range []string{"query_only(1)", "busy_timeout(10000)", "mmap_size(2147483648)"} {
			v.Add("_pragma", p)
		}
		driver, src = "sqlite", "file:"+dsn+"?"+v.Encode()
	}
	conn, err := sql.Open(driver, src)
	if err != nil {
		return nil, err
	}
	conn.SetMaxOpenConns(conns)
	conn.SetMaxIdleConns(conns)
	return conn, nil
}

// runBare runs the bare geo-first query around the mix's cities from
// conns clients at once for d, reading every row, and returns its
// throughput and latency in a loadgen.Result.
func runBare(ctx context.Context, store *sqlstore.Store, db *sql.DB, radius float64, conns int, d time.Duration) (*loadgen.Result, int, error) {
	type prepared struct {
		queries []*sql.Stmt
		args    [][]any
	}
	// Prepared once, as the search's own statements are.
	stmts := map[string]*sql.Stmt{}
	defer func() {
		for _, st := range stmts {
			st.Close()
		}
	}()
	cases := make([]prepared, len(searchMix))
	for i, c := range searchMix {
		qs, a := store.NearQuerySQL(c.lat, c.lng, radius)
		for _, q := range qs {
			if stmts[q] == nil {
				st, err := db.PrepareContext(ctx, q)
				if err != nil {
					return nil, 0, err
				}
				stmts[q] = st
			}
			cases[i].queries = append(cases[i].queries, stmts[q])
		}
		cases[i].args = a
	}
	res := &loadgen.Result{Status: map[int]int64{}}
	var mu sync.Mutex
	var firstErr error
	var rows int64
	start := time.Now()
	deadline := start.Add(d)
	var wg sync.WaitGroup
	for w := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var h loadgen.Histogram
			var ok, n int64
			for i := w; time.Now().Before(deadline) && ctx.Err() == nil; i++ {
				c := cases[i%len(cases)]
				t0 := time.Now()
				err := func() error {
					for k, q := range c.queries {
						rs, err := q.QueryContext(ctx, c.args[k]...)
						if err != nil {
							return err
						}
						var id int64
						var lat, lng float64
						for rs.Next() {
							if err := rs.Scan(&id, &lat, &lng); err != nil {
								rs.Close()
								return err
							}
							n++
						}
						rs.Close()
						if err := rs.Err(); err != nil {
							return err
						}
					}
					return nil
				}()
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
					return
				}
				h.Record(time.Since(t0))
				ok++
			}
			mu.Lock()
			res.OK += ok
			rows += n
			res.Latency.Merge(&h)
			mu.Unlock()
		}()
	}
	wg.Wait()
	res.Elapsed = time.Since(start)
	if firstErr != nil {
		return nil, 0, fmt.Errorf("bare query: %w", firstErr)
	}
	return res, int(rows / max(res.OK, 1)), nil
}

func (b *searchBench) printDB(db string, r *searchResult) {
	w := b.out
	if r.seeded {
		fmt.Fprintf(w, "seeded %s groups in %s (%s a second); database %s\n", thousandsBench(b.flags.groups), r.seedTook.Round(time.Second),
			thousandsBench(int(float64(b.flags.groups)/r.seedTook.Seconds())), r.size)
	} else {
		fmt.Fprintf(w, "reused an already seeded database (%s)\n", r.size)
	}
	fmt.Fprintf(w, "server may run on CPUs: %s; CPU columns in %% of one CPU (other = the rest of the machine)\n", r.cpus)
	fmt.Fprintf(w, "  %-42s %7s %5s %7s %7s %7s %7s %6s %5s %5s %5s %5s %8s\n", "", "req/s", "×bare", "p50 ms", "p95 ms", "p99 ms", "max ms",
		"errors", "srv", "gen", "pg", "other", "CPU ms/q")
	line := func(what string, m *measured, bare float64) {
		res := m.res
		ratio := "-"
		if bare > 0 {
			ratio = fmt.Sprintf("%.2f", res.Throughput()/bare)
		}
		cpu := "-"
		if m.serverCPU > 0 {
			cpu = ms(m.cpuPerRequest())
		}
		fmt.Fprintf(w, "  %-42s %7.0f %5s %7s %7s %7s %7s %6d %5s %5s %5s %5s %8s\n", what, res.Throughput(), ratio,
			ms(res.Latency.Percentile(50)), ms(res.Latency.Percentile(95)), ms(res.Latency.Percentile(99)), ms(res.Latency.Max()),
			res.Errors+res.Unsent, pct(m.serverCPU, res.Elapsed), pct(m.clientCPU, res.Elapsed), pct(m.pgCPU, res.Elapsed),
			pct(m.otherCPU, res.Elapsed), cpu)
	}
	var noisy []string
	retried := 0
	for _, radius := range searchRadii {
		p := r.byRadius[radius]
		bare := p.bare.res.Throughput()
		line(fmt.Sprintf("%g km: search, closed loop, %d conns", radius, b.flags.conns), p.closed, bare)
		if p.open != nil {
			line(fmt.Sprintf("%g km: search, open loop at %.0f req/s", radius, p.rate), p.open, 0)
		}
		line(fmt.Sprintf("%g km: bare geo-first SQL, %d rows/query", radius, p.bareRows), p.bare, 0)
		for _, m := range []*measured{p.closed, p.open, p.bare} {
			if m == nil {
				continue
			}
			if m.res.Errors > 0 || m.res.Unsent > 0 {
				fmt.Fprintf(w, "  errors at %g km: %s\n", radius, describeErrors(m.res))
			}
			if m.tries > 1 {
				retried++
			}
			if m.noise() > noiseLimit {
				noisy = append(noisy, fmt.Sprintf("%.0f%%", 100*m.noise()))
			}
		}
	}
	fmt.Fprintf(w, "load average at the end: %s\n", loadAverage())
	fmt.Fprintf(w, "server RSS: %.0f MiB at the end (%.0f MiB of it heap and other anonymous memory, the rest file pages), %.0f MiB at its peak\n",
		mib(r.rss), mib(r.anonRSS), mib(r.peakRSS))
	if retried > 0 {
		fmt.Fprintf(w, "remeasured: %d phases were measured again because other work on the machine took CPU; the quietest attempt is shown\n", retried)
	}
	if len(noisy) > 0 {
		fmt.Fprintf(w, "WARNING: other work on this machine still took CPU during %d phases (%s of one CPU): these figures are disturbed; run again on a quiet machine\n",
			len(noisy), strings.Join(noisy, ", "))
	}
}

// printTargets prints each target with PASS or MISS. p99 is judged in the
// open loop (each query of the mix sent on a fixed schedule at half its own
// closed-loop throughput, latency counted from each one's intended send
// time), the throughput ratio in the closed loop.
func (b *searchBench) printTargets(dbs []string, results map[string]*searchResult) {
	w := b.out
	fmt.Fprintln(w, "\ntargets (p99 in the open loop, each query at half its closed-loop throughput; throughput in the closed loop):")
	line := func(what, got string, pass bool) {
		verdict := "MISS"
		if pass {
			verdict = "PASS"
		}
		fmt.Fprintf(w, "  %-52s %-34s %s\n", what, got, verdict)
	}
	for _, db := range dbs {
		r := results[db]
		for _, radius := range searchRadii {
			target := searchP99At25
			if radius == 100 {
				target = searchP99At100
			}
			what := fmt.Sprintf("%s: p99 at %g km <= %v", dbTitle[db], radius, target)
			what2 := fmt.Sprintf("%s: throughput at %g km >= %.2f x bare", dbTitle[db], radius, searchVsBare)
			if r == nil || r.err != nil || r.byRadius[radius] == nil || r.byRadius[radius].open == nil {
				line(what, "not measured", false)
				line(what2, "not measured", false)
				continue
			}
			p := r.byRadius[radius]
			open, closed, bare := p.open.res, p.closed.res, p.bare.res
			p99 := open.Latency.Percentile(99)
			line(what, fmt.Sprintf("%s ms at %.0f req/s%s", ms(p99), p.rate, errNote(open)), p99 <= target && clean(open))
			ratio := closed.Throughput() / bare.Throughput()
			line(what2, fmt.Sprintf("%.2f (%.0f / %.0f req/s)%s", ratio, closed.Throughput(), bare.Throughput(), errNote(closed)),
				ratio >= searchVsBare && clean(closed))
		}
	}
}

// loadAverage is the 1, 5 and 15-minute load averages from /proc.
func loadAverage() string {
	raw, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(raw))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// anonRSS reads RssAnon from /proc: resident memory not backed by a file.
func anonRSS(pid int) int64 {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(raw)) {
		if v, ok := strings.CutPrefix(line, "RssAnon:"); ok {
			var kb int64
			fmt.Sscan(strings.TrimSuffix(strings.TrimSpace(v), " kB"), &kb)
			return kb << 10
		}
	}
	return 0
}

// thousandsBench writes n with commas.
func thousandsBench(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
