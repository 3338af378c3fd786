package risk

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Text is matched as a list of normalised words, each remembering where it
// came from so the phrase can be reported as the member wrote it.
//
// Normalising does, in order: lower case; accents off ("mí" is "mi");
// leetspeak decoded inside words that have letters ("k!ll mys3lf", "$uicide";
// plain numbers like "16" stay numbers); apostrophes and hyphens inside a
// word dropped ("don't" is "dont", "self-harm" is "selfharm"); runs of three
// or more single letters joined ("k i l l", "d-i-e"); a split keyword joined
// ("sui cide", "my self", "sui.cide"); slang and contractions expanded
// ("kms" is "kill myself", "dont" is "do not", "kiero" is "quiero", "want
// 2 die" is "want to die"); a dropped g put back ("endin" is "ending");
// filler words dropped ("just", "really", "lol") so that rules need not
// allow for them; and a
// misspelt keyword one edit away from the real one taken for it
// ("sucidal", "myslef"), and a stretched one ("kiiill", "dieeee") taken
// for the plain one.

type langMask uint8

const (
	langEN langMask = 1 << iota
	langES
	langAll = langEN | langES
)

// Word flags.
const (
	fGerund     uint8 = 1 << iota // "shaving", "trying", "estudiando"
	fNumber                       // "16", "2019"
	fParticiple                   // "estado", "tenido": Spanish "he estado" is "i have been"
	fMany                         // ten or more: "i took 30 pills"
)

type token struct {
	start, end int    // bytes of the original text this word came from
	text       string // normalised, not squeezed
	id         int32  // vocabulary id of the squeezed word, 0 if unknown
	flags      uint8
}

type span struct{ s, e int }

// doc is a text ready for matching: the words rules see (fillers and clause
// breaks removed) and the clauses they fall into.
type doc struct {
	text    string
	toks    []token
	ids     []int32
	flags   []uint8
	clauses []span
	ctxSeen []int8 // per context set: 0 not looked yet, 1 present, -1 absent
	// unlessSeen is the same per unless set, laugh for laughter.
	unlessSeen []int8
	laugh      int8
	raws       []raw // the lexer's output, kept for reuse
	// feats and contrib are the model's features and the weight each word
	// carries, kept for reuse.
	feats   []feat
	contrib []float64
}

// raw is a word straight out of the lexer, or a clause break.
type raw struct {
	start, end int
	text       string
	brk        bool
}

// docs are reused: Check is called for every message, and most of its
// cost would otherwise be allocating and collecting these slices.
var docs = sync.Pool{New: func() any { return new(doc) }}

// analyse normalises text into a doc, to be handed back with release.
func analyse(text string, langs langMask) *doc {
	d := docs.Get().(*doc)
	d.text = text
	if n := len(text)/4 + 8; cap(d.raws) < n {
		d.raws = make([]raw, 0, n)
	}
	d.raws = joinPairs(text, joinLetters(lex(text, d.raws[:0])))
	if n := len(d.raws) + 8; cap(d.toks) < n {
		d.toks = make([]token, 0, n)
	}
	d.toks, d.clauses, d.ctxSeen = d.toks[:0], d.clauses[:0], d.ctxSeen[:0]
	d.unlessSeen, d.laugh = d.unlessSeen[:0], 0
	raws := d.raws
	clauseStart := 0
	for i, r := range raws {
		if r.brk {
			clauseStart = d.closeClause(clauseStart)
			continue
		}
		if words := expand(raws, i, langs); words != nil {
			for _, w := range words {
				clauseStart = d.add(w, r, langs, clauseStart)
			}
		} else {
			clauseStart = d.add(r.text, r, langs, clauseStart)
		}
	}
	d.closeClause(clauseStart)
	d.ids, d.flags = d.ids[:0], d.flags[:0]
	for _, t := range d.toks {
		d.ids = append(d.ids, t.id)
		d.flags = append(d.flags, t.flags)
	}
	return d
}

