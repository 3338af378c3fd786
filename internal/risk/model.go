package risk

import (
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"sync"
)

// The model works beside the rules. Rules generalise from phrasings: each
// new way of saying "i have a plan" needs a rule, and on sets nobody tuned
// them for they catch about half of the risk messages. The model is a
// logistic regression over the same normalised words the rules see (word
// pairs, words a little apart, pieces of words) and over what the rules
// found without it making a risk (a weak phrase alone, a guard that
// cancelled a match), so it can weigh words the rules never combined.
//
// It only ever adds a risk: when the rules find one, theirs is the
// verdict. When a guard decided otherwise (a negation, an idiom, an
// accident, a mention, an ordinary reason, somebody else, the far past)
// the model needs a higher score to overrule it. Both thresholds were
// chosen by cross-validation; `go run ./internal/risk/train` trains it
// again from testdata and prints the figures.

//go:generate go run ./train

//go:embed model.bin
var modelBin []byte

// modelBits is the size of the hashed feature table, 2^modelBits weights a
// head. Changing it, or any feature, means training again.
const (
	modelBits = 18
	modelMask = 1<<modelBits - 1
)

// Model is the trained model: three linear heads over hashed features,
// risk or not, and among risks whether harm to others or self-harm (else
// suicide), with the thresholds that turn the risk score into a verdict.
type Model struct {
	// Risk scores whether a text is a risk; Harm and Self guess the
	// category of a risk the model raises.
	Risk, Harm, Self Head
	// Threshold is the risk score (a log-odds) above which the model
	// raises a risk the rules did not find; GuardThreshold is the higher
	// bar when a guard of the rules decided against a match.
	Threshold, GuardThreshold float64
	// Lambda, Epochs and Examples record how it was trained, so a test can
	// train it again and compare.
	Lambda   float64
	Epochs   int
	Examples int
}

// Head is one linear score: Bias plus the sum of the weights of a text's
// features, each scaled by 1/sqrt(number of features).
type Head struct {
	Bias float32
	W    []float32 // 2^modelBits weights
}

// Score returns h's score for the features of ex.
func (h *Head) Score(ex *Example) float64 {
	if len(ex.Feats) == 0 {
		return math.Inf(-1)
	}
	s := 0.0
	for _, f := range ex.Feats {
		s += float64(h.W[f])
	}
	return float64(h.Bias) + float64(s/math.Sqrt(float64(len(ex.Feats))))
}

// Raises reports whether a risk score raises a risk the rules did not find;
// guarded says a guard of the rules decided against a match in the text.
func (m *Model) Raises(score float64, guarded bool) bool {
	if guarded {
		return score > m.GuardThreshold
	}
	return score > m.Threshold
}

// embeddedModel decodes model.bin once. An empty model.bin, as when the
// trainer first builds, means the rules alone.
var embeddedModel = sync.OnceValue(func() *Model {
	if len(modelBin) == 0 {
		return nil
	}
	m, err := DecodeModel(modelBin)
	if err != nil {
		panic("risk: embedded model.bin: " + err.Error())
	}
	return m
})

// Embedded returns the model Check uses, read from model.bin.
func Embedded() *Model { return embeddedModel() }

// signals are what the rules found in a text that did not make it a risk
// on their own: weak phrases alone, matches a guard decided against,
// concerns. The model reads them as features.
type signals struct {
	n       int
	guarded bool
	found   [16]signal
}

type signal struct {
	cat  Category
	g    guard
	weak int
	s, e int
}

func (sg *signals) add(r *rule, g guard, s, e int) {
	if g != gNone && g != gContext {
		sg.guarded = true
	}
	for _, f := range sg.found[:sg.n] {
		if f.cat == r.cat && f.g == g && f.weak == r.weak {
			return
		}
	}
	if sg.n < len(sg.found) {
		sg.found[sg.n] = signal{cat: r.cat, g: g, weak: r.weak, s: s, e: e}
		sg.n++
	}
}

// feat is a hashed feature and the words it came from, first and last.
type feat struct {
	h    uint32
	a, b int32
}

