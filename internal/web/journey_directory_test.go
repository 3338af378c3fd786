package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"holdspace/internal/browsertest"
	"holdspace/internal/directory"
)

// journeyAxe checks the page the tab shows with axe-core, in the light and
// the dark palette.
func journeyAxe(t *testing.T, ctx context.Context) {
	t.Helper()
	browsertest.SetDarkMode(t, ctx, false)
	browsertest.CheckAxe(t, ctx)
	browsertest.SetDarkMode(t, ctx, true)
	browsertest.CheckAxe(t, ctx)
	browsertest.SetDarkMode(t, ctx, false)
}

// journeyTabToID presses Tab until the element with this id has focus.
func journeyTabToID(t *testing.T, ctx context.Context, id string) {
	t.Helper()
	tabTo(t, ctx, 40, "#"+id, func(e browsertest.Element) bool { return e.ID == id })
}

// journeyTabToHref presses Tab until a link with this href has focus.
func journeyTabToHref(t *testing.T, ctx context.Context, href string) {
	t.Helper()
	tabTo(t, ctx, 60, "the link to "+href, func(e browsertest.Element) bool { return e.Tag == "a" && e.Href == href })
}

// journeyKeyType tabs to a text field and types into it, as a keyboard
// does.
func journeyKeyType(t *testing.T, ctx context.Context, id, text string) {
	t.Helper()
	journeyTabToID(t, ctx, id)
	browsertest.Press(t, ctx, text)
	if got := browsertest.Eval[string](t, ctx, `document.activeElement.value`); got != text {
		t.Fatalf("#%s after typing: got %q, want %q", id, got, text)
	}
}

// journeyKeyRadio tabs into a radio group (focus lands on its first radio
// while none is chosen), moves down the list with the arrow key and
// selects with Space, and checks the value chosen.
func journeyKeyRadio(t *testing.T, ctx context.Context, name, field string, down int, want string) {
	t.Helper()
	journeyTabToID(t, ctx, name)
	for range down {
		browsertest.Press(t, ctx, "\u0301") // ArrowDown
	}
	browsertest.Press(t, ctx, " ")
	got := browsertest.Eval[string](t, ctx, fmt.Sprintf(`(document.querySelector('input[name=%q]:checked') || {value: ''}).value`, field))
	if got != want {
		t.Fatalf("radio %s: got %q chosen, want %q", field, got, want)
	}
}

// journeyKeyTick tabs to a checkbox and ticks it with Space.
func journeyKeyTick(t *testing.T, ctx context.Context, id string) {
	t.Helper()
	journeyTabToID(t, ctx, id)
	browsertest.Press(t, ctx, " ")
	if !browsertest.Eval[bool](t, ctx, `document.activeElement.checked`) {
		t.Fatalf("#%s is not ticked after Space", id)
	}
}

// journeyPageHTML is the whole document as the browser has it.
func journeyPageHTML(t *testing.T, ctx context.Context) string {
	t.Helper()
	return browsertest.Eval[string](t, ctx, `document.documentElement.outerHTML`)
}

