package schedule

import (
	"errors"
	"fmt"
	"math/bits"
	"strconv"
	"strings"
	"time"
)

// Schedule says when a group meets: a repeat rule, a local start time and
// length, the first day it applies, the group's time zone, and the meetings
// that were cancelled or moved.
//
// Build one with New, or fill in the fields and call Validate. The methods
// that list meetings assume a valid schedule; on an invalid one they return
// nothing rather than panic.
type Schedule struct {
	Rule       Rule
	Start      Clock          // local start time, the same wall-clock time all year
	Duration   time.Duration  // more than 0, at most 24 hours, whole minutes
	StartsOn   Date           // no meeting before this date; see the package doc for INTERVAL
	Location   *time.Location // the group's IANA time zone
	Exceptions []Exception
}

// Exception changes one meeting of a schedule: it is either cancelled or
// moved.
type Exception struct {
	// Date is the local date the meeting would have had under the rule.
	Date Date
	// Cancelled is true when the meeting does not happen.
	Cancelled bool
	// MovedTo is the new start, zero unless the meeting was moved. It is
	// an instant; Occurrence.Start shows it in the schedule's zone.
	MovedTo time.Time
	// MovedDuration is the moved meeting's length; zero keeps the
	// schedule's Duration.
	MovedDuration time.Duration
	// Reason is shown to members: "Room unavailable", "Public holiday".
	Reason string
}

// Spec is a schedule as a person types it into a form or as it is stored:
// text that New checks field by field.
type Spec struct {
	Rule       string        // RRULE text, "FREQ=WEEKLY;BYDAY=TU"
	Start      string        // "19:00"
	Duration   time.Duration // 90 * time.Minute
	StartsOn   string        // "2026-09-01"
	TimeZone   string        // IANA name, "Europe/London"
	Exceptions []Exception
}

// New checks spec and returns the Schedule it describes. Every field that is
// wrong gets a *FieldError, in form order; with more than one the error is
// an errors.Join of them (errors.As finds the first).
func New(spec Spec) (Schedule, error) {
	var s Schedule
	var errs []error
	rule, err := ParseRule(spec.Rule)
	if err != nil {
		errs = append(errs, err)
	}
	s.Rule = rule
	if s.Start, err = ParseClock(strings.TrimSpace(spec.Start)); err != nil {
		errs = append(errs, &FieldError{FieldStart, "enter a time like 19:00"})
	}
	s.Duration = spec.Duration
	if err := durationError(spec.Duration); err != nil {
		errs = append(errs, err)
	}
	if s.StartsOn, err = ParseDate(strings.TrimSpace(spec.StartsOn)); err != nil {
		errs = append(errs, &FieldError{FieldStartsOn, "enter a date like 2026-09-01"})
	}
	if s.Location, err = LoadLocation(spec.TimeZone); err != nil {
		errs = append(errs, err)
	}
	s.Exceptions = spec.Exceptions
	if len(errs) > 0 {
		return Schedule{}, joinErrors(errs)
	}
	if err := s.Validate(); err != nil {
		return Schedule{}, err
	}
	return s, nil
}

// LoadLocation loads an IANA time zone for a schedule. Unlike
// time.LoadLocation it refuses "" and "Local", which would silently mean
// UTC or the server's zone. Errors are *FieldError values for FieldTimeZone.
func LoadLocation(name string) (*time.Location, error) {
	name = strings.TrimSpace(name)
	bad := &FieldError{FieldTimeZone, "enter a time zone like Europe/London"}
	if name == "" || name == "Local" {
		return nil, bad
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, bad
	}
	return loc, nil
}

// Validate checks a Schedule built by hand the way New checks a Spec.
func (s Schedule) Validate() error { return joinErrors(s.validate()) }

func (s Schedule) validate() []error {
	var errs []error
	add := func(f Field, msg string) { errs = append(errs, &FieldError{f, msg}) }
	if s.Rule.IsZero() {
		add(FieldRule, "choose how often the group meets, like FREQ=WEEKLY;BYDAY=TU")
	}
	if !s.Start.valid() {
		add(FieldStart, "enter a time like 19:00")
	}
	if err := durationError(s.Duration); err != nil {
		errs = append(errs, err)
	}
	if !s.StartsOn.valid() {
		add(FieldStartsOn, "enter a date like 2026-09-01")
	}
	if s.Location == nil || s.Location == time.Local {
		add(FieldTimeZone, "enter a time zone like Europe/London")
	}
	if len(errs) > 0 {
		return errs
	}
	e, ok := s.expansion()
	if !ok {
		return []error{&FieldError{FieldRule, "the rule ends before the first meeting"}}
	}
	for i, x := range s.Exceptions {
		day := longDate(x.Date)
		msg := ""
		switch {
		case !x.Date.valid() || !e.isOccurrence(x.Date.days()):
			msg = day + " is not a meeting day of this schedule"
		case x.Cancelled && !x.MovedTo.IsZero():
			msg = day + " is both cancelled and moved; choose one"
		case !x.Cancelled && x.MovedTo.IsZero():
			msg = day + " needs to be either cancelled or moved"
		case x.MovedDuration < 0 || x.MovedDuration > 24*time.Hour || x.MovedDuration%time.Minute != 0:
			msg = day + ": a moved meeting lasts whole minutes, at most 24 hours"
		}
		for _, y := range s.Exceptions[:i] {
			if msg == "" && y.Date == x.Date {
				msg = day + " is listed more than once"
			}
		}
		if msg != "" {
			add(FieldExceptions, msg)
			break
		}
	}
	return errs
}

