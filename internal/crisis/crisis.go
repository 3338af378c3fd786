// Package crisis reads and writes the crisis-line table as CSV, the form the
// site operator maintains it in (`holdspace admin crisis import|export`), and
// carries the seed table that a new site starts with.
package crisis

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"

	"holdspace/internal/holdspace"
)

// seedCSV is the sourced table of national crisis lines Holdspace ships with
// (46 lines in 26 countries, each with its sources and a confidence). Numbers
// are copied as published and never edited from memory.
//
//go:embed crisis-lines.csv
var seedCSV []byte

// Seed returns the shipped crisis lines.
func Seed() []holdspace.CrisisLine {
	lines, err := Parse(bytes.NewReader(seedCSV))
	if err != nil {
		panic("shipped crisis-lines.csv is invalid: " + err.Error())
	}
	return lines
}

// Columns are the CSV header, in order. "country" holds the ISO 3166-1
// alpha-2 region code.
var Columns = []string{"country", "name", "phone", "text", "chat_url", "hours", "languages", "emergency_number", "confidence", "sources"}

// Parse reads a crisis-line CSV with the Columns header (in any order; extra
// columns are refused so a typo is not silently ignored). Every problem is
// reported with its line number and nothing is returned unless the whole
// file is good.
func Parse(r io.Reader) ([]holdspace.CrisisLine, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		return nil, errors.New("the file is empty: it needs a header line (" + strings.Join(Columns, ",") + ")")
	}
	if err != nil {
		return nil, fmt.Errorf("read header: %w", err)
	}
	index := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		known := false
		for _, c := range Columns {
			if h == c {
				known = true
			}
		}
		if !known {
			return nil, fmt.Errorf("line 1: unknown column %q; the columns are %s", h, strings.Join(Columns, ","))
		}
		index[h] = i
	}
	for _, need := range []string{"country", "name"} {
		if _, ok := index[need]; !ok {
			return nil, fmt.Errorf("line 1: the %q column is missing", need)
		}
	}
	var out []holdspace.CrisisLine
	var problems []string
	position := map[string]int{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		get := func(col string) string {
			if i, ok := index[col]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		l := holdspace.CrisisLine{
			Region: strings.ToUpper(get("country")), Name: get("name"), Phone: get("phone"), Text: get("text"),
			ChatURL: get("chat_url"), Hours: get("hours"), Languages: get("languages"),
			EmergencyNumber: get("emergency_number"), Confidence: get("confidence"), Sources: get("sources"),
		}
		switch {
		case len(l.Region) != 2 || l.Region[0] < 'A' || l.Region[0] > 'Z' || l.Region[1] < 'A' || l.Region[1] > 'Z':
			problems = append(problems, fmt.Sprintf("line %d: country %q must be a two-letter code like GB", line, get("country")))
			continue
		case l.Name == "":
			problems = append(problems, fmt.Sprintf("line %d: name is empty", line))
			continue
		case l.Phone == "" && l.Text == "" && l.ChatURL == "":
			problems = append(problems, fmt.Sprintf("line %d: %q has no phone, text or chat link", line, l.Name))
			continue
		}
		if link, _ := l.ChatLink(); link != "" {
			// A note may follow the address; the address itself must be one.
			if u, err := url.Parse(link); err != nil || u.Host == "" {
				problems = append(problems, fmt.Sprintf("line %d: chat_url %q does not start with a web address", line, l.ChatURL))
				continue
			}
		} else if strings.Contains(l.ChatURL, "://") {
			problems = append(problems, fmt.Sprintf("line %d: chat_url %q must start with https:// or http://", line, l.ChatURL))
			continue
		}
		l.Position = position[l.Region]
		position[l.Region]++
		out = append(out, l)
	}
	if len(problems) > 0 {
		return nil, errors.New(strings.Join(problems, "\n"))
	}
	if len(out) == 0 {
		return nil, errors.New("the file has a header but no crisis lines")
	}
	return out, nil
}

