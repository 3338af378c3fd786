package schedule

import (
	"fmt"
	"math/bits"
	"strconv"
	"strings"
	"time"
)

// Rule is a repeat rule: the subset of RFC 5545 RRULE that peer-support
// groups use. It is one of
//
//	FREQ=WEEKLY;BYDAY=TU               every Tuesday (several days allowed)
//	FREQ=WEEKLY;INTERVAL=2;BYDAY=MO    every other Monday
//	FREQ=MONTHLY;BYMONTHDAY=15         on the 15th of each month
//	FREQ=MONTHLY;BYDAY=2TU,4TU         on the 2nd and 4th Tuesday
//	FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2   on the 2nd Tuesday (stored as BYDAY=2TU)
//	FREQ=MONTHLY;BYDAY=-1FR            on the last Friday
//
// optionally with INTERVAL (1 to 99, also for monthly rules), one of COUNT
// (1 to 1000) or UNTIL (a date, or a UTC time ending in Z), and WKST.
// Weekday positions in a month are 1 to 5 or -1 for the last.
// ParseRule rejects everything else instead of guessing.
//
// A Rule is a comparable value; the zero Rule is no rule at all.
type Rule struct {
	freq      freq
	interval  int
	weekdays  uint8    // weekly: bit w for time.Weekday w
	nth       [7]uint8 // monthly by weekday: per time.Weekday, bit n-1 for the nth (1 to 5), bit 5 for the last
	monthDays uint32   // monthly by day: bit d for day d (1 to 31)
	count     int
	until     untilKind
	untilDate Date  // through this date in the schedule's zone (UNTIL=YYYYMMDD)
	untilUnix int64 // up to and including this instant (UNTIL=...Z)
	wkst      time.Weekday
}

type freq uint8

const (
	weekly freq = iota + 1
	monthly
)

type untilKind uint8

const (
	untilNone untilKind = iota
	untilDate
	untilUTC
)

const (
	lastBit     = 5 // bit in Rule.nth for "last" (-1)
	maxInterval = 99
	maxCount    = 1000
)

// dayCodes are the RFC 5545 weekday names, indexed by time.Weekday.
var dayCodes = [7]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}

// IsZero reports whether r is the zero Rule, which ParseRule never returns.
func (r Rule) IsZero() bool { return r == Rule{} }

