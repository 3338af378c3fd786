package schedule

import (
	"math"
	"math/bits"
	"slices"
	"time"
)

// Occurrence is one meeting of a schedule.
type Occurrence struct {
	Start, End time.Time // in the schedule's zone; for a moved meeting, its new times
	// OriginalStart is when the rule put the meeting; it equals Start
	// unless the meeting was moved. It identifies the meeting (an
	// iCalendar RECURRENCE-ID).
	OriginalStart time.Time
	Cancelled     bool
	Moved         bool
	Reason        string // from the Exception, if any
}

// Between returns the meetings that start at or after from and before to,
// in order of start time (then of original start). Unlike Next it includes
// cancelled meetings, marked Cancelled at their original time, so that a
// calendar can say what is not happening. Moved meetings appear at their
// new time, if that is in the range.
func (s Schedule) Between(from, to time.Time) []Occurrence {
	e, ok := s.expansion()
	if !ok || !from.Before(to) {
		return nil
	}
	var out []Occurrence
	c := s.cursor(&e, from)
	for {
		day, start, ok := c.next()
		if !ok || !start.Before(to) {
			break
		}
		if start.Before(from) {
			continue
		}
		o := Occurrence{Start: start, End: start.Add(s.Duration), OriginalStart: start}
		if x := s.exceptionOn(day); x != nil {
			if !x.Cancelled {
				continue // moved: listed below at its new time
			}
			o.Cancelled, o.Reason = true, x.Reason
		}
		out = append(out, o)
	}
	sorted := true
	for i := range s.Exceptions {
		x := &s.Exceptions[i]
		if x.Cancelled || x.MovedTo.IsZero() || x.MovedTo.Before(from) || !x.MovedTo.Before(to) {
			continue
		}
		if o, ok := s.moved(&e, x); ok {
			out = append(out, o)
			sorted = false
		}
	}
	if !sorted {
		slices.SortStableFunc(out, compareOccurrences)
	}
	return out
}

// Next returns up to n meetings that start after the instant after, in
// order of start time. Cancelled meetings are left out; moved ones appear at
// their new time.
func (s Schedule) Next(after time.Time, n int) []Occurrence {
	e, ok := s.expansion()
	if !ok || n <= 0 {
		return nil
	}
	var moved []Occurrence
	for i := range s.Exceptions {
		x := &s.Exceptions[i]
		if !x.Cancelled && x.MovedTo.After(after) {
			if o, ok := s.moved(&e, x); ok {
				moved = append(moved, o)
			}
		}
	}
	slices.SortStableFunc(moved, compareOccurrences)

	out := make([]Occurrence, 0, min(n, 64))
	c := s.cursor(&e, after)
	reg, more := s.nextRegular(&c, after)
	for len(out) < n && (more || len(moved) > 0) {
		if len(moved) > 0 && (!more || compareOccurrences(moved[0], reg) < 0) {
			out = append(out, moved[0])
			moved = moved[1:]
			continue
		}
		out = append(out, reg)
		reg, more = s.nextRegular(&c, after)
	}
	return out
}

// NextOne returns the first meeting that starts after the instant after,
// skipping cancelled meetings and counting moved ones at their new time.
// ok is false when the schedule has ended.
//
// It does not allocate, so it is cheap enough to call for every row of a
// search result.
func (s Schedule) NextOne(after time.Time) (o Occurrence, ok bool) {
	e, valid := s.expansion()
	if !valid {
		return Occurrence{}, false
	}
	c := s.cursor(&e, after)
	o, ok = s.nextRegular(&c, after)
	for i := range s.Exceptions {
		x := &s.Exceptions[i]
		if x.Cancelled || !x.MovedTo.After(after) || ok && x.MovedTo.After(o.Start) {
			continue
		}
		if m, mok := s.moved(&e, x); mok && (!ok || compareOccurrences(m, o) < 0) {
			o, ok = m, true
		}
	}
	return o, ok
}

// nextRegular returns the next meeting from c that starts after the instant
// after and has no exception.
func (s *Schedule) nextRegular(c *cursor, after time.Time) (Occurrence, bool) {
	for {
		day, start, ok := c.next()
		if !ok {
			return Occurrence{}, false
		}
		if !start.After(after) || s.exceptionOn(day) != nil {
			continue
		}
		return Occurrence{Start: start, End: start.Add(s.Duration), OriginalStart: start}, true
	}
}

