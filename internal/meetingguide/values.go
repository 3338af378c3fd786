package meetingguide

import (
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// This file turns the loose values real feeds carry into clean Go values.
// Values arrive as decoded JSON (string, json.Number, bool, nil, []any,
// map[string]any) or, from CSV, as strings.

// describe shows a value in a problem message the way its author wrote it.
func describe(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case string:
		return strconv.Quote(clip(v))
	case json.Number:
		return clip(v.String())
	case bool:
		return strconv.FormatBool(v)
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%v", v)
}

// clip keeps messages readable when a feed puts a paragraph where a word
// belongs.
func clip(s string) string {
	const max = 40
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max]) + "…"
}

// kind names a JSON value's type for "is X, not text" messages.
func kind(v any) string {
	switch v.(type) {
	case bool:
		return "true or false"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	case json.Number:
		return "a number"
	}
	return "not text"
}

// listItems flattens a list-shaped value. PHP encodes an array whose keys
// are not 0..n-1 as an object ({"0":"O","2":"D"}), so objects count as lists
// in key order.
func listItems(v any) []any {
	switch v := v.(type) {
	case []any:
		return v
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool {
			a, errA := strconv.Atoi(keys[i])
			b, errB := strconv.Atoi(keys[j])
			if errA == nil && errB == nil {
				return a < b
			}
			if (errA == nil) != (errB == nil) {
				return errA == nil
			}
			return keys[i] < keys[j]
		})
		items := make([]any, len(keys))
		for i, k := range keys {
			items[i] = v[k]
		}
		return items
	}
	return nil
}

// scalarText returns the text of a string or number; ok is false for any
// other kind of value.
func scalarText(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return strings.TrimSpace(v), true
	case json.Number:
		return v.String(), true
	}
	return "", false
}

var dayNames = map[string]int{}

func init() {
	names := [][]string{
		{"sunday", "sun", "su", "domingo", "dimanche", "dom"},
		{"monday", "mon", "mo", "lunes", "lundi", "lun"},
		{"tuesday", "tue", "tues", "tu", "martes", "mardi", "mar"},
		{"wednesday", "wed", "we", "miércoles", "miercoles", "mercredi", "mié", "mie", "mer"},
		{"thursday", "thu", "thur", "thurs", "th", "jueves", "jeudi", "jue", "jeu"},
		{"friday", "fri", "fr", "viernes", "vendredi", "vie", "ven"},
		{"saturday", "sat", "sa", "sábado", "sabado", "samedi", "sáb", "sab", "sam"},
	}
	for day, list := range names {
		for _, n := range list {
			dayNames[n] = day
			if len(n) > 3 {
				dayNames[n+"s"] = day // "Mondays"
			}
		}
	}
}

// parseDayToken reads one day: "0".."6", or a day name in English, Spanish
// or French, full or abbreviated, in any case.
func parseDayToken(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if n, err := strconv.Atoi(s); err == nil {
		return n, n >= 0 && n <= 6
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		// 1.0 from a spreadsheet; 7 and up are not days (some systems count
		// 1..7 from Sunday, others from Monday: guessing would misplace
		// meetings).
		if f == math.Trunc(f) && f >= 0 && f <= 6 {
			return int(f), true
		}
		return 0, false
	}
	n, ok := dayNames[strings.TrimSuffix(strings.ToLower(s), ".")]
	return n, ok
}

// parseDays reads the day field: a number, a string (a digit, a name, or
// several separated by commas), or a list of those. It returns the valid
// days ascending without repeats and a description of each value it could
// not read. given is false when the field is absent or empty, which is how
// a feed says "by appointment".
func parseDays(v any) (days []int, bad []string, given bool) {
	seen := [7]bool{}
	var add func(v any)
	add = func(v any) {
		switch v := v.(type) {
		case nil:
		case bool:
			if v {
				bad = append(bad, describe(v))
				given = true
			}
		case json.Number:
			given = true
			if d, ok := parseDayToken(v.String()); ok {
				seen[d] = true
			} else {
				bad = append(bad, describe(v))
			}
		case string:
			for _, tok := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ';' || r == '/' }) {
				tok = strings.TrimSpace(tok)
				if tok == "" {
					continue
				}
				given = true
				if d, ok := parseDayToken(tok); ok {
					seen[d] = true
				} else {
					bad = append(bad, describe(tok))
				}
			}
		case []any, map[string]any:
			for _, item := range listItems(v) {
				switch item.(type) {
				case []any, map[string]any:
					given = true
					bad = append(bad, describe(item))
				default:
					add(item)
				}
			}
		}
	}
	add(v)
	for d, ok := range seen {
		if ok {
			days = append(days, d)
		}
	}
	return days, bad, given
}

