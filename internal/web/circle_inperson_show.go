package web

import "net/http"

// circleInPersonShow is the in-person circle on a facilitator's tablet: the
// same live circle, with the people in the room added by first name (no
// accounts), walked through the check-in and their shares with the timer,
// and the number of people in the room recorded at the end.
func (s *Server) circleInPersonShow(w http.ResponseWriter, r *http.Request) {
	c, ok := s.circleFor(w, r, accessFacilitator)
	if !ok || !s.circleAgreed(w, r, c) {
		return
	}
	v, err := s.circleView(r, c, true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "circle", page{Title: "In-person circle – " + c.Group.Name, Section: "groups", Data: v})
}
