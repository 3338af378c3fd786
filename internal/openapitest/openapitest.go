// Package openapitest checks real API answers against an OpenAPI 3.1
// document in tests: which operations and statuses it documents, and
// whether a JSON body fits the documented schema.
//
// It understands only the part of JSON Schema that Holdspace's document
// uses (type, nullable through type lists, properties, required,
// additionalProperties, items, enum, format date-time and date, string and
// number bounds, exclusive ones too, pattern, and $ref within the
// document). Any other schema keyword is reported by Lint rather than
// ignored, so the document cannot outgrow its checks without a test
// noticing.
package openapitest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Document is a parsed OpenAPI 3.1 document.
type Document struct {
	root map[string]any
}

// Parse decodes an OpenAPI document and checks that it is version 3.1 and
// has paths.
func Parse(data []byte) (*Document, error) {
	v, err := decode(data)
	if err != nil {
		return nil, fmt.Errorf("parse OpenAPI document: %w", err)
	}
	root, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("parse OpenAPI document: not a JSON object")
	}
	ver, _ := root["openapi"].(string)
	if !strings.HasPrefix(ver, "3.1.") {
		return nil, fmt.Errorf("parse OpenAPI document: openapi is %q, want 3.1.x", ver)
	}
	if _, ok := root["paths"].(map[string]any); !ok {
		return nil, fmt.Errorf("parse OpenAPI document: no paths object")
	}
	return &Document{root: root}, nil
}

// decode reads one JSON value, keeping numbers exact so that integers and
// other numbers can be told apart.
func decode(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, fmt.Errorf("data after the JSON value")
	}
	return v, nil
}

// Operation is one documented method on one path template.
type Operation struct {
	Method string // upper case, like GET
	Path   string // the template, like /api/v1/groups/{slug}
}

// String returns the operation as "GET /path", the way Go route patterns
// spell it.
func (o Operation) String() string { return o.Method + " " + o.Path }

