// Package agreement is the group agreement: the ground rules, the
// confidentiality promise and its limits, and what the group keeps and for
// how long. It holds the starting templates, the plain-words account of
// what changed between two versions, and the rules that decide whether a
// proposed change passes. It does no I/O: the store keeps the versions,
// consents, proposals and votes.
package agreement

import (
	"strings"
	"time"
	"unicode/utf8"

	"holdspace/internal/holdspace"
)

// Text is the words of the agreement, section by section. Each section is
// plain text; each line is one rule or one paragraph, and blank lines do
// not count.
type Text struct {
	GroundRules     string
	Confidentiality string
	Limits          string
	Retention       string
}

// Section names one part of the agreement, with its field name in the API
// and the heading members see.
type Section struct {
	Field   string
	Heading string
}

// Sections lists the parts of the agreement in the order pages show them.
var Sections = []Section{
	{"ground_rules", "Our ground rules"},
	{"confidentiality", "What stays in the group"},
	{"limits", "When a facilitator must get help"},
	{"retention", "What the group keeps, and for how long"},
}

// Get returns the text of the section named by field.
func (t Text) Get(field string) string {
	switch field {
	case "ground_rules":
		return t.GroundRules
	case "confidentiality":
		return t.Confidentiality
	case "limits":
		return t.Limits
	case "retention":
		return t.Retention
	}
	return ""
}

// set changes the text of the section named by field.
func (t *Text) set(field, v string) {
	switch field {
	case "ground_rules":
		t.GroundRules = v
	case "confidentiality":
		t.Confidentiality = v
	case "limits":
		t.Limits = v
	case "retention":
		t.Retention = v
	}
}

// Normalize trims each section and its lines and drops blank lines, so
// that two texts that read the same compare equal: pages show each line as
// its own rule or paragraph.
func (t Text) Normalize() Text {
	var out Text
	for _, s := range Sections {
		out.set(s.Field, normalizeSection(t.Get(s.Field)))
	}
	return out
}

func normalizeSection(s string) string {
	var lines []string
	for _, l := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }) {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}

// Equal reports whether two texts read the same once normalized.
func (t Text) Equal(u Text) bool { return t.Normalize() == u.Normalize() }

// Limits on what organizers and members type.
const (
	SectionMax = 6000 // characters in one section
	SummaryMax = 1000 // characters in a change summary or a reason
)

// Validate checks a normalized text: every section is filled in and none is
// too long. Errors name the section's field.
func (t Text) Validate() []*holdspace.Error {
	var errs []*holdspace.Error
	empty := map[string]string{
		"ground_rules":    "Enter the ground rules",
		"confidentiality": "Enter what stays in the group",
		"limits":          "Enter when a facilitator must get help",
		"retention":       "Enter what the group keeps, and for how long",
	}
	for _, s := range Sections {
		v := t.Get(s.Field)
		switch n := utf8.RuneCountInString(v); {
		case n == 0:
			errs = append(errs, holdspace.FieldError(s.Field, empty[s.Field]))
		case n > SectionMax:
			errs = append(errs, holdspace.FieldError(s.Field, sectionName(s.Field)+" must be 6000 characters or less"))
		}
	}
	return errs
}

func sectionName(field string) string {
	switch field {
	case "ground_rules":
		return "The ground rules"
	case "confidentiality":
		return "What stays in the group"
	case "limits":
		return "When a facilitator must get help"
	}
	return "What the group keeps"
}

// ValidateProposal checks a proposed change to the ground rules against the
// current ones. Both texts are normalized first by the caller.
func ValidateProposal(groundRules, reason, current string) []*holdspace.Error {
	var errs []*holdspace.Error
	switch n := utf8.RuneCountInString(groundRules); {
	case n == 0:
		errs = append(errs, holdspace.FieldError("ground_rules", "Enter the ground rules as you would like them"))
	case n > SectionMax:
		errs = append(errs, holdspace.FieldError("ground_rules", "The ground rules must be 6000 characters or less"))
	case normalizeSection(groundRules) == normalizeSection(current):
		errs = append(errs, holdspace.FieldError("ground_rules", "Change at least one ground rule"))
	}
	switch n := utf8.RuneCountInString(strings.TrimSpace(reason)); {
	case n == 0:
		errs = append(errs, holdspace.FieldError("reason", "Enter why you would like this change"))
	case n > SummaryMax:
		errs = append(errs, holdspace.FieldError("reason", "The reason must be 1000 characters or less"))
	}
	return errs
}

