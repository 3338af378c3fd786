package ical

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the tests need the same zones on every machine
	"unicode/utf8"

	"holdspace/internal/schedule"
)

func mustLoad(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func mustSchedule(t testing.TB, spec schedule.Spec) schedule.Schedule {
	t.Helper()
	s, err := schedule.New(spec)
	if err != nil {
		t.Fatalf("schedule.New(%+v): %v", spec, err)
	}
	return s
}

var stamp = time.Date(2026, 9, 1, 12, 0, 0, 0, time.UTC)

// testCalendar has the cases the brief names: weekly in New York across
// both clock changes, the 2nd and 4th Tuesday in London, the last Friday in
// Adelaide, a cancelled and a moved meeting, a zone without DST, and a
// one-off session.
func testCalendar(t testing.TB) Calendar {
	ny := mustLoad(t, "America/New_York")
	london := mustLoad(t, "Europe/London")
	return Calendar{
		ProdID: "-//Holdspace//Test//EN",
		Name:   "Holdspace groups, test; all",
		Events: []Event{
			{
				UID:         "weekly-ny@holdspace.test",
				Summary:     "Tuesday evening group",
				Description: "Open to all.\nBring a friend; tea, coffee & biscuits \\ provided.",
				Location:    "St Mark's Hall, Room 2",
				URL:         "https://holdspace.test/groups/1",
				Schedule: mustSchedule(t, schedule.Spec{
					Rule: "FREQ=WEEKLY;BYDAY=TU", Start: "19:00", Duration: 90 * time.Minute,
					StartsOn: "2026-10-01", TimeZone: "America/New_York",
					Exceptions: []schedule.Exception{
						{Date: schedule.Date{Year: 2026, Month: 11, Day: 3}, Cancelled: true, Reason: "Election day"},
						{Date: schedule.Date{Year: 2026, Month: 11, Day: 24}, MovedTo: time.Date(2026, 11, 23, 18, 0, 0, 0, ny), Reason: "Thanksgiving week: Monday instead"},
					},
				}),
				DTStamp: stamp,
			},
			{
				UID:     "second-fourth-tue-london@holdspace.test",
				Summary: "Carers' circle",
				Schedule: mustSchedule(t, schedule.Spec{
					Rule: "FREQ=MONTHLY;BYDAY=2TU,4TU", Start: "19:00", Duration: time.Hour,
					StartsOn: "2026-09-01", TimeZone: "Europe/London",
					Exceptions: []schedule.Exception{
						{Date: schedule.Date{Year: 2026, Month: 10, Day: 27}, MovedTo: time.Date(2026, 10, 29, 18, 30, 0, 0, london), MovedDuration: 2 * time.Hour, Reason: "Half term"},
						{Date: schedule.Date{Year: 2026, Month: 12, Day: 22}, Cancelled: true},
					},
				}),
				DTStamp: stamp,
			},
			{
				UID:     "last-friday-adelaide@holdspace.test",
				Summary: "Grief support — morning tea ☕",
				Schedule: mustSchedule(t, schedule.Spec{
					Rule: "FREQ=MONTHLY;BYDAY=-1FR", Start: "10:00", Duration: 2 * time.Hour,
					StartsOn: "2026-08-01", TimeZone: "Australia/Adelaide",
					Exceptions: []schedule.Exception{{Date: schedule.Date{Year: 2026, Month: 12, Day: 25}, Cancelled: true, Reason: "Christmas"}},
				}),
				DTStamp: stamp,
			},
			{
				UID:     "every-other-monday-kolkata@holdspace.test",
				Summary: "Every other Monday",
				Schedule: mustSchedule(t, schedule.Spec{
					Rule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;COUNT=12", Start: "18:30", Duration: time.Hour,
					StartsOn: "2026-09-02", TimeZone: "Asia/Kolkata",
				}),
				DTStamp: stamp,
			},
			{
				UID:      "extra-session@holdspace.test",
				Summary:  "Extra session",
				Start:    time.Date(2026, 12, 31, 16, 0, 0, 0, london),
				End:      time.Date(2026, 12, 31, 17, 30, 0, 0, london),
				DTStamp:  stamp,
				Location: "Online",
			},
		},
	}
}

func write(t testing.TB, cal Calendar) string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteCalendar(&buf, cal); err != nil {
		t.Fatalf("WriteCalendar: %v", err)
	}
	return buf.String()
}

