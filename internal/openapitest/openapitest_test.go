package openapitest

import (
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

const testDoc = `{
  "openapi": "3.1.0",
  "info": {"title": "t", "version": "1"},
  "paths": {
    "/things/{id}": {
      "get": {
        "operationId": "thingShow",
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
        "responses": {
          "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
          "404": {"$ref": "#/components/responses/NotFound"}
        }
      },
      "delete": {
        "operationId": "thingDelete",
        "responses": {"204": {"description": "gone", "headers": {"Set-Cookie": {"required": true, "schema": {"type": "string"}}, "X-Note": {"schema": {"type": "string"}}}}}
      }
    }
  },
  "components": {
    "responses": {
      "NotFound": {"description": "no", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    },
    "schemas": {
      "Error": {
        "type": "object", "additionalProperties": false, "required": ["code"],
        "properties": {"code": {"type": "string", "enum": ["not_found", "invalid"]}}
      },
      "Thing": {
        "type": "object", "additionalProperties": false,
        "required": ["id", "name", "when", "tags"],
        "properties": {
          "id": {"type": "integer", "minimum": 1},
          "name": {"type": "string", "minLength": 2, "maxLength": 5, "description": "a name"},
          "when": {"type": ["string", "null"], "format": "date-time"},
          "day": {"type": "string", "format": "date"},
          "code": {"type": "string", "pattern": "^[A-Z]{2}$"},
          "score": {"type": "number", "maximum": 10},
          "ratio": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
          "tags": {"type": "array", "maxItems": 2, "items": {"type": "string", "enum": ["a", "b"]}},
          "sub": {"$ref": "#/components/schemas/Error"},
          "any": true,
          "extra": {"type": "object", "additionalProperties": {"type": "boolean"}}
        }
      }
    }
  }
}`

func parseTest(t *testing.T) *Document {
	t.Helper()
	d, err := Parse([]byte(testDoc))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestOpenAPIParse(t *testing.T) {
	for _, tc := range []struct {
		name, doc, wantErr string
	}{
		{"ok", testDoc, ""},
		{"not json", `{`, "parse OpenAPI document"},
		{"array", `[]`, "not a JSON object"},
		{"3.0", `{"openapi":"3.0.3","paths":{}}`, `openapi is "3.0.3"`},
		{"no paths", `{"openapi":"3.1.0"}`, "no paths"},
		{"trailing", `{"openapi":"3.1.0","paths":{}} {}`, "after the JSON value"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.doc))
			if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Errorf("Parse: got %v, want error containing %q", err, tc.wantErr)
			}
		})
	}
}

