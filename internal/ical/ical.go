// Package ical writes group schedules as iCalendar (RFC 5545) so members can
// subscribe to them from any calendar program.
//
// A recurring event is one VEVENT with DTSTART and RRULE in the group's own
// time zone, an EXDATE for each cancelled meeting, and a separate VEVENT
// with the same UID and a RECURRENCE-ID for each moved meeting. Each zone
// used gets a VTIMEZONE built from Go's zone data (see vtimezone.go), so
// programs that do not know the zone by name still place meetings right.
//
// The output uses CRLF line ends and folds lines at 75 octets without
// splitting a UTF-8 sequence.
package ical

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
	"time"

	"holdspace/internal/schedule"
)

// Calendar is a feed of events.
type Calendar struct {
	ProdID string // who made the file, "-//Holdspace//Holdspace//EN" if empty
	Name   string // shown by calendar programs (X-WR-CALNAME)
	Events []Event
}

// Event is a group's recurring meetings, or a one-off session.
//
// Set Schedule for recurring meetings. For a one-off session (an extra
// meeting outside the schedule) leave Schedule zero and set Start and End;
// a Start in UTC or time.Local is written in UTC, any other location as a
// local time with its TZID.
type Event struct {
	UID         string // stable and unique, such as "group-42@example.org"; the caller chooses it
	Summary     string
	Description string
	Location    string
	URL         string // absolute http or https URL, optional
	Schedule    schedule.Schedule
	Start, End  time.Time // one-off events only
	DTStamp     time.Time // when this information was last true; required
}

const defaultProdID = "-//Holdspace//Holdspace//EN"

// WriteCalendar writes cal to w as an iCalendar file. It checks every event
// first and writes nothing if one is invalid.
func WriteCalendar(w io.Writer, cal Calendar) error {
	var b writer
	zones := newZoneSet()
	var events bytes.Buffer
	for i := range cal.Events {
		ev := &cal.Events[i]
		b.buf = &events
		if err := writeEvent(&b, ev, zones); err != nil {
			if ev.UID == "" {
				return fmt.Errorf("ical: event %d: %w", i, err)
			}
			return fmt.Errorf("ical: event %q: %w", ev.UID, err)
		}
	}

	var out bytes.Buffer
	b.buf = &out
	prodID := cmp.Or(cal.ProdID, defaultProdID)
	b.line("BEGIN:VCALENDAR")
	b.line("VERSION:2.0")
	b.line("PRODID:" + escapeText(prodID))
	b.line("CALSCALE:GREGORIAN")
	b.line("METHOD:PUBLISH")
	if cal.Name != "" {
		b.line("X-WR-CALNAME:" + escapeText(cal.Name))
	}
	for _, z := range zones.sorted() {
		writeVTimezone(&b, z)
	}
	out.Write(events.Bytes())
	b.line("END:VCALENDAR")
	_, err := w.Write(out.Bytes())
	return err
}

