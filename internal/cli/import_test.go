package cli_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"holdspace/internal/holdspace"
	"holdspace/internal/sqlstore/sqlstoretest"
)

const fixtureDir = "../meetingguide/testdata/fixtures"

// importFixtures are what importing each sample feed with --timezone
// America/Chicago creates and skips. Every file in fixtureDir is here;
// TestImportEveryFixture checks that no new one is missed.
var importFixtures = map[string]struct {
	created, skipped int
	// syntax is the start of the error for a file that is not a feed.
	syntax string
	// why are skip reasons that must be reported.
	why []string
}{
	// josh-meeting is by appointment.
	"appointment-2.json":  {created: 1, skipped: 1, why: []string{`"josh-meeting"): it is by appointment`}},
	"invalid.json":        {syntax: "feed is not valid JSON: line 80, column 3:"},
	"kansas-city-45.json": {created: 45},
	// Two are marked ONL with no conference URL; two are temporarily
	// closed (TC) with nowhere else to meet.
	"synthetic-25.json": {created: 21, skipped: 4, why: []string{
		`"online-mondays"): it is marked online (ONL) but has no conference URL`,
		`"closed-renovation"): its location is temporarily closed (TC)`,
	}},
	"synthetic-multi-region-12.json": {created: 12},
	// Both give only a city, and no conference URL: nowhere to go.
	"timezones-2.json":    {skipped: 2, why: []string{`"sf-meeting"): it has only an approximate address and no conference URL`}},
	"tsml-atlanta-6.json": {created: 6},
	"tsml-template.csv":   {created: 36},
	// One is by appointment, one has only an approximate address.
	"tsml-times-9.json": {created: 7, skipped: 2, why: []string{
		`"appointment"): it is by appointment`,
		`"approximate"): it has only an approximate address`,
		`line 89: meeting 9 "Approximate Inactive Test": type "NA" is not in the Meeting Guide type list`,
	}},
}

func summary(created, updated, unchanged, skipped int) string {
	return fmt.Sprintf("Created %d, updated %d, unchanged %d, skipped %d.", created, updated, unchanged, skipped)
}

func countGroups(t *testing.T, dsn string) int {
	t.Helper()
	s := sqlstoretest.Open(t, dsn, nil)
	n, err := s.CountGroups(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportEveryFixture(t *testing.T) {
	entries, err := os.ReadDir(fixtureDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if _, ok := importFixtures[e.Name()]; !ok {
			t.Errorf("fixture %s has no expected import result in importFixtures", e.Name())
		}
	}
	for _, db := range []struct {
		name  string
		fresh func(testing.TB) string
	}{{"sqlite", sqlstoretest.SQLiteDSN}, {"postgres", sqlstoretest.PostgresDSN}} {
		t.Run(db.name, func(t *testing.T) {
			for _, e := range entries {
				want := importFixtures[e.Name()]
				t.Run(e.Name(), func(t *testing.T) {
					// A fresh database per file, so counts are the file's own.
					dsn := db.fresh(t)
					path := filepath.Join(fixtureDir, e.Name())
					code, out, errs := run(t, nil, "", "import", "meeting-guide", "--db", dsn, "--timezone", "America/Chicago", path)
					if want.syntax != "" {
						if code != 1 || !strings.Contains(errs, want.syntax) || !strings.Contains(errs, "Nothing was imported") {
							t.Errorf("code %d, stderr %q; want 1 and %q", code, errs, want.syntax)
						}
						if !strings.HasPrefix(dsn, "postgres") {
							if _, err := os.Stat(dsn); !os.IsNotExist(err) {
								t.Errorf("a feed with a syntax error created the database (%v)", err)
							}
						} else if n := countGroups(t, dsn); n != 0 {
							t.Errorf("a feed with a syntax error created %d groups", n)
						}
						return
					}
					if code != 0 || !strings.Contains(out, summary(want.created, 0, 0, want.skipped)) {
						t.Fatalf("first import: code %d; want %q in\n%s\nstderr: %s", code, summary(want.created, 0, 0, want.skipped), out, errs)
					}
					for _, why := range want.why {
						if !strings.Contains(out, why) {
							t.Errorf("the report does not say %q:\n%s", why, out)
						}
					}
					if n := countGroups(t, dsn); n != want.created {
						t.Errorf("the database holds %d groups, want %d", n, want.created)
					}
					// The same feed again changes nothing.
					code, out, errs = run(t, nil, "", "import", "meeting-guide", "--db", dsn, "--timezone", "America/Chicago", path)
					if code != 0 || !strings.Contains(out, summary(0, 0, want.created, want.skipped)) {
						t.Errorf("second import: code %d; want %q in\n%s\nstderr: %s", code, summary(0, 0, want.created, want.skipped), out, errs)
					}
					if strings.Contains(out, "updated:") {
						t.Errorf("second import updated groups:\n%s", out)
					}
				})
			}
		})
	}
}

func TestImportFromURL(t *testing.T) {
	times, err := os.ReadFile(filepath.Join(fixtureDir, "tsml-times-9.json"))
	if err != nil {
		t.Fatal(err)
	}
	template, err := os.ReadFile(filepath.Join(fixtureDir, "tsml-template.csv"))
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/meetings.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(times)
	})
	mux.HandleFunc("/export", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Write(template)
	})
	srv := httptest.NewServer(mux) // on 127.0.0.1
	defer srv.Close()

	dsn := sqlstoretest.SQLiteDSN(t)
	code, out, errs := run(t, nil, "", "import", "meeting-guide", "--db", dsn, "--timezone", "America/Chicago", srv.URL+"/meetings.json")
	if code != 0 || !strings.Contains(out, summary(7, 0, 0, 2)) {
		t.Errorf("JSON by URL: code %d\n%s\n%s", code, out, errs)
	}
	// CSV known by its Content-Type.
	code, out, errs = run(t, nil, "", "import", "meeting-guide", "--db", dsn, srv.URL+"/export")
	if code != 0 || !strings.Contains(out, summary(36, 0, 0, 0)) || !strings.Contains(out, "(CSV)") {
		t.Errorf("CSV by URL: code %d\n%s\n%s", code, out, errs)
	}

	for _, tc := range []struct {
		src, want string
	}{
		{srv.URL + "/missing.json", "answered 404 Not Found; check the address"},
		{"ftp://127.0.0.1/meetings.json", "only http and https addresses can be imported"},
		{"file:///etc/passwd", "only http and https addresses can be imported"},
		{"http://127.0.0.1:1/meetings.json", "check the address and the network"},
		{filepath.Join(t.TempDir(), "nope.json"), "no such file; check the path"},
	} {
		code, _, errs := run(t, nil, "", "import", "meeting-guide", "--db", dsn, "--timezone", "America/Chicago", tc.src)
		if code != 1 || !strings.Contains(errs, tc.want) {
			t.Errorf("%s: code %d, stderr %q; want 1 and %q", tc.src, code, errs, tc.want)
		}
	}
	if n := countGroups(t, dsn); n != 43 {
		t.Errorf("groups after the failed imports: %d, want 43", n)
	}
}

