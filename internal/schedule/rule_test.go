package schedule

import (
	"errors"
	"strings"
	"testing"
)

func TestParseRule(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"FREQ=WEEKLY;BYDAY=TU", "FREQ=WEEKLY;BYDAY=TU"},
		{"FREQ=WEEKLY;BYDAY=TH,MO", "FREQ=WEEKLY;BYDAY=MO,TH"},
		{"FREQ=WEEKLY;BYDAY=SU,SA,FR,TH,WE,TU,MO", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU"},
		{"FREQ=WEEKLY;BYDAY=TU,TU", "FREQ=WEEKLY;BYDAY=TU"},
		{"FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"},
		{"FREQ=WEEKLY;INTERVAL=1;BYDAY=MO", "FREQ=WEEKLY;BYDAY=MO"},
		{"freq=weekly;byday=tu", "FREQ=WEEKLY;BYDAY=TU"},
		{"RRULE:FREQ=WEEKLY;BYDAY=TU;", "FREQ=WEEKLY;BYDAY=TU"},
		{" BYDAY=TU ; FREQ=WEEKLY ", "FREQ=WEEKLY;BYDAY=TU"},
		{"FREQ=WEEKLY;BYDAY=TU;WKST=MO", "FREQ=WEEKLY;BYDAY=TU"},
		{"FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,SU;WKST=SU", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,SU;WKST=SU"},
		{"FREQ=MONTHLY;BYMONTHDAY=15", "FREQ=MONTHLY;BYMONTHDAY=15"},
		{"FREQ=MONTHLY;BYMONTHDAY=15,1", "FREQ=MONTHLY;BYMONTHDAY=1,15"},
		{"FREQ=MONTHLY;BYMONTHDAY=31", "FREQ=MONTHLY;BYMONTHDAY=31"},
		{"FREQ=MONTHLY;BYDAY=2TU,4TU", "FREQ=MONTHLY;BYDAY=2TU,4TU"},
		{"FREQ=MONTHLY;BYDAY=+2TU", "FREQ=MONTHLY;BYDAY=2TU"},
		{"FREQ=MONTHLY;BYDAY=-1TU,2TU", "FREQ=MONTHLY;BYDAY=2TU,-1TU"},
		{"FREQ=MONTHLY;BYDAY=1WE,3MO", "FREQ=MONTHLY;BYDAY=3MO,1WE"},
		{"FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2", "FREQ=MONTHLY;BYDAY=2TU"},
		{"FREQ=MONTHLY;BYDAY=TU;BYSETPOS=4,2", "FREQ=MONTHLY;BYDAY=2TU,4TU"},
		{"FREQ=MONTHLY;BYDAY=FR;BYSETPOS=-1", "FREQ=MONTHLY;BYDAY=-1FR"},
		{"FREQ=MONTHLY;BYDAY=-1FR", "FREQ=MONTHLY;BYDAY=-1FR"},
		{"FREQ=MONTHLY;BYDAY=5SU", "FREQ=MONTHLY;BYDAY=5SU"},
		{"FREQ=MONTHLY;INTERVAL=3;BYDAY=1SA", "FREQ=MONTHLY;INTERVAL=3;BYDAY=1SA"},
		{"FREQ=WEEKLY;BYDAY=TU;COUNT=10", "FREQ=WEEKLY;BYDAY=TU;COUNT=10"},
		{"COUNT=10;FREQ=WEEKLY;BYDAY=TU", "FREQ=WEEKLY;BYDAY=TU;COUNT=10"},
		{"FREQ=WEEKLY;BYDAY=TU;UNTIL=20261231", "FREQ=WEEKLY;BYDAY=TU;UNTIL=20261231"},
		{"FREQ=WEEKLY;BYDAY=TU;UNTIL=20261231T235959Z", "FREQ=WEEKLY;BYDAY=TU;UNTIL=20261231T235959Z"},
		{"FREQ=MONTHLY;BYMONTHDAY=29;UNTIL=20280229", "FREQ=MONTHLY;BYMONTHDAY=29;UNTIL=20280229"},
	}
	for _, tt := range tests {
		r, err := ParseRule(tt.in)
		if err != nil {
			t.Errorf("ParseRule(%q): %v", tt.in, err)
			continue
		}
		if got := r.String(); got != tt.want {
			t.Errorf("ParseRule(%q).String() = %q, want %q", tt.in, got, tt.want)
		}
		again, err := ParseRule(r.String())
		if err != nil || again != r {
			t.Errorf("ParseRule(%q) does not round-trip: %v, %v", r.String(), again, err)
		}
	}
}