// Feature kinds, the first byte of every feature's hash.
const (
	kWord    = 'u' // a word
	kPair    = 'b' // two neighbouring words
	kSkip    = 's' // two words one or two apart
	kFirst   = '^' // the first word of a clause
	kGram    = 'c' // three or four letters of a word, with its edges
	kGuard   = 'g' // a guard and the category of the rule it stopped
	kWeak    = 'w' // a weak phrase's kind
	kClause  = 'n' // a word after a negation in its clause
	kConcept = 'k' // a concept of the rules' word lists, alone or with a word beside it
)

// conceptNames are the word lists the model reads as concepts: the
// context sets of the rules (a means, a weapon, a height, a death, ...)
// and somebody else as the subject.
var conceptNames = func() []string {
	names := slices.Sorted(maps.Keys(ctxWords))
	return append(names, "third")
}()

// concepts holds, by vocabulary id, a bit for each concept of the word.
var concepts = sync.OnceValue(func() []uint32 {
	c := make([]uint32, len(vocabWords))
	for i, name := range conceptNames {
		if set, ok := ctxSets[name]; ok {
			for _, id := range set.words {
				c[id] |= 1 << i
			}
		}
	}
	for id := range c {
		if propsOf(int32(id))&propThird != 0 {
			c[id] |= 1 << (len(conceptNames) - 1)
		}
	}
	return c
})

func conceptsOf(id int32) uint32 {
	if c := concepts(); id > 0 && int(id) < len(c) {
		return c[id]
	}
	return 0
}

// FNV-1a, then a final mix so the low bits used for the table are good.
const (
	fnvOffset = 2166136261
	fnvPrime  = 16777619
)

func hashByte(h uint32, b byte) uint32 { return (h ^ uint32(b)) * fnvPrime }

func hashString(h uint32, s string) uint32 {
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * fnvPrime
	}
	return h
}

func mix(h uint32) uint32 {
	h ^= h >> 16
	h *= 0x85ebca6b
	h ^= h >> 13
	h *= 0xc2b2ae35
	h ^= h >> 16
	return h & modelMask
}

// word is the k-th word as the model reads it: the vocabulary's spelling
// when the rules know the word (so "kiiill" and "sucidal" read as "kill"
// and "suicidal"), else the normalised word.
func (d *doc) word(k int) string {
	if id := d.toks[k].id; id != 0 {
		return vocabWords[id]
	}
	return d.toks[k].text
}

// langSeed starts every feature's hash with the language the text is read
// in, so the model holds one set of weights per language: Spanish words
// read as English ("me quiero morir" with lang "en") weigh nothing, as
// the English rules find nothing in them.
func langSeed(l langMask) uint32 {
	return hashByte(fnvOffset, byte(l))
}

// features sets d.feats to the hashed features of d and sig, read in
// language l (langEN or langES).
func (d *doc) features(sig *signals, l langMask) {
	seed := langSeed(l)
	fs := d.feats[:0]
	for _, cl := range d.clauses {
		neg := false
		for i := cl.s; i < cl.e; i++ {
			w := d.word(i)
			hw := hashString(hashByte(seed, kWord), w)
			fs = append(fs, feat{mix(hw), int32(i), int32(i)})
			if i == cl.s {
				fs = append(fs, feat{mix(hashString(hashByte(seed, kFirst), w)), int32(i), int32(i)})
			}
			if neg {
				fs = append(fs, feat{mix(hashString(hashByte(seed, kClause), w)), int32(i), int32(i)})
			}
			p := propsOf(d.toks[i].id)
			switch {
			case p&propNeg != 0:
				neg = true
			case p&(propConj|propFirst) != 0:
				neg = false
			}
			for j := i + 1; j < cl.e && j <= i+3; j++ {
				kind := byte(kSkip)
				if j == i+1 {
					kind = kPair
				}
				h := hashString(hashByte(hashString(hashByte(seed, kind), w), 0), d.word(j))
				fs = append(fs, feat{mix(h), int32(i), int32(j)})
			}
			fs = appendGrams(fs, seed, w, i)
			// The word's concepts, alone and next to the words around
			// it, so "rope" learnt also speaks for "cord", "my boss"
			// for "my landlord".
			for c := conceptsOf(d.toks[i].id); c != 0; c &= c - 1 {
				name := conceptNames[bits.TrailingZeros32(c)]
				hc := hashString(hashByte(seed, kConcept), name)
				fs = append(fs, feat{mix(hc), int32(i), int32(i)})
				if i > cl.s {
					h := hashString(hashByte(hashString(hashByte(seed, kConcept), d.word(i-1)), 0), name)
					fs = append(fs, feat{mix(h), int32(i - 1), int32(i)})
				}
				if i+1 < cl.e {
					h := hashString(hashByte(hc, 1), d.word(i+1))
					fs = append(fs, feat{mix(h), int32(i), int32(i + 1)})
				}
			}
		}
	}
	for _, s := range sig.found[:sig.n] {
		if s.weak > 0 && s.g == gNone {
			h := hashString(hashByte(seed, kWeak), weakKinds[s.weak-1])
			fs = append(fs, feat{mix(h), int32(s.s), int32(s.e - 1)})
		}
		if s.g != gNone {
			h := hashString(hashByte(hashString(hashByte(seed, kGuard), guardNames[s.g]), 0), string(s.cat))
			fs = append(fs, feat{mix(h), int32(s.s), int32(s.e - 1)})
			h = hashString(hashByte(seed, kGuard), guardNames[s.g])
			fs = append(fs, feat{mix(h), int32(s.s), int32(s.e - 1)})
		}
	}
	d.feats = fs
}