func TestOpenAPIOperationsAndResponses(t *testing.T) {
	d := parseTest(t)
	got := d.Operations()
	want := []Operation{{"DELETE", "/things/{id}"}, {"GET", "/things/{id}"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Operations: got %v, want %v", got, want)
	}
	get := Operation{"GET", "/things/{id}"}
	if s := d.Statuses(get); !reflect.DeepEqual(s, []int{200, 404}) {
		t.Errorf("Statuses: got %v, want [200 404]", s)
	}
	r, err := d.Response(get, 404)
	if err != nil || r.Schema == nil || !reflect.DeepEqual(r.ContentTypes, []string{"application/json"}) {
		t.Errorf("Response 404 through a $ref: got %+v, %v", r, err)
	}
	if _, err := d.Response(get, 500); err == nil || !strings.Contains(err.Error(), "does not document status 500") {
		t.Errorf("undocumented status: got %v", err)
	}
	if _, err := d.Response(Operation{"PUT", "/things/{id}"}, 200); err == nil {
		t.Error("undocumented operation: no error")
	}
	r, err = d.Response(Operation{"DELETE", "/things/{id}"}, 204)
	if err != nil || r.Schema != nil || len(r.ContentTypes) != 0 || !reflect.DeepEqual(r.Headers, []string{"set-cookie", "x-note"}) || !reflect.DeepEqual(r.RequiredHeaders, []string{"set-cookie"}) {
		t.Errorf("Response 204: got %+v, %v", r, err)
	}
}

func TestOpenAPIValidate(t *testing.T) {
	d := parseTest(t)
	thing := map[string]any{"$ref": "#/components/schemas/Thing"}
	for _, tc := range []struct {
		name, body string
		want       []string // mismatches as "pointer: message" prefixes
	}{
		{"fits", `{"id":1,"name":"Ana","when":"2026-09-01T19:00:00+01:00","tags":["a"]}`, nil},
		{"null allowed", `{"id":1,"name":"Ana","when":null,"tags":[]}`, nil},
		{"all optional fields", `{"id":1,"name":"Ana","when":null,"tags":[],"day":"2026-02-28","code":"GB","score":9.5,` +
			`"sub":{"code":"invalid"},"any":[1,{"x":null}],"extra":{"a":true}}`, nil},
		{"integer written as 1.0", `{"id":1.0,"name":"Ana","when":null,"tags":[]}`, nil},
		{"missing required", `{"name":"Ana","when":null}`, []string{`(root): lacks required property "id"`, `(root): lacks required property "tags"`}},
		{"wrong types", `{"id":1.5,"name":7,"when":false,"tags":"a"}`, []string{
			"/id: is a number 1.5, want integer", "/name: is an integer 7, want string",
			"/tags: is a string", "/when: is a boolean false, want one of string, null"}},
		{"unknown property", `{"id":1,"name":"Ana","when":null,"tags":[],"secret":"x"}`, []string{`/secret: property "secret" is not in the schema`}},
		{"enum and items", `{"id":1,"name":"Ana","when":null,"tags":["a","c","b"]}`, []string{"/tags: has 3 items, more than maxItems 2", `/tags/1: "c" is not one of ["a","b"]`}},
		{"bounds", `{"id":0,"name":"A","when":null,"tags":[],"score":11}`, []string{"/id: 0 is less than minimum 1", "/name: is 1 characters long, shorter", "/score: 11 is more than maximum 10"}},
		{"exclusive bounds", `{"id":1,"name":"Ana","when":null,"tags":[],"ratio":0}`, []string{"/ratio: 0 is not more than exclusiveMinimum 0"}},
		{"exclusive bounds above", `{"id":1,"name":"Ana","when":null,"tags":[],"ratio":1}`, []string{"/ratio: 1 is not less than exclusiveMaximum 1"}},
		{"inside exclusive bounds", `{"id":1,"name":"Ana","when":null,"tags":[],"ratio":0.5}`, nil},
		{"too long", `{"id":1,"name":"Anastasia","when":null,"tags":[]}`, []string{"/name: is 9 characters long, longer than maxLength 5"}},
		{"formats", `{"id":1,"name":"Ana","when":"next tuesday","tags":[],"day":"2026-02-30","code":"gb"}`, []string{
			`/code: "gb" does not match pattern`, `/day: "2026-02-30" is not a date`, `/when: "next tuesday" is not a date-time`}},
		{"nested ref", `{"id":1,"name":"Ana","when":null,"tags":[],"sub":{"code":"nope","more":1}}`, []string{
			`/sub/code: "nope" is not one of`, `/sub/more: property "more" is not in the schema`}},
		{"additionalProperties schema", `{"id":1,"name":"Ana","when":null,"tags":[],"extra":{"a~b/c":"yes"}}`, []string{"/extra/a~0b~1c: is a string"}},
		{"not an object", `[1]`, []string{"(root): is an array [1], want object"}},
		{"not JSON", `{"id":`, []string{"(root): not JSON"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := d.ValidateJSON(thing, []byte(tc.body))
			if len(got) != len(tc.want) {
				t.Fatalf("got %d mismatches %v, want %d %v", len(got), got, len(tc.want), tc.want)
			}
			for i := range got {
				if !strings.HasPrefix(got[i].String(), tc.want[i]) {
					t.Errorf("mismatch %d: got %q, want it to start %q", i, got[i], tc.want[i])
				}
			}
		})
	}
}

func TestOpenAPIValidateGoValues(t *testing.T) {
	d := parseTest(t)
	s := map[string]any{"type": "integer", "maximum": 3}
	if got := d.Validate(s, 2); got != nil {
		t.Errorf("int 2: got %v", got)
	}
	if got := d.Validate(s, int64(4)); len(got) != 1 {
		t.Errorf("int64 4: got %v, want one mismatch", got)
	}
	if got := d.Validate(s, 2.5); len(got) != 1 {
		t.Errorf("float 2.5: got %v, want one mismatch", got)
	}
	if got := d.Validate(false, nil); len(got) != 1 {
		t.Errorf("false schema: got %v", got)
	}
}

func TestOpenAPIValidateBadSchemas(t *testing.T) {
	d := parseTest(t)
	for _, tc := range []struct {
		name   string
		schema any
		want   string
	}{
		{"unknown keyword", map[string]any{"oneOf": []any{}}, `schema keyword "oneOf" is not supported`},
		{"3.0 nullable", map[string]any{"type": "string", "nullable": true}, `schema keyword "nullable"`},
		{"dangling ref", map[string]any{"$ref": "#/components/schemas/Nope"}, `does not resolve`},
		{"outside ref", map[string]any{"$ref": "other.json#/x"}, `only references within the document`},
		{"self ref", map[string]any{"$ref": "#/components/schemas/Loop"}, `does not resolve`},
		{"schema not object", "string", "not an object or a boolean"},
	} {
		got := d.Validate(tc.schema, "x")
		if len(got) == 0 || !strings.Contains(got[0].Message, tc.want) {
			t.Errorf("%s: got %v, want %q", tc.name, got, tc.want)
		}
	}
	// A cycle of references ends.
	loop, err := Parse([]byte(`{"openapi":"3.1.0","paths":{},"components":{"schemas":{"A":{"$ref":"#/components/schemas/B"},"B":{"$ref":"#/components/schemas/A"}}}}`))
	if err != nil {
		t.Fatal(err)
	}
	got := loop.Validate(map[string]any{"$ref": "#/components/schemas/A"}, 1)
	if len(got) != 1 || !strings.Contains(got[0].Message, "cycle") {
		t.Errorf("cycle: got %v", got)
	}
}

func TestOpenAPILint(t *testing.T) {
	if got := parseTest(t).Lint(); len(got) != 0 {
		t.Errorf("the test document: got %v, want no problems", got)
	}
	bad := `{
	  "openapi": "3.1.0",
	  "paths": {
	    "/a/{id}": {
	      "get": {"operationId": "x",
	        "parameters": [{"name": "id", "in": "path", "schema": {"type": "text"}}],
	        "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Missing"}}}}}},
	      "post": {"operationId": "x", "responses": {}}
	    }
	  },
	  "components": {"schemas": {
	    "S": {"type": "object", "additionalProperties": false, "required": ["b"], "nullable": true,
	          "properties": {"a": {"type": ["string", "none"], "pattern": "(", "maxLength": "5"}}}
	  }}
	}`
	d, err := Parse([]byte(bad))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range d.Lint() {
		got = append(got, m.String())
	}
	want := []string{
		`/paths/~1a~1{id}/get/responses/200/content/application~1json/schema/$ref: $ref "#/components/schemas/Missing" does not resolve`,
		`/components/schemas/S/nullable: schema keyword "nullable" is not supported`,
		`/components/schemas/S/properties/a/type/1: "none" is not a JSON Schema type`,
		`/components/schemas/S/properties/a/pattern: pattern "(" does not compile`,
		`/components/schemas/S/properties/a/maxLength: maxLength must be a number`,
		`/components/schemas/S/required/0: "b" is required but additionalProperties is false`,
		`/paths/~1a~1{id}/get/parameters/0/schema/type: "text" is not a JSON Schema type`,
		`/paths/~1a~1{id}/get/parameters/0: a path parameter must be required`,
		`/paths/~1a~1{id}/get/responses/200: a response needs a description`,
		`/paths/~1a~1{id}/post/operationId: operationId "x" is also used`,
		`/paths/~1a~1{id}/post: documents no responses`,
	}
	for _, w := range want {
		found := false
		for _, g := range got {
			if strings.HasPrefix(g, w) {
				found = true
			}
		}
		if !found {
			t.Errorf("Lint lacks %q; got:\n%s", w, strings.Join(got, "\n"))
		}
	}
}

func TestOpenAPICheckResponse(t *testing.T) {
	d := parseTest(t)
	get := Operation{"GET", "/things/{id}"}
	resp := func(status int, ct string) *http.Response {
		h := http.Header{}
		if ct != "" {
			h.Set("Content-Type", ct)
		}
		if status == 204 {
			h.Set("Set-Cookie", "a=; Max-Age=0")
		}
		return &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(strings.NewReader(""))}
	}
	for _, tc := range []struct {
		name   string
		op     Operation
		status int
		ct     string
		body   string
		want   string
	}{
		{"fits", get, 200, "application/json; charset=utf-8", `{"id":1,"name":"Ana","when":null,"tags":[]}`, ""},
		{"error fits", get, 404, "application/json", `{"code":"not_found"}`, ""},
		{"body wrong", get, 404, "application/json", `{"code":"gone"}`, `/code: "gone" is not one of`},
		{"status undocumented", get, 418, "application/json", `{}`, "does not document status 418"},
		{"content type", get, 200, "text/html", `<p>`, `content type "text/html" is not one documented`},
		{"no content", Operation{"DELETE", "/things/{id}"}, 204, "", ``, ""},
		{"unexpected body", Operation{"DELETE", "/things/{id}"}, 204, "text/plain", `hi`, "documented without a body"},
	} {
		got := d.CheckResponse(tc.op, resp(tc.status, tc.ct), []byte(tc.body))
		switch {
		case tc.want == "" && len(got) != 0:
			t.Errorf("%s: got %v, want no mismatch", tc.name, got)
		case tc.want != "" && (len(got) == 0 || !strings.Contains(got[0].String(), tc.want)):
			t.Errorf("%s: got %v, want %q", tc.name, got, tc.want)
		}
	}
	noCookie := &http.Response{StatusCode: 204, Header: http.Header{}}
	got := d.CheckResponse(Operation{"DELETE", "/things/{id}"}, noCookie, nil)
	if len(got) != 1 || !strings.Contains(got[0].Message, "documents header set-cookie as required") {
		t.Errorf("missing required header: got %v", got)
	}
}
