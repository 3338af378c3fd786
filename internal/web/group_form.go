package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"holdspace/internal/directory"
	"holdspace/internal/holdspace"
)

// groupForm is the create/edit form's values as typed, so a form with
// errors shows them again.
type groupForm struct {
	Name, Description                              string
	Category, Audience, Format, Attendance         string
	Access, Cost, Languages                        string
	Accessibility                                  map[string]bool
	VenueType, Address, City, Region, Country      string
	Lat, Lng, OnlineURL, Timezone                  string
	Repeat                                         string // weekly, fortnightly, monthly_nth, monthly_day, custom
	Days                                           map[string]bool
	Weeks                                          map[string]bool
	MonthDay, RRule, StartTime, Duration, StartsOn string
}

// choice is one radio or checkbox with the id the error summary links to.
type choice struct {
	ID, Value, Label string
	Checked          bool
}

// choices builds radio/checkbox items with GOV.UK-style ids: the first is
// name itself, the rest name-2, name-3...
func choices(name string, opts []holdspace.Option, checked func(string) bool) []choice {
	out := make([]choice, len(opts))
	for i, o := range opts {
		id := name
		if i > 0 {
			id = fmt.Sprintf("%s-%d", name, i+1)
		}
		out[i] = choice{ID: id, Value: o.Value, Label: o.Label, Checked: checked(o.Value)}
	}
	return out
}

var (
	weekdayOptions = []holdspace.Option{{Value: "MO", Label: "Monday"}, {Value: "TU", Label: "Tuesday"}, {Value: "WE", Label: "Wednesday"}, {Value: "TH", Label: "Thursday"}, {Value: "FR", Label: "Friday"}, {Value: "SA", Label: "Saturday"}, {Value: "SU", Label: "Sunday"}}
	weekOptions    = []holdspace.Option{{Value: "1", Label: "1st"}, {Value: "2", Label: "2nd"}, {Value: "3", Label: "3rd"}, {Value: "4", Label: "4th"}, {Value: "-1", Label: "Last"}}
	repeatOptions  = []holdspace.Option{
		{Value: "weekly", Label: "Every week"}, {Value: "fortnightly", Label: "Every other week"},
		{Value: "monthly_nth", Label: "Monthly, on a weekday (like the 2nd Tuesday)"}, {Value: "monthly_day", Label: "Monthly, on a date (like the 15th)"},
		{Value: "custom", Label: "Something else (an iCalendar repeat rule)"},
	}
)

// groupFormView is what the form template gets.
type groupFormView struct {
	Editing                                                      bool
	Slug                                                         string
	F                                                            groupForm
	Categories, Audiences, Formats, Attendances, Accesses, Costs []choice
	Accessibility, VenueTypes, Repeats, Days, Weeks              []choice
}

func (f groupForm) view(editing bool, slug string) groupFormView {
	is := func(v string) func(string) bool { return func(o string) bool { return o == v } }
	in := func(m map[string]bool) func(string) bool { return func(o string) bool { return m[o] } }
	return groupFormView{
		Editing: editing, Slug: slug, F: f,
		Categories:    choices("category", holdspace.Categories, is(f.Category)),
		Audiences:     choices("audience", holdspace.Audiences, is(f.Audience)),
		Formats:       choices("format", holdspace.Formats, is(f.Format)),
		Attendances:   choices("attendance", holdspace.Attendances, is(f.Attendance)),
		Accesses:      choices("access", holdspace.Accesses, is(f.Access)),
		Costs:         choices("cost", holdspace.Costs, is(f.Cost)),
		Accessibility: choices("accessibility", holdspace.AccessibilityOptions, in(f.Accessibility)),
		VenueTypes:    choices("venue-type", holdspace.VenueTypes, is(f.VenueType)),
		Repeats:       choices("repeat", repeatOptions, is(f.Repeat)),
		Days:          choices("days", weekdayOptions, in(f.Days)),
		Weeks:         choices("weeks", weekOptions, in(f.Weeks)),
	}
}

