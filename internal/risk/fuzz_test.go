package risk

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzCheck feeds arbitrary text to Check and CheckLines: neither may
// panic, Check must give the same verdict twice and keep its invariants,
// and CheckLines must print exactly one verdict per input line, the same
// one Check gives for that line.
func FuzzCheck(f *testing.F) {
	for _, name := range []string{"eval.tsv", "holdout.tsv"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			if _, text, ok := strings.Cut(line, "\t"); ok && i%3 == 0 {
				f.Add(text, uint8(i))
			}
		}
	}
	for _, s := range []string{"", "\n", "\r\n", "a\nb", "k i l l myself\r", "k!ll mys3lf!!", "I!Want to d.i.e", "s u i c i d e", "sui cide", "ill", "id", "x y z a b c", "\xff\xfe\xfd", "ñ\u0301é\u0301", "kms kms\nkms"} {
		f.Add(s, uint8(0))
	}
	langs := []string{"en", "es", "", "es-MX", "xx"}
	f.Fuzz(func(t *testing.T, text string, l uint8) {
		lang := langs[int(l)%len(langs)]
		v := Check(text, lang)
		if again := Check(text, lang); again != v {
			t.Fatalf("Check(%q) gave %+v, then %+v", text, v, again)
		}
		checkInvariants(t, text, v)

		var out bytes.Buffer
		if err := CheckLines(strings.NewReader(text), &out, lang); err != nil {
			t.Fatalf("CheckLines(%q): %v", text, err)
		}
		var inLines []string
		if text != "" {
			inLines = strings.Split(strings.TrimSuffix(text, "\n"), "\n")
		}
		var outLines []string
		sc := bufio.NewScanner(&out)
		for sc.Scan() {
			outLines = append(outLines, sc.Text())
		}
		if len(outLines) != len(inLines) {
			t.Fatalf("CheckLines(%q): %d lines in, %d verdicts out: %q", text, len(inLines), len(outLines), outLines)
		}
		for i, in := range inLines {
			lv := Check(strings.TrimSuffix(in, "\r"), lang)
			want := "ok"
			if lv.Risk {
				want = "risk\t" + lv.Reason
			}
			if outLines[i] != want {
				t.Fatalf("CheckLines(%q) line %d: %q, want %q", text, i+1, outLines[i], want)
			}
		}
	})
}
