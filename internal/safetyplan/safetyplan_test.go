package safetyplan

import (
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"holdspace/internal/holdspace"
)

func TestTemplateIsValidAndAsksToBeFilledIn(t *testing.T) {
	p := Template()
	if errs := p.Validate(); len(errs) != 0 {
		t.Fatalf("template does not validate: %v", errs)
	}
	if diff := cmp.Diff([]string{"emergency_contacts", "local_resources"}, p.Unfilled()); diff != "" {
		t.Errorf("Unfilled mismatch (-want +got):\n%s", diff)
	}
	if got := len(p.Lines("steps")); got < 5 {
		t.Errorf("template has %d steps, want at least 5", got)
	}
	if diff := cmp.Diff(p, p.Normalize()); diff != "" {
		t.Errorf("template is not normalized (-want +got):\n%s", diff)
	}
}

// The template must never carry a phone number: every number in a plan is
// one the organizers wrote in themselves.
func TestTemplateHasNoNumbers(t *testing.T) {
	p := Template()
	digits := regexp.MustCompile(`[0-9]`)
	for _, s := range Sections {
		if v := p.Get(s.Field); digits.MatchString(v) {
			t.Errorf("%s holds a digit: %q", s.Field, digits.FindString(v))
		}
	}
}

func TestNormalize(t *testing.T) {
	got := Plan{EmergencyContacts: "  a \r\n\r\n b\n", LocalResources: "\n\n", Steps: "one\n  two  "}.Normalize()
	want := Plan{EmergencyContacts: "a\nb", LocalResources: "", Steps: "one\ntwo"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Normalize mismatch (-want +got):\n%s", diff)
	}
}

func TestValidate(t *testing.T) {
	long := strings.Repeat("é", SectionMax+1)
	for _, tc := range []struct {
		name string
		plan Plan
		want []string // "field: message"
	}{
		{"complete", Plan{EmergencyContacts: "Call 112", Steps: "Stay calm"}, nil},
		{"empty", Plan{}, []string{
			"emergency_contacts: Enter at least one emergency contact",
			"steps: Enter the steps a facilitator takes when a group session becomes unsafe",
		}},
		{"too long", Plan{EmergencyContacts: "x", LocalResources: long, Steps: "x"}, []string{
			"local_resources: Local resources must be 4000 characters or less",
		}},
		{"exactly the limit", Plan{EmergencyContacts: strings.Repeat("é", SectionMax), Steps: "x"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, e := range tc.plan.Validate() {
				if e.Code != holdspace.EInvalid {
					t.Errorf("code %q, want %q", e.Code, holdspace.EInvalid)
				}
				got = append(got, e.Field+": "+e.Message)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Validate mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestUnfilled(t *testing.T) {
	for _, tc := range []struct {
		plan Plan
		want []string
	}{
		{Plan{EmergencyContacts: "Call [number]", Steps: "x"}, []string{"emergency_contacts"}},
		{Plan{EmergencyContacts: "a ] then [", Steps: "x"}, nil},
		{Plan{EmergencyContacts: "x", Steps: "see [the agreement]"}, []string{"steps"}},
	} {
		if diff := cmp.Diff(tc.want, tc.plan.Unfilled()); diff != "" {
			t.Errorf("Unfilled(%+v) mismatch (-want +got):\n%s", tc.plan, diff)
		}
	}
}
