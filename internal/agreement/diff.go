package agreement

import (
	"fmt"
	"strings"
	"unicode"
)

// Kinds of change.
const (
	Added   = "added"
	Removed = "removed"
	Changed = "changed"
)

// Change is one line that changed between two versions of a section.
type Change struct {
	Section string // the section's field, like "ground_rules"
	Kind    string // added, removed or changed
	Old     string // the line before (removed, changed)
	New     string // the line after (added, changed)
}

// String says the change in plain words: `Added: ...`, `Removed: ...` or
// `Changed: "..." to "..."`.
func (c Change) String() string {
	switch c.Kind {
	case Added:
		return "Added: " + c.New
	case Removed:
		return "Removed: " + c.Old
	}
	return fmt.Sprintf("Changed: %q to %q", c.Old, c.New)
}

// Sentence is String with the section named in front when it is not the
// ground rules, which is what most changes touch.
func (c Change) Sentence() string {
	if c.Section == "" || c.Section == "ground_rules" {
		return c.String()
	}
	for _, s := range Sections {
		if s.Field == c.Section {
			return s.Heading + " – " + c.String()
		}
	}
	return c.String()
}

// Sentences says every change in plain words, in order.
func Sentences(cs []Change) []string {
	out := make([]string, 0, len(cs))
	for _, c := range cs {
		out = append(out, c.Sentence())
	}
	return out
}

// Diff lists what changed from old to new, section by section and line by
// line. Lines that only moved within a section are not reported; lines
// that were rewritten are reported as changed when they still share most
// of their words, and as removed and added otherwise.
func Diff(old, new Text) []Change {
	var out []Change
	for _, s := range Sections {
		for _, c := range DiffSection(old.Get(s.Field), new.Get(s.Field)) {
			c.Section = s.Field
			out = append(out, c)
		}
	}
	return out
}

// DiffSection lists what changed between two versions of one section.
func DiffSection(old, new string) []Change {
	a, b := Items(old), Items(new)
	ka, kb := keys(a), keys(b)
	// Longest common subsequence of the lines, by their keys.
	n, m := len(a), len(b)
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if ka[i] == kb[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []Change
	var dels, adds []string
	flush := func() {
		out = append(out, pair(dels, adds)...)
		dels, adds = nil, nil
	}
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && ka[i] == kb[j]:
			flush()
			i++
			j++
		case j < m && (i == n || lcs[i][j+1] >= lcs[i+1][j]):
			adds = append(adds, b[j])
			j++
		default:
			dels = append(dels, a[i])
			i++
		}
	}
	flush()
	return moved(out)
}

// pair turns one run of removed and added lines into changes: a single
// line replaced by a single line is a change; in longer runs a removed
// line pairs with the first added line that shares enough of its words.
func pair(dels, adds []string) []Change {
	var out []Change
	if len(dels) == 1 && len(adds) == 1 {
		return []Change{{Kind: Changed, Old: dels[0], New: adds[0]}}
	}
	used := make([]bool, len(adds))
	next := 0
	for _, d := range dels {
		found := -1
		for k := next; k < len(adds); k++ {
			if !used[k] && similar(d, adds[k]) {
				found = k
				break
			}
		}
		if found < 0 {
			out = append(out, Change{Kind: Removed, Old: d})
			continue
		}
		used[found] = true
		next = found + 1
		out = append(out, Change{Kind: Changed, Old: d, New: adds[found]})
	}
	for k, a := range adds {
		if !used[k] {
			out = append(out, Change{Kind: Added, New: a})
		}
	}
	return out
}

// moved drops a removal and an addition of the same line: the line only
// moved, and nobody needs to read it again.
func moved(cs []Change) []Change {
	removed, added := map[string]int{}, map[string]int{}
	for _, c := range cs {
		switch c.Kind {
		case Removed:
			removed[key(c.Old)]++
		case Added:
			added[key(c.New)]++
		}
	}
	dropRemoved, dropAdded := map[string]int{}, map[string]int{}
	for k, n := range removed {
		dropRemoved[k], dropAdded[k] = min(n, added[k]), min(n, added[k])
	}
	var out []Change
	for _, c := range cs {
		switch {
		case c.Kind == Removed && dropRemoved[key(c.Old)] > 0:
			dropRemoved[key(c.Old)]--
			continue
		case c.Kind == Added && dropAdded[key(c.New)] > 0:
			dropAdded[key(c.New)]--
			continue
		}
		out = append(out, c)
	}
	return out
}

func keys(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = key(l)
	}
	return out
}

// key is a line as compared: spaces folded, so that retyping the same
// words is not a change.
func key(l string) string { return strings.Join(strings.Fields(l), " ") }

// similar reports whether two lines share at least a third of their words.
func similar(a, b string) bool {
	wa, wb := words(a), words(b)
	if len(wa) == 0 || len(wb) == 0 {
		return false
	}
	both := 0
	for w := range wa {
		if wb[w] {
			both++
		}
	}
	union := len(wa) + len(wb) - both
	return both*3 >= union
}

func words(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) }) {
		out[w] = true
	}
	return out
}
