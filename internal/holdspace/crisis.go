package holdspace

import "strings"

// CrisisLine is one way to reach crisis help in a region, from the table the
// site operator maintains. Numbers are shown exactly as stored: a wrong number
// shown to someone in crisis does harm, so nothing here "fixes" them.
type CrisisLine struct {
	ID              int64
	Region          string // ISO 3166-1 alpha-2, upper case
	Name            string
	Phone           string
	Text            string // how to text, e.g. "Text 988"
	ChatURL         string
	Hours           string
	Languages       string
	EmergencyNumber string
	Confidence      string
	Sources         string
	Position        int // order within the region
}

// Region is a country with crisis lines, for the region picker.
type Region struct {
	Code string
	Name string
}

// ChatLink splits the chat column, which may carry a note after the address
// as the operator wrote it ("https://www.113.nl (chat)"), into the link and
// the note. A column with no address gives an empty link and the note.
func (l CrisisLine) ChatLink() (link, note string) {
	s := strings.TrimSpace(l.ChatURL)
	if !strings.HasPrefix(s, "https://") && !strings.HasPrefix(s, "http://") {
		return "", s
	}
	link, note, _ = strings.Cut(s, " ")
	note = strings.TrimSpace(note)
	note = strings.TrimSuffix(strings.TrimPrefix(note, "("), ")")
	return link, note
}