// TestLines checks the physical form: CRLF, at most 75 octets a line, only
// whole UTF-8 sequences on each line, and continuation lines that unfold
// back to the text.
func TestLines(t *testing.T) {
	cal := testCalendar(t)
	long := strings.Repeat("Ünïcödé text, with ✓ marks; and \\ backslashes. ", 12) + "🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂"
	cal.Events[0].Description = long
	out := write(t, cal)
	if !strings.HasSuffix(out, "\r\n") {
		t.Fatal("output does not end with CRLF")
	}
	physical := strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n")
	folded := 0
	for i, l := range physical {
		if len(l) > 75 {
			t.Errorf("line %d is %d octets: %q", i+1, len(l), l)
		}
		if strings.ContainsAny(l, "\r\n") {
			t.Errorf("line %d has a bare CR or LF: %q", i+1, l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d splits a UTF-8 sequence: %q", i+1, l)
		}
		if strings.HasPrefix(l, " ") {
			folded++
		}
	}
	if folded == 0 {
		t.Error("nothing was folded; the test needs a long line")
	}
	cal2, err := parseCalendar(out)
	if err != nil {
		t.Fatal(err)
	}
	master := cal2.children("VEVENT")[0]
	if got := unescapeText(master.value("DESCRIPTION")); got != long {
		t.Errorf("DESCRIPTION unfolds and unescapes to\n%q\nwant\n%q", got, long)
	}
}

func TestFold(t *testing.T) {
	for _, s := range []string{
		"",
		"short",
		strings.Repeat("a", 75),
		strings.Repeat("a", 76),
		strings.Repeat("a", 74) + "é" + strings.Repeat("b", 100),
		strings.Repeat("€", 100),
		strings.Repeat("🙂", 60),
		"X:" + strings.Repeat("ab€🙂", 50),
	} {
		var buf bytes.Buffer
		w := writer{buf: &buf}
		w.line(s)
		out := buf.String()
		for l := range strings.SplitSeq(strings.TrimSuffix(out, "\r\n"), "\r\n") {
			if len(l) > 75 || !utf8.ValidString(l) {
				t.Errorf("fold(%d octets): bad line %q", len(s), l)
			}
		}
		if got := strings.ReplaceAll(out, "\r\n ", ""); got != s+"\r\n" {
			t.Errorf("fold(%q) does not unfold back: %q", s, got)
		}
	}
}

func TestEscapeText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{`a\b`, `a\\b`},
		{"a;b,c", `a\;b\,c`},
		{"one\ntwo\r\nthree\rfour", `one\ntwo\nthree\nfour`},
		{"tab\there", "tab\there"},
		{"bell\x07 and nul\x00 dropped", "bell and nul dropped"},
		{"bad \xff utf8", "bad \uFFFD utf8"},
		{"colon: fine", "colon: fine"},
		{`quote " fine`, `quote " fine`},
	}
	for _, tt := range tests {
		if got := escapeText(tt.in); got != tt.want {
			t.Errorf("escapeText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for _, s := range []string{`\;,` + "\n", "a\\\\n", `\n`, "x;y,z\\"} {
		if got := unescapeText(escapeText(s)); got != s {
			t.Errorf("unescape(escape(%q)) = %q", s, got)
		}
	}
}

// TestParseBack reads the output with the small parser and checks what each
// calendar program relies on.
func TestParseBack(t *testing.T) {
	cal := testCalendar(t)
	out := write(t, cal)
	root, err := parseCalendar(out)
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, out)
	}
	if root.name != "VCALENDAR" {
		t.Fatalf("top component %s, want VCALENDAR", root.name)
	}
	for name, want := range map[string]string{
		"VERSION": "2.0", "PRODID": "-//Holdspace//Test//EN", "CALSCALE": "GREGORIAN",
		"METHOD": "PUBLISH", "X-WR-CALNAME": `Holdspace groups\, test\; all`,
	} {
		if got := root.value(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}

	zones := map[string]bool{}
	for _, tz := range root.children("VTIMEZONE") {
		zones[tz.value("TZID")] = true
	}
	events := root.children("VEVENT")
	// 5 events, plus one override per moved meeting (2).
	if len(events) != 7 {
		t.Fatalf("%d VEVENTs, want 7", len(events))
	}
	used := map[string]bool{}
	for _, ev := range events {
		for _, p := range ev.props {
			if tz, ok := p.params["TZID"]; ok {
				used[tz] = true
				if !zones[tz] {
					t.Errorf("%s;TZID=%s has no VTIMEZONE", p.name, tz)
				}
			}
		}
		if ev.value("DTSTAMP") != "20260901T120000Z" {
			t.Errorf("DTSTAMP = %q", ev.value("DTSTAMP"))
		}
	}
	if len(used) != len(zones) {
		t.Errorf("zones used %v, VTIMEZONEs %v", used, zones)
	}

	byUID := map[string][]*component{}
	for _, ev := range events {
		byUID[ev.value("UID")] = append(byUID[ev.value("UID")], ev)
	}

	ny := byUID["weekly-ny@holdspace.test"]
	if len(ny) != 2 {
		t.Fatalf("weekly-ny has %d VEVENTs, want master and override", len(ny))
	}
	master, override := ny[0], ny[1]
	checkProp(t, master, "DTSTART", "America/New_York", "20261006T190000")
	checkProp(t, master, "DURATION", "", "PT1H30M")
	checkProp(t, master, "RRULE", "", "FREQ=WEEKLY;BYDAY=TU")
	checkProp(t, master, "EXDATE", "America/New_York", "20261103T190000")
	if got := unescapeText(master.value("DESCRIPTION")); got != cal.Events[0].Description {
		t.Errorf("DESCRIPTION = %q, want %q", got, cal.Events[0].Description)
	}
	if got := unescapeText(master.value("LOCATION")); got != "St Mark's Hall, Room 2" {
		t.Errorf("LOCATION = %q", got)
	}
	checkProp(t, master, "URL", "", "https://holdspace.test/groups/1")
	if _, ok := master.get("RECURRENCE-ID"); ok {
		t.Error("master has a RECURRENCE-ID")
	}
	checkProp(t, override, "RECURRENCE-ID", "America/New_York", "20261124T190000")
	checkProp(t, override, "DTSTART", "America/New_York", "20261123T180000")
	checkProp(t, override, "DTEND", "America/New_York", "20261123T193000")
	if got, want := unescapeText(override.value("DESCRIPTION")), "Thanksgiving week: Monday instead\n\n"+cal.Events[0].Description; got != want {
		t.Errorf("override DESCRIPTION = %q, want %q", got, want)
	}
	if _, ok := override.get("RRULE"); ok {
		t.Error("override has an RRULE")
	}

	london := byUID["second-fourth-tue-london@holdspace.test"]
	checkProp(t, london[0], "DTSTART", "Europe/London", "20260908T190000")
	checkProp(t, london[0], "RRULE", "", "FREQ=MONTHLY;BYDAY=2TU,4TU")
	checkProp(t, london[0], "EXDATE", "Europe/London", "20261222T190000")
	checkProp(t, london[1], "RECURRENCE-ID", "Europe/London", "20261027T190000")
	checkProp(t, london[1], "DTEND", "Europe/London", "20261029T203000")

	adelaide := byUID["last-friday-adelaide@holdspace.test"][0]
	checkProp(t, adelaide, "DTSTART", "Australia/Adelaide", "20260828T100000")
	checkProp(t, adelaide, "DURATION", "", "PT2H")
	if got := unescapeText(adelaide.value("SUMMARY")); got != "Grief support — morning tea ☕" {
		t.Errorf("SUMMARY = %q", got)
	}

	kolkata := byUID["every-other-monday-kolkata@holdspace.test"][0]
	checkProp(t, kolkata, "DTSTART", "Asia/Kolkata", "20260907T183000")
	checkProp(t, kolkata, "RRULE", "", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;COUNT=12")

	extra := byUID["extra-session@holdspace.test"][0]
	checkProp(t, extra, "DTSTART", "Europe/London", "20261231T160000")
	checkProp(t, extra, "DTEND", "Europe/London", "20261231T173000")
}

func checkProp(t *testing.T, c *component, name, tzid, value string) {
	t.Helper()
	p, ok := c.get(name)
	if !ok {
		t.Errorf("%s %s: missing", c.value("UID"), name)
		return
	}
	if p.value != value || p.params["TZID"] != tzid {
		t.Errorf("%s %s = TZID %q value %q; want TZID %q value %q", c.value("UID"), name, p.params["TZID"], p.value, tzid, value)
	}
}

func TestOneOffInUTCAndUntil(t *testing.T) {
	cal := Calendar{Events: []Event{
		{UID: "a", Start: time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC), End: time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC), DTStamp: stamp},
		{UID: "b", Start: time.Date(2026, 5, 1, 9, 0, 0, 0, time.Local), End: time.Date(2026, 5, 1, 10, 0, 0, 0, time.Local), DTStamp: stamp},
		{UID: "c", DTStamp: stamp, Schedule: mustSchedule(t, schedule.Spec{
			Rule: "FREQ=WEEKLY;BYDAY=TU;UNTIL=20261229", Start: "19:00", Duration: 24 * time.Hour, StartsOn: "2026-09-01", TimeZone: "America/New_York",
		})},
	}}
	root, err := parseCalendar(write(t, cal))
	if err != nil {
		t.Fatal(err)
	}
	if got := root.value("PRODID"); got != defaultProdID {
		t.Errorf("default PRODID = %q", got)
	}
	if _, ok := root.get("X-WR-CALNAME"); ok {
		t.Error("X-WR-CALNAME written without a name")
	}
	ev := root.children("VEVENT")
	checkProp(t, ev[0], "DTSTART", "", "20260501T090000Z")
	checkProp(t, ev[0], "DTEND", "", "20260501T100000Z")
	checkProp(t, ev[1], "DTSTART", "", time.Date(2026, 5, 1, 9, 0, 0, 0, time.Local).UTC().Format("20060102T150405Z"))
	// A date-only UNTIL becomes the last meeting's start in UTC.
	checkProp(t, ev[2], "RRULE", "", "FREQ=WEEKLY;BYDAY=TU;UNTIL=20261230T000000Z")
	checkProp(t, ev[2], "DURATION", "", "PT24H")
	if n := len(root.children("VTIMEZONE")); n != 1 {
		t.Errorf("%d VTIMEZONEs, want 1 (UTC needs none)", n)
	}
}

