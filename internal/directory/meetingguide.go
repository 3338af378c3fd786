package directory

// This file maps between Holdspace groups and Meeting Guide meetings, in
// both directions: FeedMeeting publishes a group in the directory feed and
// ImportMeeting turns a meeting from someone else's feed into a group.
//
// Publishing follows the privacy model: a meeting is built from what
// Public shows a visitor, so a private home's street address, exact
// position and every online room link stay with the group's members, and no
// member data (organizer, facilitators, emails) is ever in it.

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/language"

	"holdspace/internal/holdspace"
	"holdspace/internal/meetingguide"
	"holdspace/internal/schedule"
)

// languageCodes pairs the Meeting Guide language type codes with the
// language tags Holdspace stores. The tags are in the canonical form
// language.Parse gives (Tagalog "tl" is "fil"). ASL is not here: it is a
// sign language and maps to the sign_language accessibility option.
var languageCodes = []struct{ code, tag string }{
	{"EN", "en"}, {"S", "es"}, {"FR", "fr"}, {"DE", "de"}, {"POR", "pt"}, {"ITA", "it"},
	{"JA", "ja"}, {"KOR", "ko"}, {"RUS", "ru"}, {"UK", "uk"}, {"POL", "pl"}, {"AR", "ar"},
	{"HE", "he"}, {"HI", "hi"}, {"FA", "fa"}, {"TL", "fil"}, {"NL", "nl"}, {"SV", "sv"},
	{"AF", "af"}, {"AM", "am"}, {"BG", "bg"}, {"DA", "da"}, {"EL", "el"}, {"FI", "fi"},
	{"HR", "hr"}, {"HU", "hu"}, {"IS", "is"}, {"KA", "ka"}, {"LT", "lt"}, {"ML", "ml"},
	{"MT", "mt"}, {"NE", "ne"}, {"NO", "no"}, {"PUN", "pa"}, {"SK", "sk"}, {"SL", "sl"},
	{"TH", "th"}, {"TUR", "tr"},
}

// languageCodeOf finds the type code for a stored language tag by its base
// language ("pt-BR" is POR). Norwegian Bokmål and Nynorsk are Norwegian.
func languageCodeOf(tag string) (string, bool) {
	t, err := language.Parse(tag)
	if err != nil {
		return "", false
	}
	base, _ := t.Base()
	b := base.String()
	if b == "nb" || b == "nn" {
		b = "no"
	}
	for _, lc := range languageCodes {
		if lc.tag == b {
			return lc.code, true
		}
	}
	return "", false
}

func languageTagOf(code string) (string, bool) {
	for _, lc := range languageCodes {
		if lc.code == code {
			return lc.tag, true
		}
	}
	return "", false
}

// ErrNoUpcomingSessions is returned by FeedMeeting for a group whose
// schedule has ended. Meeting Guide readers list a meeting every week
// forever, so a group that no longer meets is left out of the feed rather
// than listed as if it did.
var ErrNoUpcomingSessions = errors.New("the group has no upcoming sessions")

// MeetsEveryWeek reports whether the group's schedule is a plain weekly one
// that a Meeting Guide day list describes exactly. FeedMeeting needs the
// group's cancelled and moved sessions only for the other schedules, to
// find the next session; a caller can skip loading them for these.
func MeetsEveryWeek(g holdspace.Group) bool {
	sch, err := Schedule(g, nil)
	if err != nil {
		return false
	}
	_, ok := sch.Weekdays()
	return ok
}

