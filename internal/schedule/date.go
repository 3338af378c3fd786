package schedule

import (
	"fmt"
	"math"
	"time"
)

// Date is a calendar date with no time of day and no time zone, such as the
// day a group first meets or the day of a cancelled meeting.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// ParseDate parses a date written as YYYY-MM-DD. Dates that do not exist,
// such as 2027-02-29, are errors rather than being rolled over.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, fmt.Errorf("date %q is not in the form YYYY-MM-DD", s)
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return Date{}, fmt.Errorf("date %q is not in the form YYYY-MM-DD", s)
	}
	date := Date{y, time.Month(m), d}
	if !date.valid() {
		return Date{}, fmt.Errorf("date %q does not exist", s)
	}
	return date, nil
}

// String returns the date as YYYY-MM-DD.
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return weekdayOf(d.days()) }

// AddDays returns the date n days after d (before it when n is negative).
func (d Date) AddDays(n int) Date { return dateOfDays(d.days() + n) }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	switch a, b := d.days(), e.days(); {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// valid reports whether d names a real day in the years a schedule accepts.
func (d Date) valid() bool {
	return d.Year >= minYear && d.Year <= maxYear &&
		d.Month >= time.January && d.Month <= time.December &&
		d.Day >= 1 && d.Day <= daysIn(d.Year, d.Month)
}

// The years a schedule accepts. The lower bound keeps us inside the era of
// standard time zones; the upper one keeps dates four digits wide, as both
// YYYY-MM-DD and iCalendar need.
const (
	minYear = 1900
	maxYear = 9999
)

// Clock is a time of day to the minute, in whatever zone it is used with.
type Clock struct {
	Hour   int // 0 to 23
	Minute int // 0 to 59
}

// ParseClock parses a 24-hour time written as HH:MM (or H:MM).
func ParseClock(s string) (Clock, error) {
	i := len(s) - 3
	if i < 1 || i > 2 || s[i] != ':' {
		return Clock{}, fmt.Errorf("time %q is not in the form HH:MM", s)
	}
	h, ok1 := digits(s[:i])
	m, ok2 := digits(s[i+1:])
	if !ok1 || !ok2 || h > 23 || m > 59 {
		return Clock{}, fmt.Errorf("time %q is not a time of day from 00:00 to 23:59", s)
	}
	return Clock{h, m}, nil
}

// String returns the clock as HH:MM.
func (c Clock) String() string { return fmt.Sprintf("%02d:%02d", c.Hour, c.Minute) }

func (c Clock) valid() bool {
	return c.Hour >= 0 && c.Hour <= 23 && c.Minute >= 0 && c.Minute <= 59
}

func (c Clock) seconds() int64 { return int64(c.Hour)*3600 + int64(c.Minute)*60 }

// At returns the instant at which the wall clocks in loc show clock c on
// date d. It follows RFC 5545 section 3.3.5, which is also what calendar
// programs do with the iCalendar files we publish:
//
//   - A time that does not exist because clocks go forward (02:30 on the
//     night New York springs from 02:00 to 03:00) is read with the offset in
//     force before the change, so it lands as far past the change as it was
//     meant to be past the start of the gap: 02:30 becomes 03:30 EDT.
//     time.Date happens to do the same, but does not promise to.
//   - A time that happens twice because clocks go back (01:30 on the night
//     New York falls back from 02:00 to 01:00) is the first of the two,
//     01:30 EDT.
func At(d Date, c Clock, loc *time.Location) time.Time {
	return wallToTime(int64(d.days())*86400+c.seconds(), loc)
}

// wallToTime is At for a wall-clock reading expressed as seconds since
// 1970-01-01 00:00 on a clock that never changes.
//
// It does not trust time.Date with gaps and repeats: it finds the zone
// period (ZoneBounds) the reading falls into, and looks at the neighbouring
// periods when the reading lands near an edge.
func wallToTime(wall int64, loc *time.Location) time.Time {
	_, off := time.Unix(wall, 0).In(loc).Zone()
	t := time.Unix(wall-int64(off), 0).In(loc)
	_, off = t.Zone()
	startT, endT := t.ZoneBounds()
	start, end := int64(math.MinInt64), int64(math.MaxInt64)
	if !startT.IsZero() {
		start = startT.Unix()
	}
	if !endT.IsZero() {
		end = endT.Unix()
	}
	u := wall - int64(off)
	switch {
	case u < start:
		// The reading belongs before this period: either it exists there,
		// or it is in the gap at start, which RFC 5545 reads with the
		// offset before the gap. Both are wall minus the earlier offset.
		_, prev := time.Unix(start-1, 0).In(loc).Zone()
		return time.Unix(wall-int64(prev), 0).In(loc)
	case u >= end:
		_, next := time.Unix(end, 0).In(loc).Zone()
		if v := wall - int64(next); v >= end {
			return time.Unix(v, 0).In(loc)
		}
		return time.Unix(u, 0).In(loc) // in the gap at end: offset before it
	}
	// The reading exists in this period. It may also have existed just
	// before it, if clocks went back at start; the first of the two wins.
	// No zone has moved its clocks by a day, so only look near the edge.
	if start != math.MinInt64 && u-start < 86400 {
		_, prev := time.Unix(start-1, 0).In(loc).Zone()
		if prev > off {
			if v := wall - int64(prev); v < start {
				return time.Unix(v, 0).In(loc)
			}
		}
	}
	return time.Unix(u, 0).In(loc)
}

// Day numbers count days since 1970-01-01 (day 0, a Thursday). The
// conversions are Howard Hinnant's days_from_civil and civil_from_days.

func (d Date) days() int { return daysFromCivil(d.Year, d.Month, d.Day) }

func daysFromCivil(y int, m time.Month, d int) int {
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := (int(m) + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

func dateOfDays(n int) Date {
	n += 719468
	era := floorDiv(n, 146097)
	doe := n - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return Date{y, time.Month(m), d}
}

func weekdayOf(n int) time.Weekday { return time.Weekday(floorMod(n+4, 7)) }

// dayOf returns the day number of t's date in t's location.
func dayOf(t time.Time) int {
	y, m, d := t.Date()
	return daysFromCivil(y, m, d)
}

func daysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func floorMod(a, b int) int { return a - floorDiv(a, b)*b }

// digits parses a short run of ASCII digits; anything else is not ok.
func digits(s string) (int, bool) {
	if s == "" || len(s) > 9 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}
