package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"

	"holdspace/internal/directory"
	"holdspace/internal/ical"
)

// baseURL is the site's address as the visitor reached it, for links inside
// feeds that are read outside the site.
func (s *Server) baseURL(r *http.Request) string {
	scheme := "http"
	if s.isTLS(r) {
		scheme = "https"
	}
	host := r.Host
	if s.cfg.TrustProxy && r.Header.Get("X-Forwarded-Host") != "" {
		host = r.Header.Get("X-Forwarded-Host")
	}
	return scheme + "://" + host
}

// groupCalendar is a group's iCalendar feed: one event with the schedule's
// repeat rule, its cancelled sessions as EXDATEs and moved ones as
// overrides. Calendar programs fetch it without a cookie, so it carries only
// what anyone may see: a private home's street address is never in it.
func (s *Server) groupCalendar(w http.ResponseWriter, r *http.Request) {
	g, err := s.store.GroupBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	sch, _, err := s.groupSchedule(r, g)
	if err != nil {
		s.fail(w, r, fmt.Errorf("schedule of group %d: %w", g.ID, err))
		return
	}
	pub := directory.Public(g, directory.Viewer{})
	where := publicPlace(pub)
	if pub.Venue.Address != "" && pub.Attendance != "online" {
		where = pub.Venue.Address + ", " + where
	}
	base := s.baseURL(r)
	desc := g.Description
	if desc != "" {
		desc += "\n\n"
	}
	desc += "Group page: " + base + "/groups/" + g.Slug
	cal := ical.Calendar{
		Name: g.Name,
		Events: []ical.Event{{
			UID:         fmt.Sprintf("group-%d@holdspace", g.ID),
			Summary:     g.Name,
			Description: desc,
			Location:    where,
			URL:         base + "/groups/" + g.Slug,
			Schedule:    sch,
			DTStamp:     g.UpdatedAt,
		}},
	}
	var buf bytes.Buffer
	if err := ical.WriteCalendar(&buf, cal); err != nil {
		s.fail(w, r, fmt.Errorf("calendar of group %d: %w", g.ID, err))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/calendar; charset=utf-8")
	h.Set("Content-Disposition", fmt.Sprintf(`inline; filename="%s.ics"`, strings.ReplaceAll(g.Slug, `"`, "")))
	h.Set("Cache-Control", "public, max-age=300")
	w.Write(buf.Bytes())
}
