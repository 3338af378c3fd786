package schedule

import (
	"slices"
	"testing"
	"time"
)

func TestRuleDays(t *testing.T) {
	for _, tc := range []struct {
		rule string
		want []time.Weekday
	}{
		{"FREQ=WEEKLY;BYDAY=TU", []time.Weekday{time.Tuesday}},
		{"FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR", []time.Weekday{time.Monday, time.Friday}},
		{"FREQ=MONTHLY;BYDAY=2TU,4TU", []time.Weekday{time.Tuesday}},
		{"FREQ=MONTHLY;BYDAY=-1FR", []time.Weekday{time.Friday}},
		{"FREQ=MONTHLY;BYMONTHDAY=15", nil},
	} {
		if got := MustParseRule(tc.rule).Days(); !slices.Equal(got, tc.want) {
			t.Errorf("%s: Days() = %v, want %v", tc.rule, got, tc.want)
		}
	}
}