// appendGrams appends the three- and four-letter pieces of "<w>", so that
// words the training never saw ("desaparecerme") share weight with those
// it did ("desaparecer").
func appendGrams(fs []feat, seed uint32, w string, i int) []feat {
	if len(w) < 3 || len(w) > 24 {
		return fs
	}
	var buf [26]byte
	b := append(append(append(buf[:0], '<'), w...), '>')
	for n := 3; n <= 4; n++ {
		for s := 0; s+n <= len(b); s++ {
			h := hashByte(seed, kGram)
			for _, c := range b[s : s+n] {
				h = hashByte(h, c)
			}
			fs = append(fs, feat{mix(h), int32(i), int32(i)})
		}
	}
	return fs
}

// score sets d.feats to the features of d read in the language of langs
// and returns m's risk score. With every language, it reads the text in
// each and keeps the higher score.
func (d *doc) score(m *Model, sig *signals, langs langMask) float64 {
	if langs != langAll {
		d.features(sig, langs)
		return m.Risk.score(d.feats)
	}
	d.features(sig, langES)
	es := m.Risk.score(d.feats)
	d.features(sig, langEN)
	en := m.Risk.score(d.feats)
	if es > en {
		d.features(sig, langES)
		return es
	}
	return en
}

func (h *Head) score(fs []feat) float64 {
	if len(fs) == 0 {
		return math.Inf(-1)
	}
	s := 0.0
	for _, f := range fs {
		s += float64(h.W[f.h])
	}
	return float64(h.Bias) + float64(s/math.Sqrt(float64(len(fs))))
}

// minModelWords is the fewest words the model raises a risk on: with one
// or two words there is too little to weigh ("i", "ok then").
const minModelWords = 3

