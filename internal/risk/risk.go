// Package risk finds language that signals a risk of suicide, self-harm or
// harm to others in what members write, in English and Spanish.
//
// It exists so that a member who writes "i want to end it all" in a circle's
// chat privately sees crisis resources at once, and the group's facilitators
// privately get a heads-up. It never blocks, hides or labels anything or
// anyone: a false alarm costs a gentle message, a miss can cost much more,
// so the rules lean towards recall while keeping everyday idioms ("this
// commute is killing me", "me muero de risa") quiet.
//
// Check works in three steps. The text is normalised into words (lower
// case, accents off, leetspeak and s p a c e d letters joined, slang like
// "kms" expanded, misspellings one letter off corrected) and split into
// clauses at punctuation and at "but"/"pero". Rules, each a pattern of
// intent, act and object ("want to" + "die", "going to" + "kill" + a
// person), are matched clause by clause. Some phrases are too vague to
// count alone ("thanks for everything", "tonight is the night", "ya tengo
// el cuchillo"); these weak phrases count when two of different kinds
// meet in one text. Guards then look at each match:
// a negation before it ("i'm not going to hurt myself"), an idiom after it
// ("i'd die of embarrassment"), an accident ("cut myself shaving"), a
// mention rather than a feeling ("the movie was about suicide"), someone
// else as the subject ("my brother wants to die"), a far past ("i
// attempted when i was 16"), an ordinary reason elsewhere in the text
// ("i'm on vacation") or laughter after a threat ("haha"). Someone else
// and the far past are concerns, not risks.
//
// When the rules find no risk, a trained model (model.go, weights in the
// embedded model.bin) may still raise one: a logistic regression over the
// same normalised words and over what the rules found without deciding,
// whose phrase the same guards then judge. It generalises a little beyond
// the phrasings the rules foresaw. `go generate` trains it again.
//
// The rules are in rules.go, the guards in guards.go; docs/risk-language.md
// says what the detector does and does not do, and how well it does it.
package risk

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Category says what kind of signal a text carries.
//
// Suicide, SelfHarm and HarmToOthers are imminent-risk categories: the
// writer speaks of their own present intent, wish, plan or act (including
// a recent one: "i took all my pills an hour ago"). Such a verdict has
// Risk set, and the platform shows the writer crisis resources and tells
// the facilitators privately.
//
// ConcernOther and ConcernPast are worth support but are not an alert:
// the risk is somebody else's ("my son told me he wants to die", "how do I
// help a friend who is suicidal") or lies well in the past ("I attempted
// when I was 16, I'm 30 now"). A member writing this may still want
// resources for the other person or a kind word, so the verdict carries
// Concern, but nothing is sent to the facilitators as urgent.
type Category string

// The categories.
const (
	// None: nothing found.
	None Category = "none"
	// Suicide: a wish to die, a plan, a means, an attempt, a goodbye.
	Suicide Category = "suicide"
	// SelfHarm: cutting, burning, hurting oneself without the aim to die.
	SelfHarm Category = "self-harm"
	// HarmToOthers: an intent or plan to hurt or kill another person.
	HarmToOthers Category = "harm-to-others"
	// ConcernOther: one of the above, but about somebody else.
	ConcernOther Category = "concern-other"
	// ConcernPast: one of the above, but told as the writer's far past.
	ConcernPast Category = "concern-past"
)

// Risk reports whether c is an imminent-risk category.
func (c Category) Risk() bool {
	return c == Suicide || c == SelfHarm || c == HarmToOthers
}

// Verdict is the result of Check.
type Verdict struct {
	// Risk is true for an imminent-risk category: show the writer crisis
	// resources and tell the facilitators.
	Risk bool
	// Concern is true for ConcernOther and ConcernPast: worth support, not
	// an alert. Risk and Concern are never both true.
	Concern bool
	// Category is what was found, None if nothing.
	Category Category
	// Phrase is the text that triggered the verdict, exactly as written.
	Phrase string
	// Reason says in plain words why, e.g. `suicide: "want to end it all"`.
	// It is a single line: the phrase is quoted and escaped.
	Reason string
}

// Check reports whether text signals a risk of suicide, self-harm or harm
// to others. lang is "en" or "es" (a region like "es-MX" is fine); with an
// empty or unknown lang the rules of every language are tried. Check is
// pure and safe for concurrent use.
//
// The rules decide first. When they find no risk, the trained model
// embedded in the package (model.go) may still raise one, for phrasings no
// rule foresaw.
func Check(text, lang string) Verdict {
	return embeddedModel().Check(text, lang)
}

// Check is the package's Check with m as the model; a nil m means the rules
// alone. It is what the trainer and the tests use to judge a model.
func (m *Model) Check(text, lang string) Verdict {
	langs := langFor(lang)
	d := analyse(text, langs)
	defer d.release()
	var sig signals
	v := d.rules(langs, &sig, false)
	if v.Risk || m == nil {
		return v
	}
	if len(d.toks) < minModelWords || !m.Raises(d.score(m, &sig, langs), sig.guarded || v.Concern) {
		return v
	}
	if mv := d.modelVerdict(m, &sig); mv.Risk || (mv.Concern && !v.Concern) {
		return mv
	}
	return v
}