// methods are the operation keys a path item may hold.
var methods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// Operations lists every documented operation, sorted.
func (d *Document) Operations() []Operation {
	var out []Operation
	for path, item := range d.root["paths"].(map[string]any) {
		obj, _ := d.deref(item).(map[string]any)
		for _, m := range methods {
			if _, ok := obj[m]; ok {
				out = append(out, Operation{Method: strings.ToUpper(m), Path: path})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Path != out[j].Path {
			return out[i].Path < out[j].Path
		}
		return out[i].Method < out[j].Method
	})
	return out
}

// operation returns the operation object for op, or nil.
func (d *Document) operation(op Operation) map[string]any {
	item, _ := d.deref(d.root["paths"].(map[string]any)[op.Path]).(map[string]any)
	o, _ := item[strings.ToLower(op.Method)].(map[string]any)
	return o
}

// Statuses lists the response statuses documented for op, sorted. Ranges
// ("4XX") and "default" are not listed.
func (d *Document) Statuses(op Operation) []int {
	o := d.operation(op)
	resp, _ := o["responses"].(map[string]any)
	var out []int
	for k := range resp {
		if n, err := strconv.Atoi(k); err == nil {
			out = append(out, n)
		}
	}
	sort.Ints(out)
	return out
}

// Response is what the document says op answers with one status.
type Response struct {
	// Schema is the JSON schema of an application/json body; nil when the
	// response has no JSON body.
	Schema any
	// ContentTypes are the documented media types; none means no body.
	ContentTypes []string
	// Headers are the documented response header names, lower case.
	Headers []string
	// RequiredHeaders are those of Headers marked required: every answer
	// with this status must carry them.
	RequiredHeaders []string
}

// Response looks up the documented response of op for status. It is an
// error when the operation or the status is not documented.
func (d *Document) Response(op Operation, status int) (Response, error) {
	o := d.operation(op)
	if o == nil {
		return Response{}, fmt.Errorf("%s is not documented", op)
	}
	resps, _ := o["responses"].(map[string]any)
	raw, ok := resps[strconv.Itoa(status)]
	if !ok {
		return Response{}, fmt.Errorf("%s does not document status %d (documented: %v)", op, status, d.Statuses(op))
	}
	r, _ := d.deref(raw).(map[string]any)
	if r == nil {
		return Response{}, fmt.Errorf("%s status %d: response is not an object", op, status)
	}
	var out Response
	content, _ := r["content"].(map[string]any)
	for mt, media := range content {
		out.ContentTypes = append(out.ContentTypes, mt)
		if mt == "application/json" {
			m, _ := media.(map[string]any)
			out.Schema = m["schema"]
		}
	}
	sort.Strings(out.ContentTypes)
	headers, _ := r["headers"].(map[string]any)
	for h, obj := range headers {
		name := strings.ToLower(h)
		out.Headers = append(out.Headers, name)
		if o, _ := d.deref(obj).(map[string]any); o["required"] == true {
			out.RequiredHeaders = append(out.RequiredHeaders, name)
		}
	}
	sort.Strings(out.Headers)
	sort.Strings(out.RequiredHeaders)
	return out, nil
}

// CheckResponse checks a real answer to op against the document: the
// status is documented, the required headers are there, a documented body
// is there with a documented content type, and a JSON body fits its
// schema. A response with no documented content must have no body.
func (d *Document) CheckResponse(op Operation, resp *http.Response, body []byte) []Mismatch {
	doc, err := d.Response(op, resp.StatusCode)
	if err != nil {
		return []Mismatch{{Message: err.Error()}}
	}
	var out []Mismatch
	for _, h := range doc.RequiredHeaders {
		if resp.Header.Get(h) == "" {
			out = append(out, Mismatch{Message: fmt.Sprintf("status %d documents header %s as required, but the answer lacks it", resp.StatusCode, h)})
		}
	}
	return append(out, d.checkBody(resp, body, doc)...)
}

func (d *Document) checkBody(resp *http.Response, body []byte, doc Response) []Mismatch {
	ct := resp.Header.Get("Content-Type")
	mt, _, _ := strings.Cut(ct, ";")
	mt = strings.ToLower(strings.TrimSpace(mt))
	if len(doc.ContentTypes) == 0 {
		if len(body) > 0 {
			return []Mismatch{{Message: fmt.Sprintf("status %d is documented without a body, but the answer has %d bytes of %q", resp.StatusCode, len(body), ct)}}
		}
		return nil
	}
	found := false
	for _, c := range doc.ContentTypes {
		if c == mt {
			found = true
		}
	}
	if !found {
		return []Mismatch{{Message: fmt.Sprintf("content type %q is not one documented for status %d: %v", ct, resp.StatusCode, doc.ContentTypes)}}
	}
	if mt != "application/json" || doc.Schema == nil {
		return nil
	}
	return d.ValidateJSON(doc.Schema, body)
}

// Mismatch is one way a value does not fit a schema, or one problem in the
// document itself.
type Mismatch struct {
	// Pointer is the JSON pointer (RFC 6901) of the value that does not fit;
	// "" is the whole value.
	Pointer string
	Message string
}

// String returns the mismatch as "pointer: message".
func (m Mismatch) String() string {
	p := m.Pointer
	if p == "" {
		p = "(root)"
	}
	return p + ": " + m.Message
}

// ValidateJSON decodes data and validates it against schema.
func (d *Document) ValidateJSON(schema any, data []byte) []Mismatch {
	v, err := decode(data)
	if err != nil {
		return []Mismatch{{Message: "not JSON: " + err.Error()}}
	}
	return d.Validate(schema, v)
}

// Validate checks a decoded JSON value against schema. Numbers may be
// json.Number or float64; integers of Go's integer types are accepted too.
func (d *Document) Validate(schema, value any) []Mismatch {
	v := &validator{doc: d}
	v.check(schema, value, "", 0)
	return v.out
}

type validator struct {
	doc *Document
	out []Mismatch
}

func (v *validator) fail(ptr, format string, args ...any) {
	v.out = append(v.out, Mismatch{Pointer: ptr, Message: fmt.Sprintf(format, args...)})
}

// maxRefs bounds a chain of $ref that does not move into the value, so a
// schema that refers to itself ends with a mismatch rather than a hang.
const maxRefs = 32

func (v *validator) check(schema, value any, ptr string, refs int) {
	switch s := schema.(type) {
	case bool:
		if !s {
			v.fail(ptr, "no value is allowed here")
		}
		return
	case map[string]any:
		v.checkObject(s, value, ptr, refs)
	default:
		v.fail(ptr, "the schema here is not an object or a boolean")
	}
}

func (v *validator) checkObject(s map[string]any, value any, ptr string, refs int) {
	if ref, ok := s["$ref"]; ok {
		if refs >= maxRefs {
			v.fail(ptr, "$ref %v: too many references without progress (a cycle?)", ref)
			return
		}
		target, err := v.doc.resolve(ref)
		if err != nil {
			v.fail(ptr, "%v", err)
			return
		}
		v.check(target, value, ptr, refs+1)
	}
	for key := range s {
		if !known[key] {
			v.fail(ptr, "schema keyword %q is not supported by openapitest", key)
		}
	}
	if t, ok := s["type"]; ok && !v.checkType(t, value, ptr) {
		return
	}
	if e, ok := s["enum"]; ok {
		list, _ := e.([]any)
		match := false
		for _, want := range list {
			if equal(want, value) {
				match = true
				break
			}
		}
		if !match {
			v.fail(ptr, "%s is not one of %s", show(value), show(list))
		}
	}
	switch x := value.(type) {
	case string:
		v.checkString(s, x, ptr)
	case map[string]any:
		v.checkMap(s, x, ptr)
	case []any:
		if lim, ok := number(s["minItems"]); ok && float64(len(x)) < lim {
			v.fail(ptr, "has %d items, fewer than minItems %v", len(x), lim)
		}
		if lim, ok := number(s["maxItems"]); ok && float64(len(x)) > lim {
			v.fail(ptr, "has %d items, more than maxItems %v", len(x), lim)
		}
		if items, ok := s["items"]; ok {
			for i, item := range x {
				v.check(items, item, ptr+"/"+strconv.Itoa(i), 0)
			}
		}
	default:
		if n, ok := number(value); ok {
			if lim, ok := number(s["minimum"]); ok && n < lim {
				v.fail(ptr, "%v is less than minimum %v", n, lim)
			}
			if lim, ok := number(s["maximum"]); ok && n > lim {
				v.fail(ptr, "%v is more than maximum %v", n, lim)
			}
			if lim, ok := number(s["exclusiveMinimum"]); ok && n <= lim {
				v.fail(ptr, "%v is not more than exclusiveMinimum %v", n, lim)
			}
			if lim, ok := number(s["exclusiveMaximum"]); ok && n >= lim {
				v.fail(ptr, "%v is not less than exclusiveMaximum %v", n, lim)
			}
		}
	}
}

// known are the schema keywords this package checks, and the annotations
// it may safely ignore.
var known = map[string]bool{
	"$ref": true, "type": true, "properties": true, "required": true, "additionalProperties": true,
	"items": true, "enum": true, "format": true, "minLength": true, "maxLength": true, "pattern": true,
	"minimum": true, "maximum": true, "exclusiveMinimum": true, "exclusiveMaximum": true, "minItems": true, "maxItems": true,
	// Annotations: they describe, they do not constrain.
	"title": true, "description": true, "examples": true, "default": true, "deprecated": true,
	"readOnly": true, "writeOnly": true, "$comment": true,
}

// checkType reports whether value has one of the types t names.
func (v *validator) checkType(t, value any, ptr string) bool {
	var names []string
	switch x := t.(type) {
	case string:
		names = []string{x}
	case []any:
		for _, n := range x {
			s, _ := n.(string)
			names = append(names, s)
		}
	default:
		v.fail(ptr, "type must be a string or a list of strings, not %s", show(t))
		return false
	}
	got := typeOf(value)
	for _, n := range names {
		if n == got || (n == "number" && got == "integer") {
			return true
		}
	}
	if len(names) == 1 {
		v.fail(ptr, "is %s %s, want %s", article(got), show(value), names[0])
	} else {
		v.fail(ptr, "is %s %s, want one of %s", article(got), show(value), strings.Join(names, ", "))
	}
	return false
}

func article(t string) string {
	if t == "integer" || t == "object" || t == "array" {
		return "an " + t
	}
	return "a " + t
}

func (v *validator) checkString(s map[string]any, x, ptr string) {
	n := float64(utf8.RuneCountInString(x))
	if lim, ok := number(s["minLength"]); ok && n < lim {
		v.fail(ptr, "is %v characters long, shorter than minLength %v", n, lim)
	}
	if lim, ok := number(s["maxLength"]); ok && n > lim {
		v.fail(ptr, "is %v characters long, longer than maxLength %v", n, lim)
	}
	if p, ok := s["pattern"].(string); ok {
		re, err := regexp.Compile(p)
		if err != nil {
			v.fail(ptr, "pattern %q does not compile: %v", p, err)
		} else if !re.MatchString(x) {
			v.fail(ptr, "%s does not match pattern %q", show(x), p)
		}
	}
	switch s["format"] {
	case "date-time":
		// Loosely: RFC 3339 as Go reads it, with or without fractions.
		if _, err := time.Parse(time.RFC3339Nano, x); err != nil {
			v.fail(ptr, "%s is not a date-time (RFC 3339)", show(x))
		}
	case "date":
		if _, err := time.Parse(time.DateOnly, x); err != nil {
			v.fail(ptr, "%s is not a date (YYYY-MM-DD)", show(x))
		}
	}
}

func (v *validator) checkMap(s map[string]any, x map[string]any, ptr string) {
	props, _ := s["properties"].(map[string]any)
	if req, ok := s["required"].([]any); ok {
		for _, r := range req {
			name, _ := r.(string)
			if _, ok := x[name]; !ok {
				v.fail(ptr, "lacks required property %q", name)
			}
		}
	}
	keys := make([]string, 0, len(x))
	for k := range x {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	extra, hasExtra := s["additionalProperties"]
	for _, k := range keys {
		child := ptr + "/" + escape(k)
		if ps, ok := props[k]; ok {
			v.check(ps, x[k], child, 0)
			continue
		}
		if !hasExtra {
			continue
		}
		if b, ok := extra.(bool); ok && !b {
			v.fail(child, "property %q is not in the schema (additionalProperties is false)", k)
			continue
		}
		v.check(extra, x[k], child, 0)
	}
}

// escape makes an object key into a JSON pointer token.
func escape(k string) string {
	return strings.ReplaceAll(strings.ReplaceAll(k, "~", "~0"), "/", "~1")
}

// unescape reads a JSON pointer token.
func unescape(k string) string {
	return strings.ReplaceAll(strings.ReplaceAll(k, "~1", "/"), "~0", "~")
}

// typeOf names a decoded JSON value's JSON Schema type.
func typeOf(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	case json.Number:
		if _, err := x.Int64(); err == nil {
			return "integer"
		}
		if f, err := x.Float64(); err == nil && f == math.Trunc(f) && !math.IsInf(f, 0) {
			return "integer"
		}
		return "number"
	case float64:
		if x == math.Trunc(x) && !math.IsInf(x, 0) {
			return "integer"
		}
		return "number"
	case float32:
		return typeOf(float64(x))
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return "integer"
	}
	return fmt.Sprintf("Go %T", v)
}

// number reads a JSON number in any of the forms a decoder or a test may
// give it.
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	case float64:
		return x, true
	case float32:
		return float64(x), true
	case int:
		return float64(x), true
	case int8:
		return float64(x), true
	case int16:
		return float64(x), true
	case int32:
		return float64(x), true
	case int64:
		return float64(x), true
	case uint:
		return float64(x), true
	case uint8:
		return float64(x), true
	case uint16:
		return float64(x), true
	case uint32:
		return float64(x), true
	case uint64:
		return float64(x), true
	}
	return 0, false
}