func TestParseRuleErrors(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"", "Repeat rule: choose how often the group meets, like FREQ=WEEKLY;BYDAY=TU"},
		{"RRULE:", "Repeat rule: choose how often the group meets, like FREQ=WEEKLY;BYDAY=TU"},
		{"FREQ=WEEKLY", "Repeat rule: choose at least one day of the week"},
		{"FREQ=WEEKLY;INTERVAL=2", "Repeat rule: choose at least one day of the week"},
		{"FREQ=DAILY", "Repeat rule: FREQ=DAILY is not supported; use weekly or monthly"},
		{"FREQ=YEARLY;BYMONTH=1", "Repeat rule: BYMONTH is not supported; use a weekly or monthly rule"},
		{"FREQ=YEARLY", "Repeat rule: FREQ=YEARLY is not supported; use weekly or monthly"},
		{"FREQ=FORTNIGHTLY", `Repeat rule: FREQ="FORTNIGHTLY" is not a frequency; use WEEKLY or MONTHLY`},
		{"BYDAY=TU", "Repeat rule: say how often the group meets, like FREQ=WEEKLY or FREQ=MONTHLY"},
		{"FREQ=WEEKLY;BYDAY=TU;BYHOUR=19", "Repeat rule: BYHOUR is not supported; use a weekly or monthly rule"},
		{"FREQ=WEEKLY;BYDAY=TU;COLOUR=RED", `Repeat rule: "COLOUR" is not a part of a repeat rule`},
		{"FREQ=WEEKLY;BYDAY", `Repeat rule: "BYDAY" is not a rule part; parts look like FREQ=WEEKLY`},
		{"FREQ=WEEKLY;BYDAY=", "Repeat rule: BYDAY has no value"},
		{"FREQ=WEEKLY;FREQ=WEEKLY;BYDAY=TU", "Repeat rule: FREQ appears more than once"},
		{"FREQ=WEEKLY;BYDAY=TUE", `Repeat rule: "TUE" is not a day of the week; use MO, TU, WE, TH, FR, SA or SU`},
		{"FREQ=WEEKLY;BYDAY=TU,,TH", `Repeat rule: "" is not a day of the week; use MO, TU, WE, TH, FR, SA or SU`},
		{"FREQ=WEEKLY;BYDAY=2TU", "Repeat rule: a weekly rule takes plain days like BYDAY=MO,TH, not numbered ones like 2TU"},
		{"FREQ=WEEKLY;BYDAY=TU;BYMONTHDAY=3", "Repeat rule: BYMONTHDAY works only with FREQ=MONTHLY"},
		{"FREQ=WEEKLY;BYDAY=TU;BYSETPOS=1", "Repeat rule: BYSETPOS works only with FREQ=MONTHLY"},
		{"FREQ=WEEKLY;INTERVAL=0;BYDAY=TU", "Repeat rule: INTERVAL must be a whole number from 1 to 99"},
		{"FREQ=WEEKLY;INTERVAL=100;BYDAY=TU", "Repeat rule: INTERVAL must be a whole number from 1 to 99"},
		{"FREQ=WEEKLY;INTERVAL=-2;BYDAY=TU", "Repeat rule: INTERVAL must be a whole number from 1 to 99"},
		{"FREQ=WEEKLY;BYDAY=TU;WKST=XX", `Repeat rule: "XX" is not a day of the week; use MO, TU, WE, TH, FR, SA or SU`},
		{"FREQ=MONTHLY", "Repeat rule: choose a day of the month, like BYMONTHDAY=15, or a weekday of the month, like BYDAY=2TU"},
		{"FREQ=MONTHLY;BYDAY=TU", "Repeat rule: say which week of the month, like BYDAY=2TU or BYDAY=-1FR for the last"},
		{"FREQ=MONTHLY;BYDAY=TU,2WE", "Repeat rule: say which week of the month, like BYDAY=2TU or BYDAY=-1FR for the last"},
		{"FREQ=MONTHLY;BYDAY=6TU", `Repeat rule: "6TU": use 1 to 5, or -1 for the last, before the day, like 2TU or -1FR`},
		{"FREQ=MONTHLY;BYDAY=-2TU", `Repeat rule: "-2TU": use 1 to 5, or -1 for the last, before the day, like 2TU or -1FR`},
		{"FREQ=MONTHLY;BYDAY=0TU", `Repeat rule: "0TU": use 1 to 5, or -1 for the last, before the day, like 2TU or -1FR`},
		{"FREQ=MONTHLY;BYDAY=TU,TH;BYSETPOS=2", "Repeat rule: BYSETPOS works only with one day of the week, like BYDAY=TU;BYSETPOS=2"},
		{"FREQ=MONTHLY;BYDAY=2TU;BYSETPOS=2", "Repeat rule: BYSETPOS works only with one day of the week, like BYDAY=TU;BYSETPOS=2"},
		{"FREQ=MONTHLY;BYMONTHDAY=2;BYSETPOS=2", "Repeat rule: BYSETPOS works only with one day of the week, like BYDAY=TU;BYSETPOS=2"},
		{"FREQ=MONTHLY;BYDAY=TU;BYSETPOS=-3", "Repeat rule: BYSETPOS must be 1 to 5, or -1 for the last"},
		{"FREQ=MONTHLY;BYMONTHDAY=15;BYDAY=2TU", "Repeat rule: use either BYMONTHDAY or BYDAY, not both"},
		{"FREQ=MONTHLY;BYMONTHDAY=32", "Repeat rule: BYMONTHDAY must be a day of the month from 1 to 31"},
		{"FREQ=MONTHLY;BYMONTHDAY=-1", "Repeat rule: BYMONTHDAY must be a day of the month from 1 to 31"},
		{"FREQ=MONTHLY;BYMONTHDAY=0", "Repeat rule: BYMONTHDAY must be a day of the month from 1 to 31"},
		{"FREQ=WEEKLY;BYDAY=TU;COUNT=5;UNTIL=20261231", "Repeat rule: use COUNT or UNTIL, not both"},
		{"FREQ=WEEKLY;BYDAY=TU;COUNT=0", "Repeat rule: COUNT must be a whole number from 1 to 1000"},
		{"FREQ=WEEKLY;BYDAY=TU;COUNT=1001", "Repeat rule: COUNT must be a whole number from 1 to 1000"},
		{"FREQ=WEEKLY;BYDAY=TU;UNTIL=20270229", "Repeat rule: UNTIL must be a date like 20261231 or a UTC time like 20261231T190000Z"},
		{"FREQ=WEEKLY;BYDAY=TU;UNTIL=20261231T190000", "Repeat rule: UNTIL must be a date like 20261231 or a UTC time like 20261231T190000Z"},
		{"FREQ=WEEKLY;BYDAY=TU;UNTIL=20261231T240000Z", "Repeat rule: UNTIL must be a date like 20261231 or a UTC time like 20261231T190000Z"},
		{"FREQ=WEEKLY;BYDAY=TU;UNTIL=2026-12-31", "Repeat rule: UNTIL must be a date like 20261231 or a UTC time like 20261231T190000Z"},
		{"FREQ=WEEKLY;BYDAY=TU;X-NAME=Y" + strings.Repeat("A", 400), "Repeat rule: the rule is too long"},
	}
	for _, tt := range tests {
		_, err := ParseRule(tt.in)
		if err == nil {
			t.Errorf("ParseRule(%q) succeeded, want %q", tt.in, tt.want)
			continue
		}
		if err.Error() != tt.want {
			t.Errorf("ParseRule(%q) error:\ngot  %q\nwant %q", tt.in, err.Error(), tt.want)
		}
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != FieldRule {
			t.Errorf("ParseRule(%q) error %T is not a *FieldError for %q", tt.in, err, FieldRule)
		}
	}
}

func TestMustParseRulePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("MustParseRule(FREQ=DAILY) did not panic")
		}
	}()
	MustParseRule("FREQ=DAILY")
}

func TestRuleZero(t *testing.T) {
	var r Rule
	if !r.IsZero() || r.String() != "" {
		t.Errorf("zero Rule: IsZero %v, String %q", r.IsZero(), r.String())
	}
	if MustParseRule("FREQ=WEEKLY;BYDAY=MO").IsZero() {
		t.Error("a parsed Rule reports IsZero")
	}
}
