// Package safetyplan is a group's safety plan: who to call, where to find
// help nearby, and the steps a facilitator takes when a group session
// becomes unsafe. It holds the template a new plan starts from and the
// rules a plan must meet. It does no I/O: the store keeps each group's plan.
//
// The template never carries a phone number. A wrong number shown to
// someone in crisis does harm, so every number in a plan is one the
// group's organizers wrote in themselves; the template only marks, in
// square brackets, what they should fill in.
package safetyplan

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"holdspace/internal/holdspace"
)

// Plan is the words of a safety plan, section by section. Each section is
// plain text; each line is one contact, one resource or one step.
type Plan struct {
	EmergencyContacts string
	LocalResources    string
	Steps             string
}

// Section names one part of the plan, with its field name in the API, the
// heading pages show, a one-line hint for the form, and what to say when it
// is left empty ("" when it may be).
type Section struct {
	Field   string
	Heading string
	Hint    string
	Missing string
}

// Sections lists the parts of the plan in the order pages show them.
var Sections = []Section{
	{"emergency_contacts", "Emergency contacts", "Who to call, and how. Put each contact on its own line",
		"Enter at least one emergency contact"},
	{"local_resources", "Local resources", "Places and services near the group that can help. Put each one on its own line", ""},
	{"steps", "When a group session becomes unsafe", "The steps a facilitator takes, in order. Put each step on its own line",
		"Enter the steps a facilitator takes when a group session becomes unsafe"},
}

// SectionMax bounds each section, in characters.
const SectionMax = 4000

// Get returns the text of the section named by field.
func (p Plan) Get(field string) string {
	switch field {
	case "emergency_contacts":
		return p.EmergencyContacts
	case "local_resources":
		return p.LocalResources
	case "steps":
		return p.Steps
	}
	return ""
}

func (p *Plan) set(field, v string) {
	switch field {
	case "emergency_contacts":
		p.EmergencyContacts = v
	case "local_resources":
		p.LocalResources = v
	case "steps":
		p.Steps = v
	}
}

// Lines returns the non-blank lines of the section named by field, for
// pages that show each as a list item.
func (p Plan) Lines(field string) []string {
	var out []string
	for _, l := range strings.Split(p.Get(field), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// Normalize trims each section and its lines, turns Windows line endings
// into plain ones and drops blank lines, so that a plan reads the same
// however it was typed.
func (p Plan) Normalize() Plan {
	var out Plan
	for _, s := range Sections {
		out.set(s.Field, strings.Join(p.Lines(s.Field), "\n"))
	}
	return out
}

// Validate checks a normalized plan and returns one error per section that
// is wrong, in page order; nil means the plan can be saved.
func (p Plan) Validate() []*holdspace.Error {
	var errs []*holdspace.Error
	for _, s := range Sections {
		v := p.Get(s.Field)
		switch {
		case v == "" && s.Missing != "":
			errs = append(errs, holdspace.FieldError(s.Field, s.Missing))
		case utf8.RuneCountInString(v) > SectionMax:
			errs = append(errs, holdspace.FieldError(s.Field, fmt.Sprintf("%s must be %d characters or less", s.Heading, SectionMax)))
		}
	}
	return errs
}

// Unfilled lists the sections (by field) that still hold a part of the
// template in square brackets, which the organizers have yet to fill in.
func (p Plan) Unfilled() []string {
	var out []string
	for _, s := range Sections {
		v := p.Get(s.Field)
		if i := strings.IndexByte(v, '['); i >= 0 && strings.IndexByte(v[i:], ']') > 0 {
			out = append(out, s.Field)
		}
	}
	return out
}

// Template returns the plan every group starts from.
func Template() Plan {
	return Plan{EmergencyContacts: emergencyContacts, LocalResources: localResources, Steps: steps}.Normalize()
}

const emergencyContacts = `
Emergency services: [the emergency number where the group meets]
The organizer to call during a group session: [name and phone number]
A second facilitator or organizer to call: [name and phone number]
The venue's contact on the day: [name and phone number, or "online group"]
Crisis lines for members are on the "Get help now" page at the top of every page.
`

const localResources = `
Nearest hospital with an emergency department: [name and address]
Local crisis team or walk-in service: [name, phone number and opening hours]
Peer helplines and warmlines: [name, phone number and opening hours]
Services for what this group is about: [name and how to reach them]
`

// steps follows what experienced peer facilitators teach: calm first,
// safety before everything else, the group held while one person is
// looked after, and the agreement's limits on confidentiality.
const steps = `
Stay calm. Speak slowly and kindly. Say what you see, without blame: "I can see this is really hard right now."
If anyone is in danger now, call the emergency number first. Everything else can wait.
Pause the round. Tell the group you are taking a short break, and remind everyone that what is shared stays in the group.
If one member is very upset, a co-facilitator or peer supporter stays with them in a quiet space (online: a breakout room or a private call) while the other facilitator holds the group.
If someone makes the group unsafe for others, remind the group of the ground rules. If it goes on, ask them to step out. Online, a facilitator can mute them or remove them from the group session.
If someone may hurt themselves or another person, follow "When a facilitator must get help" in the group agreement. Talk with them first if you can, and share only what is needed to keep people safe.
End the group session early if you need to. Tell the group when you will next meet, and where to get help now.
Afterwards, check in with anyone who was affected, talk it through with another facilitator, and look after yourself too.
Write down what happened and what you did, without naming what members shared, and tell an organizer.
`