// FeedMeeting returns the group as a Meeting Guide meeting, showing only
// what Public shows a visitor. pageURL is the absolute address of the
// group's page; exceptions are its cancelled and moved sessions; now decides
// which session is next.
//
// The choices, each because of what the format can say:
//
//   - Schedule. A weekly rule publishes its weekdays as day. Meeting Guide
//     is for weekly meetings only, so any other rule (monthly, every other
//     week) publishes the weekday and time of the group's next session,
//     with notes saying how often the group really meets and when next:
//     "Meets on the 2nd Tuesday of each month at 10:30, not every week;
//     next on Tuesday 8 December 2026." A group whose schedule has ended
//     returns ErrNoUpcomingSessions.
//   - Online room. The room link is private to members, and readers treat
//     a meeting as online only when it has a conference_url or
//     conference_phone. An online or hybrid group therefore publishes its
//     public group page as conference_url, with conference_url_notes saying
//     that members find the room link there: joining happens on that page.
//     This breaks the spec's advice that the link open the meeting
//     directly, but it is the only way to list the group as online without
//     publishing the room; conference_phone is never published.
//   - Private home. The street address is left out and the coordinates are
//     rounded to about 1 km (Public), approximate is "yes", and notes say
//     that members get the address after joining. Readers such as TSML UI
//     treat an in-person meeting with an approximate address as not
//     walk-in; that is true of a private home.
//   - Types. access open/closed is O/C; wheelchair is X; sign_language is
//     ASL (the only sign-language code the spec has); each language with a
//     code (EN, S, FR...) is listed; the open_discussion format is D
//     (Discussion) and XT (Cross Talk Permitted), as open discussion is the
//     phase where cross-talk is allowed. Nothing else is claimed: Holdspace
//     has no data for W, M, Y, LGBTQ and the like, and no "venue
//     temporarily closed" state for TC yet.
func FeedMeeting(g holdspace.Group, exceptions []holdspace.GroupException, pageURL string, now time.Time) (meetingguide.Meeting, error) {
	sch, err := Schedule(g, Exceptions(exceptions))
	if err != nil {
		return meetingguide.Meeting{}, fmt.Errorf("schedule of group %q: %w", g.Slug, err)
	}
	next, ok := sch.NextOne(now)
	if !ok {
		return meetingguide.Meeting{}, ErrNoUpcomingSessions
	}
	g = Public(g, Viewer{})

	m := meetingguide.Meeting{
		Name:     g.Name,
		Slug:     g.Slug,
		Timezone: g.Timezone,
		URL:      pageURL,
		Updated:  g.UpdatedAt.UTC().Truncate(time.Second),
	}
	var notes []string
	if days, weekly := sch.Weekdays(); weekly {
		for _, d := range days {
			m.Day = append(m.Day, int(d))
		}
		m.Time = sch.Start.String()
		m.EndTime = clockAfter(sch.Start, sch.Duration)
		rule := sch.Rule.String()
		if strings.Contains(rule, "COUNT=") || strings.Contains(rule, "UNTIL=") {
			notes = append(notes, "Meets "+lowerFirst(sch.Describe())+".")
		}
		// Readers list a weekly meeting every week from today. When the
		// first session is more than a week away, the weeks before it would
		// be wrong, so say when it starts.
		if first, ok := sch.FirstDate(); ok {
			if start := schedule.At(first, sch.Start, sch.Location); start.After(now.AddDate(0, 0, 7)) {
				notes = append(notes, "First session on "+longDay(start)+".")
			}
		}
	} else {
		start, end := next.Start.In(sch.Location), next.End.In(sch.Location)
		m.Day = []int{int(start.Weekday())}
		m.Time = start.Format("15:04")
		m.EndTime = end.Format("15:04")
		notes = append(notes, "Meets "+lowerFirst(sch.Describe())+", not every week; next on "+longDay(start)+".")
	}

	v := g.Venue
	switch {
	case v.Type == "online" || g.Attendance == "online":
		m.City, m.State, m.Country = v.City, v.Region, v.Country
		if m.City != "" || m.State != "" || m.Country != "" {
			m.Approximate = boolPtr(true) // where the group is from, not a place to go
		}
	default:
		m.Address, m.City, m.State, m.Country = v.Address, v.City, v.Region, v.Country
		if v.Lat != nil && v.Lng != nil {
			m.Latitude, m.Longitude = round5(*v.Lat), round5(*v.Lng)
		}
		m.Approximate = boolPtr(m.Address == "")
		if v.Type == "private_home" {
			notes = append(notes, "Meets in a private home; members get the address after joining on the group page.")
		}
	}
	if g.Attendance == "online" || g.Attendance == "hybrid" {
		m.ConferenceURL = pageURL
		m.ConferenceURLNotes = "This is the group's page, not the room: members find the link to the online room there after joining."
	}

	m.Types = feedTypes(g)
	if g.Description != "" {
		notes = append(notes, g.Description)
	}
	m.Notes = strings.Join(notes, "\n\n")
	return m, nil
}

