package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // creates and drops the throwaway PostgreSQL database

	"holdspace/internal/loadgen"
)

// Where the processes run when taskset can pin them: the servers share CPU
// 0 (only one is busy at a time) and the load generator has CPU 1, so the
// two sides never steal each other's time.
const (
	serverCPU = "0"
	clientCPU = "1"
	// pinnedEnv marks the copy of this program already running on
	// clientCPU.
	pinnedEnv = "HOLDSPACE_BENCH_PINNED"
)

// httpFlags are the http benchmark's settings.
type httpFlags struct {
	duration, warmup time.Duration
	conns            int
	db               string
	pg               string
	pin              bool
	cpuprofile       string
	noiseRetries     int
}

func runHTTP(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("holdspace-bench http", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var f httpFlags
	fs.DurationVar(&f.duration, "duration", 10*time.Second, "how long each measured phase runs")
	fs.DurationVar(&f.warmup, "warmup", 2*time.Second, "how long each target is warmed up before it is measured")
	fs.IntVar(&f.conns, "conns", 32, "keep-alive connections; each signed-in connection is its own member")
	fs.StringVar(&f.db, "db", "both", "database: sqlite, postgres or both")
	fs.StringVar(&f.pg, "pg", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable",
		"PostgreSQL on the loopback interface whose user may CREATE DATABASE; a throwaway database is made there and dropped after")
	fs.BoolVar(&f.pin, "pin", true, "pin the servers to CPU 0 and the load generator to CPU 1 with taskset, when there are 2 CPUs or more")
	fs.IntVar(&f.noiseRetries, "noise-retries", 3, "measure a phase again, up to this many times, while other work on the machine takes more than 5% of a CPU")
	fs.StringVar(&f.cpuprofile, "cpuprofile", "", "folder to write CPU profiles of the Holdspace server to, one per closed-loop phase (slows the server a little)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: holdspace-bench http [flags]\n\nMeasures GET / and a signed-in GET /api/v1/me against a bare net/http handler in the same run.\n\nFlags:")
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
	if f.duration <= 0 || f.warmup < 0 || f.conns < 1 || f.noiseRetries < 0 {
		fmt.Fprintln(stderr, "--duration must be above 0, --warmup and --noise-retries 0 or more, --conns 1 or more")
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
	// Once pinned, runtime.NumCPU counts only the CPU this process may use.
	pinned := os.Getenv(pinnedEnv) == "1"
	canPin := f.pin && taskset != "" && (pinned || runtime.NumCPU() >= 2)
	if canPin && !pinned {
		// Start again on the load generator's CPU: pinning one thread
		// is not enough, the whole Go runtime must live there.
		return rerunPinnedAs("http", taskset, args, stdout, stderr)
	}

	b := &bench{flags: f, out: stdout, runID: randomHex(4)}
	if canPin {
		b.taskset = taskset
	}
	b.printHeader()
	results := map[string]*dbResult{}
	for _, db := range dbs {
		if ctx.Err() != nil {
			break
		}
		r, err := b.runDB(ctx, db)
		if err != nil {
			fmt.Fprintf(stdout, "\n%s: the run failed: %v\n", dbTitle[db], err)
			r = &dbResult{err: err}
		} else {
			b.printDB(db, r)
		}
		results[db] = r
	}
	b.printTargets(results)
	return ctx.Err()
}

var dbTitle = map[string]string{"sqlite": "SQLite", "postgres": "PostgreSQL"}

// bench is one run of the http benchmark.
type bench struct {
	flags   httpFlags
	out     io.Writer
	taskset string // empty when not pinning
	runID   string
}

// target is one thing measured.
type target struct {
	key     string // keyBare, keyHome or keyMe; its label is labels[key]
	server  *child
	url     string
	cookies []string
	// postgres says the server under test uses PostgreSQL, whose CPU
	// time is then its own column rather than other work.
	postgres bool
}

// phase is one measured phase of one target.
type phase struct {
	res       *loadgen.Result
	rate      float64       // open loop: the offered rate
	serverCPU time.Duration // the target server's CPU time during the phase
	clientCPU time.Duration // the load generator's
	pgCPU     time.Duration // PostgreSQL's processes'
	otherCPU  time.Duration // the rest of the machine's busy time
	serverRSS int64         // at the end of the phase
	tries     int           // the attempt this is (see measureQuietly)
}

// noise is the share of a CPU other work took during the phase.
func (p *phase) noise() float64 { return p.otherCPU.Seconds() / p.res.Elapsed.Seconds() }

// dbResult is everything measured on one database.
type dbResult struct {
	err          error
	closed, open map[string]*phase // by target key
	peakRSS      map[string]int64  // by target key: the server's highest RSS
	cpus         string            // the server's allowed CPUs, from /proc
}

// The target keys, in table order.
const (
	keyBare = "bare"
	keyHome = "home"
	keyMe   = "me"
)

var targetKeys = []string{keyBare, keyHome, keyMe}

func (b *bench) runDB(ctx context.Context, db string) (_ *dbResult, err error) {
	dir, err := os.MkdirTemp("", "holdspace-bench-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	serveArgs := []string{"holdspace", "serve", "--addr", "127.0.0.1:0", "--data", filepath.Join(dir, "data"),
		"--log-level", "warn", "--demo", "--signup-limit", "100000", "--login-limit", "100000"}
	if db == "postgres" {
		dsn, drop, err := createPGDatabase(ctx, b.flags.pg, "holdspace_bench_"+b.runID)
		if err != nil {
			return nil, err
		}
		defer func() {
			if derr := drop(); derr != nil && err == nil {
				err = derr
			}
		}()
		serveArgs = append(serveArgs, "--db", dsn)
	}
	cpu := ""
	if b.taskset != "" {
		cpu = serverCPU
	}
	bare, err := startChild("bare server", b.taskset, cpu, []string{"bare-server"}, nil)
	if err != nil {
		return nil, err
	}
	defer func() {
		if serr := bare.stop(); serr != nil && err == nil {
			err = serr
		}
	}()
	var env []string
	if b.flags.cpuprofile != "" {
		env = append(env, controlEnv+"=1")
	}
	hs, err := startChild("holdspace server", b.taskset, cpu, serveArgs, env)
	if err != nil {
		return nil, err
	}
	// Stopped before the database is dropped: defers run last first.
	defer func() {
		if serr := hs.stop(); serr != nil && err == nil {
			err = serr
		}
	}()

	cookies, err := signIn(ctx, hs.URL, b.flags.conns, b.runID)
	if err != nil {
		return nil, err
	}
	pg := db == "postgres"
	targets := []target{
		{key: keyBare, server: bare, url: bare.URL + "/", postgres: pg},
		{key: keyHome, server: hs, url: hs.URL + "/", postgres: pg},
		{key: keyMe, server: hs, url: hs.URL + "/api/v1/me", cookies: cookies, postgres: pg},
	}
	r := &dbResult{closed: map[string]*phase{}, open: map[string]*phase{}, peakRSS: map[string]int64{}}
	if st, err := readProc(hs.pid()); err == nil {
		r.cpus = st.CPUs
	}
	if b.flags.warmup > 0 {
		for _, t := range targets {
			p, err := b.measure(ctx, t, b.flags.warmup, 0)
			if err != nil {
				return nil, err
			}
			// A request cut off when the warm-up ends is no fault; a
			// wrong status (a session not accepted, say) is.
			if len(p.res.Status) > 0 || p.res.OK == 0 {
				return nil, fmt.Errorf("warming up %s: %s; server log:\n%s", labels[t.key], describeErrors(p.res), t.server.stderr)
			}
		}
	}
	for _, t := range targets {
		profile := b.flags.cpuprofile != "" && t.server == hs
		if profile {
			if err := hs.control("cpuprofile " + filepath.Join(b.flags.cpuprofile, db+"-"+t.key+".pprof")); err != nil {
				return nil, err
			}
		}
		p, err := b.measureQuietly(ctx, t, 0)
		if profile {
			if cerr := hs.control("stop"); cerr != nil && err == nil {
				err = cerr
			}
		}
		if err != nil {
			return nil, err
		}
		r.closed[t.key] = p
	}
	for _, t := range targets {
		rate := r.closed[t.key].res.Throughput() / 2
		if rate <= 0 {
			return nil, fmt.Errorf("%s: no successful response in the closed loop: %s", labels[t.key], describeErrors(r.closed[t.key].res))
		}
		p, err := b.measureQuietly(ctx, t, rate)
		if err != nil {
			return nil, err
		}
		r.open[t.key] = p
	}
	for _, t := range targets {
		if st, err := readProc(t.server.pid()); err == nil {
			r.peakRSS[t.key] = st.Peak
		}
	}
	return r, nil
}

// noiseLimit is how much of a CPU other work may take during a phase
// before the phase is measured again.
const noiseLimit = 0.05

// measureQuietly measures a phase, and measures it again, up to
// --noise-retries times, while other work on the machine took more than
// noiseLimit of a CPU; it returns the quietest attempt.
func (b *bench) measureQuietly(ctx context.Context, t target, rate float64) (*phase, error) {
	var best *phase
	for try := 1; try <= 1+b.flags.noiseRetries; try++ {
		p, err := b.measure(ctx, t, b.flags.duration, rate)
		if err != nil {
			return nil, err
		}
		p.tries = try
		if best == nil || p.noise() < best.noise() {
			best = p
		}
		if p.noise() <= noiseLimit {
			break
		}
	}
	return best, nil
}

// measure runs one phase against t, closed loop if rate is 0, and notes
// where the machine's CPU time went meanwhile.
func (b *bench) measure(ctx context.Context, t target, d time.Duration, rate float64) (*phase, error) {
	before, err := b.sample(t)
	if err != nil {
		return nil, err
	}
	res, err := loadgen.Run(ctx, loadgen.Config{URL: t.url, Conns: b.flags.conns, Cookies: t.cookies, Duration: d, Rate: rate})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", labels[t.key], err)
	}
	after, err := b.sample(t)
	if err != nil {
		return nil, err
	}
	p := &phase{res: res, rate: rate, serverRSS: after.server.RSS,
		serverCPU: after.server.CPU - before.server.CPU,
		clientCPU: after.client.CPU - before.client.CPU,
		pgCPU:     after.pg - before.pg,
	}
	// Everything else the machine did: other people's work, the other
	// (idle) server, the kernel's own.
	p.otherCPU = after.machine.busy - before.machine.busy - p.serverCPU - p.clientCPU - p.pgCPU
	return p, nil
}

// sample is a reading of the CPU counters.
type sample struct {
	server, client procStat
	pg             time.Duration
	machine        cpuTimes
}

func (b *bench) sample(t target) (sample, error) {
	var s sample
	var err1, err2, err3 error
	s.server, err1 = readProc(t.server.pid())
	s.client, err2 = readProc(0)
	s.machine, err3 = readCPU("")
	if t.postgres {
		s.pg = processCPU("postgres")
	}
	return s, errors.Join(err1, err2, err3)
}

// signIn makes n members through the JSON API and returns a Cookie header
// for each one's session.
func signIn(ctx context.Context, base string, n int, runID string) ([]string, error) {
	client := &http.Client{Timeout: time.Minute, Transport: &http.Transport{Proxy: nil}}
	defer client.CloseIdleConnections()
	post := func(path string, body any) (*http.Response, error) {
		buf, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+path, bytes.NewReader(buf))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		if err != nil {
			return nil, err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp, nil
	}
	cookies := make([]string, 0, n)
	for i := range n {
		in := map[string]string{
			"display_name": fmt.Sprintf("bench %s %d", runID, i),
			"password":     fmt.Sprintf("bench password %s %d", runID, i),
		}
		resp, err := post("/api/v1/auth/signup", in)
		if err != nil {
			return nil, fmt.Errorf("sign up: %w", err)
		}
		if resp.StatusCode != http.StatusCreated {
			return nil, fmt.Errorf("sign up %q: status %d, want 201", in["display_name"], resp.StatusCode)
		}
		resp, err = post("/api/v1/auth/login", in)
		if err != nil {
			return nil, fmt.Errorf("log in: %w", err)
		}
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("log in %q: status %d, want 200", in["display_name"], resp.StatusCode)
		}
		var session string
		for _, c := range resp.Cookies() {
			if c.Name == "hs_session" {
				session = c.Value
			}
		}
		if session == "" {
			return nil, fmt.Errorf("log in %q: no hs_session cookie", in["display_name"])
		}
		cookies = append(cookies, "hs_session="+session)
	}
	return cookies, nil
}

