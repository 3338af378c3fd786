package risk

import (
	"bytes"
	"crypto/sha256"
	"math"
	"strings"
	"sync"
	"testing"
)

// TestEmbeddedModel checks that model.bin loads, holds a model worth the
// name, and is exactly what the trainer makes of the committed data with
// the settings it records: nobody may ship weights the data does not give.
func TestEmbeddedModel(t *testing.T) {
	m := Embedded()
	if m == nil {
		t.Fatal("model.bin is empty: run go generate ./internal/risk")
	}
	nonZero := 0
	for _, w := range m.Risk.W {
		if w != 0 {
			nonZero++
		}
	}
	if nonZero < 10000 || math.IsInf(m.Threshold, 0) || m.Examples < 1000 {
		t.Fatalf("model has %d weights, threshold %v, %d examples: not a trained model", nonZero, m.Threshold, m.Examples)
	}
	if len(modelBin) > 2<<20 {
		t.Errorf("model.bin is %d bytes, want at most 2 MiB", len(modelBin))
	}
	if testing.Short() {
		t.Skip("retraining skipped in short mode")
	}
	lines, err := LoadTrainingSet("testdata")
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != m.Examples {
		t.Fatalf("the training data has %d lines, the model was trained on %d: run go generate ./internal/risk", len(lines), m.Examples)
	}
	exs := make([]Example, len(lines))
	labels := make([]bool, len(lines))
	for i, l := range lines {
		exs[i], labels[i] = NewExample(l.Text, l.Lang), l.Risk
	}
	again := &Model{Lambda: m.Lambda, Epochs: m.Epochs, Threshold: m.Threshold, GuardThreshold: m.GuardThreshold}
	FitModel(again, exs, labels)
	b, err := again.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, modelBin) {
		t.Errorf("retrained model differs from model.bin (sha256 %x, embedded %x): run go generate ./internal/risk",
			sha256.Sum256(b), sha256.Sum256(modelBin))
	}
}

func TestModelRoundTrip(t *testing.T) {
	b, err := Embedded().MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, modelBin) {
		t.Error("model.bin decoded and encoded again differs")
	}
	for _, bad := range [][]byte{nil, []byte("nope"), modelBin[:len(modelBin)/2], append(bytes.Clone(modelBin), 0)} {
		if _, err := DecodeModel(bad); err == nil {
			t.Errorf("DecodeModel of %d bytes: no error", len(bad))
		}
	}
}

// TestModelRaises checks phrasings no rule catches: the model raises a
// risk with a phrase taken from the text and a category.
func TestModelRaises(t *testing.T) {
	for _, c := range []struct{ lang, text string }{
		{"en", "been googling lethal doses all night"},
		{"en", "gonna neck myself fr"},
		{"en", "i'm going to sleep now. for good this time"},
		{"en", "i've set up a schedule so my emails go out after i'm gone"},
		{"es", "ayer me quise tirar del puente y me bajo un policia, hoy lo vuelvo a intentar"},
	} {
		if v := (*Model)(nil).Check(c.text, c.lang); v.Risk {
			t.Errorf("the rules alone find %q a risk (%s): pick a phrasing they miss", c.text, v.Reason)
			continue
		}
		v := Check(c.text, c.lang)
		if !v.Risk {
			t.Errorf("Check(%q) = %s, want a risk from the model", c.text, v.Category)
			continue
		}
		checkInvariants(t, c.text, v)
		if n := len(strings.Fields(v.Phrase)); n > phraseWords+2 {
			t.Errorf("Check(%q): phrase %q has %d words", c.text, v.Phrase, n)
		}
	}
}

// TestModelStaysQuiet checks that the model leaves alone what the rules
// deliberately leave alone: short messages, a weak phrase alone, and
// negations of an act.
func TestModelStaysQuiet(t *testing.T) {
	for _, c := range []struct{ lang, text string }{
		{"en", "i"},
		{"en", "ok then"},
		{"en", "tonight is the night! concert time"},
		{"en", "i won't overdose"},
		{"en", "i would never hurt my kids"},
		{"es", "me voy a cortar las uñas"},
		{"en", "i'm going to die if i don't eat soon"},
	} {
		if v := Check(c.text, c.lang); v.Risk {
			t.Errorf("Check(%q) = %s, want no risk", c.text, v.Reason)
		}
	}
}

func TestModelConcurrent(t *testing.T) {
	texts := []string{"been googling lethal doses all night", "this commute is killing me", "gonna neck myself fr"}
	want := make([]Verdict, len(texts))
	for i, s := range texts {
		want[i] = Check(s, "en")
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; n < 200; n++ {
				i := n % len(texts)
				if got := Check(texts[i], "en"); got != want[i] {
					t.Errorf("Check(%q) = %+v, want %+v", texts[i], got, want[i])
					return
				}
			}
		}()
	}
	wg.Wait()
}