// feedTypes lists the type codes that describe g, in a fixed order.
func feedTypes(g holdspace.Group) []string {
	var types []string
	add := func(code string) {
		for _, t := range types {
			if t == code {
				return
			}
		}
		types = append(types, code)
	}
	switch g.Access {
	case "open":
		add(meetingguide.TypeOpen)
	case "closed":
		add(meetingguide.TypeClosed)
	}
	if g.Format == "open_discussion" {
		add(meetingguide.TypeDiscussion)
		add(meetingguide.TypeCrossTalkPermitted)
	}
	for _, a := range g.Accessibility {
		switch a {
		case "wheelchair":
			add(meetingguide.TypeWheelchairAccess)
		case "sign_language":
			add(meetingguide.TypeSignLanguage)
		}
	}
	for _, l := range g.Languages {
		if code, ok := languageCodeOf(l); ok {
			add(code)
		}
	}
	return types
}

func boolPtr(b bool) *bool { return &b }

// round5 keeps five decimal places (about 1 m), all the spec asks for.
func round5(f float64) *float64 {
	r := math.Round(f*1e5) / 1e5
	return &r
}

// clockAfter is the wall-clock time d after c, wrapping past midnight.
func clockAfter(c schedule.Clock, d time.Duration) string {
	m := (c.Hour*60 + c.Minute + int(d/time.Minute)) % (24 * 60)
	return fmt.Sprintf("%02d:%02d", m/60, m%60)
}

func longDay(t time.Time) string { return t.Format("Monday 2 January 2006") }

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// ImportOptions are the choices an import makes for what a Meeting Guide
// feed does not say.
type ImportOptions struct {
	// Category and Format apply to every group; Meeting Guide feeds list
	// recovery meetings, so addiction_recovery and twelve_step are the
	// usual choice.
	Category string
	Format   string
	// Timezone is used for meetings that do not name one; most feeds
	// don't. Empty means such meetings are skipped.
	Timezone string
	// Today is when the import runs: new groups' schedules start on this
	// day, in the meeting's time zone.
	Today time.Time
}

// ImportedMeeting is a meeting of a feed mapped to a group.
type ImportedMeeting struct {
	// Slug is the group's slug: the feed's slug made safe for a web address
	// (Slug), so that importing the feed again finds the same group.
	Slug string
	// Input is the group to give Apply: every field is set.
	Input Input
	// Notes say what was changed or not kept, in plain words.
	Notes []string
	// NotKept names the feed fields that had a value Holdspace has no
	// place for ("contacts", "postal_code", type codes as "type D"), for a
	// summary across the whole import.
	NotKept []string
}

// SkipError says why a meeting cannot become a group.
type SkipError struct {
	// Field is the feed field at fault ("day", "timezone",
	// "conference_url", "address", "slug"...), for a caller that helps
	// with one kind of problem.
	Field string
	// Reason says what is wrong and, where the operator can do something,
	// what to do.
	Reason string
}

func (e *SkipError) Error() string { return e.Reason }

func skip(field, format string, args ...any) error {
	return &SkipError{Field: field, Reason: fmt.Sprintf(format, args...)}
}

// reservedSlugs are group addresses the site's own pages use
// (/groups/new is the form for a new group).
var reservedSlugs = map[string]bool{"new": true}

