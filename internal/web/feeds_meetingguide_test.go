package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"holdspace/internal/cli"
	"holdspace/internal/directory"
	"holdspace/internal/meetingguide"
	"holdspace/internal/sqlstore/sqlstoretest"
	"holdspace/internal/testserver"
)

// getFeed fetches the Meeting Guide feed, checks its headers and its shape
// strictly (the forgiving parser would hide mistakes), and returns the raw
// body and the parsed meetings.
func getFeed(t *testing.T, srv *testserver.Server) (string, []meetingguide.Meeting) {
	t.Helper()
	resp, err := testserver.Client().Get(srv.URL + "/feeds/meeting-guide.json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 {
		t.Fatalf("feed: %d %s", resp.StatusCode, raw)
	}
	for h, want := range map[string]string{
		"Content-Type":                "application/json; charset=utf-8",
		"Cache-Control":               "public, max-age=300",
		"Access-Control-Allow-Origin": "*",
	} {
		if got := resp.Header.Get(h); got != want {
			t.Errorf("%s: got %q, want %q", h, got, want)
		}
	}

	// The wire format, as the spec writes it.
	var wire []map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&wire); err != nil {
		t.Fatalf("feed is not a JSON array: %v", err)
	}
	clock := regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)
	slugs := map[string]bool{}
	var order []string
	for i, m := range wire {
		name, _ := m["name"].(string)
		slug, _ := m["slug"].(string)
		if name == "" || slug == "" || slugs[slug] {
			t.Errorf("meeting %d: name %q, slug %q (empty or repeated)", i, name, slug)
		}
		slugs[slug] = true
		order = append(order, slug)
		var days []any
		switch d := m["day"].(type) {
		case json.Number:
			days = []any{d}
		case []any:
			days = d
		default:
			t.Errorf("%s: day is %T", slug, m["day"])
		}
		for _, d := range days {
			n, ok := d.(json.Number)
			if v, err := n.Int64(); !ok || err != nil || v < 0 || v > 6 {
				t.Errorf("%s: day %v is not 0-6", slug, d)
			}
		}
		for _, k := range []string{"time", "end_time"} {
			if s, _ := m[k].(string); !clock.MatchString(s) {
				t.Errorf("%s: %s %q is not HH:MM", slug, k, s)
			}
		}
		if tz, _ := m["timezone"].(string); tz == "" {
			t.Errorf("%s: no timezone", slug)
		} else if _, err := time.LoadLocation(tz); err != nil {
			t.Errorf("%s: timezone %q: %v", slug, tz, err)
		}
		if u, _ := m["url"].(string); u != srv.URL+"/groups/"+slug {
			t.Errorf("%s: url %q is not the absolute group page", slug, u)
		}
		if _, err := time.Parse("2006-01-02 15:04:05", fmt.Sprint(m["updated"])); err != nil {
			t.Errorf("%s: updated %v", slug, m["updated"])
		}
	}
	if !sort.StringsAreSorted(order) {
		t.Errorf("meetings are not in slug order: %v", order)
	}

	feed, err := meetingguide.Parse(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	for _, p := range feed.Problems {
		t.Errorf("reading our own feed: %s", p)
	}
	for _, m := range feed.Meetings {
		for _, p := range meetingguide.Validate(m) {
			t.Errorf("%s does not conform: %s", m.Slug, p)
		}
	}
	if len(feed.Meetings) != len(wire) {
		t.Errorf("Parse kept %d of %d meetings", len(feed.Meetings), len(wire))
	}
	return string(raw), feed.Meetings
}

func meetingBySlug(t *testing.T, ms []meetingguide.Meeting, slug string) meetingguide.Meeting {
	t.Helper()
	for _, m := range ms {
		if m.Slug == slug {
			return m
		}
	}
	t.Fatalf("no meeting %q in the feed", slug)
	return meetingguide.Meeting{}
}