// TestImportUpdates: a changed meeting updates its group, and a group
// someone created on the site is never overwritten by a feed.
func TestImportUpdates(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		store := sqlstoretest.Open(t, dsn, nil)
		m, err := store.CreateMember(ctx, holdspace.Member{DisplayName: "Maria", PasswordHash: "x"})
		if err != nil {
			t.Fatal(err)
		}
		local := holdspace.Group{Slug: "sunday-8pm", Name: "Our own Sunday group", Category: "mental_health", Audience: "both",
			Format: "sharing_circle", Attendance: "online", Access: "open", Cost: "free", Languages: []string{"en"},
			Venue: holdspace.Venue{Type: "online"}, OnlineURL: "https://video.example.org/ours", Timezone: "Europe/London",
			Schedule: holdspace.ScheduleSpec{RRule: "FREQ=WEEKLY;BYDAY=SU", StartTime: "20:00", DurationMinutes: 60, StartsOn: "2026-09-06"},
			DaysMask: 1, CreatedBy: m.ID}
		if _, err := store.CreateGroup(ctx, local, "Maria"); err != nil {
			t.Fatal(err)
		}

		var feed []map[string]any
		raw, _ := os.ReadFile(filepath.Join(fixtureDir, "tsml-times-9.json"))
		if err := json.Unmarshal(raw, &feed); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "feed.json")
		write := func() {
			b, _ := json.Marshal(feed)
			if err := os.WriteFile(path, b, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		write()
		code, out, errs := run(t, nil, "", "import", "meeting-guide", "--db", dsn, "--timezone", "America/Chicago", path)
		if code != 0 || !strings.Contains(out, summary(6, 0, 0, 3)) ||
			!strings.Contains(out, "a group at /groups/sunday-8pm already exists on this site and was not imported; it is left alone") {
			t.Fatalf("first import: code %d\n%s\n%s", code, out, errs)
		}
		if g, err := store.GroupBySlug(ctx, "sunday-8pm"); err != nil || g.Name != local.Name || g.OnlineURL != local.OnlineURL {
			t.Errorf("the site's own group was changed: %+v %v", g, err)
		}

		// The publisher moves one meeting and renames another.
		feed[0]["time"] = "19:30"
		feed[1]["name"] = "Saturday Evening"
		write()
		code, out, errs = run(t, nil, "", "import", "meeting-guide", "--db", dsn, "--timezone", "America/Chicago", path)
		if code != 0 || !strings.Contains(out, summary(0, 2, 4, 3)) || !strings.Contains(out, `updated: meeting "Monday 7pm" (slug "monday-7pm") as /groups/monday-7pm`) {
			t.Fatalf("second import: code %d\n%s\n%s", code, out, errs)
		}
		g, err := store.GroupBySlug(ctx, "monday-7pm")
		if err != nil || g.Schedule.StartTime != "19:30" || g.Schedule.DurationMinutes != 90 || g.CreatedBy != 0 {
			t.Errorf("monday-7pm after the update: %+v %v", g, err)
		}
		if g, _ := store.GroupBySlug(ctx, "saturday-8pm"); g.Name != "Saturday Evening" {
			t.Errorf("saturday-8pm name: got %q", g.Name)
		}
	})
}

