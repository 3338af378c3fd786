package risk

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// The rules are written in a small pattern language over words rather than
// as regular expressions: the text is normalised into words first (see
// text.go), so a rule only has to say which words follow which, and one
// table of words (the vocabulary) serves every rule. A pattern is a list of
// items separated by spaces:
//
//	want|wish          one word out of several
//	( a b | c )        one sequence out of several
//	[ a b ]            an optional sequence
//	@name              a macro from the macros table, pasted in as ( ... )
//	~3                 up to three words of anything (the shortest that works)
//	$                  the end of the clause
//	^                  the start of the clause ("^ cut again": no subject)
//	!with|for          the next word is not one of these (or there is none)
//	&last|again        the next word is one of these (it is not part of the match)
//	%ger %num          a word that is a gerund ("shaving", "estudiando"), a number
//
// Words are written lower case and without accents. A stretched spelling
// in the text ("kiiill", "killl") still matches "kill": see lookup.

// vocab maps a word, as written in the rules, to its id. It is filled
// while the rules are compiled at package initialisation and only read
// afterwards, which is what makes Check safe for concurrent use. Id 0 means
// "not a word any rule knows".
var vocab = map[string]int32{}

// vocabWords holds the words by id.
var vocabWords = []string{""}

// Stretched spellings ("kiiill", "dieeee", "myselff") are found through
// the squeezed form, with every run of a letter collapsed to one. Two
// tables keep that from confusing real words: squeezedAny serves words
// typed with a run of three or more ("killl" is "kill"), squeezedOwn only
// words that have no double letter of their own ("diee" is "die"), so
// "feel" never becomes "fell" and "of" never becomes "off".
var (
	squeezedAny = map[string]int32{}
	squeezedOwn = map[string]int32{}
)

func intern(w string) int32 {
	if id, ok := vocab[w]; ok {
		return id
	}
	id := int32(len(vocabWords))
	vocab[w] = id
	vocabWords = append(vocabWords, w)
	sq := squeeze(w)
	if old, ok := squeezedAny[sq]; !ok || len(w) > len(vocabWords[old]) || (len(w) == len(vocabWords[old]) && w < vocabWords[old]) {
		squeezedAny[sq] = id
	}
	if sq == w {
		squeezedOwn[w] = id
	}
	return id
}

// lookup returns the id of a word of the text, forgiving stretched letters
// and, for a few long keywords, one wrong letter.
func lookup(w string) int32 {
	if id, ok := vocab[w]; ok {
		return id
	}
	if len(w) >= 5 && len(w) < 63 && w[len(w)-2:] == "in" {
		// "thinkin", "endin", "tryin": the g dropped.
		var buf [64]byte
		if id, ok := vocab[string(append(append(buf[:0], w...), 'g'))]; ok {
			return id
		}
	}
	if len(w) < 64 {
		var buf [64]byte
		if b := squeezeAppend(buf[:0], w); len(b) == len(w) {
			// Nothing to squeeze: only a misspelling can still match.
			if len(w) >= 5 {
				return fuzzy(w)
			}
			return 0
		}
	}
	sq := squeeze(w)
	if sq != w {
		if hasTriple(w) {
			if id, ok := squeezedAny[sq]; ok {
				return id
			}
		} else if id, ok := squeezedOwn[sq]; ok {
			return id
		}
	}
	if len(sq) >= 5 {
		return fuzzy(sq)
	}
	return 0
}

func hasTriple(w string) bool {
	for i := 2; i < len(w); i++ {
		if w[i] == w[i-1] && w[i] == w[i-2] {
			return true
		}
	}
	return false
}

// wordSet is a sorted list of word ids.
type wordSet []int32

func newWordSet(words ...string) wordSet {
	var s wordSet
	for _, w := range words {
		for _, f := range strings.Fields(w) {
			s = append(s, intern(f))
		}
	}
	slices.Sort(s)
	return slices.Compact(s)
}

func (s wordSet) has(id int32) bool {
	if id == 0 {
		return false
	}
	if len(s) < 12 {
		for _, x := range s {
			if x == id {
				return true
			}
		}
		return false
	}
	_, ok := slices.BinarySearch(s, id)
	return ok
}

const (
	opWord  = iota // consume a word from set
	opAny          // consume any word
	opFlag         // consume a word carrying flag
	opEnd          // assert the end of the clause
	opStart        // assert the start of the clause
	opNot          // assert the next word is not in set
	opIs           // assert the next word is in set
	opSplit        // try x, then y
	opJmp          // go to x
	opMatch        // success
)

type inst struct {
	op   uint8
	flag uint8
	set  wordSet
	x, y int
}

// program is a compiled pattern, run by a small backtracking matcher. The
// patterns are short and their gaps bounded, so the backtracking stays cheap.
type program []inst