// modelVerdict returns what m makes of d, whose features d.feats holds,
// once its score has passed: the run of up to phraseWords words, inside one
// clause, whose features weigh most is the phrase; the category heads guess
// its category; and the guards judge the phrase as they judge a rule's
// match, so a negation before it, an idiom after it, a mention, somebody
// else or the far past have the same say over the model as over the rules.
func (d *doc) modelVerdict(m *Model, sig *signals) Verdict {
	if len(d.toks) < minModelWords {
		return Verdict{Category: None}
	}
	contrib := d.contrib[:0]
	for range d.toks {
		contrib = append(contrib, 0)
	}
	for _, f := range d.feats {
		w := float64(m.Risk.W[f.h])
		if f.a == f.b {
			contrib[f.a] += w
		} else {
			contrib[f.a] += w / 2
			contrib[f.b] += w / 2
		}
	}
	d.contrib = contrib
	bs, be, best := -1, -1, 0.0
	var bcl span
	for _, cl := range d.clauses {
		for i := cl.s; i < cl.e; i++ {
			sum := 0.0
			for j := i; j < cl.e && j < i+phraseWords; j++ {
				sum += contrib[j]
				if bs < 0 || sum > best {
					bs, be, best, bcl = i, j+1, sum, cl
				}
			}
		}
	}
	if bs < 0 || best <= 0 {
		return Verdict{Category: None}
	}
	harm, self := m.Harm.score(d.feats), m.Self.score(d.feats)
	r := &modelRules[0]
	switch {
	case harm > 0 && harm >= self:
		r = &modelRules[2]
	case self > 0:
		r = &modelRules[1]
	}
	// The heads learnt from the rules' categories and few lines; words in
	// the phrase itself correct a guess of suicide: a blade or a cut is
	// self-harm, a person named as the object is harm to others.
	if r == &modelRules[0] {
		for k := bs; k < be; k++ {
			switch {
			case selfHarmWords.has(d.ids[k]):
				r = &modelRules[1]
			case othersWords.has(d.ids[k]):
				r = &modelRules[2]
			default:
				continue
			}
			break
		}
	}
	// The guards look at the phrase from its last negation on: the
	// model's phrase may begin with the negation that undoes it ("i won't
	// overdose").
	ids, flags := d.ids[bcl.s:bcl.e], d.flags[bcl.s:bcl.e]
	gs := bs
	for k := bs; k < be; k++ {
		if propsOf(d.ids[k])&propNeg != 0 && !disarmed(ids, flags, k-bcl.s) {
			gs = k + 1
		}
	}
	if gs == be || modelNegated(ids, flags, gs-bcl.s) || d.fear(bcl, bs, be) {
		return Verdict{Category: None}
	}
	// One weak phrase alone is not enough for the rules ("tonight is the
	// night! concert time"), and the model must find more than it too.
	for _, sg := range sig.found[:sig.n] {
		if sg.weak > 0 && sg.g == gNone && gs >= sg.s-1 && be <= sg.e+1 {
			return Verdict{Category: None}
		}
	}
	// "me voy a cortar las uñas", "cut myself some slack": the idioms
	// after a verb of harm inside the phrase.
	for k := gs; k < be; k++ {
		if harmVerbs.has(d.ids[k]) {
			for j := k + 1; j <= k+2 && j <= bcl.e; j++ {
				if anyAt(tailGenericProgs, ids, flags, j-bcl.s) || anyAt(tailHarmProgs, ids, flags, j-bcl.s) || anyAt(tailKillProgs, ids, flags, j-bcl.s) {
					return Verdict{Category: None}
				}
			}
		}
	}
	peak := gs
	cat, _ := d.judge(r, bcl, peak, be)
	if cat == None {
		return Verdict{Category: None}
	}
	// Idioms and accidents of every category: "me voy a cortar las uñas"
	// is no risk whichever category the heads guessed.
	for i := range modelRules {
		if o := &modelRules[i]; o != r {
			if c, g := d.judge(o, bcl, peak, be); c == None && (g == gIdiom || g == gAccident || g == gGame) {
				return Verdict{Category: None}
			}
		}
	}
	return d.verdict(cat, bs, be)
}

// modelNegated is negated for the model's phrase, except that a wish or a
// feeling between the negation and the phrase makes the negation part of
// the risk: "i don't want to wake up", "no le veo sentido a nada".
func modelNegated(ids []int32, flags []uint8, s int) bool {
	if negatedWish.has(ids[s]) {
		return false
	}
	for k := s - 1; k >= 0 && k >= s-8; k-- {
		if negatedWish.has(ids[k]) {
			return false
		}
		p := propsOf(ids[k])
		if p&(propFirst|propConj) != 0 {
			return p&propFirst != 0 && raised(ids, flags, k)
		}
		if p&propNeg != 0 && !disarmed(ids, flags, k) {
			return true
		}
	}
	return false
}

var harmVerbs = newWordSet(`cut cutting burn burning hurt hurting kill killing stab shoot
	cortar cortarme corto corte quemar quemarme lastimar lastimarme matar matarme`)

var selfHarmWords = newWordSet(`cut cutting cuts razor razors blade blades burn burning burned
	scratch scratching cortar cortarme corte cortes cortando navaja quemarme quemar rasgar`)