// parseClock reads a time of day in the shapes feeds use: "19:00", "7:00",
// "7:00 PM", "7pm", "7:00 p.m.", "19:00:00", "1900", "19h00", "Noon",
// "Midnight". It returns "HH:MM". allow24 accepts "24:00" (an end time at
// midnight) as "00:00".
func parseClock(s string, allow24 bool) (string, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch s {
	case "noon", "12 noon", "12noon", "midday":
		return "12:00", true
	case "midnight", "12 midnight", "12midnight":
		return "00:00", true
	}
	// Meridiem: am, pm, a.m., p.m., a, p.
	meridiem := ""
	compact := strings.ReplaceAll(strings.ReplaceAll(s, ".", ""), " ", "")
	for _, suf := range []string{"am", "pm", "a", "p"} {
		if strings.HasSuffix(compact, suf) && len(compact) > len(suf) {
			meridiem = suf[:1]
			s = strings.TrimSpace(strings.TrimRight(strings.TrimSuffix(compact, suf), "."))
			break
		}
	}
	var hour, minute int
	digitsOnly := s != "" && strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }) < 0
	switch {
	case digitsOnly && len(s) <= 2:
		if meridiem == "" {
			return "", false // "7" alone could be morning or evening
		}
		hour, _ = strconv.Atoi(s)
	case digitsOnly && (len(s) == 3 || len(s) == 4):
		hour, _ = strconv.Atoi(s[:len(s)-2])
		minute, _ = strconv.Atoi(s[len(s)-2:])
	default:
		parts := strings.FieldsFunc(s, func(r rune) bool { return r == ':' || r == '.' || r == 'h' })
		if strings.HasSuffix(s, "h") && len(parts) == 1 {
			parts = append(parts, "00") // "19h"
		}
		if len(parts) < 2 || len(parts) > 3 {
			return "", false
		}
		if !isDigits(parts[0], 1, 2) || !isDigits(parts[1], 2, 2) {
			return "", false
		}
		hour, _ = strconv.Atoi(parts[0])
		minute, _ = strconv.Atoi(parts[1])
		if len(parts) == 3 {
			if !isDigits(parts[2], 2, 2) {
				return "", false
			}
			if sec, _ := strconv.Atoi(parts[2]); sec > 59 {
				return "", false
			}
		}
	}
	if minute > 59 {
		return "", false
	}
	switch meridiem {
	case "a", "p":
		if hour < 1 || hour > 12 {
			return "", false
		}
		hour %= 12
		if meridiem == "p" {
			hour += 12
		}
	default:
		if hour == 24 && minute == 0 && allow24 {
			hour = 0
		}
		if hour > 23 {
			return "", false
		}
	}
	return fmt.Sprintf("%02d:%02d", hour, minute), true
}

