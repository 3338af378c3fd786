package web

import "net/http"

// groupSearch is the "Find a group" page.
func (s *Server) groupSearch(w http.ResponseWriter, r *http.Request) {
	s.notFound(w, r)
}

// apiGroupSearch is GET /api/v1/groups.
func (s *Server) apiGroupSearch(w http.ResponseWriter, r *http.Request) {
	s.apiNotFound(w, r)
}