func TestImportCommandLine(t *testing.T) {
	synthetic := filepath.Join(fixtureDir, "synthetic-25.json")
	for _, tc := range []struct {
		name string
		args []string
		code int
		out  string // in stdout
		err  string // in stderr
	}{
		{"help", []string{"import", "-h"}, 0, "Usage: holdspace import SOURCE", ""},
		{"source help", []string{"import", "meeting-guide", "-h"}, 0, "HOLDSPACE_TIMEZONE", ""},
		{"no source", []string{"import"}, 2, "", "Usage: holdspace import"},
		{"unknown source", []string{"import", "ical", "x.ics"}, 2, "", `unknown source "ical"; the one source is meeting-guide`},
		{"no path", []string{"import", "meeting-guide"}, 2, "", "give one PATH-or-URL"},
		{"two paths", []string{"import", "meeting-guide", "a.json", "b.json"}, 2, "", "give one PATH-or-URL"},
		{"bad category", []string{"import", "meeting-guide", "--category", "therapy", synthetic}, 1, "", `--category "therapy" is not a category; use one of mental_health`},
		{"bad format", []string{"import", "meeting-guide", "--format", "aa", synthetic}, 1, "", `--format "aa" is not a format`},
		{"bad zone", []string{"import", "meeting-guide", "--timezone", "Central", synthetic}, 1, "", "use a name like America/Chicago"},
		{"no zone", []string{"import", "meeting-guide", synthetic}, 0, "run the import again with --timezone", ""},
		{"flags after the path", []string{"import", "meeting-guide", synthetic, "--timezone", "America/Chicago", "--dry-run"}, 0, "Would create 21, updated 0, unchanged 0, skipped 4.", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := tc.args
			if len(args) >= 2 && args[1] == "meeting-guide" {
				args = append([]string{"import", "meeting-guide", "--db", sqlstoretest.SQLiteDSN(t)}, args[2:]...)
			}
			code, out, errs := run(t, nil, "", args...)
			if code != tc.code || !strings.Contains(out, tc.out) || !strings.Contains(errs, tc.err) {
				t.Errorf("code %d (want %d)\nstdout: %s\nstderr: %s\nwant %q / %q", code, tc.code, out, errs, tc.out, tc.err)
			}
		})
	}

	// Without a zone nothing is created, and the report says what to do.
	dsn := sqlstoretest.SQLiteDSN(t)
	code, out, _ := run(t, nil, "", "import", "meeting-guide", "--db", dsn, synthetic)
	if code != 0 || !strings.Contains(out, summary(0, 0, 0, 25)) || !strings.Contains(out, "it names no time zone; give the feed's zone with --timezone") {
		t.Errorf("no zone: code %d\n%s", code, out)
	}
	// The zone comes from the environment too, and a dry run writes nothing.
	code, out, _ = run(t, map[string]string{"HOLDSPACE_TIMEZONE": "America/Chicago", "HOLDSPACE_DRY_RUN": "true"}, "", "import", "meeting-guide", "--db", dsn, synthetic)
	if code != 0 || !strings.Contains(out, "Would create 21") || countGroups(t, dsn) != 0 {
		t.Errorf("dry run: code %d\n%s", code, out)
	}
	// --category and --format apply to every group.
	code, out, _ = run(t, nil, "", "import", "meeting-guide", "--db", dsn, "--timezone", "America/Chicago", "--category", "mental_health", "--format", "open_discussion", synthetic)
	if code != 0 || !strings.Contains(out, summary(21, 0, 0, 4)) {
		t.Fatalf("import: code %d\n%s", code, out)
	}
	store := sqlstoretest.Open(t, dsn, nil)
	g, err := store.GroupBySlug(context.Background(), "sunday-serenity")
	if err != nil || g.Category != "mental_health" || g.Format != "open_discussion" || g.Timezone != "America/Chicago" {
		t.Errorf("sunday-serenity: %+v %v", g, err)
	}
}

// TestImportProgress: a long import says how far it has got, on stderr.
func TestImportProgress(t *testing.T) {
	var feed []map[string]any
	for i := 0; i < 250; i++ {
		feed = append(feed, map[string]any{"slug": fmt.Sprintf("m-%03d", i), "name": fmt.Sprintf("Meeting %d", i),
			"day": i % 7, "time": "19:00", "address": fmt.Sprintf("%d Main St", i+1), "city": "Tupelo", "state": "MS",
			"timezone": "America/Chicago"})
	}
	b, _ := json.Marshal(feed)
	path := filepath.Join(t.TempDir(), "big.json")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := run(t, nil, "", "import", "meeting-guide", "--db", sqlstoretest.SQLiteDSN(t), path)
	if code != 0 || !strings.Contains(out, summary(250, 0, 0, 0)) || !strings.Contains(errs, "… 100 of 250 meetings") || !strings.Contains(errs, "… 200 of 250 meetings") {
		t.Errorf("code %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
}
