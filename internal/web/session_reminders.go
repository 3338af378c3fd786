package web

import (
	"net/http"
	"strings"

	"holdspace/internal/auth"
	"holdspace/internal/holdspace"
	"holdspace/internal/sqlstore"
)

// remindersView is the reminders page's view model.
type remindersView struct {
	Settings     sqlstore.ReminderSettings
	EmailEnabled bool   // the site can send email
	CalendarURL  string // the member's private feed
}

func (s *Server) remindersView(r *http.Request, m *holdspace.Member) (remindersView, error) {
	v := remindersView{EmailEnabled: s.cfg.EmailEnabled}
	var err error
	if v.Settings, err = s.store.ReminderSettings(r.Context(), m.ID); err != nil {
		return v, err
	}
	tok, err := s.store.CalendarToken(r.Context(), m.ID, auth.NewToken())
	if err != nil {
		return v, err
	}
	v.CalendarURL = s.calendarURL(r, tok)
	return v, nil
}

// remindersShow is where a member chooses reminders and a time zone, and
// finds their personal calendar link. It says plainly when the site cannot
// send email, or the member has none, or turned it off.
func (s *Server) remindersShow(w http.ResponseWriter, r *http.Request) {
	m := s.requireMember(w, r)
	if m == nil {
		return
	}
	v, err := s.remindersView(r, m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := page{Title: "Reminders and your calendar", Section: "settings", Data: v, Form: map[string]string{"timezone": v.Settings.Timezone}}
	switch r.URL.Query().Get("saved") {
	case "reminders":
		p.Notice = "Your reminder choices have been saved"
	case "email":
		p.Notice = "Email is on again"
	case "calendar":
		p.Notice = "You have a new calendar link. The old one no longer works"
	}
	s.render(w, r, "reminders", p)
}

// remindersUpdate saves the reminder choices, or turns email back on.
func (s *Server) remindersUpdate(w http.ResponseWriter, r *http.Request) {
	m := s.requireMember(w, r)
	if m == nil {
		return
	}
	if r.PostFormValue("action") == "email_on" {
		off := false
		if err := s.updateReminders(r, m, reminderInput{EmailOff: &off}); err != nil {
			s.pageError(w, r, err)
			return
		}
		seeOther(w, r, "/settings/reminders?saved=email")
		return
	}
	day, hour := r.PostFormValue("remind_24h") == "yes", r.PostFormValue("remind_1h") == "yes"
	zone := strings.TrimSpace(r.PostFormValue("timezone"))
	if err := s.updateReminders(r, m, reminderInput{Remind24h: &day, Remind1h: &hour, Timezone: &zone}); err != nil {
		if holdspace.ErrorField(err) != "timezone" {
			s.pageError(w, r, err)
			return
		}
		v, verr := s.remindersView(r, m)
		if verr != nil {
			s.fail(w, r, verr)
			return
		}
		v.Settings.Remind24h, v.Settings.Remind1h = day, hour
		p := page{Title: "Reminders and your calendar", Section: "settings", Data: v, Form: map[string]string{"timezone": zone}}
		p.addError("timezone", holdspace.ErrorMessage(err))
		s.render(w, r, "reminders", p)
		return
	}
	seeOther(w, r, "/settings/reminders?saved=reminders")
}

// calendarResetCreate makes a new calendar link; the old one stops working.
func (s *Server) calendarResetCreate(w http.ResponseWriter, r *http.Request) {
	m := s.requireMember(w, r)
	if m == nil {
		return
	}
	if _, err := s.store.ResetCalendarToken(r.Context(), m.ID, auth.NewToken()); err != nil {
		s.pageError(w, r, err)
		return
	}
	seeOther(w, r, "/settings/reminders?saved=calendar")
}
