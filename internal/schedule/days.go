package schedule

import "time"

// Days returns the weekdays a rule can fall on: the BYDAY days of a weekly
// rule or of a monthly nth-weekday rule ("2nd Tuesday" gives Tuesday). A
// day-of-month rule can fall on any day and gives nil.
func (r Rule) Days() []time.Weekday {
	var out []time.Weekday
	for d := time.Sunday; d <= time.Saturday; d++ {
		if r.weekdays&(1<<d) != 0 || r.nth[d] != 0 {
			out = append(out, d)
		}
	}
	return out
}