// ParseRule parses RRULE text such as "FREQ=WEEKLY;BYDAY=TU". An optional
// "RRULE:" prefix, lower case and a trailing semicolon are accepted. Errors
// are *FieldError values for FieldRule.
func ParseRule(s string) (Rule, error) {
	s = strings.TrimSpace(s)
	if len(s) >= 6 && strings.EqualFold(s[:6], "RRULE:") {
		s = s[6:]
	}
	if strings.TrimSpace(s) == "" {
		return Rule{}, ruleError("choose how often the group meets, like FREQ=WEEKLY;BYDAY=TU")
	}
	if len(s) > 300 {
		return Rule{}, ruleError("the rule is too long")
	}
	s = strings.ToUpper(s)

	var p struct {
		freq, interval, byday, bymonthday, bysetpos, count, until, wkst string
		has                                                             map[string]bool
	}
	p.has = make(map[string]bool, 8)
	for part := range strings.SplitSeq(s, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, value, ok := strings.Cut(part, "=")
		name, value = strings.TrimSpace(name), strings.TrimSpace(value)
		if !ok || name == "" {
			return Rule{}, ruleError(fmt.Sprintf("%s is not a rule part; parts look like FREQ=WEEKLY", quote(part)))
		}
		var dst *string
		switch name {
		case "FREQ":
			dst = &p.freq
		case "INTERVAL":
			dst = &p.interval
		case "BYDAY":
			dst = &p.byday
		case "BYMONTHDAY":
			dst = &p.bymonthday
		case "BYSETPOS":
			dst = &p.bysetpos
		case "COUNT":
			dst = &p.count
		case "UNTIL":
			dst = &p.until
		case "WKST":
			dst = &p.wkst
		case "BYSECOND", "BYMINUTE", "BYHOUR", "BYYEARDAY", "BYWEEKNO", "BYMONTH", "RSCALE", "SKIP":
			return Rule{}, ruleError(name + " is not supported; use a weekly or monthly rule")
		default:
			return Rule{}, ruleError(fmt.Sprintf("%s is not a part of a repeat rule", quote(name)))
		}
		if p.has[name] {
			return Rule{}, ruleError(name + " appears more than once")
		}
		if value == "" {
			return Rule{}, ruleError(name + " has no value")
		}
		p.has[name] = true
		*dst = value
	}

	var r Rule
	switch p.freq {
	case "WEEKLY":
		r.freq = weekly
	case "MONTHLY":
		r.freq = monthly
	case "":
		return Rule{}, ruleError("say how often the group meets, like FREQ=WEEKLY or FREQ=MONTHLY")
	case "SECONDLY", "MINUTELY", "HOURLY", "DAILY", "YEARLY":
		return Rule{}, ruleError("FREQ=" + p.freq + " is not supported; use weekly or monthly")
	default:
		return Rule{}, ruleError(fmt.Sprintf("FREQ=%s is not a frequency; use WEEKLY or MONTHLY", quote(p.freq)))
	}

	r.interval = 1
	if p.has["INTERVAL"] {
		n, ok := digits(p.interval)
		if !ok || n < 1 || n > maxInterval {
			return Rule{}, ruleError(fmt.Sprintf("INTERVAL must be a whole number from 1 to %d", maxInterval))
		}
		r.interval = n
	}

	r.wkst = time.Monday
	if p.has["WKST"] {
		d, ok := dayCode(p.wkst)
		if !ok {
			return Rule{}, notADay(p.wkst)
		}
		r.wkst = d
	}

	if p.has["COUNT"] && p.has["UNTIL"] {
		return Rule{}, ruleError("use COUNT or UNTIL, not both")
	}
	if p.has["COUNT"] {
		n, ok := digits(p.count)
		if !ok || n < 1 || n > maxCount {
			return Rule{}, ruleError(fmt.Sprintf("COUNT must be a whole number from 1 to %d", maxCount))
		}
		r.count = n
	}
	if p.has["UNTIL"] {
		if err := r.parseUntil(p.until); err != nil {
			return Rule{}, err
		}
	}

	var days []weekdayNum
	if p.has["BYDAY"] {
		var err error
		if days, err = parseByDay(p.byday); err != nil {
			return Rule{}, err
		}
	}

	if r.freq == weekly {
		for _, name := range []string{"BYMONTHDAY", "BYSETPOS"} {
			if p.has[name] {
				return Rule{}, ruleError(name + " works only with FREQ=MONTHLY")
			}
		}
		if len(days) == 0 {
			return Rule{}, ruleError("choose at least one day of the week")
		}
		for _, d := range days {
			if d.n != 0 {
				return Rule{}, ruleError("a weekly rule takes plain days like BYDAY=MO,TH, not numbered ones like 2TU")
			}
			r.weekdays |= 1 << d.day
		}
		return r, nil
	}

	// Monthly.
	if p.has["BYMONTHDAY"] && p.has["BYDAY"] {
		return Rule{}, ruleError("use either BYMONTHDAY or BYDAY, not both")
	}
	if p.has["BYMONTHDAY"] {
		if p.has["BYSETPOS"] {
			return Rule{}, ruleError("BYSETPOS works only with one day of the week, like BYDAY=TU;BYSETPOS=2")
		}
		for item := range strings.SplitSeq(p.bymonthday, ",") {
			n, ok := digits(strings.TrimSpace(item))
			if !ok || n < 1 || n > 31 {
				return Rule{}, ruleError("BYMONTHDAY must be a day of the month from 1 to 31")
			}
			r.monthDays |= 1 << n
		}
		return r, nil
	}
	if len(days) == 0 {
		return Rule{}, ruleError("choose a day of the month, like BYMONTHDAY=15, or a weekday of the month, like BYDAY=2TU")
	}
	if p.has["BYSETPOS"] {
		if len(days) != 1 || days[0].n != 0 {
			return Rule{}, ruleError("BYSETPOS works only with one day of the week, like BYDAY=TU;BYSETPOS=2")
		}
		for item := range strings.SplitSeq(p.bysetpos, ",") {
			n, ok := ordinal(strings.TrimSpace(item))
			if !ok {
				return Rule{}, ruleError("BYSETPOS must be 1 to 5, or -1 for the last")
			}
			r.nth[days[0].day] |= ordinalBit(n)
		}
		return r, nil
	}
	for _, d := range days {
		if d.n == 0 {
			return Rule{}, ruleError("say which week of the month, like BYDAY=2TU or BYDAY=-1FR for the last")
		}
		r.nth[d.day] |= ordinalBit(d.n)
	}
	return r, nil
}

