package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"holdspace/internal/browsertest"
	"holdspace/internal/directory"
	"holdspace/internal/holdspace"
	"holdspace/internal/sqlstore"
	"holdspace/internal/sqlstore/sqlstoretest"
	"holdspace/internal/synth"
	"holdspace/internal/testserver"
)

// The search tests run against the real clock, so "today" groups meet in
// a fixed-offset zone where it is now between 07:00 and 09:00.
func searchMorningZone(now time.Time) (string, *time.Location) {
	for off := -12; off <= 14; off++ {
		name := "Etc/GMT" // Etc/GMT-3 is three hours ahead of UTC
		if off > 0 {
			name += "-" + strconv.Itoa(off)
		} else if off < 0 {
			name += "+" + strconv.Itoa(-off)
		}
		loc, err := time.LoadLocation(name)
		if err != nil {
			continue
		}
		if h := now.In(loc).Hour(); h >= 7 && h < 9 {
			return name, loc
		}
	}
	panic("no zone where it is morning")
}

// searchGroup is a test group, written the short way.
type searchGroup struct {
	slug, name, description, category, attendance, access, cost, venue string
	langs, access11y                                                   []string
	lat, lng                                                           float64
	zone, rrule, start                                                 string
}

// searchGroups returns the fixtures, all in zone, where it is morning:
// the daily 20:00 group meets today, the online one in about two hours,
// and the 05:00 ones next meet tomorrow or later, whatever the weekday.
func searchGroups(zone string, loc *time.Location, now time.Time) []searchGroup {
	soon := now.In(loc).Add(2*time.Hour + 5*time.Minute).Format("15:04")
	daily := "FREQ=WEEKLY;BYDAY=SU,MO,TU,WE,TH,FR,SA"
	return []searchGroup{
		{"anxiety-circle", "Tuesday Hope Anxiety Circle", "A calm circle for worry and panic.", "mental_health", "in_person", "open", "free", "community_center",
			[]string{"en"}, []string{"wheelchair"}, 51.5072, -0.1276, zone, daily, "05:00"},
		{"camden-grief", "Camden Grief Café", "Tea, cake and company after a loss.", "grief_loss", "in_person", "open", "donation", "community_center",
			[]string{"en"}, nil, 51.5390, -0.1426, zone, daily, "20:00"},
		{"brighton-carers", "Brighton Carers Drop-in", "For people who look after someone.", "parenting_caregivers", "hybrid", "closed", "fee", "clinic",
			[]string{"en", "pl"}, []string{"captions"}, 50.8225, -0.1372, zone, "FREQ=MONTHLY;BYDAY=2MO", "05:00"},
		{"online-recovery", "Online Recovery Step Meeting", "Staying clean, one day at a time.", "addiction_recovery", "online", "open", "free", "online",
			[]string{"es"}, []string{"captions"}, 0, 0, zone, daily, soon},
		{"kitchen-table", "Kitchen Table Bereavement Circle", "We meet in a member's home.", "grief_loss", "in_person", "closed", "free", "private_home",
			[]string{"en"}, nil, 51.51553, -0.09217, zone, "FREQ=WEEKLY;BYDAY=WE", "05:00"},
		{"zurich-talk", "Zürich Gesprächskreis", "Für Menschen mit chronischen Schmerzen.", "chronic_illness_disability", "in_person", "open", "free", "place_of_worship",
			[]string{"de"}, []string{"large_print"}, 47.3769, 8.5417, zone, "FREQ=WEEKLY;BYDAY=TH", "05:00"},
	}
}

const searchSecretAddress = "12 Secret Lane"

// startSearchSite makes a database on each dialect, fills it with the
// fixtures (and extra synthetic groups), and starts the real server on it.
func startSearchSite(t *testing.T, extra int, fn func(t *testing.T, srv *testserver.Server, zone string)) {
	t.Run("sqlite", func(t *testing.T) { fn(searchSite(t, sqlstoretest.SQLiteDSN(t), extra)) })
	t.Run("postgres", func(t *testing.T) { fn(searchSite(t, sqlstoretest.PostgresDSN(t), extra)) })
}

