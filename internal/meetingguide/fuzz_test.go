package meetingguide

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// fuzzRoundTrip checks the promise Parse and Write make together: whatever
// a reader accepts, Write accepts, and reading Write's output gives the same
// meetings with nothing new to report.
func fuzzRoundTrip(t *testing.T, feed Feed) {
	for _, m := range feed.Meetings {
		if ps := Validate(m); len(ps) > 0 {
			t.Fatalf("a parsed meeting fails Validate: %v\n%#v", problemStrings(ps), m)
		}
	}
	var buf bytes.Buffer
	if err := Write(&buf, feed.Meetings); err != nil {
		t.Fatalf("Write refused what Parse accepted: %v", err)
	}
	again, err := Parse(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("Parse of Write's output: %v\n%s", err, buf.Bytes())
	}
	want := append([]Meeting(nil), feed.Meetings...)
	sort.SliceStable(want, func(i, j int) bool { return want[i].Slug < want[j].Slug })
	if diff := cmp.Diff(want, again.Meetings); diff != "" {
		t.Fatalf("Parse(Write(meetings)) differs (-want +got):\n%s\nwritten:\n%s", diff, buf.Bytes())
	}
	for _, p := range again.Problems {
		if p.Skipped || p.Field != "types" {
			t.Fatalf("Parse of Write's output reported: %s\nwritten:\n%s", p, buf.Bytes())
		}
	}
}

func addFixtureSeeds(f *testing.F, ext string) {
	paths, err := filepath.Glob(filepath.Join(fixtureDir, "*"+ext))
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

func FuzzParse(f *testing.F) {
	addFixtureSeeds(f, ".json")
	for _, s := range []string{
		`[]`, `{}`, `null`, `[1, "x", null, []]`,
		`[{"name":"a","slug":1,"day":["1",2,"Tuesday"],"time":"7 pm","end_time":"24:00"}]`,
		`[{"name":"a","slug":"a","day":"mon, wed","time":"1900","types":"o, x, NA","latitude":"1.5","longitude":"-2"}]`,
		`[{"name":"a","slug":"a","types":{"0":"O","2":"D"},"regions":"A > B","approximate":true,"updated":"2020-01-02T03:04:05+01:00"}]`,
		`[{"name":"a","slug":"a","entity_url":"x.org","feedback_url":"mailto:a@b.c","feedback_emails":"a@b.c; d@e.f"}]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		feed, err := Parse(bytes.NewReader(data))
		if err != nil {
			return
		}
		fuzzRoundTrip(t, feed)
	})
}

func FuzzParseCSV(f *testing.F) {
	addFixtureSeeds(f, ".csv")
	for _, s := range []string{
		"Name,Slug,Day,Time\nA,a,Monday,7:00 PM\n",
		"ID;Name;Day;Time;Types;Regions\n1;A;mon;19:00;Open, Men;X > Y\n",
		"Name\tSlug\tDay\tTime\tLatitude\tLongitude\tUpdated\nA\ta\t1\t0700\t1\t2\t12/31/2022\n",
		"Name,Slug,Address,City\nA,a,1 Main St,Town\n,,\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		feed, err := ParseCSV(bytes.NewReader(data))
		if err != nil {
			return
		}
		fuzzRoundTrip(t, feed)
	})
}

// FuzzParseFields builds one meeting from fuzzed values, so the fuzzer
// spends its time on the value readers (days, times, types, coordinates,
// dates, links) rather than on JSON syntax. Each value is placed as a JSON
// string, or as raw JSON when the matching bit of raw is set and the value
// is valid JSON.
func FuzzParseFields(f *testing.F) {
	f.Add("Hope", "hope-1", "1", "7:00 PM", "20:30", "O, X, onl", "40.7", "-74", "2024-03-08 01:55:57", "zoom.us/j/1", "yes", uint16(0))
	f.Add("Hope", "7", `["0", 6, "Tue"]`, "1900", "24:00", `["o","Open",12]`, "91", "0", "1/2/2006", "https://x.org", `true`, uint16(0xffff))
	f.Add("", "a", `{"1":"2","0":1}`, "noon", "", `{"2":"D","0":"O"}`, "1e1", "2e1", "2020-01-02T03:04:05+14:00", "javascript:alert(1)", "A > B", uint16(0x5555))
	f.Fuzz(func(t *testing.T, name, slug, day, tm, end, types, lat, lon, updated, link, extra string, raw uint16) {
		values := []struct{ key, value string }{
			{"name", name}, {"slug", slug}, {"day", day}, {"time", tm}, {"end_time", end},
			{"types", types}, {"latitude", lat}, {"longitude", lon}, {"updated", updated},
			{"conference_url", link}, {"approximate", extra}, {"regions", extra},
			{"feedback_emails", extra}, {"timezone", extra}, {"entity_url", link},
			{"attendance_option", extra},
		}
		var b strings.Builder
		b.WriteString(`[{`)
		for i, v := range values {
			if i > 0 {
				b.WriteString(",")
			}
			key, _ := json.Marshal(v.key)
			b.Write(key)
			b.WriteString(":")
			if raw&(1<<i) != 0 && json.Valid([]byte(v.value)) {
				b.WriteString(v.value)
			} else {
				s, _ := json.Marshal(v.value)
				b.Write(s)
			}
		}
		b.WriteString(`}]`)
		feed, err := Parse(strings.NewReader(b.String()))
		if err != nil {
			t.Fatalf("Parse of %s: %v", b.String(), err)
		}
		if len(feed.Meetings)+countSkipped(feed) != 1 {
			t.Fatalf("one meeting in, %d out and %d skipped: %s", len(feed.Meetings), countSkipped(feed), b.String())
		}
		fuzzRoundTrip(t, feed)
	})
}

// countSkipped counts the meetings left out, each once.
func countSkipped(feed Feed) int {
	seen := map[int]bool{}
	for _, p := range feed.Problems {
		if p.Skipped {
			seen[p.Index] = true
		}
	}
	return len(seen)
}
