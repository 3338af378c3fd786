package risk

import (
	"strings"
	"testing"
)

// benchLine is about 200 characters of ordinary chat with a risk phrase near
// the end, so every rule that can start at one of its words is tried.
const benchLine = "honestly today was rough, work was a mess and my back is killing me, " +
	"i talked to my sponsor and went to the meeting after lunch but i keep thinking that everyone " +
	"would be better off without me tbh"

func BenchmarkCheck(b *testing.B) {
	if len(benchLine) < 190 || len(benchLine) > 210 {
		b.Fatalf("benchLine is %d bytes, want about 200", len(benchLine))
	}
	b.ReportAllocs()
	for b.Loop() {
		Check(benchLine, "en")
	}
}

// BenchmarkCheckAllLanguages is the same line with the language unknown.
func BenchmarkCheckAllLanguages(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Check(benchLine, "")
	}
}

// BenchmarkCheckLong is a 64 KiB paste with nothing in it, to show the
// cost grows in step with the length.
func BenchmarkCheckLong(b *testing.B) {
	long := strings.Repeat("we met at the park and talked about the week, the kids and the weather. ", 900)
	b.SetBytes(int64(len(long)))
	b.ReportAllocs()
	for b.Loop() {
		Check(long, "en")
	}
}

// quietLine is about 200 characters with nothing in it for the rules, so
// every rule is tried and then the model scores it.
const quietLine = "honestly today was rough, work was a mess and my back hurts, " +
	"i talked to my sponsor and went to the meeting after lunch and i keep thinking about " +
	"what she said about the steps and the weekend"

// BenchmarkCheckQuiet is the common case: rules and model both run.
func BenchmarkCheckQuiet(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Check(quietLine, "en")
	}
}

// BenchmarkCheckQuietRules is the same line with the rules alone, the cost
// before the model.
func BenchmarkCheckQuietRules(b *testing.B) {
	b.ReportAllocs()
	var rules *Model
	for b.Loop() {
		rules.Check(quietLine, "en")
	}
}
