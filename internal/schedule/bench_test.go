package schedule

import (
	"testing"
	"time"
)

// Run with: go test -run '^$' -bench NextOne -benchmem ./internal/schedule
func BenchmarkNextOne(b *testing.B) {
	moved := []Exception{
		{Date: Date{2026, 1, 13}, Cancelled: true},
		{Date: Date{2026, 2, 10}, MovedTo: time.Date(2026, 2, 11, 19, 0, 0, 0, time.UTC)},
		{Date: Date{2027, 3, 9}, Cancelled: true},
	}
	cases := []struct {
		name string
		spec Spec
	}{
		{"weekly", Spec{Rule: "FREQ=WEEKLY;BYDAY=TU", Start: "19:00", Duration: time.Hour, StartsOn: "2026-01-01", TimeZone: "America/New_York"}},
		{"weekly-interval-3-exceptions", Spec{Rule: "FREQ=WEEKLY;INTERVAL=3;BYDAY=TU,TH", Start: "19:00", Duration: time.Hour, StartsOn: "2026-01-01", TimeZone: "Europe/London", Exceptions: moved[:0]}},
		{"weekly-exceptions", Spec{Rule: "FREQ=WEEKLY;BYDAY=TU", Start: "19:00", Duration: time.Hour, StartsOn: "2026-01-01", TimeZone: "America/New_York", Exceptions: moved}},
		{"monthly-nth", Spec{Rule: "FREQ=MONTHLY;BYDAY=2TU,4TU", Start: "19:00", Duration: time.Hour, StartsOn: "2026-01-01", TimeZone: "Australia/Adelaide"}},
		{"monthly-day-count", Spec{Rule: "FREQ=MONTHLY;BYMONTHDAY=31;COUNT=100", Start: "12:00", Duration: time.Hour, StartsOn: "2026-01-01", TimeZone: "Asia/Kathmandu"}},
	}
	after := time.Date(2027, 3, 10, 12, 0, 0, 0, time.UTC)
	for _, c := range cases {
		s, err := New(c.spec)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, ok := s.NextOne(after); !ok {
					b.Fatal("no next meeting")
				}
			}
		})
	}
}

func BenchmarkNext20(b *testing.B) {
	s, err := New(Spec{Rule: "FREQ=WEEKLY;BYDAY=TU", Start: "19:00", Duration: time.Hour, StartsOn: "2026-01-01", TimeZone: "America/New_York"})
	if err != nil {
		b.Fatal(err)
	}
	after := time.Date(2027, 3, 10, 12, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		s.Next(after, 20)
	}
}
