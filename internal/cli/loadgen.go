package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"syscall"
	"time"

	"holdspace/internal/barehub"
	"holdspace/internal/gctune"
	"holdspace/internal/loadcircle"
	"holdspace/internal/sqlstore"
)

// loadgenPinnedEnv marks the copy of `holdspace loadgen` already running on
// the load generator's CPU.
const loadgenPinnedEnv = "HOLDSPACE_LOADGEN_PINNED"

// Where the processes run when taskset can pin them: the server under test
// (Holdspace, then the bare hub) on CPU 0, the load generator on CPU 1.
const (
	loadgenServerCPU = "0"
	loadgenClientCPU = "1"
)

// loadgenFlags are the settings of one run.
type loadgenFlags struct {
	members, roomSize int
	rate              float64
	duration, warmup  time.Duration
	idle              time.Duration
	hold              int
	holdFor           time.Duration
	storm, stormEvery int
	baseline, pin     bool
	maxTime           time.Duration
	noiseRetries      int
	cpuprofile        string
	keep              bool
}

// runLoadgen is `holdspace loadgen`: the live circle under load on this
// machine, against the bare hub baseline, with a PASS or MISS per target.
func runLoadgen(ctx context.Context, env Env, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		// What the load generator starts as its servers; not for use by hand.
		case "bare-hub":
			return runBareHub(ctx, env, args[1:])
		case "serve":
			return runProfiledServe(ctx, env, args[1:])
		}
	}
	gctune.ForLoadGenerator() // the servers it starts keep their own setting
	fs := newFlags(env, "loadgen", "loadgen [flags]",
		"Measures the live circle under load on this machine, loopback only: it prepares members and live\n"+
			"group sessions in a fresh data folder, runs `holdspace serve` on CPU 0 and real WebSocket clients\n"+
			"on CPU 1, drives hands, shares, reactions and held and released chat, holds members idle, storms\n"+
			"reconnects, then drives the same clients against a bare WebSocket hub with no rules (the\n"+
			"baseline) and prints the figures with a PASS or MISS per target. docs/benchmarks.md explains it.")
	var f loadgenFlags
	fs.IntVar(&f.members, "members", 5000, "members connected for traffic")
	fs.IntVar(&f.roomSize, "room-size", 20, "members per live group session")
	fs.Float64Var(&f.rate, "rate", 50000, "target frames delivered per second, summed over every receiving member")
	fs.DurationVar(&f.duration, "duration", 30*time.Second, "measured traffic window (at most 10m)")
	fs.DurationVar(&f.warmup, "warmup", 5*time.Second, "traffic before the window")
	fs.DurationVar(&f.idle, "idle", 5*time.Second, "how long members sit idle before memory is read")
	fs.IntVar(&f.hold, "hold", 10000, "members held connected and idle at once (0: skip)")
	fs.DurationVar(&f.holdFor, "hold-for", 30*time.Second, "how long they are held (past one ping round, 25s)")
	fs.IntVar(&f.storm, "storm", 5000, "members who drop at once and resume (0: skip)")
	fs.IntVar(&f.stormEvery, "storm-events", 10, "events each of them misses")
	fs.BoolVar(&f.baseline, "baseline", true, "measure the bare hub baseline too")
	fs.BoolVar(&f.pin, "pin", true, "pin the server to CPU 0 and the load generator to CPU 1 with taskset, when there are 2 CPUs or more")
	fs.DurationVar(&f.maxTime, "max-time", 30*time.Minute, "hard cap on the whole run")
	fs.IntVar(&f.noiseRetries, "noise-retries", 3, "measure traffic again, up to this many times, while other programs take more than 10% of either CPU")
	fs.StringVar(&f.cpuprofile, "cpuprofile", "", "write CPU profiles of the servers' traffic windows to FILE.holdspace and FILE.bare (and their heaps, idle, to .heap beside them); profiled figures are not the ones to report")
	fs.BoolVar(&f.keep, "keep", false, "keep the data folder")
	if err := parse(fs, env, args); err != nil {
		return err
	}
	if err := noArgs(fs); err != nil {
		return err
	}
	switch {
	case f.members < 2 || f.roomSize < 3 || f.members%f.roomSize != 0:
		return fmt.Errorf("--members must be a multiple of --room-size, which must be 3 or more")
	case f.hold != 0 && (f.hold < f.members || f.hold%f.roomSize != 0):
		return fmt.Errorf("--hold must be 0, or --members or more and a multiple of --room-size")
	case f.duration <= 0 || f.duration > 10*time.Minute || f.warmup < 0 || f.warmup > 2*time.Minute:
		return fmt.Errorf("--duration must be above 0 and at most 10m, --warmup at most 2m")
	case f.holdFor < 0 || f.holdFor > 10*time.Minute || f.idle < 0 || f.idle > time.Minute:
		return fmt.Errorf("--hold-for must be at most 10m, --idle at most 1m")
	case f.storm < 0 || f.storm > max(f.hold, f.members) || f.stormEvery < 1 || f.stormEvery > 100:
		return fmt.Errorf("--storm must be at most the members connected, --storm-events 1 to 100")
	case f.rate <= 0 || f.maxTime <= 0 || f.noiseRetries < 0 || f.noiseRetries > 10:
		return fmt.Errorf("--rate and --max-time must be above 0, --noise-retries 0 to 10")
	}

	taskset, _ := exec.LookPath("taskset")
	pinned := env.Getenv(loadgenPinnedEnv) == "1"
	canPin := f.pin && taskset != "" && (pinned || runtime.NumCPU() >= 2)
	if canPin && !pinned {
		// Start again on the load generator's CPU: the whole Go runtime
		// must live there, not one thread.
		return rerunLoadgenPinned(ctx, env, taskset, args)
	}
	if !canPin {
		taskset = ""
	}
	raiseOpenFiles(env)
	ctx, cancel := context.WithTimeout(ctx, f.maxTime)
	defer cancel()
	r := &loadRun{f: f, out: env.Stdout, taskset: taskset}
	return r.run(ctx)
}