// searchSite fills the database at dsn and starts the server on it.
func searchSite(t *testing.T, dsn string, extra int) (*testing.T, *testserver.Server, string) {
	t.Helper()
	{
		now := time.Now()
		zone, loc := searchMorningZone(now)
		store := sqlstoretest.Open(t, dsn, nil)
		ctx := context.Background()
		for _, f := range searchGroups(zone, loc, now) {
			url := ""
			if f.attendance != "in_person" {
				url = "https://meet.example.org/room-" + f.slug
			}
			v := &directory.VenueInput{Type: f.venue, City: "Somewhere", Address: "1 Public Road"}
			if f.venue == "private_home" {
				v.Address = searchSecretAddress
			}
			if f.lat != 0 {
				v.Lat, v.Lng = &f.lat, &f.lng
			}
			audience, format := "lived_experience", "sharing_circle"
			in := directory.Input{Name: &f.name, Description: &f.description, Category: &f.category, Format: &format, Audience: &audience,
				Attendance: &f.attendance, Access: &f.access, Cost: &f.cost, Languages: &f.langs, Accessibility: &f.access11y,
				Venue: v, OnlineURL: &url, Timezone: &f.zone,
				Schedule: &directory.ScheduleInput{RRule: f.rrule, StartTime: f.start, DurationMinutes: 60, StartsOn: "2025-01-01"}}
			g, errs := directory.Apply(holdspace.Group{Slug: f.slug}, in)
			if len(errs) > 0 {
				t.Fatalf("%s: %v", f.name, errs)
			}
			if _, err := store.CreateGroup(ctx, g, ""); err != nil {
				t.Fatal(err)
			}
		}
		if extra > 0 {
			gen := synth.New(5)
			var list []holdspace.Group
			for i := 0; i < extra; i++ {
				g := gen.Group(i)
				// All in Leeds, far from the fixtures, all "Peer" groups.
				lat, lng := 53.8+float64(i)/10000, -1.55
				g.Name = fmt.Sprintf("Peer Group %03d", i)
				g.Venue.Type, g.Attendance, g.OnlineURL, g.Venue.Lat, g.Venue.Lng = "community_center", "in_person", "", &lat, &lng
				list = append(list, g)
			}
			if err := store.InsertGroups(ctx, list); err != nil {
				t.Fatal(err)
			}
		}
		store.Close()
		return t, testserver.Start(t, "--db", dsn), zone
	}
}

// searchAPI asks the search API and returns the answer's groups.
type searchAnswer struct {
	Status int
	Raw    string
	Groups []struct {
		Slug           string   `json:"slug"`
		Name           string   `json:"name"`
		NextOccurrence *string  `json:"next_occurrence"`
		DistanceKM     *float64 `json:"distance_km"`
		OnlineURL      string   `json:"online_url"`
		Venue          struct {
			Address string   `json:"address"`
			Lat     *float64 `json:"lat"`
			Lng     *float64 `json:"lng"`
		} `json:"venue"`
	} `json:"groups"`
	Next *string `json:"next"`
	Hint *struct {
		Field, Label, Message string
		Count                 int
	} `json:"hint"`
	Error struct {
		Code, Field, Message string
	} `json:"error"`
}

func searchAPI(t *testing.T, c *http.Client, srv *testserver.Server, query string) searchAnswer {
	t.Helper()
	resp, err := c.Get(srv.URL + "/api/v1/groups?" + query)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	a := searchAnswer{Status: resp.StatusCode, Raw: string(raw)}
	if err := json.Unmarshal(raw, &a); err != nil {
		t.Fatalf("%s: not JSON: %v: %s", query, err, raw)
	}
	return a
}

func (a searchAnswer) slugs() []string {
	out := []string{}
	for _, g := range a.Groups {
		out = append(out, g.Slug)
	}
	return out
}

