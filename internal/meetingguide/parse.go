package meetingguide

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Feed is what Parse and ParseCSV read: the meetings they could use and,
// for each meeting, what they could not.
type Feed struct {
	// Meetings are in the order of the input.
	Meetings []Meeting
	// Problems are in input order; a meeting can have several.
	Problems []Problem
	// UnusedKeys are the keys (JSON) or column headings (CSV) present in the
	// input that this package does not read, sorted: "id", "author"... They
	// are not problems; they tell an operator what an import leaves behind.
	UnusedKeys []string
}

// Problem is one thing a reader could not use in one meeting.
type Problem struct {
	// Index is the meeting's 0-based position in the input: the element of
	// the JSON array, or the data row of the CSV file (the row after the
	// headings is 0). For Validate it is 0; Write sets it to the position in
	// the slice it was given.
	Index int
	// Line is the line of the input where the meeting starts, 0 if unknown.
	Line int
	// Slug and Name identify the meeting as far as the input did.
	Slug string
	Name string
	// Field is the JSON key the problem is about ("day", "latitude"), or ""
	// when it is about the meeting as a whole.
	Field string
	// Message says in plain words what was wrong and what was done about
	// it: `day "Tusday" is not a day of the week; meeting left out`.
	Message string
	// Skipped is true when the meeting was left out of Feed.Meetings.
	Skipped bool
}

// String formats the problem as a person would read it in a report:
//
//	line 40: meeting 3 "Tuesday Night Hope": day "Tusday" is not a day of the week; meeting left out
//
// The meeting number counts from 1.
func (p Problem) String() string {
	var b strings.Builder
	if p.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", p.Line)
	}
	fmt.Fprintf(&b, "meeting %d", p.Index+1)
	switch {
	case p.Name != "":
		fmt.Fprintf(&b, " %q", p.Name)
	case p.Slug != "":
		fmt.Fprintf(&b, " (slug %q)", p.Slug)
	}
	b.WriteString(": ")
	b.WriteString(p.Message)
	return b.String()
}

// SyntaxError says where a feed stops being valid JSON (or CSV).
type SyntaxError struct {
	Format string // "JSON" or "CSV"
	Line   int    // 1-based
	Column int    // 1-based, in characters, not bytes
	Offset int64  // bytes before the error (JSON only)
	Msg    string // what the underlying reader said
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("feed is not valid %s: line %d, column %d: %s", e.Format, e.Line, e.Column, e.Msg)
}

// ErrNotAFeed is wrapped by the error Parse returns for valid JSON that is
// not an array of meetings.
var ErrNotAFeed = errors.New("not a Meeting Guide feed")