func writeEvent(b *writer, ev *Event, zones *zoneSet) error {
	if strings.TrimSpace(ev.UID) == "" {
		return errors.New("UID is empty")
	}
	if ev.DTStamp.IsZero() {
		return errors.New("DTStamp is zero")
	}
	if ev.URL != "" {
		u, err := url.Parse(ev.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.ContainsAny(ev.URL, " \t\r\n") {
			return fmt.Errorf("URL %q is not an absolute http or https URL", ev.URL)
		}
	}
	if ev.Schedule.IsZero() {
		return writeOneOff(b, ev, zones)
	}
	if !ev.Start.IsZero() || !ev.End.IsZero() {
		return errors.New("set either Schedule or Start and End, not both")
	}
	s := ev.Schedule
	if err := s.Validate(); err != nil {
		return err
	}
	first, _ := s.FirstDate() // Validate made sure there is one
	z := zones.add(s.Location)
	z.cover(first.Year)
	z.cover(ev.DTStamp.Year())

	// The master event. DTSTART is the first meeting under the rule, in
	// nominal local time: RFC 5545 readers apply the same gap and repeat
	// rules as package schedule.
	b.line("BEGIN:VEVENT")
	b.line("UID:" + escapeText(ev.UID))
	b.line("DTSTAMP:" + utcStamp(ev.DTStamp))
	b.line("DTSTART" + tzParam(z.name) + ":" + nominal(first, s.Start))
	b.line("DURATION:" + duration(s.Duration))
	b.line("RRULE:" + s.RRULE())
	exceptions := slices.Clone(s.Exceptions)
	slices.SortFunc(exceptions, func(a, b schedule.Exception) int { return a.Date.Compare(b.Date) })
	for _, x := range exceptions {
		if x.Cancelled {
			z.cover(x.Date.Year)
			b.line("EXDATE" + tzParam(z.name) + ":" + nominal(x.Date, s.Start))
		}
	}
	writeDetails(b, ev, ev.Description)
	b.line("END:VEVENT")

	// One override per moved meeting.
	for _, x := range exceptions {
		if x.Cancelled || x.MovedTo.IsZero() {
			continue
		}
		d := cmp.Or(x.MovedDuration, s.Duration)
		start := x.MovedTo.In(s.Location)
		z.cover(x.Date.Year)
		z.cover(start.Year())
		z.cover(start.Add(d).Year())
		b.line("BEGIN:VEVENT")
		b.line("UID:" + escapeText(ev.UID))
		b.line("DTSTAMP:" + utcStamp(ev.DTStamp))
		b.line("RECURRENCE-ID" + tzParam(z.name) + ":" + nominal(x.Date, s.Start))
		b.line("DTSTART" + dateTime(start, z.name))
		b.line("DTEND" + dateTime(start.Add(d), z.name))
		desc := ev.Description
		if x.Reason != "" {
			desc = strings.TrimSpace(x.Reason + "\n\n" + desc)
		}
		writeDetails(b, ev, desc)
		b.line("END:VEVENT")
	}
	return nil
}

func writeOneOff(b *writer, ev *Event, zones *zoneSet) error {
	if ev.Start.IsZero() || ev.End.IsZero() {
		return errors.New("set Schedule, or Start and End for a one-off event")
	}
	if !ev.End.After(ev.Start) {
		return errors.New("End is not after Start")
	}
	loc := ev.Start.Location()
	tzid := ""
	if loc != time.UTC && loc != time.Local {
		z := zones.add(loc)
		z.cover(ev.Start.Year())
		z.cover(ev.End.In(loc).Year())
		z.cover(ev.DTStamp.Year())
		tzid = z.name
	}
	b.line("BEGIN:VEVENT")
	b.line("UID:" + escapeText(ev.UID))
	b.line("DTSTAMP:" + utcStamp(ev.DTStamp))
	b.line("DTSTART" + dateTime(ev.Start, tzid))
	b.line("DTEND" + dateTime(ev.End.In(loc), tzid))
	writeDetails(b, ev, ev.Description)
	b.line("END:VEVENT")
	return nil
}

func writeDetails(b *writer, ev *Event, description string) {
	if ev.Summary != "" {
		b.line("SUMMARY:" + escapeText(ev.Summary))
	}
	if description != "" {
		b.line("DESCRIPTION:" + escapeText(description))
	}
	if ev.Location != "" {
		b.line("LOCATION:" + escapeText(ev.Location))
	}
	if ev.URL != "" {
		b.line("URL:" + ev.URL)
	}
}

// nominal writes a schedule's meeting time on date d as local time, the way
// DTSTART, EXDATE and RECURRENCE-ID name it.
func nominal(d schedule.Date, c schedule.Clock) string {
	return fmt.Sprintf("%04d%02d%02dT%02d%02d00", d.Year, int(d.Month), d.Day, c.Hour, c.Minute)
}

// dateTime writes ";TZID=zone:local" for t, or ":...Z" when tzid is empty
// or when the local time would not read back as t (a time in the second
// run of a repeated hour, which a reader takes as the first).
func dateTime(t time.Time, tzid string) string {
	t = t.Truncate(time.Second)
	if tzid != "" {
		local := t.In(t.Location())
		back := schedule.At(schedule.DateOf(local), schedule.Clock{Hour: local.Hour(), Minute: local.Minute()}, local.Location()).
			Add(time.Duration(local.Second()) * time.Second)
		if back.Equal(t) {
			return tzParam(tzid) + ":" + local.Format("20060102T150405")
		}
	}
	return ":" + utcStamp(t)
}

func utcStamp(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// tzParam writes the TZID parameter, quoted if the name needs it.
func tzParam(name string) string {
	if strings.ContainsAny(name, ":;,") {
		return `;TZID="` + strings.ReplaceAll(name, `"`, "") + `"`
	}
	return ";TZID=" + name
}

// duration writes a whole-minute duration as an exact RFC 5545 DURATION,
// in hours and minutes (never days, which are nominal).
func duration(d time.Duration) string {
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case h > 0 && m > 0:
		return fmt.Sprintf("PT%dH%dM", h, m)
	case h > 0:
		return fmt.Sprintf("PT%dH", h)
	}
	return fmt.Sprintf("PT%dM", m)
}

// escapeText escapes a TEXT value: backslash, semicolon, comma and line
// breaks. Other control characters cannot appear in iCalendar text and are
// dropped; invalid UTF-8 becomes U+FFFD.
func escapeText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\', ';', ',':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			b.WriteString(`\n`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteByte(c)
		default:
			if c < 0x20 || c == 0x7f {
				continue
			}
			b.WriteByte(c)
		}
	}
	return b.String()
}

// writer writes content lines, folded at 75 octets, with CRLF.
type writer struct {
	buf *bytes.Buffer
}

const maxLine = 75

func (w *writer) line(s string) {
	limit := maxLine
	for len(s) > limit {
		cut := limit
		// Never split a UTF-8 sequence: back up to the start of one.
		for cut > 0 && s[cut]&0xC0 == 0x80 {
			cut--
		}
		w.buf.WriteString(s[:cut])
		w.buf.WriteString("\r\n ")
		s = s[cut:]
		limit = maxLine - 1 // the leading space counts
	}
	w.buf.WriteString(s)
	w.buf.WriteString("\r\n")
}