var othersWords = newWordSet(`him her them boss ex landlord teacher coworker coworkers neighbor
	neighbour everyone everybody people ellos ella jefe vecino`)

var negatedWish = newWordSet(`want wanna wish care see deserve belong like feel matter
	quiero quisiera deseo veo merezco importa tengo siento encuentro`)

// fear reports whether the model's phrase, words s to e, is fear rather than intent, as the rules read it: "i'm going to
// die if i don't eat soon", "siento que me voy a morir".
func (d *doc) fear(cl span, s, e int) bool {
	ids, flags := d.ids[cl.s:cl.e], d.flags[cl.s:cl.e]
	for k := max(cl.s, s-4); k < e; k++ {
		for _, p := range fearProgs {
			if end := p.match(0, ids, flags, k-cl.s); end > s-cl.s {
				return true
			}
		}
	}
	return false
}

var fearProgs = compileAll([]string{
	`going to die|dying`,
	`voy|vamos a morir|morirme|morirnos`,
})

// modelRules stand for the model's phrase when the guards judge it, one a
// category: the idioms and accidents of the rules of that category apply.
var modelRules = [...]rule{
	{cat: Suicide, idiom: idiomKill},
	{cat: SelfHarm, idiom: idiomHarm},
	{cat: HarmToOthers, idiom: idiomKill},
}

// phraseWords is the most words a phrase the model found may have.
const phraseWords = 8

// Assessment is what Check makes of a text, step by step, for the trainer
// and the tests.
type Assessment struct {
	// Rules is the rules' verdict alone.
	Rules Verdict
	// Score is the model's risk score, a log-odds.
	Score float64
	// Guarded says a guard decided against a match of the rules, or the
	// rules found a concern: the model needs GuardThreshold, not Threshold.
	Guarded bool
	// Model is the model's verdict should its score pass: a risk with the
	// phrase and category it found, a concern, or none when the guards
	// decide against the phrase. It is empty when the rules found a risk.
	Model Verdict
}

// Assess returns what m makes of text, every step whether it counts or
// not. m must not be nil.
func (m *Model) Assess(text, lang string) Assessment {
	langs := langFor(lang)
	d := analyse(text, langs)
	defer d.release()
	var sig signals
	a := Assessment{Rules: d.rules(langs, &sig, false)}
	if a.Rules.Risk {
		return a
	}
	a.Guarded = sig.guarded || a.Rules.Concern
	a.Score = d.score(m, &sig, langs)
	a.Model = d.modelVerdict(m, &sig)
	return a
}

// Decide is the verdict Check gives for an assessment: the rules' risk,
// else the model's verdict when its score passes, else the rules' concern
// or nothing.
func (m *Model) Decide(a Assessment) Verdict {
	if a.Rules.Risk || !m.Raises(a.Score, a.Guarded) {
		return a.Rules
	}
	if a.Model.Risk || (a.Model.Concern && !a.Rules.Concern) {
		return a.Model
	}
	return a.Rules
}

// Example is a text as the model sees it, for training: what the rules
// said, whether a guard decided against a match, and the hashed features.
type Example struct {
	// Rules is the rules' verdict alone.
	Rules Verdict
	// Guarded says a guard decided against a match of the rules (a
	// negation, an idiom, somebody else...), or the rules found a concern.
	Guarded bool
	// Feats are the features' indices in a Head's weights, with
	// repetitions; each counts Value.
	Feats []uint32
	Value float64
}

// NewExample reads text as Check would and returns what the model sees.
func NewExample(text, lang string) Example {
	langs := langFor(lang)
	d := analyse(text, langs)
	defer d.release()
	var sig signals
	v := d.rules(langs, &sig, true)
	if langs == langAll {
		langs = langEN
	}
	d.features(&sig, langs)
	ex := Example{Rules: v, Guarded: sig.guarded || v.Concern, Feats: make([]uint32, len(d.feats))}
	for i, f := range d.feats {
		ex.Feats[i] = f.h
	}
	if len(d.feats) > 0 {
		ex.Value = 1 / math.Sqrt(float64(len(d.feats)))
	}
	return ex
}

