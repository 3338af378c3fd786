package openapitest

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Lint checks the document itself: every $ref resolves, every schema uses
// only keywords this package checks, with values of the right kind, every
// operation documents at least one response, and operation IDs are unique.
// Pointers in the answer point into the document.
func (d *Document) Lint() []Mismatch {
	l := &linter{doc: d}
	l.refs(d.root, "")
	comps, _ := d.root["components"].(map[string]any)
	for _, name := range sortedKeys(comps["schemas"]) {
		l.schema(comps["schemas"].(map[string]any)[name], "/components/schemas/"+escape(name))
	}
	for _, name := range sortedKeys(comps["responses"]) {
		l.response(comps["responses"].(map[string]any)[name], "/components/responses/"+escape(name))
	}
	for _, name := range sortedKeys(comps["parameters"]) {
		l.parameter(comps["parameters"].(map[string]any)[name], "/components/parameters/"+escape(name))
	}
	for _, name := range sortedKeys(comps["requestBodies"]) {
		l.content(comps["requestBodies"].(map[string]any)[name], "/components/requestBodies/"+escape(name))
	}
	for _, name := range sortedKeys(comps["headers"]) {
		l.parameter(comps["headers"].(map[string]any)[name], "/components/headers/"+escape(name))
	}
	ids := map[string]string{}
	paths := d.root["paths"].(map[string]any)
	for _, path := range sortedKeys(paths) {
		pp := "/paths/" + escape(path)
		item, _ := paths[path].(map[string]any)
		if !strings.HasPrefix(path, "/") {
			l.fail(pp, "path %q does not start with /", path)
		}
		l.parameters(item["parameters"], pp+"/parameters")
		for _, m := range methods {
			op, ok := item[m].(map[string]any)
			if !ok {
				continue
			}
			opPtr := pp + "/" + m
			if id, _ := op["operationId"].(string); id != "" {
				if prev, dup := ids[id]; dup {
					l.fail(opPtr+"/operationId", "operationId %q is also used at %s", id, prev)
				}
				ids[id] = opPtr
			}
			l.parameters(op["parameters"], opPtr+"/parameters")
			if rb, ok := op["requestBody"]; ok {
				l.content(rb, opPtr+"/requestBody")
			}
			resps, _ := op["responses"].(map[string]any)
			if len(resps) == 0 {
				l.fail(opPtr, "documents no responses")
			}
			for _, code := range sortedKeys(resps) {
				if n, err := strconv.Atoi(code); err != nil || n < 100 || n > 599 {
					if code != "default" && !statusRange.MatchString(code) {
						l.fail(opPtr+"/responses/"+escape(code), "%q is not a status code", code)
					}
				}
				l.response(resps[code], opPtr+"/responses/"+escape(code))
			}
		}
	}
	return l.out
}

type linter struct {
	doc *Document
	out []Mismatch
}

func (l *linter) fail(ptr, format string, args ...any) {
	l.out = append(l.out, Mismatch{Pointer: ptr, Message: fmt.Sprintf(format, args...)})
}

// refs checks that every $ref anywhere in the document resolves.
func (l *linter) refs(v any, ptr string) {
	switch x := v.(type) {
	case map[string]any:
		for _, k := range sortedKeys(x) {
			if k == "$ref" {
				if _, err := l.doc.resolve(x[k]); err != nil {
					l.fail(ptr+"/$ref", "%v", err)
				}
				continue
			}
			// Examples are data, not document structure.
			if k == "examples" || k == "example" {
				continue
			}
			l.refs(x[k], ptr+"/"+escape(k))
		}
	case []any:
		for i, e := range x {
			l.refs(e, ptr+"/"+strconv.Itoa(i))
		}
	}
}

func (l *linter) parameters(v any, ptr string) {
	list, _ := v.([]any)
	for i, p := range list {
		l.parameter(p, ptr+"/"+strconv.Itoa(i))
	}
}

// parameter checks a parameter or header object's schema.
func (l *linter) parameter(v any, ptr string) {
	p, _ := v.(map[string]any)
	if _, isRef := p["$ref"]; isRef {
		return
	}
	if s, ok := p["schema"]; ok {
		l.schema(s, ptr+"/schema")
	}
	if in, _ := p["in"].(string); in == "path" && p["required"] != true {
		l.fail(ptr, "a path parameter must be required")
	}
}

