package risk

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEvaluationSet measures the detector on labelled lines, risk being the
// positive class, and logs precision, recall and every miss. eval.tsv is
// what the rules were developed against. holdout.tsv was written before any
// rule existed and was not tuned against beyond one bug fix (a squeezing
// bug that made "feel" read as "fell"), though it was read while checking
// labels. fresh.tsv was written after the rules and measured once, before
// any change: the least optimistic of the three figures.
func TestEvaluationSet(t *testing.T) {
	for _, tc := range []struct {
		file                    string
		minRecall, minPrecision float64
	}{
		{"eval.tsv", 0.95, 0.90},
		{"holdout.tsv", 0.85, 0.85},
		// fresh.tsv was written after the rules and measured once before
		// anything was changed; it is logged, never a reason to fail, so
		// that nobody tunes against it either.
		{"fresh.tsv", 0, 0},
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
					t.Logf("false positive (%s:%d): %q -> %s", tc.file, l.n, l.text, v.Reason)
				case !v.Risk && l.risk:
					fn++
					t.Logf("missed (%s:%d): %q", tc.file, l.n, l.text)
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
