package web

import (
	"encoding/json"
	"net/http"
	"sort"
	"strings"

	"holdspace/internal/crisis"
	"holdspace/internal/holdspace"
)

// regionOption is one entry of the region picker.
type regionOption struct {
	Code, Name string
	Selected   bool
}

// crisisLineView is a crisis line ready to show.
type crisisLineView struct {
	holdspace.CrisisLine
	Tel      string // the phone number for a tel: link, digits only
	ChatLink string
	ChatNote string
}

// helpView is the "Get help now" page's view model.
type helpView struct {
	Region     string
	RegionName string
	Guessed    bool
	Regions    []regionOption
	Lines      []crisisLineView
	Emergency  string
	// ZoneHint maps time zones to regions (as JSON) for the script that
	// suggests a region from the visitor's time zone.
	ZoneHint string
}

// helpShow is the "Get help now" page: crisis lines for the visitor's
// region. It needs no account, no cookie and no JavaScript. The region comes
// from ?region=, else from the browser's language (en-GB means GB), and the
// visitor can always change it.
func (s *Server) helpShow(w http.ResponseWriter, r *http.Request) {
	codes, err := s.store.CrisisRegions(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	known := map[string]bool{}
	for _, c := range codes {
		known[c] = true
	}
	v := helpView{}
	if q := strings.ToUpper(strings.TrimSpace(r.URL.Query().Get("region"))); known[q] {
		v.Region = q
	} else if g := regionFromLanguage(r.Header.Get("Accept-Language"), known); g != "" {
		v.Region, v.Guessed = g, true
	}
	for _, c := range codes {
		v.Regions = append(v.Regions, regionOption{Code: c, Name: crisis.RegionName(c), Selected: c == v.Region})
	}
	sort.Slice(v.Regions, func(i, j int) bool { return v.Regions[i].Name < v.Regions[j].Name })
	if v.Region == "" {
		hint := map[string]string{}
		for zone, region := range crisis.ZoneRegions {
			if known[region] {
				hint[zone] = region
			}
		}
		b, _ := json.Marshal(hint)
		v.ZoneHint = string(b)
	}
	if v.Region != "" {
		v.RegionName = crisis.RegionName(v.Region)
		lines, err := s.store.CrisisLines(r.Context(), v.Region)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, l := range lines {
			cv := crisisLineView{CrisisLine: l, Tel: telDigits(l.Phone)}
			cv.ChatLink, cv.ChatNote = l.ChatLink()
			v.Lines = append(v.Lines, cv)
			if v.Emergency == "" {
				v.Emergency = l.EmergencyNumber
			}
		}
	}
	s.render(w, r, "help", page{Title: "Get help now", Section: "help", Data: v})
}

// regionFromLanguage guesses a region from Accept-Language: the first tag
// with a region we have lines for.
func regionFromLanguage(header string, known map[string]bool) string {
	for _, part := range strings.Split(header, ",") {
		tag, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		sub := strings.Split(strings.ReplaceAll(tag, "_", "-"), "-")
		for _, s := range sub[1:] {
			if len(s) == 2 && known[strings.ToUpper(s)] {
				return strings.ToUpper(s)
			}
		}
	}
	return ""
}

// telDigits keeps what a tel: link needs from a number as published
// ("116 123" → "116123"); text after the number, if any, is dropped.
func telDigits(phone string) string {
	var b strings.Builder
	for _, r := range phone {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && b.Len() == 0:
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '.' || r == '(' || r == ')':
		default:
			if b.Len() > 0 {
				return b.String()
			}
		}
	}
	return b.String()
}

// crisisResourceJSON is one line in the API.
type crisisResourceJSON struct {
	Region          string `json:"region"`
	Name            string `json:"name"`
	Phone           string `json:"phone,omitempty"`
	Text            string `json:"text,omitempty"`
	ChatURL         string `json:"chat_url,omitempty"`
	Hours           string `json:"hours,omitempty"`
	Languages       string `json:"languages,omitempty"`
	EmergencyNumber string `json:"emergency_number,omitempty"`
}

// apiCrisisResources lists crisis lines for ?region=XX (ISO 3166-1
// alpha-2), or every region's when none is given.
func (s *Server) apiCrisisResources(w http.ResponseWriter, r *http.Request) {
	region := strings.ToUpper(strings.TrimSpace(r.URL.Query().Get("region")))
	if region != "" && (len(region) != 2 || strings.Trim(region, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "") {
		s.apiError(w, r, holdspace.FieldError("region", "region must be a two-letter country code (ISO 3166-1 alpha-2), like GB"))
		return
	}
	lines, err := s.store.CrisisLines(r.Context(), region)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out := struct {
		Region    string               `json:"region,omitempty"`
		Resources []crisisResourceJSON `json:"resources"`
	}{Region: region, Resources: []crisisResourceJSON{}}
	for _, l := range lines {
		link, _ := l.ChatLink()
		out.Resources = append(out.Resources, crisisResourceJSON{
			Region: l.Region, Name: l.Name, Phone: l.Phone, Text: l.Text, ChatURL: link,
			Hours: l.Hours, Languages: l.Languages, EmergencyNumber: l.EmergencyNumber,
		})
	}
	writeJSON(w, http.StatusOK, out)
}
