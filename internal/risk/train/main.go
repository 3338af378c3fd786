// Command train trains the risk detector's model from the labelled sets in
// internal/risk/testdata and writes internal/risk/model.bin, which the
// package embeds:
//
//	go run ./internal/risk/train        (or go generate ./internal/risk)
//
// It chooses the regularisation and the two thresholds by stratified
// k-fold cross-validation over all the training lines, judging the rules
// and the model together out of fold: the most recall whose precision
// stays at or above -precision. It prints those figures, the model's
// alone, and each set's figures with the final model. The same data gives
// the same model.bin, byte for byte.
package main

import (
	"flag"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"holdspace/internal/risk"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// epochs is fixed: more passes change the cross-validated figures by
// less than their noise.
const epochs = 15

var lambdas = []float64{1e-5, 3e-5, 1e-4, 3e-4, 1e-3}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", "", "directory of the labelled sets (default: the package's testdata)")
	out := fs.String("out", "", "where to write the model (default: model.bin beside testdata)")
	k := fs.Int("k", 5, "folds of the cross-validation")
	minPrecision := fs.Float64("precision", 0.93, "the least out-of-fold precision of rules and model together")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *data == "" {
		*data = "testdata"
		if _, err := os.Stat(*data); err != nil {
			*data = filepath.Join("internal", "risk", "testdata")
		}
	}
	if *out == "" {
		*out = filepath.Join(filepath.Dir(*data), "model.bin")
	}
	if err := train(*data, *out, *k, *minPrecision, stdout); err != nil {
		fmt.Fprintln(stderr, "train:", err)
		return 1
	}
	return 0
}

type counts struct{ tp, fp, fn, tn int }

func (c *counts) add(pred, truth bool) {
	switch {
	case pred && truth:
		c.tp++
	case pred:
		c.fp++
	case truth:
		c.fn++
	default:
		c.tn++
	}
}

func (c counts) precision() float64 { return float64(c.tp) / float64(max(1, c.tp+c.fp)) }
func (c counts) recall() float64    { return float64(c.tp) / float64(max(1, c.tp+c.fn)) }

func (c counts) String() string {
	return fmt.Sprintf("precision %.3f recall %.3f (TP %d FP %d FN %d TN %d)", c.precision(), c.recall(), c.tp, c.fp, c.fn, c.tn)
}

// choice is a setting of the cross-validation and its figures.
type choice struct {
	lambda, t, tg float64
	combined      counts
}

func train(dir, out string, k int, minPrecision float64, w io.Writer) error {
	lines, err := risk.LoadTrainingSet(dir)
	if err != nil {
		return err
	}
	exs := make([]risk.Example, len(lines))
	labels := make([]bool, len(lines))
	for i, l := range lines {
		exs[i] = risk.NewExample(l.Text, l.Lang)
		labels[i] = l.Risk
	}
	fold := folds(lines, k)
	fmt.Fprintf(w, "%d lines from %s, %d-fold cross-validation\n", len(lines), strings.Join(risk.TrainingFiles, " "), k)

	var best choice
	var bestAs []risk.Assessment
	for _, lambda := range lambdas {
		as := outOfFold(lines, exs, labels, fold, k, lambda)
		c := chooseThresholds(as, labels, minPrecision)
		c.lambda = lambda
		fmt.Fprintf(w, "lambda %g: threshold %.2f, guarded %.2f: rules+model %s\n", lambda, c.t, c.tg, c.combined)
		if bestAs == nil || better(c, best) {
			best, bestAs = c, as
		}
	}
	// The model alone needs its score on the lines the rules catch too.
	bestScores := outOfFoldScores(exs, labels, fold, k, best.lambda)
	m := &risk.Model{Threshold: best.t, GuardThreshold: best.tg, Lambda: best.lambda, Epochs: epochs, Examples: len(exs)}
	fmt.Fprintf(w, "\nchosen: lambda %g, threshold %.2f (p %.2f), guarded threshold %.2f\n", best.lambda, best.t, risk.Sigmoid(best.t), best.tg)
	report(w, lines, exs, labels, bestScores, bestAs, m)

	risk.FitModel(m, exs, labels)
	b, err := m.MarshalBinary()
	if err != nil {
		return err
	}
	final, err := risk.DecodeModel(b)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nfinal model on each set (seen in training: these say little about unseen phrases):\n")
	bySet := map[string]*[2]counts{}
	for _, l := range lines {
		c := bySet[l.File]
		if c == nil {
			c = new([2]counts)
			bySet[l.File] = c
		}
		c[0].add(final.Check(l.Text, l.Lang).Risk, l.Risk)
		c[1].add((*risk.Model)(nil).Check(l.Text, l.Lang).Risk, l.Risk)
	}
	for _, f := range risk.TrainingFiles {
		fmt.Fprintf(w, "  %-16s rules+model %s; rules %s\n", f, bySet[f][0], bySet[f][1])
	}
	if err := os.WriteFile(out, b, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(w, "wrote %s (%d bytes)\n", out, len(b))
	return nil
}

// better prefers more recall, then more precision, then stronger
// regularisation (earlier in lambdas is weaker, so a later equal wins
// nothing: ties keep the first).
func better(a, b choice) bool {
	if a.combined.recall() != b.combined.recall() {
		return a.combined.recall() > b.combined.recall()
	}
	return a.combined.precision() > b.combined.precision()
}

// folds assigns each line a fold, stratified by label, in an order fixed
// by a hash of the text so that it does not depend on file order.
func folds(lines []risk.Labelled, k int) []int {
	fold := make([]int, len(lines))
	for _, label := range []bool{true, false} {
		var idx []int
		for i, l := range lines {
			if l.Risk == label {
				idx = append(idx, i)
			}
		}
		key := func(i int) uint64 {
			h := fnv.New64a()
			h.Write([]byte(lines[i].Lang + "\t" + lines[i].Text))
			return h.Sum64()
		}
		slices.SortStableFunc(idx, func(a, b int) int {
			ka, kb := key(a), key(b)
			switch {
			case ka < kb:
				return -1
			case ka > kb:
				return 1
			}
			return a - b
		})
		for n, i := range idx {
			fold[i] = n % k
		}
	}
	return fold
}

// outOfFold returns each line's assessment by a model trained on the
// other folds.
func outOfFold(lines []risk.Labelled, exs []risk.Example, labels []bool, fold []int, k int, lambda float64) []risk.Assessment {
	as := make([]risk.Assessment, len(exs))
	for f := range k {
		var tex []risk.Example
		var tl []bool
		for i := range exs {
			if fold[i] != f {
				tex = append(tex, exs[i])
				tl = append(tl, labels[i])
			}
		}
		m := &risk.Model{Lambda: lambda, Epochs: epochs}
		risk.FitModel(m, tex, tl)
		for i, l := range lines {
			if fold[i] == f {
				as[i] = m.Assess(l.Text, l.Lang)
			}
		}
	}
	return as
}

// outOfFoldScores returns each line's risk score from a model trained on
// the other folds.
func outOfFoldScores(exs []risk.Example, labels []bool, fold []int, k int, lambda float64) []float64 {
	scores := make([]float64, len(exs))
	for f := range k {
		var tex []risk.Example
		var tl []bool
		for i := range exs {
			if fold[i] != f {
				tex = append(tex, exs[i])
				tl = append(tl, labels[i])
			}
		}
		h := risk.Train(tex, tl, lambda, epochs)
		for i := range exs {
			if fold[i] == f {
				scores[i] = h.Score(&exs[i])
			}
		}
	}
	return scores
}

// chooseThresholds finds the thresholds with the most out-of-fold recall
// of rules and model together at precision >= minPrecision, preferring
// higher thresholds among equals.
func chooseThresholds(as []risk.Assessment, labels []bool, minPrecision float64) choice {
	var cands []float64
	for _, a := range as {
		if !a.Rules.Risk && a.Model.Risk {
			cands = append(cands, a.Score)
		}
	}
	slices.Sort(cands)
	cands = slices.Compact(cands)
	best := choice{t: math.Inf(1), tg: math.Inf(1)}
	best.combined = evaluate(as, labels, &risk.Model{Threshold: best.t, GuardThreshold: best.tg})
	for ti := len(cands) - 1; ti >= 0; ti-- {
		t := cands[ti]
		for _, d := range []float64{math.Inf(1), 3, 2, 1.5, 1, 0.5, 0} {
			tg := t + d
			c := evaluate(as, labels, &risk.Model{Threshold: t, GuardThreshold: tg})
			if c.precision() < minPrecision {
				continue
			}
			if c.recall() > best.combined.recall() {
				best = choice{t: t, tg: tg, combined: c}
			}
		}
	}
	return best
}

func evaluate(as []risk.Assessment, labels []bool, m *risk.Model) counts {
	var c counts
	for i, a := range as {
		c.add(m.Decide(a).Risk, labels[i])
	}
	return c
}

// report prints the out-of-fold figures of the chosen setting: rules and
// model together, the model alone, the rules alone, per set, and the
// model on the risk lines the rules miss.
func report(w io.Writer, lines []risk.Labelled, exs []risk.Example, labels []bool, scores []float64, as []risk.Assessment, m *risk.Model) {
	var combined, alone, rules, missed counts
	perSet := map[string]*[3]counts{}
	for i, l := range lines {
		// The model alone: its score on every line, with the guards of
		// the rules and of its phrase as in Check.
		raised := m.Raises(scores[i], exs[i].Guarded)
		rulesRisk := as[i].Rules.Risk
		both := m.Decide(as[i]).Risk
		combined.add(both, labels[i])
		alone.add(raised, labels[i])
		rules.add(rulesRisk, labels[i])
		if !rulesRisk {
			missed.add(both, labels[i])
		}
		c := perSet[l.File]
		if c == nil {
			c = new([3]counts)
			perSet[l.File] = c
		}
		c[0].add(both, labels[i])
		c[1].add(raised, labels[i])
		c[2].add(rulesRisk, labels[i])
	}
	fmt.Fprintf(w, "out of fold, all lines:\n")
	fmt.Fprintf(w, "  rules+model %s\n", combined)
	fmt.Fprintf(w, "  model alone %s\n", alone)
	fmt.Fprintf(w, "  rules alone %s\n", rules)
	fmt.Fprintf(w, "  model on the lines the rules call no risk: %s\n", missed)
	fmt.Fprintf(w, "out of fold, per set (rules+model; model alone; rules alone):\n")
	for _, f := range risk.TrainingFiles {
		c := perSet[f]
		fmt.Fprintf(w, "  %-16s %s; %s; %s\n", f, c[0], c[1], c[2])
	}
	// The model alone at other thresholds, for the record.
	fmt.Fprintf(w, "model alone out of fold, by threshold (no guard bar):\n")
	for _, p := range []float64{0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9} {
		t := math.Log(p / (1 - p))
		var c counts
		for i := range exs {
			c.add(scores[i] > t, labels[i])
		}
		fmt.Fprintf(w, "  p > %.1f: %s\n", p, c)
	}
}
