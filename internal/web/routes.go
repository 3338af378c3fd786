package web

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Handler returns the whole site: the one route table, wrapped in the
// middleware every request gets.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()

	// Pages.
	mux.HandleFunc("GET /{$}", s.homeShow)
	mux.HandleFunc("GET /signup", s.signupShow)
	mux.HandleFunc("POST /signup", s.signupCreate)
	mux.HandleFunc("GET /login", s.loginShow)
	mux.HandleFunc("POST /login", s.loginCreate)
	mux.HandleFunc("POST /logout", s.logoutCreate)
	mux.HandleFunc("GET /settings", s.settingsShow)
	mux.HandleFunc("POST /settings/email", s.settingsEmailUpdate)
	mux.HandleFunc("POST /settings/password", s.settingsPasswordUpdate)
	mux.HandleFunc("GET /settings/delete", s.accountDeleteShow)
	mux.HandleFunc("POST /settings/delete", s.accountDeleteCreate)
	mux.HandleFunc("GET /help", s.helpShow)
	mux.HandleFunc("GET /cookies", s.cookiesShow)
	mux.HandleFunc("GET /groups", s.groupSearch)
	mux.HandleFunc("GET /groups/new", s.groupNew)
	mux.HandleFunc("POST /groups/new", s.groupCreate)
	mux.HandleFunc("GET /groups/{slug}", s.groupShow)
	mux.HandleFunc("GET /groups/{slug}/edit", s.groupEdit)
	mux.HandleFunc("POST /groups/{slug}/edit", s.groupUpdate)
	mux.HandleFunc("GET /groups/{slug}/calendar.ics", s.groupCalendar)
	mux.HandleFunc("GET /feeds/meeting-guide.json", s.meetingGuideFeed)

	// JSON API.
	mux.HandleFunc("POST /api/v1/auth/signup", s.apiSignup)
	mux.HandleFunc("POST /api/v1/auth/login", s.apiLogin)
	mux.HandleFunc("POST /api/v1/auth/logout", s.apiLogout)
	mux.HandleFunc("GET /api/v1/me", s.apiMeShow)
	mux.HandleFunc("DELETE /api/v1/me", s.apiMeDelete)
	mux.HandleFunc("GET /api/v1/crisis-resources", s.apiCrisisResources)
	mux.HandleFunc("GET /api/v1/groups", s.apiGroupSearch)
	mux.HandleFunc("POST /api/v1/groups", s.apiGroupCreate)
	mux.HandleFunc("GET /api/v1/groups/{slug}", s.apiGroupShow)
	mux.HandleFunc("PATCH /api/v1/groups/{slug}", s.apiGroupUpdate)
	mux.HandleFunc("GET /api/v1/openapi.json", s.apiOpenAPI)
	mux.HandleFunc("/api/", s.apiNotFound)

	// Membership, the agreement and group sessions each register their
	// own routes, kept beside their handlers.
	s.membershipRoutes(mux)
	s.agreementRoutes(mux)
	s.sessionRoutes(mux)
	s.safetyRoutes(mux)
	s.liveRoutes(mux)
	s.circleRoutes(mux)
	s.incidentRoutes(mux)

	// Operations.
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.Handle("GET /metrics", promhttp.HandlerFor(s.registry, promhttp.HandlerOpts{}))
	mux.Handle("GET /static/", s.static)

	// Anything else is a plain-words 404 page.
	mux.HandleFunc("/", s.notFound)

	return s.observe(s.recoverPanics(s.secureHeaders(s.guardStateChanges(s.loadSession(mux)))))
}
