package meetingguide

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"
)

// Validate lists what in m would break the spec (or a reader of it), in the
// same words Parse uses. An empty result means Write will accept m. Problems
// carry Index 0; Write sets it.
func Validate(m Meeting) []Problem {
	var ps []Problem
	add := func(field, format string, args ...any) {
		ps = append(ps, Problem{Slug: m.Slug, Name: m.Name, Field: field, Message: fmt.Sprintf(format, args...), Skipped: true})
	}

	if strings.TrimSpace(m.Name) == "" {
		add("name", "has no name")
	} else if utf8.RuneCountInString(m.Name) > maxNameLength {
		add("name", "name is longer than %d characters", maxNameLength)
	}
	if strings.TrimSpace(m.Slug) == "" {
		add("slug", "has no slug")
	}

	seen := [7]bool{}
	for _, d := range m.Day {
		switch {
		case d < 0 || d > 6:
			add("day", "day %d is not a day of the week (0 = Sunday to 6 = Saturday)", d)
		case seen[d]:
			add("day", "day %d is listed twice", d)
		default:
			seen[d] = true
		}
	}
	if m.Time != "" && !validClock(m.Time) {
		add("time", "time %q is not \"HH:MM\" on a 24-hour clock", m.Time)
	}
	if m.EndTime != "" && !validClock(m.EndTime) {
		add("end_time", "end_time %q is not \"HH:MM\" on a 24-hour clock", m.EndTime)
	}
	switch {
	case len(m.Day) > 0 && m.Time == "":
		add("time", "has a day but no time; a weekly meeting needs both")
	case len(m.Day) == 0 && m.Time != "":
		add("day", "has a time but no day; a weekly meeting needs both")
	case len(m.Day) == 0 && m.EndTime != "":
		add("end_time", "end_time without a day and time (the meeting is by appointment)")
	}
	if m.Timezone != "" && !validTimezone(m.Timezone) {
		add("timezone", "timezone %q is not a time zone name like \"America/New_York\"", m.Timezone)
	}

	types := map[string]bool{}
	for _, t := range m.Types {
		switch {
		case t == "" || t != strings.TrimSpace(t) || strings.Contains(t, ","):
			add("types", "type %q is blank, padded or holds a comma", t)
		case types[t]:
			add("types", "type %q is listed twice", t)
		}
		types[t] = true
	}

	switch {
	case (m.Latitude == nil) != (m.Longitude == nil):
		add("latitude", "latitude and longitude go together; only one is set")
	case m.Latitude != nil:
		if !validLatitude(*m.Latitude) { // also false for NaN
			add("latitude", "latitude %v is not between -90 and 90", *m.Latitude)
		}
		if !validLongitude(*m.Longitude) {
			add("longitude", "longitude %v is not between -180 and 180", *m.Longitude)
		}
	}

	for _, r := range m.Regions {
		if strings.TrimSpace(r) == "" || r != strings.TrimSpace(r) {
			add("regions", "region %q is blank or padded", r)
		}
	}
	for _, e := range m.FeedbackEmails {
		if strings.TrimSpace(e) == "" || e != strings.TrimSpace(e) || strings.ContainsAny(e, ",;") {
			add("feedback_emails", "feedback email %q is blank, padded or holds a separator", e)
		}
	}

	if m.ConferenceURLNotes != "" && m.ConferenceURL == "" {
		add("conference_url_notes", "conference_url_notes without a conference_url")
	}
	if m.ConferencePhoneNotes != "" && m.ConferencePhone == "" {
		add("conference_phone_notes", "conference_phone_notes without a conference_phone")
	}
	for _, u := range []struct {
		key, value string
		mailto     bool
	}{
		{"conference_url", m.ConferenceURL, false},
		{"website", m.Website, false},
		{"website_2", m.Website2, false},
		{"url", m.URL, false},
		{"edit_url", m.EditURL, false},
		{"feedback_url", m.FeedbackURL, true},
		{"entity_logo", m.EntityLogo, false},
		{"entity_website_url", m.EntityWebsiteURL, false},
	} {
		if u.value != "" && !validURL(u.value, u.mailto) {
			add(u.key, "%s %q is not an absolute http or https address", u.key, u.value)
		}
	}

	if len(m.Contacts) > maxContacts {
		add("contact_1_name", "has %d contacts; the format holds %d", len(m.Contacts), maxContacts)
	}
	if m.Entity == "" && (m.EntityEmail != "" || m.EntityLocation != "" || m.EntityLogo != "" || m.EntityPhone != "" || m.EntityWebsiteURL != "") {
		add("entity", "entity fields are given without entity (the service entity's name)")
	}
	if !validUpdated(m.Updated) {
		add("updated", "updated %s is not a UTC time to the second between the years 1 and 9999", m.Updated)
	}
	if !validAttendance(m.AttendanceOption) {
		add("attendance_option", "attendance_option %q is not in_person, online, hybrid or inactive", m.AttendanceOption)
	}
	for _, f := range textFields(m) {
		if !utf8.ValidString(f.value) {
			add(f.key, "%s is not valid UTF-8 text", f.key)
		}
	}
	return ps
}