// ImportSlug turns a feed's slug into a group slug, the same way every
// time, so that a second import of the feed finds the groups of the first.
func ImportSlug(feedSlug string) string {
	s := Slug(feedSlug)
	if reservedSlugs[s] {
		s += "-meeting"
	}
	return s
}

// ImportMeeting maps a meeting of a Meeting Guide feed to a group. It
// returns a *SkipError when the meeting cannot be a Holdspace group: it is
// by appointment, has nowhere to meet (no usable address and no conference
// URL, or its location is temporarily closed), or has no time zone. Apply
// still checks the result.
//
// The mapping: name; notes and location_notes become the description;
// category and format from opts; audience lived_experience; access closed
// for type C, otherwise open; cost donation when the feed gives a way to
// give (7th Tradition handles or type DB), otherwise free; languages from
// the language type codes, English when there are none; wheelchair for X,
// sign_language for ASL, phone_dial_in for a conference phone; attendance
// from the conference URL (online) and the address (in person unless it is
// approximate or temporarily closed, TC); the venue from the address fields
// (split from a one-line address when there is no city field) and
// coordinates, a community center since the feed does not say; online_url
// from conference_url; a weekly schedule on the
// meeting's days at its time, lasting until end_time (an hour when not
// given), starting on the day of the import.
//
// Contacts are never imported: Holdspace keeps no names, emails or phone
// numbers of people in a group's public listing.
func ImportMeeting(m meetingguide.Meeting, opts ImportOptions) (ImportedMeeting, error) {
	im := ImportedMeeting{Slug: ImportSlug(m.Slug)}
	note := func(format string, args ...any) { im.Notes = append(im.Notes, fmt.Sprintf(format, args...)) }
	if im.Slug != m.Slug {
		note("slug %q becomes %q in Holdspace's web addresses", m.Slug, im.Slug)
	}

	if m.ByAppointment() {
		return im, skip("day", "it is by appointment (no day and time); a Holdspace group meets on a schedule")
	}
	tz := m.Timezone
	if tz == "" {
		tz = opts.Timezone
	}
	if tz == "" {
		return im, skip("timezone", "it names no time zone; give the feed's zone with --timezone, for example --timezone America/Chicago")
	}
	loc, err := schedule.LoadLocation(tz)
	if err != nil {
		return im, skip("timezone", "time zone %q is unknown; give the feed's zone with --timezone, for example --timezone America/Chicago", tz)
	}

	street, city, region, country := importAddress(m)
	if country != "" {
		code, ok := countryCode(country)
		if !ok {
			note("country %q is not one Holdspace recognises (use a two-letter code like US); left out", country)
		}
		country = code
	}

	// Whether people can come in person: the spec's rule (not temporarily
	// closed, not an approximate address), except that an address without
	// a country ("100 Main St, Tupelo, MS") counts as precise when it has a
	// street, as a person reading it would take it.
	approximate := street == "" || placeholderStreets[strings.ToLower(street)]
	switch {
	case m.Approximate != nil:
		approximate = *m.Approximate
	case m.Latitude != nil && m.Longitude != nil:
		approximate = false
	}
	inPerson := !approximate && !m.HasType(meetingguide.TypeTemporarilyClosed)
	attendance := ""
	switch {
	case m.ConferenceURL != "" && inPerson:
		attendance = "hybrid"
	case m.ConferenceURL != "":
		attendance = "online"
	case inPerson:
		attendance = "in_person"
		if m.ConferencePhone != "" {
			note("it has a conference phone but no conference URL; imported as in person with phone dial-in")
		}
	case m.ConferencePhone != "":
		return im, skip("conference_url", "it is online by phone only; a Holdspace online group needs the room's web address (conference_url)")
	case m.HasType(meetingguide.TypeTemporarilyClosed):
		return im, skip("types", "its location is temporarily closed (TC) and it has no conference URL; Holdspace cannot mark a venue temporarily closed yet")
	case m.HasType(meetingguide.TypeOnline):
		return im, skip("conference_url", "it is marked online (ONL) but has no conference URL, so there is no room to join")
	case street == "" && city == "" && m.FormattedAddress == "":
		return im, skip("address", "it has no address and no conference URL, so there is nowhere to meet")
	default:
		return im, skip("address", "it has only an approximate address and no conference URL, so there is nowhere to meet")
	}

	in := Input{
		Name:      strp(m.Name),
		Category:  strp(opts.Category),
		Audience:  strp("lived_experience"),
		Format:    strp(opts.Format),
		Timezone:  strp(tz),
		OnlineURL: strp(""),
	}
	in.Attendance = strp(attendance)
	if n := utf8.RuneCountInString(m.Name); n > NameMax {
		in.Name = strp(clipRunes(m.Name, NameMax))
		note("name is %d characters; cut to %d", n, NameMax)
	}

	var desc []string
	for _, s := range []string{m.Notes, m.LocationNotes} {
		if s = strings.TrimSpace(s); s != "" {
			desc = append(desc, s)
		}
	}
	description := strings.Join(desc, "\n\n")
	if n := utf8.RuneCountInString(description); n > DescriptionMax {
		description = clipRunes(description, DescriptionMax)
		note("notes are %d characters; cut to %d", n, DescriptionMax)
	}
	in.Description = strp(description)

	access := "open"
	switch {
	case m.HasType(meetingguide.TypeClosed) && m.HasType(meetingguide.TypeOpen):
		note("it is typed both open (O) and closed (C); imported as open")
	case m.HasType(meetingguide.TypeClosed):
		access = "closed"
	}
	in.Access = strp(access)

	cost := "free"
	if m.Venmo != "" || m.Square != "" || m.PayPal != "" || m.HomegroupOnline != "" || m.HasType(meetingguide.TypeDigitalBasket) {
		cost = "donation"
	}
	in.Cost = strp(cost)

	var langs, accessibility []string
	for _, t := range m.Types {
		switch t {
		case meetingguide.TypeOpen, meetingguide.TypeClosed, meetingguide.TypeDigitalBasket,
			meetingguide.TypeOnline, meetingguide.TypeTemporarilyClosed:
			// Read above, for access, cost and attendance.
		case meetingguide.TypeWheelchairAccess:
			accessibility = append(accessibility, "wheelchair")
		case meetingguide.TypeSignLanguage:
			accessibility = append(accessibility, "sign_language")
		default:
			if tag, ok := languageTagOf(t); ok {
				langs = append(langs, tag)
			} else {
				im.NotKept = append(im.NotKept, "type "+t)
			}
		}
	}
	if m.ConferencePhone != "" {
		accessibility = append(accessibility, "phone_dial_in")
		im.NotKept = append(im.NotKept, "conference_phone")
	}
	if len(langs) == 0 {
		langs = []string{"en"}
	}
	if len(langs) > LanguagesMax {
		langs = langs[:LanguagesMax]
		note("it lists more than %d languages; the first %d are kept", LanguagesMax, LanguagesMax)
	}
	if accessibility == nil {
		accessibility = []string{}
	}
	in.Languages, in.Accessibility = &langs, &accessibility

	venue := VenueInput{Type: "community_center"}
	if m.Location != "" && street != "" && !startsWithDigit(m.Location) && !strings.Contains(strings.ToLower(street), strings.ToLower(m.Location)) {
		// The building's name helps people find the room; Holdspace keeps
		// it with the address, as organizers write "St Mark's Hall, 400 W
		// 9th Street".
		street = m.Location + ", " + street
	}
	venue.Address, venue.City, venue.Region, venue.Country = street, city, region, country
	if attendance == "online" {
		venue = VenueInput{Type: "online", City: city, Region: region, Country: country}
	} else {
		venue.Lat, venue.Lng = m.Latitude, m.Longitude
		if city == "" {
			return im, skip("city", "its address has no town or city (Holdspace needs one for an in-person group); add a city field to the feed")
		}
	}
	in.Venue = &venue
	if m.ConferenceURL != "" {
		in.OnlineURL = strp(m.ConferenceURL)
	}

	var byday []string
	for _, d := range m.Day {
		byday = append(byday, [...]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}[d])
	}
	minutes := 60
	if m.EndTime != "" {
		start, _ := schedule.ParseClock(m.Time)
		end, _ := schedule.ParseClock(m.EndTime)
		minutes = (end.Hour*60 + end.Minute) - (start.Hour*60 + start.Minute)
		if minutes <= 0 {
			minutes += 24 * 60 // ends after midnight
		}
	}
	in.Schedule = &ScheduleInput{
		RRule:           "FREQ=WEEKLY;BYDAY=" + strings.Join(byday, ","),
		StartTime:       m.Time,
		DurationMinutes: minutes,
		StartsOn:        opts.Today.In(loc).Format("2006-01-02"),
	}
	im.Input = in
	im.NotKept = append(im.NotKept, notKept(m)...)
	return im, nil
}