// lineCol turns a byte offset into a 1-based line and a 1-based column
// counted in characters, as an editor shows them.
func lineCol(data []byte, offset int) (line, col int) {
	if offset > len(data) {
		offset = len(data)
	}
	if offset < 0 {
		offset = 0
	}
	before := data[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	start := bytes.LastIndexByte(before, '\n') + 1
	col = utf8.RuneCount(before[start:]) + 1
	return line, col
}

// lineCounter finds the line of increasing offsets without rescanning the
// input each time (a feed can hold many thousands of meetings).
type lineCounter struct {
	data   []byte
	offset int
	line   int
}

func (c *lineCounter) lineAt(offset int) int {
	if c.line == 0 {
		c.line = 1
	}
	if offset > len(c.data) {
		offset = len(c.data)
	}
	if offset > c.offset {
		c.line += bytes.Count(c.data[c.offset:offset], []byte("\n"))
		c.offset = offset
	}
	return c.line
}

var utf8BOM = []byte("\xEF\xBB\xBF")

// Parse reads a Meeting Guide JSON feed: a bare JSON array of meetings, as
// the spec and the plugin write it. Neither wraps the array in an object, so
// an object (or any other JSON value) is refused with an error wrapping
// ErrNotAFeed rather than guessed at. A UTF-8 byte order mark is skipped.
//
// Malformed JSON returns a *SyntaxError with the line and column. Otherwise
// the error is nil and every meeting is either in Feed.Meetings or named in
// Feed.Problems with Skipped set: a meeting without a name or slug, with a
// slug used before, or with a day or time that cannot be read is left out;
// an optional field that cannot be used is left out of its meeting.
//
// Parse reads all of r; limit it (io.LimitReader) when r is untrusted.
func Parse(r io.Reader) (Feed, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return Feed{}, fmt.Errorf("read feed: %w", err)
	}
	bom := 0
	if bytes.HasPrefix(data, utf8BOM) {
		bom = len(utf8BOM) // PHP and Windows tools sometimes add one
	}
	body := data[bom:]
	if len(bytes.TrimSpace(body)) == 0 {
		return Feed{}, &SyntaxError{Format: "JSON", Line: 1, Column: 1, Msg: "the feed is empty"}
	}
	var whole json.RawMessage
	if err := json.Unmarshal(body, &whole); err != nil {
		return Feed{}, jsonSyntaxError(data, bom, err)
	}
	first := bytes.TrimLeft(body, " \t\r\n")[0]
	if first != '[' {
		line, col := lineCol(data, len(data)-len(bytes.TrimLeft(body, " \t\r\n")))
		return Feed{}, fmt.Errorf("%w: a feed is a JSON array of meetings, but line %d, column %d starts %s",
			ErrNotAFeed, line, col, jsonKindAt(first))
	}

	p := newParser(false)
	lines := lineCounter{data: data}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if _, err := dec.Token(); err != nil { // the '['
		return Feed{}, jsonSyntaxError(data, bom, err)
	}
	for index := 0; dec.More(); index++ {
		// Find where this element starts, for Problem.Line.
		start := int(dec.InputOffset())
		for start < len(body) && strings.IndexByte(" \t\r\n,", body[start]) >= 0 {
			start++
		}
		line := lines.lineAt(bom + start)
		var v any
		if err := dec.Decode(&v); err != nil {
			return Feed{}, jsonSyntaxError(data, bom, err)
		}
		obj, ok := v.(map[string]any)
		if !ok {
			p.feed.Problems = append(p.feed.Problems, Problem{
				Index: index, Line: line,
				Message: fmt.Sprintf("is %s, not a meeting (a JSON object); meeting left out", kindOfJSON(v)),
				Skipped: true,
			})
			continue
		}
		p.add(index, line, obj)
	}
	return p.finish(), nil
}

// jsonSyntaxError converts encoding/json's errors, whose offsets count bytes
// from the start of the input, into a *SyntaxError with a line and column.
func jsonSyntaxError(data []byte, bom int, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var offset int64
	msg := err.Error()
	switch {
	case errors.As(err, &syn):
		offset = syn.Offset
		// Offset counts the byte that was wrong; point at it, except at the
		// end of input, where there is no byte to point at.
		if msg != "unexpected end of JSON input" && offset > 0 {
			offset--
		}
	case errors.As(err, &typ):
		offset = typ.Offset
	case errors.Is(err, io.ErrUnexpectedEOF):
		offset = int64(len(data) - bom)
		msg = "unexpected end of JSON input"
	default:
		return fmt.Errorf("read feed: %w", err)
	}
	line, col := lineCol(data, bom+int(offset))
	return &SyntaxError{Format: "JSON", Line: line, Column: col, Offset: int64(bom) + offset, Msg: msg}
}

func jsonKindAt(b byte) string {
	switch b {
	case '{':
		return "an object"
	case '"':
		return "a string"
	case 't', 'f':
		return "true or false"
	case 'n':
		return "null"
	}
	return "a number"
}

func kindOfJSON(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "true or false"
	case []any:
		return "a list"
	}
	return "an object"
}

// parser collects meetings and problems across a feed.
type parser struct {
	csv    bool
	feed   Feed
	slugs  map[string]int // slug -> index of the meeting that has it
	unused map[string]bool
}