type textField struct{ key, value string }

func textFields(m Meeting) []textField {
	fs := make([]textField, 0, 40+len(m.Types)+len(m.Regions)+len(m.FeedbackEmails)+3*len(m.Contacts))
	fs = append(fs, []textField{
		{"name", m.Name}, {"slug", m.Slug}, {"timezone", m.Timezone},
		{"notes", m.Notes}, {"location", m.Location}, {"location_notes", m.LocationNotes},
		{"formatted_address", m.FormattedAddress}, {"address", m.Address},
		{"city", m.City}, {"state", m.State}, {"postal_code", m.PostalCode},
		{"country", m.Country}, {"region", m.Region}, {"sub_region", m.SubRegion},
		{"district", m.District}, {"sub_district", m.SubDistrict},
		{"conference_url_notes", m.ConferenceURLNotes},
		{"conference_phone", m.ConferencePhone}, {"conference_phone_notes", m.ConferencePhoneNotes},
		{"group", m.Group}, {"group_notes", m.GroupNotes}, {"email", m.Email},
		{"phone", m.Phone}, {"mailing_address", m.MailingAddress},
		{"venmo", m.Venmo}, {"square", m.Square}, {"paypal", m.PayPal},
		{"homegroup_online", m.HomegroupOnline}, {"entity", m.Entity},
		{"entity_email", m.EntityEmail}, {"entity_location", m.EntityLocation},
		{"entity_phone", m.EntityPhone},
	}...)
	for _, t := range m.Types {
		fs = append(fs, textField{"types", t})
	}
	for _, r := range m.Regions {
		fs = append(fs, textField{"regions", r})
	}
	for _, e := range m.FeedbackEmails {
		fs = append(fs, textField{"feedback_emails", e})
	}
	for i, c := range m.Contacts {
		fs = append(fs,
			textField{contactKey(i+1, "name"), c.Name},
			textField{contactKey(i+1, "email"), c.Email},
			textField{contactKey(i+1, "phone"), c.Phone})
	}
	return fs
}

// ValidationError is returned by Write when meetings would break the spec.
// Nothing is written.
type ValidationError struct {
	Problems []Problem
}

func (e *ValidationError) Error() string {
	const show = 3
	var b strings.Builder
	fmt.Fprintf(&b, "cannot write the feed: %d problem", len(e.Problems))
	if len(e.Problems) != 1 {
		b.WriteString("s")
	}
	for i, p := range e.Problems {
		if i == show {
			fmt.Fprintf(&b, "; and %d more", len(e.Problems)-show)
			break
		}
		b.WriteString("; ")
		b.WriteString(p.String())
	}
	return b.String()
}