// TestJourneyDirectory proves, in Chromium, by keyboard and axe-clean on
// every page: a member creates a group that meets on the 2nd Tuesday of
// each month in a private home; a logged-out visitor finds it "near me",
// sees how far away it is but never the street address or the exact
// coordinates, and subscribes to its calendar, which is a valid iCalendar
// feed with RRULE:FREQ=MONTHLY;BYDAY=2TU and no street address.
func TestJourneyDirectory(t *testing.T) {
	b := browsertest.New(t) // first: it skips at once without Chromium
	began := time.Now()
	srv := startSite(t)

	const (
		groupName = "Harbour Lights Grief Circle"
		street    = "14 Lantern Row"
		city      = "Tórshavn"
		zone      = "Atlantic/Faroe"
		latS      = "62.01234" // the home itself: members only
		lngS      = "-6.77189"
		near      = "62.00, -6.79" // where the visitor is, about 1.5 km away
	)
	faroe, err := time.LoadLocation(zone)
	if err != nil {
		t.Fatal(err)
	}

	// A member signs up by keyboard from the home page.
	member := b.NewContext(t)
	browsertest.SetViewport(t, member, 1280, 800, false)
	wantStatus(t, "home", browsertest.Navigate(t, member, srv.URL+"/"), 200)
	journeyAxe(t, member)
	journeyTabToHref(t, member, "/signup")
	wantStatus(t, "follow Create an account", browsertest.PressAndWait(t, member, browsertest.Enter), 200)
	wantPath(t, member, srv, "/signup")
	journeyAxe(t, member)
	name := uniqueName("Organiser")
	journeyKeyType(t, member, "display-name", name)
	browsertest.Press(t, member, browsertest.Tab)
	if el := browsertest.Focused(t, member); el.ID != "password" {
		t.Fatalf("Tab from the display name: got %v, want #password", el)
	}
	browsertest.Press(t, member, "harbour lights at night")
	wantStatus(t, "create the account", browsertest.PressAndWait(t, member, browsertest.Enter), 200)
	wantPath(t, member, srv, "/?welcome=1")
	wantText(t, member, ".app-footer", "You are logged in as "+name)
	journeyAxe(t, member)

	// "Start a group" from the home page.
	journeyTabToHref(t, member, "/groups/new")
	wantStatus(t, "follow Start a group", browsertest.PressAndWait(t, member, browsertest.Enter), 200)
	wantPath(t, member, srv, "/groups/new")
	wantText(t, member, "h1", "Start a group")
	journeyAxe(t, member)

	// Every needed field by Tab, typing, arrows and Space, in page order.
	journeyKeyType(t, member, "name", groupName)
	journeyKeyType(t, member, "description", "We meet in a living room by the harbour. Tea, quiet, and time to talk or just listen.")
	journeyKeyRadio(t, member, "category", "category", 4, "grief_loss")
	journeyKeyRadio(t, member, "audience", "audience", 0, "lived_experience")
	journeyKeyRadio(t, member, "format", "format", 0, "sharing_circle")
	journeyKeyRadio(t, member, "access", "access", 0, "open")
	journeyKeyRadio(t, member, "cost", "cost", 0, "free")
	journeyKeyRadio(t, member, "attendance", "attendance", 0, "in_person")
	journeyKeyRadio(t, member, "venue-type", "venue_type", 1, "private_home")
	journeyKeyType(t, member, "address", street)
	journeyKeyType(t, member, "city", city)
	journeyKeyType(t, member, "region", "Streymoy")
	journeyKeyType(t, member, "country", "FO")
	journeyKeyType(t, member, "lat", latS)
	journeyKeyType(t, member, "lng", lngS)
	journeyKeyType(t, member, "timezone", zone)
	journeyKeyRadio(t, member, "repeat", "repeat", 2, "monthly_nth")
	journeyKeyTick(t, member, "days-2")  // Tuesday
	journeyKeyTick(t, member, "weeks-2") // 2nd
	journeyKeyType(t, member, "start-time", "19:00")
	journeyKeyType(t, member, "starts-on", time.Now().In(faroe).Format("2006-01-02"))
	if got := browsertest.Eval[[]string](t, member, `[...document.querySelectorAll('input[name=days]:checked, input[name=weeks]:checked')].map(e => e.name + '=' + e.value)`); strings.Join(got, " ") != "days=TU weeks=2" {
		t.Fatalf("ticked days and weeks: got %v, want days=TU weeks=2", got)
	}
	// Enter in a text field sends the form.
	wantStatus(t, "create the group", browsertest.PressAndWait(t, member, browsertest.Enter), 200)
	u := strings.TrimPrefix(browsertest.URL(t, member), srv.URL)
	slug := strings.TrimSuffix(strings.TrimPrefix(u, "/groups/"), "?created=1")
	if !strings.HasPrefix(u, "/groups/") || !strings.HasSuffix(u, "?created=1") || slug == "" || strings.Contains(slug, "/") {
		t.Fatalf("after creating the group: at %s, want /groups/<slug>?created=1", u)
	}
	groupPath := "/groups/" + slug
	wantText(t, member, ".app-notification-banner", "Your group has been created")
	wantText(t, member, "h1", groupName)
	wantText(t, member, "main [data-group-zone]", "On the 2nd Tuesday of each month at 19:00, "+zone+" time")
	// The organizer sees the street address the visitor must not.
	wantText(t, member, "main", street)
	journeyAxe(t, member)
	t.Logf("group created by keyboard at %s after %.1fs", groupPath, time.Since(began).Seconds())

	// A logged-out visitor, in a browser of their own, looks for a group
	// near where they are.
	visitor := b.NewContext(t)
	browsertest.SetViewport(t, visitor, 1280, 800, false)
	wantStatus(t, "visitor home", browsertest.Navigate(t, visitor, srv.URL+"/"), 200)
	if browsertest.Exists(t, visitor, ".app-nav__button") {
		t.Fatal("the visitor is logged in")
	}
	journeyAxe(t, visitor)
	journeyTabToHref(t, visitor, "/groups")
	wantStatus(t, "follow Find a group", browsertest.PressAndWait(t, visitor, browsertest.Enter), 200)
	wantPath(t, visitor, srv, "/groups")
	journeyAxe(t, visitor)
	// The place fields are inside "Filter groups": open it with the keyboard.
	tabTo(t, visitor, 30, "the Filter groups summary", func(e browsertest.Element) bool {
		return e.Tag == "summary" && strings.HasPrefix(e.Text, "Filter groups")
	})
	browsertest.Press(t, visitor, browsertest.Enter)
	if !browsertest.Exists(t, visitor, "details.app-filter[open]") {
		t.Fatal("Enter on the Filter groups summary did not open it")
	}
	journeyKeyType(t, visitor, "near", near)
	wantStatus(t, "search near me", browsertest.PressAndWait(t, visitor, browsertest.Enter), 200)
	if got := strings.TrimPrefix(browsertest.URL(t, visitor), srv.URL); !strings.HasPrefix(got, "/groups?") || !strings.Contains(got, "near=62.00%2C+-6.79") {
		t.Fatalf("search address: got %s, want /groups?...near=62.00%%2C+-6.79...", got)
	}
	journeyAxe(t, visitor)
	results := browsertest.Eval[[]struct {
		Href string `json:"href"`
		Text string `json:"text"`
	}](t, visitor, `[...document.querySelectorAll('ol.app-results > li')].map(li => ({
		href: li.querySelector('h3 a').getAttribute('href'),
		text: li.innerText.replace(/\s+/g, ' ').trim(),
	}))`)
	if len(results) != 1 || results[0].Href != groupPath {
		t.Fatalf("results near %s: got %+v, want only %s", near, results, groupPath)
	}
	// The distance is measured from where the public is told the home is:
	// its coordinates rounded to about 1 km.
	km := directory.DistanceKM(62.00, -6.79, 62.01, -6.77)
	wantDist := strconv.FormatFloat(math.Round(km*10)/10, 'f', -1, 64) + " km away"
	for _, want := range []string{groupName, "In person: " + city + ", Streymoy, FO", wantDist} {
		if !strings.Contains(results[0].Text, want) {
			t.Errorf("result: got %q, want it to contain %q", results[0].Text, want)
		}
	}
	t.Logf("the visitor's result: %s", results[0].Text)
	html := journeyPageHTML(t, visitor)
	for _, secret := range []string{"Lantern", latS, lngS} {
		if strings.Contains(html, secret) {
			t.Errorf("the search page shows the visitor %q", secret)
		}
	}

	// Open the group from the result.
	journeyTabToHref(t, visitor, groupPath)
	wantStatus(t, "open the group", browsertest.PressAndWait(t, visitor, browsertest.Enter), 200)
	wantPath(t, visitor, srv, groupPath)
	journeyAxe(t, visitor)
	wantText(t, visitor, "main [data-group-zone]", "On the 2nd Tuesday of each month at 19:00")
	wantText(t, visitor, "main", "This group meets in a private home. Its members see the full address.")
	html = journeyPageHTML(t, visitor)
	for _, secret := range []string{"Lantern", latS, lngS} {
		if strings.Contains(html, secret) {
			t.Errorf("the group page shows the visitor %q", secret)
		}
	}
	// The next sessions listed are 2nd Tuesdays at 19:00, Faroe time.
	starts := browsertest.Eval[[]string](t, visitor, `[...document.querySelectorAll('main .app-sessions time')].map(e => e.getAttribute('datetime'))`)
	if len(starts) == 0 {
		t.Fatal("the group page lists no next group sessions")
	}
	for _, s := range starts {
		at, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatalf("session time %q: %v", s, err)
		}
		at = at.In(faroe)
		if at.Weekday() != time.Tuesday || at.Day() < 8 || at.Day() > 14 || at.Format("15:04") != "19:00" {
			t.Errorf("listed session %s is not a 2nd Tuesday at 19:00", at.Format(time.RFC1123))
		}
	}

	// Subscribe: the calendar link, reached by keyboard, and fetched as a
	// calendar program does, with no cookie.
	tabTo(t, visitor, 30, "the calendar link", func(e browsertest.Element) bool {
		return e.Tag == "a" && e.Text == "Add the group sessions to your calendar"
	})
	href := browsertest.Eval[string](t, visitor, `document.activeElement.href`)
	if href != srv.URL+groupPath+"/calendar.ics" {
		t.Fatalf("calendar link: got %s, want %s", href, srv.URL+groupPath+"/calendar.ics")
	}
	resp, err := http.Get(href)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("calendar: HTTP %d, Content-Type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	ics := string(body)
	journeyCheckICS(t, ics, zone, faroe)
	for _, secret := range []string{"Lantern", street, latS, lngS} {
		if strings.Contains(ics, secret) {
			t.Errorf("the calendar holds %q:\n%s", secret, ics)
		}
	}
	journeyICalJS(t, visitor, ics, faroe)
	t.Logf("directory journey took %.1fs", time.Since(began).Seconds())
}