// The file format of model.bin, all little-endian: the magic, then the
// table size in bits, Lambda, Threshold and GuardThreshold as float64,
// Epochs and Examples as uvarints, then each head (Risk, Harm, Self): its
// bias as float32, a scale as float32, the number of non-zero weights as a
// uvarint and, for each, the gap from the previous index as a uvarint and
// the weight divided by the scale, rounded, as a varint. Weights are kept
// to 16 bits: the model is a few hundred kilobytes, not three megabytes.
const modelMagic = "holdspace-risk-model-1\n"

// MarshalBinary encodes m in the format of model.bin.
func (m *Model) MarshalBinary() ([]byte, error) {
	b := []byte(modelMagic)
	b = append(b, modelBits)
	for _, f := range []float64{m.Lambda, m.Threshold, m.GuardThreshold} {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(f))
	}
	b = binary.AppendUvarint(b, uint64(m.Epochs))
	b = binary.AppendUvarint(b, uint64(m.Examples))
	for _, h := range []*Head{&m.Risk, &m.Harm, &m.Self} {
		if len(h.W) != 1<<modelBits {
			return nil, fmt.Errorf("head has %d weights, want %d", len(h.W), 1<<modelBits)
		}
		var top float32
		for _, w := range h.W {
			top = max(top, abs32(w))
		}
		scale := top / 32767
		if scale == 0 {
			scale = 1
		}
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(h.Bias))
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(scale))
		n := 0
		for _, w := range h.W {
			if math.Round(float64(w/scale)) != 0 {
				n++
			}
		}
		b = binary.AppendUvarint(b, uint64(n))
		last := 0
		for i, w := range h.W {
			q := int64(math.Round(float64(w / scale)))
			if q == 0 {
				continue
			}
			b = binary.AppendUvarint(b, uint64(i-last))
			b = binary.AppendVarint(b, q)
			last = i
		}
	}
	return b, nil
}

func abs32(f float32) float32 {
	if f < 0 {
		return -f
	}
	return f
}

var errModel = errors.New("not a risk model of this version")

// DecodeModel reads a model in the format of model.bin.
func DecodeModel(b []byte) (*Model, error) {
	if len(b) < len(modelMagic)+1+24 || string(b[:len(modelMagic)]) != modelMagic {
		return nil, errModel
	}
	b = b[len(modelMagic):]
	if b[0] != modelBits {
		return nil, fmt.Errorf("%w: %d-bit table, want %d", errModel, b[0], modelBits)
	}
	b = b[1:]
	m := &Model{}
	for _, f := range []*float64{&m.Lambda, &m.Threshold, &m.GuardThreshold} {
		*f = math.Float64frombits(binary.LittleEndian.Uint64(b))
		b = b[8:]
	}
	uv := func() (uint64, error) {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			return 0, errors.New("truncated")
		}
		b = b[n:]
		return v, nil
	}
	e, err := uv()
	if err != nil {
		return nil, err
	}
	x, err := uv()
	if err != nil {
		return nil, err
	}
	m.Epochs, m.Examples = int(e), int(x)
	for _, h := range []*Head{&m.Risk, &m.Harm, &m.Self} {
		if len(b) < 8 {
			return nil, errors.New("truncated head")
		}
		h.Bias = math.Float32frombits(binary.LittleEndian.Uint32(b))
		scale := math.Float32frombits(binary.LittleEndian.Uint32(b[4:]))
		b = b[8:]
		n, err := uv()
		if err != nil {
			return nil, err
		}
		h.W = make([]float32, 1<<modelBits)
		i := uint64(0)
		for range n {
			gap, err := uv()
			if err != nil {
				return nil, err
			}
			q, k := binary.Varint(b)
			if k <= 0 {
				return nil, errors.New("truncated weight")
			}
			b = b[k:]
			i += gap
			if i >= uint64(len(h.W)) {
				return nil, errors.New("weight index " + strconv.FormatUint(i, 10) + " out of range")
			}
			h.W[i] = float32(q) * scale
		}
	}
	if len(b) != 0 {
		return nil, fmt.Errorf("%d bytes left over", len(b))
	}
	return m, nil
}
