package schedule

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func validSpec() Spec {
	return Spec{Rule: "FREQ=WEEKLY;BYDAY=TU", Start: "19:00", Duration: 90 * time.Minute, StartsOn: "2026-09-01", TimeZone: "Europe/London"}
}

func TestNew(t *testing.T) {
	s := mustNew(t, validSpec())
	if s.Start != (Clock{19, 0}) || s.StartsOn != (Date{2026, 9, 1}) || s.Location.String() != "Europe/London" ||
		s.Rule.String() != "FREQ=WEEKLY;BYDAY=TU" || s.Duration != 90*time.Minute {
		t.Errorf("New(validSpec()) = %+v", s)
	}
	if err := s.Validate(); err != nil {
		t.Errorf("Validate() = %v", err)
	}
}

func TestNewErrors(t *testing.T) {
	tests := []struct {
		name   string
		modify func(*Spec)
		want   string // every message, one per line
	}{
		{"no day", func(s *Spec) { s.Rule = "FREQ=WEEKLY" }, "Repeat rule: choose at least one day of the week"},
		{"daily", func(s *Spec) { s.Rule = "FREQ=DAILY" }, "Repeat rule: FREQ=DAILY is not supported; use weekly or monthly"},
		{"unknown zone", func(s *Spec) { s.TimeZone = "Europe/Londn" }, "Time zone: enter a time zone like Europe/London"},
		{"empty zone", func(s *Spec) { s.TimeZone = "" }, "Time zone: enter a time zone like Europe/London"},
		{"Local zone", func(s *Spec) { s.TimeZone = "Local" }, "Time zone: enter a time zone like Europe/London"},
		{"zero duration", func(s *Spec) { s.Duration = 0 }, "Duration: enter how long the meeting lasts"},
		{"negative duration", func(s *Spec) { s.Duration = -time.Hour }, "Duration: enter how long the meeting lasts"},
		{"too long", func(s *Spec) { s.Duration = 24*time.Hour + time.Minute }, "Duration: a meeting can last at most 24 hours"},
		{"seconds", func(s *Spec) { s.Duration = time.Hour + time.Second }, "Duration: use whole minutes"},
		{"start not HH:MM", func(s *Spec) { s.Start = "7pm" }, "Start time: enter a time like 19:00"},
		{"start 24:00", func(s *Spec) { s.Start = "24:00" }, "Start time: enter a time like 19:00"},
		{"bad date", func(s *Spec) { s.StartsOn = "2027-02-29" }, "Starts on: enter a date like 2026-09-01"},
		{"ends before it starts", func(s *Spec) { s.Rule = "FREQ=WEEKLY;BYDAY=TU;UNTIL=20260831" }, "Repeat rule: the rule ends before the first meeting"},
		{"ends before first meeting time", func(s *Spec) { s.Rule = "FREQ=WEEKLY;BYDAY=TU;UNTIL=20260901T175959Z" }, "Repeat rule: the rule ends before the first meeting"},
		{"several fields", func(s *Spec) { s.Rule = "FREQ=WEEKLY"; s.Duration = 0; s.TimeZone = "Mars/Olympus" },
			"Repeat rule: choose at least one day of the week\nDuration: enter how long the meeting lasts\nTime zone: enter a time zone like Europe/London"},
		{"exception not a meeting day", func(s *Spec) { s.Exceptions = []Exception{{Date: Date{2026, 9, 2}, Cancelled: true}} },
			"Cancelled or moved meetings: Wednesday 2 September 2026 is not a meeting day of this schedule"},
		{"exception before the first meeting", func(s *Spec) { s.Exceptions = []Exception{{Date: Date{2026, 8, 25}, Cancelled: true}} },
			"Cancelled or moved meetings: Tuesday 25 August 2026 is not a meeting day of this schedule"},
		{"exception after COUNT", func(s *Spec) {
			s.Rule = "FREQ=WEEKLY;BYDAY=TU;COUNT=2"
			s.Exceptions = []Exception{{Date: Date{2026, 9, 15}, Cancelled: true}}
		}, "Cancelled or moved meetings: Tuesday 15 September 2026 is not a meeting day of this schedule"},
		{"exception both", func(s *Spec) {
			s.Exceptions = []Exception{{Date: Date{2026, 9, 8}, Cancelled: true, MovedTo: time.Date(2026, 9, 9, 19, 0, 0, 0, time.UTC)}}
		}, "Cancelled or moved meetings: Tuesday 8 September 2026 is both cancelled and moved; choose one"},
		{"exception neither", func(s *Spec) { s.Exceptions = []Exception{{Date: Date{2026, 9, 8}, Reason: "?"}} },
			"Cancelled or moved meetings: Tuesday 8 September 2026 needs to be either cancelled or moved"},
		{"exception twice", func(s *Spec) {
			s.Exceptions = []Exception{{Date: Date{2026, 9, 8}, Cancelled: true}, {Date: Date{2026, 9, 8}, Cancelled: true}}
		}, "Cancelled or moved meetings: Tuesday 8 September 2026 is listed more than once"},
		{"moved too long", func(s *Spec) {
			s.Exceptions = []Exception{{Date: Date{2026, 9, 8}, MovedTo: time.Date(2026, 9, 9, 19, 0, 0, 0, time.UTC), MovedDuration: 25 * time.Hour}}
		}, "Cancelled or moved meetings: Tuesday 8 September 2026: a moved meeting lasts whole minutes, at most 24 hours"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := validSpec()
			tt.modify(&spec)
			s, err := New(spec)
			if err == nil {
				t.Fatalf("New succeeded: %+v", s)
			}
			if err.Error() != tt.want {
				t.Errorf("New error:\ngot  %q\nwant %q", err.Error(), tt.want)
			}
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("error %T is not a *FieldError", err)
			}
			if wantField := Field(strings.SplitN(tt.want, ":", 2)[0]); fe.Field != wantField {
				t.Errorf("first field = %q, want %q", fe.Field, wantField)
			}
		})
	}
}