// rerunLoadgenPinned runs this command again under taskset on the load
// generator's CPU and waits for it.
func rerunLoadgenPinned(ctx context.Context, env Env, taskset string, args []string) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, taskset, append([]string{"-c", loadgenClientCPU, self, "loadgen"}, args...)...)
	cmd.Env = append(os.Environ(), loadgenPinnedEnv+"=1")
	cmd.Stdout, cmd.Stderr = env.Stdout, env.Stderr
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = time.Minute
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return fmt.Errorf("the pinned run exited with code %d", exit.ExitCode())
		}
		return err
	}
	return nil
}

// raiseOpenFiles lifts the soft limit on open files to the hard one: ten
// thousand sockets need it. Set explicitly, it is inherited by the servers
// this run starts.
func raiseOpenFiles(env Env) {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return
	}
	lim.Cur = lim.Max
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		fmt.Fprintf(env.Stderr, "loadgen: cannot raise the open-file limit: %v\n", err)
	}
}

// loadRun is one run of `holdspace loadgen`.
type loadRun struct {
	f       loadgenFlags
	out     io.Writer
	taskset string

	// What was measured.
	prepared  time.Duration
	connect   loadcircle.ConnectStats
	idleRSS   int64 // bytes per member, holdspace
	traffic   loadcircle.TrafficStats
	noise     noise
	holdStats holdResult
	storm     loadcircle.StormStats
	stormErr  error
	bare      *bareResult
}

type holdResult struct {
	ran                  bool
	connect              loadcircle.ConnectStats
	connected            int
	drops                int64
	mem                  map[string]float64
	rssPerMember, rssAll int64
}

type bareResult struct {
	connect loadcircle.ConnectStats
	idleRSS int64
	traffic loadcircle.TrafficStats
	noise   noise
}

func (r *loadRun) printf(format string, args ...any) { fmt.Fprintf(r.out, format, args...) }

