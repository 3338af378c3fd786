package cli_test

import (
	"os"
	"strings"
	"testing"
)

func TestSafetyCheck(t *testing.T) {
	in := "i want to kill myself\nthis commute is killing me\n\nme quiero morir\n"
	code, out, errs := run(t, nil, in, "safety", "check")
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if code != 0 || len(lines) != 4 {
		t.Fatalf("code %d, %d lines: %q %q", code, len(lines), out, errs)
	}
	if !strings.HasPrefix(lines[0], "risk\t") || lines[1] != "ok" || lines[2] != "ok" {
		t.Errorf("verdicts: %q", lines)
	}
	code, out, _ = run(t, nil, "me quiero morir\nme muero de risa\n", "safety", "check", "--lang", "es")
	if code != 0 || !strings.HasPrefix(out, "risk\t") || !strings.HasSuffix(out, "\nok\n") {
		t.Errorf("--lang es: %d %q", code, out)
	}
	if code, _, errs := run(t, nil, "", "safety", "check", "--lang", "fr"); code != 1 || !strings.Contains(errs, "use en or es") {
		t.Errorf("--lang fr: %d %q", code, errs)
	}
}

// TestSafetyCheckEvaluationSet runs the command on the repository's labelled
// evaluation set, as an operator would, and checks the targets.
func TestSafetyCheckEvaluationSet(t *testing.T) {
	data, err := os.ReadFile("../risk/testdata/eval.tsv")
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"en", "es"} {
		var texts, labels []string
		for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
			f := strings.SplitN(line, "\t", 3)
			if len(f) == 3 && f[1] == lang {
				labels = append(labels, f[0])
				texts = append(texts, f[2])
			}
		}
		code, out, errs := run(t, nil, strings.Join(texts, "\n")+"\n", "safety", "check", "--lang", lang)
		verdicts := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if code != 0 || len(verdicts) != len(texts) {
			t.Fatalf("%s: code %d, %d verdicts for %d lines: %s", lang, code, len(verdicts), len(texts), errs)
		}
		var tp, fp, fn int
		for i, v := range verdicts {
			got := strings.HasPrefix(v, "risk\t")
			switch {
			case got && labels[i] == "risk":
				tp++
			case got:
				fp++
			case labels[i] == "risk":
				fn++
			}
		}
		precision := float64(tp) / float64(tp+fp)
		recall := float64(tp) / float64(tp+fn)
		t.Logf("%s: precision %.3f recall %.3f (%d lines)", lang, precision, recall, len(texts))
		if precision < 0.90 || recall < 0.95 {
			t.Errorf("%s: precision %.3f recall %.3f; targets 0.90 and 0.95", lang, precision, recall)
		}
	}
}
