package web

import (
	"net/http"
	"strings"

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

// groupView is the group page's view model.
type groupView struct {
	Group      holdspace.Group
	Card       groupCard
	Category   string
	Audience   string
	Format     string
	Access     string
	Cost       string
	Venue      string
	Address    string // only for approved members
	OnlineURL  string // only for approved members
	IsMember   bool
	AccessList []string
}

// groupShow is a group's public page. The street address of a private home
// and any online room link are shown only to the group's approved members.
func (s *Server) groupShow(w http.ResponseWriter, r *http.Request) {
	g, err := s.store.GroupBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v := groupView{
		Group: g, Card: s.card(g),
		Category: holdspace.Label(holdspace.Categories, g.Category),
		Audience: holdspace.Label(holdspace.Audiences, g.Audience),
		Format:   holdspace.Label(holdspace.Formats, g.Format),
		Access:   holdspace.Label(holdspace.Accesses, g.Access),
		Cost:     holdspace.Label(holdspace.Costs, g.Cost),
		Venue:    holdspace.Label(holdspace.VenueTypes, g.Venue.Type),
	}
	for _, a := range g.Accessibility {
		v.AccessList = append(v.AccessList, holdspace.Label(holdspace.AccessibilityOptions, a))
	}
	if m := currentMember(r); m != nil {
		_, approved, err := s.store.GroupRole(r.Context(), g.ID, m.ID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		v.IsMember = approved
	}
	if v.IsMember || g.Venue.Type != "private_home" {
		v.Address = g.Venue.Address
	}
	if v.IsMember {
		v.OnlineURL = g.OnlineURL
	}
	s.render(w, r, "group", page{Title: g.Name, Section: "groups", Data: v})
}