func (r *loadRun) run(ctx context.Context) error {
	f := r.f
	host, _ := os.Hostname()
	r.printf("holdspace loadgen on %s, %s: %d CPUs (%s), %s/%s, %s; pinned: %v\n", host, time.Now().UTC().Format("2006-01-02 15:04 MST"),
		onlineCPUs(), cpuModel(), runtime.GOOS, runtime.GOARCH, runtime.Version(), r.taskset != "")
	rooms := max(f.members, f.hold) / f.roomSize
	dir, err := os.MkdirTemp("", "holdspace-loadgen-")
	if err != nil {
		return err
	}
	if f.keep {
		r.printf("data folder: %s (kept)\n", dir)
	} else {
		defer os.RemoveAll(dir)
	}

	// The data, written straight to the database the server will open.
	t0 := time.Now()
	store, err := sqlstore.Open(ctx, filepath.Join(dir, "holdspace.db"), sqlstore.Options{})
	if err != nil {
		return err
	}
	plan, err := loadcircle.Prepare(ctx, store, loadcircle.Plan{Rooms: rooms, RoomSize: f.roomSize})
	store.Close()
	if err != nil {
		return fmt.Errorf("prepare: %w", err)
	}
	r.prepared = time.Since(t0)
	r.printf("prepared %d members in %d live group sessions of %d in %s\n", rooms*f.roomSize, rooms, f.roomSize, r.prepared.Round(time.Millisecond))

	// Holdspace: the members connect and sit idle, then the circles move
	// into the sharing round.
	args := []string{"serve", "--addr", "127.0.0.1:0", "--data", dir}
	if f.cpuprofile != "" {
		args = append([]string{"loadgen", "serve", "--cpuprofile", f.cpuprofile + ".holdspace", "--"}, args...)
	}
	srv, err := startLoadChild(ctx, "holdspace serve", r.taskset, args)
	if err != nil {
		return err
	}
	defer srv.stop()
	if err := loadcircle.StartRooms(ctx, srv.url, plan); err != nil {
		return err
	}
	r.printf("holdspace serve (pid %d, CPUs %s) at %s; %d live circles open\n", srv.pid(), srv.cpus(), srv.url, len(plan))
	fleet, err := loadcircle.NewFleet(loadcircle.Target{Kind: loadcircle.Holdspace, URL: srv.url}, loadcircle.Options{})
	if err != nil {
		return err
	}
	defer fleet.Close()
	n := f.members / f.roomSize
	var empty loadcircle.Proc
	if r.connect, r.idleRSS, empty, err = r.connectIdle(ctx, "holdspace", srv, fleet, plan[:n]); err != nil {
		return err
	}
	if err := fleet.Open(ctx); err != nil {
		return err
	}

	// The baseline runs beside it on the same CPU; only one of them is
	// busy at a time.
	var bare *loadChild
	var bareFleet *loadcircle.Fleet
	if f.baseline {
		args := []string{"loadgen", "bare-hub", "--addr", "127.0.0.1:0"}
		if f.cpuprofile != "" {
			args = append(args, "--cpuprofile", f.cpuprofile+".bare")
		}
		if bare, err = startLoadChild(ctx, "bare hub", r.taskset, args); err != nil {
			return err
		}
		defer bare.stop()
		r.printf("bare hub, the BASELINE (pid %d, CPUs %s) at %s\n", bare.pid(), bare.cpus(), bare.url)
		if bareFleet, err = loadcircle.NewFleet(loadcircle.Target{Kind: loadcircle.Bare, URL: bare.url}, loadcircle.Options{}); err != nil {
			return err
		}
		defer bareFleet.Close()
		rooms := make([]loadcircle.Room, n)
		for i := range rooms {
			rooms[i] = loadcircle.Room{ID: int64(i + 1), Members: make([]loadcircle.Member, f.roomSize)}
		}
		r.bare = &bareResult{}
		if r.bare.connect, r.bare.idleRSS, _, err = r.connectIdle(ctx, "bare hub", bare, bareFleet, rooms); err != nil {
			return err
		}
	}

	if err := r.traffic2(ctx, srv, fleet, bare, bareFleet); err != nil {
		return err
	}
	if bare != nil {
		bareFleet.Close()
		if err := bare.stop(); err != nil {
			return err
		}
	}
	if err := r.holdAndStorm(ctx, srv, fleet, plan[n:], empty); err != nil {
		return err
	}
	fleet.Close()
	if err := srv.stop(); err != nil {
		return err
	}
	r.report()
	return ctx.Err()
}

