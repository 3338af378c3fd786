package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"holdspace/internal/holdspace"
	"holdspace/internal/mail"
	"holdspace/internal/schedule"
	"holdspace/internal/sqlstore"
)

// upcomingLimit is how many sessions the list shows; materialised holds
// how many occurrences of the schedule are made into rows ahead.
const (
	upcomingLimit = 20
	materialised  = 8
)

// sessionCtx is what a session handler knows about the request.
type sessionCtx struct {
	groupCtx
	Session sqlstore.GroupSession
}

// facilitates reports whether the viewer runs this group's sessions.
func (c groupCtx) facilitates() bool { return c.Membership.Facilitates() || c.Member.SiteAdmin }

// sessionFor loads the session in the path ({id}, and for pages {slug},
// which must be its group) and checks the viewer's access to its group the
// way groupFor does: 401 or the log-in page for visitors, 404 for anyone
// without the access, so outsiders learn nothing.
func (s *Server) sessionFor(w http.ResponseWriter, r *http.Request, api bool, need access) (sessionCtx, bool) {
	var c sessionCtx
	fail := func(err error) {
		if api {
			s.apiError(w, r, err)
		} else {
			s.pageError(w, r, err)
		}
	}
	c.Member = currentMember(r)
	if c.Member == nil {
		if api {
			s.apiError(w, r, holdspace.Errorf(holdspace.EUnauthorized, "Sign in first"))
		} else {
			s.requireMember(w, r)
		}
		return c, false
	}
	notFound := holdspace.Errorf(holdspace.ENotFound, "No such group session")
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		fail(notFound)
		return c, false
	}
	g, err := s.store.SessionGroup(r.Context(), id)
	if err != nil {
		fail(err)
		return c, false
	}
	if slug := r.PathValue("slug"); slug != "" && slug != g.Slug {
		fail(notFound)
		return c, false
	}
	c.Group = g
	ms, err := s.store.Membership(r.Context(), g.ID, c.Member.ID)
	if err != nil && holdspace.ErrorCode(err) != holdspace.ENotFound {
		fail(err)
		return c, false
	}
	c.Membership = ms
	ok := c.Member.SiteAdmin
	switch need {
	case accessMember:
		ok = ok || ms.Approved()
	case accessFacilitator:
		ok = ok || ms.Facilitates()
	}
	if !ok {
		fail(notFound)
		return c, false
	}
	if c.Session, err = s.store.Session(r.Context(), id, c.Member.ID); err != nil {
		fail(err)
		return c, false
	}
	return c, true
}

// materialize makes the group's next occurrences into rows. A group whose
// schedule cannot be built (an import the directory could not read) simply
// has only its extra sessions.
func (s *Server) materialize(r *http.Request, g holdspace.Group) error {
	sch, _, err := s.groupSchedule(r, g)
	if err != nil {
		s.log.Warn("group schedule", "group", g.ID, "err", err)
		return nil
	}
	return s.store.MaterializeSessions(r.Context(), g, sch, materialised)
}

// mailBase is the site's address for links in email.
func (s *Server) mailBase(r *http.Request) string {
	if s.cfg.BaseURL != "" {
		return strings.TrimSuffix(s.cfg.BaseURL, "/")
	}
	return s.baseURL(r)
}

// memberZone is the viewer's own time zone, "" for none set.
func (s *Server) memberZone(r *http.Request, m *holdspace.Member) string {
	rs, err := s.store.ReminderSettings(r.Context(), m.ID)
	if err != nil {
		return ""
	}
	return rs.Timezone
}

// sessionJSON is a group session in the API.
type sessionJSON struct {
	ID               int64   `json:"id"`
	StartsAt         string  `json:"starts_at"`
	EndsAt           string  `json:"ends_at"`
	Status           string  `json:"status"`
	Topic            string  `json:"topic"`
	Extra            bool    `json:"extra"`
	Going            int     `json:"going"`
	Maybe            int     `json:"maybe"`
	Waitlist         int     `json:"waitlist"`
	MyRSVP           *string `json:"my_rsvp"`
	WaitlistPosition *int    `json:"waitlist_position"`
	Facilitator      *string `json:"facilitator"`
	FacilitatorID    *int64  `json:"facilitator_id"`
	URL              string  `json:"url"`
}

