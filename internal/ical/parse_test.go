package ical

import (
	"fmt"
	"strings"
)

// A small iCalendar reader for the tests: it unfolds lines, splits them into
// name, parameters and value, and builds the component tree.

type property struct {
	name   string
	params map[string]string
	value  string
}

type component struct {
	name  string
	props []property
	subs  []*component
}

func (c *component) all(name string) []property {
	var out []property
	for _, p := range c.props {
		if p.name == name {
			out = append(out, p)
		}
	}
	return out
}

func (c *component) get(name string) (property, bool) {
	ps := c.all(name)
	if len(ps) == 0 {
		return property{}, false
	}
	return ps[0], true
}

func (c *component) value(name string) string {
	p, _ := c.get(name)
	return p.value
}

func (c *component) children(name string) []*component {
	var out []*component
	for _, s := range c.subs {
		if s.name == name {
			out = append(out, s)
		}
	}
	return out
}

// unfold joins folded lines. It insists on CRLF everywhere.
func unfold(text string) ([]string, error) {
	if !strings.HasSuffix(text, "\r\n") {
		return nil, fmt.Errorf("text does not end with CRLF")
	}
	raw := strings.Split(strings.TrimSuffix(text, "\r\n"), "\r\n")
	var lines []string
	for i, l := range raw {
		if strings.ContainsAny(l, "\r\n") {
			return nil, fmt.Errorf("line %d has a bare CR or LF: %q", i+1, l)
		}
		if strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t") {
			if len(lines) == 0 {
				return nil, fmt.Errorf("line %d continues nothing", i+1)
			}
			lines[len(lines)-1] += l[1:]
			continue
		}
		lines = append(lines, l)
	}
	return lines, nil
}

func parseLine(l string) (property, error) {
	p := property{params: map[string]string{}}
	// The value starts at the first colon outside double quotes.
	inQuote, colon := false, -1
	for i := 0; i < len(l) && colon < 0; i++ {
		switch l[i] {
		case '"':
			inQuote = !inQuote
		case ':':
			if !inQuote {
				colon = i
			}
		}
	}
	if colon < 0 {
		return p, fmt.Errorf("no colon in %q", l)
	}
	head, value := l[:colon], l[colon+1:]
	parts := strings.Split(head, ";")
	p.name, p.value = parts[0], value
	for _, kv := range parts[1:] {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return p, fmt.Errorf("bad parameter %q in %q", kv, l)
		}
		p.params[k] = strings.Trim(v, `"`)
	}
	return p, nil
}

func parseCalendar(text string) (*component, error) {
	lines, err := unfold(text)
	if err != nil {
		return nil, err
	}
	var stack []*component
	var root *component
	for _, l := range lines {
		p, err := parseLine(l)
		if err != nil {
			return nil, err
		}
		switch p.name {
		case "BEGIN":
			c := &component{name: p.value}
			if len(stack) > 0 {
				top := stack[len(stack)-1]
				top.subs = append(top.subs, c)
			} else if root != nil {
				return nil, fmt.Errorf("second top-level component %s", p.value)
			} else {
				root = c
			}
			stack = append(stack, c)
		case "END":
			if len(stack) == 0 || stack[len(stack)-1].name != p.value {
				return nil, fmt.Errorf("END:%s does not match", p.value)
			}
			stack = stack[:len(stack)-1]
		default:
			if len(stack) == 0 {
				return nil, fmt.Errorf("property %s outside a component", p.name)
			}
			top := stack[len(stack)-1]
			top.props = append(top.props, p)
		}
	}
	if len(stack) != 0 || root == nil {
		return nil, fmt.Errorf("unterminated calendar")
	}
	return root, nil
}

func unescapeText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			switch s[i] {
			case 'n', 'N':
				b.WriteByte('\n')
			default:
				b.WriteByte(s[i])
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