// connectIdle connects rooms' members, lets them sit idle, and returns how
// the connecting went, the server's resident memory per member it added,
// and the server as it was before.
func (r *loadRun) connectIdle(ctx context.Context, name string, srv *loadChild, fleet *loadcircle.Fleet, rooms []loadcircle.Room) (loadcircle.ConnectStats, int64, loadcircle.Proc, error) {
	time.Sleep(time.Second)
	before, err := loadcircle.ReadProc(srv.pid())
	if err != nil {
		return loadcircle.ConnectStats{}, 0, before, err
	}
	mem0 := goMemory(ctx, srv.url)
	cs, err := fleet.Connect(ctx, rooms)
	if err != nil {
		return cs, 0, before, err
	}
	r.printf("%s: connected %d of %d members in %s (%.0f joins/s)%s\n", name, cs.Members-cs.Failed, cs.Members,
		cs.Elapsed.Round(time.Millisecond), cs.Rate(), firstErr(cs.FirstError))
	fleet.Settle(ctx, time.Second, 30*time.Second)
	time.Sleep(r.f.idle)
	after, err := loadcircle.ReadProc(srv.pid())
	if err != nil {
		return cs, 0, before, err
	}
	members := max(fleet.Connected(), 1)
	per := (after.RSS - before.RSS) / int64(members)
	r.printf("%s: idle: RSS %s -> %s, %.1f KiB per member", name, mib(before.RSS), mib(after.RSS), float64(per)/1024)
	if mem1 := goMemory(ctx, srv.url); len(mem1) > 0 && len(mem0) > 0 {
		d := func(k string) float64 { return (mem1[k] - mem0[k]) / float64(members) }
		r.printf("; of it, per member: Go heap in use %.1f KiB, goroutine stacks %.1f KiB, %.1f goroutines",
			d("go_memstats_heap_inuse_bytes")/1024, d("go_memstats_stack_inuse_bytes")/1024, d("go_goroutines"))
	}
	r.printf("\n")
	return cs, per, before, nil
}

// traffic2 drives traffic on Holdspace, then the same on the bare hub, and
// again (up to --noise-retries times) while other programs took more than a
// tenth of either CPU in either window; it keeps the quietest pair, so the
// two are compared under the same conditions.
func (r *loadRun) traffic2(ctx context.Context, srv *loadChild, fleet *loadcircle.Fleet, bare *loadChild, bareFleet *loadcircle.Fleet) error {
	f := r.f
	r.printf("driving %.0f deliveries/s: %s warmup, %s measured\n", f.rate, f.warmup, f.duration)
	best := -1.0
	for try := 0; try <= f.noiseRetries && ctx.Err() == nil; try++ {
		st, n, err := r.driveOnce(ctx, "holdspace", srv, fleet)
		if err != nil {
			return err
		}
		worst := n.worst()
		var bst loadcircle.TrafficStats
		var bn noise
		if bare != nil {
			if bst, bn, err = r.driveOnce(ctx, "bare hub", bare, bareFleet); err != nil {
				return err
			}
			worst = max(worst, bn.worst())
		}
		if best < 0 || worst < best {
			best = worst
			r.traffic, r.noise = st, n
			if r.bare != nil {
				r.bare.traffic, r.bare.noise = bst, bn
			}
		}
		if r.taskset == "" || worst <= 0.10 {
			break
		}
		if try < f.noiseRetries {
			r.printf("the machine was busy with other work; measuring both again\n")
		}
	}
	return ctx.Err()
}

func (r *loadRun) driveOnce(ctx context.Context, name string, fleet *loadChild, fl *loadcircle.Fleet) (loadcircle.TrafficStats, noise, error) {
	f := r.f
	n := noise{pinned: r.taskset != ""}
	st, err := fl.Drive(ctx, loadcircle.TrafficConfig{Rate: f.rate, Warmup: f.warmup, Duration: f.duration,
		ServerCPU: fleet.cpu, OnWindow: fleet.window(&n)})
	if err != nil {
		return st, n, err
	}
	r.printTraffic(name, st)
	r.printf("%s: %s\n", name, &n)
	return st, n, nil
}

