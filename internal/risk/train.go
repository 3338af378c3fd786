package risk

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
)

// What the trainer (internal/risk/train) needs from the package: the
// training lines, what the model sees of each, and the fitting itself.
// Fitting lives here rather than in the trainer so that a test can train
// again and check the embedded model is what the committed data gives.

// TrainingFiles are the labelled sets under testdata the model learns
// from. blind-b.tsv and blind-c.tsv are never among them: they are the
// only measure of phrases nobody has tuned for.
var TrainingFiles = []string{
	"eval.tsv", "holdout.tsv", "fresh.tsv", "blind-a.tsv", "paraphrases.tsv",
	"train-en.tsv", "train-es.tsv", "train-en-2.tsv", "train-es-2.tsv",
}

// Labelled is a line of a labelled set: risk|ok, a language, a text.
type Labelled struct {
	File string
	Line int
	Risk bool
	Lang string
	Text string
}

// ReadLabelled reads lines of "risk|ok<TAB>lang<TAB>text", skipping blank
// ones; name is for errors.
func ReadLabelled(r io.Reader, name string) ([]Labelled, error) {
	var out []Labelled
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, MaxLineBytes)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" {
			continue
		}
		parts := strings.SplitN(line, "\t", 3)
		if len(parts) != 3 || (parts[0] != "risk" && parts[0] != "ok") {
			return nil, fmt.Errorf("%s:%d: want risk|ok<TAB>lang<TAB>text, got %q", name, n, line)
		}
		out = append(out, Labelled{File: name, Line: n, Risk: parts[0] == "risk", Lang: parts[1], Text: parts[2]})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return out, nil
}

// LoadTrainingSet reads TrainingFiles from dir, in order, keeping the
// first of lines that repeat a language and text (several sets share a
// few lines, and a line seen twice would sit in two folds of a
// cross-validation at once).
func LoadTrainingSet(dir string) ([]Labelled, error) {
	seen := map[string]bool{}
	var out []Labelled
	for _, name := range TrainingFiles {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		lines, err := ReadLabelled(f, name)
		f.Close()
		if err != nil {
			return nil, err
		}
		for _, l := range lines {
			key := l.Lang + "\t" + strings.ToLower(strings.TrimSpace(l.Text))
			if seen[key] {
				continue
			}
			seen[key] = true
			out = append(out, l)
		}
	}
	return out, nil
}

// Train fits one head: a logistic regression with L2 regularisation
// lambda, by stochastic gradient descent over epochs passes in an order
// fixed by a seeded shuffle. The same examples give the same weights on
// every machine: there is no concurrency, and every product is rounded
// before it is added (Go may otherwise fuse the two on some processors)
// and the exponential is computed here rather than by math.Exp, which is
// assembly on some processors.
func Train(exs []Example, labels []bool, lambda float64, epochs int) Head {
	w := make([]float64, 1<<modelBits)
	scale, bias := 1.0, 0.0
	order := make([]int, len(exs))
	for i := range order {
		order[i] = i
	}
	rng := uint64(0x5eed)
	const eta0 = 0.5
	for ep := range epochs {
		for i := len(order) - 1; i > 0; i-- {
			j := int(splitmix(&rng) % uint64(i+1))
			order[i], order[j] = order[j], order[i]
		}
		eta := eta0 / float64(1+ep)
		for _, i := range order {
			ex := &exs[i]
			s := 0.0
			for _, f := range ex.Feats {
				s += w[f]
			}
			z := bias + float64(float64(s*scale)*ex.Value)
			y := 0.0
			if labels[i] {
				y = 1
			}
			g := sigmoid(z) - y
			scale = float64(scale * float64(1-float64(eta*lambda)))
			step := float64(float64(eta*g)*ex.Value) / scale
			for _, f := range ex.Feats {
				w[f] -= step
			}
			bias -= float64(eta * g)
			if scale < 1e-9 {
				for k := range w {
					w[k] = float64(w[k] * scale)
				}
				scale = 1
			}
		}
	}
	h := Head{Bias: float32(bias), W: make([]float32, len(w))}
	for k := range w {
		h.W[k] = float32(w[k] * scale)
	}
	return h
}

// FitModel trains m's heads on exs with m.Lambda and m.Epochs: Risk on
// every example, Harm and Self on the examples the rules find a risk in,
// labelled by the rules' category, since the sets say only risk or not.
func FitModel(m *Model, exs []Example, labels []bool) {
	m.Risk = Train(exs, labels, m.Lambda, m.Epochs)
	var risky []Example
	var harm, self []bool
	for _, ex := range exs {
		if ex.Rules.Risk {
			risky = append(risky, ex)
			harm = append(harm, ex.Rules.Category == HarmToOthers)
			self = append(self, ex.Rules.Category == SelfHarm)
		}
	}
	m.Harm = Train(risky, harm, m.Lambda, m.Epochs)
	m.Self = Train(risky, self, m.Lambda, m.Epochs)
	m.Examples = len(exs)
}

func splitmix(x *uint64) uint64 {
	*x += 0x9e3779b97f4a7c15
	z := *x
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// Sigmoid is 1/(1+e^-z), computed the same way on every machine.
func Sigmoid(z float64) float64 { return sigmoid(z) }

func sigmoid(z float64) float64 {
	if z >= 0 {
		return 1 / (1 + exp(-z))
	}
	e := exp(z)
	return e / (1 + e)
}

// exp is e^x for x <= 0 from basic arithmetic: x = k ln 2 + r with |r| <=
// ln 2 / 2, and e^r by its Taylor series, exact to a few units in the
// last place, which is plenty for training.
func exp(x float64) float64 {
	if x < -700 {
		return 0
	}
	k := math.Floor(x/math.Ln2 + 0.5)
	r := x - float64(k*math.Ln2)
	p := 1.0
	for i := 14; i >= 1; i-- {
		p = 1 + float64(r*p)/float64(i)
	}
	return math.Ldexp(p, int(k))
}