// release hands d back for reuse, unless a huge text made it too big to
// keep around.
func (d *doc) release() {
	if cap(d.raws) > 1<<12 {
		return
	}
	d.text = ""
	clear(d.raws) // drop references to word strings
	clear(d.toks[:cap(d.toks)])
	docs.Put(d)
}

// add appends word w, which came from r, unless it is a filler; a break
// word ("but") closes the clause instead. It returns where the current
// clause starts.
func (d *doc) add(w string, r raw, langs langMask, clauseStart int) int {
	id := lookup(w)
	p := propsOf(id)
	if p&propBreak != 0 && langBit(p, langs) {
		return d.closeClause(clauseStart)
	}
	if (p&propFillerEN != 0 && langs&langEN != 0) || (p&propFillerES != 0 && langs&langES != 0) {
		return clauseStart
	}
	d.toks = append(d.toks, token{start: r.start, end: r.end, text: w, id: id, flags: wordFlags(w)})
	return clauseStart
}

func (d *doc) closeClause(start int) int {
	if len(d.toks) > start {
		d.clauses = append(d.clauses, span{start, len(d.toks)})
	}
	return len(d.toks)
}

// langBit reports whether a break word belongs to one of the languages.
func langBit(p uint32, langs langMask) bool {
	return (p&propBreakEN != 0 && langs&langEN != 0) || (p&propBreakES != 0 && langs&langES != 0)
}

// expand returns the words for raws[i] if it is a contraction or slang,
// else nil.
func expand(raws []raw, i int, langs langMask) []string {
	w := raws[i].text
	if w == "2" && langs&langEN != 0 && i > 0 && i+1 < len(raws) && !raws[i-1].brk && !raws[i+1].brk &&
		isWordy(raws[i-1].text) && isWordy(raws[i+1].text) {
		// "i want 2 die": a digit between two words is a word.
		return twoTo
	}
	e, ok := expansions[w]
	if !ok && len(w) < 64 {
		// "kmss", "wannaa": stretched slang.
		var buf [64]byte
		if b := squeezeAppend(buf[:0], w); len(b) != len(w) {
			e, ok = expansions[string(b)]
		}
	}
	if !ok || e.langs&langs == 0 {
		return nil
	}
	if e.ifVerbFollows {
		// "ill" is "i will" in "ill kill them" but not in "i feel ill";
		// "id" is "i would" but not in "my id card".
		prev := ""
		if i > 0 && !raws[i-1].brk {
			prev = raws[i-1].text
		}
		next := i+1 < len(raws) && !raws[i+1].brk
		if !next || notBeforeContraction[prev] {
			return nil
		}
	}
	return e.words
}

var twoTo = []string{"to"}

// isWordy reports whether w starts with a letter.
func isWordy(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsLetter(r)
}

func wordFlags(w string) uint8 {
	var f uint8
	allDigits := w != ""
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			allDigits = false
			break
		}
	}
	if allDigits {
		f |= fNumber
		if len(w) >= 2 && w[0] != '0' {
			f |= fMany
		}
	}
	if manyWords[w] {
		f |= fMany
	}
	if isGerund(w) {
		f |= fGerund
	}
	if len(w) >= 4 && (strings.HasSuffix(w, "ado") || strings.HasSuffix(w, "ido") || w == "hecho" || w == "dicho" || w == "escrito") {
		f |= fParticiple
	}
	return f
}

func isGerund(w string) bool {
	switch {
	case len(w) >= 5 && strings.HasSuffix(w, "ing"):
		return !notGerunds[w]
	case len(w) >= 6 && (strings.HasSuffix(w, "ando") || strings.HasSuffix(w, "iendo") || strings.HasSuffix(w, "yendo")):
		return !notGerunds[w]
	}
	return false
}

