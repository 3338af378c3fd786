package web

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"holdspace/internal/directory"
	"holdspace/internal/holdspace"
	"holdspace/internal/schedule"
	"holdspace/internal/sqlstore"
)

// Limits on a search as the visitor gives it.
const (
	searchTextMax     = 200
	searchRadiusMax   = 500.0
	searchRadiusKM    = 25.0
	searchWithinMax   = 168
	searchPageSize    = 20
	searchPagesMax    = 500 // numbered pages shown; narrow the search for more
	searchHintFilters = 16  // at most this many re-counts for the empty-result hint
)

// searchForm is a search as the visitor typed it, to show again.
type searchForm struct {
	Q, Category, Audience, Format, Attendance, Access, Cost, Language string
	Accessibility                                                     []string
	Day, TZ, WithinHours, Near, RadiusKM                              string
	Today                                                             bool
}

// dayCodes are the two-letter weekday names the day filter takes, Sunday
// first like time.Weekday.
var dayCodes = []string{"su", "mo", "tu", "we", "th", "fr", "sa"}

// parseSearch reads a search from the query string and checks it. Every
// problem is returned, in the order the form shows the fields, each naming
// the parameter it is about.
func parseSearch(v url.Values) (searchForm, sqlstore.GroupQuery, []*holdspace.Error) {
	get := func(k string) string { return strings.TrimSpace(v.Get(k)) }
	f := searchForm{Q: get("q"), Category: get("category"), Audience: get("audience"), Format: get("format"),
		Attendance: get("attendance"), Access: get("access"), Cost: get("cost"), Language: get("language"),
		Day: get("day"), TZ: get("tz"), WithinHours: get("within_hours"), Near: get("near"), RadiusKM: get("radius_km")}
	for _, a := range v["accessibility"] {
		if a = strings.TrimSpace(a); a != "" {
			f.Accessibility = append(f.Accessibility, a)
		}
	}
	var errs []*holdspace.Error
	bad := func(field, msg string) { errs = append(errs, holdspace.FieldError(field, msg)) }
	q := sqlstore.GroupQuery{Text: f.Q, Category: f.Category, Audience: f.Audience, Format: f.Format,
		Attendance: f.Attendance, Access: f.Access, Cost: f.Cost, Accessibility: f.Accessibility}

	if utf8.RuneCountInString(f.Q) > searchTextMax {
		bad("q", fmt.Sprintf("Search words must be %d characters or less", searchTextMax))
	}
	for _, c := range []struct {
		field, value, what string
		opts               []holdspace.Option
	}{
		{"category", f.Category, "a kind of group", holdspace.Categories},
		{"audience", f.Audience, "who the group is for", holdspace.Audiences},
		{"format", f.Format, "how the group runs", holdspace.Formats},
		{"attendance", f.Attendance, "how the group meets", holdspace.Attendances},
		{"access", f.Access, "open or closed", holdspace.Accesses},
		{"cost", f.Cost, "a cost", holdspace.Costs},
	} {
		if c.value != "" && !holdspace.ValidOption(c.opts, c.value) {
			bad(c.field, fmt.Sprintf("Select %s from the list: one of %s", c.what, optionValues(c.opts)))
		}
	}
	if f.Language != "" {
		tag, err := language.Parse(f.Language)
		if err != nil {
			bad("language", "Enter a language code like en, es or pt-BR")
		} else {
			q.Language = tag.String()
		}
	}
	for _, a := range f.Accessibility {
		if !holdspace.ValidOption(holdspace.AccessibilityOptions, a) {
			bad("accessibility", "Select accessibility needs from the list: "+optionValues(holdspace.AccessibilityOptions))
			break
		}
	}
	if f.Day != "" {
		d, ok := parseDay(f.Day)
		if !ok {
			bad("day", "Select a day: 0 to 6 (0 is Sunday) or mo, tu, we, th, fr, sa, su")
		} else {
			q.Day, q.HasDay = d, true
			f.Day = dayCodes[d]
		}
	}
	switch strings.ToLower(get("today")) {
	case "", "0", "false", "off", "no":
	case "1", "true", "on", "yes":
		f.Today, q.Today = true, true
	default:
		bad("today", "Today must be 1 (only groups meeting today) or 0")
	}
	q.Zone = time.UTC
	if f.TZ != "" {
		loc, err := schedule.LoadLocation(f.TZ)
		if err != nil {
			bad("tz", "Enter a time zone like Europe/London")
		} else {
			q.Zone = loc
		}
	}
	if f.WithinHours != "" {
		n, err := strconv.Atoi(f.WithinHours)
		if err != nil || n < 1 || n > searchWithinMax {
			bad("within_hours", fmt.Sprintf("Starting within must be a whole number of hours from 1 to %d", searchWithinMax))
		} else {
			q.WithinHours = n
		}
	}
	if f.Near != "" {
		lat, lng, msg := parseNear(f.Near)
		if msg != "" {
			bad("near", msg)
		} else {
			q.Near, q.Lat, q.Lng = true, lat, lng
		}
	}
	q.RadiusKM = searchRadiusKM
	if f.RadiusKM != "" {
		r, err := strconv.ParseFloat(f.RadiusKM, 64)
		switch {
		case err != nil || math.IsNaN(r) || math.IsInf(r, 0):
			bad("radius_km", "Distance must be a number of kilometres, like 25")
		case r <= 0 || r > searchRadiusMax:
			bad("radius_km", fmt.Sprintf("Distance must be more than 0 km and at most %.0f km", searchRadiusMax))
		default:
			q.RadiusKM = r
		}
	}
	q.Limit = searchPageSize
	if l := get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 {
			bad("limit", fmt.Sprintf("limit must be a whole number from 1 to %d", sqlstore.MaxSearchLimit))
		} else {
			q.Limit = min(n, sqlstore.MaxSearchLimit)
		}
	}
	return f, q, errs
}

