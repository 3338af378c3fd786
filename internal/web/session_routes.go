package web

import "net/http"

// sessionRoutes registers group sessions, RSVP, attendance, reminders and
// the personal calendar feed.
func (s *Server) sessionRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/groups/{slug}/sessions", s.apiSessionList)
	mux.HandleFunc("POST /api/v1/groups/{slug}/sessions", s.apiSessionCreate)
	mux.HandleFunc("PUT /api/v1/groups/{slug}/capacity", s.apiCapacityUpdate)
	mux.HandleFunc("GET /api/v1/sessions/{id}", s.apiSessionShow)
	mux.HandleFunc("PATCH /api/v1/sessions/{id}", s.apiSessionUpdate)
	mux.HandleFunc("POST /api/v1/sessions/{id}/rsvp", s.apiSessionRSVP)
	mux.HandleFunc("POST /api/v1/sessions/{id}/attendance", s.apiSessionAttendance)
	mux.HandleFunc("GET /api/v1/me/calendar", s.apiCalendarShow)
	mux.HandleFunc("POST /api/v1/me/calendar/reset", s.apiCalendarReset)
	mux.HandleFunc("GET /api/v1/me/reminders", s.apiRemindersShow)
	mux.HandleFunc("PATCH /api/v1/me/reminders", s.apiRemindersUpdate)

	mux.HandleFunc("GET /groups/{slug}/sessions", s.sessionsShow)
	mux.HandleFunc("POST /groups/{slug}/sessions", s.sessionCreate)
	mux.HandleFunc("POST /groups/{slug}/capacity", s.capacityUpdate)
	mux.HandleFunc("GET /groups/{slug}/sessions/{id}", s.sessionShow)
	mux.HandleFunc("POST /groups/{slug}/sessions/{id}", s.sessionUpdate)
	mux.HandleFunc("POST /groups/{slug}/sessions/{id}/rsvp", s.sessionRSVP)
	mux.HandleFunc("POST /groups/{slug}/sessions/{id}/attendance", s.sessionAttendance)
	mux.HandleFunc("GET /settings/reminders", s.remindersShow)
	mux.HandleFunc("POST /settings/reminders", s.remindersUpdate)
	mux.HandleFunc("POST /settings/reminders/calendar", s.calendarResetCreate)
	mux.HandleFunc("GET /calendar/{file}", s.memberCalendar)
	mux.HandleFunc("GET /unsubscribe/{token}", s.unsubscribeShow)
	mux.HandleFunc("POST /unsubscribe/{token}", s.unsubscribeCreate)
}
