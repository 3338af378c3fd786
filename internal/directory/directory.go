// Package directory holds the rules of the group directory that are not
// SQL and not HTTP: what a valid group is, how its slug is made, when it
// meets, and what of it each viewer may see.
package directory

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"

	"holdspace/internal/holdspace"
	"holdspace/internal/schedule"
)

// Limits on what organizers type.
const (
	NameMax        = 100
	DescriptionMax = 5000
	AddressMax     = 200
	PlaceMax       = 100
	URLMax         = 500
	LanguagesMax   = 10
)

// VenueInput is a venue as the API and forms take it.
type VenueInput struct {
	Type    string   `json:"type"`
	Address string   `json:"address"`
	City    string   `json:"city"`
	Region  string   `json:"region"`
	Country string   `json:"country"`
	Lat     *float64 `json:"lat"`
	Lng     *float64 `json:"lng"`
}

// ScheduleInput is a schedule as the API and forms take it.
type ScheduleInput struct {
	RRule           string `json:"rrule"`
	StartTime       string `json:"start_time"`
	DurationMinutes int    `json:"duration_minutes"`
	StartsOn        string `json:"starts_on"`
}

// Input is a group as an organizer gives it. For an edit (PATCH) a nil
// field keeps the current value.
type Input struct {
	Name          *string        `json:"name"`
	Description   *string        `json:"description"`
	Category      *string        `json:"category"`
	Audience      *string        `json:"audience"`
	Format        *string        `json:"format"`
	Attendance    *string        `json:"attendance"`
	Access        *string        `json:"access"`
	Cost          *string        `json:"cost"`
	Languages     *[]string      `json:"languages"`
	Accessibility *[]string      `json:"accessibility"`
	Venue         *VenueInput    `json:"venue"`
	OnlineURL     *string        `json:"online_url"`
	Timezone      *string        `json:"timezone"`
	Schedule      *ScheduleInput `json:"schedule"`
}

