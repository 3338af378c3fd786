package web

import "net/http"

// incidentRoutes registers each group's incident log: the risk alerts of
// its live circles (who, where, when, what kind; never the words), for its
// facilitators only.
func (s *Server) incidentRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /groups/{slug}/incidents", s.incidentShow)
	mux.HandleFunc("GET /api/v1/groups/{slug}/incidents", s.apiIncidentList)
}