func TestMeetingGuideFeed(t *testing.T) {
	startBoth(t, func(t *testing.T, srv *testserver.Server) {
		raw, ms := getFeed(t, srv)
		if len(ms) != 6 {
			t.Errorf("got %d meetings, want the 6 demo groups", len(ms))
		}
		// Nothing private: the private home's street and exact position,
		// online room links, members' names.
		for _, secret := range []string{"Rosemount", "53.818", "-1.554", "video.example.org", "Maria", "Keiko", "Jay", "contact_", "email", "@"} {
			if strings.Contains(raw, secret) {
				t.Errorf("the feed contains %q", secret)
			}
		}

		home := meetingBySlug(t, ms, "carers-coffee-morning")
		if home.Address != "" || home.Approximate == nil || !*home.Approximate || home.City != "Leeds" {
			t.Errorf("private home: address %q, approximate %v, city %q", home.Address, home.Approximate, home.City)
		}
		if home.Latitude == nil || *home.Latitude != 53.82 || *home.Longitude != -1.55 {
			t.Errorf("private home coordinates: got %v, %v; want rounded to 53.82, -1.55", home.Latitude, home.Longitude)
		}
		if !strings.Contains(home.Notes, "private home") {
			t.Errorf("private home notes: %q", home.Notes)
		}

		// Schedules the format cannot say are there, with their next date.
		for slug, want := range map[string]string{
			"carers-coffee-morning":         "Meets on the 2nd Tuesday of each month at 10:30, not every week; next on Tuesday",
			"after-loss-circle":             "Meets on the last Thursday of each month at 18:00, not every week; next on Thursday",
			"living-well-with-chronic-pain": "Meets every other Wednesday at 18:30, not every week; next on Wednesday",
		} {
			m := meetingBySlug(t, ms, slug)
			if !strings.HasPrefix(m.Notes, want) {
				t.Errorf("%s notes: got %q, want %q...", slug, m.Notes, want)
			}
		}
		if m := meetingBySlug(t, ms, "carers-coffee-morning"); fmt.Sprint(m.Day) != "[2]" || m.Time != "10:30" || m.EndTime != "12:00" {
			t.Errorf("2nd Tuesday group: day %v %s-%s", m.Day, m.Time, m.EndTime)
		}
		if m := meetingBySlug(t, ms, "new-dawn-recovery"); fmt.Sprint(m.Day) != "[1 4]" || m.Notes != "A 12-step meeting for anyone who wants to stop drinking or using. Coffee from 6:30." {
			t.Errorf("weekly group: day %v, notes %q", m.Day, m.Notes)
		}

		// Online and hybrid groups are online to a meeting finder, through
		// the group page.
		for _, slug := range []string{"tuesday-evening-anxiety-circle", "living-well-with-chronic-pain", "grupo-de-apoyo-ansiedad"} {
			m := meetingBySlug(t, ms, slug)
			if m.ConferenceURL != m.URL || m.ConferencePhone != "" || m.ConferenceURLNotes == "" || !m.IsOnline() {
				t.Errorf("%s: conference_url %q, url %q, notes %q", slug, m.ConferenceURL, m.URL, m.ConferenceURLNotes)
			}
		}
		if m := meetingBySlug(t, ms, "tuesday-evening-anxiety-circle"); m.Attendance() != meetingguide.Hybrid {
			t.Errorf("the hybrid group reads as %q", m.Attendance())
		}
		if m := meetingBySlug(t, ms, "new-dawn-recovery"); m.ConferenceURL != "" || m.Attendance() != meetingguide.InPerson {
			t.Errorf("in-person group: conference_url %q, attendance %q", m.ConferenceURL, m.Attendance())
		}

		types := map[string]string{}
		for _, m := range ms {
			types[m.Slug] = strings.Join(m.Types, " ")
		}
		want := map[string]string{
			"after-loss-circle":              "C X EN",
			"carers-coffee-morning":          "C D XT X EN",
			"grupo-de-apoyo-ansiedad":        "O S",
			"living-well-with-chronic-pain":  "O EN",
			"new-dawn-recovery":              "O X EN S",
			"tuesday-evening-anxiety-circle": "O X EN",
		}
		if diff := cmp.Diff(want, types); diff != "" {
			t.Errorf("types (-want +got):\n%s", diff)
		}

		// The same directory gives the same bytes.
		if again, _ := getFeed(t, srv); again != raw {
			t.Errorf("the feed changed between two requests")
		}
	}, "--demo")
}

func TestMeetingGuideFeedEmpty(t *testing.T) {
	srv := testserver.Start(t)
	if raw, ms := getFeed(t, srv); len(ms) != 0 || strings.TrimSpace(raw) != "[\n]" {
		t.Errorf("empty directory: %q", raw)
	}
}

const fixtureDir = "../meetingguide/testdata/fixtures"

// roundTripFeeds are the sample feeds imported for the round trip (the
// malformed one is left out) and how many groups each makes.
var roundTripFeeds = map[string]int{
	"appointment-2.json":             1,
	"kansas-city-45.json":            45,
	"synthetic-25.json":              21,
	"synthetic-multi-region-12.json": 12,
	"timezones-2.json":               0,
	"tsml-atlanta-6.json":            6,
	"tsml-template.csv":              36,
	"tsml-times-9.json":              7,
}