// squeeze collapses every run of a repeated letter to one letter. Digits
// are left alone so "2000" stays a year.
func squeeze(w string) string {
	same := true
	for i := 1; i < len(w); i++ {
		if w[i] == w[i-1] && !isDigit(w[i]) {
			same = false
			break
		}
	}
	if same {
		return w
	}
	b := make([]byte, 0, len(w))
	for i := 0; i < len(w); i++ {
		if i > 0 && w[i] == w[i-1] && !isDigit(w[i]) {
			continue
		}
		b = append(b, w[i])
	}
	return string(b)
}

// squeezeAppend appends squeeze(w) to dst, for lookups that must not
// allocate.
func squeezeAppend(dst []byte, w string) []byte {
	for i := 0; i < len(w); i++ {
		if i > 0 && w[i] == w[i-1] && !isDigit(w[i]) {
			continue
		}
		dst = append(dst, w[i])
	}
	return dst
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

const (
	cSpace = iota
	cWord
	cBreak
)

// asciiClass is charClass for ASCII, computed once.
var asciiClass = func() (t [utf8.RuneSelf]uint8) {
	for r := range t {
		switch {
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9':
			t[r] = cWord
		case strings.ContainsRune("'-_@$!*`", rune(r)):
			t[r] = cWord
		case strings.ContainsRune(".?;,:\n()[]{}|", rune(r)):
			t[r] = cBreak
		}
	}
	return t
}()

func charClass(r rune) int {
	if r < utf8.RuneSelf {
		return int(asciiClass[r])
	}
	switch {
	case r == utf8.RuneError:
		return cSpace
	case unicode.IsLetter(r), unicode.IsDigit(r), unicode.Is(unicode.Mn, r):
		return cWord
	case strings.ContainsRune("’‘ʼ´‐‑–", r):
		return cWord
	case strings.ContainsRune("…¿¡—。！？", r):
		return cBreak
	}
	return cSpace
}

func lex(s string, out []raw) []raw {
	for i := 0; i < len(s); {
		r, n := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(s[i:])
		}
		switch charClass(r) {
		case cWord:
			j, seg := i+n, i
			for j < len(s) {
				r2, n2 := rune(s[j]), 1
				if r2 >= utf8.RuneSelf {
					r2, n2 = utf8.DecodeRuneInString(s[j:])
				}
				if charClass(r2) != cWord {
					// "k.m.s": dots between single letters join them.
					if r2 == '.' && dottedLetters(s, seg, j) {
						j += n2
						seg = j
						continue
					}
					break
				}
				j += n2
			}
			out = lexWord(s, i, j, out)
			i = j
		case cBreak:
			out = addBreak(out)
			i += n
		default:
			i += n
		}
	}
	return out
}

func addBreak(out []raw) []raw {
	if len(out) > 0 && !out[len(out)-1].brk {
		out = append(out, raw{brk: true})
	}
	return out
}

// dottedLetters reports whether s[seg:dot] is one letter and the dot at
// s[dot] is followed by another single letter, as in "k.m.s" or "d.i.e".
func dottedLetters(s string, seg, dot int) bool {
	r, n := utf8.DecodeRuneInString(s[seg:])
	if seg+n != dot || !unicode.IsLetter(r) {
		return false
	}
	r2, n2 := utf8.DecodeRuneInString(s[dot+1:])
	if !unicode.IsLetter(r2) {
		return false
	}
	r3, _ := utf8.DecodeRuneInString(s[dot+1+n2:])
	return dot+1+n2 == len(s) || !unicode.IsLetter(r3)
}

func isAlnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// lexWord turns the run s[i:j] of word characters into one word, decoding
// leetspeak, or into a clause break when it is only punctuation like "!!!".
func lexWord(s string, i, j int, out []raw) []raw {
	// Trim to the first and last letter or digit; a "$" or "@" in front of
	// a letter is leetspeak ("$uicide"), not punctuation.
	a := -1
	for k := i; k < j; {
		r, n := utf8.DecodeRuneInString(s[k:])
		if isAlnum(r) {
			a = k
			break
		}
		if (r == '$' || r == '@') && k+n < j {
			if r2, _ := utf8.DecodeRuneInString(s[k+n:]); unicode.IsLetter(r2) {
				a = k
				break
			}
		}
		k += n
	}
	if a < 0 {
		if strings.ContainsRune(s[i:j], '!') {
			out = addBreak(out)
		}
		return out
	}
	b := a
	hasLetter := false
	for k := a; k < j; {
		r, n := utf8.DecodeRuneInString(s[k:])
		if isAlnum(r) {
			b = k + n
		}
		if unicode.IsLetter(r) {
			hasLetter = true
		}
		k += n
	}
	if plainASCII(s[a:b]) {
		// The common case needs no new string.
		out = append(out, raw{start: a, end: b, text: s[a:b]})
		if strings.ContainsRune(s[b:j], '!') {
			out = addBreak(out)
		}
		return out
	}
	var sb strings.Builder
	sb.Grow(b - a)
	for k := a; k < b; {
		r, n := utf8.DecodeRuneInString(s[k:])
		k += n
		switch {
		case unicode.IsLetter(r):
			sb.WriteRune(fold(r))
		case '0' <= r && r <= '9':
			if hasLetter {
				sb.WriteByte(leet[r-'0'])
			} else {
				sb.WriteRune(r)
			}
		case unicode.IsDigit(r):
			sb.WriteRune(r)
		case r == '@' && hasLetter:
			sb.WriteByte('a')
		case r == '$' && hasLetter:
			sb.WriteByte('s')
		case r == '*' && hasLetter:
			sb.WriteByte('i')
		case r == '!':
			// "k!ll" and "K!LL" are leetspeak, but "done!I" is two
			// sentences.
			r0, _ := utf8.DecodeLastRuneInString(s[:k-n])
			if r2, _ := utf8.DecodeRuneInString(s[k:]); k < b && unicode.IsUpper(r2) && unicode.IsLower(r0) {
				out = append(out, raw{start: a, end: k - n, text: sb.String()})
				out = addBreak(out)
				return lexWord(s, k, j, out)
			}
			sb.WriteByte('i')
		}
		// Apostrophes, hyphens, underscores and combining accents join.
	}
	out = append(out, raw{start: a, end: b, text: sb.String()})
	if strings.ContainsRune(s[b:j], '!') {
		out = addBreak(out)
	}
	return out
}

// plainASCII reports whether w is lower-case ASCII letters only, a word
// normalising leaves as it is.
func plainASCII(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}

// leet maps digits inside words to the letters they stand for.
var leet = [10]byte{'o', 'i', '2', 'e', 'a', 's', '6', 't', '8', '9'}

// fold lower-cases a letter and takes its accent off. Common Cyrillic and
// Greek look-alikes ("kіll" with a Cyrillic і) become their Latin twins.
func fold(r rune) rune {
	r = unicode.ToLower(r)
	if r < 0xC0 {
		return r
	}
	switch r {
	case 'á', 'à', 'â', 'ä', 'ã', 'å', 'ā', 'а', 'α':
		return 'a'
	case 'é', 'è', 'ê', 'ë', 'ē', 'е', 'ε':
		return 'e'
	case 'í', 'ì', 'î', 'ï', 'ī', 'ı', 'і', 'ι':
		return 'i'
	case 'ó', 'ò', 'ô', 'ö', 'õ', 'ø', 'ō', 'о', 'ο':
		return 'o'
	case 'ú', 'ù', 'û', 'ü', 'ū', 'υ':
		return 'u'
	case 'ñ':
		return 'n'
	case 'ç', 'с':
		return 'c'
	case 'ý', 'ÿ', 'у':
		return 'y'
	case 'р', 'ρ':
		return 'p'
	case 'х', 'χ':
		return 'x'
	case 'к', 'κ':
		return 'k'
	case 'м':
		return 'm'
	case 'т', 'τ':
		return 't'
	case 'ѕ':
		return 's'
	}
	return r
}