// Items splits a section into what a page shows: one item per non-empty
// line, without any bullet or number the writer typed in front of it.
func Items(section string) []string {
	var out []string
	for _, l := range strings.Split(normalizeSection(section), "\n") {
		if l = stripMarker(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// stripMarker removes a leading "- ", "* ", "• ", "1. " or "1) ".
func stripMarker(l string) string {
	l = strings.TrimSpace(l)
	for _, p := range []string{"- ", "* ", "• "} {
		if strings.HasPrefix(l, p) {
			return strings.TrimSpace(l[len(p):])
		}
	}
	i := 0
	for i < len(l) && i < 3 && l[i] >= '0' && l[i] <= '9' {
		i++
	}
	if i > 0 && i+1 < len(l) && (l[i] == '.' || l[i] == ')') && l[i+1] == ' ' {
		return strings.TrimSpace(l[i+2:])
	}
	return l
}

// Version is one saved version of a group's agreement. Versions are
// numbered from 1 and never change once saved.
type Version struct {
	GroupID  int64
	Number   int
	Template string // the template it started from, if any
	Text
	ChangeSummary string // the organizer's or the vote's words on what changed and why
	CreatedBy     int64  // 0 for version 1 made from a template
	CreatedAt     time.Time
}

// Consent is one member's agreement to one version.
type Consent struct {
	MemberID    int64
	DisplayName string // the name they use in this group
	Version     int
	AcceptedAt  time.Time
}

// Proposal statuses.
const (
	StatusOpen     = "open"
	StatusPassed   = "passed"
	StatusRejected = "rejected"
)

// Votes a member can give.
const (
	VoteYes     = "yes"
	VoteNo      = "no"
	VoteAbstain = "abstain"
)

// ValidVote reports whether v is yes, no or abstain.
func ValidVote(v string) bool { return v == VoteYes || v == VoteNo || v == VoteAbstain }

// VotingPeriod is how long a proposal stays open for votes unless a
// facilitator closes it sooner.
const VotingPeriod = 14 * 24 * time.Hour

// Proposal is a member's proposed change to the ground rules.
type Proposal struct {
	ID           int64
	GroupID      int64
	ProposedBy   int64
	ProposerName string // their name in this group
	GroundRules  string
	Reason       string
	Status       string
	CreatedAt    time.Time
	ClosesAt     time.Time
	DecidedAt    time.Time // zero while open
	ClosedBy     int64     // the facilitator who counted the votes and confirmed
	Tally        Tally
	MyVote       string // the asking member's vote, or ""
}

// Open reports whether members can still vote on the proposal at now.
func (p Proposal) Open(now time.Time) bool { return p.Status == StatusOpen && now.Before(p.ClosesAt) }

// Block is a paragraph, or a list of points the writer started with "- ".
type Block struct {
	Text string
	List []string
}

// Blocks splits a section into paragraphs and lists for a page: each line
// is a paragraph, and lines that start with "- " or "* " together make a
// list.
func Blocks(section string) []Block {
	var out []Block
	for _, l := range strings.Split(normalizeSection(section), "\n") {
		if l == "" {
			continue
		}
		if item := stripMarker(l); item != l && !startsWithNumber(l) {
			if n := len(out); n > 0 && out[n-1].List != nil {
				out[n-1].List = append(out[n-1].List, item)
			} else {
				out = append(out, Block{List: []string{item}})
			}
			continue
		}
		out = append(out, Block{Text: l})
	}
	return out
}

func startsWithNumber(l string) bool { return l != "" && l[0] >= '0' && l[0] <= '9' }
