package web

import "net/http"

// circleRoutes registers the live sharing circle's pages: the circle a
// member joins in the browser, and the in-person circle a facilitator runs
// on a tablet for the people in the room. Both drive the same engine over
// /api/v1/sessions/{id}/live (liveRoutes).
func (s *Server) circleRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /groups/{slug}/sessions/{id}/circle", s.circleShow)
	mux.HandleFunc("POST /groups/{slug}/sessions/{id}/circle/start", s.circleStart)
	mux.HandleFunc("GET /groups/{slug}/sessions/{id}/in-person", s.circleInPersonShow)
	mux.HandleFunc("POST /groups/{slug}/sessions/{id}/in-person/guests", s.circleGuestCreate)
	mux.HandleFunc("POST /groups/{slug}/sessions/{id}/in-person/act", s.circleGuestAct)
	mux.HandleFunc("POST /groups/{slug}/sessions/{id}/in-person/end", s.circleInPersonEnd)
}