func TestSearchAPIFilters(t *testing.T) {
	startSearchSite(t, 0, func(t *testing.T, srv *testserver.Server, zone string) {
		c := testserver.Client()
		tz := "&tz=" + url.QueryEscape(zone)
		for _, tc := range []struct {
			query string
			want  []string // in order
		}{
			{"", []string{"brighton-carers", "camden-grief", "kitchen-table", "online-recovery", "anxiety-circle", "zurich-talk"}},
			{"q=anxiety", []string{"anxiety-circle"}},
			{"q=Panic", []string{"anxiety-circle"}},
			{"q=grief", []string{"camden-grief", "kitchen-table"}}, // "Grief and loss" is their category
			{"q=grief+tea", []string{"camden-grief"}},
			{"q=gespr%C3%A4ch", []string{"zurich-talk"}},
			{"category=grief_loss", []string{"camden-grief", "kitchen-table"}},
			{"attendance=hybrid", []string{"brighton-carers"}},
			{"attendance=online", []string{"online-recovery"}},
			{"access=closed", []string{"brighton-carers", "kitchen-table"}},
			{"cost=donation", []string{"camden-grief"}},
			{"audience=lived_experience&format=sharing_circle&category=other", []string{}},
			{"language=pl", []string{"brighton-carers"}},
			{"language=ES", []string{"online-recovery"}},
			{"accessibility=captions", []string{"brighton-carers", "online-recovery"}},
			{"accessibility=captions&accessibility=wheelchair", []string{}},
			{"day=we", []string{"camden-grief", "kitchen-table", "online-recovery", "anxiety-circle"}},
			{"day=4", []string{"camden-grief", "online-recovery", "anxiety-circle", "zurich-talk"}},
			{"day=monday", []string{"brighton-carers", "camden-grief", "online-recovery", "anxiety-circle"}},
			// Morning in zone: 20:00 today and the one in about two hours; not 05:00 (tomorrow).
			{"today=1" + tz, []string{"online-recovery", "camden-grief"}},
			{"within_hours=3" + tz, []string{"online-recovery"}},
			{"within_hours=1" + tz, []string{}},
			{"near=51.5072,-0.1276", []string{"anxiety-circle", "kitchen-table", "camden-grief"}},
			{"near=51.5072,-0.1276&radius_km=100", []string{"anxiety-circle", "kitchen-table", "camden-grief", "brighton-carers"}},
			{"near=51.5072,-0.1276&q=circle&category=grief_loss&access=closed", []string{"kitchen-table"}},
			{"near=51.5072,-0.1276&today=1" + tz, []string{"camden-grief"}},
			{"q=caf%C3%A9&near=51.5,-0.13&cost=donation&attendance=in_person", []string{"camden-grief"}},
			{"category=grief_loss&day=we&language=en", []string{"camden-grief", "kitchen-table"}},
		} {
			t.Run(tc.query, func(t *testing.T) {
				a := searchAPI(t, c, srv, tc.query)
				if a.Status != 200 {
					t.Fatalf("status %d: %s", a.Status, a.Raw)
				}
				if diff := cmp.Diff(tc.want, a.slugs()); diff != "" {
					t.Errorf("results (-want +got):\n%s", diff)
				}
				near := strings.Contains(tc.query, "near=")
				for _, g := range a.Groups {
					if g.NextOccurrence == nil {
						t.Errorf("%s: no next_occurrence", g.Slug)
					} else if _, err := time.Parse(time.RFC3339, *g.NextOccurrence); err != nil {
						t.Errorf("%s: next_occurrence %q is not RFC 3339", g.Slug, *g.NextOccurrence)
					}
					if (g.DistanceKM != nil) != near {
						t.Errorf("%s: distance_km %v with near=%v", g.Slug, g.DistanceKM, near)
					}
					if g.Name == "" {
						t.Errorf("%s: no name", g.Slug)
					}
				}
				if a.Next == nil || *a.Next != "" {
					t.Errorf("one page of results: next = %v, want \"\"", a.Next)
				}
			})
		}
		// Distances are sorted and the radius is a hard edge.
		a := searchAPI(t, c, srv, "near=51.5072,-0.1276&radius_km=100")
		last := -1.0
		for _, g := range a.Groups {
			if *g.DistanceKM < last {
				t.Errorf("not nearest first: %v after %v", *g.DistanceKM, last)
			}
			last = *g.DistanceKM
		}
		d := directory.DistanceKM(51.5072, -0.1276, 50.8225, -0.1372)
		for _, tc := range []struct {
			radius float64
			want   bool
		}{{d - 0.05, false}, {d + 0.05, true}} {
			a := searchAPI(t, c, srv, fmt.Sprintf("near=51.5072,-0.1276&radius_km=%.3f&category=parenting_caregivers", tc.radius))
			if got := len(a.Groups) == 1; got != tc.want {
				t.Errorf("Brighton at %.2f km, radius %.2f: found %v, want %v", d, tc.radius, got, tc.want)
			}
		}
	})
}

