package crisis

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSeed(t *testing.T) {
	lines := Seed()
	regions := map[string]bool{}
	for _, l := range lines {
		regions[l.Region] = true
	}
	if len(lines) < 40 || len(regions) < 12 {
		t.Errorf("seed has %d lines in %d regions; want the sourced table (46 in 26)", len(lines), len(regions))
	}
	for r := range regions {
		if _, ok := RegionNames[r]; !ok {
			t.Errorf("region %s has no name", r)
		}
	}
	var buf bytes.Buffer
	if err := Write(&buf, lines); err != nil {
		t.Fatal(err)
	}
	back, err := Parse(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(lines, back); diff != "" {
		t.Errorf("export then import changed the table (-want +got):\n%s", diff)
	}
}

func TestParseRefusesBadFiles(t *testing.T) {
	for _, tc := range []struct{ name, csv, want string }{
		{"empty", "", "empty"},
		{"unknown column", "country,name,phone,fax\n", `unknown column "fax"`},
		{"no name column", "country,phone\n", `"name" column is missing`},
		{"bad country", "country,name,phone\nUSA,Line,988\n", "line 2: country \"USA\""},
		{"no way to reach", "country,name,phone\nUS,Line,\n", "no phone, text or chat"},
		{"bad chat scheme", "country,name,chat_url\nUS,Line,ftp://x.org\n", "must start with https://"},
		{"bad chat host", "country,name,chat_url\nUS,Line,https:// (chat)\n", "does not start with a web address"},
		{"header only", "country,name,phone\n", "no crisis lines"},
		{"unbalanced quote", "country,name,phone\nUS,\"Line,988\n", "line 2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tc.csv))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Parse error = %v, want it to mention %q", err, tc.want)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	f.Add("country,name,phone\nUS,Line,988\n")
	f.Add(string(seedCSV[:2000]))
	f.Fuzz(func(t *testing.T, s string) {
		lines, err := Parse(strings.NewReader(s))
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := Write(&buf, lines); err != nil {
			t.Fatal(err)
		}
		back, err := Parse(&buf)
		if err != nil {
			t.Fatalf("re-parse of written table: %v", err)
		}
		if diff := cmp.Diff(lines, back); diff != "" {
			t.Errorf("round trip (-want +got):\n%s", diff)
		}
	})
}