// match runs the program on words starting at pos and returns the position
// just after the match, or -1.
func (p program) match(pc int, ids []int32, flags []uint8, pos int) int {
	for {
		in := &p[pc]
		switch in.op {
		case opWord:
			if pos >= len(ids) || !in.set.has(ids[pos]) {
				return -1
			}
			pos++
			pc++
		case opAny:
			if pos >= len(ids) {
				return -1
			}
			pos++
			pc++
		case opFlag:
			if pos >= len(ids) || flags[pos]&in.flag == 0 {
				return -1
			}
			pos++
			pc++
		case opEnd:
			if pos != len(ids) {
				return -1
			}
			pc++
		case opStart:
			if pos != 0 {
				return -1
			}
			pc++
		case opNot:
			if pos < len(ids) && in.set.has(ids[pos]) {
				return -1
			}
			pc++
		case opIs:
			if pos >= len(ids) || !in.set.has(ids[pos]) {
				return -1
			}
			pc++
		case opSplit:
			if end := p.match(in.x, ids, flags, pos); end >= 0 {
				return end
			}
			pc = in.y
		case opJmp:
			pc = in.x
		case opMatch:
			return pos
		}
	}
}

// node is the parsed form of a pattern.
type node struct {
	kind int
	set  wordSet
	flag uint8
	n    int
	kids []*node
}

const (
	nWord = iota
	nSeq
	nAlt
	nOpt
	nGap
	nEnd
	nStart
	nNot
	nIs
	nFlag
)

// compilePattern expands macros, parses and compiles a pattern. When
// indexed, it also returns the words a match can start with, so the matcher
// only tries the rules that can start at a given word.
func compilePattern(pat string, macros map[string]string, indexed bool) (program, wordSet, error) {
	toks, err := expandMacros(pat, macros, 0)
	if err != nil {
		return nil, nil, err
	}
	ps := &parser{toks: toks}
	root, err := ps.alt()
	if err != nil {
		return nil, nil, err
	}
	if ps.i != len(ps.toks) {
		return nil, nil, fmt.Errorf("unexpected %q", ps.toks[ps.i])
	}
	var first wordSet
	if indexed {
		f, nullable, err := firstWords(root)
		if err != nil {
			return nil, nil, err
		}
		if nullable {
			return nil, nil, fmt.Errorf("pattern can match nothing")
		}
		first = f
	}
	var c compiler
	c.emit(root)
	c.prog = append(c.prog, inst{op: opMatch})
	slices.Sort(first)
	return c.prog, slices.Compact(first), nil
}

func expandMacros(pat string, macros map[string]string, depth int) ([]string, error) {
	if depth > 8 {
		return nil, fmt.Errorf("macros nest too deep in %q", pat)
	}
	for _, b := range []string{"(", ")", "[", "]"} {
		pat = strings.ReplaceAll(pat, b, " "+b+" ")
	}
	var out []string
	for _, t := range strings.Fields(pat) {
		if t != "|" && (strings.HasPrefix(t, "|") || strings.HasSuffix(t, "|") || strings.Contains(t, "||") ||
			(len(t) > 1 && strings.ContainsAny(t[1:], "$^%~!@&"))) {
			// "a|( b c )" is a mistake for "( a | b c )": a word set
			// cannot hold a sequence, and "$", "%" and "@" stand alone.
			return nil, fmt.Errorf("malformed item %q in %q", t, pat)
		}
		if strings.HasPrefix(t, "@") {
			def, ok := macros[t[1:]]
			if !ok {
				return nil, fmt.Errorf("unknown macro %s", t)
			}
			sub, err := expandMacros(def, macros, depth+1)
			if err != nil {
				return nil, err
			}
			out = append(out, "(")
			out = append(out, sub...)
			out = append(out, ")")
			continue
		}
		out = append(out, t)
	}
	return out, nil
}

type parser struct {
	toks []string
	i    int
}

func (p *parser) alt() (*node, error) {
	var kids []*node
	for {
		s, err := p.seq()
		if err != nil {
			return nil, err
		}
		kids = append(kids, s)
		if p.i < len(p.toks) && p.toks[p.i] == "|" {
			p.i++
			continue
		}
		break
	}
	if len(kids) == 1 {
		return kids[0], nil
	}
	return &node{kind: nAlt, kids: kids}, nil
}