// holdAndStorm connects the rest of the plan, holds everyone idle, then
// storms reconnects.
func (r *loadRun) holdAndStorm(ctx context.Context, srv *loadChild, fleet *loadcircle.Fleet, rest []loadcircle.Room, empty loadcircle.Proc) error {
	f := r.f
	var err error
	if f.hold > 0 && ctx.Err() == nil {
		r.holdStats.ran = true
		if more := f.hold/f.roomSize - f.members/f.roomSize; more > 0 {
			if r.holdStats.connect, err = fleet.Connect(ctx, rest[:more]); err != nil {
				return err
			}
			c := r.holdStats.connect
			r.printf("connected %d more members in %s (%.0f joins/s)%s\n", c.Members-c.Failed, c.Elapsed.Round(time.Millisecond), c.Rate(),
				firstErr(c.FirstError))
		}
		drops0 := fleet.Check().Drops
		r.printf("holding %d members idle for %s\n", fleet.Connected(), f.holdFor)
		select {
		case <-time.After(f.holdFor):
		case <-ctx.Done():
			return ctx.Err()
		}
		h := &r.holdStats
		h.connected = fleet.Connected()
		h.drops = fleet.Check().Drops - drops0
		h.mem = goMemory(ctx, srv.url)
		if p, err := loadcircle.ReadProc(srv.pid()); err == nil {
			h.rssAll = p.RSS
			h.rssPerMember = (p.RSS - empty.RSS) / int64(max(h.connected, 1))
		}
		m, n := h.mem, float64(max(h.connected, 1))
		r.printf("held: %d connected after %s, %d dropped; RSS %s (%.1f KiB per member over the empty server; Go heap in use %.1f KiB, stacks %.1f KiB per member)\n",
			h.connected, f.holdFor, h.drops, mib(h.rssAll), float64(h.rssPerMember)/1024,
			m["go_memstats_heap_inuse_bytes"]/n/1024, m["go_memstats_stack_inuse_bytes"]/n/1024)
	}
	if f.storm > 0 && ctx.Err() == nil {
		r.printf("storm: %d members drop at once, miss %d events each, and resume\n", f.storm, f.stormEvery)
		r.storm, r.stormErr = fleet.Storm(ctx, loadcircle.StormConfig{Members: f.storm, Events: f.stormEvery})
		s := r.storm
		r.printf("storm: %d dropped, %d reconnected in %s, %d exact; gaps %d, duplicates %d, snapshots %d, wrong %d, short %d; stayed %d/%d; marker %d/%d\n",
			s.Dropped, s.Reconnected, s.Reconnect.Round(time.Millisecond), s.Exact, s.Gaps, s.Duplicates, s.Snapshots, s.Wrong, s.Short,
			s.StayedOK, s.Stayed, s.MarkerOK, s.Members)
		if s.FirstProblem != "" {
			r.printf("storm: first problem: %s\n", s.FirstProblem)
		}
		if r.stormErr != nil {
			r.printf("storm: %v\n", r.stormErr)
		}
	}
	return nil
}

func (r *loadRun) printTraffic(name string, t loadcircle.TrafficStats) {
	r.printf("%s: %.0f deliveries/s over %s (%d delivered, %d sent); latency p50 %s p99 %s max %s (%d live chat receipts); "+
		"server CPU %s = %.2f µs per delivery; load generator CPU %.0f%%\n",
		name, t.Rate(), t.Window.Round(time.Millisecond), t.Delivered, t.Actions, ms(t.Latency.Percentile(50)), ms(t.Latency.Percentile(99)),
		ms(t.Latency.Max()), t.Latency.Count(), t.ServerCPU, micros(t.CPUPerDelivery()), 100*t.ClientCPU.Seconds()/t.Window.Seconds())
	var parts []string
	for _, k := range []string{"chat", "chat_held", "reaction", "queue", "share_started", "share_ended", "round", "other"} {
		if n := t.ByType[k]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", k, n))
		}
	}
	i := t.Integrity
	r.printf("%s: frames by type: %s; held chats released %d; late sends %d, send errors %d\n", name, strings.Join(parts, ", "),
		t.Released, t.Late, t.SendErrors)
	r.printf("%s: gaps %d, duplicates %d, snapshots %d, drops %d (resumed %d), error frames: %s\n", name, i.Gaps, i.Duplicates,
		i.Snapshots, i.Drops, i.Resumes, i.ErrorSummary())
}

