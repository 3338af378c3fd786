package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"holdspace/internal/holdspace"
	"holdspace/internal/schedule"
	"holdspace/internal/sqlstore"
)

// sessionItem is one group session as the pages show it.
type sessionItem struct {
	ID          int64
	URL         string
	When        string // in the group's zone
	YourWhen    string // in the viewer's zone, "" when it is the group's
	ISO         string
	Status      string // scheduled, live, ended or cancelled
	Topic       string
	Facilitator string
	Going       int
	Maybe       int
	Waitlist    int
	MyAnswer    string
	MyPosition  int
	Extra       bool
	Open        bool // members can still answer
}

// whenText is "Tuesday 9 June 2026, 19:00 to 20:30 BST" in loc.
func whenText(start, end time.Time, loc *time.Location) string {
	s, e := start.In(loc), end.In(loc)
	if s.YearDay() != e.YearDay() {
		return s.Format("Monday 2 January 2006, 15:04") + " to " + e.Format("Monday 2 January, 15:04 MST")
	}
	return s.Format("Monday 2 January 2006, 15:04") + " to " + e.Format("15:04 MST")
}

func (s *Server) sessionItem(g holdspace.Group, gs sqlstore.GroupSession, zone string) sessionItem {
	loc := zoneOf(g.Timezone)
	it := sessionItem{
		ID: gs.ID, URL: fmt.Sprintf("/groups/%s/sessions/%d", g.Slug, gs.ID),
		When: whenText(gs.StartsAt, gs.EndsAt, loc), ISO: gs.StartsAt.In(loc).Format(time.RFC3339),
		Status: gs.StatusAt(s.now()), Topic: gs.Topic, Facilitator: gs.FacilitatorName,
		Going: gs.Going, Maybe: gs.Maybe, Waitlist: gs.Waitlist, MyAnswer: gs.MyAnswer, MyPosition: gs.MyPosition, Extra: gs.Extra(),
	}
	it.Open = it.Status == sqlstore.SessionScheduled || it.Status == sqlstore.SessionLive
	if zone != "" && zone != g.Timezone {
		if you := whenText(gs.StartsAt, gs.EndsAt, zoneOf(zone)); you != it.When {
			it.YourWhen = you
		}
	}
	return it
}

// sessionsView is the group sessions page's view model.
type sessionsView struct {
	Group       holdspace.Group
	Sessions    []sessionItem
	Recent      []sessionItem // ended in the last fortnight, for marking who came
	Facilitator bool
	Organizer   bool
	Capacity    int
	Zone        string // the viewer's own zone, "" for none
}

func (s *Server) sessionsView(r *http.Request, c groupCtx) (sessionsView, error) {
	v := sessionsView{Group: c.Group, Facilitator: c.facilitates(), Organizer: c.Membership.Organizes() || c.Member.SiteAdmin,
		Zone: s.memberZone(r, c.Member)}
	if err := s.materialize(r, c.Group); err != nil {
		return v, err
	}
	list, err := s.store.UpcomingSessions(r.Context(), c.Group.ID, c.Member.ID, upcomingLimit)
	if err != nil {
		return v, err
	}
	for _, gs := range list {
		v.Sessions = append(v.Sessions, s.sessionItem(c.Group, gs, v.Zone))
	}
	if v.Facilitator {
		recent, err := s.store.RecentSessions(r.Context(), c.Group.ID, 14)
		if err != nil {
			return v, err
		}
		for _, gs := range recent {
			if gs.Status != sqlstore.SessionCancelled {
				v.Recent = append(v.Recent, s.sessionItem(c.Group, gs, v.Zone))
			}
		}
	}
	v.Capacity, err = s.store.GroupCapacity(r.Context(), c.Group.ID)
	return v, err
}

// sessionNotices are the banners after a redirect, by code.
var sessionNotices = map[string]string{
	"going":      "You said you are going",
	"maybe":      "You said you might come",
	"not_going":  "You said you cannot come",
	"waitlist":   "This group session is full, so you are on the waitlist. If a place opens up, it is yours and we will tell you",
	"added":      "The group session has been added",
	"saved":      "Your changes have been saved",
	"cancelled":  "The group session has been cancelled",
	"restored":   "The group session is back on",
	"attendance": "Who came has been saved",
	"capacity":   "The size limit has been saved",
}

// sessionsShow lists a group's upcoming sessions with answer buttons, and
// for facilitators the forms to add one and the recent ones to mark.
func (s *Server) sessionsShow(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, false, accessMember)
	if !ok {
		return
	}
	v, err := s.sessionsView(r, c)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := page{Title: "Group sessions of " + c.Group.Name, Section: "groups", Data: v, Notice: sessionNotices[r.URL.Query().Get("done")]}
	s.render(w, r, "sessions", p)
}

