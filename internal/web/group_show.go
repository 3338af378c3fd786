package web

import (
	"net/http"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"holdspace/internal/directory"
	"holdspace/internal/holdspace"
)

// groupCard is a group as lists show it: nothing private.
type groupCard struct {
	Slug, Name, Summary, Category, Attendance, Where string
}

func (s *Server) card(g holdspace.Group) groupCard {
	summary := g.Description
	if r := []rune(summary); len(r) > 160 {
		summary = strings.TrimSpace(string(r[:157])) + "…"
	}
	return groupCard{
		Slug: g.Slug, Name: g.Name, Summary: summary,
		Category:   holdspace.Label(holdspace.Categories, g.Category),
		Attendance: holdspace.Label(holdspace.Attendances, g.Attendance),
		Where:      publicPlace(g),
	}
}

// publicPlace is where a group meets in words anyone may see: the city (or
// "Online"), never a street address.
func publicPlace(g holdspace.Group) string {
	if g.Attendance == "online" || g.Venue.Type == "online" {
		return "Online"
	}
	var parts []string
	for _, p := range []string{g.Venue.City, g.Venue.Region, g.Venue.Country} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}

// occurrenceView is one upcoming group session on the group page.
type occurrenceView struct {
	When      string // in the group's zone: "Tuesday 8 December 2026, 19:00 to 20:30 GMT"
	ISO       string // RFC 3339, for <time datetime> and the visitor-time script
	Cancelled bool
	Moved     bool
	Reason    string
}

// groupView is the group page's view model.
type groupView struct {
	Group       holdspace.Group
	Card        groupCard
	Category    string
	Audience    string
	Format      string
	Access      string
	Cost        string
	Venue       string
	Address     string // only for approved members
	OnlineURL   string // only for approved members
	IsMember    bool
	Organizer   bool
	Facilitator bool
	AccessList  []string
	Languages   string
	Schedule    string
	Sessions    []occurrenceView
	SignedIn    bool
	Status      string // the viewer's membership status, "" for none
}

// groupShow is a group's public page. The street address of a private home
// and any online room link are shown only to the group's approved members.
func (s *Server) groupShow(w http.ResponseWriter, r *http.Request) {
	g, err := s.store.GroupBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	viewer, err := s.viewerOf(r, g)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pub := directory.Public(g, viewer)
	v := groupView{
		Group: pub, Card: s.card(g),
		Category: holdspace.Label(holdspace.Categories, g.Category),
		Audience: holdspace.Label(holdspace.Audiences, g.Audience),
		Format:   holdspace.Label(holdspace.Formats, g.Format),
		Access:   holdspace.Label(holdspace.Accesses, g.Access),
		Cost:     holdspace.Label(holdspace.Costs, g.Cost),
		Venue:    holdspace.Label(holdspace.VenueTypes, g.Venue.Type),
		IsMember: viewer.Member, Organizer: viewer.Organizer,
		Address: pub.Venue.Address, OnlineURL: pub.OnlineURL,
		Languages: languageNames(g.Languages),
	}
	if m := currentMember(r); m != nil {
		v.SignedIn = true
		if m.SiteAdmin {
			v.Organizer = true
		}
		ms, err := s.store.Membership(r.Context(), g.ID, m.ID)
		if err != nil && holdspace.ErrorCode(err) != holdspace.ENotFound {
			s.fail(w, r, err)
			return
		}
		v.Status = ms.Status
		v.Facilitator = ms.Facilitates() || m.SiteAdmin
	}
	for _, a := range g.Accessibility {
		v.AccessList = append(v.AccessList, holdspace.Label(holdspace.AccessibilityOptions, a))
	}
	sch, _, err := s.groupSchedule(r, g)
	if err == nil {
		v.Schedule = sch.Describe()
		now := s.now()
		for _, o := range sch.Between(now, now.AddDate(0, 3, 0)) {
			if len(v.Sessions) == 5 {
				break
			}
			v.Sessions = append(v.Sessions, occurrenceView{
				When:      o.Start.Format("Monday 2 January 2006, 15:04") + " to " + o.End.Format("15:04 MST"),
				ISO:       o.Start.Format(time.RFC3339),
				Cancelled: o.Cancelled, Moved: o.Moved, Reason: o.Reason,
			})
		}
	}
	p := page{Title: g.Name, Section: "groups", Data: v}
	switch {
	case r.URL.Query().Get("created") != "":
		p.Notice = "Your group has been created"
	case r.URL.Query().Get("saved") != "":
		p.Notice = "Your changes have been saved"
	case r.URL.Query().Get("requested") != "":
		p.Notice = "Your request has been sent to the group's facilitators"
	case r.URL.Query().Get("left") != "":
		p.Notice = "You have left the group"
	}
	s.render(w, r, "group", p)
}

// languageNames shows language tags in English: "English, Spanish".
func languageNames(tags []string) string {
	var out []string
	for _, t := range tags {
		tag, err := language.Parse(t)
		if err != nil {
			out = append(out, t)
			continue
		}
		out = append(out, display.English.Tags().Name(tag))
	}
	return strings.Join(out, ", ")
}
