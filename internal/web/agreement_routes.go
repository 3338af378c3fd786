package web

import "net/http"

// agreementRoutes registers the group agreement's pages and API.
func (s *Server) agreementRoutes(mux *http.ServeMux) {}
