package ical

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

func vtimezone(t *testing.T, name string, minYear, maxYear int) string {
	t.Helper()
	var buf bytes.Buffer
	z := &zone{name: name, loc: mustLoad(t, name), min: minYear, max: maxYear}
	writeVTimezone(&writer{buf: &buf}, z)
	return strings.ReplaceAll(buf.String(), "\r\n", "\n")
}

func TestVTimezoneGolden(t *testing.T) {
	tests := []struct {
		zone string
		want string
	}{
		{"America/New_York", `BEGIN:VTIMEZONE
TZID:America/New_York
BEGIN:DAYLIGHT
DTSTART:20250309T020000
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
TZNAME:EDT
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU
END:DAYLIGHT
BEGIN:STANDARD
DTSTART:20251102T020000
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
TZNAME:EST
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU
END:STANDARD
END:VTIMEZONE
`},
		{"Europe/London", `BEGIN:VTIMEZONE
TZID:Europe/London
BEGIN:DAYLIGHT
DTSTART:20250330T010000
TZOFFSETFROM:+0000
TZOFFSETTO:+0100
TZNAME:BST
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
DTSTART:20251026T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0000
TZNAME:GMT
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
`},
		{"Australia/Adelaide", `BEGIN:VTIMEZONE
TZID:Australia/Adelaide
BEGIN:STANDARD
DTSTART:20250406T030000
TZOFFSETFROM:+1030
TZOFFSETTO:+0930
TZNAME:ACST
RRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=1SU
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:20251005T020000
TZOFFSETFROM:+0930
TZOFFSETTO:+1030
TZNAME:ACDT
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=1SU
END:DAYLIGHT
END:VTIMEZONE
`},
		{"Asia/Kolkata", `BEGIN:VTIMEZONE
TZID:Asia/Kolkata
BEGIN:STANDARD
DTSTART:19700101T000000
TZOFFSETFROM:+0530
TZOFFSETTO:+0530
TZNAME:IST
END:STANDARD
END:VTIMEZONE
`},
		{"Asia/Kathmandu", `BEGIN:VTIMEZONE
TZID:Asia/Kathmandu
BEGIN:STANDARD
DTSTART:19700101T000000
TZOFFSETFROM:+0545
TZOFFSETTO:+0545
TZNAME:+0545
END:STANDARD
END:VTIMEZONE
`},
	}
	for _, tt := range tests {
		if got := vtimezone(t, tt.zone, 2026, 2026); got != tt.want {
			t.Errorf("VTIMEZONE %s:\n%s\nwant\n%s", tt.zone, got, tt.want)
		}
	}
}

// A zone whose rules changed inside the years written gets a closed run
// (with UNTIL) for the old rule and an open one for the new.
func TestVTimezoneRuleChange(t *testing.T) {
	got := vtimezone(t, "America/New_York", 2005, 2008)
	for _, want := range []string{
		"DTSTART:20040404T020000\nTZOFFSETFROM:-0500\nTZOFFSETTO:-0400\nTZNAME:EDT\nRRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=1SU;UNTIL=20060402T070000Z\n",
		"DTSTART:20041031T020000\nTZOFFSETFROM:-0400\nTZOFFSETTO:-0500\nTZNAME:EST\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU;UNTIL=20061029T060000Z\n",
		"DTSTART:20070311T020000\nTZOFFSETFROM:-0500\nTZOFFSETTO:-0400\nTZNAME:EDT\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\n",
		"DTSTART:20071104T020000\nTZOFFSETFROM:-0400\nTZOFFSETTO:-0500\nTZNAME:EST\nRRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("VTIMEZONE New York 2005-2008 lacks\n%s\ngot\n%s", want, got)
		}
	}
}

