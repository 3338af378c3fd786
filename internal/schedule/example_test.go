package schedule_test

import (
	"fmt"
	"time"

	"holdspace/internal/schedule"
)

func ExampleNew() {
	s, err := schedule.New(schedule.Spec{
		Rule:     "FREQ=MONTHLY;BYDAY=2TU,4TU",
		Start:    "19:00",
		Duration: 90 * time.Minute,
		StartsOn: "2026-09-01",
		TimeZone: "Europe/London",
		Exceptions: []schedule.Exception{
			{Date: schedule.Date{Year: 2026, Month: time.October, Day: 13}, Cancelled: true, Reason: "Hall closed"},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Describe())
	for _, o := range s.Next(time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), 4) {
		fmt.Println(o.Start.Format("Mon 2 Jan 2006 15:04 MST"))
	}
	// Output:
	// On the 2nd and 4th Tuesday of each month at 19:00
	// Tue 8 Sep 2026 19:00 BST
	// Tue 22 Sep 2026 19:00 BST
	// Tue 27 Oct 2026 19:00 GMT
	// Tue 10 Nov 2026 19:00 GMT
}

func ExampleNew_errors() {
	_, err := schedule.New(schedule.Spec{Rule: "FREQ=DAILY", Start: "19:00", Duration: time.Hour, StartsOn: "2026-09-01", TimeZone: "Europe/Londn"})
	fmt.Println(err)
	// Output:
	// Repeat rule: FREQ=DAILY is not supported; use weekly or monthly
	// Time zone: enter a time zone like Europe/London
}