func (s *Server) toSessionJSON(g holdspace.Group, gs sqlstore.GroupSession) sessionJSON {
	loc := zoneOf(g.Timezone)
	out := sessionJSON{
		ID: gs.ID, StartsAt: gs.StartsAt.In(loc).Format(time.RFC3339), EndsAt: gs.EndsAt.In(loc).Format(time.RFC3339),
		Status: gs.StatusAt(s.now()), Topic: gs.Topic, Extra: gs.Extra(),
		Going: gs.Going, Maybe: gs.Maybe, Waitlist: gs.Waitlist,
		URL: fmt.Sprintf("/groups/%s/sessions/%d", g.Slug, gs.ID),
	}
	if gs.MyAnswer != "" {
		a := gs.MyAnswer
		out.MyRSVP = &a
	}
	if gs.MyPosition > 0 {
		p := gs.MyPosition
		out.WaitlistPosition = &p
	}
	if gs.FacilitatorName != "" {
		name, id := gs.FacilitatorName, gs.FacilitatorID
		out.Facilitator, out.FacilitatorID = &name, &id
	}
	return out
}

// zoneOf loads a zone, or UTC for a name that is not one.
func zoneOf(name string) *time.Location {
	if loc, err := time.LoadLocation(name); err == nil && name != "" {
		return loc
	}
	return time.UTC
}

// cleanTopic checks a session topic: one line, at most TopicMax characters.
func cleanTopic(topic string) (string, error) {
	topic = strings.Join(strings.Fields(norm.NFC.String(topic)), " ")
	if n := len([]rune(topic)); n > sqlstore.TopicMax {
		return "", holdspace.FieldError("topic", fmt.Sprintf("Topic must be %d characters or less", sqlstore.TopicMax))
	}
	for _, r := range topic {
		if unicode.IsControl(r) {
			return "", holdspace.FieldError("topic", "Topic must not contain control characters")
		}
	}
	return topic, nil
}

// addSession adds a session: with no start, the next occurrence of the
// schedule (made into a row if needed); with one, an extra session lasting
// the group's usual length. It returns the session's id.
func (s *Server) addSession(r *http.Request, c groupCtx, start *time.Time, topic string) (int64, error) {
	topic, err := cleanTopic(topic)
	if err != nil {
		return 0, err
	}
	if start == nil {
		if err := s.materialize(r, c.Group); err != nil {
			return 0, err
		}
		next, err := s.store.NextScheduledSession(r.Context(), c.Group.ID)
		if err != nil {
			return 0, err
		}
		if topic != "" {
			if err := s.store.UpdateSession(r.Context(), next.ID, sqlstore.SessionUpdate{Topic: &topic}); err != nil {
				return 0, err
			}
		}
		return next.ID, nil
	}
	now := s.now()
	switch {
	case !start.After(now):
		return 0, holdspace.FieldError("starts_at", "The start time must be in the future")
	case start.After(now.AddDate(1, 0, 0)):
		return 0, holdspace.FieldError("starts_at", "The start time must be within the next year")
	}
	minutes := c.Group.Schedule.DurationMinutes
	if minutes <= 0 {
		minutes = 60
	}
	return s.store.CreateExtraSession(r.Context(), c.Group.ID, *start, start.Add(time.Duration(minutes)*time.Minute), topic)
}

// rsvp records the viewer's answer; a waitlisted member promoted by it is
// told by email.
func (s *Server) rsvp(r *http.Request, c sessionCtx, answer string) (sqlstore.RSVPResult, error) {
	return s.store.RSVP(r.Context(), c.Session.ID, c.Member.ID, answer, s.promotionMail(r))
}

// promotionMail builds the email telling a member a place opened up.
func (s *Server) promotionMail(r *http.Request) func(sqlstore.Promotion) holdspace.Mail {
	return mail.WaitlistPromoted(s.mailBase(r))
}

// markAttendance records whether a member came, as a facilitator.
func (s *Server) markAttendance(r *http.Request, c sessionCtx, memberID int64, present bool) error {
	return s.store.MarkAttendance(r.Context(), c.Session.ID, memberID, present, "facilitator", mail.NewcomerCheckin(s.mailBase(r)))
}

// sessionPatch is what facilitators change about a session.
type sessionPatch struct {
	Topic         *string `json:"topic"`
	FacilitatorID *int64  `json:"facilitator_id"`
	Status        *string `json:"status"`
	Reason        string  `json:"reason"`
}

func (s *Server) updateSession(r *http.Request, c sessionCtx, in sessionPatch) error {
	u := sqlstore.SessionUpdate{FacilitatorID: in.FacilitatorID, Status: in.Status}
	if in.Topic != nil {
		t, err := cleanTopic(*in.Topic)
		if err != nil {
			return err
		}
		u.Topic = &t
	}
	reason, err := cleanTopic(in.Reason)
	if err != nil {
		return holdspace.FieldError("reason", "Reason must be one line of 200 characters or less")
	}
	u.Reason = reason
	return s.store.UpdateSession(r.Context(), c.Session.ID, u)
}

// validZone checks a member's time zone: "" (each group's own) or an IANA
// name.
func validZone(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", nil
	}
	if _, err := schedule.LoadLocation(name); err != nil {
		return "", holdspace.FieldError("timezone", "Enter a time zone like Europe/London, or leave it empty")
	}
	return name, nil
}
