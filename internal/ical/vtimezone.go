package ical

import (
	"fmt"
	"slices"
	"strconv"
	"time"
)

// zone is a time zone used by the calendar and the years it must describe.
type zone struct {
	name     string
	loc      *time.Location
	min, max int // years
}

func (z *zone) cover(year int) {
	z.min, z.max = min(z.min, year), max(z.max, year)
}

type zoneSet struct{ byName map[string]*zone }

func newZoneSet() *zoneSet { return &zoneSet{byName: map[string]*zone{}} }

func (s *zoneSet) add(loc *time.Location) *zone {
	name := loc.String()
	if z, ok := s.byName[name]; ok {
		return z
	}
	z := &zone{name: name, loc: loc, min: 1 << 30, max: -1 << 30}
	s.byName[name] = z
	return z
}

func (s *zoneSet) sorted() []*zone {
	out := make([]*zone, 0, len(s.byName))
	for _, z := range s.byName {
		out = append(out, z)
	}
	slices.SortFunc(out, func(a, b *zone) int {
		switch {
		case a.name < b.name:
			return -1
		case a.name > b.name:
			return 1
		}
		return 0
	})
	return out
}

// Years of zone data written either side of the years the events use. A
// year before means every event time falls after the first observance; the
// years after cover a feed that is refreshed rarely, for zones whose changes
// follow no yearly rule.
const (
	yearsBefore = 1
	yearsAfter  = 10
)

// transition is a change of a zone's offset or name.
type transition struct {
	at       time.Time // the instant of the change
	from, to int       // UTC offsets in seconds, before and after
	name     string    // abbreviation after the change
	dst      bool      // whether the time after is daylight saving time
	local    time.Time // wall-clock time of the change on the clock before it, as a UTC time
}

// observance is one STANDARD or DAYLIGHT sub-component: a single
// transition, or a run of yearly ones that follow one rule.
type observance struct {
	first  transition
	last   transition
	years  int  // transitions in the run
	nth    int  // the transitions fall on the nth weekday of the month (1 to 4)...
	nthOK  bool // ...for every year of the run
	lastOK bool // ...or on the last weekday of the month, every year
	open   bool // the run reaches the end of the years written
}

// writeVTimezone writes a VTIMEZONE for z from Go's zone data.
//
// It lists the zone's transitions over the years the calendar uses (plus a
// margin) with ZoneBounds. Transitions of the same kind (same offsets, name
// and DST flag) that fall in consecutive years on the same month, weekday,
// wall-clock time and "nth" or "last" weekday of the month become one
// sub-component with a yearly RRULE; it is left open-ended if it runs to the
// last year written, so readers carry it forward. Anything else (a zone
// whose rules changed, or whose changes follow the moon or a decree) is
// written as one sub-component per transition for the years covered. A zone
// with no transitions in those years gets a single STANDARD.
func writeVTimezone(b *writer, z *zone) {
	from := time.Date(z.min-yearsBefore, time.January, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(z.max+yearsAfter+1, time.January, 1, 0, 0, 0, 0, time.UTC)
	ts := transitions(z.loc, from, to)

	b.line("BEGIN:VTIMEZONE")
	b.line("TZID:" + escapeText(z.name))
	if len(ts) == 0 {
		name, off := from.In(z.loc).Zone()
		start := time.Date(1970, time.January, 1, 0, 0, 0, 0, time.UTC)
		if from.Before(start) {
			start = from
		}
		b.line("BEGIN:STANDARD")
		b.line("DTSTART:" + start.Format("20060102T150405"))
		b.line("TZOFFSETFROM:" + offset(off))
		b.line("TZOFFSETTO:" + offset(off))
		b.line("TZNAME:" + escapeText(name))
		b.line("END:STANDARD")
		b.line("END:VTIMEZONE")
		return
	}
	lastYear := to.Year() - 1
	for _, o := range observances(ts) {
		o.open = o.years > 1 && o.last.local.Year() == lastYear
		kind := "STANDARD"
		if o.first.dst {
			kind = "DAYLIGHT"
		}
		b.line("BEGIN:" + kind)
		b.line("DTSTART:" + o.first.local.Format("20060102T150405"))
		b.line("TZOFFSETFROM:" + offset(o.first.from))
		b.line("TZOFFSETTO:" + offset(o.first.to))
		b.line("TZNAME:" + escapeText(o.first.name))
		if o.years > 1 {
			pos := strconv.Itoa(o.nth)
			if o.lastOK && (!o.nthOK || o.nth >= 4) {
				pos = "-1"
			}
			rule := fmt.Sprintf("RRULE:FREQ=YEARLY;BYMONTH=%d;BYDAY=%s%s", int(o.first.local.Month()), pos, dayCode(o.first.local.Weekday()))
			if !o.open {
				rule += ";UNTIL=" + utcStamp(o.last.at)
			}
			b.line(rule)
		}
		b.line("END:" + kind)
	}
	b.line("END:VTIMEZONE")
}

// transitions lists the changes of loc in [from, to).
func transitions(loc *time.Location, from, to time.Time) []transition {
	var out []transition
	t := from.In(loc)
	for {
		_, end := t.ZoneBounds()
		if end.IsZero() || !end.Before(to) {
			return out
		}
		before, after := end.Add(-time.Second).In(loc), end.In(loc)
		nameB, offB := before.Zone()
		nameA, offA := after.Zone()
		if offA != offB || nameA != nameB || before.IsDST() != after.IsDST() {
			out = append(out, transition{
				at:    end,
				from:  offB,
				to:    offA,
				name:  nameA,
				dst:   after.IsDST(),
				local: time.Unix(end.Unix()+int64(offB), 0).UTC(),
			})
		}
		t = after
	}
}

// observances groups transitions into runs that a yearly RRULE describes.
func observances(ts []transition) []*observance {
	var out []*observance
	open := map[[4]any]*observance{} // the latest run of each kind
	for _, t := range ts {
		key := [4]any{t.from, t.to, t.name, t.dst}
		l := t.local
		n := (l.Day()-1)/7 + 1
		isLast := l.Day()+7 > daysIn(l.Year(), l.Month())
		if o := open[key]; o != nil {
			p := o.last.local
			nthOK := o.nthOK && n == o.nth
			lastOK := o.lastOK && isLast
			if l.Year() == p.Year()+1 && l.Month() == p.Month() && l.Weekday() == p.Weekday() &&
				l.Hour() == p.Hour() && l.Minute() == p.Minute() && l.Second() == p.Second() && (nthOK || lastOK) {
				o.last, o.years, o.nthOK, o.lastOK = t, o.years+1, nthOK, lastOK
				continue
			}
		}
		o := &observance{first: t, last: t, years: 1, nth: n, nthOK: n <= 4, lastOK: isLast}
		open[key] = o
		out = append(out, o)
	}
	return out
}

// offset writes a UTC offset as +HHMM, or +HHMMSS when it has seconds.
func offset(sec int) string {
	sign := byte('+')
	if sec < 0 {
		sign, sec = '-', -sec
	}
	s := fmt.Sprintf("%c%02d%02d", sign, sec/3600, sec%3600/60)
	if sec%60 != 0 {
		s += fmt.Sprintf("%02d", sec%60)
	}
	return s
}

func dayCode(d time.Weekday) string {
	return [...]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}[d]
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