// sessionCreate adds an extra session from the sessions page.
func (s *Server) sessionCreate(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, false, accessFacilitator)
	if !ok {
		return
	}
	form := map[string]string{"date": strings.TrimSpace(r.PostFormValue("date")), "time": strings.TrimSpace(r.PostFormValue("time")), "topic": r.PostFormValue("topic")}
	p := page{Title: "Group sessions of " + c.Group.Name, Section: "groups", Form: form}
	d, derr := schedule.ParseDate(form["date"])
	if derr != nil {
		p.addError("date", "Enter the date as year-month-day, like 2026-06-09")
	}
	t, terr := schedule.ParseClock(form["time"])
	if terr != nil {
		p.addError("time", "Enter the start time like 19:00")
	}
	var id int64
	if !p.HasErrors() {
		start := schedule.At(d, t, zoneOf(c.Group.Timezone))
		var err error
		if id, err = s.addSession(r, c, &start, form["topic"]); err != nil {
			field := map[string]string{"starts_at": "date", "topic": "topic"}[holdspace.ErrorField(err)]
			if field == "" {
				s.pageError(w, r, err)
				return
			}
			p.addError(field, holdspace.ErrorMessage(err))
		}
	}
	if p.HasErrors() {
		v, err := s.sessionsView(r, c)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		p.Data = v
		s.render(w, r, "sessions", p)
		return
	}
	seeOther(w, r, fmt.Sprintf("/groups/%s/sessions/%d?done=added", c.Group.Slug, id))
}

// capacityUpdate sets the group's size limit from the sessions page.
func (s *Server) capacityUpdate(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, false, accessOrganizer)
	if !ok {
		return
	}
	raw := strings.TrimSpace(r.PostFormValue("capacity"))
	n, err := strconv.Atoi(raw)
	if raw == "" {
		n, err = 0, nil
	}
	if err != nil || n < 0 || n > 100000 {
		p := page{Title: "Group sessions of " + c.Group.Name, Section: "groups", Form: map[string]string{"capacity": raw}}
		p.addError("capacity", "Enter the most members who can come as a whole number, or 0 for no limit")
		v, verr := s.sessionsView(r, c)
		if verr != nil {
			s.fail(w, r, verr)
			return
		}
		p.Data = v
		s.render(w, r, "sessions", p)
		return
	}
	if err := s.store.SetGroupCapacity(r.Context(), c.Group.ID, c.Member.ID, n, s.promotionMail(r)); err != nil {
		s.pageError(w, r, err)
		return
	}
	seeOther(w, r, "/groups/"+c.Group.Slug+"/sessions?done=capacity")
}

// candidate is a member who can facilitate, for the facilitator choice.
type candidate struct {
	ID       int64
	Name     string
	Selected bool
}

// attendanceRow is one member on the "who came" form.
type attendanceRow struct {
	MemberID int64
	Name     string
	Present  bool
	Circle   bool // marked by joining the live circle
}

// sessionView is one session's page.
type sessionView struct {
	Group       holdspace.Group
	Item        sessionItem
	Facilitator bool
	Candidates  []candidate
	Members     []attendanceRow
	CanMark     bool // attendance can be marked now
	Reason      string
}

func (s *Server) sessionView(r *http.Request, c sessionCtx) (sessionView, error) {
	v := sessionView{Group: c.Group, Item: s.sessionItem(c.Group, c.Session, s.memberZone(r, c.Member)), Facilitator: c.facilitates()}
	if !v.Facilitator {
		return v, nil
	}
	members, err := s.store.Memberships(r.Context(), c.Group.ID, holdspace.StatusApproved)
	if err != nil {
		return v, err
	}
	for _, m := range members {
		if m.Trained || m.Facilitates() {
			v.Candidates = append(v.Candidates, candidate{m.MemberID, m.DisplayName, m.MemberID == c.Session.FacilitatorID})
		}
	}
	came, err := s.store.Attendance(r.Context(), c.Session.ID)
	if err != nil {
		return v, err
	}
	present := map[int64]string{}
	for _, a := range came {
		present[a.MemberID] = a.Source
	}
	for _, m := range members {
		src, ok := present[m.MemberID]
		v.Members = append(v.Members, attendanceRow{m.MemberID, m.DisplayName, ok, src == "circle"})
	}
	v.CanMark = c.Session.Status != sqlstore.SessionCancelled && !s.now().Add(sqlstore.AttendanceEarly).Before(c.Session.StartsAt)
	return v, nil
}