// Apply copies the given fields of in onto g (a zero Group for a new one),
// normalises them and checks the result. Every problem is returned, in form
// order, each naming its field as the API spells it ("venue.lat",
// "schedule.rrule").
func Apply(g holdspace.Group, in Input) (holdspace.Group, []*holdspace.Error) {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = strings.TrimSpace(norm.NFC.String(*src))
		}
	}
	set(&g.Name, in.Name)
	if in.Description != nil {
		g.Description = strings.TrimSpace(norm.NFC.String(strings.ReplaceAll(*in.Description, "\r\n", "\n")))
	}
	set(&g.Category, in.Category)
	set(&g.Audience, in.Audience)
	set(&g.Format, in.Format)
	set(&g.Attendance, in.Attendance)
	set(&g.Access, in.Access)
	set(&g.Cost, in.Cost)
	set(&g.OnlineURL, in.OnlineURL)
	set(&g.Timezone, in.Timezone)
	if in.Languages != nil {
		g.Languages = append([]string(nil), (*in.Languages)...)
	}
	if in.Accessibility != nil {
		g.Accessibility = append([]string(nil), (*in.Accessibility)...)
	}
	if v := in.Venue; v != nil {
		g.Venue = holdspace.Venue{Type: strings.TrimSpace(v.Type), Address: strings.TrimSpace(v.Address), City: strings.TrimSpace(v.City),
			Region: strings.TrimSpace(v.Region), Country: strings.ToUpper(strings.TrimSpace(v.Country)), Lat: v.Lat, Lng: v.Lng}
	}
	if s := in.Schedule; s != nil {
		g.Schedule = holdspace.ScheduleSpec{RRule: strings.TrimSpace(s.RRule), StartTime: strings.TrimSpace(s.StartTime), DurationMinutes: s.DurationMinutes, StartsOn: strings.TrimSpace(s.StartsOn)}
	}
	var errs []*holdspace.Error
	add := func(field, msg string) { errs = append(errs, holdspace.FieldError(field, msg)) }

	switch n := utf8.RuneCountInString(g.Name); {
	case n == 0:
		add("name", "Enter the group's name")
	case n > NameMax:
		add("name", fmt.Sprintf("Name must be %d characters or less", NameMax))
	case hasControl(g.Name):
		add("name", "Name must not contain control characters")
	}
	if utf8.RuneCountInString(g.Description) > DescriptionMax {
		add("description", fmt.Sprintf("Description must be %d characters or less", DescriptionMax))
	}
	choose := func(field, value string, opts []holdspace.Option, what string) {
		if !holdspace.ValidOption(opts, value) {
			var vals []string
			for _, o := range opts {
				vals = append(vals, o.Value)
			}
			if value == "" {
				add(field, "Select "+what)
			} else {
				add(field, fmt.Sprintf("Select %s: one of %s", what, strings.Join(vals, ", ")))
			}
		}
	}
	choose("category", g.Category, holdspace.Categories, "the kind of group")
	choose("audience", g.Audience, holdspace.Audiences, "who the group is for")
	choose("format", g.Format, holdspace.Formats, "how the group runs")
	choose("attendance", g.Attendance, holdspace.Attendances, "how the group meets")
	choose("access", g.Access, holdspace.Accesses, "whether anyone can join")
	choose("cost", g.Cost, holdspace.Costs, "what the group costs")

	if len(g.Languages) == 0 {
		add("languages", "Select at least one language the group meets in")
	} else if len(g.Languages) > LanguagesMax {
		add("languages", fmt.Sprintf("List %d languages or fewer", LanguagesMax))
	} else {
		seen := map[string]bool{}
		var out []string
		for _, l := range g.Languages {
			tag, err := language.Parse(strings.TrimSpace(l))
			if err != nil || strings.TrimSpace(l) == "" {
				add("languages", fmt.Sprintf("Language %q is not a language tag like en, es or pt-BR", l))
				break
			}
			s := tag.String()
			if !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
		g.Languages = out
	}
	seenA := map[string]bool{}
	var access []string
	for _, a := range g.Accessibility {
		if !holdspace.ValidOption(holdspace.AccessibilityOptions, a) {
			add("accessibility", fmt.Sprintf("Accessibility %q is not one of captions, sign_language, wheelchair, phone_dial_in, large_print", a))
			break
		}
		if !seenA[a] {
			seenA[a] = true
			access = append(access, a)
		}
	}
	g.Accessibility = access

	v := &g.Venue
	if g.Attendance == "online" && v.Type == "" {
		v.Type = "online"
	}
	choose("venue.type", v.Type, holdspace.VenueTypes, "the kind of place the group meets in")
	if v.Type == "online" && (g.Attendance == "in_person" || g.Attendance == "hybrid") {
		add("venue.type", "Select where the group meets in person")
	}
	for _, f := range []struct {
		field, value string
		max          int
	}{
		{"venue.address", v.Address, AddressMax}, {"venue.city", v.City, PlaceMax}, {"venue.region", v.Region, PlaceMax},
	} {
		if utf8.RuneCountInString(f.value) > f.max || hasControl(f.value) {
			add(f.field, fmt.Sprintf("%s must be %d characters or less", fieldLabel(f.field), f.max))
		}
	}
	if v.Type != "online" && v.Type != "" && v.City == "" {
		add("venue.city", "Enter the town or city the group meets in")
	}
	if v.Country != "" && (len(v.Country) != 2 || strings.Trim(v.Country, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "") {
		add("venue.country", "Country must be a two-letter code like GB or US")
	}
	if (v.Lat == nil) != (v.Lng == nil) {
		add("venue.lat", "Give both latitude and longitude, or neither")
	}
	if v.Lat != nil && (math.IsNaN(*v.Lat) || *v.Lat < -90 || *v.Lat > 90) {
		add("venue.lat", "Latitude must be between -90 and 90")
	}
	if v.Lng != nil && (math.IsNaN(*v.Lng) || *v.Lng < -180 || *v.Lng > 180) {
		add("venue.lng", "Longitude must be between -180 and 180")
	}
	if v.Type == "online" {
		v.Address, v.Lat, v.Lng = "", nil, nil
	}

	if g.OnlineURL != "" {
		u, err := url.Parse(g.OnlineURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(g.OnlineURL) > URLMax {
			add("online_url", "Enter the online room's web address, starting with https://")
		}
	} else if g.Attendance == "online" || g.Attendance == "hybrid" {
		add("online_url", "Enter the online room's web address, starting with https://")
	}

	if sch, err := Schedule(g, nil); err != nil {
		errs = append(errs, scheduleErrors(err)...)
	} else {
		g.DaysMask = DaysMask(sch)
	}
	return g, errs
}

// DaysMask is the set of weekdays (bit 0 = Sunday) on which a schedule can
// meet in its own zone: the rule's days for weekly rules and nth-weekday
// monthly rules, every day for a day-of-month rule.
func DaysMask(s schedule.Schedule) int {
	days, ok := s.Weekdays()
	if !ok {
		days = s.Rule.Days()
	}
	if len(days) == 0 {
		return 127
	}
	mask := 0
	for _, d := range days {
		mask |= 1 << int(d)
	}
	return mask
}

// Exceptions converts stored exceptions for the schedule package; ones that
// no longer parse are skipped.
func Exceptions(list []holdspace.GroupException) []schedule.Exception {
	var out []schedule.Exception
	for _, e := range list {
		d, err := schedule.ParseDate(e.OriginalDate)
		if err != nil {
			continue
		}
		out = append(out, schedule.Exception{Date: d, Cancelled: e.Cancelled, MovedTo: e.MovedTo,
			MovedDuration: time.Duration(e.MovedMinutes) * time.Minute, Reason: e.Reason})
	}
	return out
}

// scheduleErrors turns the schedule package's field errors into API field
// errors.
func scheduleErrors(err error) []*holdspace.Error {
	var out []*holdspace.Error
	var list []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		list = j.Unwrap()
	} else {
		list = []error{err}
	}
	for _, e := range list {
		var fe *schedule.FieldError
		if !errors.As(e, &fe) {
			out = append(out, holdspace.FieldError("schedule", e.Error()))
			continue
		}
		field := map[schedule.Field]string{
			schedule.FieldRule: "schedule.rrule", schedule.FieldStart: "schedule.start_time",
			schedule.FieldDuration: "schedule.duration_minutes", schedule.FieldStartsOn: "schedule.starts_on",
			schedule.FieldTimeZone: "timezone", schedule.FieldExceptions: "schedule.exceptions",
		}[fe.Field]
		if field == "" {
			field = "schedule"
		}
		out = append(out, holdspace.FieldError(field, fe.Error()))
	}
	return out
}

// Schedule builds the group's schedule, with its exceptions.
func Schedule(g holdspace.Group, exceptions []schedule.Exception) (schedule.Schedule, error) {
	return schedule.New(schedule.Spec{
		Rule: g.Schedule.RRule, Start: g.Schedule.StartTime, Duration: time.Duration(g.Schedule.DurationMinutes) * time.Minute,
		StartsOn: g.Schedule.StartsOn, TimeZone: g.Timezone, Exceptions: exceptions,
	})
}

func hasControl(s string) bool {
	for _, r := range s {
		if unicode.IsControl(r) {
			return true
		}
	}
	return false
}

func fieldLabel(field string) string {
	_, last, _ := strings.Cut(field, ".")
	if last == "" {
		last = field
	}
	return strings.ToUpper(last[:1]) + last[1:]
}

// Slug makes a web address part from a name: lower-case ASCII letters and
// digits joined by single dashes, at most 60 characters.
func Slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(strings.ToLower(name)) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		case unicode.Is(unicode.Mn, r):
			// accents dropped: "é" becomes "e"
		default:
			dash = true
		}
		if b.Len() >= 60 {
			break
		}
	}
	s := strings.Trim(b.String(), "-")
	if len(s) > 60 {
		s = strings.Trim(s[:60], "-")
	}
	if s == "" {
		s = "group"
	}
	return s
}

