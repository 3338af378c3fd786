// Package meetingguide reads and writes the Meeting Guide JSON feed, the
// open format that recovery meeting finders exchange (the 12 Step Meeting
// List plugin, TSML UI, the Meeting Guide app), and reads the plugin's CSV
// import template.
//
// Reading is forgiving, because real feeds are messy: a day may be a number,
// a string, a name or a list; a time may be "19:00", "7:00 PM", "19:00:00" or
// "1900"; types may be a list or a comma-separated string, in any letter case
// or spelled out as names. Whatever cannot be used is reported as a Problem
// for that meeting, in plain words; a meeting is never dropped silently.
//
// Writing is strict: Write produces a feed every reader accepts, and refuses
// meetings that Validate says would break the spec.
//
// The format is the spec of code4recovery/spec v1.1.9; a copy of it, its
// type list (types.json, embedded here) and sample feeds live in the shared
// interop folder beside the repository (interop/meeting-guide).
package meetingguide

import (
	"fmt"
	"strings"
	"time"
)

// Meeting is one weekly meeting of a Meeting Guide feed, with every field the
// spec defines plus the fields the 12 Step Meeting List plugin publishes
// (district, website, email, phone...), normalised to plain Go values. An
// empty string, nil pointer, nil slice or zero time means "not given".
type Meeting struct {
	// Name is required; at most 255 characters.
	Name string
	// Slug is required and unique within a feed. Integer IDs are read as
	// their decimal text.
	Slug string

	// Day holds the days the meeting meets, 0 = Sunday to 6 = Saturday,
	// ascending and without repeats. Day and Time are both empty for a
	// meeting "by appointment" and both set otherwise.
	Day []int
	// Time is the start time, "HH:MM" on a 24-hour clock.
	Time string
	// EndTime is "HH:MM" or empty; readers default it to one hour after
	// Time (see End).
	EndTime string
	// Timezone is an IANA time zone name such as "America/New_York".
	Timezone string

	// Types are type codes ("O", "X", "LGBTQ"...), canonical letter case,
	// in the order given, without repeats. Codes outside the official list
	// are allowed by the spec and kept.
	Types []string

	Notes            string
	Location         string // a building or landmark name
	LocationNotes    string
	FormattedAddress string // the whole address on one line
	Address          string // the street address, when given in parts
	City             string
	State            string
	PostalCode       string
	Country          string
	// Latitude and Longitude are both set or both nil.
	Latitude  *float64
	Longitude *float64
	// Approximate says whether the address is only approximate (a city or
	// neighbourhood, typical of online meetings); nil when not given.
	Approximate *bool

	Region    string
	SubRegion string
	Regions   []string // most general first
	District  string
	// SubDistrict is a plugin field (the CSV template's "Sub District").
	SubDistrict string

	ConferenceURL        string
	ConferenceURLNotes   string // only with ConferenceURL
	ConferencePhone      string
	ConferencePhoneNotes string // only with ConferencePhone

	Group          string
	GroupNotes     string
	Website        string
	Website2       string
	Email          string
	Phone          string
	MailingAddress string

	// 7th Tradition handles.
	Venmo           string // "@handle"
	Square          string // "$cashtag"
	PayPal          string
	HomegroupOnline string

	// Contacts are at most three (contact_1_* to contact_3_*), first names
	// and last initials only.
	Contacts []Contact

	URL            string // the meeting's page on the area website
	EditURL        string
	FeedbackEmails []string
	FeedbackURL    string

	// The service entity responsible for the listing. Entity is required
	// when any other entity field is set.
	Entity           string
	EntityEmail      string
	EntityLocation   string
	EntityLogo       string
	EntityPhone      string
	EntityWebsiteURL string // read from entity_website_url or entity_url

	// Updated is when the listing last changed, in UTC, to the second.
	Updated time.Time

	// AttendanceOption is what the feed declared (the plugin publishes
	// attendance_option); empty when not given. Attendance derives it from
	// the other fields instead.
	AttendanceOption AttendanceOption
}

// Contact is a person to ask about a meeting.
type Contact struct {
	Name  string
	Email string
	Phone string
}

// AttendanceOption says how people can attend a meeting. The values are the
// ones the 12 Step Meeting List plugin publishes.
type AttendanceOption string

// The attendance options.
const (
	InPerson AttendanceOption = "in_person"
	Online   AttendanceOption = "online"
	Hybrid   AttendanceOption = "hybrid"
	Inactive AttendanceOption = "inactive"
)

// ByAppointment reports whether the meeting has no fixed day and time.
func (m Meeting) ByAppointment() bool {
	return len(m.Day) == 0 && m.Time == ""
}

// End returns EndTime, or one hour after Time when EndTime is empty (the
// spec's default), or "" for a meeting by appointment.
func (m Meeting) End() string {
	if m.EndTime != "" || m.Time == "" {
		return m.EndTime
	}
	var h, min int
	if _, err := fmt.Sscanf(m.Time, "%d:%d", &h, &min); err != nil {
		return ""
	}
	return fmt.Sprintf("%02d:%02d", (h+1)%24, min)
}

// HasType reports whether the meeting has the type code.
func (m Meeting) HasType(code string) bool {
	for _, t := range m.Types {
		if t == code {
			return true
		}
	}
	return false
}

// IsOnline reports whether people can join from anywhere: the spec says a
// meeting is online when it has a conference URL or phone; no type declares it.
func (m Meeting) IsOnline() bool {
	return m.ConferenceURL != "" || m.ConferencePhone != ""
}

// IsApproximate reports whether the address is too vague to walk to. When
// the feed does not say, coordinates mean a precise address, and otherwise
// an address of fewer than four comma-separated parts ("Chicago, IL, USA")
// is approximate, as TSML UI decides.
func (m Meeting) IsApproximate() bool {
	if m.Approximate != nil {
		return *m.Approximate
	}
	if m.Latitude != nil && m.Longitude != nil {
		return false
	}
	addr := m.FormattedAddress
	if addr == "" {
		parts := []string{m.Address, m.City, strings.TrimSpace(m.State + " " + m.PostalCode), m.Country}
		var kept []string
		for _, p := range parts {
			if p = strings.TrimSpace(p); p != "" {
				kept = append(kept, p)
			}
		}
		addr = strings.Join(kept, ", ")
	}
	if addr == "" {
		return true
	}
	return len(strings.Split(addr, ",")) < 4
}

// IsInPerson reports whether people can attend in person: the location is
// not temporarily closed (TC) and the address is not approximate.
func (m Meeting) IsInPerson() bool {
	return !m.HasType(TypeTemporarilyClosed) && !m.IsApproximate()
}

// Attendance derives how people can attend from the conference fields, the
// TC type and the address, ignoring AttendanceOption.
func (m Meeting) Attendance() AttendanceOption {
	online, inPerson := m.IsOnline(), m.IsInPerson()
	switch {
	case online && inPerson:
		return Hybrid
	case online:
		return Online
	case inPerson:
		return InPerson
	}
	return Inactive
}