// journeyCheckICS checks an iCalendar file's structure (RFC 5545): CRLF
// lines of at most 75 octets, balanced components, the required
// properties, and one recurring event on the 2nd Tuesday at 19:00 in zone.
func journeyCheckICS(t *testing.T, ics, zone string, loc *time.Location) {
	t.Helper()
	if !strings.HasPrefix(ics, "BEGIN:VCALENDAR\r\n") || !strings.HasSuffix(ics, "END:VCALENDAR\r\n") {
		t.Fatalf("calendar does not start with BEGIN:VCALENDAR and end with END:VCALENDAR, CRLF:\n%q", ics)
	}
	raw := strings.Split(strings.TrimSuffix(ics, "\r\n"), "\r\n")
	var lines []string
	for i, l := range raw {
		if strings.Contains(l, "\n") || strings.Contains(l, "\r") {
			t.Fatalf("line %d has a bare line break: %q", i+1, l)
		}
		if len(l) > 75 {
			t.Errorf("line %d is %d octets, more than 75: %q", i+1, len(l), l)
		}
		if strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t") {
			if len(lines) == 0 {
				t.Fatalf("the calendar starts with a continuation line")
			}
			lines[len(lines)-1] += l[1:]
			continue
		}
		lines = append(lines, l)
	}
	var stack []string
	props := map[string][]string{} // "VEVENT:RRULE" -> values
	events := 0
	for _, l := range lines {
		name, value, ok := strings.Cut(l, ":")
		if !ok {
			t.Fatalf("content line without a colon: %q", l)
		}
		switch name {
		case "BEGIN":
			stack = append(stack, value)
			if value == "VEVENT" {
				events++
			}
			continue
		case "END":
			if len(stack) == 0 || stack[len(stack)-1] != value {
				t.Fatalf("END:%s does not close %v", value, stack)
			}
			stack = stack[:len(stack)-1]
			continue
		}
		if len(stack) == 0 {
			t.Fatalf("property outside any component: %q", l)
		}
		base, params, _ := strings.Cut(name, ";")
		key := stack[len(stack)-1] + ":" + base
		if params != "" {
			value = params + "|" + value
		}
		props[key] = append(props[key], value)
	}
	if len(stack) != 0 {
		t.Fatalf("unclosed components: %v", stack)
	}
	if events != 1 {
		t.Errorf("calendar has %d events, want 1", events)
	}
	one := func(key string) string {
		t.Helper()
		if v := props[key]; len(v) == 1 {
			return v[0]
		}
		t.Errorf("calendar: %s appears %d times, want once", key, len(props[key]))
		return ""
	}
	if v := one("VCALENDAR:VERSION"); v != "2.0" {
		t.Errorf("VERSION: %q", v)
	}
	one("VCALENDAR:PRODID")
	one("VEVENT:UID")
	if v := one("VEVENT:DTSTAMP"); !regexp.MustCompile(`^\d{8}T\d{6}Z$`).MatchString(v) {
		t.Errorf("DTSTAMP: %q", v)
	}
	if v := one("VEVENT:RRULE"); v != "FREQ=MONTHLY;BYDAY=2TU" {
		t.Errorf("RRULE: got %q, want FREQ=MONTHLY;BYDAY=2TU", v)
	}
	if v := one("VEVENT:SUMMARY"); v != "Harbour Lights Grief Circle" {
		t.Errorf("SUMMARY: %q", v)
	}
	if v := one("VEVENT:LOCATION"); v != `Tórshavn\, Streymoy\, FO` {
		t.Errorf("LOCATION: got %q, want the town and no street address", v)
	}
	if v := one("VTIMEZONE:TZID"); v != zone {
		t.Errorf("VTIMEZONE TZID: %q, want %s", v, zone)
	}
	start := one("VEVENT:DTSTART")
	params, local, _ := strings.Cut(start, "|")
	if params != "TZID="+zone {
		t.Errorf("DTSTART: got %q, want it in TZID=%s", start, zone)
	}
	if at, err := time.ParseInLocation("20060102T150405", local, loc); err != nil {
		t.Errorf("DTSTART %q: %v", start, err)
	} else if at.Weekday() != time.Tuesday || at.Day() < 8 || at.Day() > 14 || at.Format("150405") != "190000" {
		t.Errorf("DTSTART %s is not a 2nd Tuesday at 19:00", at.Format(time.RFC1123))
	}
	if n := len(props["VEVENT:DTEND"]) + len(props["VEVENT:DURATION"]); n != 1 {
		t.Errorf("the event has %d of DTEND and DURATION, want one", n)
	}
}

