package meetingguide

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// The fixtures are copies of /work/shared/interop/meeting-guide/fixtures,
// kept in the package so the tests need nothing outside the repository.
// TestFixtureCopies checks the copies still match when the shared folder is
// there.
const (
	fixtureDir       = "testdata/fixtures"
	sharedFixtureDir = "../../../shared/interop/meeting-guide/fixtures"
	sharedTypesJSON  = "../../../shared/interop/meeting-guide/types.json"
)

type fixture struct {
	meetings int
	// problems are Problem.String() of every problem, in order.
	problems []string
	// syntax is the *SyntaxError expected instead of a feed.
	syntax *SyntaxError
	unused []string
	check  func(t *testing.T, f Feed)
}

var fixtures = map[string]fixture{
	"appointment-2.json": {
		meetings: 2,
		check: func(t *testing.T, f Feed) {
			appt := bySlug(t, f, "josh-meeting")
			if !appt.ByAppointment() || appt.Day != nil || appt.Time != "" {
				t.Errorf("josh-meeting: got day %v time %q, want by appointment", appt.Day, appt.Time)
			}
			if got, want := appt.Attendance(), Online; got != want {
				t.Errorf("josh-meeting attendance: got %q, want %q", got, want)
			}
			timed := bySlug(t, f, "time-meeting")
			want := Meeting{Name: "Meeting name", Slug: "time-meeting", Day: []int{4}, Time: "20:00",
				Location: "Josh's house", City: "San Francisco", ConferenceURL: "https://zoom.us/j/12345678"}
			if diff := cmp.Diff(want, timed); diff != "" {
				t.Errorf("time-meeting (-want +got):\n%s", diff)
			}
		},
	},
	"invalid.json": {
		// Valid JSON up to line 79; line 80 holds the words "invalid text".
		syntax: &SyntaxError{Format: "JSON", Line: 80, Column: 3, Offset: 1906,
			Msg: "invalid character 'i' after top-level value"},
	},
	"kansas-city-45.json": {
		meetings: 45,
		check: func(t *testing.T, f Feed) {
			m := bySlug(t, f, "8") // integer slugs
			lat, lon := 44.4759824, -77.3114402
			want := Meeting{Name: "Tweed Group", Slug: "8", Day: []int{2}, Time: "19:30",
				Location: "St Andrews Church", Types: []string{"C"},
				Updated: time.Date(2016, 5, 6, 15, 38, 25, 0, time.UTC),
				Address: "55 Victoria St N", City: "Tweed", Country: "CA",
				Latitude: &lat, Longitude: &lon}
			if diff := cmp.Diff(want, m); diff != "" {
				t.Errorf("slug 8 (-want +got):\n%s", diff)
			}
			if got := bySlug(t, f, "22").PostalCode; got != "" { // null postcode
				t.Errorf("slug 22 postal code: got %q, want empty", got)
			}
			for _, m := range f.Meetings {
				if got := m.Attendance(); got != InPerson {
					t.Errorf("%s attendance: got %q, want in_person (it has coordinates)", m.Slug, got)
				}
			}
		},
	},
	"synthetic-25.json": {
		meetings: 25,
		check: func(t *testing.T, f Feed) {
			if got := bySlug(t, f, "asa-no-tsudoi").Name; got != "朝の集い" {
				t.Errorf("Japanese name: got %q", got)
			}
			days := map[int]bool{}
			var onl, tc int
			for _, m := range f.Meetings {
				for _, d := range m.Day {
					days[d] = true
				}
				if m.HasType(TypeOnline) {
					onl++
				}
				if m.HasType(TypeTemporarilyClosed) {
					tc++
				}
			}
			if len(days) != 7 || onl == 0 || tc == 0 {
				t.Errorf("got %d distinct days, %d ONL, %d TC; want 7 and some of each", len(days), onl, tc)
			}
			online := bySlug(t, f, "online-mondays")
			if diff := cmp.Diff([]string{"O", "ONL"}, online.Types); diff != "" {
				t.Errorf("online-mondays types (-want +got):\n%s", diff)
			}
			// Marked ONL, but without a conference URL or phone it is not
			// online by the spec's rule.
			if online.IsOnline() {
				t.Errorf("online-mondays: IsOnline() = true without conference fields")
			}
			if diff := cmp.Diff([]string{"Mississippi", "North", "Tupelo"}, bySlug(t, f, "sunday-serenity").Regions); diff != "" {
				t.Errorf("regions (-want +got):\n%s", diff)
			}
		},
	},
	"synthetic-multi-region-12.json": {
		meetings: 12,
		check: func(t *testing.T, f Feed) {
			regions := map[string]bool{}
			for _, m := range f.Meetings {
				if len(m.Regions) != 1 {
					t.Errorf("%s: got regions %q, want one", m.Slug, m.Regions)
					continue
				}
				regions[m.Regions[0]] = true
			}
			if len(regions) < 2 {
				t.Errorf("got regions %v, want several", regions)
			}
		},
	},
	"timezones-2.json": {
		meetings: 2,
		check: func(t *testing.T, f Feed) {
			if got := bySlug(t, f, "sf-meeting").Timezone; got != "America/Los_Angeles" {
				t.Errorf("sf-meeting timezone: got %q", got)
			}
			pa := bySlug(t, f, "pa-meeting")
			if pa.Timezone != "America/New_York" || pa.Time != "11:45" || pa.End() != "12:45" {
				t.Errorf("pa-meeting: got timezone %q time %q end %q", pa.Timezone, pa.Time, pa.End())
			}
		},
	},
	"tsml-atlanta-6.json": {
		meetings: 6,
		unused:   []string{"author", "group_id", "id", "last_contact", "location_id", "location_url", "region_id", "time_formatted"},
		check: func(t *testing.T, f Feed) {
			m := bySlug(t, f, "serenity-and-spirituality")
			lat, lon := 34.0993033, -84.579446
			no := false
			want := Meeting{
				Name: "Sunday Serenity and Spirituality", Slug: "serenity-and-spirituality",
				Day: []int{0}, Time: "11:00", EndTime: "12:00", Types: []string{"D", "O"},
				Location:         "H.O.W. Place",
				FormattedAddress: "5881 Old Bascomb Rd, Acworth, GA 30102, USA",
				Latitude:         &lat, Longitude: &lon, Approximate: &no,
				Region: "Acworth", Regions: []string{"Acworth"},
				Group: "Serenity and Spirituality", Website: "https://howplace.org/",
				URL:     "https://atlantaaa.org/meetings/serenity-and-spirituality/",
				EditURL: "https://atlantaaa.org/wp-admin/post.php?post=65347&action=edit",
				// One comma-separated string here, a list in the next meeting.
				FeedbackEmails: []string{"user1@test.com", "user2@test.com"},
				Entity:         "Site Group", EntityEmail: "admin@test.com", EntityPhone: "555-555-4567",
				EntityLocation: "Macon, Georgia", EntityWebsiteURL: "http://site.com",
				Updated:          time.Date(2024, 3, 8, 1, 46, 46, 0, time.UTC),
				AttendanceOption: InPerson,
			}
			if diff := cmp.Diff(want, m); diff != "" {
				t.Errorf("serenity-and-spirituality (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(want.FeedbackEmails, bySlug(t, f, "sunday-meeting").FeedbackEmails); diff != "" {
				t.Errorf("feedback_emails as a list (-want +got):\n%s", diff)
			}
			for _, m := range f.Meetings {
				if m.Attendance() != m.AttendanceOption {
					t.Errorf("%s: derived attendance %q, feed says %q", m.Slug, m.Attendance(), m.AttendanceOption)
				}
			}
		},
	},
	"tsml-times-9.json": {
		meetings: 9,
		problems: []string{
			`line 89: meeting 9 "Approximate Inactive Test": type "NA" is not in the Meeting Guide type list; kept as given`,
		},
		check: func(t *testing.T, f Feed) {
			m := bySlug(t, f, "monday-7pm")
			if diff := cmp.Diff([]int{1}, m.Day); diff != "" { // "day": "1"
				t.Errorf("day as a string (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]Contact{{Name: "John D", Email: "johnd@gmail.com", Phone: "123-456-7890"}}, m.Contacts); diff != "" {
				t.Errorf("contacts (-want +got):\n%s", diff)
			}
			if appt := bySlug(t, f, "appointment"); !appt.ByAppointment() {
				t.Errorf("appointment: got day %v time %q", appt.Day, appt.Time)
			}
			if got := bySlug(t, f, "monday-7am").End(); got != "08:00" {
				t.Errorf("default end: got %q, want 08:00", got)
			}
			approx := bySlug(t, f, "approximate")
			if !approx.IsApproximate() || approx.Attendance() != Inactive {
				t.Errorf("approximate: IsApproximate %v, attendance %q; want true, inactive", approx.IsApproximate(), approx.Attendance())
			}
			if got := m.Attendance(); got != Hybrid {
				t.Errorf("monday-7pm attendance: got %q, want hybrid", got)
			}
		},
	},
	"tsml-template.csv": {
		meetings: 36,
		unused:   []string{"Author", "Last Contact"},
		check: func(t *testing.T, f Feed) {
			want := Meeting{
				Name: "After Work Topic Meeting", Slug: "after-work-topic-meeting",
				Day: []int{1}, Time: "18:00", Timezone: "America/Los_Angeles",
				Types:            []string{"O", "X"}, // "Open, Wheelchair Access"
				Location:         "Saturday Nite Live",
				FormattedAddress: "2634 Union Ave, San Jose, CA 95124, USA",
				Region:           "San Jose", SubRegion: "West San Jose",
				Group: "Saturday Nite Live", Website: "https://saturdaynitelive.org",
				MailingAddress: "2634 Union Ave, San Jose, CA 95124, USA",
				Venmo:          "@sample-venmo", Phone: "(800) 555-1212",
				Updated: time.Date(2020, 4, 4, 16, 50, 58, 0, time.UTC), // "2020-04-0416:50:58"
			}
			if diff := cmp.Diff(want, f.Meetings[0]); diff != "" {
				t.Errorf("first row (-want +got):\n%s", diff)
			}
			u := bySlug(t, f, "underground-book-study")
			// "Big Book, Men, Online Meeting, Open, Temporary Closure": the
			// plugin's labels for ONL and TC are not in types.json.
			if diff := cmp.Diff([]string{"B", "M", "ONL", "O", "TC"}, u.Types); diff != "" {
				t.Errorf("underground-book-study types (-want +got):\n%s", diff)
			}
			if u.Attendance() != Online || u.ConferencePhone != "(800) 555-1212" {
				t.Errorf("underground-book-study: attendance %q, phone %q", u.Attendance(), u.ConferencePhone)
			}
			if diff := cmp.Diff([]string{"G", "L", "O", "ST", "TR", "T", "X"}, bySlug(t, f, "gay-lesbian-step-study-12-traditions-group").Types); diff != "" {
				t.Errorf("type names (-want +got):\n%s", diff)
			}
			tgif := bySlug(t, f, "t-g-i-f")
			if tgif.Day[0] != 5 || tgif.Time != "19:30" || tgif.EndTime != "20:30" {
				t.Errorf("t-g-i-f: got day %v %s-%s", tgif.Day, tgif.Time, tgif.EndTime)
			}
			if got := bySlug(t, f, "thru-the-big-book").Notes; got != "This meeting is located in Bldg 3, Rm 2." {
				t.Errorf("notes: got %q", got)
			}
		},
	},
}

func bySlug(t *testing.T, f Feed, slug string) Meeting {
	t.Helper()
	for _, m := range f.Meetings {
		if m.Slug == slug {
			return m
		}
	}
	t.Fatalf("no meeting with slug %q", slug)
	return Meeting{}
}

func parseFile(path string) (Feed, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Feed{}, err
	}
	if strings.HasSuffix(path, ".csv") {
		return ParseCSV(bytes.NewReader(data))
	}
	return Parse(bytes.NewReader(data))
}

func problemStrings(ps []Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.String())
	}
	return out
}