// createPGDatabase makes a database called name on the server admin points
// at and returns its DSN and a function that drops it.
func createPGDatabase(ctx context.Context, admin, name string) (string, func() error, error) {
	u, err := url.Parse(admin)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return "", nil, fmt.Errorf("--pg %q: want postgres://user@127.0.0.1:5432/db", admin)
	}
	if ip := net.ParseIP(u.Hostname()); u.Hostname() != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return "", nil, fmt.Errorf("--pg %q: the benchmark only talks to the loopback interface", admin)
	}
	db, err := sql.Open("pgx", admin)
	if err != nil {
		return "", nil, err
	}
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		db.Close()
		return "", nil, fmt.Errorf("create database %s on %s: %w", name, u.Host, err)
	}
	drop := func() error {
		defer db.Close()
		dctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := db.ExecContext(dctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			return fmt.Errorf("drop database %s: %w", name, err)
		}
		return nil
	}
	u.Path = "/" + name
	return u.String(), drop, nil
}

// describeErrors says what went wrong in a phase.
func describeErrors(r *loadgen.Result) string {
	var parts []string
	for code, n := range r.Status {
		parts = append(parts, fmt.Sprintf("%d× status %d", n, code))
	}
	if r.NoResponse > 0 {
		parts = append(parts, fmt.Sprintf("%d× no response (first: %s)", r.NoResponse, r.FirstError))
	}
	if r.Unsent > 0 {
		parts = append(parts, fmt.Sprintf("%d× never sent (server fell behind the schedule)", r.Unsent))
	}
	return strings.Join(parts, ", ")
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// databases turns --db into the databases to measure.
func databases(db string, stderr io.Writer) ([]string, error) {
	switch db {
	case "both":
		return []string{"sqlite", "postgres"}, nil
	case "sqlite", "postgres":
		return []string{db}, nil
	}
	fmt.Fprintf(stderr, "--db %q: use sqlite, postgres or both\n", db)
	return nil, errUsage
}
