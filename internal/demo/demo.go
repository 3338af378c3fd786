// Package demo loads a small, realistic demo site so that a first start has
// something to see: groups across the five main categories, a facilitator
// and a few members, with the log-ins printed for the operator.
package demo

import (
	"context"
	"fmt"

	"holdspace/internal/auth"
	"holdspace/internal/holdspace"
	"holdspace/internal/sqlstore"
)

// Login is a demo account and its password.
type Login struct {
	DisplayName string
	Password    string
	Role        string
}

// Logins are the demo accounts. The passwords are public: a demo site is
// for looking around, never for real members.
var Logins = []Login{
	{"Maria", "demo-maria-facilitator", "organizer and facilitator of every demo group"},
	{"James", "demo-james-member", "member of the anxiety group"},
	{"Keiko", "demo-keiko-member", "member of the caregivers group"},
	{"Admin", "demo-admin-site", "site admin"},
}

func ptr(f float64) *float64 { return &f }

// Groups are the demo groups: one or more per category, in several time
// zones, including a private home (whose address only members see) and an
// online group.
var Groups = []holdspace.Group{
	{
		Slug: "tuesday-evening-anxiety-circle", Name: "Tuesday Evening Anxiety Circle",
		Description: "A small, friendly sharing circle for people living with anxiety and panic. Come as you are; you can just listen for your first few group sessions.",
		Category:    "mental_health", Audience: "lived_experience", Format: "sharing_circle", Attendance: "hybrid",
		Access: "open", Cost: "free", Languages: []string{"en"}, Accessibility: []string{"wheelchair", "captions"},
		Venue:     holdspace.Venue{Type: "community_center", Address: "Room 2, Hackney Community Centre, 1 Mare Street", City: "London", Country: "GB", Lat: ptr(51.5450), Lng: ptr(-0.0553)},
		OnlineURL: "https://video.example.org/anxiety-circle", Timezone: "Europe/London",
		Schedule: holdspace.ScheduleSpec{RRule: "FREQ=WEEKLY;BYDAY=TU", StartTime: "19:00", DurationMinutes: 90, StartsOn: "2026-09-01"},
	},
	{
		Slug: "new-dawn-recovery", Name: "New Dawn Recovery",
		Description: "A 12-step meeting for anyone who wants to stop drinking or using. Coffee from 6:30.",
		Category:    "addiction_recovery", Audience: "lived_experience", Format: "twelve_step", Attendance: "in_person",
		Access: "open", Cost: "donation", Languages: []string{"en", "es"}, Accessibility: []string{"wheelchair"},
		Venue:    holdspace.Venue{Type: "place_of_worship", Address: "St Mark's Hall, 400 W 9th Street", City: "Austin", Region: "TX", Country: "US", Lat: ptr(30.2711), Lng: ptr(-97.7466)},
		Timezone: "America/Chicago",
		Schedule: holdspace.ScheduleSpec{RRule: "FREQ=WEEKLY;BYDAY=MO,TH", StartTime: "19:00", DurationMinutes: 60, StartsOn: "2026-09-07"},
	},
	{
		Slug: "carers-coffee-morning", Name: "Carers' Coffee Morning",
		Description: "For people caring for a parent, partner or child. We share what helps, and what doesn't, over tea. Large-print handouts available.",
		Category:    "parenting_caregivers", Audience: "family_supporters", Format: "open_discussion", Attendance: "in_person",
		Access: "closed", Cost: "free", Languages: []string{"en"}, Accessibility: []string{"large_print", "wheelchair"},
		Venue:    holdspace.Venue{Type: "private_home", Address: "14 Rosemount Avenue", City: "Leeds", Country: "GB", Lat: ptr(53.8180), Lng: ptr(-1.5540)},
		Timezone: "Europe/London",
		Schedule: holdspace.ScheduleSpec{RRule: "FREQ=MONTHLY;BYDAY=2TU", StartTime: "10:30", DurationMinutes: 90, StartsOn: "2026-09-01"},
	},
	{
		Slug: "living-well-with-chronic-pain", Name: "Living Well with Chronic Pain",
		Description: "An online psychoeducational group: each session has a short talk on pacing, sleep or flare-ups, then time to share.",
		Category:    "chronic_illness_disability", Audience: "both", Format: "psychoeducational", Attendance: "online",
		Access: "open", Cost: "free", Languages: []string{"en"}, Accessibility: []string{"captions", "phone_dial_in"},
		Venue: holdspace.Venue{Type: "online"}, OnlineURL: "https://video.example.org/chronic-pain",
		Timezone: "Australia/Adelaide",
		Schedule: holdspace.ScheduleSpec{RRule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", StartTime: "18:30", DurationMinutes: 75, StartsOn: "2026-09-02"},
	},
	{
		Slug: "after-loss-circle", Name: "After Loss: Grief Circle",
		Description: "For anyone grieving a death, recent or long ago. We hold space for each other; there is no right way to grieve.",
		Category:    "grief_loss", Audience: "lived_experience", Format: "sharing_circle", Attendance: "in_person",
		Access: "closed", Cost: "free", Languages: []string{"en"}, Accessibility: []string{"wheelchair"},
		Venue:    holdspace.Venue{Type: "clinic", Address: "Hospice Day Room, 12 Elm Road", City: "Toronto", Region: "ON", Country: "CA", Lat: ptr(43.6532), Lng: ptr(-79.3832)},
		Timezone: "America/Toronto",
		Schedule: holdspace.ScheduleSpec{RRule: "FREQ=MONTHLY;BYDAY=-1TH", StartTime: "18:00", DurationMinutes: 90, StartsOn: "2026-09-01"},
	},
	{
		Slug: "grupo-de-apoyo-ansiedad", Name: "Grupo de apoyo: ansiedad",
		Description: "Círculo de apoyo entre pares en español para personas con ansiedad. Puedes escuchar sin hablar.",
		Category:    "mental_health", Audience: "lived_experience", Format: "sharing_circle", Attendance: "online",
		Access: "open", Cost: "free", Languages: []string{"es"}, Accessibility: []string{"captions"},
		Venue: holdspace.Venue{Type: "online"}, OnlineURL: "https://video.example.org/ansiedad",
		Timezone: "America/Mexico_City",
		Schedule: holdspace.ScheduleSpec{RRule: "FREQ=WEEKLY;BYDAY=SA", StartTime: "11:00", DurationMinutes: 60, StartsOn: "2026-09-05"},
	},
}

// Load creates the demo accounts and groups unless the site already has
// groups ("on first start"). It reports whether it loaded anything.
func Load(ctx context.Context, store *sqlstore.Store, params auth.Params) (bool, error) {
	n, err := store.CountGroups(ctx)
	if err != nil {
		return false, err
	}
	if n > 0 {
		return false, nil
	}
	ids := map[string]int64{}
	for _, l := range Logins {
		m, err := store.MemberByName(ctx, l.DisplayName)
		if holdspace.ErrorCode(err) == holdspace.ENotFound {
			hash, herr := auth.HashPassword(l.Password, params)
			if herr != nil {
				return false, herr
			}
			m, err = store.CreateMember(ctx, holdspace.Member{DisplayName: l.DisplayName, PasswordHash: hash, SiteAdmin: l.DisplayName == "Admin"})
		}
		if err != nil {
			return false, fmt.Errorf("demo member %s: %w", l.DisplayName, err)
		}
		ids[l.DisplayName] = m.ID
	}
	for _, g := range Groups {
		g.CreatedBy = ids["Maria"]
		created, err := store.CreateGroup(ctx, g, "Maria")
		if err != nil {
			return false, fmt.Errorf("demo group %s: %w", g.Slug, err)
		}
		switch g.Category {
		case "mental_health":
			err = store.AddGroupMember(ctx, created.ID, ids["James"], "Jay", holdspace.RoleMember)
		case "parenting_caregivers":
			err = store.AddGroupMember(ctx, created.ID, ids["Keiko"], "Keiko", holdspace.RoleMember)
		}
		if err != nil && holdspace.ErrorCode(err) != holdspace.EConflict {
			return false, fmt.Errorf("demo membership in %s: %w", g.Slug, err)
		}
	}
	return true, nil
}