func optionValues(opts []holdspace.Option) string {
	vals := make([]string, len(opts))
	for i, o := range opts {
		vals[i] = o.Value
	}
	return strings.Join(vals, ", ")
}

// parseDay reads 0 to 6 (0 is Sunday), a two-letter code or an English
// day name.
func parseDay(s string) (time.Weekday, bool) {
	s = strings.ToLower(s)
	if n, err := strconv.Atoi(s); err == nil {
		return time.Weekday(n), n >= 0 && n <= 6
	}
	for d := time.Sunday; d <= time.Saturday; d++ {
		name := strings.ToLower(d.String())
		if s == dayCodes[d] || s == name || s == name[:3] {
			return d, true
		}
	}
	return 0, false
}

// parseNear reads "LAT,LNG" and returns a message for a person if it is
// not a place on Earth.
func parseNear(s string) (lat, lng float64, msg string) {
	parts := strings.Split(s, ",")
	if len(parts) != 2 {
		return 0, 0, "Enter a place as latitude and longitude, like 51.51,-0.13"
	}
	var err1, err2 error
	lat, err1 = strconv.ParseFloat(strings.TrimSpace(parts[0]), 64)
	lng, err2 = strconv.ParseFloat(strings.TrimSpace(parts[1]), 64)
	switch {
	case err1 != nil || err2 != nil || math.IsNaN(lat) || math.IsNaN(lng) || math.IsInf(lat, 0) || math.IsInf(lng, 0):
		return 0, 0, "Enter a place as latitude and longitude, like 51.51,-0.13"
	case lat < -90 || lat > 90:
		return 0, 0, "Latitude must be between -90 and 90"
	case lng < -180 || lng > 180:
		return 0, 0, "Longitude must be between -180 and 180"
	}
	return lat, lng, ""
}

// searchResultsJSON is the answer of GET /api/v1/groups.
type searchResultsJSON struct {
	Groups []groupJSON `json:"groups"`
	// Next continues the search (pass it back as ?cursor=); "" at the end.
	Next string `json:"next"`
	// Hint, when nothing matches, names the filter to drop.
	Hint *searchHint `json:"hint,omitempty"`
}