// joinLetters joins runs of three or more single letters: "k i l l",
// "s u i c i d e", "m a t a r m e". A leading "i" that is the pronoun
// ("i k i l l") is left alone when the rest is a known word.
func joinLetters(raws []raw) []raw {
	out := raws[:0]
	for i := 0; i < len(raws); {
		j := i
		for j < len(raws) && !raws[j].brk && isSingleLetter(raws[j].text) {
			j++
		}
		if j-i < 3 {
			out = append(out, raws[i])
			i++
			continue
		}
		var sb strings.Builder
		for k := i; k < j; k++ {
			sb.WriteString(raws[k].text)
		}
		w := sb.String()
		if w[0] == 'i' && !known(w) && known(w[1:]) {
			out = append(out, raws[i])
			i++
			w = w[1:]
		}
		out = append(out, raw{start: raws[i].start, end: raws[j-1].end, text: w})
		i = j
	}
	return out
}

func isSingleLetter(w string) bool {
	r, n := utf8.DecodeRuneInString(w)
	return n == len(w) && n > 0 && unicode.IsLetter(r)
}

func known(w string) bool {
	if lookup(w) != 0 {
		return true
	}
	_, ok := expansions[squeeze(w)]
	return ok
}

// joinPairs joins two neighbouring words that together spell a keyword
// somebody split, on purpose or not: "sui cide", "my self", "self harm",
// and a keyword split by a dot with no space ("sui.cide", "self.harm"),
// which the lexer took for the end of a sentence.
func joinPairs(s string, raws []raw) []raw {
	out := raws[:0]
	for i := 0; i < len(raws); i++ {
		r := raws[i]
		if !r.brk && i+2 < len(raws) && raws[i+1].brk && !raws[i+2].brk &&
			r.end < len(s) && s[r.end] == '.' && raws[i+2].start == r.end+1 {
			var buf [64]byte
			if len(r.text)+len(raws[i+2].text) <= len(buf) {
				b := squeezeAppend(buf[:0], r.text+raws[i+2].text)
				if joinWords[string(b)] {
					out = append(out, raw{start: r.start, end: raws[i+2].end, text: r.text + raws[i+2].text})
					i += 2
					continue
				}
			}
		}
		if !r.brk && i+1 < len(raws) && !raws[i+1].brk && len(r.text) < maxJoinPrefix {
			next := raws[i+1].text
			var buf [64]byte
			b := squeezeAppend(buf[:0], r.text)
			if joinPrefixes[string(b)] && len(r.text)+len(next) <= len(buf) {
				b = squeezeAppend(buf[:0], r.text+next)
				if joinWords[string(b)] {
					out = append(out, raw{start: r.start, end: raws[i+1].end, text: r.text + next})
					i++
					continue
				}
			}
		}
		out = append(out, r)
	}
	return out
}

// fuzzy returns the keyword one edit (a letter added, dropped, changed or
// two swapped) away from w, or 0. Only long keywords with no ordinary
// word that close are in the list, so "sucidal" finds "suicidal" and
// "myslef" finds "myself" without catching anything else.
func fuzzy(w string) int32 {
	for _, k := range fuzzyKeywords {
		if k.w[0] != w[0] && k.w[len(k.w)-1] != w[len(w)-1] {
			continue
		}
		if d := len(k.w) - len(w); d > 1 || d < -1 {
			continue
		}
		if withinOneEdit(w, k.w) {
			return k.id
		}
	}
	return 0
}

// withinOneEdit reports whether a and b differ by at most one insertion,
// deletion, substitution or swap of neighbouring letters.
func withinOneEdit(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	if i == len(a) {
		return len(b)-len(a) <= 1
	}
	if len(a) == len(b) {
		if a[i+1:] == b[i+1:] {
			return true
		}
		return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
	}
	return a[i:] == b[i+1:]
}