// equal compares two decoded JSON values, numbers by value.
func equal(a, b any) bool {
	if fa, ok := number(a); ok {
		fb, ok := number(b)
		return ok && fa == fb
	}
	switch x := a.(type) {
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !equal(x[i], y[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, xv := range x {
			yv, ok := y[k]
			if !ok || !equal(xv, yv) {
				return false
			}
		}
		return true
	}
	return a == b
}

// show renders a value briefly for a message.
func show(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	if len(b) > 80 {
		return string(b[:77]) + "..."
	}
	return string(b)
}

// resolve follows a $ref within the document ("#/components/schemas/X",
// or any other JSON pointer into it).
func (d *Document) resolve(ref any) (any, error) {
	s, ok := ref.(string)
	if !ok {
		return nil, fmt.Errorf("$ref must be a string, not %s", show(ref))
	}
	if !strings.HasPrefix(s, "#/") {
		return nil, fmt.Errorf("$ref %q: only references within the document (#/...) are supported", s)
	}
	var cur any = d.root
	for _, tok := range strings.Split(s[2:], "/") {
		tok = unescape(tok)
		switch x := cur.(type) {
		case map[string]any:
			next, ok := x[tok]
			if !ok {
				return nil, fmt.Errorf("$ref %q does not resolve: no %q", s, tok)
			}
			cur = next
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(x) {
				return nil, fmt.Errorf("$ref %q does not resolve: no item %q", s, tok)
			}
			cur = x[i]
		default:
			return nil, fmt.Errorf("$ref %q does not resolve: %q is inside a %s", s, tok, typeOf(cur))
		}
	}
	return cur, nil
}

// deref follows an object's $ref, if it has one (responses, parameters and
// path items may be references).
func (d *Document) deref(v any) any {
	for range maxRefs {
		m, ok := v.(map[string]any)
		if !ok {
			return v
		}
		ref, ok := m["$ref"]
		if !ok {
			return v
		}
		target, err := d.resolve(ref)
		if err != nil {
			return nil
		}
		v = target
	}
	return nil
}
