package sqlstore_test

import (
	"context"
	"database/sql"
	"encoding/base64"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"holdspace/internal/directory"
	"holdspace/internal/holdspace"
	"holdspace/internal/sqlstore"
	"holdspace/internal/sqlstore/sqlstoretest"
	"holdspace/internal/synth"
)

// searchNow is Sunday 22 November 2026, 20:00 UTC.
var searchNow = time.Date(2026, 11, 22, 20, 0, 0, 0, time.UTC)

// fixture is a group for the search tests, written the short way.
type fixture struct {
	name, description, category, format, audience, attendance, access, cost string
	langs, access11y                                                        []string
	venue                                                                   string
	lat, lng                                                                float64 // 0, 0: none
	zone, rrule, start                                                      string
}

// searchFixtures are chosen so each filter picks out a known few. Times
// are relative to searchNow (a Sunday, 20:00 UTC).
var searchFixtures = []fixture{
	{"Tuesday Hope Anxiety Circle", "A calm circle for worry and panic.", "mental_health", "sharing_circle", "lived_experience", "in_person", "open", "free",
		[]string{"en"}, []string{"wheelchair"}, "community_center", 51.5072, -0.1276, "Europe/London", "FREQ=WEEKLY;BYDAY=TU", "19:00"},
	{"Camden Grief Café", "Tea, cake and company after a loss.", "grief_loss", "open_discussion", "both", "in_person", "open", "donation",
		[]string{"en"}, nil, "community_center", 51.5390, -0.1426, "Europe/London", "FREQ=WEEKLY;BYDAY=SU", "21:00"},
	{"Brighton Carers Drop-in", "For people who look after someone.", "parenting_caregivers", "open_discussion", "family_supporters", "hybrid", "closed", "fee",
		[]string{"en", "pl"}, []string{"captions", "phone_dial_in"}, "clinic", 50.8225, -0.1372, "Europe/London", "FREQ=MONTHLY;BYDAY=2MO", "10:00"},
	{"Online Recovery Step Meeting", "Staying clean, one day at a time.", "addiction_recovery", "twelve_step", "lived_experience", "online", "open", "free",
		[]string{"es"}, []string{"captions"}, "online", 0, 0, "America/Mexico_City", "FREQ=WEEKLY;BYDAY=MO,TH", "20:00"},
	{"Kitchen Table Bereavement Circle", "We meet in a member's home.", "grief_loss", "sharing_circle", "lived_experience", "in_person", "closed", "free",
		[]string{"en"}, nil, "private_home", 51.5155, -0.0922, "Europe/London", "FREQ=MONTHLY;BYMONTHDAY=15", "18:30"},
	{"Zürich Ärzte Gesprächskreis", "Für Menschen mit chronischen Schmerzen.", "chronic_illness_disability", "psychoeducational", "lived_experience", "in_person", "open", "free",
		[]string{"de"}, []string{"large_print", "sign_language"}, "place_of_worship", 47.3769, 8.5417, "Europe/Zurich", "FREQ=WEEKLY;BYDAY=SU", "19:30"},
	{"Taveuni East Circle", "Island peer support.", "other", "sharing_circle", "both", "in_person", "open", "free",
		[]string{"en", "fj"}, nil, "community_center", -16.85, -179.99, "Pacific/Fiji", "FREQ=WEEKLY;BYDAY=MO", "10:00"},
	{"Taveuni West Circle", "Island peer support.", "other", "sharing_circle", "both", "in_person", "open", "free",
		[]string{"en", "fj"}, nil, "community_center", -16.85, 179.99, "Pacific/Fiji", "FREQ=WEEKLY;BYDAY=WE", "10:00"},
	{"Grupo de Pais São Paulo", "Apoio entre pais.", "parenting_caregivers", "sharing_circle", "lived_experience", "in_person", "open", "free",
		[]string{"pt-BR"}, nil, "community_center", -23.5505, -46.6333, "America/Sao_Paulo", "FREQ=WEEKLY;BYDAY=SA", "15:00"},
}

