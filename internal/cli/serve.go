package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"holdspace/internal/crisis"
	"holdspace/internal/demo"
	"holdspace/internal/gctune"
	"holdspace/internal/sqlstore"
	"holdspace/internal/web"
)

// serveFlags are serve's settings.
type serveFlags struct {
	dbFlags
	addr               string
	demo               bool
	logFormat          string
	logLevel           string
	allowGroupCreation bool
	secureCookies      bool
	trustProxy         bool
	signupLimit        int
	loginLimit         int
	gcHeadroom         int
	gcPercent          int
}

func runServe(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "serve", "serve [flags]",
		"Runs Holdspace. With no settings it listens on 127.0.0.1:8080 and keeps its data\nin a SQLite database in ./data, creating and migrating it as needed.")
	var f serveFlags
	f.dbFlags.register(fs)
	fs.StringVar(&f.addr, "addr", "127.0.0.1:8080", "address to listen on (host:port)")
	fs.BoolVar(&f.demo, "demo", false, "load a small demo (groups, a facilitator, members) on first start and print the demo log-ins")
	fs.StringVar(&f.logFormat, "log-format", "text", "log format: text or json")
	fs.StringVar(&f.logLevel, "log-level", "info", "log level: debug, info, warn or error")
	fs.BoolVar(&f.allowGroupCreation, "allow-group-creation", true, "let any signed-in member create a group (false: site admins only)")
	fs.BoolVar(&f.secureCookies, "secure-cookies", false, "mark cookies Secure even without TLS seen (set this behind a TLS proxy)")
	fs.BoolVar(&f.trustProxy, "trust-proxy", false, "trust X-Forwarded-For/-Proto/-Host from a reverse proxy you run")
	def := web.DefaultConfig()
	fs.IntVar(&f.signupLimit, "signup-limit", def.SignupLimit.Burst, "new accounts allowed from one address at once (then one more every 10 minutes)")
	fs.IntVar(&f.loginLimit, "login-limit", def.LoginLimit.Burst, "log-in tries allowed for one account at once (then one more a minute; three times as many per address)")
	fs.IntVar(&f.gcPercent, "gc-percent", gctune.DefaultBase, "how far the heap may grow between garbage collections, in % of what was live: higher collects less often, for steadier latency at the cost of memory (Go's default is 100; GOGC, if set, wins)")
	fs.IntVar(&f.gcHeadroom, "gc-headroom", gctune.DefaultFloor>>20, "MiB the heap may grow between garbage collections at the least, while it is small (0: none)")
	mf := registerMailFlags(fs)
	if err := parse(fs, env, args); err != nil {
		return err
	}
	if err := noArgs(fs); err != nil {
		return err
	}
	if f.signupLimit < 1 || f.loginLimit < 1 {
		return fmt.Errorf("--signup-limit and --login-limit must be 1 or more")
	}
	if f.gcHeadroom < 0 || f.gcHeadroom > 1<<20 {
		return fmt.Errorf("--gc-headroom must be a number of MiB from 0 to 1048576")
	}
	if f.gcPercent < 1 || f.gcPercent > 10000 {
		return fmt.Errorf("--gc-percent must be from 1 to 10000")
	}
	log, err := newLogger(env, f.logFormat, f.logLevel)
	if err != nil {
		return err
	}
	store, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := seedCrisisLines(ctx, store); err != nil {
		return err
	}
	cfg := web.DefaultConfig()
	cfg.AllowGroupCreation = f.allowGroupCreation
	cfg.SecureCookies = f.secureCookies
	cfg.TrustProxy = f.trustProxy
	cfg.Version = Version
	cfg.SignupLimit.Burst = f.signupLimit
	cfg.LoginLimit.Burst = f.loginLimit
	cfg.EmailEnabled, cfg.BaseURL = mf.host != "", string(mf.baseURL)
	if f.demo {
		loaded, err := demo.Load(ctx, store, cfg.PasswordParams)
		if err != nil {
			return fmt.Errorf("load demo: %w", err)
		}
		if loaded {
			log.Info("demo data loaded")
		}
	}
	srv, err := web.New(cfg, store, log)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w (is another program using it? choose another with --addr)", f.addr, err)
	}
	url := "http://" + displayAddr(ln.Addr().String()) + "/"
	fmt.Fprintf(env.Stdout, "Holdspace %s is running at %s\n", Version, url)
	fmt.Fprintf(env.Stdout, "Data: %s\n", f.describe())
	defer startMail(ctx, env, mf.withBase(url), store, log)() // stops the mail loops before the store closes
	if f.demo {
		fmt.Fprintln(env.Stdout, "Demo log-ins (display name / password):")
		for _, l := range demo.Logins {
			fmt.Fprintf(env.Stdout, "  %-6s / %-26s %s\n", l.DisplayName, l.Password, l.Role)
		}
	}
	fmt.Fprintln(env.Stdout, "Press Ctrl+C to stop.")
	go gctune.Run(ctx, uint64(f.gcHeadroom)<<20, f.gcPercent, time.Second)
	return serveUntilDone(ctx, srv, ln, log, store)
}

// serveUntilDone serves until ctx ends (SIGINT or SIGTERM), then lets the
// requests in flight finish before returning.
func serveUntilDone(ctx context.Context, srv *web.Server, ln net.Listener, log *slog.Logger, store *sqlstore.Store) error {
	hs := srv.NewHTTPServer(ln.Addr().String())
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	go sweepSessions(ctx, store, log)
	select {
	case err := <-errc:
		return fmt.Errorf("server stopped: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing requests in flight")
	sctx, cancel := context.WithTimeout(context.Background(), web.ShutdownGrace)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped")
	return nil
}

// sweepSessions removes expired sign-ins, and incident log entries past
// their group's retention, every hour.
func sweepSessions(ctx context.Context, store *sqlstore.Store, log *slog.Logger) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if n, err := store.DeleteExpiredAuthSessions(ctx); err != nil {
				log.Warn("sweep sessions", "err", err)
			} else if n > 0 {
				log.Info("expired sessions removed", "count", n)
			}
			if n, err := store.DeleteExpiredIncidents(ctx); err != nil {
				log.Warn("sweep incidents", "err", err)
			} else if n > 0 {
				log.Info("incidents past their group's retention removed", "count", n)
			}
		}
	}
}

// seedCrisisLines fills an empty crisis table from the shipped one.
func seedCrisisLines(ctx context.Context, store *sqlstore.Store) error {
	have, err := store.CrisisRegions(ctx)
	if err != nil {
		return err
	}
	if len(have) > 0 {
		return nil
	}
	return store.ReplaceCrisisLines(ctx, crisis.Seed())
}

// displayAddr turns a listening address into one a browser can open.
func displayAddr(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}

// newLogger builds the structured logger.
func newLogger(env Env, format, level string) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("--log-level %q: use debug, info, warn or error", level)
	}
	opts := &slog.HandlerOptions{Level: lv}
	switch strings.ToLower(format) {
	case "text":
		return slog.New(slog.NewTextHandler(env.Stderr, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(env.Stderr, opts)), nil
	}
	return nil, fmt.Errorf("--log-format %q: use text or json", format)
}