func TestValidateHandBuilt(t *testing.T) {
	loc := mustLoad(t, "America/New_York")
	good := Schedule{Rule: MustParseRule("FREQ=WEEKLY;BYDAY=MO"), Start: Clock{18, 30}, Duration: time.Hour, StartsOn: Date{2026, 1, 1}, Location: loc}
	if err := good.Validate(); err != nil {
		t.Fatalf("Validate() = %v", err)
	}
	tests := []struct {
		name   string
		modify func(*Schedule)
		want   string
	}{
		{"zero rule", func(s *Schedule) { s.Rule = Rule{} }, "Repeat rule: choose how often the group meets, like FREQ=WEEKLY;BYDAY=TU"},
		{"bad clock", func(s *Schedule) { s.Start = Clock{25, 0} }, "Start time: enter a time like 19:00"},
		{"no date", func(s *Schedule) { s.StartsOn = Date{} }, "Starts on: enter a date like 2026-09-01"},
		{"no zone", func(s *Schedule) { s.Location = nil }, "Time zone: enter a time zone like Europe/London"},
		{"Local", func(s *Schedule) { s.Location = time.Local }, "Time zone: enter a time zone like Europe/London"},
	}
	for _, tt := range tests {
		s := good
		tt.modify(&s)
		if err := s.Validate(); err == nil || err.Error() != tt.want {
			t.Errorf("%s: Validate() = %v, want %q", tt.name, err, tt.want)
		}
		if tt.name == "Local" {
			continue // valid to compute with, but not to store: it depends on the server
		}
		// An invalid schedule lists nothing rather than panicking.
		if got := s.Next(time.Now(), 3); len(got) != 0 {
			t.Errorf("%s: Next on an invalid schedule = %v", tt.name, got)
		}
		if _, ok := s.NextOne(time.Now()); ok {
			t.Errorf("%s: NextOne on an invalid schedule succeeded", tt.name)
		}
	}
}

func TestDescribe(t *testing.T) {
	tests := []struct{ rule, start, want string }{
		{"FREQ=WEEKLY;BYDAY=TU", "19:00", "Every Tuesday at 19:00"},
		{"FREQ=WEEKLY;BYDAY=TH,MO", "19:00", "Every Monday and Thursday at 19:00"},
		{"FREQ=WEEKLY;BYDAY=MO,WE,FR", "07:15", "Every Monday, Wednesday and Friday at 07:15"},
		{"FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", "18:30", "Every other Monday at 18:30"},
		{"FREQ=WEEKLY;INTERVAL=3;BYDAY=MO,SA", "18:30", "Every 3 weeks on Monday and Saturday at 18:30"},
		{"FREQ=MONTHLY;BYDAY=2TU,4TU", "19:00", "On the 2nd and 4th Tuesday of each month at 19:00"},
		{"FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2", "19:00", "On the 2nd Tuesday of each month at 19:00"},
		{"FREQ=MONTHLY;BYDAY=-1FR", "10:00", "On the last Friday of each month at 10:00"},
		{"FREQ=MONTHLY;BYDAY=1MO,3MO,-1WE", "10:00", "On the 1st and 3rd Monday and the last Wednesday of each month at 10:00"},
		{"FREQ=MONTHLY;INTERVAL=2;BYDAY=1SA", "10:00", "On the 1st Saturday of every other month at 10:00"},
		{"FREQ=MONTHLY;BYMONTHDAY=15", "12:00", "On day 15 of each month at 12:00"},
		{"FREQ=MONTHLY;BYMONTHDAY=1,15", "12:00", "On days 1 and 15 of each month at 12:00"},
		{"FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=1", "12:00", "On day 1 of every 3 months at 12:00"},
		{"FREQ=WEEKLY;BYDAY=TU;COUNT=10", "19:00", "Every Tuesday at 19:00, 10 times"},
		{"FREQ=WEEKLY;BYDAY=TU;COUNT=1", "19:00", "Every Tuesday at 19:00, once"},
		{"FREQ=WEEKLY;BYDAY=TU;UNTIL=20261215", "19:00", "Every Tuesday at 19:00, until 15 December 2026"},
		{"FREQ=WEEKLY;BYDAY=TU;UNTIL=20261216T000000Z", "19:00", "Every Tuesday at 19:00, until 15 December 2026"}, // New York date
	}
	for _, tt := range tests {
		s := mustNew(t, Spec{Rule: tt.rule, Start: tt.start, Duration: time.Hour, StartsOn: "2026-01-01", TimeZone: "America/New_York"})
		if got := s.Describe(); got != tt.want {
			t.Errorf("Describe(%s) = %q, want %q", tt.rule, got, tt.want)
		}
	}
	if got := (Schedule{}).Describe(); got != "" {
		t.Errorf("zero Schedule Describe() = %q, want empty", got)
	}
}

