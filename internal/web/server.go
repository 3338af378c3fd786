// Package web serves Holdspace over HTTP: the pages people use, the JSON API
// programs use, and the operational endpoints. routes.go is the one route
// table; each handler lives in a file named after its noun and verb.
package web

import (
	"embed"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"holdspace/internal/auth"
	"holdspace/internal/live"
	"holdspace/internal/sqlstore"
)

//go:embed templates static
var assets embed.FS

// Config is how the operator set the server up.
type Config struct {
	// AllowGroupCreation lets any signed-in member create a group. When
	// false, only site admins can.
	AllowGroupCreation bool
	// SecureCookies marks cookies Secure. Cookies are also Secure on any
	// request that arrived over TLS.
	SecureCookies bool
	// TrustProxy takes the client address from X-Forwarded-For and the
	// scheme from X-Forwarded-Proto. Only set it behind a proxy you run.
	TrustProxy bool
	// SessionTTL is how long a sign-in lasts without use.
	SessionTTL time.Duration
	// PasswordParams are the argon2id costs.
	PasswordParams auth.Params
	// SignupLimit and LoginLimit bound attempts per address and account:
	// Burst at once, then one more per Every.
	SignupLimit, LoginLimit Limit
	// Version is shown by /healthz and the CLI.
	Version string
	// EmailEnabled says the site can send email (an SMTP server is set),
	// so pages can say why reminders are off when it cannot.
	EmailEnabled bool
	// BaseURL is the site's public address for links read outside it
	// (email); empty means the address each request came to.
	BaseURL string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Limit is a rate: Burst attempts at once, refilled one per Every.
type Limit struct {
	Every time.Duration
	Burst int
}

// DefaultConfig is what `holdspace serve` uses when nothing is set.
func DefaultConfig() Config {
	return Config{
		AllowGroupCreation: true,
		SessionTTL:         30 * 24 * time.Hour,
		PasswordParams:     auth.DefaultParams,
		SignupLimit:        Limit{Every: 10 * time.Minute, Burst: 5},
		LoginLimit:         Limit{Every: time.Minute, Burst: 10},
		Version:            "dev",
	}
}

// Server holds what the handlers share.
type Server struct {
	cfg    Config
	store  *sqlstore.Store
	log    *slog.Logger
	now    func() time.Time
	pages  map[string]*template.Template
	static http.Handler
	live   *live.Hub // the running live circles

	signupByAddr  *auth.Limiter
	loginByAddr   *auth.Limiter
	loginByName   *auth.Limiter
	dummyPassword string // hashed once so unknown names cost as much as wrong passwords

	registry *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// New builds a server on store.
func New(cfg Config, store *sqlstore.Store, log *slog.Logger) (*Server, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.SessionTTL == 0 {
		cfg.SessionTTL = DefaultConfig().SessionTTL
	}
	if cfg.PasswordParams.KeyLen == 0 {
		cfg.PasswordParams = auth.DefaultParams
	}
	def := DefaultConfig()
	if cfg.SignupLimit.Burst == 0 {
		cfg.SignupLimit = def.SignupLimit
	}
	if cfg.LoginLimit.Burst == 0 {
		cfg.LoginLimit = def.LoginLimit
	}
	s := &Server{
		cfg:          cfg,
		store:        store,
		log:          log,
		now:          cfg.Now,
		signupByAddr: auth.NewLimiter(cfg.SignupLimit.Every, cfg.SignupLimit.Burst, cfg.Now),
		loginByAddr:  auth.NewLimiter(cfg.LoginLimit.Every, cfg.LoginLimit.Burst*3, cfg.Now),
		loginByName:  auth.NewLimiter(cfg.LoginLimit.Every, cfg.LoginLimit.Burst, cfg.Now),
	}
	var err error
	if s.pages, err = parsePages(); err != nil {
		return nil, err
	}
	staticFS, _ := fs.Sub(assets, "static")
	s.static = http.StripPrefix("/static/", http.FileServerFS(staticFS))
	if s.dummyPassword, err = auth.HashPassword(auth.NewToken(), cfg.PasswordParams); err != nil {
		return nil, err
	}
	s.registry = prometheus.NewRegistry()
	s.registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	s.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "holdspace_http_requests_total", Help: "HTTP requests by route and status code.",
	}, []string{"route", "code"})
	s.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "holdspace_http_request_duration_seconds", Help: "HTTP request duration by route.",
		Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
	}, []string{"route"})
	s.registry.MustRegister(s.requests, s.duration)
	s.live = live.NewHub(s.liveOptions())
	return s, nil
}

// ShutdownGrace is how long in-flight requests get to finish on shutdown.
const ShutdownGrace = 30 * time.Second

// NewHTTPServer wraps the handler with timeouts suitable for the open web.
func (s *Server) NewHTTPServer(addr string) *http.Server {
	hs := &http.Server{
		Addr:              addr,
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	// Shutdown does not wait for hijacked connections: close the live
	// circles' sockets (1001) so clients reconnect elsewhere.
	hs.RegisterOnShutdown(s.live.Close)
	return hs
}