// readGroupForm reads the posted form.
func readGroupForm(r *http.Request) groupForm {
	set := func(name string) map[string]bool {
		m := map[string]bool{}
		for _, v := range r.PostForm[name] {
			m[v] = true
		}
		return m
	}
	v := r.PostFormValue
	return groupForm{
		Name: v("name"), Description: v("description"), Category: v("category"), Audience: v("audience"), Format: v("format"),
		Attendance: v("attendance"), Access: v("access"), Cost: v("cost"), Languages: v("languages"), Accessibility: set("accessibility"),
		VenueType: v("venue_type"), Address: v("address"), City: v("city"), Region: v("region"), Country: v("country"),
		Lat: v("lat"), Lng: v("lng"), OnlineURL: v("online_url"), Timezone: v("timezone"),
		Repeat: v("repeat"), Days: set("days"), Weeks: set("weeks"), MonthDay: v("month_day"), RRule: v("rrule"),
		StartTime: v("start_time"), Duration: v("duration"), StartsOn: v("starts_on"),
	}
}

// formOf fills the form from a stored group, for editing.
func formOf(g holdspace.Group) groupForm {
	f := groupForm{
		Name: g.Name, Description: g.Description, Category: g.Category, Audience: g.Audience, Format: g.Format,
		Attendance: g.Attendance, Access: g.Access, Cost: g.Cost, Languages: strings.Join(g.Languages, ", "),
		Accessibility: map[string]bool{}, VenueType: g.Venue.Type, Address: g.Venue.Address, City: g.Venue.City,
		Region: g.Venue.Region, Country: g.Venue.Country, OnlineURL: g.OnlineURL, Timezone: g.Timezone,
		Days: map[string]bool{}, Weeks: map[string]bool{}, RRule: g.Schedule.RRule,
		StartTime: g.Schedule.StartTime, Duration: strconv.Itoa(g.Schedule.DurationMinutes), StartsOn: g.Schedule.StartsOn,
	}
	for _, a := range g.Accessibility {
		f.Accessibility[a] = true
	}
	if g.Venue.Lat != nil {
		f.Lat = strconv.FormatFloat(*g.Venue.Lat, 'f', -1, 64)
	}
	if g.Venue.Lng != nil {
		f.Lng = strconv.FormatFloat(*g.Venue.Lng, 'f', -1, 64)
	}
	f.Repeat = "custom"
	parts := map[string]string{}
	for _, p := range strings.Split(g.Schedule.RRule, ";") {
		k, v, _ := strings.Cut(p, "=")
		parts[k] = v
	}
	simple := len(parts) <= 3 && parts["COUNT"] == "" && parts["UNTIL"] == "" && parts["BYSETPOS"] == ""
	switch {
	case !simple:
	case parts["FREQ"] == "WEEKLY" && (parts["INTERVAL"] == "" || parts["INTERVAL"] == "1" || parts["INTERVAL"] == "2"):
		f.Repeat = "weekly"
		if parts["INTERVAL"] == "2" {
			f.Repeat = "fortnightly"
		}
		for _, d := range strings.Split(parts["BYDAY"], ",") {
			f.Days[d] = true
		}
	case parts["FREQ"] == "MONTHLY" && parts["INTERVAL"] == "" && parts["BYMONTHDAY"] != "" && !strings.Contains(parts["BYMONTHDAY"], ","):
		f.Repeat, f.MonthDay = "monthly_day", parts["BYMONTHDAY"]
	case parts["FREQ"] == "MONTHLY" && parts["INTERVAL"] == "" && parts["BYDAY"] != "":
		day := ""
		ok := true
		for _, d := range strings.Split(parts["BYDAY"], ",") {
			n, wd := d[:len(d)-2], d[len(d)-2:]
			if day != "" && wd != day || n == "" {
				ok = false
			}
			day = wd
			f.Weeks[n] = true
		}
		if ok {
			f.Repeat = "monthly_nth"
			f.Days[day] = true
		} else {
			f.Weeks = map[string]bool{}
		}
	}
	if f.Repeat != "custom" {
		f.RRule = ""
	}
	return f
}