// seedSearch creates the fixtures through directory.Apply and CreateGroup,
// the way the API does.
func seedSearch(t *testing.T, s *sqlstore.Store) map[string]holdspace.Group {
	t.Helper()
	out := map[string]holdspace.Group{}
	for _, f := range searchFixtures {
		url := ""
		if f.attendance != "in_person" {
			url = "https://meet.example.org/" + directory.Slug(f.name)
		}
		v := &directory.VenueInput{Type: f.venue, City: "Somewhere", Address: "1 Street"}
		if f.venue == "private_home" {
			v.Address = "12 Secret Lane"
		}
		if f.lat != 0 {
			v.Lat, v.Lng = &f.lat, &f.lng
		}
		in := directory.Input{Name: &f.name, Description: &f.description, Category: &f.category, Format: &f.format, Audience: &f.audience,
			Attendance: &f.attendance, Access: &f.access, Cost: &f.cost, Languages: &f.langs, Accessibility: &f.access11y,
			Venue: v, OnlineURL: &url, Timezone: &f.zone,
			Schedule: &directory.ScheduleInput{RRule: f.rrule, StartTime: f.start, DurationMinutes: 90, StartsOn: "2025-01-01"}}
		g, errs := directory.Apply(holdspace.Group{}, in)
		if len(errs) > 0 {
			t.Fatalf("%s: %v", f.name, errs)
		}
		g.Slug = directory.Slug(g.Name)
		created, err := s.CreateGroup(context.Background(), g, "")
		if err != nil {
			t.Fatal(err)
		}
		out[f.name] = created
	}
	return out
}

func names(p sqlstore.GroupPage) []string {
	out := []string{}
	for _, h := range p.Hits {
		out = append(out, h.Group.Name)
	}
	return out
}

