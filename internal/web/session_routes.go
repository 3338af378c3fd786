package web

import "net/http"

// sessionRoutes registers group sessions, RSVP, attendance, reminders and
// the personal calendar feed.
func (s *Server) sessionRoutes(mux *http.ServeMux) {}
