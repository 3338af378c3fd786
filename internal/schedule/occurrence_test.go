package schedule

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

func mustNew(t testing.TB, spec Spec) Schedule {
	t.Helper()
	s, err := New(spec)
	if err != nil {
		t.Fatalf("New(%+v): %v", spec, err)
	}
	return s
}

// show writes a meeting as its local wall-clock time and offset, which is
// what matters to members: "Sun 2027-03-14 19:00 -04:00".
func show(o Occurrence) string {
	s := o.Start.Format("Mon 2006-01-02 15:04 -07:00")
	switch {
	case o.Cancelled:
		s += " cancelled"
	case o.Moved:
		s += " moved from " + o.OriginalStart.Format("2006-01-02 15:04")
	}
	if o.Reason != "" {
		s += " (" + o.Reason + ")"
	}
	return s
}

func showAll(occ []Occurrence) []string {
	out := make([]string, len(occ))
	for i, o := range occ {
		out[i] = show(o)
	}
	return out
}

func diffLines(got, want []string) string {
	if slices.Equal(got, want) {
		return ""
	}
	var b strings.Builder
	for i := 0; i < max(len(got), len(want)); i++ {
		g, w := "(none)", "(none)"
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		mark := "  "
		if g != w {
			mark = "!="
		}
		fmt.Fprintf(&b, "%s got %-48s want %s\n", mark, g, w)
	}
	return b.String()
}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestNext(t *testing.T) {
	tests := []struct {
		name  string
		spec  Spec
		after string
		n     int
		want  []string
	}{
		{
			name:  "weekly New York across spring forward keeps 19:00",
			spec:  Spec{Rule: "FREQ=WEEKLY;BYDAY=SU", Start: "19:00", Duration: time.Hour, StartsOn: "2027-01-01", TimeZone: "America/New_York"},
			after: "2027-03-01T00:00:00Z", n: 3,
			want: []string{"Sun 2027-03-07 19:00 -05:00", "Sun 2027-03-14 19:00 -04:00", "Sun 2027-03-21 19:00 -04:00"},
		},
		{
			name:  "weekly New York across fall back keeps 19:00",
			spec:  Spec{Rule: "FREQ=WEEKLY;BYDAY=SU", Start: "19:00", Duration: time.Hour, StartsOn: "2026-01-01", TimeZone: "America/New_York"},
			after: "2026-10-20T00:00:00Z", n: 3,
			want: []string{"Sun 2026-10-25 19:00 -04:00", "Sun 2026-11-01 19:00 -05:00", "Sun 2026-11-08 19:00 -05:00"},
		},
		{
			name:  "New York 02:30 in the spring gap moves forward to 03:30",
			spec:  Spec{Rule: "FREQ=WEEKLY;BYDAY=SU", Start: "02:30", Duration: time.Hour, StartsOn: "2027-01-01", TimeZone: "America/New_York"},
			after: "2027-03-01T00:00:00Z", n: 3,
			want: []string{"Sun 2027-03-07 02:30 -05:00", "Sun 2027-03-14 03:30 -04:00", "Sun 2027-03-21 02:30 -04:00"},
		},
		{
			name:  "New York 01:30 on the autumn night is the first 01:30",
			spec:  Spec{Rule: "FREQ=WEEKLY;BYDAY=SU", Start: "01:30", Duration: time.Hour, StartsOn: "2026-01-01", TimeZone: "America/New_York"},
			after: "2026-10-30T00:00:00Z", n: 2,
			want: []string{"Sun 2026-11-01 01:30 -04:00", "Sun 2026-11-08 01:30 -05:00"},
		},
		{
			name:  "London spring 2027-03-28: 19:00 stays, 01:30 moves to 02:30",
			spec:  Spec{Rule: "FREQ=WEEKLY;BYDAY=SU", Start: "01:30", Duration: time.Hour, StartsOn: "2027-01-01", TimeZone: "Europe/London"},
			after: "2027-03-20T00:00:00Z", n: 2,
			want: []string{"Sun 2027-03-21 01:30 +00:00", "Sun 2027-03-28 02:30 +01:00"},
		},
		{
			name:  "London autumn 2026-10-25 at 19:00",
			spec:  Spec{Rule: "FREQ=WEEKLY;BYDAY=SU,WE", Start: "19:00", Duration: time.Hour, StartsOn: "2026-01-01", TimeZone: "Europe/London"},
			after: "2026-10-20T00:00:00Z", n: 3,
			want: []string{"Wed 2026-10-21 19:00 +01:00", "Sun 2026-10-25 19:00 +00:00", "Wed 2026-10-28 19:00 +00:00"},
		},
		{
			name:  "London autumn 01:30 is the BST one",
			spec:  Spec{Rule: "FREQ=WEEKLY;BYDAY=SU", Start: "01:30", Duration: time.Hour, StartsOn: "2026-01-01", TimeZone: "Europe/London"},
			after: "2026-10-20T00:00:00Z", n: 1,
			want: []string{"Sun 2026-10-25 01:30 +01:00"},
		},
		{
			name:  "Adelaide half-hour offset across April and October changes",
			spec:  Spec{Rule: "FREQ=MONTHLY;BYDAY=-1FR", Start: "10:00", Duration: time.Hour, StartsOn: "2026-03-01", TimeZone: "Australia/Adelaide"},
			after: "2026-03-01T00:00:00Z", n: 8,
			want: []string{
				"Fri 2026-03-27 10:00 +10:30", "Fri 2026-04-24 10:00 +09:30", "Fri 2026-05-29 10:00 +09:30", "Fri 2026-06-26 10:00 +09:30",
				"Fri 2026-07-31 10:00 +09:30", "Fri 2026-08-28 10:00 +09:30", "Fri 2026-09-25 10:00 +09:30", "Fri 2026-10-30 10:00 +10:30",
			},
		},
		{
			name:  "Kolkata has no DST",
			spec:  Spec{Rule: "FREQ=WEEKLY;BYDAY=SU", Start: "02:30", Duration: time.Hour, StartsOn: "2027-03-01", TimeZone: "Asia/Kolkata"},
			after: "2027-03-01T00:00:00Z", n: 3,
			want: []string{"Sun 2027-03-07 02:30 +05:30", "Sun 2027-03-14 02:30 +05:30", "Sun 2027-03-21 02:30 +05:30"},
		},
		{
			name:  "Kathmandu 45-minute offset",
			spec:  Spec{Rule: "FREQ=MONTHLY;BYMONTHDAY=15", Start: "12:00", Duration: time.Hour, StartsOn: "2026-10-01", TimeZone: "Asia/Kathmandu"},
			after: "2026-10-01T00:00:00Z", n: 2,
			want: []string{"Thu 2026-10-15 12:00 +05:45", "Sun 2026-11-15 12:00 +05:45"},
		},
		{
			name:  "every other Monday starting on a Wednesday starts the next Monday",
			spec:  Spec{Rule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", Start: "18:30", Duration: time.Hour, StartsOn: "2026-01-07", TimeZone: "Europe/London"},
			after: "2025-01-01T00:00:00Z", n: 3,
			want: []string{"Mon 2026-01-12 18:30 +00:00", "Mon 2026-01-26 18:30 +00:00", "Mon 2026-02-09 18:30 +00:00"},
		},
		{
			name:  "every other week on two days counts weeks from the first meeting's week",
			spec:  Spec{Rule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH", Start: "18:30", Duration: time.Hour, StartsOn: "2026-01-07", TimeZone: "Europe/London"},
			after: "2025-01-01T00:00:00Z", n: 5,
			want: []string{"Thu 2026-01-08 18:30 +00:00", "Mon 2026-01-19 18:30 +00:00", "Thu 2026-01-22 18:30 +00:00", "Mon 2026-02-02 18:30 +00:00", "Thu 2026-02-05 18:30 +00:00"},
		},
		{
			name:  "WKST=SU changes which Monday pairs with which Sunday",
			spec:  Spec{Rule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,SU;WKST=SU", Start: "18:30", Duration: time.Hour, StartsOn: "2026-01-05", TimeZone: "UTC"},
			after: "2025-01-01T00:00:00Z", n: 4,
			want: []string{"Mon 2026-01-05 18:30 +00:00", "Sun 2026-01-18 18:30 +00:00", "Mon 2026-01-19 18:30 +00:00", "Sun 2026-02-01 18:30 +00:00"},
		},
		{
			name:  "same with WKST=MO",
			spec:  Spec{Rule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,SU", Start: "18:30", Duration: time.Hour, StartsOn: "2026-01-05", TimeZone: "UTC"},
			after: "2025-01-01T00:00:00Z", n: 4,
			want: []string{"Mon 2026-01-05 18:30 +00:00", "Sun 2026-01-11 18:30 +00:00", "Mon 2026-01-19 18:30 +00:00", "Sun 2026-01-25 18:30 +00:00"},
		},
		{
			name:  "day 31 skips short months (RFC 5545), never clamps",
			spec:  Spec{Rule: "FREQ=MONTHLY;BYMONTHDAY=31", Start: "12:00", Duration: time.Hour, StartsOn: "2027-01-01", TimeZone: "Europe/London"},
			after: "2027-01-01T00:00:00Z", n: 8,
			want: []string{
				"Sun 2027-01-31 12:00 +00:00", "Wed 2027-03-31 12:00 +01:00", "Mon 2027-05-31 12:00 +01:00", "Sat 2027-07-31 12:00 +01:00",
				"Tue 2027-08-31 12:00 +01:00", "Sun 2027-10-31 12:00 +00:00", "Fri 2027-12-31 12:00 +00:00", "Mon 2028-01-31 12:00 +00:00",
			},
		},
		{
			name:  "day 29 skips February except in leap years",
			spec:  Spec{Rule: "FREQ=MONTHLY;BYMONTHDAY=29", Start: "12:00", Duration: time.Hour, StartsOn: "2027-01-01", TimeZone: "UTC"},
			after: "2027-01-01T00:00:00Z", n: 15,
			want: []string{
				"Fri 2027-01-29 12:00 +00:00", "Mon 2027-03-29 12:00 +00:00", "Thu 2027-04-29 12:00 +00:00", "Sat 2027-05-29 12:00 +00:00",
				"Tue 2027-06-29 12:00 +00:00", "Thu 2027-07-29 12:00 +00:00", "Sun 2027-08-29 12:00 +00:00", "Wed 2027-09-29 12:00 +00:00",
				"Fri 2027-10-29 12:00 +00:00", "Mon 2027-11-29 12:00 +00:00", "Wed 2027-12-29 12:00 +00:00", "Sat 2028-01-29 12:00 +00:00",
				"Tue 2028-02-29 12:00 +00:00", "Wed 2028-03-29 12:00 +00:00", "Sat 2028-04-29 12:00 +00:00",
			},
		},
		{
			name:  "day 30 skips February",
			spec:  Spec{Rule: "FREQ=MONTHLY;BYMONTHDAY=30", Start: "12:00", Duration: time.Hour, StartsOn: "2028-01-01", TimeZone: "UTC"},
			after: "2028-01-01T00:00:00Z", n: 2,
			want: []string{"Sun 2028-01-30 12:00 +00:00", "Thu 2028-03-30 12:00 +00:00"},
		},
		{
			name:  "2nd and 4th Tuesday in London",
			spec:  Spec{Rule: "FREQ=MONTHLY;BYDAY=2TU,4TU", Start: "19:00", Duration: time.Hour, StartsOn: "2026-03-01", TimeZone: "Europe/London"},
			after: "2026-03-01T00:00:00Z", n: 4,
			want: []string{"Tue 2026-03-10 19:00 +00:00", "Tue 2026-03-24 19:00 +00:00", "Tue 2026-04-14 19:00 +01:00", "Tue 2026-04-28 19:00 +01:00"},
		},
		{
			name:  "BYSETPOS form is the same as 2TU",
			spec:  Spec{Rule: "FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2", Start: "19:00", Duration: time.Hour, StartsOn: "2026-03-01", TimeZone: "Europe/London"},
			after: "2026-03-01T00:00:00Z", n: 2,
			want: []string{"Tue 2026-03-10 19:00 +00:00", "Tue 2026-04-14 19:00 +01:00"},
		},
		{
			name:  "5th Sunday only in months that have one",
			spec:  Spec{Rule: "FREQ=MONTHLY;BYDAY=5SU", Start: "15:00", Duration: time.Hour, StartsOn: "2026-01-01", TimeZone: "UTC"},
			after: "2026-01-01T00:00:00Z", n: 4,
			want: []string{"Sun 2026-03-29 15:00 +00:00", "Sun 2026-05-31 15:00 +00:00", "Sun 2026-08-30 15:00 +00:00", "Sun 2026-11-29 15:00 +00:00"},
		},
		{
			name:  "every 3 months on the 1st Saturday, from the first meeting's month",
			spec:  Spec{Rule: "FREQ=MONTHLY;INTERVAL=3;BYDAY=1SA", Start: "10:00", Duration: time.Hour, StartsOn: "2026-01-05", TimeZone: "UTC"},
			after: "2026-01-01T00:00:00Z", n: 3,
			want: []string{"Sat 2026-02-07 10:00 +00:00", "Sat 2026-05-02 10:00 +00:00", "Sat 2026-08-01 10:00 +00:00"},
		},
		{
			name:  "COUNT stops after the nth meeting",
			spec:  Spec{Rule: "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=5", Start: "19:00", Duration: time.Hour, StartsOn: "2026-01-08", TimeZone: "UTC"},
			after: "2026-01-01T00:00:00Z", n: 10,
			want: []string{"Thu 2026-01-08 19:00 +00:00", "Tue 2026-01-13 19:00 +00:00", "Thu 2026-01-15 19:00 +00:00",
				"Tue 2026-01-20 19:00 +00:00", "Thu 2026-01-22 19:00 +00:00"},
		},
		{
			name:  "COUNT counted from the first meeting even when asking later",
			spec:  Spec{Rule: "FREQ=MONTHLY;BYMONTHDAY=31;COUNT=3", Start: "19:00", Duration: time.Hour, StartsOn: "2027-01-01", TimeZone: "UTC"},
			after: "2027-02-01T00:00:00Z", n: 10,
			want: []string{"Wed 2027-03-31 19:00 +00:00", "Mon 2027-05-31 19:00 +00:00"},
		},
		{
			name:  "UNTIL date includes that day",
			spec:  Spec{Rule: "FREQ=WEEKLY;BYDAY=TU;UNTIL=20260120", Start: "19:00", Duration: time.Hour, StartsOn: "2026-01-01", TimeZone: "America/New_York"},
			after: "2026-01-01T00:00:00Z", n: 10,
			want: []string{"Tue 2026-01-06 19:00 -05:00", "Tue 2026-01-13 19:00 -05:00", "Tue 2026-01-20 19:00 -05:00"},
		},
		{
			name:  "UNTIL instant is inclusive of a meeting starting then",
			spec:  Spec{Rule: "FREQ=WEEKLY;BYDAY=TU;UNTIL=20260121T000000Z", Start: "19:00", Duration: time.Hour, StartsOn: "2026-01-01", TimeZone: "America/New_York"},
			after: "2026-01-01T00:00:00Z", n: 10,
			want: []string{"Tue 2026-01-06 19:00 -05:00", "Tue 2026-01-13 19:00 -05:00", "Tue 2026-01-20 19:00 -05:00"},
		},
		{
			name:  "UNTIL instant a second before a meeting excludes it",
			spec:  Spec{Rule: "FREQ=WEEKLY;BYDAY=TU;UNTIL=20260120T235959Z", Start: "19:00", Duration: time.Hour, StartsOn: "2026-01-01", TimeZone: "America/New_York"},
			after: "2026-01-01T00:00:00Z", n: 10,
			want: []string{"Tue 2026-01-06 19:00 -05:00", "Tue 2026-01-13 19:00 -05:00"},
		},
		{
			name: "cancelled meetings are skipped and moved ones appear in time order",
			spec: Spec{Rule: "FREQ=WEEKLY;BYDAY=TU", Start: "19:00", Duration: time.Hour, StartsOn: "2026-01-01", TimeZone: "America/New_York",
				Exceptions: []Exception{
					{Date: Date{2026, 1, 13}, Cancelled: true, Reason: "Snow"},
					{Date: Date{2026, 1, 27}, MovedTo: utc("2026-01-22T00:30:00Z"), Reason: "Room booked"}, // Wed 21st 19:30
					{Date: Date{2026, 2, 3}, MovedTo: utc("2026-02-11T01:00:00Z")},                         // after the 10th
				}},
			after: "2026-01-01T00:00:00Z", n: 6,
			want: []string{
				"Tue 2026-01-06 19:00 -05:00", "Tue 2026-01-20 19:00 -05:00",
				"Wed 2026-01-21 19:30 -05:00 moved from 2026-01-27 19:00 (Room booked)",
				"Tue 2026-02-10 19:00 -05:00",
				"Tue 2026-02-10 20:00 -05:00 moved from 2026-02-03 19:00",
				"Tue 2026-02-17 19:00 -05:00",
			},
		},
		{
			name: "a moved meeting counts by its new time against after",
			spec: Spec{Rule: "FREQ=WEEKLY;BYDAY=TU", Start: "19:00", Duration: time.Hour, StartsOn: "2026-01-01", TimeZone: "UTC",
				Exceptions: []Exception{{Date: Date{2026, 1, 6}, MovedTo: utc("2026-01-31T10:00:00Z"), MovedDuration: 2 * time.Hour}}},
			after: "2026-01-27T00:00:00Z", n: 3,
			want: []string{"Tue 2026-01-27 19:00 +00:00", "Sat 2026-01-31 10:00 +00:00 moved from 2026-01-06 19:00", "Tue 2026-02-03 19:00 +00:00"},
		},
		{
			name:  "after is exclusive: a meeting starting exactly then is not next",
			spec:  Spec{Rule: "FREQ=WEEKLY;BYDAY=TU", Start: "19:00", Duration: time.Hour, StartsOn: "2026-01-01", TimeZone: "UTC"},
			after: "2026-01-06T19:00:00Z", n: 1,
			want: []string{"Tue 2026-01-13 19:00 +00:00"},
		},
		{
			name:  "late start near midnight in the zone, after given in UTC",
			spec:  Spec{Rule: "FREQ=WEEKLY;BYDAY=MO", Start: "23:30", Duration: time.Hour, StartsOn: "2026-01-01", TimeZone: "Pacific/Auckland"},
			after: "2026-01-05T10:29:00Z", n: 2,
			want: []string{"Mon 2026-01-05 23:30 +13:00", "Mon 2026-01-12 23:30 +13:00"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustNew(t, tt.spec)
			after := utc(tt.after)
			got := s.Next(after, tt.n)
			if d := diffLines(showAll(got), tt.want); d != "" {
				t.Errorf("Next(%s, %d):\n%s", tt.after, tt.n, d)
			}
			one, ok := s.NextOne(after)
			if ok != (len(tt.want) > 0) || ok && show(one) != tt.want[0] {
				t.Errorf("NextOne(%s) = %s, %v; want %s", tt.after, show(one), ok, tt.want[0])
			}
			for _, o := range got {
				if o.Start.Location() != s.Location {
					t.Errorf("%s is in %v, want %v", show(o), o.Start.Location(), s.Location)
				}
				want := s.Duration
				for _, x := range s.Exceptions {
					if o.Moved && x.MovedTo.Equal(o.Start) && x.MovedDuration != 0 {
						want = x.MovedDuration
					}
				}
				if o.End.Sub(o.Start) != want {
					t.Errorf("%s lasts %v, want %v", show(o), o.End.Sub(o.Start), want)
				}
			}
		})
	}
}

func TestBetween(t *testing.T) {
	s := mustNew(t, Spec{Rule: "FREQ=WEEKLY;BYDAY=TU", Start: "19:00", Duration: 90 * time.Minute, StartsOn: "2026-01-01", TimeZone: "America/New_York",
		Exceptions: []Exception{
			{Date: Date{2026, 1, 13}, Cancelled: true, Reason: "Snow"},
			{Date: Date{2026, 1, 27}, MovedTo: utc("2026-01-22T00:30:00Z"), Reason: "Room booked"},
			{Date: Date{2026, 2, 3}, MovedTo: utc("2026-03-01T00:00:00Z")}, // out of range
		}})
	got := s.Between(utc("2026-01-06T00:00:00Z"), utc("2026-02-04T00:00:00Z"))
	want := []string{
		"Tue 2026-01-06 19:00 -05:00",
		"Tue 2026-01-13 19:00 -05:00 cancelled (Snow)",
		"Tue 2026-01-20 19:00 -05:00",
		"Wed 2026-01-21 19:30 -05:00 moved from 2026-01-27 19:00 (Room booked)",
	}
	if d := diffLines(showAll(got), want); d != "" {
		t.Errorf("Between:\n%s", d)
	}
	// from is inclusive, to exclusive.
	got = s.Between(utc("2026-01-07T00:00:01Z"), utc("2026-01-21T00:00:00Z"))
	if d := diffLines(showAll(got), []string{"Tue 2026-01-13 19:00 -05:00 cancelled (Snow)"}); d != "" {
		t.Errorf("Between [from, to):\n%s", d)
	}
	if got := s.Between(utc("2026-02-01T00:00:00Z"), utc("2026-01-01T00:00:00Z")); got != nil {
		t.Errorf("Between with to before from = %v, want nil", got)
	}
}

// TestAgainstBruteForce compares the fast date arithmetic with a plain
// reading of the rules, day by day, for many rules over several years.
func TestAgainstBruteForce(t *testing.T) {
	rules := []string{
		"FREQ=WEEKLY;BYDAY=TU",
		"FREQ=WEEKLY;BYDAY=MO,WE,FR",
		"FREQ=WEEKLY;INTERVAL=2;BYDAY=MO",
		"FREQ=WEEKLY;INTERVAL=3;BYDAY=SU,TH",
		"FREQ=WEEKLY;INTERVAL=2;BYDAY=SU,SA,TU;WKST=WE",
		"FREQ=WEEKLY;INTERVAL=5;BYDAY=FR,SA;COUNT=17",
		"FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU;COUNT=30",
		"FREQ=MONTHLY;BYMONTHDAY=15",
		"FREQ=MONTHLY;BYMONTHDAY=1,15,31",
		"FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=30;COUNT=12",
		"FREQ=MONTHLY;BYDAY=2TU,4TU",
		"FREQ=MONTHLY;BYDAY=-1FR",
		"FREQ=MONTHLY;BYDAY=5SU,1MO,-1SU",
		"FREQ=MONTHLY;INTERVAL=12;BYDAY=5SA",
		"FREQ=MONTHLY;INTERVAL=7;BYDAY=3WE;COUNT=9",
		"FREQ=MONTHLY;BYDAY=5SU;COUNT=11",
		"FREQ=MONTHLY;BYMONTHDAY=29;UNTIL=20300301",
	}
	starts := []string{"2026-01-01", "2026-01-07", "2027-02-28", "2028-02-29", "2026-12-31"}
	for _, rs := range rules {
		for _, st := range starts {
			s := mustNew(t, Spec{Rule: rs, Start: "09:15", Duration: time.Hour, StartsOn: st, TimeZone: "UTC"})
			from, to := utc("2025-01-01T00:00:00Z"), utc("2034-01-01T00:00:00Z")
			var got []string
			for _, o := range s.Between(from, to) {
				got = append(got, o.Start.Format("2006-01-02 Mon"))
			}
			want := bruteForce(t, s.Rule, s.StartsOn, DateOf(to).AddDays(-1))
			if d := diffLines(got, want); d != "" {
				t.Errorf("%s from %s:\n%s", rs, st, d)
				continue
			}
			// Next and NextOne from many points agree with Between.
			all := s.Between(from, to)
			rng := rand.New(rand.NewPCG(1, uint64(len(rs))))
			for range 50 {
				after := from.Add(time.Duration(rng.Int64N(int64(to.Sub(from)))))
				i, _ := slices.BinarySearchFunc(all, after, func(o Occurrence, t time.Time) int {
					if !o.Start.After(t) {
						return -1
					}
					return 1
				})
				one, ok := s.NextOne(after)
				if i == len(all) {
					if ok && one.Start.Before(to) {
						t.Errorf("%s from %s: NextOne(%v) = %v, want none before %v", rs, st, after, one.Start, to)
					}
					continue
				}
				if !ok || !one.Start.Equal(all[i].Start) {
					t.Errorf("%s from %s: NextOne(%v) = %v, %v; want %v", rs, st, after, one.Start, ok, all[i].Start)
				}
				next := s.Next(after, 3)
				for j := 0; j < len(next) && i+j < len(all); j++ {
					if !next[j].Start.Equal(all[i+j].Start) {
						t.Errorf("%s from %s: Next(%v)[%d] = %v, want %v", rs, st, after, j, next[j].Start, all[i+j].Start)
					}
				}
			}
		}
	}
}

// bruteForce lists the dates a rule picks from start through end, the slow
// and obvious way.
func bruteForce(t *testing.T, r Rule, start, end Date) []string {
	t.Helper()
	matches := func(d Date) bool {
		if r.freq == weekly {
			return r.weekdays&(1<<d.Weekday()) != 0
		}
		if r.monthDays != 0 {
			return r.monthDays&(1<<d.Day) != 0
		}
		bitsFor := r.nth[d.Weekday()]
		n := (d.Day-1)/7 + 1
		last := d.Day+7 > daysIn(d.Year, d.Month)
		return bitsFor&(1<<(n-1)) != 0 || last && bitsFor&(1<<lastBit) != 0
	}
	var out []string
	var first Date
	count := 0
	for d := start; !d.After(end); d = d.AddDays(1) {
		if !matches(d) {
			continue
		}
		if first.IsZero() {
			first = d
		}
		if r.freq == weekly {
			weekStart := func(x Date) Date { return x.AddDays(-floorMod(int(x.Weekday()-r.wkst), 7)) }
			weeks := (weekStart(d).days() - weekStart(first).days()) / 7
			if weeks%r.interval != 0 {
				continue
			}
		} else if (monthIndex(d)-monthIndex(first))%r.interval != 0 {
			continue
		}
		if r.until == untilDate && d.After(r.untilDate) {
			break
		}
		count++
		if r.count > 0 && count > r.count {
			break
		}
		out = append(out, d.String()+" "+d.Weekday().String()[:3])
	}
	return out
}
