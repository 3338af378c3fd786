package web

import "net/http"

// circleShow is the live sharing circle in the browser: the phase and the
// agenda, who is sharing and their timer, the queue and the member's place
// in it, their own part (raise a hand, share, pass, check in, react, chat,
// step out, ask for support, answer a poll, find their breakout room), the
// facilitators' controls (among them opening a poll, breakout rooms, and a
// private side room for someone who asked for support), and "Get help now"
// one click away. The page is the frame; static/circle.js connects to
// the live socket and draws the circle. Members who have not agreed to the
// current group agreement are sent to read it first.
func (s *Server) circleShow(w http.ResponseWriter, r *http.Request) {
	c, ok := s.circleFor(w, r, accessMember)
	if !ok || !s.circleAgreed(w, r, c) {
		return
	}
	v, err := s.circleView(r, c, false)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "circle", page{Title: "Sharing circle – " + c.Group.Name, Section: "groups", Data: v})
}