func newParser(csv bool) *parser {
	return &parser{csv: csv, slugs: map[string]int{}, unused: map[string]bool{}}
}

func (p *parser) finish() Feed {
	for k := range p.unused {
		p.feed.UnusedKeys = append(p.feed.UnusedKeys, k)
	}
	sort.Strings(p.feed.UnusedKeys)
	return p.feed
}

// add reads one meeting and records it or why it was left out.
// extra are problems the caller found before reading the fields.
func (p *parser) add(index, line int, obj map[string]any, extra ...fieldProblem) {
	for k := range obj {
		if !knownKeys[k] {
			p.unused[k] = true
		}
	}
	b := &builder{obj: obj, csv: p.csv, problems: extra}
	m := b.build()
	skip := b.skip
	if !skip && m.Slug != "" {
		if first, dup := p.slugs[m.Slug]; dup {
			b.problem("slug", fmt.Sprintf("slug %q is already used by meeting %d; meeting left out", m.Slug, first+1))
			skip = true
		}
	}
	if !skip {
		// Whatever Parse keeps, Write must accept. The field checks above
		// should already guarantee it; this is the backstop.
		for _, vp := range Validate(m) {
			b.problem(vp.Field, vp.Message+"; meeting left out")
			skip = true
		}
	}
	for _, fp := range b.problems {
		p.feed.Problems = append(p.feed.Problems, Problem{
			Index: index, Line: line, Slug: m.Slug, Name: m.Name,
			Field: fp.field, Message: fp.msg, Skipped: skip,
		})
	}
	if skip {
		return
	}
	p.slugs[m.Slug] = index
	p.feed.Meetings = append(p.feed.Meetings, m)
}

// knownKeys are the JSON keys this package reads.
var knownKeys = map[string]bool{}

func init() {
	for _, k := range []string{
		"name", "slug", "day", "time", "end_time", "timezone", "types",
		"notes", "location", "location_notes", "formatted_address", "address",
		"city", "state", "postal_code", "country", "latitude", "longitude",
		"approximate", "region", "sub_region", "regions", "district",
		"sub_district", "conference_url", "conference_url_notes",
		"conference_phone", "conference_phone_notes", "group", "group_notes",
		"website", "website_2", "email", "phone", "mailing_address", "venmo",
		"square", "paypal", "homegroup_online", "url", "edit_url",
		"feedback_emails", "feedback_url", "entity", "entity_email",
		"entity_location", "entity_logo", "entity_phone", "entity_url",
		"entity_website_url", "updated", "attendance_option",
	} {
		knownKeys[k] = true
	}
	for i := 1; i <= maxContacts; i++ {
		for _, f := range []string{"name", "email", "phone"} {
			knownKeys[contactKey(i, f)] = true
		}
	}
}

const maxContacts = 3

func contactKey(i int, field string) string {
	return "contact_" + strconv.Itoa(i) + "_" + field
}

type fieldProblem struct {
	field, msg string
}

// builder reads one meeting object.
type builder struct {
	obj      map[string]any
	csv      bool
	problems []fieldProblem
	skip     bool
}

func (b *builder) problem(field, msg string) {
	b.problems = append(b.problems, fieldProblem{field, msg})
}

// leaveOut reports a field that could not be used; the meeting stays.
func (b *builder) leaveOut(field, format string, args ...any) {
	b.problem(field, fmt.Sprintf(format, args...)+"; left out")
}

// dropped reports a value that could not be used, along with what was left
// out because of it (the coordinates, the entity fields).
func (b *builder) dropped(field, what, format string, args ...any) {
	b.problem(field, fmt.Sprintf(format, args...)+"; "+what+" left out")
}

// reject reports a field that makes the meeting unusable.
func (b *builder) reject(field, format string, args ...any) {
	b.problem(field, fmt.Sprintf(format, args...)+"; meeting left out")
	b.skip = true
}

