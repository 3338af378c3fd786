package meetingguide

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// benchFeed is the Kansas City fixture repeated to about a thousand
// meetings, with slugs made unique.
func benchFeed(b *testing.B) []byte {
	data, err := os.ReadFile(filepath.Join(fixtureDir, "kansas-city-45.json"))
	if err != nil {
		b.Fatal(err)
	}
	var one []map[string]any
	if err := json.Unmarshal(data, &one); err != nil {
		b.Fatal(err)
	}
	var all []map[string]any
	for i := 0; len(all) < 1000; i++ {
		for _, m := range one {
			c := map[string]any{}
			for k, v := range m {
				c[k] = v
			}
			c["slug"] = len(all)
			all = append(all, c)
		}
	}
	out, err := json.Marshal(all)
	if err != nil {
		b.Fatal(err)
	}
	return out
}

// BenchmarkParse measures Parse on a feed of about a thousand meetings;
// compare it with BenchmarkParseBaseline, which only decodes the same bytes
// into generic maps, to see what the normalising costs.
func BenchmarkParse(b *testing.B) {
	data := benchFeed(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseBaseline(b *testing.B) {
	data := benchFeed(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		var v []map[string]any
		if err := json.Unmarshal(data, &v); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWrite(b *testing.B) {
	feed, err := Parse(bytes.NewReader(benchFeed(b)))
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := Write(&buf, feed.Meetings); err != nil {
			b.Fatal(err)
		}
	}
}
