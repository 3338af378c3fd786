package web

import "net/http"

// groupCalendar is a group's iCalendar feed.
func (s *Server) groupCalendar(w http.ResponseWriter, r *http.Request) {
	s.notFound(w, r)
}

// meetingGuideFeed is the public directory in Meeting Guide format.
func (s *Server) meetingGuideFeed(w http.ResponseWriter, r *http.Request) {
	s.notFound(w, r)
}
