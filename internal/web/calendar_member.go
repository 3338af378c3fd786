package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"time"

	"holdspace/internal/directory"
	"holdspace/internal/holdspace"
	"holdspace/internal/ical"
)

// memberCalendar is a member's personal iCalendar feed: every upcoming
// session of every group they belong to, each a one-off event, so extra
// sessions, topics and cancellations all show. Calendar programs fetch it
// without a cookie; the unguessable token in the address is the key, and
// the member can replace it (POST /api/v1/me/calendar/reset) to shut out
// anyone who got hold of it. An unknown token is a plain 404.
func (s *Server) memberCalendar(w http.ResponseWriter, r *http.Request) {
	token, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	if !ok || token == "" {
		s.notFound(w, r)
		return
	}
	m, err := s.store.MemberByCalendarToken(r.Context(), token)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	groups, err := s.store.MemberGroups(r.Context(), m.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	byID := map[int64]holdspace.Group{}
	for _, g := range groups {
		if err := s.materialize(r, g); err != nil {
			s.fail(w, r, err)
			return
		}
		byID[g.ID] = g
	}
	now := s.now()
	list, err := s.store.MemberSessions(r.Context(), m.ID, now.AddDate(0, 0, -7), 500)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	base := s.mailBase(r)
	cal := ical.Calendar{Name: "Your group sessions"}
	for _, gs := range list {
		g, ok := byID[gs.GroupID]
		if !ok {
			continue
		}
		// The member may see their group's address and room link.
		pub := directory.Public(g, directory.Viewer{Member: true})
		page := fmt.Sprintf("%s/groups/%s/sessions/%d", base, g.Slug, gs.ID)
		summary := g.Name
		if gs.Topic != "" {
			summary += ": " + gs.Topic
		}
		var desc strings.Builder
		if gs.Status == "cancelled" {
			summary = "Cancelled: " + summary
			desc.WriteString("This group session is cancelled.\n\n")
		}
		if gs.Topic != "" {
			desc.WriteString("Topic: " + gs.Topic + "\n")
		}
		switch gs.MyAnswer {
		case "going":
			desc.WriteString("You said you are going.\n")
		case "maybe":
			desc.WriteString("You said you might come.\n")
		case "not_going":
			desc.WriteString("You said you cannot come.\n")
		case "waitlist":
			desc.WriteString(fmt.Sprintf("You are number %d on the waitlist.\n", gs.MyPosition))
		}
		if pub.OnlineURL != "" {
			desc.WriteString("Online room: " + pub.OnlineURL + "\n")
		}
		desc.WriteString("Answer or see the group session: " + page)
		loc := zoneOf(g.Timezone)
		cal.Events = append(cal.Events, ical.Event{
			UID:         fmt.Sprintf("session-%d@holdspace", gs.ID),
			Summary:     summary,
			Description: desc.String(),
			Location:    calendarPlace(pub),
			URL:         page,
			Start:       gs.StartsAt.In(loc),
			End:         gs.EndsAt.In(loc),
			DTStamp:     now.UTC().Truncate(time.Second),
		})
	}
	var buf bytes.Buffer
	if err := ical.WriteCalendar(&buf, cal); err != nil {
		s.fail(w, r, fmt.Errorf("calendar of member %d: %w", m.ID, err))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/calendar; charset=utf-8")
	h.Set("Content-Disposition", `inline; filename="group-sessions.ics"`)
	h.Set("Cache-Control", "private, max-age=300")
	w.Write(buf.Bytes())
}

// calendarPlace is where a group meets, for a member's calendar.
func calendarPlace(g holdspace.Group) string {
	if g.Attendance == "online" || g.Venue.Type == "online" {
		return "Online"
	}
	var parts []string
	for _, p := range []string{g.Venue.Address, g.Venue.City, g.Venue.Region, g.Venue.Country} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}
