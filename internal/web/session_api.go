package web

import (
	"net/http"
	"time"

	"holdspace/internal/auth"
	"holdspace/internal/holdspace"
)

// apiSessionList lists a group's upcoming sessions (members), making the
// next occurrences of its schedule into sessions first.
func (s *Server) apiSessionList(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, true, accessMember)
	if !ok {
		return
	}
	if err := s.materialize(r, c.Group); err != nil {
		s.apiError(w, r, err)
		return
	}
	list, err := s.store.UpcomingSessions(r.Context(), c.Group.ID, c.Member.ID, upcomingLimit)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	capacity, err := s.store.GroupCapacity(r.Context(), c.Group.ID)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out := []sessionJSON{}
	for _, gs := range list {
		out = append(out, s.toSessionJSON(c.Group, gs))
	}
	writeJSON(w, http.StatusOK, map[string]any{"sessions": out, "capacity": capacity, "timezone": c.Group.Timezone})
}

// apiSessionCreate adds a session (facilitators): with no start, the next
// occurrence of the schedule; with one, an extra session.
func (s *Server) apiSessionCreate(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, true, accessFacilitator)
	if !ok {
		return
	}
	var in struct {
		StartsAt *string `json:"starts_at"`
		Topic    string  `json:"topic"`
	}
	if r.ContentLength != 0 {
		if err := decodeJSON(w, r, &in); err != nil {
			s.apiError(w, r, err)
			return
		}
	}
	var start *time.Time
	if in.StartsAt != nil && *in.StartsAt != "" {
		t, err := time.Parse(time.RFC3339, *in.StartsAt)
		if err != nil {
			s.apiError(w, r, holdspace.FieldError("starts_at", "Give the start time in RFC 3339, like 2026-06-09T19:00:00+01:00"))
			return
		}
		start = &t
	}
	id, err := s.addSession(r, c, start, in.Topic)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]int64{"id": id})
}

// apiCapacityUpdate sets how many members can say they are going to each
// session (organizers); 0 is no limit. Raising it lets waitlisted members
// in at once.
func (s *Server) apiCapacityUpdate(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, true, accessOrganizer)
	if !ok {
		return
	}
	var in struct {
		Capacity *int `json:"capacity"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	if in.Capacity == nil {
		s.apiError(w, r, holdspace.FieldError("capacity", "Give the capacity: how many members can come, or 0 for no limit"))
		return
	}
	if err := s.store.SetGroupCapacity(r.Context(), c.Group.ID, c.Member.ID, *in.Capacity, s.promotionMail(r)); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]int{"capacity": *in.Capacity})
}

// attendeeJSON is one member marked present.
type attendeeJSON struct {
	MemberID    int64  `json:"member_id"`
	DisplayName string `json:"display_name"`
	Source      string `json:"source"`
}

func (s *Server) attendanceJSON(r *http.Request, sessionID int64) ([]attendeeJSON, error) {
	list, err := s.store.Attendance(r.Context(), sessionID)
	out := []attendeeJSON{}
	for _, a := range list {
		out = append(out, attendeeJSON{a.MemberID, a.DisplayName, a.Source})
	}
	return out, err
}

// apiSessionShow is one session (members); facilitators also get who came.
func (s *Server) apiSessionShow(w http.ResponseWriter, r *http.Request) {
	c, ok := s.sessionFor(w, r, true, accessMember)
	if !ok {
		return
	}
	s.writeSession(w, r, c)
}

func (s *Server) writeSession(w http.ResponseWriter, r *http.Request, c sessionCtx) {
	gs, err := s.store.Session(r.Context(), c.Session.ID, c.Member.ID)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out := struct {
		sessionJSON
		Attendance []attendeeJSON `json:"attendance,omitempty"`
	}{sessionJSON: s.toSessionJSON(c.Group, gs)}
	if c.facilitates() {
		if out.Attendance, err = s.attendanceJSON(r, gs.ID); err != nil {
			s.apiError(w, r, err)
			return
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// apiSessionUpdate changes a session's topic, facilitator or status
// (facilitators).
func (s *Server) apiSessionUpdate(w http.ResponseWriter, r *http.Request) {
	c, ok := s.sessionFor(w, r, true, accessFacilitator)
	if !ok {
		return
	}
	var in sessionPatch
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := s.updateSession(r, c, in); err != nil {
		s.apiError(w, r, err)
		return
	}
	s.writeSession(w, r, c)
}

// apiSessionRSVP records the member's answer: going, maybe or not_going.
// When the group is full, going becomes a place on the waitlist.
func (s *Server) apiSessionRSVP(w http.ResponseWriter, r *http.Request) {
	c, ok := s.sessionFor(w, r, true, accessMember)
	if !ok {
		return
	}
	var in struct {
		Answer string `json:"answer"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	if _, err := s.rsvp(r, c, in.Answer); err != nil {
		s.apiError(w, r, err)
		return
	}
	s.writeSession(w, r, c)
}