func sortedNames(list ...string) []string {
	slices.SortFunc(list, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
	return list
}

const (
	anxiety    = "Tuesday Hope Anxiety Circle"
	camden     = "Camden Grief Café"
	brighton   = "Brighton Carers Drop-in"
	recovery   = "Online Recovery Step Meeting"
	kitchen    = "Kitchen Table Bereavement Circle"
	zurich     = "Zürich Ärzte Gesprächskreis"
	taveuniE   = "Taveuni East Circle"
	taveuniW   = "Taveuni West Circle"
	saoPaulo   = "Grupo de Pais São Paulo"
	londonLat  = 51.5072
	londonLng  = -0.1276
	fijiTZName = "Pacific/Fiji"
)

func TestSearchFilters(t *testing.T) {
	fiji, _ := time.LoadLocation(fijiTZName)
	sqlstoretest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := sqlstoretest.Open(t, dsn, func() time.Time { return searchNow })
		seedSearch(t, s)
		for _, tc := range []struct {
			name string
			q    sqlstore.GroupQuery
			want []string // in order
		}{
			{"everything by name", sqlstore.GroupQuery{}, sortedNames(anxiety, camden, brighton, recovery, kitchen, zurich, taveuniE, taveuniW, saoPaulo)},
			{"a word in the name", sqlstore.GroupQuery{Text: "anxiety"}, []string{anxiety}},
			{"a word start, any case", sqlstore.GroupQuery{Text: "ANX"}, []string{anxiety}},
			{"a word in the description", sqlstore.GroupQuery{Text: "panic"}, []string{anxiety}},
			{"not the middle of a word", sqlstore.GroupQuery{Text: "xiety"}, []string{}},
			{"a category label word", sqlstore.GroupQuery{Text: "grief"}, sortedNames(camden, kitchen)},
			{"a format label word", sqlstore.GroupQuery{Text: "12-step"}, []string{recovery}},
			{"an audience label word", sqlstore.GroupQuery{Text: "supporters"}, sortedNames(camden, brighton, taveuniE, taveuniW)},
			{"every word must match", sqlstore.GroupQuery{Text: "grief café"}, []string{camden}},
			{"common words are ignored", sqlstore.GroupQuery{Text: "the anxiety group"}, []string{anxiety}},
			{"letters beyond ASCII", sqlstore.GroupQuery{Text: "ärzte"}, []string{zurich}},
			{"letters beyond ASCII in capitals", sqlstore.GroupQuery{Text: "ÄRZTE zür"}, []string{zurich}},
			{"no match", sqlstore.GroupQuery{Text: "astronomy"}, []string{}},
			{"category", sqlstore.GroupQuery{Category: "grief_loss"}, sortedNames(camden, kitchen)},
			{"audience", sqlstore.GroupQuery{Audience: "family_supporters"}, []string{brighton}},
			{"format", sqlstore.GroupQuery{Format: "twelve_step"}, []string{recovery}},
			{"attendance", sqlstore.GroupQuery{Attendance: "hybrid"}, []string{brighton}},
			{"access", sqlstore.GroupQuery{Access: "closed"}, sortedNames(brighton, kitchen)},
			{"cost", sqlstore.GroupQuery{Cost: "fee"}, []string{brighton}},
			{"language", sqlstore.GroupQuery{Language: "pl"}, []string{brighton}},
			{"language finds its regional forms", sqlstore.GroupQuery{Language: "pt"}, []string{saoPaulo}},
			{"regional language", sqlstore.GroupQuery{Language: "pt-BR"}, []string{saoPaulo}},
			{"another region is not it", sqlstore.GroupQuery{Language: "pt-PT"}, []string{}},
			{"accessibility", sqlstore.GroupQuery{Accessibility: []string{"captions"}}, sortedNames(brighton, recovery)},
			{"all accessibility needs", sqlstore.GroupQuery{Accessibility: []string{"captions", "phone_dial_in"}}, []string{brighton}},
			{"weekday", sqlstore.GroupQuery{HasDay: true, Day: time.Monday}, sortedNames(brighton, recovery, taveuniE)},
			// The 15th of the month: the next one, 15 December 2026, is a Tuesday.
			{"weekday of a day-of-month group", sqlstore.GroupQuery{HasDay: true, Day: time.Tuesday}, sortedNames(anxiety, kitchen)},
			{"weekday with no groups", sqlstore.GroupQuery{HasDay: true, Day: time.Friday}, []string{}},
			// Camden at 21:00 UTC; Taveuni East on Monday 10:00 in Fiji, which is 22:00 UTC.
			{"today in UTC", sqlstore.GroupQuery{Today: true}, []string{camden, taveuniE}},
			// In Fiji it is already Monday 08:00; today ends at 12:00 UTC.
			{"today in Fiji", sqlstore.GroupQuery{Today: true, Zone: fiji}, []string{camden, taveuniE}},
			{"within an hour, inclusive", sqlstore.GroupQuery{WithinHours: 1}, []string{camden}},
			{"within three hours", sqlstore.GroupQuery{WithinHours: 3}, []string{camden, taveuniE}},
			{"near London, nearest first", sqlstore.GroupQuery{Near: true, Lat: londonLat, Lng: londonLng, RadiusKM: 25}, []string{anxiety, kitchen, camden}},
			{"near London, wider", sqlstore.GroupQuery{Near: true, Lat: londonLat, Lng: londonLng, RadiusKM: 100}, []string{anxiety, kitchen, camden, brighton}},
			{"across the antimeridian from the east", sqlstore.GroupQuery{Near: true, Lat: -16.85, Lng: 179.999, RadiusKM: 5}, []string{taveuniW, taveuniE}},
			{"across the antimeridian from the west", sqlstore.GroupQuery{Near: true, Lat: -16.85, Lng: -179.999, RadiusKM: 5}, []string{taveuniE, taveuniW}},
			{"near, with words", sqlstore.GroupQuery{Near: true, Lat: londonLat, Lng: londonLng, RadiusKM: 25, Text: "circle"}, []string{anxiety, kitchen}},
			{"near, with a non-ASCII word", sqlstore.GroupQuery{Near: true, Lat: 47.37, Lng: 8.54, RadiusKM: 5, Text: "gespräch"}, []string{zurich}},
			{"near, with a label word", sqlstore.GroupQuery{Near: true, Lat: londonLat, Lng: londonLng, RadiusKM: 25, Text: "loss"}, []string{kitchen, camden}},
			{"near and two filters", sqlstore.GroupQuery{Near: true, Lat: londonLat, Lng: londonLng, RadiusKM: 25, Category: "grief_loss", Access: "closed"}, []string{kitchen}},
			{"near and today", sqlstore.GroupQuery{Near: true, Lat: londonLat, Lng: londonLng, RadiusKM: 25, Today: true}, []string{camden}},
			{"words and a weekday", sqlstore.GroupQuery{Text: "circle", HasDay: true, Day: time.Tuesday}, sortedNames(anxiety, kitchen)},
			{"words, today", sqlstore.GroupQuery{Text: "island", Today: true}, []string{taveuniE}},
			{"category and language", sqlstore.GroupQuery{Category: "other", Language: "fj"}, sortedNames(taveuniE, taveuniW)},
			{"free, open and in person with wheelchair access", sqlstore.GroupQuery{Cost: "free", Access: "open", Attendance: "in_person", Accessibility: []string{"wheelchair"}}, []string{anxiety}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				tc.q.Count = true
				p, err := s.SearchGroups(ctx, tc.q)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(tc.want, names(p)); diff != "" {
					t.Errorf("results (-want +got):\n%s", diff)
				}
				if p.Total != len(tc.want) {
					t.Errorf("Total = %d, want %d", p.Total, len(tc.want))
				}
			})
		}
	})
}