// text reads a plain-text field. Numbers are read as their digits (postal
// codes, phone numbers); null and false mean "not given", since PHP writes
// false for a missing value.
func (b *builder) text(key string) string {
	v, ok := b.obj[key]
	if !ok {
		return ""
	}
	switch v := v.(type) {
	case nil:
		return ""
	case bool:
		if !v {
			return ""
		}
	case string, json.Number:
		s, _ := scalarText(v)
		return s
	}
	b.leaveOut(key, "%s is %s, not text", key, kind(v))
	return ""
}

// link reads a URL field.
func (b *builder) link(key string, allowMailto bool) string {
	s := b.text(key)
	if s == "" {
		return ""
	}
	u, ok := cleanURL(s, allowMailto)
	if !ok {
		want := "a web address (http or https)"
		if allowMailto {
			want = "a web or mailto: address"
		}
		b.leaveOut(key, "%s %s is not %s", key, describe(s), want)
	}
	return u
}

// list reads a field that is a list of strings, or one string holding
// several separated by any of seps. splitItems splits the items of a list
// too, for fields whose values can never hold a separator (type codes, email
// addresses).
func (b *builder) list(key, seps string, splitItems bool) []string {
	v, ok := b.obj[key]
	if !ok {
		return nil
	}
	var out []string
	switch v := v.(type) {
	case nil:
	case bool:
		if v {
			b.leaveOut(key, "%s is true, not a list", key)
		}
	case string:
		out = splitList(v, seps)
	case json.Number:
		out = []string{v.String()}
	case []any, map[string]any:
		for _, item := range listItems(v) {
			s, ok := scalarText(item)
			if !ok {
				if item != nil {
					b.leaveOut(key, "an item of %s is %s, not text", key, kind(item))
				}
				continue
			}
			if splitItems {
				out = append(out, splitList(s, seps)...)
			} else if s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

func (b *builder) build() Meeting {
	var m Meeting
	b.name(&m)
	b.slug(&m)
	b.schedule(&m)

	m.Timezone = b.text("timezone")
	if m.Timezone != "" && !validTimezone(m.Timezone) {
		b.leaveOut("timezone", "timezone %s is not a time zone name like \"America/New_York\"", describe(m.Timezone))
		m.Timezone = ""
	}

	b.types(&m)

	m.Notes = b.text("notes")
	m.Location = b.text("location")
	m.LocationNotes = b.text("location_notes")
	m.FormattedAddress = b.text("formatted_address")
	m.Address = b.text("address")
	m.City = b.text("city")
	m.State = b.text("state")
	m.PostalCode = b.text("postal_code")
	m.Country = b.text("country")
	b.coordinates(&m)
	if v, ok := b.obj["approximate"]; ok && v != nil && v != "" {
		if a, ok := parseYesNo(v); ok {
			m.Approximate = &a
		} else {
			b.leaveOut("approximate", "approximate %s is not \"yes\" or \"no\"", describe(v))
		}
	}

	m.Region = b.text("region")
	m.SubRegion = b.text("sub_region")
	// Google Sheets separate regions with ">" ("Illinois > Chicago").
	m.Regions = b.list("regions", ">", false)
	m.District = b.text("district")
	m.SubDistrict = b.text("sub_district")

	m.ConferenceURL = b.link("conference_url", false)
	m.ConferenceURLNotes = b.text("conference_url_notes")
	if m.ConferenceURLNotes != "" && m.ConferenceURL == "" {
		b.leaveOut("conference_url_notes", "conference_url_notes without a conference_url")
		m.ConferenceURLNotes = ""
	}
	m.ConferencePhone = b.text("conference_phone")
	m.ConferencePhoneNotes = b.text("conference_phone_notes")
	if m.ConferencePhoneNotes != "" && m.ConferencePhone == "" {
		b.leaveOut("conference_phone_notes", "conference_phone_notes without a conference_phone")
		m.ConferencePhoneNotes = ""
	}

	m.Group = b.text("group")
	m.GroupNotes = b.text("group_notes")
	m.Website = b.link("website", false)
	m.Website2 = b.link("website_2", false)
	m.Email = b.text("email")
	m.Phone = b.text("phone")
	m.MailingAddress = b.text("mailing_address")
	m.Venmo = b.text("venmo")
	m.Square = b.text("square")
	m.PayPal = b.text("paypal")
	m.HomegroupOnline = b.text("homegroup_online")

	for i := 1; i <= maxContacts; i++ {
		c := Contact{
			Name:  b.text(contactKey(i, "name")),
			Email: b.text(contactKey(i, "email")),
			Phone: b.text(contactKey(i, "phone")),
		}
		if c != (Contact{}) {
			m.Contacts = append(m.Contacts, c)
		}
	}

	m.URL = b.link("url", false)
	m.EditURL = b.link("edit_url", false)
	// The plugin writes feedback_emails as a list or as one comma-separated
	// string; both occur in the same feed.
	m.FeedbackEmails = b.list("feedback_emails", ",;", true)
	m.FeedbackURL = b.link("feedback_url", true)

	b.entity(&m)

	if s := b.text("updated"); s != "" {
		if t, ok := parseUpdated(s); ok {
			m.Updated = t
		} else {
			b.leaveOut("updated", "updated %s is not a date and time like \"2024-03-08 01:55:57\"", describe(s))
		}
	}
	if s := b.text("attendance_option"); s != "" {
		if a, ok := parseAttendance(s); ok {
			m.AttendanceOption = a
		} else {
			b.leaveOut("attendance_option", "attendance_option %s is not in_person, online, hybrid or inactive", describe(s))
		}
	}
	return m
}

func (b *builder) name(m *Meeting) {
	v, ok := b.obj["name"]
	if s, isText := scalarText(v); isText {
		m.Name = s
	} else if ok && v != nil {
		b.reject("name", "name is %s, not text", kind(v))
		return
	}
	switch {
	case m.Name == "":
		b.reject("name", "has no name")
	case utf8.RuneCountInString(m.Name) > maxNameLength:
		b.reject("name", "name is longer than %d characters", maxNameLength)
	}
}

const maxNameLength = 255

func (b *builder) slug(m *Meeting) {
	v, ok := b.obj["slug"]
	switch v := v.(type) {
	case string:
		m.Slug = strings.TrimSpace(v)
	case json.Number:
		m.Slug = v.String() // integer IDs are fine, says the spec
	case nil:
	default:
		b.reject("slug", "slug is %s, not text or a number", kind(v))
		return
	}
	if m.Slug == "" {
		if ok && v != nil && v != "" {
			b.reject("slug", "slug is blank")
		} else {
			b.reject("slug", "has no slug")
		}
	}
}

// schedule reads day, time and end_time. A meeting with neither day nor time
// is by appointment. A meeting that gives one of them needs both to be
// readable; listing it "by appointment" instead would send people to the
// wrong place, so it is left out.
func (b *builder) schedule(m *Meeting) {
	days, bad, dayGiven := parseDays(b.obj["day"])
	for _, d := range bad {
		if len(days) > 0 {
			b.leaveOut("day", "day %s is not a day of the week (0 = Sunday to 6 = Saturday)", d)
		} else {
			b.reject("day", "day %s is not a day of the week (0 = Sunday to 6 = Saturday)", d)
		}
	}

	timeGiven := false
	start := ""
	if v, ok := b.obj["time"]; ok && v != nil {
		s, isText := scalarText(v)
		switch {
		case !isText:
			if v != false {
				timeGiven = true
				b.reject("time", "time is %s, not a time of day", kind(v))
			}
		case s != "":
			timeGiven = true
			if t, ok := parseClock(s, false); ok {
				start = t
			} else {
				b.reject("time", "time %s is not a time of day like \"19:00\" or \"7:00 PM\"", describe(s))
			}
		}
	}

	end := ""
	if s := b.text("end_time"); s != "" {
		if t, ok := parseClock(s, true); ok {
			end = t
		} else {
			b.leaveOut("end_time", "end_time %s is not a time of day like \"20:00\" or \"8:00 PM\"", describe(s))
		}
	}

	switch {
	case dayGiven && !timeGiven:
		if len(days) > 0 {
			b.reject("time", "has a day but no time; a weekly meeting needs both")
		}
	case timeGiven && !dayGiven:
		b.reject("day", "has a time but no day; a weekly meeting needs both")
	}
	if !dayGiven && !timeGiven && end != "" {
		b.leaveOut("end_time", "end_time without a day and time (the meeting is by appointment)")
		end = ""
	}
	m.Day, m.Time, m.EndTime = days, start, end
}

// types reads the type codes. Codes are matched in any letter case; names
// ("Open", "Wheelchair Access", in any language of types.json) become codes.
// In JSON, codes outside the official list are kept, as the spec allows
// custom types, and reported so an operator can see them. In CSV the column
// holds names, so a name that matches nothing is left out.
func (b *builder) types(m *Meeting) {
	seen := map[string]bool{}
	for _, t := range b.list("types", ",", true) {
		code, ok := LookupType(t)
		switch {
		case ok:
		case b.csv:
			b.leaveOut("types", "type %s is not a Meeting Guide type name or code", describe(t))
			continue
		default:
			code = t
			b.problem("types", fmt.Sprintf("type %s is not in the Meeting Guide type list; kept as given", describe(t)))
		}
		if !seen[code] {
			seen[code] = true
			m.Types = append(m.Types, code)
		}
	}
}

func (b *builder) coordinates(m *Meeting) {
	latV, latOK := b.obj["latitude"]
	lonV, lonOK := b.obj["longitude"]
	given := func(v any, ok bool) bool { return ok && v != nil && v != "" && v != false }
	latGiven, lonGiven := given(latV, latOK), given(lonV, lonOK)
	if !latGiven && !lonGiven {
		return
	}
	if latGiven != lonGiven {
		missing, given := "longitude", "latitude"
		if !latGiven {
			missing, given = given, missing
		}
		b.dropped(missing, "coordinates", "%s is missing while %s is given", missing, given)
		return
	}
	lat, ok1 := parseCoordinate(latV)
	lon, ok2 := parseCoordinate(lonV)
	switch {
	case !ok1:
		b.dropped("latitude", "coordinates", "latitude %s is not a number", describe(latV))
	case !ok2:
		b.dropped("longitude", "coordinates", "longitude %s is not a number", describe(lonV))
	case !validLatitude(lat):
		b.dropped("latitude", "coordinates", "latitude %s is not between -90 and 90", describe(latV))
	case !validLongitude(lon):
		b.dropped("longitude", "coordinates", "longitude %s is not between -180 and 180", describe(lonV))
	default:
		m.Latitude, m.Longitude = &lat, &lon
	}
}

// entity reads the service entity fields. The spec names the website
// entity_website_url but its own example, and the plugin, write entity_url;
// both are read.
func (b *builder) entity(m *Meeting) {
	m.Entity = b.text("entity")
	m.EntityEmail = b.text("entity_email")
	m.EntityLocation = b.text("entity_location")
	m.EntityLogo = b.link("entity_logo", false)
	m.EntityPhone = b.text("entity_phone")
	website := b.link("entity_website_url", false)
	legacy := b.link("entity_url", false)
	switch {
	case website == "":
		website = legacy
	case legacy != "" && legacy != website:
		b.dropped("entity_url", "entity_url", "entity_url %s differs from entity_website_url %s", describe(legacy), describe(website))
	}
	m.EntityWebsiteURL = website
	if m.Entity == "" && (m.EntityEmail != "" || m.EntityLocation != "" || m.EntityLogo != "" || m.EntityPhone != "" || m.EntityWebsiteURL != "") {
		b.dropped("entity", "the other entity fields", "entity fields are given without entity (the service entity's name)")
		m.EntityEmail, m.EntityLocation, m.EntityLogo, m.EntityPhone, m.EntityWebsiteURL = "", "", "", "", ""
	}
}