// report prints the table of targets.
func (r *loadRun) report() {
	f := r.f
	verdict := func(ok bool) string {
		if ok {
			return "PASS"
		}
		return "MISS"
	}
	r.printf("\n| target | measured | result |\n|---|---|---|\n")
	rooms := f.members / f.roomSize
	r.printf("| %d members in %d sessions of %d, connected and joined | %d (%.0f joins/s) | %s |\n", f.members, rooms, f.roomSize,
		r.connect.Members-r.connect.Failed, r.connect.Rate(), verdict(r.connect.Failed == 0))
	t := r.traffic
	r.printf("| %.0f deliveries/s (98%% or more of it) | %.0f/s | %s |\n", f.rate, t.Rate(), verdict(t.Rate() >= 0.98*f.rate))
	r.printf("| p99 delivery latency at most 25 ms | p50 %s, p99 %s | %s |\n", ms(t.Latency.Percentile(50)), ms(t.Latency.Percentile(99)),
		verdict(t.Latency.Count() > 0 && t.Latency.Percentile(99) <= 25*time.Millisecond))
	i := t.Integrity
	r.printf("| no gap, duplicate or drop under traffic | gaps %d, duplicates %d, snapshots %d, drops %d | %s |\n", i.Gaps, i.Duplicates,
		i.Snapshots, i.Drops, verdict(i.Gaps == 0 && i.Duplicates == 0 && i.Snapshots == 0 && i.Drops == 0))
	if r.bare != nil {
		b := r.bare.traffic
		ratio := 0.0
		if b.CPUPerDelivery() > 0 {
			ratio = float64(t.CPUPerDelivery()) / float64(b.CPUPerDelivery())
		}
		r.printf("| server CPU per delivery at most 1.3x the bare hub's | %.2f µs vs %.2f µs (bare, at %.0f/s, p99 %s): %.2fx | %s |\n",
			micros(t.CPUPerDelivery()), micros(b.CPUPerDelivery()), b.Rate(), ms(b.Latency.Percentile(99)), ratio,
			verdict(ratio > 0 && ratio <= 1.3))
	} else {
		r.printf("| server CPU per delivery at most 1.3x the bare hub's | %.2f µs; baseline not run | MISS |\n", micros(t.CPUPerDelivery()))
	}
	bareMem := ""
	if r.bare != nil {
		bareMem = fmt.Sprintf(" (bare hub %.1f KiB)", float64(r.bare.idleRSS)/1024)
	}
	r.printf("| memory at most 40 KiB per idle connected member | %.1f KiB RSS%s | %s |\n", float64(r.idleRSS)/1024, bareMem,
		verdict(r.idleRSS > 0 && r.idleRSS <= 40<<10))
	if r.holdStats.ran {
		h := r.holdStats
		r.printf("| %d members held on one node | %d connected after %s, %d dropped, %.1f KiB each | %s |\n", f.hold, h.connected,
			f.holdFor, h.drops, float64(h.rssPerMember)/1024, verdict(h.connected == f.hold && h.drops == 0))
	}
	if r.taskset != "" {
		line := "| traffic windows kept (other programs' share of each CPU) | holdspace: " + r.noise.String()
		if r.bare != nil {
			line += "; bare hub: " + r.bare.noise.String()
		}
		quiet := r.noise.worst() <= 0.10 && (r.bare == nil || r.bare.noise.worst() <= 0.10)
		if quiet {
			line += " | quiet |\n"
		} else {
			line += " | WARNING: disturbed |\n"
		}
		r.printf("%s", line)
	}
	if f.storm > 0 {
		s := r.storm
		r.printf("| reconnect storm: %d members each missing %d events resume with no gap or duplicate | %d exact of %d, gaps %d, duplicates %d, snapshots %d, reconnected in %s | %s |\n",
			f.storm, f.stormEvery, s.Exact, s.Dropped, s.Gaps, s.Duplicates, s.Snapshots, s.Reconnect.Round(time.Millisecond),
			verdict(r.stormErr == nil && s.Pass() && s.Dropped == f.storm))
	}
}

func firstErr(s string) string {
	if s == "" {
		return ""
	}
	return "; first error: " + s
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond)) }

func micros(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }

func mib(b int64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }

// goMemory reads the server's own memory gauges from /metrics.
func goMemory(ctx context.Context, url string) map[string]float64 {
	m, _ := loadcircle.Metrics(ctx, url, "go_memstats_heap_inuse_bytes", "go_memstats_stack_inuse_bytes", "go_goroutines")
	return m
}

// onlineCPUs counts the machine's CPUs, whatever this process is pinned to.
func onlineCPUs() int {
	raw, err := os.ReadFile("/proc/stat")
	if err != nil {
		return runtime.NumCPU()
	}
	n := 0
	for line := range strings.Lines(string(raw)) {
		if len(line) > 3 && strings.HasPrefix(line, "cpu") && line[3] >= '0' && line[3] <= '9' {
			n++
		}
	}
	return n
}