func TestFixtures(t *testing.T) {
	entries, err := os.ReadDir(fixtureDir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	var want []string
	for name := range fixtures {
		want = append(want, name)
	}
	sort.Strings(want)
	if diff := cmp.Diff(want, names); diff != "" {
		t.Fatalf("every fixture needs expectations in this test (-have expectations +files):\n%s", diff)
	}

	for _, name := range names {
		fx := fixtures[name]
		t.Run(name, func(t *testing.T) {
			feed, err := parseFile(filepath.Join(fixtureDir, name))
			if fx.syntax != nil {
				var se *SyntaxError
				if !errors.As(err, &se) {
					t.Fatalf("got error %v, want a *SyntaxError", err)
				}
				if diff := cmp.Diff(fx.syntax, se); diff != "" {
					t.Errorf("syntax error (-want +got):\n%s", diff)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := len(feed.Meetings); got != fx.meetings {
				t.Errorf("got %d meetings, want %d", got, fx.meetings)
			}
			if diff := cmp.Diff(fx.problems, problemStrings(feed.Problems)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(fx.unused, feed.UnusedKeys); diff != "" {
				t.Errorf("unused keys (-want +got):\n%s", diff)
			}
			if fx.check != nil {
				fx.check(t, feed)
			}
			assertRoundTrip(t, feed)
		})
	}
}

// assertRoundTrip writes feed's meetings, reads them back and wants the same
// meetings (in slug order, as Write sorts them) and no new problems.
func assertRoundTrip(t *testing.T, feed Feed) {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, feed.Meetings); err != nil {
		t.Fatalf("Write: %v", err)
	}
	again, err := Parse(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("Parse of Write's output: %v\n%s", err, buf.Bytes())
	}
	want := append([]Meeting(nil), feed.Meetings...)
	sort.SliceStable(want, func(i, j int) bool { return want[i].Slug < want[j].Slug })
	if diff := cmp.Diff(want, again.Meetings); diff != "" {
		t.Errorf("Parse(Write(meetings)) differs (-want +got):\n%s", diff)
	}
	for _, p := range again.Problems {
		// Custom type codes are kept and reported again; nothing else may
		// be reported about a feed Write produced.
		if p.Skipped || p.Field != "types" {
			t.Errorf("Parse of Write's output reported: %s", p)
		}
	}
	// Write is deterministic: writing what was read back gives the same
	// bytes.
	var buf2 bytes.Buffer
	if err := Write(&buf2, again.Meetings); err != nil {
		t.Fatalf("second Write: %v", err)
	}
	if !bytes.Equal(buf.Bytes(), buf2.Bytes()) {
		t.Errorf("Write is not stable:\n%s\n---\n%s", buf.Bytes(), buf2.Bytes())
	}
}

func TestFixtureCopies(t *testing.T) {
	shared, err := os.ReadDir(sharedFixtureDir)
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("%s is not here; testing the copies only", sharedFixtureDir)
	}
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range shared {
		want, err := os.ReadFile(filepath.Join(sharedFixtureDir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(fixtureDir, e.Name()))
		if err != nil {
			t.Errorf("%s: no copy in %s: %v", e.Name(), fixtureDir, err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: the copy in %s differs from %s", e.Name(), fixtureDir, sharedFixtureDir)
		}
	}
	want, err := os.ReadFile(sharedTypesJSON)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(typesJSON, want) {
		t.Errorf("the embedded types.json differs from %s", sharedTypesJSON)
	}
}