// bigFeed writes a generated feed of n meetings, more than the store reads
// in one page, in two zones, some hybrid, with the types Holdspace models.
func bigFeed(t *testing.T, n int) string {
	var feed []map[string]any
	typeSets := [][]string{{"O"}, {"C", "X"}, {"O", "S"}, {"C", "FR", "EN"}, {"O", "ASL", "X"}}
	for i := 0; i < n; i++ {
		m := map[string]any{
			"slug": fmt.Sprintf("gen-%04d", i), "name": fmt.Sprintf("Generated meeting %d", i),
			"day": i % 7, "time": fmt.Sprintf("%02d:%02d", 6+i%16, (i%4)*15), "end_time": fmt.Sprintf("%02d:%02d", 7+i%16, (i%4)*15),
			"address": fmt.Sprintf("%d Main St", i+1), "city": "Springfield", "state": "IL", "country": "US",
			"latitude": 39.7817 + float64(i)*1e-4, "longitude": -89.6501 - float64(i)*1e-4,
			"types": typeSets[i%len(typeSets)], "timezone": []string{"America/Chicago", "Europe/London"}[i%2],
		}
		if i%3 == 0 {
			m["conference_url"] = fmt.Sprintf("https://zoom.us/j/%d", 1000+i)
		}
		feed = append(feed, m)
	}
	b, _ := json.Marshal(feed)
	path := filepath.Join(t.TempDir(), "big.json")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// importInto runs `holdspace import meeting-guide` with the database flags.
func importInto(t *testing.T, db []string, path string) {
	t.Helper()
	var out, errb bytes.Buffer
	args := append(append([]string{"import", "meeting-guide"}, db...), "--timezone", "America/Chicago", path)
	if code := cli.Run(context.Background(), args, cli.Env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}); code != 0 {
		t.Fatalf("import %s: code %d\n%s\n%s", path, code, out.String(), errb.String())
	}
}

// expectedTypes are the types an imported meeting has once published: what
// Holdspace models of them (open or closed, X, ASL, languages, English when
// none is given).
func expectedTypes(m meetingguide.Meeting) []string {
	want := []string{"O"}
	if m.HasType("C") && !m.HasType("O") {
		want = []string{"C"}
	}
	var langs []string
	for _, t := range m.Types {
		switch {
		case t == "X" || t == "ASL":
			want = append(want, t)
		case meetingguide.IsLanguageType(t):
			langs = append(langs, t)
		}
	}
	if len(langs) == 0 {
		langs = []string{"EN"}
	}
	want = append(want, langs...)
	sort.Strings(want)
	return want
}

// TestMeetingGuideRoundTrip imports every sample feed, then reads the
// directory back from the feed endpoint: the same meetings, on the same
// days and times in the same zones, with the types Holdspace models and the
// coordinates to the spec's five decimals.
func TestMeetingGuideRoundTrip(t *testing.T) {
	big := bigFeed(t, 1100)
	paths := []string{big}
	want := 1100
	for name, n := range roundTripFeeds {
		paths = append(paths, filepath.Join(fixtureDir, name))
		want += n
	}
	sort.Strings(paths)

	// The source meetings by the slug Holdspace gives them.
	source := map[string]meetingguide.Meeting{}
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		var feed meetingguide.Feed
		if strings.HasSuffix(p, ".csv") {
			feed, err = meetingguide.ParseCSV(f)
		} else {
			feed, err = meetingguide.Parse(f)
		}
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range feed.Meetings {
			source[directory.ImportSlug(m.Slug)] = m
		}
	}

	check := func(t *testing.T, db []string, serveArgs ...string) {
		for _, p := range paths {
			importInto(t, db, p)
		}
		srv := testserver.Start(t, serveArgs...)
		raw, ms := getFeed(t, srv)
		if len(ms) != want {
			t.Errorf("the feed has %d meetings, want %d", len(ms), want)
		}
		if strings.Contains(raw, "zoom.us") {
			t.Errorf("the feed publishes an imported room link")
		}
		for _, got := range ms {
			src, ok := source[got.Slug]
			if !ok {
				t.Errorf("%s is in the feed but in no source", got.Slug)
				continue
			}
			tz := src.Timezone
			if tz == "" {
				tz = "America/Chicago"
			}
			if got.Name != src.Name || fmt.Sprint(got.Day) != fmt.Sprint(src.Day) || got.Time != src.Time || got.EndTime != src.End() || got.Timezone != tz {
				t.Errorf("%s: got %q %v %s-%s %s; want %q %v %s-%s %s", got.Slug, got.Name, got.Day, got.Time, got.EndTime, got.Timezone,
					src.Name, src.Day, src.Time, src.End(), tz)
			}
			types := append([]string(nil), got.Types...)
			sort.Strings(types)
			if diff := cmp.Diff(expectedTypes(src), types); diff != "" {
				t.Errorf("%s types (-want +got):\n%s", got.Slug, diff)
			}
			if src.ConferenceURL != "" && got.ConferenceURL != got.URL {
				t.Errorf("%s: conference_url %q, want the group page", got.Slug, got.ConferenceURL)
			}
			if src.Latitude != nil && got.Attendance() != meetingguide.Online {
				if got.Latitude == nil || math.Abs(*got.Latitude-*src.Latitude) > 0.5e-5+1e-9 || math.Abs(*got.Longitude-*src.Longitude) > 0.5e-5+1e-9 {
					t.Errorf("%s: coordinates %v, %v; want %v, %v to five decimals", got.Slug, got.Latitude, got.Longitude, *src.Latitude, *src.Longitude)
				}
			}
		}
	}
	t.Run("sqlite", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "data")
		check(t, []string{"--data", dir}, "--data", dir)
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := sqlstoretest.PostgresDSN(t)
		check(t, []string{"--db", dsn}, "--db", dsn)
	})
}