// Viewer is a person's relation to a group, which decides what of it they
// may see.
type Viewer struct {
	Member    bool // an approved member of the group
	Organizer bool
}

// Public returns the group as the viewer may see it. Everyone but the
// group's approved members sees a private home's street address removed,
// coordinates rounded to about 1 km and no online room link.
func Public(g holdspace.Group, v Viewer) holdspace.Group {
	if v.Member || v.Organizer {
		return g
	}
	g.OnlineURL = ""
	if g.Venue.Type == "private_home" {
		g.Venue.Address = ""
		g.Venue.Lat = roundKM(g.Venue.Lat)
		g.Venue.Lng = roundKM(g.Venue.Lng)
	}
	return g
}

// roundKM rounds a coordinate to two decimal places: about 1.1 km of
// latitude, less of longitude away from the equator.
func roundKM(p *float64) *float64 {
	if p == nil {
		return nil
	}
	r := math.Round(*p*100) / 100
	return &r
}

// DistanceKM is the great-circle distance between two points.
func DistanceKM(lat1, lng1, lat2, lng2 float64) float64 {
	const r = 6371.0088
	p1, p2 := lat1*math.Pi/180, lat2*math.Pi/180
	dp, dl := (lat2-lat1)*math.Pi/180, (lng2-lng1)*math.Pi/180
	a := math.Sin(dp/2)*math.Sin(dp/2) + math.Cos(p1)*math.Cos(p2)*math.Sin(dl/2)*math.Sin(dl/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(a)))
}

// ReservedSlug reports whether a slug would clash with a page under
// /groups/ (such as /groups/new, the form to start a group).
func ReservedSlug(slug string) bool { return reservedSlugs[slug] }