// MustParseRule is ParseRule for rules written into programs and tests; it
// panics on an error.
func MustParseRule(s string) Rule {
	r, err := ParseRule(s)
	if err != nil {
		panic(err)
	}
	return r
}

type weekdayNum struct {
	n   int // 0 for every such day, else 1 to 5 or -1
	day time.Weekday
}

func parseByDay(v string) ([]weekdayNum, error) {
	var out []weekdayNum
	for item := range strings.SplitSeq(v, ",") {
		item = strings.TrimSpace(item)
		if len(item) < 2 {
			return nil, notADay(item)
		}
		day, ok := dayCode(item[len(item)-2:])
		if !ok {
			return nil, notADay(item)
		}
		wn := weekdayNum{day: day}
		if prefix := item[:len(item)-2]; prefix != "" {
			if wn.n, ok = ordinal(prefix); !ok {
				return nil, ruleError(fmt.Sprintf("%s: use 1 to 5, or -1 for the last, before the day, like 2TU or -1FR", quote(item)))
			}
		}
		out = append(out, wn)
	}
	return out, nil
}

func dayCode(s string) (time.Weekday, bool) {
	for i, c := range dayCodes {
		if s == c {
			return time.Weekday(i), true
		}
	}
	return 0, false
}

func notADay(s string) error {
	return ruleError(fmt.Sprintf("%s is not a day of the week; use MO, TU, WE, TH, FR, SA or SU", quote(s)))
}

// ordinal parses a weekday position: 1 to 5 (optionally +), or -1.
func ordinal(s string) (int, bool) {
	switch {
	case s == "-1":
		return -1, true
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	}
	n, ok := digits(s)
	return n, ok && n >= 1 && n <= 5
}

func ordinalBit(n int) uint8 {
	if n < 0 {
		return 1 << lastBit
	}
	return 1 << (n - 1)
}

func (r *Rule) parseUntil(v string) error {
	bad := ruleError("UNTIL must be a date like 20261231 or a UTC time like 20261231T190000Z")
	if len(v) != 8 && len(v) != 16 {
		return bad
	}
	y, ok1 := digits(v[0:4])
	m, ok2 := digits(v[4:6])
	d, ok3 := digits(v[6:8])
	date := Date{y, time.Month(m), d}
	if !ok1 || !ok2 || !ok3 || !date.valid() {
		return bad
	}
	if len(v) == 8 {
		r.until, r.untilDate = untilDate, date
		return nil
	}
	hh, ok1 := digits(v[9:11])
	mm, ok2 := digits(v[11:13])
	ss, ok3 := digits(v[13:15])
	if v[8] != 'T' || v[15] != 'Z' || !ok1 || !ok2 || !ok3 || hh > 23 || mm > 59 || ss > 59 {
		return bad
	}
	r.until = untilUTC
	r.untilUnix = int64(date.days())*86400 + int64(hh)*3600 + int64(mm)*60 + int64(ss)
	return nil
}

// quote shows a piece of what a person typed, cut short if it is long.
func quote(s string) string {
	if len(s) > 24 {
		s = s[:24] + "…"
	}
	return strconv.Quote(s)
}