// moved returns the meeting that x moves, if x moves a real meeting.
func (s *Schedule) moved(e *expansion, x *Exception) (Occurrence, bool) {
	if !x.Date.valid() || !e.isOccurrence(x.Date.days()) {
		return Occurrence{}, false
	}
	d := x.MovedDuration
	if d == 0 {
		d = s.Duration
	}
	start := x.MovedTo.In(s.Location)
	return Occurrence{
		Start:         start,
		End:           start.Add(d),
		OriginalStart: At(x.Date, s.Start, s.Location),
		Moved:         true,
		Reason:        x.Reason,
	}, true
}

// exceptionOn returns the exception for the meeting on day, if any.
func (s *Schedule) exceptionOn(day int) *Exception {
	if len(s.Exceptions) == 0 {
		return nil
	}
	d := dateOfDays(day)
	for i := range s.Exceptions {
		if s.Exceptions[i].Date == d {
			return &s.Exceptions[i]
		}
	}
	return nil
}

func compareOccurrences(a, b Occurrence) int {
	if c := a.Start.Compare(b.Start); c != 0 {
		return c
	}
	return a.OriginalStart.Compare(b.OriginalStart)
}

// expansion holds what the meeting dates of a schedule depend on, worked out
// once per call. Days are day numbers (see date.go).
type expansion struct {
	rule      Rule
	first     int   // the first meeting's day
	anchor    int   // weekly: first day of the first meeting's week; monthly: its month index
	mask      uint8 // weekly: Rule.weekMask
	last      int   // no meeting after this day
	untilUnix int64 // no meeting starting after this instant
	clock     int64 // Schedule.Start in seconds
	loc       *time.Location

	// With COUNT on a monthly rule, last is worked out only for days on
	// or after countFrom, before which all meetings are within COUNT.
	countPending bool
	countFrom    int
}

// expansion works out the schedule's meeting days. ok is false if the
// schedule is invalid or has no meetings at all.
//
// INTERVAL counts weeks (or months) from the first meeting, which is the
// first day on or after StartsOn that the rule picks; see the package doc.
func (s *Schedule) expansion() (expansion, bool) {
	r := &s.Rule
	if r.IsZero() || s.Location == nil || !s.StartsOn.valid() || !s.Start.valid() {
		return expansion{}, false
	}
	e := expansion{rule: *r, last: math.MaxInt, untilUnix: math.MaxInt64, clock: s.Start.seconds(), loc: s.Location}
	start := s.StartsOn.days()
	if r.freq == weekly {
		e.mask = r.weekMask()
		// Any week will do for the first meeting.
		ws := start - floorMod(int(weekdayOf(start)-r.wkst), 7)
		day, _ := nextWeekly(start, ws, e.mask, 1)
		e.first = day
		e.anchor = day - floorMod(int(weekdayOf(day)-r.wkst), 7)
	} else {
		d := dateOfDays(start)
		mi := monthIndex(d)
		day, ok := nextMonthly(r, start, mi, 1)
		if !ok {
			return expansion{}, false
		}
		e.first = day
		e.anchor = monthIndex(dateOfDays(day))
	}
	switch r.until {
	case untilDate:
		e.last = r.untilDate.days()
	case untilUTC:
		e.untilUnix = r.untilUnix
		e.last = dayOf(time.Unix(r.untilUnix, 0).In(s.Location)) + 1
		if e.startOn(e.first).Unix() > e.untilUnix {
			return expansion{}, false
		}
	}
	if r.count > 0 {
		if r.freq == weekly {
			e.last, _ = e.countth(r.count) // cheap: arithmetic
		} else {
			// Counting months is slower, so put it off until a day past
			// a lower bound: no month has more meetings than the rule
			// names, so the count-th is at least this many months on.
			perMonth := bits.OnesCount32(r.monthDays)
			for _, b := range r.nth {
				perMonth += bits.OnesCount8(b)
			}
			mi := e.anchor + (r.count+perMonth-1)/perMonth*r.interval - r.interval
			e.countFrom = daysFromCivil(floorDiv(mi, 12), time.Month(floorMod(mi, 12)+1), 1)
			e.countPending = true
		}
	}
	if e.first > e.last {
		return expansion{}, false
	}
	return e, true
}

// next returns the first meeting day on or after day d.
func (e *expansion) next(d int) (int, bool) {
	d = max(d, e.first)
	var ok bool
	if e.rule.freq == weekly {
		d, ok = nextWeekly(d, e.anchor, e.mask, e.rule.interval)
	} else {
		d, ok = nextMonthly(&e.rule, d, e.anchor, e.rule.interval)
	}
	if e.countPending && d >= e.countFrom {
		e.countPending = false
		if last, found := e.countth(e.rule.count); found {
			e.last = last
		}
	}
	return d, ok && d <= e.last
}

