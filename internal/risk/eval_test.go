package risk

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEvaluationSet measures the detector on labelled lines, risk being the
// positive class, and logs precision and recall for every set and, except
// for the blind set, every misclassified line.
//
// The sets, from most to least seen (docs/risk-language.md says more):
// eval.tsv is what the rules were first written against; holdout.tsv was
// written before any rule and read while checking labels; fresh.tsv and
// blind-a.tsv were measured blind once and then used to develop the rules,
// so they are development sets now; paraphrases.tsv holds the phrases and
// everyday traps written while tuning, a regression check and no measure.
// blind-b.tsv was written by someone who never saw the rules and has been
// looked at by nobody working on them: only its figures are logged, never
// a line, so that it stays a measure of phrases nobody has tuned for.
func TestEvaluationSet(t *testing.T) {
	for _, tc := range []struct {
		file                    string
		minRecall, minPrecision float64
		blind                   bool
	}{
		{"eval.tsv", 0.95, 0.90, false},
		{"holdout.tsv", 0.95, 0.90, false},
		{"fresh.tsv", 0, 0, false},
		{"blind-a.tsv", 0, 0, false},
		{"paraphrases.tsv", 0.85, 0.95, false},
		// Written without sight of the rules and used to train the model:
		// development sets. The rules alone measured recall 0.440 and
		// 0.339 on them (precision 0.928, 0.877); the floors are under
		// what rules and model give now that the model has seen them.
		{"train-en.tsv", 0.65, 0.90, false},
		{"train-es.tsv", 0.55, 0.88, false},
		{"train-en-2.tsv", 0.70, 0.90, false},
		{"train-es-2.tsv", 0.60, 0.90, false},
		// The issue asks for recall 0.95 on unseen phrases; blind-b
		// measured 0.438 (precision 1.000). The floor sits just under
		// that, to catch a regression, and is not the target.
		{"blind-b.tsv", 0.40, 0.85, true},
		// Written after the model by someone who saw neither the rules
		// nor any training line: rules alone 0.700 recall (precision
		// 0.966), with the model 0.842 (0.971). Figures only, never a line.
		{"blind-c.tsv", 0.80, 0.90, true},
	} {
		t.Run(tc.file, func(t *testing.T) {
			lines := readLabelled(t, filepath.Join("testdata", tc.file))
			var tp, fp, fn, tn int
			for _, l := range lines {
				v := Check(l.text, l.lang)
				switch {
				case v.Risk && l.risk:
					tp++
				case v.Risk && !l.risk:
					fp++
					if !tc.blind {
						t.Logf("false positive (%s:%d): %q -> %s", tc.file, l.n, l.text, v.Reason)
					}
				case !v.Risk && l.risk:
					fn++
					if !tc.blind {
						t.Logf("missed (%s:%d): %q", tc.file, l.n, l.text)
					}
				default:
					tn++
				}
			}
			precision := float64(tp) / float64(max(1, tp+fp))
			recall := float64(tp) / float64(max(1, tp+fn))
			t.Logf("%s: precision %.3f, recall %.3f (TP %d, FP %d, FN %d, TN %d; %d lines)",
				tc.file, precision, recall, tp, fp, fn, tn, len(lines))
			if recall < tc.minRecall {
				t.Errorf("%s: recall %.3f, want >= %.2f", tc.file, recall, tc.minRecall)
			}
			if precision < tc.minPrecision {
				t.Errorf("%s: precision %.3f, want >= %.2f", tc.file, precision, tc.minPrecision)
			}
		})
	}
}

type labelled struct {
	n          int
	risk       bool
	lang, text string
}

func readLabelled(t *testing.T, path string) []labelled {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []labelled
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" {
			continue
		}
		parts := strings.SplitN(line, "\t", 3)
		if len(parts) != 3 || (parts[0] != "risk" && parts[0] != "ok") {
			t.Fatalf("%s:%d: want label<TAB>lang<TAB>text with label risk or ok, got %q", path, n, line)
		}
		out = append(out, labelled{n: n, risk: parts[0] == "risk", lang: parts[1], text: parts[2]})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatalf("%s: no lines", path)
	}
	return out
}