// String returns the rule as canonical RRULE text (without "RRULE:"):
// FREQ, INTERVAL when not 1, BYDAY or BYMONTHDAY, COUNT or UNTIL, and WKST
// when not Monday. Days are in order Monday to Sunday; BYSETPOS rules come
// out in the equivalent BYDAY=2TU form. ParseRule(r.String()) == r.
func (r Rule) String() string {
	if r.IsZero() {
		return ""
	}
	var b strings.Builder
	b.Grow(48)
	if r.freq == weekly {
		b.WriteString("FREQ=WEEKLY")
	} else {
		b.WriteString("FREQ=MONTHLY")
	}
	if r.interval > 1 {
		b.WriteString(";INTERVAL=")
		b.WriteString(strconv.Itoa(r.interval))
	}
	sep := func(first *bool, head string) {
		if *first {
			b.WriteString(head)
			*first = false
		} else {
			b.WriteByte(',')
		}
	}
	first := true
	switch {
	case r.freq == weekly:
		for _, d := range mondayFirst {
			if r.weekdays&(1<<d) != 0 {
				sep(&first, ";BYDAY=")
				b.WriteString(dayCodes[d])
			}
		}
	case r.monthDays != 0:
		for m := r.monthDays; m != 0; m &= m - 1 {
			sep(&first, ";BYMONTHDAY=")
			b.WriteString(strconv.Itoa(bits.TrailingZeros32(m)))
		}
	default:
		for _, d := range mondayFirst {
			for i := 0; i <= lastBit; i++ {
				if r.nth[d]&(1<<i) == 0 {
					continue
				}
				sep(&first, ";BYDAY=")
				if i == lastBit {
					b.WriteString("-1")
				} else {
					b.WriteString(strconv.Itoa(i + 1))
				}
				b.WriteString(dayCodes[d])
			}
		}
	}
	switch {
	case r.count > 0:
		b.WriteString(";COUNT=")
		b.WriteString(strconv.Itoa(r.count))
	case r.until == untilDate:
		fmt.Fprintf(&b, ";UNTIL=%04d%02d%02d", r.untilDate.Year, int(r.untilDate.Month), r.untilDate.Day)
	case r.until == untilUTC:
		b.WriteString(";UNTIL=")
		b.WriteString(time.Unix(r.untilUnix, 0).UTC().Format("20060102T150405Z"))
	}
	if r.wkst != time.Monday {
		b.WriteString(";WKST=")
		b.WriteString(dayCodes[r.wkst])
	}
	return b.String()
}

var mondayFirst = [7]time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}

// weekMask returns the rule's weekdays as bits counted from the week start:
// bit i is the day i days after WKST.
func (r *Rule) weekMask() uint8 {
	var m uint8
	for d := time.Sunday; d <= time.Saturday; d++ {
		if r.weekdays&(1<<d) != 0 {
			m |= 1 << floorMod(int(d-r.wkst), 7)
		}
	}
	return m
}

// monthMask returns the days of month m of year y that the monthly rule
// picks, as bits (bit d for day d). Positions that a month lacks, such as the
// 31st of April or the 5th Tuesday of a month with four, are simply absent:
// RFC 5545 skips them rather than moving them.
func (r *Rule) monthMask(y int, m time.Month) uint32 {
	dim := daysIn(y, m)
	valid := uint32(1)<<(dim+1) - 2 // days 1..dim
	if r.monthDays != 0 {
		return r.monthDays & valid
	}
	firstWd := weekdayOf(daysFromCivil(y, m, 1))
	var mask uint32
	for d := time.Sunday; d <= time.Saturday; d++ {
		bitsFor := r.nth[d]
		if bitsFor == 0 {
			continue
		}
		first := 1 + floorMod(int(d-firstWd), 7)
		for i := 0; i < lastBit; i++ {
			if bitsFor&(1<<i) != 0 {
				mask |= 1 << (first + 7*i)
			}
		}
		if bitsFor&(1<<lastBit) != 0 {
			mask |= 1 << (first + 7*((dim-first)/7))
		}
	}
	return mask & valid
}