// notKept names the fields of m that carry a value Holdspace has no place
// for. Types are reported by ImportMeeting as it reads them.
func notKept(m meetingguide.Meeting) []string {
	var out []string
	for _, f := range []struct {
		key string
		set bool
	}{
		{"contacts (never imported: no names, emails or phone numbers of people)", len(m.Contacts) > 0},
		{"postal_code", m.PostalCode != ""},
		{"region", m.Region != "" || m.SubRegion != "" || len(m.Regions) > 0},
		{"district", m.District != "" || m.SubDistrict != ""},
		{"conference_url_notes", m.ConferenceURLNotes != ""},
		{"conference_phone_notes", m.ConferencePhoneNotes != ""},
		{"group", m.Group != "" || m.GroupNotes != ""},
		{"website", m.Website != "" || m.Website2 != ""},
		{"email and phone", m.Email != "" || m.Phone != ""},
		{"mailing_address", m.MailingAddress != ""},
		{"7th Tradition handles (the group is marked donation)", m.Venmo != "" || m.Square != "" || m.PayPal != "" || m.HomegroupOnline != ""},
		{"url", m.URL != "" || m.EditURL != ""},
		{"feedback", len(m.FeedbackEmails) > 0 || m.FeedbackURL != ""},
		{"entity", m.Entity != ""},
	} {
		if f.set {
			out = append(out, f.key)
		}
	}
	return out
}