// Write writes lines as CSV with the Columns header; Parse reads it back.
func Write(w io.Writer, lines []holdspace.CrisisLine) error {
	cw := csv.NewWriter(w)
	cw.Write(Columns)
	for _, l := range lines {
		cw.Write([]string{l.Region, l.Name, l.Phone, l.Text, l.ChatURL, l.Hours, l.Languages, l.EmergencyNumber, l.Confidence, l.Sources})
	}
	cw.Flush()
	return cw.Error()
}

// RegionNames are the names of the regions in the seed table, for the region
// picker. An operator who adds a region not listed here sees its code.
var RegionNames = map[string]string{
	"AR": "Argentina", "AU": "Australia", "BR": "Brazil", "CA": "Canada", "DE": "Germany", "DK": "Denmark",
	"ES": "Spain", "FI": "Finland", "FR": "France", "GB": "United Kingdom", "IE": "Ireland", "IN": "India",
	"IT": "Italy", "JP": "Japan", "KR": "South Korea", "MX": "Mexico", "NL": "Netherlands", "NO": "Norway",
	"NZ": "New Zealand", "PH": "Philippines", "PL": "Poland", "PT": "Portugal", "SE": "Sweden",
	"SG": "Singapore", "US": "United States", "ZA": "South Africa",
}

// RegionName returns the name of a region code, or the code.
func RegionName(code string) string {
	if n, ok := RegionNames[code]; ok {
		return n
	}
	return code
}

// ZoneRegions maps the IANA time zones of the seeded regions to their
// region, so the "Get help now" page can suggest a region from the
// visitor's time zone. A zone not listed suggests nothing.
var ZoneRegions = map[string]string{
	"America/Argentina/Buenos_Aires": "AR", "America/Argentina/Cordoba": "AR", "America/Buenos_Aires": "AR",
	"Australia/Sydney": "AU", "Australia/Melbourne": "AU", "Australia/Brisbane": "AU", "Australia/Perth": "AU",
	"Australia/Adelaide": "AU", "Australia/Hobart": "AU", "Australia/Darwin": "AU", "Australia/Canberra": "AU",
	"America/Sao_Paulo": "BR", "America/Manaus": "BR", "America/Fortaleza": "BR", "America/Recife": "BR", "America/Bahia": "BR",
	"America/Toronto": "CA", "America/Vancouver": "CA", "America/Edmonton": "CA", "America/Winnipeg": "CA",
	"America/Halifax": "CA", "America/St_Johns": "CA", "America/Regina": "CA", "America/Montreal": "CA",
	"Europe/Berlin": "DE", "Europe/Copenhagen": "DK", "Europe/Madrid": "ES", "Atlantic/Canary": "ES", "Africa/Ceuta": "ES",
	"Europe/Helsinki": "FI", "Europe/Paris": "FR", "Europe/London": "GB", "Europe/Belfast": "GB", "Europe/Dublin": "IE",
	"Asia/Kolkata": "IN", "Asia/Calcutta": "IN", "Europe/Rome": "IT", "Asia/Tokyo": "JP", "Asia/Seoul": "KR",
	"America/Mexico_City": "MX", "America/Monterrey": "MX", "America/Tijuana": "MX", "America/Cancun": "MX",
	"America/Merida": "MX", "America/Chihuahua": "MX", "America/Hermosillo": "MX", "America/Mazatlan": "MX",
	"Europe/Amsterdam": "NL", "Europe/Oslo": "NO", "Pacific/Auckland": "NZ", "Pacific/Chatham": "NZ",
	"Asia/Manila": "PH", "Europe/Warsaw": "PL", "Europe/Lisbon": "PT", "Atlantic/Azores": "PT", "Atlantic/Madeira": "PT",
	"Europe/Stockholm": "SE", "Asia/Singapore": "SG",
	"America/New_York": "US", "America/Chicago": "US", "America/Denver": "US", "America/Los_Angeles": "US",
	"America/Phoenix": "US", "America/Anchorage": "US", "Pacific/Honolulu": "US", "America/Detroit": "US",
	"America/Indiana/Indianapolis": "US", "America/Boise": "US", "America/Kentucky/Louisville": "US", "America/Puerto_Rico": "US",
	"Africa/Johannesburg": "ZA",
}