// sessionShow is one session: when, who facilitates, the answer buttons,
// and for facilitators the topic, facilitator, cancellation and who came.
func (s *Server) sessionShow(w http.ResponseWriter, r *http.Request) {
	c, ok := s.sessionFor(w, r, false, accessMember)
	if !ok {
		return
	}
	v, err := s.sessionView(r, c)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "session", page{Title: c.Group.Name + ": " + v.Item.When, Section: "groups", Data: v,
		Notice: sessionNotices[r.URL.Query().Get("done")], Form: map[string]string{"topic": c.Session.Topic}})
}

// sessionBack is where a session form returns to: the session's page or
// the list, as the form says.
func sessionBack(r *http.Request, c sessionCtx, done string) string {
	if r.PostFormValue("back") == "list" {
		return "/groups/" + c.Group.Slug + "/sessions?done=" + done + "#session-" + strconv.FormatInt(c.Session.ID, 10)
	}
	return fmt.Sprintf("/groups/%s/sessions/%d?done=%s", c.Group.Slug, c.Session.ID, done)
}

// sessionRSVP records the member's answer from a page.
func (s *Server) sessionRSVP(w http.ResponseWriter, r *http.Request) {
	c, ok := s.sessionFor(w, r, false, accessMember)
	if !ok {
		return
	}
	res, err := s.rsvp(r, c, r.PostFormValue("answer"))
	if err != nil {
		if holdspace.ErrorCode(err) == holdspace.EInvalid {
			s.renderCode(w, r, http.StatusUnprocessableEntity, "error", page{Title: "Nothing was changed",
				Data: errorPage{Kind: "invalid", Message: strings.TrimSuffix(holdspace.ErrorMessage(err), "."), Back: fmt.Sprintf("/groups/%s/sessions/%d", c.Group.Slug, c.Session.ID)}})
			return
		}
		s.pageError(w, r, err)
		return
	}
	seeOther(w, r, sessionBack(r, c, res.Answer))
}

// sessionUpdate changes the topic and facilitator, or cancels the session
// or undoes that (facilitators).
func (s *Server) sessionUpdate(w http.ResponseWriter, r *http.Request) {
	c, ok := s.sessionFor(w, r, false, accessFacilitator)
	if !ok {
		return
	}
	var in sessionPatch
	done := "saved"
	switch r.PostFormValue("action") {
	case "cancel":
		st := sqlstore.SessionCancelled
		in.Status, in.Reason, done = &st, r.PostFormValue("reason"), "cancelled"
	case "restore":
		st := sqlstore.SessionScheduled
		in.Status, done = &st, "restored"
	default:
		topic := r.PostFormValue("topic")
		in.Topic = &topic
		if raw := r.PostFormValue("facilitator_id"); raw != "" {
			id, err := strconv.ParseInt(raw, 10, 64)
			if err != nil {
				id = -1
			}
			in.FacilitatorID = &id
		}
	}
	if err := s.updateSession(r, c, in); err != nil {
		if f := holdspace.ErrorField(err); f != "" {
			v, verr := s.sessionView(r, c)
			if verr != nil {
				s.fail(w, r, verr)
				return
			}
			p := page{Title: c.Group.Name + ": " + v.Item.When, Section: "groups", Data: v, Form: map[string]string{"topic": r.PostFormValue("topic")}}
			p.addError(map[string]string{"topic": "topic", "facilitator_id": "facilitator", "status": "topic", "reason": "reason"}[f], holdspace.ErrorMessage(err))
			s.render(w, r, "session", p)
			return
		}
		s.pageError(w, r, err)
		return
	}
	seeOther(w, r, sessionBack(r, c, done))
}

// sessionAttendance saves who came: the ticked members are present, the
// others not (facilitators).
func (s *Server) sessionAttendance(w http.ResponseWriter, r *http.Request) {
	c, ok := s.sessionFor(w, r, false, accessFacilitator)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		s.pageError(w, r, holdspace.Errorf(holdspace.EInvalid, "The form could not be read"))
		return
	}
	ticked := map[int64]bool{}
	for _, raw := range r.PostForm["present"] {
		if id, err := strconv.ParseInt(raw, 10, 64); err == nil {
			ticked[id] = true
		}
	}
	v, err := s.sessionView(r, c)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !v.CanMark {
		s.renderCode(w, r, http.StatusUnprocessableEntity, "error", page{Title: "Nothing was changed",
			Data: errorPage{Kind: "invalid", Message: "You can mark who came from an hour before the group session starts, unless it is cancelled",
				Back: fmt.Sprintf("/groups/%s/sessions/%d", c.Group.Slug, c.Session.ID)}})
		return
	}
	for _, m := range v.Members {
		if m.Present == ticked[m.MemberID] {
			continue
		}
		if err := s.markAttendance(r, c, m.MemberID, ticked[m.MemberID]); err != nil {
			s.pageError(w, r, err)
			return
		}
	}
	seeOther(w, r, sessionBack(r, c, "attendance"))
}
