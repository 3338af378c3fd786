package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"holdspace/internal/crisis"
	"holdspace/internal/holdspace"
	"holdspace/internal/live"
	"holdspace/internal/sqlstore"
)

// incidentCategories names the risk detector's categories in plain words.
var incidentCategories = map[string]string{
	"suicide":        "Thoughts of suicide",
	"self-harm":      "Self-harm",
	"harm-to-others": "Harming someone else",
}

func incidentCategory(c string) string {
	if l, ok := incidentCategories[c]; ok {
		return l
	}
	return c
}

// incidentRow is one entry of the incident log as the page shows it.
type incidentRow struct {
	sqlstore.Incident
	What       string
	SessionURL string
}

type incidentView struct {
	Group         holdspace.Group
	Rows          []incidentRow
	RetentionDays int
}

// incidentShow is the group's incident log (facilitators): each risk alert
// of its live circles, newest first. It never shows what was written.
func (s *Server) incidentShow(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, false, accessFacilitator)
	if !ok {
		return
	}
	list, err := s.store.Incidents(r.Context(), c.Group.ID, 0)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	days, err := s.store.RetentionDays(r.Context(), c.Group.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := incidentView{Group: c.Group, RetentionDays: days}
	for _, in := range list {
		v.Rows = append(v.Rows, incidentRow{Incident: in, What: incidentCategory(in.Category),
			SessionURL: "/groups/" + c.Group.Slug + "/sessions/" + strconv.FormatInt(in.SessionID, 10)})
	}
	s.render(w, r, "incidents", page{Title: "Incident log of " + c.Group.Name, Section: "groups", Data: v})
}

// incidentJSON is one incident log entry in the API.
type incidentJSON struct {
	ID           int64     `json:"id"`
	SessionID    int64     `json:"session_id"`
	SessionStart time.Time `json:"session_starts_at"`
	MemberID     int64     `json:"member_id,omitempty"`
	Name         string    `json:"name,omitempty"`
	Category     string    `json:"category"`
	CreatedAt    time.Time `json:"created_at"`
}

// apiIncidentList lists the group's incident log (facilitators), newest
// first.
func (s *Server) apiIncidentList(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, true, accessFacilitator)
	if !ok {
		return
	}
	list, err := s.store.Incidents(r.Context(), c.Group.ID, 0)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out := struct {
		Incidents []incidentJSON `json:"incidents"`
	}{Incidents: []incidentJSON{}}
	for _, in := range list {
		out.Incidents = append(out.Incidents, incidentJSON{ID: in.ID, SessionID: in.SessionID, SessionStart: in.SessionStart,
			MemberID: in.MemberID, Name: in.Name, Category: in.Category, CreatedAt: in.CreatedAt})
	}
	writeJSON(w, http.StatusOK, out)
}

// liveRisk writes a live circle's risk alert to the group's incident log.
func (s *Server) liveRisk(ctx context.Context, in live.Incident) {
	err := s.store.AddIncident(ctx, sqlstore.Incident{GroupID: in.GroupID, SessionID: in.SessionID, MemberID: in.AccountID,
		Category: in.Category, CreatedAt: in.At})
	if err != nil {
		s.log.Warn("live: record incident", "session_id", in.SessionID, "err", err)
	}
}

// liveSupport finds the crisis lines a member's support offer shows: for
// the region their browser's language names, else the group's country.
func (s *Server) liveSupport(r *http.Request, g holdspace.Group) *live.Support {
	sup := &live.Support{Lines: []live.SupportLine{}}
	codes, err := s.store.CrisisRegions(r.Context())
	if err != nil {
		s.log.Warn("live: crisis regions", "err", err)
		return sup
	}
	known := make(map[string]bool, len(codes))
	for _, c := range codes {
		known[c] = true
	}
	region := regionFromLanguage(r.Header.Get("Accept-Language"), known)
	if region == "" && known[strings.ToUpper(g.Venue.Country)] {
		region = strings.ToUpper(g.Venue.Country)
	}
	if region == "" {
		return sup
	}
	lines, err := s.store.CrisisLines(r.Context(), region)
	if err != nil {
		s.log.Warn("live: crisis lines", "err", err)
		return sup
	}
	sup.Region, sup.RegionName = region, crisis.RegionName(region)
	for _, l := range lines {
		link, _ := l.ChatLink()
		sup.Lines = append(sup.Lines, live.SupportLine{Name: l.Name, Phone: l.Phone, Tel: telDigits(l.Phone), Text: l.Text,
			ChatURL: link, Hours: l.Hours})
		if sup.Emergency == "" {
			sup.Emergency = l.EmergencyNumber
		}
	}
	return sup
}

// liveLanguage is the language the risk detector reads a group's circle
// in: the group's first language, else English.
func liveLanguage(g holdspace.Group) string {
	if len(g.Languages) > 0 && g.Languages[0] != "" {
		return g.Languages[0]
	}
	return "en"
}
