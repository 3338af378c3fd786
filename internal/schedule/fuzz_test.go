package schedule

import (
	"testing"
	"time"
)

// FuzzParseRule checks that ParseRule never panics, that whatever it accepts
// prints as text it accepts again to the same Rule, and that a schedule
// using the rule can list meetings without panicking.
func FuzzParseRule(f *testing.F) {
	for _, s := range []string{
		"FREQ=WEEKLY;BYDAY=TU",
		"FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;WKST=SU",
		"FREQ=MONTHLY;BYMONTHDAY=15",
		"FREQ=MONTHLY;BYMONTHDAY=29,30,31;COUNT=7",
		"FREQ=MONTHLY;BYDAY=2TU,4TU",
		"FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2",
		"FREQ=MONTHLY;INTERVAL=12;BYDAY=5SU",
		"FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20271231",
		"FREQ=WEEKLY;BYDAY=SA;UNTIL=20261231T235959Z",
		"RRULE:freq=weekly;byday=su;",
		"FREQ=DAILY",
		"FREQ=WEEKLY;BYDAY=+1TU",
	} {
		f.Add(s)
	}
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		f.Fatal(err)
	}
	after := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRule(s)
		if err != nil {
			if r != (Rule{}) {
				t.Fatalf("ParseRule(%q) returned a rule with an error", s)
			}
			return
		}
		text := r.String()
		again, err := ParseRule(text)
		if err != nil {
			t.Fatalf("ParseRule(%q).String() = %q, which does not parse: %v", s, text, err)
		}
		if again != r {
			t.Fatalf("ParseRule(%q) = %+v; its String %q parses to %+v", s, r, text, again)
		}
		if again.String() != text {
			t.Fatalf("String is not canonical: %q then %q", text, again.String())
		}
		sched := Schedule{Rule: r, Start: Clock{2, 30}, Duration: time.Hour, StartsOn: Date{2026, 1, 1}, Location: loc}
		occ := sched.Next(after, 3)
		for i := 1; i < len(occ); i++ {
			if !occ[i-1].Start.Before(occ[i].Start) {
				t.Fatalf("%s: meetings out of order: %v", text, occ)
			}
		}
		if one, ok := sched.NextOne(after); ok != (len(occ) > 0) || ok && !one.Start.Equal(occ[0].Start) {
			t.Fatalf("%s: NextOne = %v, %v; Next = %v", text, one, ok, occ)
		}
		_ = sched.Describe()
	})
}