func durationError(d time.Duration) error {
	switch {
	case d <= 0:
		return &FieldError{FieldDuration, "enter how long the meeting lasts"}
	case d > 24*time.Hour:
		return &FieldError{FieldDuration, "a meeting can last at most 24 hours"}
	case d%time.Minute != 0:
		return &FieldError{FieldDuration, "use whole minutes"}
	}
	return nil
}

func joinErrors(errs []error) error {
	switch len(errs) {
	case 0:
		return nil
	case 1:
		return errs[0]
	}
	return errors.Join(errs...)
}

// longDate writes a date for people: "Tuesday 13 January 2026".
func longDate(d Date) string {
	if !d.valid() {
		return d.String()
	}
	return fmt.Sprintf("%s %d %s %d", d.Weekday(), d.Day, d.Month, d.Year)
}

// IsZero reports whether s is the zero Schedule.
func (s Schedule) IsZero() bool {
	return s.Rule.IsZero() && s.Location == nil && s.StartsOn.IsZero() &&
		s.Start == Clock{} && s.Duration == 0 && len(s.Exceptions) == 0
}

// FirstDate returns the date of the schedule's first meeting under its rule:
// the first matching day on or after StartsOn, even if that meeting was later
// cancelled or moved. It is what an iCalendar DTSTART needs.
func (s Schedule) FirstDate() (Date, bool) {
	e, ok := s.expansion()
	if !ok {
		return Date{}, false
	}
	return dateOfDays(e.first), true
}

// RRULE returns the rule as an iCalendar RRULE value for a DTSTART given
// with this schedule's TZID. RFC 5545 then wants UNTIL in UTC, so a date-only
// UNTIL becomes the start of the meeting on that date (which would be the
// last one).
func (s Schedule) RRULE() string {
	r := s.Rule
	if r.until == untilDate && s.Location != nil {
		r.until = untilUTC
		r.untilUnix = At(r.untilDate, s.Start, s.Location).Unix()
		r.untilDate = Date{}
	}
	return r.String()
}

// Weekdays returns the days of the week a weekly schedule meets on, Sunday
// first. ok is false for monthly rules, and also for weekly rules with an
// INTERVAL above 1: a list of weekdays would claim the group meets every
// week, and feeds such as Meeting Guide have no way to say otherwise.
func (s Schedule) Weekdays() (days []time.Weekday, ok bool) {
	if s.Rule.freq != weekly || s.Rule.interval != 1 {
		return nil, false
	}
	for d := time.Sunday; d <= time.Saturday; d++ {
		if s.Rule.weekdays&(1<<d) != 0 {
			days = append(days, d)
		}
	}
	return days, true
}

// Describe says in plain English when the group meets: "Every Tuesday at
// 19:00", "Every other Monday at 18:30", "On the 2nd and 4th Tuesday of each
// month at 19:00", "On the last Friday of each month at 10:00", "On day 15 of
// each month at 12:00". A COUNT or UNTIL adds ", 10 times" or ", until 15
// December 2026". Cancelled and moved meetings are not mentioned.
func (s Schedule) Describe() string {
	r := s.Rule
	if r.IsZero() {
		return ""
	}
	var b strings.Builder
	switch {
	case r.freq == weekly:
		var names []string
		for _, d := range mondayFirst {
			if r.weekdays&(1<<d) != 0 {
				names = append(names, d.String())
			}
		}
		switch r.interval {
		case 1:
			b.WriteString("Every " + andList(names))
		case 2:
			b.WriteString("Every other " + andList(names))
		default:
			b.WriteString("Every " + strconv.Itoa(r.interval) + " weeks on " + andList(names))
		}
	case r.monthDays != 0:
		var nums []string
		for m := r.monthDays; m != 0; m &= m - 1 {
			nums = append(nums, strconv.Itoa(bits.TrailingZeros32(m)))
		}
		if len(nums) == 1 {
			b.WriteString("On day " + nums[0])
		} else {
			b.WriteString("On days " + andList(nums))
		}
		b.WriteString(" of " + everyMonth(r.interval))
	default:
		var groups []string
		for _, d := range mondayFirst {
			var ords []string
			for i := 0; i <= lastBit; i++ {
				if r.nth[d]&(1<<i) != 0 {
					ords = append(ords, ordinalWord(i))
				}
			}
			if len(ords) > 0 {
				groups = append(groups, "the "+andList(ords)+" "+d.String())
			}
		}
		b.WriteString("On " + andList(groups) + " of " + everyMonth(r.interval))
	}
	b.WriteString(" at " + s.Start.String())
	switch {
	case r.count == 1:
		b.WriteString(", once")
	case r.count > 1:
		b.WriteString(", " + strconv.Itoa(r.count) + " times")
	case r.until == untilDate:
		b.WriteString(", until " + shortDate(r.untilDate))
	case r.until == untilUTC:
		loc := s.Location
		if loc == nil {
			loc = time.UTC
		}
		b.WriteString(", until " + shortDate(DateOf(time.Unix(r.untilUnix, 0).In(loc))))
	}
	return b.String()
}

func everyMonth(interval int) string {
	switch interval {
	case 1:
		return "each month"
	case 2:
		return "every other month"
	}
	return "every " + strconv.Itoa(interval) + " months"
}

func ordinalWord(bit int) string {
	return [...]string{"1st", "2nd", "3rd", "4th", "5th", "last"}[bit]
}

func shortDate(d Date) string { return fmt.Sprintf("%d %s %d", d.Day, d.Month, d.Year) }

// andList joins words as English does: "a", "a and b", "a, b and c".
func andList(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}
