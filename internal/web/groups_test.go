package web_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"holdspace/internal/testserver"
)

// newGroup is a valid group for the API, to vary.
func newGroup() map[string]any {
	return map[string]any{
		"name": "Second Tuesday Circle", "description": "We meet in my living room.", "category": "grief_loss",
		"audience": "lived_experience", "format": "sharing_circle", "attendance": "in_person", "access": "closed", "cost": "free",
		"languages": []string{"en"}, "accessibility": []string{"large_print"},
		"venue":    map[string]any{"type": "private_home", "address": "22 Acacia Avenue", "city": "Bristol", "country": "GB", "lat": 51.45451, "lng": -2.58791},
		"timezone": "Europe/London",
		"schedule": map[string]any{"rrule": "FREQ=MONTHLY;BYDAY=2TU", "start_time": "19:00", "duration_minutes": 90, "starts_on": "2026-12-01"},
	}
}

func login(t *testing.T, srv *testserver.Server, name, password string) *http.Client {
	t.Helper()
	c := testserver.Client()
	if r := call(t, c, "POST", srv.URL+"/api/v1/auth/login", map[string]string{"display_name": name, "password": password}); r.Status != 200 {
		t.Fatalf("login %s: %d %s", name, r.Status, r.Raw)
	}
	return c
}

func signup(t *testing.T, srv *testserver.Server, name string) *http.Client {
	t.Helper()
	c := testserver.Client()
	if r := call(t, c, "POST", srv.URL+"/api/v1/auth/signup", map[string]string{"display_name": name, "password": "a long enough password"}); r.Status != 201 {
		t.Fatalf("signup %s: %d %s", name, r.Status, r.Raw)
	}
	return login(t, srv, name, "a long enough password")
}

func TestAPIGroups(t *testing.T) {
	startBoth(t, func(t *testing.T, srv *testserver.Server) {
		u := srv.URL + "/api/v1/groups"
		org := signup(t, srv, "Organizer Olu")
		if r := call(t, testserver.Client(), "POST", u, newGroup()); r.Status != 401 {
			t.Errorf("visitor creates a group: %d", r.Status)
		}
		r := call(t, org, "POST", u, newGroup())
		if r.Status != 201 || r.Body["slug"] != "second-tuesday-circle" {
			t.Fatalf("create: %d %s", r.Status, r.Raw)
		}
		// The organizer sees everything; the next session is the 2nd Tuesday.
		if r.Body["next_occurrence"] == nil || !strings.Contains(r.Raw, "22 Acacia Avenue") {
			t.Errorf("organizer's view: %s", r.Raw)
		}
		if r.Body["schedule_text"] != "On the 2nd Tuesday of each month at 19:00" {
			t.Errorf("schedule_text = %v", r.Body["schedule_text"])
		}
		// A second group with the same name gets its own slug.
		if r := call(t, org, "POST", u, newGroup()); r.Body["slug"] != "second-tuesday-circle-2" {
			t.Errorf("second slug: %s", r.Raw)
		}
		// A visitor and a member of no group see the city, rounded
		// coordinates and no street address.
		for _, c := range []*http.Client{testserver.Client(), signup(t, srv, "Passer By")} {
			r := call(t, c, "GET", u+"/second-tuesday-circle", nil)
			if r.Status != 200 || strings.Contains(r.Raw, "Acacia") || strings.Contains(r.Raw, "51.45451") || !strings.Contains(r.Raw, "Bristol") {
				t.Errorf("outsider's view: %d %s", r.Status, r.Raw)
			}
			venue, _ := r.Body["venue"].(map[string]any)
			if venue["lat"] != 51.45 || venue["lng"] != -2.59 {
				t.Errorf("coordinates not rounded to about 1 km: %v", venue)
			}
			page := get(t, c, srv.URL+"/groups/second-tuesday-circle")
			if strings.Contains(page, "Acacia") || strings.Contains(page, "51.45451") {
				t.Error("the group page shows the street address to an outsider")
			}
			ics := get(t, c, srv.URL+"/groups/second-tuesday-circle/calendar.ics")
			if strings.Contains(ics, "Acacia") || !strings.Contains(ics, "RRULE:FREQ=MONTHLY;BYDAY=2TU") {
				t.Errorf("calendar: %s", ics)
			}
		}
		// Edits: the organizer may; others get 404 (nothing confirmed).
		r = call(t, org, "PATCH", u+"/second-tuesday-circle", map[string]any{"name": "Second and Fourth Tuesday Circle", "schedule": map[string]any{"rrule": "FREQ=MONTHLY;BYDAY=2TU,4TU", "start_time": "19:00", "duration_minutes": 90, "starts_on": "2026-12-01"}})
		if r.Status != 200 || r.Body["name"] != "Second and Fourth Tuesday Circle" || r.Body["slug"] != "second-tuesday-circle" {
			t.Errorf("patch: %d %s", r.Status, r.Raw)
		}
		other := signup(t, srv, "Not The Organizer")
		if r := call(t, other, "PATCH", u+"/second-tuesday-circle", map[string]any{"name": "Mine now"}); r.Status != 404 {
			t.Errorf("non-organizer patch: %d %s", r.Status, r.Raw)
		}
		if r := call(t, testserver.Client(), "PATCH", u+"/second-tuesday-circle", map[string]any{"name": "Mine now"}); r.Status != 401 {
			t.Errorf("visitor patch: %d", r.Status)
		}
		if r := call(t, org, "GET", u+"/no-such-group", nil); r.Status != 404 {
			t.Errorf("unknown group: %d", r.Status)
		}
	})
}