func TestSearchAPIPaging(t *testing.T) {
	startSearchSite(t, 25, func(t *testing.T, srv *testserver.Server, zone string) {
		c := testserver.Client()
		for _, query := range []string{"", "q=peer", "near=53.8,-1.55&radius_km=50", "within_hours=168", "day=mo"} {
			t.Run(query, func(t *testing.T) {
				whole := searchAPI(t, c, srv, query+"&limit=100")
				want := whole.slugs()
				if len(want) < 5 {
					t.Fatalf("only %d results", len(want))
				}
				var got []string
				u := query + "&limit=3"
				for pages := 0; ; pages++ {
					a := searchAPI(t, c, srv, u)
					if a.Status != 200 {
						t.Fatalf("%s: %d %s", u, a.Status, a.Raw)
					}
					got = append(got, a.slugs()...)
					if *a.Next == "" {
						break
					}
					if pages > 50 {
						t.Fatal("paging does not end")
					}
					u = query + "&limit=3&cursor=" + url.QueryEscape(*a.Next)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("page by page (-one page +pages):\n%s", diff)
				}
			})
		}
		if a := searchAPI(t, c, srv, "limit=1000"); a.Status != 200 || len(a.Groups) != 31 {
			t.Errorf("limit above 100: %d, %d groups", a.Status, len(a.Groups))
		}
		if a := searchAPI(t, c, srv, "limit=100"); len(a.Groups) != 31 {
			t.Errorf("limit=100: %d groups, want all 31", len(a.Groups))
		}
	})
}

func TestSearchRefusesBadInput(t *testing.T) {
	startSearchSite(t, 0, func(t *testing.T, srv *testserver.Server, zone string) {
		c := testserver.Client()
		for _, tc := range []struct{ query, field string }{
			{"q=" + strings.Repeat("a", 201), "q"},
			{"near=abc", "near"},
			{"near=51.5", "near"},
			{"near=91,0", "near"},
			{"near=0,181", "near"},
			{"near=NaN,0", "near"},
			{"near=51.5,-0.1&radius_km=0", "radius_km"},
			{"near=51.5,-0.1&radius_km=501", "radius_km"},
			{"near=51.5,-0.1&radius_km=far", "radius_km"},
			{"category=astrology", "category"},
			{"audience=everyone", "audience"},
			{"attendance=telepathy", "attendance"},
			{"access=secret", "access"},
			{"cost=expensive", "cost"},
			{"accessibility=ramp", "accessibility"},
			{"language=!!", "language"},
			{"day=funday", "day"},
			{"day=7", "day"},
			{"today=maybe", "today"},
			{"today=1&tz=Mars/Olympus_Mons", "tz"},
			{"within_hours=0", "within_hours"},
			{"within_hours=soon", "within_hours"},
			{"limit=0", "limit"},
			{"cursor=not-a-cursor", "cursor"},
		} {
			a := searchAPI(t, c, srv, tc.query)
			if a.Status != 422 || a.Error.Field != tc.field || a.Error.Code != "invalid" || a.Error.Message == "" {
				t.Errorf("%.60s: %d %s; want 422 naming %s", tc.query, a.Status, a.Raw, tc.field)
			}
		}
		// The page shows the same problems in an error summary that links
		// to the field, keeps what was typed, and answers 422.
		for _, tc := range []struct{ query, id, message string }{
			{"q=" + strings.Repeat("a", 201), "q", "Search words must be 200 characters or less"},
			{"near=91,0", "near", "Latitude must be between -90 and 90"},
			{"near=51.5,0&radius_km=0", "radius_km", "Distance must be more than 0 km and at most 500 km"},
			{"category=astrology", "category", "Select a kind of group from the list"},
			{"today=1&tz=Mars", "today", "Enter a time zone like Europe/London"},
		} {
			status, body := searchPage(t, c, srv, tc.query)
			if status != 422 || !strings.Contains(body, "There is a problem") || !strings.Contains(body, `href="#`+tc.id+`"`) ||
				!strings.Contains(body, tc.message) || !strings.Contains(body, "<title>Error: ") {
				t.Errorf("page %.60s: %d; want 422 with an error summary linking #%s saying %q", tc.query, status, tc.id, tc.message)
			}
		}
		_, body := searchPage(t, c, srv, "near=91,0&q=kept+words")
		if !strings.Contains(body, `value="91,0"`) || !strings.Contains(body, `value="kept words"`) {
			t.Error("the page with errors does not keep what was typed")
		}
	})
}