func TestWeekdays(t *testing.T) {
	tests := []struct {
		rule string
		want []time.Weekday
		ok   bool
	}{
		{"FREQ=WEEKLY;BYDAY=TU", []time.Weekday{time.Tuesday}, true},
		{"FREQ=WEEKLY;BYDAY=SA,SU,MO", []time.Weekday{time.Sunday, time.Monday, time.Saturday}, true},
		{"FREQ=WEEKLY;BYDAY=TU;COUNT=4", []time.Weekday{time.Tuesday}, true},
		{"FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", nil, false},
		{"FREQ=MONTHLY;BYDAY=2TU", nil, false},
		{"FREQ=MONTHLY;BYMONTHDAY=2", nil, false},
	}
	for _, tt := range tests {
		s := mustNew(t, Spec{Rule: tt.rule, Start: "19:00", Duration: time.Hour, StartsOn: "2026-01-01", TimeZone: "UTC"})
		got, ok := s.Weekdays()
		if ok != tt.ok || !slices.Equal(got, tt.want) {
			t.Errorf("Weekdays(%s) = %v, %v; want %v, %v", tt.rule, got, ok, tt.want, tt.ok)
		}
	}
}

func TestRRULEAndFirstDate(t *testing.T) {
	tests := []struct {
		rule, startsOn, zone string
		wantRRULE            string
		wantFirst            Date
	}{
		{"FREQ=WEEKLY;BYDAY=TU", "2026-01-01", "America/New_York", "FREQ=WEEKLY;BYDAY=TU", Date{2026, 1, 6}},
		{"FREQ=WEEKLY;BYDAY=TU;UNTIL=20260630", "2026-01-01", "America/New_York", "FREQ=WEEKLY;BYDAY=TU;UNTIL=20260630T230000Z", Date{2026, 1, 6}},
		{"FREQ=WEEKLY;BYDAY=TU;UNTIL=20260630T230000Z", "2026-01-01", "America/New_York", "FREQ=WEEKLY;BYDAY=TU;UNTIL=20260630T230000Z", Date{2026, 1, 6}},
		{"FREQ=MONTHLY;BYDAY=-1FR;COUNT=3", "2026-01-31", "Australia/Adelaide", "FREQ=MONTHLY;BYDAY=-1FR;COUNT=3", Date{2026, 2, 27}},
		{"FREQ=MONTHLY;BYMONTHDAY=31", "2026-02-01", "UTC", "FREQ=MONTHLY;BYMONTHDAY=31", Date{2026, 3, 31}},
	}
	for _, tt := range tests {
		s := mustNew(t, Spec{Rule: tt.rule, Start: "19:00", Duration: time.Hour, StartsOn: tt.startsOn, TimeZone: tt.zone})
		if got := s.RRULE(); got != tt.wantRRULE {
			t.Errorf("RRULE(%s) = %q, want %q", tt.rule, got, tt.wantRRULE)
		}
		if got, ok := s.FirstDate(); !ok || got != tt.wantFirst {
			t.Errorf("FirstDate(%s from %s) = %v, %v; want %v", tt.rule, tt.startsOn, got, ok, tt.wantFirst)
		}
	}
}

func TestIsZero(t *testing.T) {
	if !(Schedule{}).IsZero() {
		t.Error("Schedule{}.IsZero() = false")
	}
	if mustNew(t, validSpec()).IsZero() {
		t.Error("a valid schedule reports IsZero")
	}
}