func (p *parser) seq() (*node, error) {
	s := &node{kind: nSeq}
	for p.i < len(p.toks) {
		t := p.toks[p.i]
		switch {
		case t == "|" || t == ")" || t == "]":
			if len(s.kids) == 0 {
				return nil, fmt.Errorf("empty alternative before %q", t)
			}
			return s, nil
		case t == "(" || t == "[":
			p.i++
			inner, err := p.alt()
			if err != nil {
				return nil, err
			}
			want := ")"
			if t == "[" {
				want = "]"
			}
			if p.i >= len(p.toks) || p.toks[p.i] != want {
				return nil, fmt.Errorf("missing %q", want)
			}
			p.i++
			if t == "[" {
				inner = &node{kind: nOpt, kids: []*node{inner}}
			}
			s.kids = append(s.kids, inner)
		case t == "$":
			p.i++
			s.kids = append(s.kids, &node{kind: nEnd})
		case t == "^":
			p.i++
			s.kids = append(s.kids, &node{kind: nStart})
		case strings.HasPrefix(t, "~"):
			p.i++
			n, err := strconv.Atoi(t[1:])
			if err != nil || n < 1 || n > 8 {
				return nil, fmt.Errorf("bad gap %q", t)
			}
			s.kids = append(s.kids, &node{kind: nGap, n: n})
		case strings.HasPrefix(t, "!"):
			p.i++
			s.kids = append(s.kids, &node{kind: nNot, set: newWordSet(strings.ReplaceAll(t[1:], "|", " "))})
		case strings.HasPrefix(t, "&"):
			p.i++
			s.kids = append(s.kids, &node{kind: nIs, set: newWordSet(strings.ReplaceAll(t[1:], "|", " "))})
		case strings.HasPrefix(t, "%"):
			p.i++
			f, ok := flagNames[t[1:]]
			if !ok {
				return nil, fmt.Errorf("unknown flag %q", t)
			}
			s.kids = append(s.kids, &node{kind: nFlag, flag: f})
		default:
			p.i++
			s.kids = append(s.kids, &node{kind: nWord, set: newWordSet(strings.ReplaceAll(t, "|", " "))})
		}
	}
	if len(s.kids) == 0 {
		return nil, fmt.Errorf("empty pattern")
	}
	return s, nil
}

var flagNames = map[string]uint8{"ger": fGerund, "num": fNumber, "many": fMany}

// firstWords returns the words a match of n can start with and whether n
// can match nothing at all. A pattern must not start with a gap or a flag,
// since it could then start anywhere.
func firstWords(n *node) (wordSet, bool, error) {
	switch n.kind {
	case nWord:
		return slices.Clone(n.set), false, nil
	case nEnd, nStart, nNot, nIs:
		return nil, true, nil
	case nGap, nFlag:
		return nil, false, fmt.Errorf("a pattern must not start with a gap or a flag")
	case nOpt:
		f, _, err := firstWords(n.kids[0])
		return f, true, err
	case nAlt:
		var all wordSet
		null := false
		for _, k := range n.kids {
			f, nl, err := firstWords(k)
			if err != nil {
				return nil, false, err
			}
			all = append(all, f...)
			null = null || nl
		}
		return all, null, nil
	case nSeq:
		var all wordSet
		for _, k := range n.kids {
			f, nl, err := firstWords(k)
			if err != nil {
				return nil, false, err
			}
			all = append(all, f...)
			if !nl {
				return all, false, nil
			}
		}
		return all, true, nil
	}
	return nil, false, fmt.Errorf("unknown node")
}

type compiler struct{ prog program }

func (c *compiler) emit(n *node) {
	switch n.kind {
	case nWord:
		c.prog = append(c.prog, inst{op: opWord, set: n.set})
	case nFlag:
		c.prog = append(c.prog, inst{op: opFlag, flag: n.flag})
	case nEnd:
		c.prog = append(c.prog, inst{op: opEnd})
	case nStart:
		c.prog = append(c.prog, inst{op: opStart})
	case nNot:
		c.prog = append(c.prog, inst{op: opNot, set: n.set})
	case nIs:
		c.prog = append(c.prog, inst{op: opIs, set: n.set})
	case nSeq:
		for _, k := range n.kids {
			c.emit(k)
		}
	case nOpt:
		// Greedy: try the optional part first.
		split := len(c.prog)
		c.prog = append(c.prog, inst{op: opSplit})
		c.prog[split].x = len(c.prog)
		c.emit(n.kids[0])
		c.prog[split].y = len(c.prog)
	case nAlt:
		var jumps []int
		for i, k := range n.kids {
			if i < len(n.kids)-1 {
				split := len(c.prog)
				c.prog = append(c.prog, inst{op: opSplit})
				c.prog[split].x = len(c.prog)
				c.emit(k)
				jumps = append(jumps, len(c.prog))
				c.prog = append(c.prog, inst{op: opJmp})
				c.prog[split].y = len(c.prog)
			} else {
				c.emit(k)
			}
		}
		for _, j := range jumps {
			c.prog[j].x = len(c.prog)
		}
	case nGap:
		// Lazy: prefer to skip as few words as possible.
		var splits []int
		for range n.n {
			splits = append(splits, len(c.prog))
			c.prog = append(c.prog, inst{op: opSplit})
			c.prog[len(c.prog)-1].y = len(c.prog)
			c.prog = append(c.prog, inst{op: opAny})
		}
		for _, s := range splits {
			c.prog[s].x = len(c.prog)
		}
	}
}