func TestSearchNearDistances(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := sqlstoretest.Open(t, dsn, func() time.Time { return searchNow })
		groups := seedSearch(t, s)
		p, err := s.SearchGroups(ctx, sqlstore.GroupQuery{Near: true, Lat: londonLat, Lng: londonLng, RadiusKM: 25})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range p.Hits {
			g := groups[h.Group.Name]
			lat, lng := *g.Venue.Lat, *g.Venue.Lng
			if g.Venue.Type == "private_home" {
				// Measured from the rounded position the public sees, so
				// the distance gives away no more than the map does.
				lat, lng = math.Round(lat*100)/100, math.Round(lng*100)/100
			}
			want := directory.DistanceKM(londonLat, londonLng, lat, lng)
			if !h.HasDistance || math.Abs(h.DistanceKM-want) > 1e-9 {
				t.Errorf("%s: distance %v (%v), want %v", h.Group.Name, h.DistanceKM, h.HasDistance, want)
			}
		}
		// The radius is a hard edge: just inside finds the group, just
		// outside does not.
		g := groups[brighton]
		d := directory.DistanceKM(londonLat, londonLng, *g.Venue.Lat, *g.Venue.Lng)
		for _, tc := range []struct {
			radius float64
			found  bool
		}{{d - 0.01, false}, {d + 0.01, true}} {
			p, err := s.SearchGroups(ctx, sqlstore.GroupQuery{Near: true, Lat: londonLat, Lng: londonLng, RadiusKM: tc.radius, Category: "parenting_caregivers"})
			if err != nil {
				t.Fatal(err)
			}
			if got := len(p.Hits) == 1; got != tc.found {
				t.Errorf("radius %.3f km (Brighton at %.3f km): found %v, want %v", tc.radius, d, got, tc.found)
			}
		}
	})
}