func searchPage(t *testing.T, c *http.Client, srv *testserver.Server, query string) (int, string) {
	t.Helper()
	resp, err := c.Get(srv.URL + "/groups?" + query)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(raw)
}

func TestSearchHidesPrivateDetails(t *testing.T) {
	startSearchSite(t, 0, func(t *testing.T, srv *testserver.Server, zone string) {
		// A visitor, and a member of a private-home group (its organizer),
		// see the same public details in search results.
		visitor := testserver.Client()
		member := signup(t, srv, "Home Host")
		body := newGroup()
		body["name"] = "Sofa Circle"
		body["venue"] = map[string]any{"type": "private_home", "address": "7 Hidden Mews", "city": "London", "country": "GB", "lat": 51.49871, "lng": -0.11134}
		if r := call(t, member, "POST", srv.URL+"/api/v1/groups", body); r.Status != 201 {
			t.Fatalf("create group: %d %s", r.Status, r.Raw)
		}
		for who, c := range map[string]*http.Client{"visitor": visitor, "member": member} {
			for _, query := range []string{"near=51.5,-0.12&radius_km=10", "q=sofa", "q=kitchen", "category=grief_loss", ""} {
				a := searchAPI(t, c, srv, query)
				for _, secret := range []string{searchSecretAddress, "7 Hidden Mews", "51.51553", "-0.09217", "51.49871", "-0.11134", "meet.example.org", "online_url"} {
					if strings.Contains(a.Raw, secret) {
						t.Errorf("%s, API %q: answer contains %q", who, query, secret)
					}
				}
				for _, g := range a.Groups {
					if g.Slug == "kitchen-table" && (g.Venue.Lat == nil || *g.Venue.Lat != 51.52 || *g.Venue.Lng != -0.09) {
						t.Errorf("%s: kitchen-table position %v,%v, want the rounded 51.52,-0.09", who, g.Venue.Lat, g.Venue.Lng)
					}
				}
				_, page := searchPage(t, c, srv, query)
				for _, secret := range []string{searchSecretAddress, "7 Hidden Mews", "51.51553", "51.49871", "meet.example.org"} {
					if strings.Contains(page, secret) {
						t.Errorf("%s, page %q: contains %q", who, query, secret)
					}
				}
			}
		}
		// The distance is measured from the rounded position, so it tells
		// no more than the public position does.
		a := searchAPI(t, visitor, srv, "near=51.5,-0.12&q=kitchen")
		if len(a.Groups) != 1 || a.Groups[0].DistanceKM == nil {
			t.Fatalf("kitchen-table near: %s", a.Raw)
		}
		want := math.Round(directory.DistanceKM(51.5, -0.12, 51.52, -0.09)*100) / 100
		if *a.Groups[0].DistanceKM != want {
			t.Errorf("distance %v, want %v (from the rounded position)", *a.Groups[0].DistanceKM, want)
		}
	})
}