// A meeting moved into the second 01:30 of an autumn night cannot be named
// in local time (readers take the first), so it is written in UTC.
func TestMovedIntoRepeatedHour(t *testing.T) {
	ny := mustLoad(t, "America/New_York")
	second := time.Date(2026, 11, 1, 6, 30, 0, 0, time.UTC).In(ny) // 01:30 EST
	first := time.Date(2026, 11, 1, 5, 30, 0, 0, time.UTC).In(ny)  // 01:30 EDT
	cal := Calendar{Events: []Event{{UID: "x", DTStamp: stamp, Schedule: mustSchedule(t, schedule.Spec{
		Rule: "FREQ=WEEKLY;BYDAY=SA", Start: "19:00", Duration: time.Hour, StartsOn: "2026-10-01", TimeZone: "America/New_York",
		Exceptions: []schedule.Exception{
			{Date: schedule.Date{Year: 2026, Month: 10, Day: 31}, MovedTo: second},
			{Date: schedule.Date{Year: 2026, Month: 10, Day: 24}, MovedTo: first},
		},
	})}}}
	root, err := parseCalendar(write(t, cal))
	if err != nil {
		t.Fatal(err)
	}
	ev := root.children("VEVENT")
	checkProp(t, ev[1], "DTSTART", "America/New_York", "20261101T013000")
	checkProp(t, ev[2], "DTSTART", "", "20261101T063000Z")
}