// journeyICalJS reads the calendar with ical.js, an independent reader,
// in the visitor's tab, and checks the first meetings it expands. ical.js
// sits beside axe-core in the test tools' node_modules (or in
// HOLDSPACE_TEST_NODE_MODULES); without it this check is logged and left
// out, as the structural check has run.
func journeyICalJS(t *testing.T, ctx context.Context, ics string, loc *time.Location) {
	t.Helper()
	modules := os.Getenv("HOLDSPACE_TEST_NODE_MODULES")
	if modules == "" {
		modules = filepath.Dir(filepath.Dir(os.Getenv("HOLDSPACE_TEST_AXE")))
	}
	src, err := os.ReadFile(filepath.Join(modules, "ical.js", "dist", "ical.es5.min.cjs"))
	if err != nil {
		t.Logf("ical.js not found, so the calendar was not read by it: %v", err)
		return
	}
	browsertest.Eval[bool](t, ctx, string(src)+"\n;typeof ICAL === 'object'")
	text, _ := json.Marshal(ics)
	got := browsertest.Eval[struct {
		Error string   `json:"error"`
		RRule string   `json:"rrule"`
		Next  []string `json:"next"`
	}](t, ctx, `(() => {
		try {
			const root = new ICAL.Component(ICAL.parse(`+string(text)+`));
			for (const vtz of root.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(vtz);
			const vevent = root.getFirstSubcomponent('vevent');
			const ev = new ICAL.Event(vevent);
			const it = ev.iterator();
			const next = [];
			for (let n = it.next(); n && next.length < 6; n = it.next()) next.push(n.toJSDate().toISOString());
			return {error: '', rrule: vevent.getFirstPropertyValue('rrule').toString(), next};
		} catch (e) {
			return {error: String(e), rrule: '', next: []};
		}
	})()`)
	if got.Error != "" {
		t.Fatalf("ical.js cannot read the calendar: %s", got.Error)
	}
	if got.RRule != "FREQ=MONTHLY;BYDAY=2TU" {
		t.Errorf("ical.js reads the rule as %q", got.RRule)
	}
	if len(got.Next) != 6 {
		t.Fatalf("ical.js expands %d meetings, want 6", len(got.Next))
	}
	for _, s := range got.Next {
		at, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatalf("ical.js meeting %q: %v", s, err)
		}
		at = at.In(loc)
		if at.Weekday() != time.Tuesday || at.Day() < 8 || at.Day() > 14 || at.Format("15:04") != "19:00" {
			t.Errorf("ical.js meeting %s is not a 2nd Tuesday at 19:00, Faroe time", at.Format(time.RFC1123))
		}
	}
}