// apiSessionAttendance marks whether a member came (facilitators).
func (s *Server) apiSessionAttendance(w http.ResponseWriter, r *http.Request) {
	c, ok := s.sessionFor(w, r, true, accessFacilitator)
	if !ok {
		return
	}
	var in struct {
		MemberID int64 `json:"member_id"`
		Present  *bool `json:"present"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	present := in.Present == nil || *in.Present
	if err := s.markAttendance(r, c, in.MemberID, present); err != nil {
		s.apiError(w, r, err)
		return
	}
	list, err := s.attendanceJSON(r, c.Session.ID)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"attendance": list})
}

// calendarURL is the address of a member's personal calendar feed.
func (s *Server) calendarURL(r *http.Request, token string) string {
	return s.mailBase(r) + "/calendar/" + token + ".ics"
}

// apiCalendarShow returns the secret address of the member's calendar
// feed, making it the first time.
func (s *Server) apiCalendarShow(w http.ResponseWriter, r *http.Request) {
	m := currentMember(r)
	if m == nil {
		s.apiError(w, r, holdspace.Errorf(holdspace.EUnauthorized, "Sign in first"))
		return
	}
	tok, err := s.store.CalendarToken(r.Context(), m.ID, auth.NewToken())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"url": s.calendarURL(r, tok)})
}

// apiCalendarReset makes a new calendar address; the old one stops working.
func (s *Server) apiCalendarReset(w http.ResponseWriter, r *http.Request) {
	m := currentMember(r)
	if m == nil {
		s.apiError(w, r, holdspace.Errorf(holdspace.EUnauthorized, "Sign in first"))
		return
	}
	tok, err := s.store.ResetCalendarToken(r.Context(), m.ID, auth.NewToken())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"url": s.calendarURL(r, tok)})
}

// remindersJSON is a member's reminder choices and whether email can reach
// them.
type remindersJSON struct {
	Remind24h    bool   `json:"remind_24h"`
	Remind1h     bool   `json:"remind_1h"`
	Timezone     string `json:"timezone"`
	EmailOff     bool   `json:"email_off"`
	HasEmail     bool   `json:"has_email"`
	EmailEnabled bool   `json:"email_enabled"` // the site can send email
}

func (s *Server) writeReminders(w http.ResponseWriter, r *http.Request, m *holdspace.Member) {
	rs, err := s.store.ReminderSettings(r.Context(), m.ID)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, remindersJSON{rs.Remind24h, rs.Remind1h, rs.Timezone, rs.EmailOff, rs.Email != "", s.cfg.EmailEnabled})
}

// apiRemindersShow returns the member's reminder choices.
func (s *Server) apiRemindersShow(w http.ResponseWriter, r *http.Request) {
	m := currentMember(r)
	if m == nil {
		s.apiError(w, r, holdspace.Errorf(holdspace.EUnauthorized, "Sign in first"))
		return
	}
	s.writeReminders(w, r, m)
}

// reminderInput is a change to reminder choices; nil keeps.
type reminderInput struct {
	Remind24h *bool   `json:"remind_24h"`
	Remind1h  *bool   `json:"remind_1h"`
	Timezone  *string `json:"timezone"`
	EmailOff  *bool   `json:"email_off"`
}

func (s *Server) updateReminders(r *http.Request, m *holdspace.Member, in reminderInput) error {
	rs, err := s.store.ReminderSettings(r.Context(), m.ID)
	if err != nil {
		return err
	}
	if in.Timezone != nil {
		if rs.Timezone, err = validZone(*in.Timezone); err != nil {
			return err
		}
	}
	if in.Remind24h != nil {
		rs.Remind24h = *in.Remind24h
	}
	if in.Remind1h != nil {
		rs.Remind1h = *in.Remind1h
	}
	if in.EmailOff != nil {
		rs.EmailOff = *in.EmailOff
	}
	return s.store.SetReminderSettings(r.Context(), m.ID, rs)
}

// apiRemindersUpdate changes the member's reminder choices and time zone.
func (s *Server) apiRemindersUpdate(w http.ResponseWriter, r *http.Request) {
	m := currentMember(r)
	if m == nil {
		s.apiError(w, r, holdspace.Errorf(holdspace.EUnauthorized, "Sign in first"))
		return
	}
	var in reminderInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := s.updateReminders(r, m, in); err != nil {
		s.apiError(w, r, err)
		return
	}
	s.writeReminders(w, r, m)
}