func get(t *testing.T, c *http.Client, u string) string {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

func TestAPIGroupsRefuseBadInput(t *testing.T) {
	srv := testserver.Start(t)
	org := signup(t, srv, "Careful Organizer")
	u := srv.URL + "/api/v1/groups"
	for _, tc := range []struct {
		name  string
		edit  func(map[string]any)
		field string
	}{
		{"schedule with no day", func(g map[string]any) { g["schedule"].(map[string]any)["rrule"] = "FREQ=WEEKLY" }, "schedule.rrule"},
		{"time zone that does not exist", func(g map[string]any) { g["timezone"] = "Europe/Atlantis" }, "timezone"},
		{"latitude 91", func(g map[string]any) { g["venue"].(map[string]any)["lat"] = 91 }, "venue.lat"},
		{"5 MB description", func(g map[string]any) { g["description"] = strings.Repeat("words ", 5<<20/6) }, "description"},
		{"unsupported RRULE", func(g map[string]any) { g["schedule"].(map[string]any)["rrule"] = "FREQ=HOURLY;INTERVAL=3" }, "schedule.rrule"},
		{"unknown category", func(g map[string]any) { g["category"] = "therapy" }, "category"},
		{"wrong type", func(g map[string]any) { g["languages"] = "en" }, "languages"},
		{"unknown field", func(g map[string]any) { g["organizer_email"] = "x@example.org" }, "organizer_email"},
	} {
		g := newGroup()
		tc.edit(g)
		r := call(t, org, "POST", u, g)
		if (r.Status != 400 && r.Status != 422) || errField(r, "field") != tc.field {
			t.Errorf("%s: %d %.300s; want 400/422 naming %s", tc.name, r.Status, r.Raw, tc.field)
		}
	}
	// Nothing was stored.
	r := call(t, org, "POST", u, newGroup())
	if r.Status != 201 || r.Body["slug"] != "second-tuesday-circle" {
		t.Errorf("after refusals the first valid group got %v: something was stored", r.Body["slug"])
	}
	// A group called "New" must not take the address of the create form.
	g := newGroup()
	g["name"] = "New"
	if r := call(t, org, "POST", u, g); r.Status != 201 || r.Body["slug"] != "new-group" {
		t.Errorf(`group "New": %d slug %v`, r.Status, r.Body["slug"])
	}
}

func TestGroupForms(t *testing.T) {
	srv := testserver.Start(t, "--demo")
	c := login(t, srv, "Maria", "demo-maria-facilitator")
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	form := url.Values{
		"name": {"Parents Together"}, "description": {"For parents of teenagers."}, "category": {"parenting_caregivers"},
		"audience": {"family_supporters"}, "format": {"open_discussion"}, "access": {"open"}, "cost": {"free"}, "languages": {"en, es"},
		"accessibility": {"wheelchair"}, "attendance": {"in_person"}, "venue_type": {"private_home"}, "address": {"5 Elm Row"},
		"city": {"Edinburgh"}, "country": {"GB"}, "lat": {"55.9533"}, "lng": {"-3.1883"}, "timezone": {"Europe/London"},
		"repeat": {"monthly_nth"}, "days": {"TU"}, "weeks": {"2"}, "start_time": {"19:30"}, "duration": {"90"}, "starts_on": {"2026-12-01"},
	}
	// Errors first: no days for a monthly group, a bad latitude.
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Del("days")
	bad.Set("lat", "north")
	resp := formPost(t, c, srv.URL, "/groups/new", "/groups/new", bad)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	s := string(body)
	if resp.StatusCode != 422 || !strings.Contains(s, `href="#lat"`) || !strings.Contains(s, `href="#days"`) || !strings.Contains(s, `value="Parents Together"`) {
		t.Errorf("form errors: %d %s", resp.StatusCode, s)
	}
	if strings.Index(s, `href="#lat"`) > strings.Index(s, `href="#days"`) {
		t.Error("error summary is not in form order")
	}
	resp = formPost(t, c, srv.URL, "/groups/new", "/groups/new", form)
	resp.Body.Close()
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/groups/parents-together?created=1" {
		t.Fatalf("create by form: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	page := get(t, c, srv.URL+"/groups/parents-together?created=1")
	for _, want := range []string{"Your group has been created", "On the 2nd Tuesday of each month at 19:30", "5 Elm Row", "English, Spanish", "Change the group's details"} {
		if !strings.Contains(page, want) {
			t.Errorf("group page lacks %q", want)
		}
	}
	// The edit form shows the friendly schedule again and saves changes.
	edit := get(t, c, srv.URL+"/groups/parents-together/edit")
	for _, want := range []string{`value="monthly_nth" checked`, `value="TU" checked`, `value="2" checked`, `value="55.9533"`} {
		if !strings.Contains(edit, want) {
			t.Errorf("edit form lacks %q", want)
		}
	}
	form.Set("weeks", "4")
	form.Add("weeks", "2")
	resp = formPost(t, c, srv.URL, "/groups/parents-together/edit", "/groups/parents-together/edit", form)
	resp.Body.Close()
	if resp.StatusCode != 303 {
		t.Fatalf("edit: %d", resp.StatusCode)
	}
	if page := get(t, c, srv.URL+"/groups/parents-together"); !strings.Contains(page, "2nd and 4th Tuesday") {
		t.Error("edit did not change the schedule")
	}
	// Someone else cannot open the edit form; a visitor is sent to log in.
	james := login(t, srv, "James", "demo-james-member")
	resp, _ = james.Get(srv.URL + "/groups/parents-together/edit")
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Errorf("non-organizer edit form: %d", resp.StatusCode)
	}
	visitor := testserver.Client()
	visitor.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, _ = visitor.Get(srv.URL + "/groups/new")
	resp.Body.Close()
	if resp.StatusCode != 303 || !strings.HasPrefix(resp.Header.Get("Location"), "/login?next=") {
		t.Errorf("visitor new-group form: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestGroupCreationCanBeTurnedOff(t *testing.T) {
	srv := testserver.Start(t, "--allow-group-creation=false")
	c := signup(t, srv, "Keen Member")
	if r := call(t, c, "POST", srv.URL+"/api/v1/groups", newGroup()); r.Status != 403 {
		t.Errorf("member creates a group on a closed site: %d %s", r.Status, r.Raw)
	}
}
