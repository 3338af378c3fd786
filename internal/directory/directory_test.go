package directory

import (
	"strings"
	"testing"

	"holdspace/internal/holdspace"
)

func sp(s string) *string   { return &s }
func fp(f float64) *float64 { return &f }

// valid returns a complete, valid input to vary.
func valid() Input {
	return Input{
		Name: sp("  Tuesday Hope "), Description: sp("A sharing circle"), Category: sp("mental_health"), Audience: sp("lived_experience"),
		Format: sp("sharing_circle"), Attendance: sp("in_person"), Access: sp("open"), Cost: sp("free"),
		Languages: &[]string{"en", "ES", "pt-br", "en"}, Accessibility: &[]string{"wheelchair", "wheelchair"},
		Venue:    &VenueInput{Type: "private_home", Address: "1 High St", City: "London", Country: "gb", Lat: fp(51.50724), Lng: fp(-0.12762)},
		Timezone: sp("Europe/London"),
		Schedule: &ScheduleInput{RRule: "FREQ=MONTHLY;BYDAY=2TU", StartTime: "19:00", DurationMinutes: 90, StartsOn: "2026-12-01"},
	}
}

func TestApplyValid(t *testing.T) {
	g, errs := Apply(holdspace.Group{}, valid())
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	if g.Name != "Tuesday Hope" || g.Venue.Country != "GB" {
		t.Errorf("not normalised: %+v", g)
	}
	if strings.Join(g.Languages, ",") != "en,es,pt-BR" || strings.Join(g.Accessibility, ",") != "wheelchair" {
		t.Errorf("lists: %v %v", g.Languages, g.Accessibility)
	}
	if g.DaysMask != 1<<2 {
		t.Errorf("DaysMask = %b, want Tuesday only", g.DaysMask)
	}
}

func TestApplyRefusesBadInput(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(*Input)
		field string
	}{
		{"no name", func(in *Input) { in.Name = sp(" ") }, "name"},
		{"long name", func(in *Input) { in.Name = sp(strings.Repeat("x", 101)) }, "name"},
		{"5 MB description", func(in *Input) { in.Description = sp(strings.Repeat("x", 5<<20)) }, "description"},
		{"unknown category", func(in *Input) { in.Category = sp("therapy") }, "category"},
		{"no audience", func(in *Input) { in.Audience = sp("") }, "audience"},
		{"bad language", func(in *Input) { in.Languages = &[]string{"english please"} }, "languages"},
		{"no language", func(in *Input) { in.Languages = &[]string{} }, "languages"},
		{"bad accessibility", func(in *Input) { in.Accessibility = &[]string{"ramp"} }, "accessibility"},
		{"latitude 91", func(in *Input) { in.Venue.Lat = fp(91) }, "venue.lat"},
		{"longitude -181", func(in *Input) { in.Venue.Lng = fp(-181) }, "venue.lng"},
		{"lat without lng", func(in *Input) { in.Venue.Lng = nil }, "venue.lat"},
		{"no city", func(in *Input) { in.Venue.City = "" }, "venue.city"},
		{"bad country", func(in *Input) { in.Venue.Country = "GBR" }, "venue.country"},
		{"online venue for in person", func(in *Input) { in.Venue.Type = "online" }, "venue.type"},
		{"online without link", func(in *Input) { in.Attendance = sp("online") }, "online_url"},
		{"bad link", func(in *Input) { in.OnlineURL = sp("javascript:alert(1)") }, "online_url"},
		{"schedule with no day", func(in *Input) { in.Schedule.RRule = "FREQ=WEEKLY" }, "schedule.rrule"},
		{"unsupported rrule", func(in *Input) { in.Schedule.RRule = "FREQ=DAILY" }, "schedule.rrule"},
		{"time zone that does not exist", func(in *Input) { in.Timezone = sp("Mars/Olympus_Mons") }, "timezone"},
		{"bad start time", func(in *Input) { in.Schedule.StartTime = "7pm" }, "schedule.start_time"},
		{"no duration", func(in *Input) { in.Schedule.DurationMinutes = 0 }, "schedule.duration_minutes"},
		{"bad start date", func(in *Input) { in.Schedule.StartsOn = "2026-13-40" }, "schedule.starts_on"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := valid()
			tc.edit(&in)
			_, errs := Apply(holdspace.Group{}, in)
			var fields []string
			for _, e := range errs {
				fields = append(fields, e.Field)
				if e.Message == "" || e.Code != holdspace.EInvalid {
					t.Errorf("error without a message: %+v", e)
				}
			}
			if len(errs) == 0 || errs[0].Field != tc.field {
				t.Errorf("fields %v, want first %q", fields, tc.field)
			}
		})
	}
}

func TestApplyPatchKeepsOtherFields(t *testing.T) {
	g, _ := Apply(holdspace.Group{}, valid())
	g2, errs := Apply(g, Input{Name: sp("New Name")})
	if len(errs) > 0 || g2.Name != "New Name" || g2.Venue.City != "London" || g2.Schedule.RRule != g.Schedule.RRule {
		t.Errorf("patch: %+v %v", g2, errs)
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Tuesday Hope":               "tuesday-hope",
		"  Grupo de apoyo: ansiedad": "grupo-de-apoyo-ansiedad",
		"Carers' Coffee Morning!!":   "carers-coffee-morning",
		"Café Délice":                "cafe-delice",
		"???":                        "group",
		strings.Repeat("a", 80):      strings.Repeat("a", 60),
	} {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPublicHidesPrivateDetails(t *testing.T) {
	g, _ := Apply(holdspace.Group{}, valid())
	g.OnlineURL = "https://video.example.org/room"
	pub := Public(g, Viewer{})
	if pub.Venue.Address != "" || pub.OnlineURL != "" {
		t.Errorf("visitor sees %q %q", pub.Venue.Address, pub.OnlineURL)
	}
	if *pub.Venue.Lat != 51.51 || *pub.Venue.Lng != -0.13 {
		t.Errorf("coordinates not rounded: %v %v", *pub.Venue.Lat, *pub.Venue.Lng)
	}
	if *g.Venue.Lat != 51.50724 {
		t.Error("Public changed the original")
	}
	if m := Public(g, Viewer{Member: true}); m.Venue.Address != "1 High St" || m.OnlineURL == "" {
		t.Errorf("member sees %+v", m.Venue)
	}
	g.Venue.Type = "community_center"
	if c := Public(g, Viewer{}); c.Venue.Address != "1 High St" || c.OnlineURL != "" {
		t.Errorf("public venue: address %q link %q", c.Venue.Address, c.OnlineURL)
	}
}

func TestDistance(t *testing.T) {
	// London to Paris is about 344 km.
	if d := DistanceKM(51.5072, -0.1276, 48.8566, 2.3522); d < 340 || d > 348 {
		t.Errorf("London-Paris = %.1f km", d)
	}
}
