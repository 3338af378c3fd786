package meetingguide

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ParseCSV reads a meeting list in table form: the 12 Step Meeting List
// plugin's import template, or a sheet laid out as the spec's "Table Format"
// describes. The first row holds the column headings, in any order, as plain
// words for the JSON keys ("Conference URL" for conference_url, "ID" for the
// slug). Days are names ("Monday"), times are as people write them
// ("7:00 PM"), types are names or codes separated by commas ("Open,
// Wheelchair Access"), regions are separated by ">".
//
// "Address" holds the whole address in the plugin's template; it is read as
// formatted_address unless the row also has a city, state, postal code or
// country, when it is the street address.
//
// Blank rows are skipped. Every other row becomes a meeting or is named in
// Feed.Problems, as with Parse. A file that is not valid CSV returns a
// *SyntaxError. Commas, semicolons or tabs separate the cells, whichever the
// heading row uses.
func ParseCSV(r io.Reader) (Feed, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return Feed{}, fmt.Errorf("read feed: %w", err)
	}
	body := bytes.TrimPrefix(data, utf8BOM)
	if len(bytes.TrimSpace(body)) == 0 {
		return Feed{}, &SyntaxError{Format: "CSV", Line: 1, Column: 1, Msg: "the file is empty"}
	}

	cr := csv.NewReader(bytes.NewReader(body))
	cr.Comma = sniffDelimiter(body)
	cr.FieldsPerRecord = -1 // short rows are common in sheet exports
	headings, err := cr.Read()
	if err != nil {
		return Feed{}, csvSyntaxError(body, err)
	}

	p := newParser(true)
	keys := make([]string, len(headings))
	taken := map[string]bool{}
	for i, h := range headings {
		h = strings.TrimSpace(strings.ToValidUTF8(h, "\uFFFD"))
		k := csvKey(h)
		switch {
		case h == "":
		case k == "" || !knownKeys[k] && k != "address":
			p.unused[h] = true
		case taken[k]:
			p.unused[h+" (an earlier column gives "+k+")"] = true
		default:
			keys[i] = k
			taken[k] = true
		}
	}

	for index := 0; ; index++ {
		record, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return Feed{}, csvSyntaxError(body, err)
		}
		line, _ := cr.FieldPos(0)
		blank := true
		for _, cell := range record {
			if strings.TrimSpace(cell) != "" {
				blank = false
				break
			}
		}
		if blank {
			continue
		}
		obj := map[string]any{}
		for i, cell := range record {
			if i >= len(keys) || keys[i] == "" {
				continue
			}
			obj[keys[i]] = strings.ToValidUTF8(cell, "\uFFFD")
		}
		if a, ok := obj["address"]; ok {
			delete(obj, "address")
			hasParts := false
			for _, k := range []string{"city", "state", "postal_code", "country", "formatted_address"} {
				if s, _ := obj[k].(string); strings.TrimSpace(s) != "" {
					hasParts = true
				}
			}
			if hasParts {
				obj["address"] = a
			} else {
				obj["formatted_address"] = a
			}
		}
		var extra []fieldProblem
		if n := nonBlankBeyond(record, len(headings)); n > 0 {
			extra = append(extra, fieldProblem{"", fmt.Sprintf("the row has %d filled cells past the last heading; left out", n)})
		}
		p.add(index, line, obj, extra...)
	}
	return p.finish(), nil
}

func nonBlankBeyond(record []string, n int) int {
	count := 0
	for i := n; i < len(record); i++ {
		if strings.TrimSpace(record[i]) != "" {
			count++
		}
	}
	return count
}

// csvKey turns a heading into the JSON key it stands for: "Conference URL"
// becomes conference_url, "Contact 1 Name" contact_1_name.
func csvKey(heading string) string {
	var b strings.Builder
	underscore := false
	for _, r := range strings.ToLower(heading) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if underscore && b.Len() > 0 {
				b.WriteByte('_')
			}
			underscore = false
			b.WriteRune(r)
		} else {
			underscore = true
		}
	}
	k := b.String()
	if alias, ok := csvAliases[k]; ok {
		return alias
	}
	return k
}

// csvAliases are headings sheets use that are not the plain-language JSON
// key. "ID" is the spec's name for the slug column in a Google Sheet.
var csvAliases = map[string]string{
	"id":           "slug",
	"full_address": "formatted_address",
	"zip":          "postal_code",
	"zip_code":     "postal_code",
	"postcode":     "postal_code",
	"subregion":    "sub_region",
	"type":         "types",
	"days":         "day",
	"start_time":   "time",
	"lat":          "latitude",
	"lng":          "longitude",
	"lon":          "longitude",
	"website_1":    "website",
	"pay_pal":      "paypal",
}

// sniffDelimiter picks the separator the heading row uses most.
func sniffDelimiter(body []byte) rune {
	first, _, _ := bytes.Cut(body, []byte("\n"))
	best, bestCount := ',', bytes.Count(first, []byte(","))
	for _, d := range []rune{';', '\t'} {
		if n := bytes.Count(first, []byte(string(d))); n > bestCount {
			best, bestCount = d, n
		}
	}
	return best
}

// csvSyntaxError converts encoding/csv's error, whose column counts bytes,
// into a *SyntaxError whose column counts characters.
func csvSyntaxError(body []byte, err error) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return fmt.Errorf("read feed: %w", err)
	}
	col := pe.Column
	lines := bytes.SplitN(body, []byte("\n"), pe.Line+1)
	if pe.Line >= 1 && pe.Line <= len(lines) {
		text := lines[pe.Line-1]
		if pe.Column-1 <= len(text) && pe.Column >= 1 {
			col = utf8.RuneCount(text[:pe.Column-1]) + 1
		}
	}
	return &SyntaxError{Format: "CSV", Line: pe.Line, Column: col, Msg: pe.Err.Error()}
}