// SameGroup reports whether a and b hold the same stored attributes, so an
// import can tell "unchanged" from "updated". IDs, the creator and the
// timestamps are not compared.
func SameGroup(a, b holdspace.Group) bool {
	eqList := func(x, y []string) bool {
		if len(x) != len(y) {
			return false
		}
		for i := range x {
			if x[i] != y[i] {
				return false
			}
		}
		return true
	}
	eqFloat := func(x, y *float64) bool {
		return (x == nil) == (y == nil) && (x == nil || *x == *y)
	}
	va, vb := a.Venue, b.Venue
	return a.Slug == b.Slug && a.Name == b.Name && a.Description == b.Description && a.Category == b.Category &&
		a.Audience == b.Audience && a.Format == b.Format && a.Attendance == b.Attendance && a.Access == b.Access &&
		a.Cost == b.Cost && eqList(a.Languages, b.Languages) && eqList(a.Accessibility, b.Accessibility) &&
		va.Type == vb.Type && va.Address == vb.Address && va.City == vb.City && va.Region == vb.Region &&
		va.Country == vb.Country && eqFloat(va.Lat, vb.Lat) && eqFloat(va.Lng, vb.Lng) &&
		a.OnlineURL == b.OnlineURL && a.Timezone == b.Timezone && a.Schedule == b.Schedule && a.DaysMask == b.DaysMask
}