// TestVTimezoneMatchesGo reads the VTIMEZONE back, expands its observances
// the way a calendar program does, and checks the offset against Go's zone
// data every few hours of every year written, for zones with unusual rules.
func TestVTimezoneMatchesGo(t *testing.T) {
	zones := []string{
		"America/New_York", "Europe/London", "Australia/Adelaide", "Asia/Kolkata", "Asia/Kathmandu",
		"Europe/Dublin", "Australia/Lord_Howe", "America/Santiago", "America/Sao_Paulo", "Asia/Tehran",
		"Africa/Casablanca", "Pacific/Apia", "America/St_Johns", "Pacific/Chatham", "Asia/Gaza", "UTC",
	}
	for _, name := range zones {
		for _, years := range [][2]int{{2026, 2026}, {2016, 2024}} {
			t.Run(fmt.Sprintf("%s/%d-%d", name, years[0], years[1]), func(t *testing.T) {
				loc := mustLoad(t, name)
				text := vtimezone(t, name, years[0], years[1])
				root, err := parseCalendar(strings.ReplaceAll(text, "\n", "\r\n"))
				if err != nil {
					t.Fatal(err)
				}
				end := time.Date(years[1]+yearsAfter+1, 1, 1, 0, 0, 0, 0, time.UTC)
				onsets, err := expandVTimezone(root, end.Year())
				if err != nil {
					t.Fatalf("%v\n%s", err, text)
				}
				from := time.Date(years[0]-yearsBefore, 1, 1, 0, 0, 0, 0, time.UTC)
				for at := from; at.Before(end); at = at.Add(3 * time.Hour) {
					_, want := at.In(loc).Zone()
					i := sort.Search(len(onsets), func(i int) bool { return onsets[i].at > at.Unix() }) - 1
					// Before the first onset readers use its TZOFFSETFROM.
					got := onsets[0].from
					if i >= 0 {
						got = onsets[i].offset
					}
					if got != want {
						t.Fatalf("at %v the VTIMEZONE gives offset %d, Go %d\n%s", at, got, want, text)
					}
				}
			})
		}
	}
}

type onset struct {
	at     int64 // Unix seconds
	from   int
	offset int
}

// expandVTimezone lists the onsets of every observance up to year last.
// It understands what writeVTimezone writes: DTSTART, TZOFFSETFROM,
// TZOFFSETTO and RRULE:FREQ=YEARLY;BYMONTH=m;BYDAY=nDD[;UNTIL=...Z].
func expandVTimezone(vtz *component, last int) ([]onset, error) {
	var out []onset
	for _, o := range vtz.subs {
		start, err := time.Parse("20060102T150405", o.value("DTSTART"))
		if err != nil {
			return nil, err
		}
		from, err1 := parseOffset(o.value("TZOFFSETFROM"))
		to, err2 := parseOffset(o.value("TZOFFSETTO"))
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("bad offsets in %v", o.props)
		}
		add := func(local time.Time) { out = append(out, onset{local.Unix() - int64(from), from, to}) }
		rr, ok := o.get("RRULE")
		if !ok {
			add(start)
			continue
		}
		parts := map[string]string{}
		for kv := range strings.SplitSeq(rr.value, ";") {
			k, v, _ := strings.Cut(kv, "=")
			parts[k] = v
		}
		month, _ := strconv.Atoi(parts["BYMONTH"])
		byday := parts["BYDAY"]
		n, _ := strconv.Atoi(byday[:len(byday)-2])
		wd := map[string]time.Weekday{"SU": 0, "MO": 1, "TU": 2, "WE": 3, "TH": 4, "FR": 5, "SA": 6}[byday[len(byday)-2:]]
		until := int64(1) << 62
		if u, ok := parts["UNTIL"]; ok {
			ut, err := time.Parse("20060102T150405Z", u)
			if err != nil {
				return nil, err
			}
			until = ut.Unix()
		}
		if parts["FREQ"] != "YEARLY" || month != int(start.Month()) {
			return nil, fmt.Errorf("unexpected RRULE %s", rr.value)
		}
		for y := start.Year(); y <= last; y++ {
			var day int
			if n > 0 {
				first := time.Date(y, time.Month(month), 1, 0, 0, 0, 0, time.UTC)
				day = 1 + (int(wd)-int(first.Weekday())+7)%7 + 7*(n-1)
			} else {
				lastDay := time.Date(y, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC)
				day = lastDay.Day() - (int(lastDay.Weekday())-int(wd)+7)%7
			}
			local := time.Date(y, time.Month(month), day, start.Hour(), start.Minute(), start.Second(), 0, time.UTC)
			if local.Unix()-int64(from) > until {
				break
			}
			add(local)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].at < out[j].at })
	return out, nil
}

func parseOffset(s string) (int, error) {
	if len(s) != 5 && len(s) != 7 || (s[0] != '+' && s[0] != '-') {
		return 0, fmt.Errorf("bad offset %q", s)
	}
	h, _ := strconv.Atoi(s[1:3])
	m, _ := strconv.Atoi(s[3:5])
	sec := 0
	if len(s) == 7 {
		sec, _ = strconv.Atoi(s[5:7])
	}
	v := h*3600 + m*60 + sec
	if s[0] == '-' {
		v = -v
	}
	return v, nil
}