// content checks a request body or response: the schemas of its media
// types and of its headers.
func (l *linter) content(v any, ptr string) {
	obj, _ := v.(map[string]any)
	if _, isRef := obj["$ref"]; isRef {
		return
	}
	c, _ := obj["content"].(map[string]any)
	for _, mt := range sortedKeys(c) {
		media, _ := c[mt].(map[string]any)
		if s, ok := media["schema"]; ok {
			l.schema(s, ptr+"/content/"+escape(mt)+"/schema")
		}
	}
}

func (l *linter) response(v any, ptr string) {
	obj, _ := v.(map[string]any)
	if _, isRef := obj["$ref"]; isRef {
		return
	}
	if _, ok := obj["description"].(string); !ok {
		l.fail(ptr, "a response needs a description")
	}
	l.content(obj, ptr)
	h, _ := obj["headers"].(map[string]any)
	for _, name := range sortedKeys(h) {
		l.parameter(h[name], ptr+"/headers/"+escape(name))
	}
}

// statusRange is a response key like 4XX.
var statusRange = regexp.MustCompile(`^[1-5]XX$`)

var typeNames = map[string]bool{"null": true, "boolean": true, "object": true, "array": true, "number": true, "integer": true, "string": true}

// schema checks one schema and those inside it.
func (l *linter) schema(v any, ptr string) {
	if _, ok := v.(bool); ok {
		return
	}
	s, ok := v.(map[string]any)
	if !ok {
		l.fail(ptr, "a schema must be an object or a boolean")
		return
	}
	for _, k := range sortedKeys(s) {
		if !known[k] {
			l.fail(ptr+"/"+escape(k), "schema keyword %q is not supported by openapitest", k)
		}
	}
	switch t := s["type"].(type) {
	case nil:
	case string:
		if !typeNames[t] {
			l.fail(ptr+"/type", "%q is not a JSON Schema type", t)
		}
	case []any:
		for i, n := range t {
			if name, _ := n.(string); !typeNames[name] {
				l.fail(ptr+"/type/"+strconv.Itoa(i), "%s is not a JSON Schema type", show(n))
			}
		}
	default:
		l.fail(ptr+"/type", "type must be a string or a list of strings")
	}
	props, hasProps := s["properties"].(map[string]any)
	if _, ok := s["properties"]; ok && !hasProps {
		l.fail(ptr+"/properties", "properties must be an object")
	}
	for _, name := range sortedKeys(props) {
		l.schema(props[name], ptr+"/properties/"+escape(name))
	}
	if r, ok := s["required"]; ok {
		list, ok := r.([]any)
		if !ok {
			l.fail(ptr+"/required", "required must be a list of names")
		}
		closed := s["additionalProperties"] == false
		for i, n := range list {
			name, ok := n.(string)
			if !ok {
				l.fail(ptr+"/required/"+strconv.Itoa(i), "required must list names")
				continue
			}
			if _, ok := props[name]; closed && !ok {
				l.fail(ptr+"/required/"+strconv.Itoa(i), "%q is required but additionalProperties is false and it is not a property", name)
			}
		}
	}
	if ap, ok := s["additionalProperties"]; ok {
		l.schema(ap, ptr+"/additionalProperties")
	}
	if it, ok := s["items"]; ok {
		l.schema(it, ptr+"/items")
	}
	if e, ok := s["enum"]; ok {
		if list, ok := e.([]any); !ok || len(list) == 0 {
			l.fail(ptr+"/enum", "enum must be a non-empty list")
		}
	}
	if f, ok := s["format"]; ok {
		if _, ok := f.(string); !ok {
			l.fail(ptr+"/format", "format must be a string")
		}
	}
	if p, ok := s["pattern"]; ok {
		str, _ := p.(string)
		if _, err := regexp.Compile(str); err != nil || str == "" {
			l.fail(ptr+"/pattern", "pattern %s does not compile", show(p))
		}
	}
	for _, k := range []string{"minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minItems", "maxItems"} {
		if x, ok := s[k]; ok {
			if _, ok := number(x); !ok {
				l.fail(ptr+"/"+k, "%s must be a number", k)
			}
		}
	}
	if ref, ok := s["$ref"]; ok {
		if str, _ := ref.(string); !strings.HasPrefix(str, "#/components/schemas/") {
			l.fail(ptr+"/$ref", "a schema $ref must point into #/components/schemas/, not %s", show(ref))
		}
	}
}

func sortedKeys(v any) []string {
	m, _ := v.(map[string]any)
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
