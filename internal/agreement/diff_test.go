package agreement

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestDiffSection(t *testing.T) {
	rules := "Speak for yourself.\nNo cross-talk.\nPhones on silent.\nYou can pass."
	for _, tc := range []struct {
		name     string
		old, new string
		want     []string
	}{
		{"same", rules, rules, nil},
		{"only spacing and bullets differ", rules, "- Speak for  yourself.\n\n2. No cross-talk.\n  Phones on silent.\n* You can pass.  ", nil},
		{"added at the end", rules, rules + "\nArrive on time if you can.", []string{"Added: Arrive on time if you can."}},
		{"added at the start", rules, "Be kind.\n" + rules, []string{"Added: Be kind."}},
		{"removed", rules, "Speak for yourself.\nNo cross-talk.\nYou can pass.", []string{"Removed: Phones on silent."}},
		{"changed", rules, "Speak for yourself.\nNo cross-talk.\nPhones off and out of sight.\nYou can pass.",
			[]string{`Changed: "Phones on silent." to "Phones off and out of sight."`}},
		{"moved is not a change", rules, "No cross-talk.\nSpeak for yourself.\nPhones on silent.\nYou can pass.", nil},
		{"two rewritten, one replaced", "Speak for yourself.\nNo cross-talk.\nPhones on silent.",
			"Speak only for yourself.\nBring a friend if you like.\nPhones on silent and away.",
			[]string{`Changed: "Speak for yourself." to "Speak only for yourself."`, "Removed: No cross-talk.",
				`Changed: "Phones on silent." to "Phones on silent and away."`, "Added: Bring a friend if you like."}},
		{"several", rules, "Speak for yourself.\nCross-talk is fine after everyone has shared.\nYou can pass.\nTea is at 7.",
			// Too few words in common to call it a change of the same rule.
			[]string{"Removed: No cross-talk.", "Removed: Phones on silent.", "Added: Cross-talk is fine after everyone has shared.", "Added: Tea is at 7."}},
		{"from nothing", "", "One rule.", []string{"Added: One rule."}},
		{"to nothing", "One rule.", "", []string{"Removed: One rule."}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, c := range DiffSection(tc.old, tc.new) {
				got = append(got, c.String())
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("DiffSection (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDiffNamesTheSection(t *testing.T) {
	old, _ := FromTemplate("sharing_circle", 90)
	next := old
	next.GroundRules += "\nArrive on time if you can."
	next.Retention = strings.Replace(old.Retention, "kept for 90 days", "kept for 30 days", 1)
	got := Sentences(Diff(old, next))
	want := []string{
		"Added: Arrive on time if you can.",
		`What the group keeps, and for how long – Changed: "Posts on the group board are kept for 90 days. Then they are deleted." to "Posts on the group board are kept for 30 days. Then they are deleted."`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Diff (-want +got):\n%s", diff)
	}
	// Between two templates, everything that differs is listed and nothing
	// that is the same: the limits are shared by every template.
	twelve, _ := FromTemplate("twelve_step", 90)
	for _, c := range Diff(old, twelve) {
		if c.Section == "limits" || c.Section == "retention" {
			t.Errorf("shared section listed as changed: %v", c)
		}
	}
}

func TestItemsAndBlocks(t *testing.T) {
	got := Items("1. Speak for yourself.\n2) No cross-talk.\n\n- Pass if you like.\n10 people at most.")
	want := []string{"Speak for yourself.", "No cross-talk.", "Pass if you like.", "10 people at most."}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Items (-want +got):\n%s", diff)
	}
	blocks := Blocks("We must get help:\n- If someone is at risk.\n- If the law says so.\nWe talk with you first.")
	wantBlocks := []Block{{Text: "We must get help:"}, {List: []string{"If someone is at risk.", "If the law says so."}}, {Text: "We talk with you first."}}
	if diff := cmp.Diff(wantBlocks, blocks); diff != "" {
		t.Errorf("Blocks (-want +got):\n%s", diff)
	}
}

func TestNormalizeAndEqual(t *testing.T) {
	a := Text{GroundRules: "  One.\r\n\r\n\r\nTwo.  \n", Confidentiality: "C", Limits: "L", Retention: "R"}
	if got := a.Normalize().GroundRules; got != "One.\nTwo." {
		t.Errorf("Normalize = %q", got)
	}
	if !a.Equal(Text{GroundRules: "One.\n\nTwo.", Confidentiality: " C", Limits: "L\n", Retention: "R"}) {
		t.Error("texts that read the same are not Equal")
	}
}

func TestValidate(t *testing.T) {
	good, _ := FromTemplate("sharing_circle", 90)
	if errs := good.Validate(); len(errs) != 0 {
		t.Errorf("template: %v", errs)
	}
	bad := good
	bad.Limits = ""
	bad.GroundRules = strings.Repeat("x", SectionMax+1)
	var fields []string
	for _, e := range bad.Validate() {
		fields = append(fields, e.Field+": "+e.Message)
	}
	want := []string{"ground_rules: The ground rules must be 6000 characters or less", "limits: Enter when a facilitator must get help"}
	if diff := cmp.Diff(want, fields); diff != "" {
		t.Errorf("Validate (-want +got):\n%s", diff)
	}
	fields = nil
	for _, e := range ValidateProposal(" Rule one.\n", "", "Rule one.") {
		fields = append(fields, e.Field+": "+e.Message)
	}
	want = []string{"ground_rules: Change at least one ground rule", "reason: Enter why you would like this change"}
	if diff := cmp.Diff(want, fields); diff != "" {
		t.Errorf("ValidateProposal (-want +got):\n%s", diff)
	}
	if errs := ValidateProposal("Rule one.\nRule two.", "Two is kinder.", "Rule one."); len(errs) != 0 {
		t.Errorf("a good proposal: %v", errs)
	}
}

func TestWriteConsentsCSV(t *testing.T) {
	at := time.Date(2026, 11, 22, 20, 0, 0, 0, time.FixedZone("X", 3600))
	var b strings.Builder
	err := WriteConsentsCSV(&b, []Consent{
		{MemberID: 7, DisplayName: "J", Version: 1, AcceptedAt: at},
		{MemberID: 7, DisplayName: "J", Version: 2, AcceptedAt: at.Add(time.Hour)},
		{MemberID: 9, DisplayName: "=HYPERLINK(1), \"quoted\"", Version: 2, AcceptedAt: at},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "member_id,display_name,version,accepted_at\n7,J,1,2026-11-22T19:00:00Z\n7,J,2,2026-11-22T20:00:00Z\n" +
		"9,\"'=HYPERLINK(1), \"\"quoted\"\"\",2,2026-11-22T19:00:00Z\n"
	if got := b.String(); got != want {
		t.Errorf("CSV:\n%s\nwant:\n%s", got, want)
	}
}