// input turns the form into the directory's input, collecting problems
// only the form can have (a latitude that is not a number).
func (f groupForm) input() (directory.Input, []*holdspace.Error) {
	var errs []*holdspace.Error
	str := func(s string) *string { return &s }
	langs := []string{}
	for _, l := range strings.FieldsFunc(f.Languages, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		langs = append(langs, l)
	}
	access := []string{}
	for _, o := range holdspace.AccessibilityOptions {
		if f.Accessibility[o.Value] {
			access = append(access, o.Value)
		}
	}
	num := func(field, s, label string) *float64 {
		s = strings.TrimSpace(s)
		if s == "" {
			return nil
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			errs = append(errs, holdspace.FieldError(field, label+" must be a number, like 51.5072"))
			return nil
		}
		return &v
	}
	venue := directory.VenueInput{Type: f.VenueType, Address: f.Address, City: f.City, Region: f.Region, Country: f.Country,
		Lat: num("venue.lat", f.Lat, "Latitude"), Lng: num("venue.lng", f.Lng, "Longitude")}
	duration, err := strconv.Atoi(strings.TrimSpace(f.Duration))
	if err != nil && strings.TrimSpace(f.Duration) != "" {
		errs = append(errs, holdspace.FieldError("schedule.duration_minutes", "Length must be a whole number of minutes, like 90"))
	}
	rrule, rerr := f.rrule()
	if rerr != nil {
		errs = append(errs, rerr)
	}
	in := directory.Input{
		Name: str(f.Name), Description: str(f.Description), Category: str(f.Category), Audience: str(f.Audience),
		Format: str(f.Format), Attendance: str(f.Attendance), Access: str(f.Access), Cost: str(f.Cost),
		Languages: &langs, Accessibility: &access, Venue: &venue, OnlineURL: str(f.OnlineURL), Timezone: str(f.Timezone),
		Schedule: &directory.ScheduleInput{RRule: rrule, StartTime: f.StartTime, DurationMinutes: duration, StartsOn: f.StartsOn},
	}
	return in, errs
}

// rrule builds the repeat rule from the friendly schedule fields.
func (f groupForm) rrule() (string, *holdspace.Error) {
	var days []string
	for _, o := range weekdayOptions {
		if f.Days[o.Value] {
			days = append(days, o.Value)
		}
	}
	switch f.Repeat {
	case "weekly", "fortnightly":
		if len(days) == 0 {
			return "", holdspace.FieldError("days", "Select the day or days the group meets")
		}
		r := "FREQ=WEEKLY;BYDAY=" + strings.Join(days, ",")
		if f.Repeat == "fortnightly" {
			r = "FREQ=WEEKLY;INTERVAL=2;BYDAY=" + strings.Join(days, ",")
		}
		return r, nil
	case "monthly_nth":
		if len(days) != 1 {
			return "", holdspace.FieldError("days", "Select the one day of the week the group meets")
		}
		var by []string
		for _, o := range weekOptions {
			if f.Weeks[o.Value] {
				by = append(by, o.Value+days[0])
			}
		}
		if len(by) == 0 {
			return "", holdspace.FieldError("weeks", "Select which weeks of the month the group meets, like the 2nd")
		}
		return "FREQ=MONTHLY;BYDAY=" + strings.Join(by, ","), nil
	case "monthly_day":
		d, err := strconv.Atoi(strings.TrimSpace(f.MonthDay))
		if err != nil || d < 1 || d > 31 {
			return "", holdspace.FieldError("month-day", "Enter the day of the month, from 1 to 31")
		}
		return fmt.Sprintf("FREQ=MONTHLY;BYMONTHDAY=%d", d), nil
	case "custom":
		if strings.TrimSpace(f.RRule) == "" {
			return "", holdspace.FieldError("rrule", "Enter a repeat rule, like FREQ=WEEKLY;BYDAY=TU")
		}
		return strings.TrimSpace(f.RRule), nil
	}
	return "", holdspace.FieldError("repeat", "Select how often the group meets")
}