func TestSearchEmptyResultHint(t *testing.T) {
	startSearchSite(t, 0, func(t *testing.T, srv *testserver.Server, zone string) {
		c := testserver.Client()
		tz := "&tz=" + url.QueryEscape(zone)
		for _, tc := range []struct {
			query, field, message string
		}{
			// The anxiety circle meets at 05:00: not today where it is morning.
			{"q=anxiety&today=1" + tz, "today", "No groups match. Try without 'Today', which leaves 1 group."},
			{"q=anxiety&category=grief_loss", "category", "No groups match. Try without 'Grief and loss', which leaves 1 group."},
			// Dropping either helps; the smaller change (fewer groups) wins.
			{"category=grief_loss&attendance=online", "category", "No groups match. Try without 'Grief and loss', which leaves 1 group."},
			{"q=schmerzen&near=51.5,-0.12", "near", "No groups match. Try without 'Within 25 km', which leaves 1 group."},
			{"language=de&accessibility=captions&accessibility=large_print", "accessibility", "No groups match. Try without 'Captions', which leaves 1 group."},
			{"q=quokka&category=grief_loss", "q", "No groups match. Try without 'quokka', which leaves 2 groups."},
		} {
			a := searchAPI(t, c, srv, tc.query)
			if a.Status != 200 || len(a.Groups) != 0 || a.Hint == nil || a.Hint.Field != tc.field || a.Hint.Message != tc.message {
				t.Errorf("%s: %d %s; want a hint naming %s", tc.query, a.Status, a.Raw, tc.field)
			}
			status, page := searchPage(t, c, srv, tc.query)
			if status != 200 || !strings.Contains(page, htmlEscapeApos(tc.message)) || !strings.Contains(page, `href="/groups"`) {
				t.Errorf("page %s: %d; want the hint %q and a way to clear the filters", tc.query, status, tc.message)
			}
		}
		// The hint's link runs the search without that filter.
		_, page := searchPage(t, c, srv, "q=anxiety&category=grief_loss")
		m := regexp.MustCompile(`<a href="(/groups\?[^"]*)">Search without`).FindStringSubmatch(page)
		if m == nil {
			t.Fatal("no link to search without the filter")
		}
		_, relaxed := searchPage(t, c, srv, strings.TrimPrefix(strings.ReplaceAll(m[1], "&amp;", "&"), "/groups?"))
		if !strings.Contains(relaxed, "Tuesday Hope Anxiety Circle") || !strings.Contains(relaxed, "1 group found") {
			t.Errorf("the hint's link %s does not find the group", m[1])
		}
		// Words alone: dropping them is the hint.
		a := searchAPI(t, c, srv, "q=quokka")
		if a.Hint == nil || a.Hint.Field != "q" || a.Hint.Count != 6 {
			t.Errorf("q=quokka: %s; want the hint to drop the words", a.Raw)
		}
	})
}

func htmlEscapeApos(s string) string { return strings.ReplaceAll(s, "'", "&#39;") }