// TestSearchPaging walks every sort order a page at a time, by cursor and
// by offset, and expects each result exactly once, in the order of one
// big page.
func TestSearchPaging(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := sqlstoretest.Open(t, dsn, func() time.Time { return searchNow })
		seedSearch(t, s)
		// Many groups with one name and place make ties that only the id
		// breaks.
		gen := synth.New(3)
		var more []holdspace.Group
		for i := 0; i < 60; i++ {
			g := gen.Group(i)
			if i%3 == 0 {
				g.Name = "Same Name Circle"
				lat, lng := 51.5, -0.12
				g.Venue.Type, g.Attendance, g.OnlineURL, g.Venue.Lat, g.Venue.Lng = "community_center", "in_person", "", &lat, &lng
				g.Languages, g.Schedule.RRule, g.DaysMask = []string{"en"}, "FREQ=WEEKLY;BYDAY=TU", 1<<time.Tuesday
			}
			more = append(more, g)
		}
		if err := s.InsertGroups(ctx, more); err != nil {
			t.Fatal(err)
		}
		for i, q := range []sqlstore.GroupQuery{
			{},
			{Text: "circle"},
			{HasDay: true, Day: time.Monday},
			{Near: true, Lat: londonLat, Lng: londonLng, RadiusKM: 500},
			{Near: true, Lat: londonLat, Lng: londonLng, RadiusKM: 500, Text: "circle"},
			{Near: true, Lat: londonLat, Lng: londonLng, RadiusKM: 500, HasDay: true, Day: time.Tuesday, Language: "en"},
			{WithinHours: 24 * 7},
			{WithinHours: 40},
		} {
			t.Run(fmt.Sprint(i), func(t *testing.T) {
				all := q
				all.Limit, all.Count = 100, true
				whole, err := s.SearchGroups(ctx, all)
				if err != nil {
					t.Fatal(err)
				}
				if whole.Next != "" || len(whole.Hits) != whole.Total {
					t.Fatalf("one big page: %d hits, total %d, next %q", len(whole.Hits), whole.Total, whole.Next)
				}
				want := names(whole)
				var byCursor, byOffset []string
				q.Limit = 4
				for page := 0; ; page++ {
					p, err := s.SearchGroups(ctx, q)
					if err != nil {
						t.Fatal(err)
					}
					byCursor = append(byCursor, names(p)...)
					if p.Next == "" {
						break
					}
					if page > 100 {
						t.Fatal("paging does not end")
					}
					q.Cursor = p.Next
				}
				q.Cursor = ""
				for q.Offset = 0; q.Offset < len(want)+4; q.Offset += 4 {
					p, err := s.SearchGroups(ctx, q)
					if err != nil {
						t.Fatal(err)
					}
					byOffset = append(byOffset, names(p)...)
				}
				if diff := cmp.Diff(want, byCursor); diff != "" {
					t.Errorf("by cursor (-one page +pages):\n%s", diff)
				}
				if diff := cmp.Diff(want, byOffset); diff != "" {
					t.Errorf("by offset (-one page +pages):\n%s", diff)
				}
				if len(want) < 5 {
					t.Errorf("only %d results: the test needs several pages", len(want))
				}
			})
		}
	})
}

func TestSearchRefusesBadQueries(t *testing.T) {
	s := sqlstoretest.Open(t, sqlstoretest.SQLiteDSN(t), nil)
	ctx := context.Background()
	for _, tc := range []struct {
		q     sqlstore.GroupQuery
		field string
	}{
		{sqlstore.GroupQuery{Category: "astrology"}, "category"},
		{sqlstore.GroupQuery{Accessibility: []string{"ramp"}}, "accessibility"},
		{sqlstore.GroupQuery{Near: true, Lat: 91, RadiusKM: 5}, "near"},
		{sqlstore.GroupQuery{Cursor: "not a cursor"}, "cursor"},
		// A cursor from a search in another order.
		{sqlstore.GroupQuery{Cursor: base64.RawURLEncoding.EncodeToString([]byte(`{"s":"distance","t":1,"i":1}`))}, "cursor"},
	} {
		_, err := s.SearchGroups(ctx, tc.q)
		if holdspace.ErrorCode(err) != holdspace.EInvalid || holdspace.ErrorField(err) != tc.field {
			t.Errorf("%+v: %v, want invalid %s", tc.q, err, tc.field)
		}
	}
}