func isDigits(s string, min, max int) bool {
	if len(s) < min || len(s) > max {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// validClock reports whether s is exactly "HH:MM" on a 24-hour clock, the
// only shape Write emits.
func validClock(s string) bool {
	if len(s) != 5 || s[2] != ':' || !isDigits(s[:2], 2, 2) || !isDigits(s[3:], 2, 2) {
		return false
	}
	h, _ := strconv.Atoi(s[:2])
	m, _ := strconv.Atoi(s[3:])
	return h <= 23 && m <= 59
}

// timezonePattern accepts tz database names ("America/New_York", "UTC",
// "Etc/GMT+5", "America/Port-au-Prince"). Whether the zone exists is left
// to the time package of whoever uses it: the zone database on a server may
// be older or newer than the feed.
var timezonePattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+)*$`)

func validTimezone(s string) bool {
	return len(s) <= 64 && timezonePattern.MatchString(s)
}

// updatedLayouts are the shapes of "updated" seen in feeds and sheets. The
// spec's is first. The CSV template glues date and time together
// ("2020-04-0416:50:58").
var updatedLayouts = []string{
	"2006-01-02 15:04:05",
	time.RFC3339,
	"2006-01-02T15:04:05",
	"2006-01-0215:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
	"1/2/2006", // Google Sheets, month first
	"1/2/2006 15:04:05",
}

// parseUpdated reads a timestamp; times without a zone are UTC, as the spec
// says. Sub-second precision is dropped because the format cannot carry it.
func parseUpdated(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range updatedLayouts {
		t, err := time.Parse(layout, s)
		if err != nil {
			continue
		}
		t = t.UTC().Truncate(time.Second)
		if !validUpdated(t) {
			return time.Time{}, false
		}
		return t, true
	}
	return time.Time{}, false
}

// validUpdated keeps timestamps within the four-digit years the format has.
func validUpdated(t time.Time) bool {
	return t.IsZero() || (t.Year() >= 1 && t.Year() <= 9999 && t.Location() == time.UTC && t.Nanosecond() == 0)
}

// parseCoordinate reads a latitude or longitude given as a number or as
// text.
func parseCoordinate(v any) (f float64, ok bool) {
	s, isText := scalarText(v)
	if !isText {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

func validLatitude(f float64) bool  { return f >= -90 && f <= 90 }
func validLongitude(f float64) bool { return f >= -180 && f <= 180 }

// parseYesNo reads the approximate flag: "yes"/"no" as the spec says, or a
// boolean, "true"/"false", "1"/"0".
func parseYesNo(v any) (b bool, ok bool) {
	switch v := v.(type) {
	case bool:
		return v, true
	case string, json.Number:
		s, _ := scalarText(v)
		switch strings.ToLower(s) {
		case "yes", "y", "true", "1":
			return true, true
		case "no", "n", "false", "0":
			return false, true
		}
	}
	return false, false
}

// parseAttendance reads attendance_option, tolerating "in-person" and
// "In Person".
func parseAttendance(s string) (AttendanceOption, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.NewReplacer("-", "_", " ", "_").Replace(s)
	switch a := AttendanceOption(s); a {
	case InPerson, Online, Hybrid, Inactive:
		return a, true
	}
	return "", false
}

func validAttendance(a AttendanceOption) bool {
	switch a {
	case "", InPerson, Online, Hybrid, Inactive:
		return true
	}
	return false
}

// cleanURL accepts absolute http and https URLs (and mailto: where allowed).
// A bare host such as "www.example.org/meetings" gets "https://" in front,
// as a person reading it would assume. Anything else (javascript:, relative
// paths, text) is refused, because these end up as links on our pages.
func cleanURL(s string, allowMailto bool) (string, bool) {
	if s == "" || strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
		return "", false
	}
	if !strings.Contains(s, ":") && looksLikeHost(s) {
		s = "https://" + s
	}
	if validURL(s, allowMailto) {
		return s, true
	}
	return "", false
}

func looksLikeHost(s string) bool {
	host, _, _ := strings.Cut(s, "/")
	if !strings.Contains(host, ".") || strings.HasPrefix(host, ".") {
		return false
	}
	for _, r := range host {
		if !(r == '.' || r == '-' || unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return false
		}
	}
	return true
}

func validURL(s string, allowMailto bool) bool {
	if s == "" || strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
		return false
	}
	u, err := url.Parse(s)
	if err != nil {
		return false
	}
	switch u.Scheme {
	case "http", "https":
		return u.Host != "" && u.Opaque == ""
	case "mailto":
		return allowMailto && (u.Opaque != "" || u.Path != "")
	}
	return false
}

// splitList splits text on any of seps, trims each item and drops empties.
func splitList(s string, seps string) []string {
	var out []string
	for _, item := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(seps, r) }) {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}