func cpuModel() string {
	raw, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for line := range strings.Lines(string(raw)) {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}

// loadChild is a server this run started: holdspace serve or the bare hub.
type loadChild struct {
	name string
	cmd  *exec.Cmd
	url  string
	logs *tailWriter
	done chan struct{}
	err  error
	once sync.Once
}

// startLoadChild runs this program with args, on the server's CPU when
// taskset is set, and waits for it to print where it listens. Its
// environment has no HOLDSPACE_ variables, so nothing but args sets it.
func startLoadChild(ctx context.Context, name, taskset string, args []string) (*loadChild, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	var cmd *exec.Cmd
	if taskset != "" {
		cmd = exec.Command(taskset, append([]string{"-c", loadgenServerCPU, self}, args...)...)
	} else {
		cmd = exec.Command(self, args...)
	}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "HOLDSPACE_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	c := &loadChild{name: name, cmd: cmd, logs: &tailWriter{max: 32 << 10}, done: make(chan struct{})}
	cmd.Stderr = c.logs
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	lines := make(chan string, 16)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			default:
			}
		}
		c.err = cmd.Wait()
		close(c.done)
	}()
	timeout := time.After(time.Minute)
	for c.url == "" {
		select {
		case line := <-lines:
			if _, after, ok := strings.Cut(line, "running at "); ok {
				c.url = strings.TrimSuffix(strings.TrimSpace(after), "/")
			}
		case <-c.done:
			return nil, fmt.Errorf("%s exited before it was ready (%v); its log:\n%s", name, c.err, c.logs)
		case <-timeout:
			c.stop()
			return nil, fmt.Errorf("%s was not ready within a minute; its log:\n%s", name, c.logs)
		case <-ctx.Done():
			c.stop()
			return nil, ctx.Err()
		}
	}
	if err := loadcircle.CheckLoopback(c.url); err != nil {
		c.stop()
		return nil, err
	}
	return c, nil
}

func (c *loadChild) pid() int { return c.cmd.Process.Pid }

func (c *loadChild) cpus() string {
	p, err := loadcircle.ReadProc(c.pid())
	if err != nil {
		return "?"
	}
	return p.CPUs
}

func (c *loadChild) cpu() (time.Duration, error) {
	p, err := loadcircle.ReadProc(c.pid())
	return p.CPU, err
}

// window returns what the traffic window calls at its start (true) and
// end (false): it signals the child to start and stop its CPU profile
// (only a child started with --cpuprofile listens), and notes how busy
// each CPU was, to tell other work on the machine apart from the run's.
func (c *loadChild) window(n *noise) func(start bool) {
	return func(start bool) {
		sig := syscall.SIGUSR2
		if start {
			sig = syscall.SIGUSR1
		}
		if strings.Contains(strings.Join(c.cmd.Args, " "), "--cpuprofile") {
			c.cmd.Process.Signal(sig)
		}
		n.mark(start, c.pid())
	}
}

// noise is the CPU time other programs took on the two CPUs in a window:
// each CPU's busy time minus the server's (CPU 0) or the load
// generator's (CPU 1).
type noise struct {
	at             time.Time
	busy0, busy1   time.Duration
	server, self   time.Duration
	other0, other1 float64 // share of one CPU
	pinned         bool
}

func (n *noise) mark(start bool, pid int) {
	b0, err0 := loadcircle.CPUBusy(loadgenServerCPU)
	b1, err1 := loadcircle.CPUBusy(loadgenClientCPU)
	srv, err2 := loadcircle.ReadProc(pid)
	self, err3 := loadcircle.ReadProc(0)
	if errors.Join(err0, err1, err2, err3) != nil {
		return
	}
	if start {
		*n = noise{at: time.Now(), busy0: b0, busy1: b1, server: srv.CPU, self: self.CPU, pinned: n.pinned}
		return
	}
	secs := time.Since(n.at).Seconds()
	n.other0 = max(0, (b0-n.busy0-(srv.CPU-n.server)).Seconds()/secs)
	n.other1 = max(0, (b1-n.busy1-(self.CPU-n.self)).Seconds()/secs)
}

// worst is the larger share of a CPU other programs took.
func (n *noise) worst() float64 { return max(n.other0, n.other1) }