// TestInsertGroups checks the bulk path stores what CreateGroup stores and
// keeps the full-text index in step, and that edits reach the index too.
func TestInsertGroups(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := sqlstoretest.Open(t, dsn, func() time.Time { return searchNow })
		gen := synth.New(9)
		var list []holdspace.Group
		for i := 0; i < 2000; i++ {
			list = append(list, gen.Group(i))
		}
		before := indexDefs(t, dsn)
		finish, err := s.StartBulkLoad(ctx, len(list))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.InsertGroups(ctx, list[:1500]); err != nil {
			t.Fatal(err)
		}
		if err := s.InsertGroups(ctx, list[1500:]); err != nil {
			t.Fatal(err)
		}
		if err := finish(ctx); err != nil {
			t.Fatal(err)
		}
		// The indexes set aside for the load are back as they were.
		if diff := cmp.Diff(before, indexDefs(t, dsn)); diff != "" {
			t.Errorf("indexes after a bulk load (-before +after):\n%s", diff)
		}
		if n, _ := s.CountGroups(ctx); n != 2000 {
			t.Errorf("%d groups, want 2000", n)
		}
		for _, i := range []int{0, 777, 1999} {
			got, err := s.GroupBySlug(ctx, list[i].Slug)
			if err != nil {
				t.Fatal(err)
			}
			want := list[i]
			want.ID, want.CreatedAt, want.UpdatedAt = got.ID, searchNow, searchNow
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("group %d (-inserted +read):\n%s", i, diff)
			}
			// Its name's words find it through the full-text index.
			q := sqlstore.GroupQuery{Text: want.Name, Category: want.Category, Limit: 100}
			found := false
			for !found {
				p, err := s.SearchGroups(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				found = slices.Contains(names(p), want.Name)
				if q.Cursor = p.Next; q.Cursor == "" {
					break
				}
			}
			if !found {
				t.Errorf("searching %q does not find it", want.Name)
			}
		}
		if err := s.InsertGroups(ctx, list[:1]); holdspace.ErrorCode(err) != holdspace.EConflict {
			t.Errorf("a taken slug: %v, want conflict", err)
		}
		// Renaming a group updates the index.
		g, _ := s.GroupBySlug(ctx, list[5].Slug)
		g.Name = "Quokka Appreciation Circle"
		if _, err := s.UpdateGroup(ctx, g); err != nil {
			t.Fatal(err)
		}
		p, err := s.SearchGroups(ctx, sqlstore.GroupQuery{Text: "quokka"})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"Quokka Appreciation Circle"}, names(p)); diff != "" {
			t.Errorf("after rename (-want +got):\n%s", diff)
		}
		// The bare query the benchmark compares with runs through the
		// plain driver and finds the groups with a position near London.
		queries, args := s.NearQuerySQL(51.5072, -0.1276, 1000)
		driver := "sqlite"
		if strings.HasPrefix(dsn, "postgres") {
			driver = "pgx"
		}
		raw, err := sql.Open(driver, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		n := 0
		for i, q := range queries {
			rows, err := raw.QueryContext(ctx, q, args[i]...)
			if err != nil {
				t.Fatalf("bare query %s: %v", q, err)
			}
			for rows.Next() {
				n++
			}
			rows.Close()
		}
		if n == 0 {
			t.Error("the bare query finds nothing within 1,000 km of London")
		}
	})
}

// indexDefs lists the groups table's indexes with their definitions.
func indexDefs(t *testing.T, dsn string) map[string]string {
	t.Helper()
	driver, query := "sqlite", `SELECT name, COALESCE(sql, '') FROM sqlite_master WHERE type = 'index' AND tbl_name = 'groups'`
	if strings.HasPrefix(dsn, "postgres") {
		driver, query = "pgx", `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'groups'`
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			t.Fatal(err)
		}
		out[name] = def
	}
	if len(out) < 4 {
		t.Fatalf("only %d indexes: %v", len(out), out)
	}
	return out
}