// isOccurrence reports whether the rule puts a meeting on day d.
func (e *expansion) isOccurrence(d int) bool {
	if n, ok := e.next(d); !ok || n != d {
		return false
	}
	return e.untilUnix == math.MaxInt64 || e.startOn(d).Unix() <= e.untilUnix
}

// startOn returns the start of the rule's meeting on day d.
func (e *expansion) startOn(d int) time.Time {
	return wallToTime(int64(d)*86400+e.clock, e.loc)
}

// countth returns the day of the nth meeting (n >= 1).
func (e *expansion) countth(n int) (int, bool) {
	r := &e.rule
	if r.freq == weekly {
		// Meetings in the first week from the first meeting on, then
		// len(week) in every INTERVAL-th week after it.
		perWeek := bits.OnesCount8(e.mask)
		firstOff := e.first - e.anchor
		inFirst := bits.OnesCount8(e.mask >> firstOff)
		if n <= inFirst {
			return e.anchor + nthBit8(e.mask>>firstOff<<firstOff, n), true
		}
		rest := n - inFirst - 1
		weeks := rest/perWeek + 1
		return e.anchor + weeks*r.interval*7 + nthBit8(e.mask, rest%perWeek+1), true
	}
	mi := e.anchor
	day := dateOfDays(e.first).Day
	for range 4800 {
		y, m := floorDiv(mi, 12), time.Month(floorMod(mi, 12)+1)
		mask := r.monthMask(y, m) &^ (uint32(1)<<day - 1)
		if c := bits.OnesCount32(mask); n > c {
			n -= c
		} else {
			for ; n > 1; n-- {
				mask &= mask - 1
			}
			return daysFromCivil(y, m, bits.TrailingZeros32(mask)), true
		}
		mi += r.interval
		day = 1
	}
	return 0, false
}

// nthBit8 returns the position of the nth set bit of m (n >= 1).
func nthBit8(m uint8, n int) int {
	for ; n > 1; n-- {
		m &= m - 1
	}
	return bits.TrailingZeros8(m)
}

// nextWeekly returns the first day on or after d whose offset from its week
// start is in mask, in a week that is a multiple of interval weeks after the
// week starting on anchor (d must not be before anchor).
func nextWeekly(d, anchor int, mask uint8, interval int) (int, bool) {
	if mask == 0 {
		return 0, false
	}
	ws := d - floorMod(d-anchor, 7)
	if rem := (ws - anchor) / 7 % interval; rem != 0 {
		ws += (interval - rem) * 7
		d = ws
	}
	for {
		off := d - ws
		if m := mask >> off << off; m != 0 {
			return ws + bits.TrailingZeros8(m), true
		}
		ws += interval * 7
		d = ws
	}
}

// nextMonthly returns the first day on or after d that the monthly rule r
// picks, in a month that is a multiple of interval months after month index
// anchor. The Gregorian calendar repeats every 4800 months, so if nothing
// turns up in 4800 tries nothing ever will.
func nextMonthly(r *Rule, d, anchor, interval int) (int, bool) {
	date := dateOfDays(d)
	mi, day := monthIndex(date), date.Day
	if rem := floorMod(mi-anchor, interval); rem != 0 {
		mi += interval - rem
		day = 1
	}
	for range 4800 {
		y, m := floorDiv(mi, 12), time.Month(floorMod(mi, 12)+1)
		if mask := r.monthMask(y, m) &^ (uint32(1)<<day - 1); mask != 0 {
			return daysFromCivil(y, m, bits.TrailingZeros32(mask)), true
		}
		mi += interval
		day = 1
	}
	return 0, false
}

func monthIndex(d Date) int { return d.Year*12 + int(d.Month) - 1 }

// cursor walks a schedule's meetings in order, exceptions included.
type cursor struct {
	e    *expansion
	day  int
	done bool
}

// cursor starts a walk at the first meeting that could start at or after
// the instant t. A meeting's start can land on the day after its date (a
// late start pushed over midnight by a clock change), so it begins a day
// early; callers skip what is too early.
func (s *Schedule) cursor(e *expansion, t time.Time) cursor {
	d := e.first
	if !t.IsZero() {
		d = max(d, dayOf(t.In(s.Location))-1)
	}
	return cursor{e: e, day: d}
}

func (c *cursor) next() (day int, start time.Time, ok bool) {
	if c.done {
		return 0, time.Time{}, false
	}
	day, ok = c.e.next(c.day)
	if !ok {
		c.done = true
		return 0, time.Time{}, false
	}
	start = c.e.startOn(day)
	if start.Unix() > c.e.untilUnix {
		c.done = true
		return 0, time.Time{}, false
	}
	c.day = day + 1
	return day, start, true
}