func TestSearchPage(t *testing.T) {
	startSearchSite(t, 45, func(t *testing.T, srv *testserver.Server, zone string) {
		c := testserver.Client()
		status, page := searchPage(t, c, srv, "q=peer&page=2")
		if status != 200 {
			t.Fatalf("status %d", status)
		}
		for _, want := range []string{
			`<title>Find a group: peer (page 2 of 3) – Holdspace</title>`,
			`<form action="/groups" method="get" role="search"`,
			`novalidate`,
			`<h2 class="app-heading-m" id="results-heading">45 groups found</h2>`,
			`<ol class="app-results" aria-labelledby="results-heading" start="21">`,
			`<h3 class="app-heading-s"><a href="/groups/`,
			`<nav class="app-pagination" aria-label="Results pages">`,
			`aria-label="Page 2" aria-current="page"`,
			`rel="prev" href="/groups?q=peer"`,
			`rel="next" href="/groups?page=3&amp;q=peer"`,
			`<a href="/groups">Clear filters</a>`,
			`<time datetime="`,
		} {
			if !strings.Contains(page, want) {
				t.Errorf("page 2 lacks %s", want)
			}
		}
		if n := strings.Count(page, `<li class="app-results__item">`); n != 20 {
			t.Errorf("%d results on page 2, want 20", n)
		}
		nav := page[strings.Index(page, `<nav class="app-pagination"`):]
		nav = nav[:strings.Index(nav, "</nav>")]
		if strings.Count(nav, `aria-current="page"`) != 1 {
			t.Error("the pagination has not exactly one current page")
		}
		// Page 3 has the last 5; page 9 does not exist and goes back to page 1.
		if _, p3 := searchPage(t, c, srv, "q=peer&page=3"); strings.Count(p3, `<li class="app-results__item">`) != 5 {
			t.Error("page 3 does not have the last 5 groups")
		}
		noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := noRedirect.Get(srv.URL + "/groups?q=peer&page=9")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 303 || resp.Header.Get("Location") != "/groups?q=peer" {
			t.Errorf("page out of range: %d to %q, want 303 to /groups?q=peer", resp.StatusCode, resp.Header.Get("Location"))
		}
		// With no search at all it lists every group, and there is nothing
		// to clear; one page needs no pagination.
		_, all := searchPage(t, c, srv, "")
		if !strings.Contains(all, "51 groups found") || strings.Contains(all, "Clear filters") {
			t.Error("the unfiltered page does not list every group or offers to clear nothing")
		}
		_, one := searchPage(t, c, srv, "category=grief_loss&near=51.5072,-0.1276")
		if !strings.Contains(one, "2 groups found") || strings.Contains(one, "app-pagination") || !strings.Contains(one, `<details class="app-filter" open>`) {
			t.Error("a one-page filtered search shows pagination or hides its filters")
		}
		// The filter radios reflect the search, with "Any" first.
		if !strings.Contains(one, `id="category-6" name="category" value="grief_loss" checked`) || !strings.Contains(one, `id="category" name="category" value=""`) {
			t.Error("the category radios do not show the search")
		}
	})
}

// Make sure the store's page size and the page agree.
var _ = sqlstore.DefaultSearchLimit

// TestBrowserSearch uses the page in a real browser: axe-clean in both
// palettes and at 320px, with results, pages, an empty result and errors,
// and a search typed into the form and sent without JavaScript's help.
func TestBrowserSearch(t *testing.T) {
	b := browsertest.New(t) // first: it skips at once without Chromium
	_, srv, _ := searchSite(t, sqlstoretest.SQLiteDSN(t), 45)
	ctx := b.NewContext(t)
	for _, tc := range []struct {
		path   string
		status int
	}{
		{"/groups", 200},
		{"/groups?q=peer&page=2", 200},
		{"/groups?q=anxiety&category=grief_loss", 200},
		{"/groups?near=91,0&radius_km=0&category=astrology", 422},
	} {
		wantStatus(t, tc.path, browsertest.Navigate(t, ctx, srv.URL+tc.path), tc.status)
		agreementAxeHere(t, ctx, tc.path)
	}
	wantErrorPage(t, ctx, map[string]string{"#near": "Latitude must be between -90 and 90",
		"#radius_km": "Distance must be more than 0 km and at most 500 km", "#category": "Select a kind of group from the list: one of mental_health, addiction_recovery, parenting_caregivers, chronic_illness_disability, grief_loss, other"})
	wantStatus(t, "the search page", browsertest.Navigate(t, ctx, srv.URL+"/groups"), 200)
	browsertest.Type(t, ctx, "#q", "kitchen")
	wantStatus(t, "search", browsertest.ClickAndWait(t, ctx, "main form button[type=submit]"), 200)
	wantText(t, ctx, "#results-heading", "1 group found")
	wantText(t, ctx, "main ol", "Kitchen Table Bereavement Circle")
}