func (n *noise) String() string {
	if !n.pinned {
		return "not pinned: other work on the machine not measured"
	}
	return fmt.Sprintf("other work on the machine: %.0f%% of CPU 0 (server's), %.0f%% of CPU 1 (load generator's)", 100*n.other0, 100*n.other1)
}

// stop asks the child to shut down, kills it after 40 seconds, and
// reports how it ended.
func (c *loadChild) stop() error {
	var err error
	c.once.Do(func() {
		c.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-c.done:
			if c.err != nil {
				err = fmt.Errorf("%s: %v; its log:\n%s", c.name, c.err, c.logs)
			}
		case <-time.After(40 * time.Second):
			c.cmd.Process.Kill()
			<-c.done
			err = fmt.Errorf("%s did not stop within 40s and was killed", c.name)
		}
	})
	return err
}

// tailWriter keeps the last max bytes written to it.
type tailWriter struct {
	mu  sync.Mutex
	max int
	b   []byte
}

func (t *tailWriter) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if over := len(t.b) - t.max; over > 0 {
		t.b = append(t.b[:0], t.b[over:]...)
	}
	return len(p), nil
}

func (t *tailWriter) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.b)
}

// profileOnSignal writes a CPU profile to path between SIGUSR1 and SIGUSR2
// (or the end of ctx), so a profile covers the traffic window only, and a
// heap profile to path.heap at SIGUSR1.
func profileOnSignal(ctx context.Context, env Env, path string) func() {
	if path == "" {
		return func() {}
	}
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, syscall.SIGUSR1, syscall.SIGUSR2)
	var mu sync.Mutex
	var file *os.File
	stop := func() {
		mu.Lock()
		defer mu.Unlock()
		if file != nil {
			pprof.StopCPUProfile()
			file.Close()
			file = nil
		}
	}
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case s := <-sigs:
				if s == syscall.SIGUSR2 {
					stop()
					continue
				}
				mu.Lock()
				if file == nil {
					// The heap as of the last collection (none is forced):
					// members connected and idle, before the traffic.
					if hf, err := os.Create(path + ".heap"); err == nil {
						pprof.Lookup("heap").WriteTo(hf, 0)
						hf.Close()
					}
					var err error
					if file, err = os.Create(path); err == nil {
						if err = pprof.StartCPUProfile(file); err != nil {
							file.Close()
							file = nil
						}
					}
					if err != nil {
						fmt.Fprintf(env.Stderr, "cpuprofile: %v\n", err)
					}
				}
				mu.Unlock()
			}
		}
	}()
	return func() {
		signal.Stop(sigs)
		stop()
	}
}

// runProfiledServe is `holdspace serve` with a CPU profile of the traffic
// window: `holdspace loadgen serve --cpuprofile FILE -- serve [flags]`.
// The server is the same code; only the profiler is added.
func runProfiledServe(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "loadgen serve", "loadgen serve --cpuprofile FILE -- serve [flags]", "Runs holdspace serve for the load generator, with a CPU profile between SIGUSR1 and SIGUSR2.")
	path := fs.String("cpuprofile", "", "file for the CPU profile")
	if err := parse(fs, env, args); err != nil {
		return err
	}
	rest := fs.Args()
	if len(rest) == 0 || rest[0] != "serve" {
		return fmt.Errorf("loadgen serve: give the serve command after --")
	}
	done := profileOnSignal(ctx, env, *path)
	defer done()
	return runServe(ctx, env, rest[1:])
}

// runBareHub is the baseline as its own process: `holdspace loadgen
// bare-hub`. See internal/barehub.
func runBareHub(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "loadgen bare-hub", "loadgen bare-hub [--addr 127.0.0.1:0]",
		"Runs the bare WebSocket broadcast hub the load generator measures as its BASELINE. Not for members.")
	addr := fs.String("addr", "127.0.0.1:0", "address to listen on (loopback only)")
	path := fs.String("cpuprofile", "", "file for a CPU profile between SIGUSR1 and SIGUSR2")
	if err := parse(fs, env, args); err != nil {
		return err
	}
	if err := noArgs(fs); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	if err := loadcircle.CheckLoopback("http://" + ln.Addr().String()); err != nil {
		ln.Close()
		return err
	}
	done := profileOnSignal(ctx, env, *path)
	defer done()
	hs := &http.Server{Handler: barehub.New().Handler(), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(env.Stdout, "bare hub (baseline) is running at http://%s/\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	hs.Shutdown(sctx)
	return nil
}
