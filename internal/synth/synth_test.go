package synth_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/language"

	"holdspace/internal/directory"
	"holdspace/internal/holdspace"
	"holdspace/internal/synth"
)

// input turns a group back into what an organizer would type.
func input(g holdspace.Group) directory.Input {
	v := &directory.VenueInput{Type: g.Venue.Type, Address: g.Venue.Address, City: g.Venue.City, Region: g.Venue.Region,
		Country: g.Venue.Country, Lat: g.Venue.Lat, Lng: g.Venue.Lng}
	s := &directory.ScheduleInput{RRule: g.Schedule.RRule, StartTime: g.Schedule.StartTime,
		DurationMinutes: g.Schedule.DurationMinutes, StartsOn: g.Schedule.StartsOn}
	return directory.Input{Name: &g.Name, Description: &g.Description, Category: &g.Category, Audience: &g.Audience,
		Format: &g.Format, Attendance: &g.Attendance, Access: &g.Access, Cost: &g.Cost, Languages: &g.Languages,
		Accessibility: &g.Accessibility, Venue: v, OnlineURL: &g.OnlineURL, Timezone: &g.Timezone, Schedule: s}
}

func TestGroupsPassTheDirectoryRules(t *testing.T) {
	gen := synth.New(42)
	kinds := map[string]int{}
	for i := 0; i < 5000; i++ {
		g := gen.Group(i)
		got, errs := directory.Apply(holdspace.Group{Slug: g.Slug}, input(g))
		if len(errs) > 0 {
			t.Fatalf("group %d %q: %v", i, g.Name, errs)
		}
		// Apply changes nothing: the generator already normalises, and its
		// weekday mask is the one the directory derives.
		if diff := cmp.Diff(g, got); diff != "" {
			t.Fatalf("group %d: Apply changed it (-generated +applied):\n%s", i, diff)
		}
		kinds[g.Schedule.RRule[:13]]++
		kinds[g.Attendance]++
		kinds[g.Venue.Type]++
	}
	for _, want := range []string{"FREQ=WEEKLY;B", "FREQ=WEEKLY;I", "FREQ=MONTHLY;", "in_person", "online", "hybrid", "private_home"} {
		if kinds[want] == 0 {
			t.Errorf("no %s among 5,000 groups: %v", want, kinds)
		}
	}
}

func TestSlugsAreUniqueAndOutputIsDeterministic(t *testing.T) {
	a, b := synth.New(7), synth.New(7)
	seen := map[string]int{}
	for i := 0; i < 20000; i++ {
		g := a.Group(i)
		if j, dup := seen[g.Slug]; dup {
			t.Fatalf("groups %d and %d share slug %q", j, i, g.Slug)
		}
		seen[g.Slug] = i
		if i%997 == 0 {
			if diff := cmp.Diff(g, b.Group(i)); diff != "" {
				t.Fatalf("group %d differs between two generators with one seed:\n%s", i, diff)
			}
		}
	}
	if synth.New(8).Group(3).Name == a.Group(3).Name && synth.New(8).Group(4).Name == a.Group(4).Name {
		t.Error("another seed gives the same groups")
	}
}

func TestCitiesAreRealPlaces(t *testing.T) {
	cs := synth.Cities()
	if len(cs) < 300 {
		t.Errorf("%d cities, want about 300 or more", len(cs))
	}
	for _, c := range cs {
		if _, err := time.LoadLocation(c.Zone); err != nil {
			t.Errorf("%s: zone %q: %v", c.Name, c.Zone, err)
		}
		if c.Lat < -90 || c.Lat > 90 || c.Lng < -180 || c.Lng > 180 || c.Weight < 1 || len(c.Country) != 2 {
			t.Errorf("%s: bad entry %+v", c.Name, c)
		}
		for _, l := range c.Langs {
			if _, err := language.Parse(l); err != nil {
				t.Errorf("%s: language %q: %v", c.Name, l, err)
			}
		}
	}
}

func TestGroupsStayNearTheirCity(t *testing.T) {
	gen := synth.New(1)
	byName := map[string][]synth.City{}
	for _, c := range synth.Cities() {
		byName[c.Name] = append(byName[c.Name], c)
	}
	for i := 0; i < 3000; i++ {
		g := gen.Group(i)
		if g.Venue.Lat == nil {
			continue
		}
		near := false
		for _, c := range byName[g.Venue.City] {
			if c.Country == g.Venue.Country && directory.DistanceKM(c.Lat, c.Lng, *g.Venue.Lat, *g.Venue.Lng) <= synth.ScatterKM+0.01 {
				near = true
			}
		}
		if !near {
			t.Errorf("group %d in %s is at %v,%v: more than %d km away", i, g.Venue.City, *g.Venue.Lat, *g.Venue.Lng, synth.ScatterKM)
		}
	}
}

func BenchmarkGroup(b *testing.B) {
	gen := synth.New(1)
	for i := 0; b.Loop(); i++ {
		gen.Group(i)
	}
}