// apiGroupSearch is GET /api/v1/groups: the directory search. Results
// show what anyone may see, even to the group's own members.
func (s *Server) apiGroupSearch(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	_, q, errs := parseSearch(v)
	if len(errs) > 0 {
		s.apiFieldErrors(w, errs)
		return
	}
	q.Cursor = v.Get("cursor")
	res, err := s.store.SearchGroups(r.Context(), q)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out := searchResultsJSON{Groups: make([]groupJSON, 0, len(res.Hits)), Next: res.Next}
	for _, h := range res.Hits {
		out.Groups = append(out.Groups, s.hitJSON(h))
	}
	if len(res.Hits) == 0 && q.Cursor == "" {
		if out.Hint, err = s.searchHint(r.Context(), q); err != nil {
			s.apiError(w, r, err)
			return
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// hitJSON shows a search result as the public sees it.
func (s *Server) hitJSON(h sqlstore.GroupHit) groupJSON {
	j := s.toGroupJSON(h.Group, directory.Viewer{}, h.Schedule, h.Exceptions)
	if h.HasDistance {
		d := math.Round(h.DistanceKM*100) / 100
		j.DistanceKM = &d
	}
	return j
}

// searchHint says which filter to drop when nothing matches.
type searchHint struct {
	Field   string `json:"field"`
	Label   string `json:"label"`
	Count   int    `json:"count"`
	Message string `json:"message"`
	value   string // for accessibility: the one need to drop
}

// relaxation is a search with one filter taken off.
type relaxation struct {
	field, label, value string
	drop                func(q *sqlstore.GroupQuery)
}

// relaxations lists the filters of q, in form order, each with how to drop
// it.
func relaxations(q sqlstore.GroupQuery) []relaxation {
	var out []relaxation
	add := func(field, label string, drop func(q *sqlstore.GroupQuery)) {
		out = append(out, relaxation{field: field, label: label, drop: drop})
	}
	if len(sqlstore.SearchWords(q.Text)) > 0 {
		add("q", q.Text, func(q *sqlstore.GroupQuery) { q.Text = "" })
	}
	for _, c := range []struct {
		field, value string
		opts         []holdspace.Option
		clear        func(q *sqlstore.GroupQuery)
	}{
		{"category", q.Category, holdspace.Categories, func(q *sqlstore.GroupQuery) { q.Category = "" }},
		{"audience", q.Audience, holdspace.Audiences, func(q *sqlstore.GroupQuery) { q.Audience = "" }},
		{"format", q.Format, holdspace.Formats, func(q *sqlstore.GroupQuery) { q.Format = "" }},
		{"attendance", q.Attendance, holdspace.Attendances, func(q *sqlstore.GroupQuery) { q.Attendance = "" }},
		{"access", q.Access, []holdspace.Option{{Value: "open", Label: "Open"}, {Value: "closed", Label: "Closed"}}, func(q *sqlstore.GroupQuery) { q.Access = "" }},
		{"cost", q.Cost, holdspace.Costs, func(q *sqlstore.GroupQuery) { q.Cost = "" }},
	} {
		if c.value != "" {
			add(c.field, holdspace.Label(c.opts, c.value), c.clear)
		}
	}
	if q.Language != "" {
		add("language", languageName(q.Language), func(q *sqlstore.GroupQuery) { q.Language = "" })
	}
	for _, a := range q.Accessibility {
		add("accessibility", holdspace.Label(holdspace.AccessibilityOptions, a), func(q *sqlstore.GroupQuery) {
			var keep []string
			for _, b := range q.Accessibility {
				if b != a {
					keep = append(keep, b)
				}
			}
			q.Accessibility = keep
		})
		out[len(out)-1].value = a
	}
	if q.HasDay {
		add("day", q.Day.String()+"s", func(q *sqlstore.GroupQuery) { q.HasDay = false })
	}
	if q.Today {
		add("today", "Today", func(q *sqlstore.GroupQuery) { q.Today = false })
	}
	if q.WithinHours > 0 {
		add("within_hours", fmt.Sprintf("Starting within %s", plural(q.WithinHours, "hour", "hours")), func(q *sqlstore.GroupQuery) { q.WithinHours = 0 })
	}
	if q.Near {
		add("near", fmt.Sprintf("Within %s km", strconv.FormatFloat(q.RadiusKM, 'f', -1, 64)), func(q *sqlstore.GroupQuery) { q.Near = false })
	}
	return out
}

// searchHint counts the results of q without each of its filters in turn
// and names the one whose removal leaves the fewest groups but some: the
// smallest change that finds something. It returns nil when no single
// filter would help.
func (s *Server) searchHint(ctx context.Context, q sqlstore.GroupQuery) (*searchHint, error) {
	var best *searchHint
	for i, rx := range relaxations(q) {
		if i == searchHintFilters {
			break
		}
		try := q
		try.Accessibility = append([]string(nil), q.Accessibility...)
		rx.drop(&try)
		try.Limit, try.Count, try.Cursor, try.Offset = 1, true, "", 0
		res, err := s.store.SearchGroups(ctx, try)
		if err != nil {
			return nil, err
		}
		if res.Total > 0 && (best == nil || res.Total < best.Count) {
			best = &searchHint{Field: rx.field, Label: rx.label, Count: res.Total, value: rx.value}
		}
	}
	if best != nil {
		best.Message = fmt.Sprintf("No groups match. Try without '%s', which leaves %s.", best.Label, plural(best.Count, "group", "groups"))
	}
	return best, nil
}

func languageName(tag string) string {
	t, err := language.Parse(tag)
	if err != nil {
		return tag
	}
	if name := display.English.Tags().Name(t); name != "" {
		return name
	}
	return tag
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return formatCount(n) + " " + many
}

// formatCount writes n with thousands separators: 1,234,567.
func formatCount(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// filterChoices makes the radios for a filter: "Any" first (checked when
// the filter is not set; it is a default, not an answer), then each
// option. The first has the bare field id so the error summary can link
// to it.
func filterChoices(field, anyLabel, selected string, opts []holdspace.Option) []choice {
	all := append([]holdspace.Option{{Value: "", Label: anyLabel}}, opts...)
	return choices(field, all, func(v string) bool { return v == selected })
}

// selectOption is one option of a <select>.
type selectOption struct {
	Value, Label string
	Selected     bool
}

// searchResult is one group in the results list, public details only.
type searchResult struct {
	Card     groupCard
	NextISO  string
	NextText string
	Distance string
	Format   string
}

// pageLink is one numbered link in the pagination.
type pageLink struct {
	Number  int
	URL     string
	Current bool
	Gap     bool // an ellipsis instead of a link
}

// searchView is the "Find a group" page's view model.
type searchView struct {
	Form                                                  searchForm
	AnyFilter                                             bool
	FilterCount                                           int
	Categories, Audiences, Formats, Attendances, Accesses []choice
	Costs, Accessibility, Today                           []choice
	Days, Within, Radii                                   []selectOption
	Searched                                              bool // the form had no errors, so there are results to show
	Results                                               []searchResult
	Total                                                 int
	TotalText                                             string
	Page, Pages, Start                                    int
	Capped                                                bool
	PrevURL, NextURL                                      string
	PageLinks                                             []pageLink
	Hint                                                  *searchHint
	HintURL                                               string
	Near                                                  bool
}

// groupSearch is the "Find a group" page: the same search as the API as a
// GET form that needs no JavaScript and no account, with numbered pages.
func (s *Server) groupSearch(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	v.Del("limit") // pages are always searchPageSize long
	f, q, errs := parseSearch(v)
	view := s.searchView(f)
	p := page{Title: "Find a group", Section: "groups", Data: &view}
	if f.Q != "" {
		p.Title += ": " + f.Q
	}
	if len(errs) > 0 {
		for _, e := range errs {
			id := e.Field
			if id == "tz" {
				id = "today" // the zone is a hidden field that goes with Today
			}
			p.addError(id, e.Message)
		}
		s.render(w, r, "groups", p)
		return
	}
	num := 1
	if n, err := strconv.Atoi(v.Get("page")); err == nil && n > 1 {
		num = n
	}
	q.Limit = searchPageSize
	q.Offset = (num - 1) * searchPageSize
	q.Count = true
	res, err := s.store.SearchGroups(r.Context(), q)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	pages := min((res.Total+searchPageSize-1)/searchPageSize, searchPagesMax)
	if num > 1 && num > pages {
		// Out of range: back to the first page of the same search.
		http.Redirect(w, r, searchURL(v, 1), http.StatusSeeOther)
		return
	}
	view.Searched, view.Near = true, q.Near
	view.Total, view.Page, view.Pages, view.Start = res.Total, num, pages, q.Offset+1
	view.Capped = res.Total > searchPagesMax*searchPageSize
	view.TotalText = plural(res.Total, "group found", "groups found")
	for _, h := range res.Hits {
		view.Results = append(view.Results, s.searchResult(h))
	}
	if pages > 1 {
		p.Title += fmt.Sprintf(" (page %d of %d)", num, pages)
		if num > 1 {
			view.PrevURL = searchURL(v, num-1)
		}
		if num < pages {
			view.NextURL = searchURL(v, num+1)
		}
		view.PageLinks = pageLinks(v, num, pages)
	}
	if res.Total == 0 && view.AnyFilter {
		if view.Hint, err = s.searchHint(r.Context(), q); err != nil {
			s.pageError(w, r, err)
			return
		}
		if view.Hint != nil {
			view.HintURL = hintURL(v, view.Hint)
		}
	}
	s.render(w, r, "groups", p)
}

// searchResult shows a hit with nothing private in it.
func (s *Server) searchResult(h sqlstore.GroupHit) searchResult {
	g := directory.Public(h.Group, directory.Viewer{})
	out := searchResult{Card: s.card(g), Format: holdspace.Label(holdspace.Formats, g.Format)}
	if !h.Next.IsZero() {
		out.NextISO = h.Next.Format(time.RFC3339)
		out.NextText = h.Next.Format("Monday 2 January, 15:04 MST")
	}
	if h.HasDistance {
		out.Distance = strconv.FormatFloat(math.Round(h.DistanceKM*10)/10, 'f', -1, 64) + " km away"
	}
	return out
}

// searchView fills in the form's options from what the visitor chose.
func (s *Server) searchView(f searchForm) searchView {
	v := searchView{Form: f}
	for _, set := range []bool{f.Category != "", f.Audience != "", f.Format != "", f.Attendance != "", f.Access != "",
		f.Cost != "", f.Language != "", len(f.Accessibility) > 0, f.Day != "", f.Today, f.WithinHours != "", f.Near != ""} {
		if set {
			v.FilterCount++
		}
	}
	v.AnyFilter = v.FilterCount > 0 || f.Q != ""
	v.Categories = filterChoices("category", "Any kind", f.Category, holdspace.Categories)
	v.Audiences = filterChoices("audience", "Anyone", f.Audience, holdspace.Audiences)
	v.Formats = filterChoices("format", "Any way", f.Format, holdspace.Formats)
	v.Attendances = filterChoices("attendance", "Either", f.Attendance, holdspace.Attendances)
	v.Accesses = filterChoices("access", "Either", f.Access, holdspace.Accesses)
	v.Costs = filterChoices("cost", "Any cost", f.Cost, holdspace.Costs)
	v.Accessibility = choices("accessibility", holdspace.AccessibilityOptions, func(val string) bool {
		return containsString(f.Accessibility, val)
	})
	v.Today = []choice{{ID: "today", Value: "1", Label: "Meets today", Checked: f.Today}}
	v.Days = []selectOption{{Value: "", Label: "Any day", Selected: f.Day == ""}}
	for i := 1; i <= 7; i++ {
		d := time.Weekday(i % 7) // Monday first
		v.Days = append(v.Days, selectOption{Value: dayCodes[d], Label: d.String(), Selected: f.Day == dayCodes[d]})
	}
	v.Within = []selectOption{{Value: "", Label: "Any time", Selected: f.WithinHours == ""}}
	hours := []int{1, 2, 3, 6, 12, 24, 48}
	if n, err := strconv.Atoi(f.WithinHours); err == nil && n > 0 && !containsInt(hours, n) {
		hours = append(hours, n)
	}
	for _, h := range hours {
		val := strconv.Itoa(h)
		v.Within = append(v.Within, selectOption{Value: val, Label: "Within " + plural(h, "hour", "hours"), Selected: f.WithinHours == val})
	}
	radius := f.RadiusKM
	if radius == "" {
		radius = "25"
	}
	radii := []string{"5", "10", "25", "50", "100", "250", "500"}
	if !containsString(radii, radius) {
		radii = append(radii, radius)
	}
	for _, r := range radii {
		v.Radii = append(v.Radii, selectOption{Value: r, Label: r + " km", Selected: r == radius})
	}
	return v
}

func containsInt(list []int, n int) bool {
	for _, x := range list {
		if x == n {
			return true
		}
	}
	return false
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// searchURL is the address of page n of the search in v.
func searchURL(v url.Values, n int) string {
	c := url.Values{}
	for k, vals := range v {
		if k != "page" && k != "cursor" {
			c[k] = vals
		}
	}
	if n > 1 {
		c.Set("page", strconv.Itoa(n))
	}
	if len(c) == 0 {
		return "/groups"
	}
	return "/groups?" + c.Encode()
}

// hintURL is the search in v without the filter the hint names.
func hintURL(v url.Values, h *searchHint) string {
	c := url.Values{}
	for k, vals := range v {
		c[k] = vals
	}
	switch h.Field {
	case "near":
		c.Del("near")
		c.Del("radius_km")
	case "accessibility":
		var keep []string
		for _, a := range c["accessibility"] {
			if strings.TrimSpace(a) != h.value {
				keep = append(keep, a)
			}
		}
		c["accessibility"] = keep
	default:
		c.Del(h.Field)
	}
	return searchURL(c, 1)
}

// pageLinks numbers the first and last page and those around the current
// one, with gaps between.
func pageLinks(v url.Values, cur, pages int) []pageLink {
	var out []pageLink
	last := 0
	for n := 1; n <= pages; n++ {
		if n != 1 && n != pages && (n < cur-2 || n > cur+2) {
			continue
		}
		if last != 0 && n > last+1 {
			out = append(out, pageLink{Gap: true})
		}
		out = append(out, pageLink{Number: n, URL: searchURL(v, n), Current: n == cur})
		last = n
	}
	return out
}
