package schedule

import (
	"testing"
	"time"
	_ "time/tzdata" // the tests need the same zones on every machine
)

func mustLoad(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestDayNumbersMatchTimePackage(t *testing.T) {
	for n := daysFromCivil(1600, 1, 1); n < daysFromCivil(2500, 1, 1); n += 13 {
		d := dateOfDays(n)
		want := time.Unix(int64(n)*86400, 0).UTC()
		if got := (Date{want.Year(), want.Month(), want.Day()}); d != got {
			t.Fatalf("dateOfDays(%d) = %v, want %v", n, d, got)
		}
		if back := d.days(); back != n {
			t.Fatalf("%v.days() = %d, want %d", d, back, n)
		}
		if d.Weekday() != want.Weekday() {
			t.Fatalf("%v.Weekday() = %v, want %v", d, d.Weekday(), want.Weekday())
		}
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in      string
		want    Date
		wantErr bool
	}{
		{"2026-09-01", Date{2026, 9, 1}, false},
		{"2028-02-29", Date{2028, 2, 29}, false},
		{"2027-02-29", Date{}, true},
		{"2026-13-01", Date{}, true},
		{"2026-9-1", Date{}, true},
		{"1899-12-31", Date{}, true},
		{"2026-09-01x", Date{}, true},
		{"+026-09-01", Date{}, true},
		{"", Date{}, true},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
		if err == nil && got.String() != tt.in {
			t.Errorf("ParseDate(%q).String() = %q", tt.in, got.String())
		}
	}
}

func TestDateArithmetic(t *testing.T) {
	d := Date{2028, 2, 28}
	if got, want := d.AddDays(1), (Date{2028, 2, 29}); got != want {
		t.Errorf("AddDays(1) = %v, want %v", got, want)
	}
	if got, want := d.AddDays(-59), (Date{2027, 12, 31}); got != want {
		t.Errorf("AddDays(-59) = %v, want %v", got, want)
	}
	if !d.Before(d.AddDays(1)) || !d.After(d.AddDays(-1)) || d.Compare(d) != 0 {
		t.Errorf("Before/After/Compare disagree for %v", d)
	}
	if got := DateOf(time.Date(2026, 3, 1, 23, 0, 0, 0, mustLoad(t, "Asia/Kathmandu"))); got != (Date{2026, 3, 1}) {
		t.Errorf("DateOf = %v, want 2026-03-01", got)
	}
}

func TestParseClock(t *testing.T) {
	tests := []struct {
		in   string
		want Clock
		ok   bool
	}{
		{"19:00", Clock{19, 0}, true},
		{"9:30", Clock{9, 30}, true},
		{"00:00", Clock{0, 0}, true},
		{"23:59", Clock{23, 59}, true},
		{"24:00", Clock{}, false},
		{"12:60", Clock{}, false},
		{"7pm", Clock{}, false},
		{"19:00:00", Clock{}, false},
		{"190:0", Clock{}, false},
		{":00", Clock{}, false},
		{"-1:00", Clock{}, false},
	}
	for _, tt := range tests {
		got, err := ParseClock(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseClock(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
	if got := (Clock{9, 5}).String(); got != "09:05" {
		t.Errorf("Clock.String() = %q, want 09:05", got)
	}
}

// TestAt pins the behaviour on the nights clocks change.
func TestAt(t *testing.T) {
	tests := []struct {
		name string
		zone string
		date Date
		hhmm Clock
		want string // RFC 3339 in UTC
	}{
		{"New York ordinary", "America/New_York", Date{2027, 3, 13}, Clock{2, 30}, "2027-03-13T07:30:00Z"},
		{"New York spring gap moves forward", "America/New_York", Date{2027, 3, 14}, Clock{2, 30}, "2027-03-14T07:30:00Z"}, // 03:30 EDT
		{"New York spring gap start", "America/New_York", Date{2027, 3, 14}, Clock{2, 0}, "2027-03-14T07:00:00Z"},          // 03:00 EDT
		{"New York just after gap", "America/New_York", Date{2027, 3, 14}, Clock{3, 0}, "2027-03-14T07:00:00Z"},
		{"New York autumn repeat is first", "America/New_York", Date{2026, 11, 1}, Clock{1, 30}, "2026-11-01T05:30:00Z"}, // EDT
		{"New York autumn after repeat", "America/New_York", Date{2026, 11, 1}, Clock{2, 0}, "2026-11-01T07:00:00Z"},
		{"London spring gap", "Europe/London", Date{2027, 3, 28}, Clock{1, 30}, "2027-03-28T01:30:00Z"}, // 02:30 BST
		{"London autumn repeat", "Europe/London", Date{2026, 10, 25}, Clock{1, 30}, "2026-10-25T00:30:00Z"},
		{"Adelaide spring gap", "Australia/Adelaide", Date{2026, 10, 4}, Clock{2, 30}, "2026-10-03T17:00:00Z"},      // 03:30 ACDT
		{"Adelaide autumn repeat", "Australia/Adelaide", Date{2027, 4, 4}, Clock{2, 30}, "2027-04-03T16:00:00Z"},    // 02:30 ACDT
		{"Lord Howe half-hour gap", "Australia/Lord_Howe", Date{2026, 10, 4}, Clock{2, 15}, "2026-10-03T15:45:00Z"}, // 02:45 +11
		{"Kolkata", "Asia/Kolkata", Date{2027, 3, 14}, Clock{2, 30}, "2027-03-13T21:00:00Z"},
		{"Kathmandu", "Asia/Kathmandu", Date{2026, 11, 1}, Clock{19, 0}, "2026-11-01T13:15:00Z"},
		{"Santiago midnight gap", "America/Santiago", Date{2026, 9, 6}, Clock{0, 30}, "2026-09-06T04:30:00Z"}, // 01:30 -03
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := At(tt.date, tt.hhmm, mustLoad(t, tt.zone))
			if s := got.UTC().Format(time.RFC3339); s != tt.want {
				t.Errorf("At(%v, %v, %s) = %s (%s), want %s", tt.date, tt.hhmm, tt.zone, s, got.Format(time.RFC3339), tt.want)
			}
			if got.Location().String() != tt.zone {
				t.Errorf("At returned a time in %v, want %s", got.Location(), tt.zone)
			}
		})
	}
}

// TestAtEveryHalfHour checks At against a brute-force reading of the rules
// in zones with unusual changes, for every half hour of several years.
func TestAtEveryHalfHour(t *testing.T) {
	zones := []string{
		"America/New_York", "Europe/London", "Europe/Dublin", "Australia/Adelaide",
		"Australia/Lord_Howe", "America/Santiago", "America/St_Johns", "Pacific/Chatham",
		"Asia/Beirut", "Africa/Casablanca", "Asia/Kathmandu", "UTC",
	}
	from, to := daysFromCivil(2024, 1, 1), daysFromCivil(2029, 1, 1)
	if testing.Short() {
		to = daysFromCivil(2025, 1, 1)
	}
	for _, name := range zones {
		loc := mustLoad(t, name)
		for day := from; day < to; day++ {
			for sec := int64(0); sec < 86400; sec += 1800 {
				w := int64(day)*86400 + sec
				got := wallToTime(w, loc).Unix()
				// The offsets either side, two days away (no zone
				// changes twice in four days).
				_, oa := time.Unix(w-2*86400, 0).In(loc).Zone()
				_, ob := time.Unix(w+2*86400, 0).In(loc).Zone()
				var want int64
				switch ua, ub := w-int64(oa), w-int64(ob); {
				case wallOf(ua, loc) == w && wallOf(ub, loc) == w:
					want = min(ua, ub) // repeated: the first
				case wallOf(ua, loc) == w:
					want = ua
				case wallOf(ub, loc) == w:
					want = ub
				default: // gap: read with the offset before it
					want = ua
				}
				if got != want {
					t.Fatalf("%s %v %02d:%02d: got %v, want %v", name, dateOfDays(day), sec/3600, sec%3600/60,
						time.Unix(got, 0).In(loc), time.Unix(want, 0).In(loc))
				}
			}
		}
	}
}

func wallOf(u int64, loc *time.Location) int64 {
	_, off := time.Unix(u, 0).In(loc).Zone()
	return u + int64(off)
}