// Write writes meetings as a Meeting Guide feed: a JSON array, one meeting
// per line, sorted by slug, then by first day, so the same meetings always
// give the same bytes. day is an integer when the meeting meets on
// one day and an array of integers otherwise, as the spec allows; times are
// "HH:MM"; empty optional fields are left out; the entity website is written
// under both names readers use (entity_website_url, entity_url). Type codes
// are written in their canonical letter case.
//
// If any meeting fails Validate, or two share a slug, Write writes nothing
// and returns a *ValidationError listing every problem; callers that want a
// partial feed filter with Validate first.
func Write(w io.Writer, meetings []Meeting) error {
	var problems []Problem
	bySlug := map[string]int{}
	for i, m := range meetings {
		for _, p := range Validate(m) {
			p.Index = i
			problems = append(problems, p)
		}
		if first, dup := bySlug[m.Slug]; dup && m.Slug != "" {
			problems = append(problems, Problem{Index: i, Slug: m.Slug, Name: m.Name, Field: "slug",
				Message: fmt.Sprintf("slug %q is already used by meeting %d", m.Slug, first+1), Skipped: true})
		} else {
			bySlug[m.Slug] = i
		}
	}
	if len(problems) > 0 {
		return &ValidationError{Problems: problems}
	}

	order := make([]int, len(meetings))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		ma, mb := meetings[order[a]], meetings[order[b]]
		if ma.Slug != mb.Slug {
			return ma.Slug < mb.Slug
		}
		return firstDay(ma) < firstDay(mb)
	})

	var buf bytes.Buffer
	buf.WriteString("[")
	for n, i := range order {
		if n > 0 {
			buf.WriteString(",")
		}
		buf.WriteString("\n")
		line, err := marshalMeeting(meetings[i])
		if err != nil {
			return fmt.Errorf("write meeting %q: %w", meetings[i].Slug, err)
		}
		buf.Write(line)
	}
	buf.WriteString("\n]\n")
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("write feed: %w", err)
	}
	return nil
}

func firstDay(m Meeting) int {
	if len(m.Day) == 0 {
		return 7 // by appointment sorts last, as TSML UI shows it
	}
	first := m.Day[0]
	for _, d := range m.Day {
		first = min(first, d)
	}
	return first
}

// wireMeeting is a meeting as the feed spells it, in the spec's order.
type wireMeeting struct {
	Name                 string   `json:"name"`
	Slug                 string   `json:"slug"`
	Day                  any      `json:"day,omitempty"`
	Time                 string   `json:"time,omitempty"`
	EndTime              string   `json:"end_time,omitempty"`
	Timezone             string   `json:"timezone,omitempty"`
	Types                []string `json:"types,omitempty"`
	Notes                string   `json:"notes,omitempty"`
	Location             string   `json:"location,omitempty"`
	LocationNotes        string   `json:"location_notes,omitempty"`
	FormattedAddress     string   `json:"formatted_address,omitempty"`
	Address              string   `json:"address,omitempty"`
	City                 string   `json:"city,omitempty"`
	State                string   `json:"state,omitempty"`
	PostalCode           string   `json:"postal_code,omitempty"`
	Country              string   `json:"country,omitempty"`
	Latitude             *float64 `json:"latitude,omitempty"`
	Longitude            *float64 `json:"longitude,omitempty"`
	Approximate          string   `json:"approximate,omitempty"`
	Region               string   `json:"region,omitempty"`
	SubRegion            string   `json:"sub_region,omitempty"`
	Regions              []string `json:"regions,omitempty"`
	District             string   `json:"district,omitempty"`
	SubDistrict          string   `json:"sub_district,omitempty"`
	ConferenceURL        string   `json:"conference_url,omitempty"`
	ConferenceURLNotes   string   `json:"conference_url_notes,omitempty"`
	ConferencePhone      string   `json:"conference_phone,omitempty"`
	ConferencePhoneNotes string   `json:"conference_phone_notes,omitempty"`
	Group                string   `json:"group,omitempty"`
	GroupNotes           string   `json:"group_notes,omitempty"`
	Website              string   `json:"website,omitempty"`
	Website2             string   `json:"website_2,omitempty"`
	Email                string   `json:"email,omitempty"`
	Phone                string   `json:"phone,omitempty"`
	MailingAddress       string   `json:"mailing_address,omitempty"`
	Venmo                string   `json:"venmo,omitempty"`
	Square               string   `json:"square,omitempty"`
	PayPal               string   `json:"paypal,omitempty"`
	HomegroupOnline      string   `json:"homegroup_online,omitempty"`
	Contact1Name         string   `json:"contact_1_name,omitempty"`
	Contact1Email        string   `json:"contact_1_email,omitempty"`
	Contact1Phone        string   `json:"contact_1_phone,omitempty"`
	Contact2Name         string   `json:"contact_2_name,omitempty"`
	Contact2Email        string   `json:"contact_2_email,omitempty"`
	Contact2Phone        string   `json:"contact_2_phone,omitempty"`
	Contact3Name         string   `json:"contact_3_name,omitempty"`
	Contact3Email        string   `json:"contact_3_email,omitempty"`
	Contact3Phone        string   `json:"contact_3_phone,omitempty"`
	URL                  string   `json:"url,omitempty"`
	EditURL              string   `json:"edit_url,omitempty"`
	FeedbackEmails       []string `json:"feedback_emails,omitempty"`
	FeedbackURL          string   `json:"feedback_url,omitempty"`
	Entity               string   `json:"entity,omitempty"`
	EntityEmail          string   `json:"entity_email,omitempty"`
	EntityLocation       string   `json:"entity_location,omitempty"`
	EntityLogo           string   `json:"entity_logo,omitempty"`
	EntityPhone          string   `json:"entity_phone,omitempty"`
	EntityURL            string   `json:"entity_url,omitempty"`
	EntityWebsiteURL     string   `json:"entity_website_url,omitempty"`
	Updated              string   `json:"updated,omitempty"`
	AttendanceOption     string   `json:"attendance_option,omitempty"`
}