func TestWriteCalendarErrors(t *testing.T) {
	good := func() Event {
		return Event{UID: "u", DTStamp: stamp, Schedule: mustSchedule(t, schedule.Spec{
			Rule: "FREQ=WEEKLY;BYDAY=TU", Start: "19:00", Duration: time.Hour, StartsOn: "2026-09-01", TimeZone: "Europe/London"})}
	}
	tests := []struct {
		name   string
		modify func(*Event)
		want   string
	}{
		{"no UID", func(e *Event) { e.UID = " " }, `ical: event " ": UID is empty`},
		{"no DTSTAMP", func(e *Event) { e.DTStamp = time.Time{} }, `ical: event "u": DTStamp is zero`},
		{"bad URL", func(e *Event) { e.URL = "javascript:alert(1)" }, `ical: event "u": URL "javascript:alert(1)" is not an absolute http or https URL`},
		{"URL with newline", func(e *Event) { e.URL = "https://x.test/\nBEGIN:VEVENT" }, `ical: event "u": URL "https://x.test/\nBEGIN:VEVENT" is not an absolute http or https URL`},
		{"both", func(e *Event) { e.Start = stamp; e.End = stamp.Add(time.Hour) }, `ical: event "u": set either Schedule or Start and End, not both`},
		{"neither", func(e *Event) { e.Schedule = schedule.Schedule{} }, `ical: event "u": set Schedule, or Start and End for a one-off event`},
		{"end before start", func(e *Event) { e.Schedule = schedule.Schedule{}; e.Start = stamp; e.End = stamp }, `ical: event "u": End is not after Start`},
		{"invalid schedule", func(e *Event) { e.Schedule.Duration = 0 }, `ical: event "u": Duration: enter how long the meeting lasts`},
	}
	for _, tt := range tests {
		ev := good()
		tt.modify(&ev)
		var buf bytes.Buffer
		err := WriteCalendar(&buf, Calendar{Events: []Event{good(), ev}})
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
		}
		if buf.Len() != 0 {
			t.Errorf("%s: wrote %d bytes despite the error", tt.name, buf.Len())
		}
	}
	var fe *schedule.FieldError
	ev := good()
	ev.Schedule.Duration = 0
	if err := WriteCalendar(&bytes.Buffer{}, Calendar{Events: []Event{ev}}); !errors.As(err, &fe) {
		t.Errorf("schedule error %v is not a *schedule.FieldError", err)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteError(t *testing.T) {
	if err := WriteCalendar(failWriter{}, testCalendar(t)); err == nil || err.Error() != "disk full" {
		t.Errorf("err = %v, want disk full", err)
	}
}

func TestDeterministic(t *testing.T) {
	a, b := write(t, testCalendar(t)), write(t, testCalendar(t))
	if a != b {
		t.Error("two writes of the same calendar differ")
	}
	// Zones come out sorted by name.
	root, _ := parseCalendar(a)
	var names []string
	for _, tz := range root.children("VTIMEZONE") {
		names = append(names, tz.value("TZID"))
	}
	if !slices.IsSorted(names) {
		t.Errorf("VTIMEZONEs not sorted: %v", names)
	}
}