// formFieldIDs maps API field names to the form's input ids.
var formFieldIDs = map[string]string{
	"name": "name", "description": "description", "category": "category", "audience": "audience", "format": "format",
	"attendance": "attendance", "access": "access", "cost": "cost", "languages": "languages", "accessibility": "accessibility",
	"venue.type": "venue-type", "venue.address": "address", "venue.city": "city", "venue.region": "region",
	"venue.country": "country", "venue.lat": "lat", "venue.lng": "lng", "online_url": "online-url", "timezone": "timezone",
	"schedule.rrule": "repeat", "schedule.start_time": "start-time", "schedule.duration_minutes": "duration",
	"schedule.starts_on": "starts-on", "days": "days", "weeks": "weeks", "month-day": "month-day", "rrule": "rrule", "repeat": "repeat",
}

// formOrder is the order fields appear in the form, for the error summary.
var formOrder = []string{"name", "description", "category", "audience", "format", "attendance", "access", "cost", "languages",
	"accessibility", "venue-type", "address", "city", "region", "country", "lat", "lng", "online-url", "timezone", "repeat",
	"days", "weeks", "month-day", "rrule", "start-time", "duration", "starts-on"}

func (p *page) addFieldErrors(errs []*holdspace.Error) {
	byID := map[string]string{}
	for _, e := range errs {
		id := formFieldIDs[e.Field]
		if id == "" {
			id = "name"
		}
		if _, dup := byID[id]; !dup {
			byID[id] = e.Message
		}
	}
	for _, id := range formOrder {
		if msg, ok := byID[id]; ok {
			p.addError(id, msg)
		}
	}
}

// groupNew is the form to create a group.
func (s *Server) groupNew(w http.ResponseWriter, r *http.Request) {
	m := s.requireMember(w, r)
	if m == nil {
		return
	}
	if !s.canCreateGroups(m) {
		s.renderStatus(w, r, http.StatusForbidden, "forbidden", nil)
		return
	}
	f := groupForm{Languages: "en", Duration: "90", Repeat: "", Accessibility: map[string]bool{}, Days: map[string]bool{}, Weeks: map[string]bool{}}
	s.render(w, r, "group_form", page{Title: "Start a group", Section: "groups", Data: f.view(false, "")})
}

// groupCreate creates the group from the form.
func (s *Server) groupCreate(w http.ResponseWriter, r *http.Request) {
	m := s.requireMember(w, r)
	if m == nil {
		return
	}
	if !s.canCreateGroups(m) {
		s.renderStatus(w, r, http.StatusForbidden, "forbidden", nil)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxGroupBody)
	f := readGroupForm(r)
	p := page{Title: "Start a group", Section: "groups", Data: f.view(false, "")}
	in, ferrs := f.input()
	g, errs, err := s.createGroup(r.Context(), m, in)
	if len(ferrs) > 0 || len(errs) > 0 {
		p.addFieldErrors(append(ferrs, errs...))
		s.render(w, r, "group_form", p)
		return
	}
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	seeOther(w, r, "/groups/"+g.Slug+"?created=1")
}

// groupEdit is the form to change a group, for its organizers.
func (s *Server) groupEdit(w http.ResponseWriter, r *http.Request) {
	g, _, ok := s.organizerGroup(w, r, false)
	if !ok {
		return
	}
	s.render(w, r, "group_form", page{Title: "Change " + g.Name, Section: "groups", Data: formOf(g).view(true, g.Slug)})
}

// groupUpdate saves the edit form.
func (s *Server) groupUpdate(w http.ResponseWriter, r *http.Request) {
	g, _, ok := s.organizerGroup(w, r, false)
	if !ok {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxGroupBody)
	f := readGroupForm(r)
	p := page{Title: "Change " + g.Name, Section: "groups", Data: f.view(true, g.Slug)}
	in, ferrs := f.input()
	updated, errs := directory.Apply(g, in)
	if len(ferrs) > 0 || len(errs) > 0 {
		p.addFieldErrors(append(ferrs, errs...))
		s.render(w, r, "group_form", p)
		return
	}
	if _, err := s.store.UpdateGroup(r.Context(), updated); err != nil {
		s.pageError(w, r, err)
		return
	}
	seeOther(w, r, "/groups/"+g.Slug+"?saved=1")
}