// rules runs the rules on d and returns their verdict, noting in sig what
// they found that did not make a risk alone. It stops at the first risk
// unless all is set (the trainer wants every signal of every text).
func (d *doc) rules(langs langMask, sig *signals, all bool) Verdict {
	var found, concern Verdict
	var weak weakFound
	for _, cl := range d.clauses {
		ids, flags := d.ids[cl.s:cl.e], d.flags[cl.s:cl.e]
		for i, id := range ids {
			if int(id) >= len(byFirst) {
				continue
			}
			for _, ri := range byFirst[id] {
				r := &rules[ri]
				if r.lang&langs == 0 {
					continue
				}
				end := r.prog.match(0, ids, flags, i)
				if end <= i {
					continue
				}
				cat, g := d.judge(r, cl, cl.s+i, cl.s+end)
				if r.weak > 0 || !cat.Risk() {
					sig.add(r, g, cl.s+i, cl.s+end)
				}
				switch {
				case r.weak > 0:
					if cat.Risk() {
						weak.add(r, cl.s+i, cl.s+end)
					}
				case cat.Risk():
					if !all {
						return d.verdict(cat, cl.s+i, cl.s+end)
					}
					if !found.Risk {
						found = d.verdict(cat, cl.s+i, cl.s+end)
					}
				case cat != None && concern.Category == "":
					concern = d.verdict(cat, cl.s+i, cl.s+end)
				}
			}
		}
	}
	if found.Risk {
		return found
	}
	if w, ok := weak.pair(); ok {
		return d.verdict(w.cat, w.s, w.e)
	}
	if concern.Category != "" {
		return concern
	}
	return Verdict{Category: None}
}

// weakFound collects the weak phrases of a text, the first of each kind.
type weakFound struct {
	kinds uint64
	first [8]weakMatch // the first few, in the order found
	n     int
}

type weakMatch struct {
	cat    Category
	anyCat bool
	kind   int
	s, e   int
}

func (w *weakFound) add(r *rule, s, e int) {
	bit := uint64(1) << uint(r.weak%64)
	if w.kinds&bit != 0 || w.n == len(w.first) {
		return
	}
	w.kinds |= bit
	w.first[w.n] = weakMatch{cat: r.cat, anyCat: r.anyCat, kind: r.weak, s: s, e: e}
	w.n++
}

// pair reports whether two weak phrases of different kinds were found,
// at least one of them with a category of its own and at least one more
// than a sign-off ("bye! love you all" is not a goodbye of that kind),
// and returns the first with a category.
func (w *weakFound) pair() (weakMatch, bool) {
	if w.n < 2 {
		return weakMatch{}, false
	}
	hard := false
	for _, m := range w.first[:w.n] {
		hard = hard || !softKind[m.kind]
	}
	if !hard {
		return weakMatch{}, false
	}
	for _, m := range w.first[:w.n] {
		if !m.anyCat {
			return m, true
		}
	}
	return weakMatch{}, false
}

func (d *doc) verdict(cat Category, s, e int) Verdict {
	phrase := d.text[d.toks[s].start:d.toks[e-1].end]
	return Verdict{
		Risk:     cat.Risk(),
		Concern:  !cat.Risk(),
		Category: cat,
		Phrase:   phrase,
		Reason:   string(cat) + ": " + strconv.Quote(phrase),
	}
}

func langFor(lang string) langMask {
	l := strings.ToLower(strings.TrimSpace(lang))
	if i := strings.IndexAny(l, "-_"); i >= 0 {
		l = l[:i]
	}
	switch l {
	case "en":
		return langEN
	case "es":
		return langES
	}
	return langAll
}

// MaxLineBytes is the longest line CheckLines reads.
const MaxLineBytes = 1 << 20

// CheckLines reads lines from r and writes one verdict per line to w:
// "risk<TAB>reason" for a risk, else "ok" (a concern prints "ok" too). A
// trailing "\r" is dropped. It is what `holdspace safety check` runs, for
// operators to try their own phrases. A line longer than MaxLineBytes is
// an error.
func CheckLines(r io.Reader, w io.Writer, lang string) error {
	br := bufio.NewReaderSize(r, 64<<10)
	bw := bufio.NewWriter(w)
	var buf []byte
	for n := 1; ; n++ {
		line, err := readLine(br, buf[:0])
		buf = line
		if err != nil && err != io.EOF {
			if errors.Is(err, errLineTooLong) {
				return fmt.Errorf("line %d: %w", n, err)
			}
			return fmt.Errorf("read line %d: %w", n, err)
		}
		if err == io.EOF && len(line) == 0 {
			break
		}
		text := strings.TrimSuffix(strings.TrimSuffix(string(line), "\n"), "\r")
		v := Check(text, lang)
		if v.Risk {
			bw.WriteString("risk\t")
			bw.WriteString(v.Reason)
			bw.WriteByte('\n')
		} else {
			bw.WriteString("ok\n")
		}
		if err == io.EOF {
			break
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write verdicts: %w", err)
	}
	return nil
}

var errLineTooLong = errors.New("longer than 1 MiB: split the text into shorter lines")

// readLine appends the next line, with its "\n" if any, to buf.
func readLine(br *bufio.Reader, buf []byte) ([]byte, error) {
	for {
		chunk, err := br.ReadSlice('\n')
		if len(buf)+len(chunk) > MaxLineBytes+2 { // stop reading early
			return buf, errLineTooLong
		}
		buf = append(buf, chunk...)
		if err == bufio.ErrBufferFull {
			continue
		}
		text := bytes.TrimSuffix(bytes.TrimSuffix(buf, []byte("\n")), []byte("\r"))
		if len(text) > MaxLineBytes {
			return buf, errLineTooLong
		}
		return buf, err
	}
}