func strp(s string) *string { return &s }

func clipRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// placeholderStreets are words feeds put in the address of an online
// meeting.
var placeholderStreets = map[string]bool{"online": true, "virtual": true, "zoom": true, "internet": true, "web": true}

// importAddress finds the street, town, state and country of a meeting:
// from the separate fields when the feed gives a city, otherwise split
// from the one-line address.
func importAddress(m meetingguide.Meeting) (street, city, region, country string) {
	street, city, region, country = m.Address, m.City, m.State, m.Country
	line := m.FormattedAddress
	if line == "" && city == "" {
		line = m.Address
	}
	if line == "" {
		return street, city, region, country
	}
	s, c, r, k := splitAddress(line)
	if city == "" {
		street, city = s, c
	} else if street == "" && strings.EqualFold(c, city) {
		street = s
	}
	if region == "" {
		region = r
	}
	if country == "" {
		country = k
	}
	return street, city, region, country
}

func startsWithDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

// splitAddress reads a one-line address as geocoders write it, "5881 Old
// Bascomb Rd, Acworth, GA 30102, USA" or "100 Main St, Tupelo, MS": a
// country name last (a known name only: a two-letter code there is more
// likely a state), then a state or province code with an optional postal
// code, then the town, and the street before it. What it cannot place is
// left in the street.
func splitAddress(line string) (street, city, region, country string) {
	var parts []string
	for _, p := range strings.Split(line, ",") {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	if len(parts) < 2 {
		return line, "", "", ""
	}
	if _, ok := countryNames[strings.ToLower(parts[len(parts)-1])]; ok {
		country = parts[len(parts)-1]
		parts = parts[:len(parts)-1]
	}
	if len(parts) >= 2 {
		if code, ok := regionCode(parts[len(parts)-1]); ok {
			region = code
			parts = parts[:len(parts)-1]
		}
	}
	if len(parts) >= 2 {
		city = parts[len(parts)-1]
		parts = parts[:len(parts)-1]
	} else if len(parts) == 1 && (region != "" || country != "") {
		// "Anytown, OK 12345, USA": only a town is left.
		return "", parts[0], region, country
	}
	return strings.Join(parts, ", "), city, region, country
}

// regionCode reads "GA", "GA 30102", "ON K0K 1T0" or "NSW 2000": two or
// three capital letters, then perhaps a postal code.
func regionCode(s string) (string, bool) {
	code, rest, _ := strings.Cut(s, " ")
	if len(code) < 2 || len(code) > 3 || strings.Trim(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		return "", false
	}
	for _, r := range rest {
		if !(r == ' ' || r == '-' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z') {
			return "", false
		}
	}
	return code, true
}

// countryNames are the country names geocoders put at the end of
// addresses, with their ISO 3166 codes.
var countryNames = map[string]string{
	"usa": "US", "u.s.a.": "US", "united states": "US", "united states of america": "US",
	"canada": "CA", "mexico": "MX", "méxico": "MX",
	"uk": "GB", "united kingdom": "GB", "great britain": "GB", "england": "GB", "scotland": "GB", "wales": "GB", "northern ireland": "GB",
	"ireland": "IE", "australia": "AU", "new zealand": "NZ", "south africa": "ZA", "india": "IN", "philippines": "PH",
	"germany": "DE", "deutschland": "DE", "france": "FR", "spain": "ES", "españa": "ES", "portugal": "PT",
	"italy": "IT", "italia": "IT", "netherlands": "NL", "nederland": "NL", "belgium": "BE", "sweden": "SE",
	"sverige": "SE", "japan": "JP", "brazil": "BR", "brasil": "BR",
}

// countryCode reads a country as a two-letter code or a known name.
func countryCode(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if up := strings.ToUpper(s); len(up) == 2 && strings.Trim(up, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == "" {
		return up, true
	}
	code, ok := countryNames[strings.ToLower(s)]
	return code, ok
}
