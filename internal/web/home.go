package web

import (
	"net/http"
)

// homeView is the home page's view model.
type homeView struct {
	Groups []groupCard
	Total  int
}

// homeShow is the front page: what Holdspace is, a few groups, and a way in.
func (s *Server) homeShow(w http.ResponseWriter, r *http.Request) {
	groups, err := s.store.RecentGroups(r.Context(), 6)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	total, err := s.store.CountGroups(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := homeView{Total: total}
	for _, g := range groups {
		v.Groups = append(v.Groups, s.card(g))
	}
	p := page{Title: "Find a peer support group", Section: "home", Data: v}
	q := r.URL.Query()
	switch {
	case q.Get("welcome") != "":
		p.Notice = "Your account has been created. Welcome"
	case q.Get("signed_out") != "":
		p.Notice = "You have logged out"
	case q.Get("deleted") != "":
		p.Notice = "Your account has been deleted"
	}
	s.render(w, r, "home", p)
}

// cookiesShow lists the only cookies Holdspace sets.
func (s *Server) cookiesShow(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, "cookies", page{Title: "Cookies", Section: "cookies"})
}

// healthz answers while the process is alive.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}

// readyz answers 200 when the database answers, 503 when it does not.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := s.store.Ping(r.Context()); err != nil {
		s.log.Warn("not ready", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("database unavailable\n"))
		return
	}
	w.Write([]byte("ready\n"))
}