func marshalMeeting(m Meeting) ([]byte, error) {
	w := wireMeeting{
		Name: m.Name, Slug: m.Slug, Time: m.Time, EndTime: m.EndTime, Timezone: m.Timezone,
		Notes: m.Notes, Location: m.Location, LocationNotes: m.LocationNotes,
		FormattedAddress: m.FormattedAddress, Address: m.Address, City: m.City,
		State: m.State, PostalCode: m.PostalCode, Country: m.Country,
		Latitude: m.Latitude, Longitude: m.Longitude,
		Region: m.Region, SubRegion: m.SubRegion, Regions: m.Regions,
		District: m.District, SubDistrict: m.SubDistrict,
		ConferenceURL: m.ConferenceURL, ConferenceURLNotes: m.ConferenceURLNotes,
		ConferencePhone: m.ConferencePhone, ConferencePhoneNotes: m.ConferencePhoneNotes,
		Group: m.Group, GroupNotes: m.GroupNotes, Website: m.Website, Website2: m.Website2,
		Email: m.Email, Phone: m.Phone, MailingAddress: m.MailingAddress,
		Venmo: m.Venmo, Square: m.Square, PayPal: m.PayPal, HomegroupOnline: m.HomegroupOnline,
		URL: m.URL, EditURL: m.EditURL, FeedbackEmails: m.FeedbackEmails, FeedbackURL: m.FeedbackURL,
		Entity: m.Entity, EntityEmail: m.EntityEmail, EntityLocation: m.EntityLocation,
		EntityLogo: m.EntityLogo, EntityPhone: m.EntityPhone,
		EntityURL: m.EntityWebsiteURL, EntityWebsiteURL: m.EntityWebsiteURL,
		AttendanceOption: string(m.AttendanceOption),
	}
	switch days := sortedDays(m.Day); len(days) {
	case 0:
	case 1:
		w.Day = days[0]
	default:
		w.Day = days
	}
	for _, t := range m.Types {
		if code, ok := LookupType(t); ok && strings.EqualFold(code, t) {
			t = code // "onl" is written "ONL"; names are not codes and stay
		}
		w.Types = append(w.Types, t)
	}
	if m.Approximate != nil {
		w.Approximate = "no"
		if *m.Approximate {
			w.Approximate = "yes"
		}
	}
	if !m.Updated.IsZero() {
		w.Updated = m.Updated.UTC().Format("2006-01-02 15:04:05")
	}
	contacts := [maxContacts]*Contact{}
	for i := range m.Contacts {
		contacts[i] = &m.Contacts[i]
	}
	if c := contacts[0]; c != nil {
		w.Contact1Name, w.Contact1Email, w.Contact1Phone = c.Name, c.Email, c.Phone
	}
	if c := contacts[1]; c != nil {
		w.Contact2Name, w.Contact2Email, w.Contact2Phone = c.Name, c.Email, c.Phone
	}
	if c := contacts[2]; c != nil {
		w.Contact3Name, w.Contact3Email, w.Contact3Phone = c.Name, c.Email, c.Phone
	}

	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // "&" in a name stays readable; this is not HTML
	if err := enc.Encode(w); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

func sortedDays(days []int) []int {
	out := append([]int(nil), days...)
	sort.Ints(out)
	return out
}