// TestSearchEveryAttributeValue checks the attrs bits the migration stores
// against the ones the search asks for, for every value of every filter.
func TestSearchEveryAttributeValue(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := sqlstoretest.Open(t, dsn, func() time.Time { return searchNow })
		gen := synth.New(11)
		type attr struct {
			opts []holdspace.Option
			set  func(g *holdspace.Group, v string)
			ask  func(q *sqlstore.GroupQuery, v string)
		}
		attrs := map[string]attr{
			"category":   {holdspace.Categories, func(g *holdspace.Group, v string) { g.Category = v }, func(q *sqlstore.GroupQuery, v string) { q.Category = v }},
			"audience":   {holdspace.Audiences, func(g *holdspace.Group, v string) { g.Audience = v }, func(q *sqlstore.GroupQuery, v string) { q.Audience = v }},
			"format":     {holdspace.Formats, func(g *holdspace.Group, v string) { g.Format = v }, func(q *sqlstore.GroupQuery, v string) { q.Format = v }},
			"attendance": {holdspace.Attendances, func(g *holdspace.Group, v string) { g.Attendance = v }, func(q *sqlstore.GroupQuery, v string) { q.Attendance = v }},
			"access":     {holdspace.Accesses, func(g *holdspace.Group, v string) { g.Access = v }, func(q *sqlstore.GroupQuery, v string) { q.Access = v }},
			"cost":       {holdspace.Costs, func(g *holdspace.Group, v string) { g.Cost = v }, func(q *sqlstore.GroupQuery, v string) { q.Cost = v }},
			"accessibility": {holdspace.AccessibilityOptions, func(g *holdspace.Group, v string) { g.Accessibility = []string{v} },
				func(q *sqlstore.GroupQuery, v string) { q.Accessibility = []string{v} }},
		}
		// One group per value, each otherwise with values nobody asks for
		// in the same attribute.
		var list []holdspace.Group
		i := 0
		for kind, a := range attrs {
			for _, o := range a.opts {
				g := gen.Group(i)
				i++
				g.Name = "Probe " + kind + " " + o.Value
				a.set(&g, o.Value)
				list = append(list, g)
			}
		}
		if err := s.InsertGroups(ctx, list); err != nil {
			t.Fatal(err)
		}
		for kind, a := range attrs {
			for _, o := range a.opts {
				q := sqlstore.GroupQuery{Text: "probe " + kind + " " + o.Value, Limit: 100}
				a.ask(&q, o.Value)
				p, err := s.SearchGroups(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Contains(names(p), "Probe "+kind+" "+o.Value) {
					t.Errorf("%s=%s does not find its group: %v", kind, o.Value, names(p))
				}
				// And every result has the value.
				for _, h := range p.Hits {
					g := h.Group
					got := map[string][]string{"category": {g.Category}, "audience": {g.Audience}, "format": {g.Format},
						"attendance": {g.Attendance}, "access": {g.Access}, "cost": {g.Cost}, "accessibility": g.Accessibility}[kind]
					if !slices.Contains(got, o.Value) {
						t.Errorf("%s=%s finds %q with %s %v", kind, o.Value, g.Name, kind, got)
					}
				}
			}
		}
	})
}

// TestSearchExceptions: cancelled and moved sessions come back with each
// result and count for its next session and for "today".
func TestSearchExceptions(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := sqlstoretest.Open(t, dsn, func() time.Time { return searchNow })
		groups := seedSearch(t, s)
		// Camden meets Sundays at 21:00: today's session is cancelled.
		camdenID := groups[camden].ID
		if err := s.SetGroupException(ctx, holdspace.GroupException{GroupID: camdenID, OriginalDate: "2026-11-22", Cancelled: true, Reason: "Room flooded"}); err != nil {
			t.Fatal(err)
		}
		// Zürich meets Sundays at 19:30 (over already); next Sunday's
		// session moves to tonight, 22:30 UTC.
		zurichID := groups[zurich].ID
		moved := time.Date(2026, 11, 22, 22, 30, 0, 0, time.UTC)
		if err := s.SetGroupException(ctx, holdspace.GroupException{GroupID: zurichID, OriginalDate: "2026-11-29", MovedTo: moved, Reason: "Moved for the holiday"}); err != nil {
			t.Fatal(err)
		}
		p, err := s.SearchGroups(ctx, sqlstore.GroupQuery{Today: true})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{taveuniE, zurich}, names(p)); diff != "" {
			t.Errorf("today (-want +got):\n%s", diff)
		}
		for _, q := range []sqlstore.GroupQuery{{}, {Near: true, Lat: londonLat, Lng: londonLng, RadiusKM: 25}, {Today: true}} {
			p, err := s.SearchGroups(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range p.Hits {
				want, err := s.GroupExceptions(ctx, h.Group.ID)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, h.Exceptions); diff != "" {
					t.Errorf("%s: exceptions (-stored +hit):\n%s", h.Group.Name, diff)
				}
				switch h.Group.ID {
				case camdenID:
					if !h.Next.Equal(time.Date(2026, 11, 29, 21, 0, 0, 0, time.UTC)) {
						t.Errorf("Camden's next session %v, want next Sunday's (today's is cancelled)", h.Next)
					}
				case zurichID:
					if !h.Next.Equal(moved) {
						t.Errorf("Zürich's next session %v, want the moved one %v", h.Next, moved)
					}
				}
			}
		}
	})
}
