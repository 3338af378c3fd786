package web_test

import (
	"context"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"holdspace/internal/openapitest"
	"holdspace/internal/testserver"
)

// The operations of the API, as the document and the route table spell
// them.
var (
	opSignup    = openapitest.Operation{Method: "POST", Path: "/api/v1/auth/signup"}
	opLogin     = openapitest.Operation{Method: "POST", Path: "/api/v1/auth/login"}
	opLogout    = openapitest.Operation{Method: "POST", Path: "/api/v1/auth/logout"}
	opMeShow    = openapitest.Operation{Method: "GET", Path: "/api/v1/me"}
	opMeDelete  = openapitest.Operation{Method: "DELETE", Path: "/api/v1/me"}
	opCrisis    = openapitest.Operation{Method: "GET", Path: "/api/v1/crisis-resources"}
	opGroupList = openapitest.Operation{Method: "GET", Path: "/api/v1/groups"}
	opGroupNew  = openapitest.Operation{Method: "POST", Path: "/api/v1/groups"}
	opGroupShow = openapitest.Operation{Method: "GET", Path: "/api/v1/groups/{slug}"}
	opGroupEdit = openapitest.Operation{Method: "PATCH", Path: "/api/v1/groups/{slug}"}
	opOpenAPI   = openapitest.Operation{Method: "GET", Path: "/api/v1/openapi.json"}

	opJoin         = openapitest.Operation{Method: "POST", Path: "/api/v1/groups/{slug}/join"}
	opLeave        = openapitest.Operation{Method: "POST", Path: "/api/v1/groups/{slug}/leave"}
	opRequests     = openapitest.Operation{Method: "GET", Path: "/api/v1/groups/{slug}/requests"}
	opApprove      = openapitest.Operation{Method: "POST", Path: "/api/v1/groups/{slug}/requests/{member_id}/approve"}
	opDecline      = openapitest.Operation{Method: "POST", Path: "/api/v1/groups/{slug}/requests/{member_id}/decline"}
	opRoster       = openapitest.Operation{Method: "GET", Path: "/api/v1/groups/{slug}/members"}
	opMemberEdit   = openapitest.Operation{Method: "PATCH", Path: "/api/v1/groups/{slug}/members/{member_id}"}
	opMemberRemove = openapitest.Operation{Method: "DELETE", Path: "/api/v1/groups/{slug}/members/{member_id}"}
	opMyMembership = openapitest.Operation{Method: "PATCH", Path: "/api/v1/groups/{slug}/me"}
	opAudit        = openapitest.Operation{Method: "GET", Path: "/api/v1/groups/{slug}/audit"}

	opAgreement     = openapitest.Operation{Method: "GET", Path: "/api/v1/groups/{slug}/agreement"}
	opAgreementEdit = openapitest.Operation{Method: "PUT", Path: "/api/v1/groups/{slug}/agreement"}
	opAgreementOK   = openapitest.Operation{Method: "POST", Path: "/api/v1/groups/{slug}/agreement/accept"}
	opConsents      = openapitest.Operation{Method: "GET", Path: "/api/v1/groups/{slug}/agreement/consents"}
	opProposals     = openapitest.Operation{Method: "GET", Path: "/api/v1/groups/{slug}/proposals"}
	opProposalNew   = openapitest.Operation{Method: "POST", Path: "/api/v1/groups/{slug}/proposals"}
	opProposalVote  = openapitest.Operation{Method: "POST", Path: "/api/v1/groups/{slug}/proposals/{id}/vote"}
	opProposalClose = openapitest.Operation{Method: "POST", Path: "/api/v1/groups/{slug}/proposals/{id}/close"}

	opSessionList   = openapitest.Operation{Method: "GET", Path: "/api/v1/groups/{slug}/sessions"}
	opSessionNew    = openapitest.Operation{Method: "POST", Path: "/api/v1/groups/{slug}/sessions"}
	opCapacity      = openapitest.Operation{Method: "PUT", Path: "/api/v1/groups/{slug}/capacity"}
	opSessionShow   = openapitest.Operation{Method: "GET", Path: "/api/v1/sessions/{id}"}
	opSessionEdit   = openapitest.Operation{Method: "PATCH", Path: "/api/v1/sessions/{id}"}
	opRSVP          = openapitest.Operation{Method: "POST", Path: "/api/v1/sessions/{id}/rsvp"}
	opAttendance    = openapitest.Operation{Method: "POST", Path: "/api/v1/sessions/{id}/attendance"}
	opCalendar      = openapitest.Operation{Method: "GET", Path: "/api/v1/me/calendar"}
	opCalendarReset = openapitest.Operation{Method: "POST", Path: "/api/v1/me/calendar/reset"}
	opReminders     = openapitest.Operation{Method: "GET", Path: "/api/v1/me/reminders"}
	opRemindersEdit = openapitest.Operation{Method: "PATCH", Path: "/api/v1/me/reminders"}

	opLive      = openapitest.Operation{Method: "GET", Path: "/api/v1/sessions/{id}/live"}
	opLiveStart = openapitest.Operation{Method: "POST", Path: "/api/v1/sessions/{id}/start"}
	opLiveEnd   = openapitest.Operation{Method: "POST", Path: "/api/v1/sessions/{id}/end"}

	opReportNew      = openapitest.Operation{Method: "POST", Path: "/api/v1/reports"}
	opReports        = openapitest.Operation{Method: "GET", Path: "/api/v1/groups/{slug}/reports"}
	opReportAction   = openapitest.Operation{Method: "POST", Path: "/api/v1/groups/{slug}/reports/{id}/action"}
	opBan            = openapitest.Operation{Method: "POST", Path: "/api/v1/admin/members/{id}/ban"}
	opBlocks         = openapitest.Operation{Method: "GET", Path: "/api/v1/blocks"}
	opBlockNew       = openapitest.Operation{Method: "POST", Path: "/api/v1/blocks"}
	opBlockDelete    = openapitest.Operation{Method: "DELETE", Path: "/api/v1/blocks/{member_id}"}
	opAuditCSV       = openapitest.Operation{Method: "GET", Path: "/api/v1/groups/{slug}/audit.csv"}
	opSafetyPlan     = openapitest.Operation{Method: "GET", Path: "/api/v1/groups/{slug}/safety-plan"}
	opSafetyPlanEdit = openapitest.Operation{Method: "PUT", Path: "/api/v1/groups/{slug}/safety-plan"}
	opIncidents      = openapitest.Operation{Method: "GET", Path: "/api/v1/groups/{slug}/incidents"}
)

// errorCodes is the error code each error status must carry.
var errorCodes = map[int]string{
	401: "unauthorized", 403: "forbidden", 404: "not_found", 409: "conflict",
	415: "unsupported_media_type", 422: "invalid", 429: "rate_limited", 500: "internal",
}

// loadOpenAPI reads the document as it is embedded, lints it and returns
// it with its bytes.
func loadOpenAPI(t *testing.T) (*openapitest.Document, []byte) {
	t.Helper()
	raw, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := openapitest.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	if problems := doc.Lint(); len(problems) > 0 {
		t.Fatalf("openapi.json has problems:\n%s", joinMismatches(problems))
	}
	return doc, raw
}

func joinMismatches(ms []openapitest.Mismatch) string {
	var b strings.Builder
	for _, m := range ms {
		b.WriteString("\t" + m.String() + "\n")
	}
	return b.String()
}

// apiRoutes reads every route this package registers under /api/v1/ from
// its source: routes.go and the *_routes.go files beside handlers. A
// pattern that is not a string literal fails the test, because it could
// hide an undocumented route.
func apiRoutes(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var routes []string
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatalf("parse %s: %v", name, err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) != 2 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || (sel.Sel.Name != "HandleFunc" && sel.Sel.Name != "Handle") {
				return true
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				t.Errorf("%s: the route pattern is not a string literal, so this test cannot check it is documented", fset.Position(call.Pos()))
				return true
			}
			pattern, err := strconv.Unquote(lit.Value)
			if err != nil {
				t.Fatalf("%s: %v", fset.Position(lit.Pos()), err)
			}
			method, path, found := strings.Cut(pattern, " ")
			if !found {
				method, path = "", pattern
			}
			if !strings.HasPrefix(path, "/api/v1/") {
				return true
			}
			if method == "" {
				t.Errorf("%s: route %q has no method, so it cannot be documented per method", fset.Position(lit.Pos()), pattern)
				return true
			}
			// OpenAPI spells a wildcard {name} too; {name...} and {$}
			// have no OpenAPI form.
			path = strings.ReplaceAll(strings.ReplaceAll(path, "...}", "}"), "{$}", "")
			routes = append(routes, method+" "+path)
			return true
		})
	}
	sort.Strings(routes)
	return routes
}

// TestOpenAPIMatchesResponses checks the OpenAPI document against the
// route table and against the real server's answers on SQLite and
// PostgreSQL.
func TestOpenAPIMatchesResponses(t *testing.T) {
	doc, raw := loadOpenAPI(t)

	t.Run("routes", func(t *testing.T) {
		routes := apiRoutes(t)
		documented := map[string]bool{}
		for _, op := range doc.Operations() {
			documented[op.String()] = true
		}
		routed := map[string]bool{}
		for _, r := range routes {
			routed[r] = true
			if !documented[r] {
				t.Errorf("route %s is not in openapi.json: document it", r)
			}
		}
		for _, op := range doc.Operations() {
			if !routed[op.String()] {
				t.Errorf("openapi.json documents %s, which no route serves", op)
			}
		}
		if len(routes) == 0 {
			t.Error("found no /api/v1/ routes in the source")
		}
	})

	startBoth(t, func(t *testing.T, srv *testserver.Server) {
		a := &apiChecker{doc: doc, base: srv.URL, seen: map[openapitest.Operation]map[int]bool{}}
		openAPIResponses(t, a, raw)
		if t.Failed() {
			return
		}
		// Every documented operation answered at least once, and with a
		// documented status. The statuses no request here produces (besides
		// 500) are listed for the reader.
		for _, op := range doc.Operations() {
			if len(a.seen[op]) == 0 && !(op == opGroupList && a.searchSkipped) {
				t.Errorf("%s was never exercised: add a request for it to openAPIResponses", op)
			}
			var untested []string
			for _, st := range doc.Statuses(op) {
				if !a.seen[op][st] && st != 500 {
					untested = append(untested, strconv.Itoa(st))
				}
			}
			if len(untested) > 0 {
				t.Logf("%s: documented but not produced here: %s", op, strings.Join(untested, ", "))
			}
		}
	}, "--demo", "--login-limit", "2", "--signup-limit", "3", "--trust-proxy")
}

// apiChecker sends requests and checks each answer against the document.
type apiChecker struct {
	doc           *openapitest.Document
	base          string
	seen          map[openapitest.Operation]map[int]bool
	searchSkipped bool
}

// check sends a request for op to path (with its query) and checks that
// the answer has status want, that the status is documented for op and
// that the body fits the documented schema. body is sent as JSON; hdr are
// header name and value pairs, which may replace the Content-Type.
func (a *apiChecker) check(t *testing.T, c *http.Client, op openapitest.Operation, path string, body any, want int, hdr ...string) apiResult {
	t.Helper()
	r := call(t, c, op.Method, a.base+path, body, hdr...)
	a.verify(t, op, path, r, want)
	return r
}

// verify records an answer to op and checks it as check describes.
func (a *apiChecker) verify(t *testing.T, op openapitest.Operation, path string, r apiResult, want int) {
	t.Helper()
	if a.seen[op] == nil {
		a.seen[op] = map[int]bool{}
	}
	a.seen[op][r.Status] = true
	if r.Status != want {
		t.Errorf("%s %s: got status %d, want %d; body: %s", op.Method, path, r.Status, want, r.Raw)
	}
	resp := &http.Response{StatusCode: r.Status, Header: r.Header}
	if ms := a.doc.CheckResponse(op, resp, []byte(r.Raw)); len(ms) > 0 {
		body := r.Raw
		if len(body) > 600 {
			body = body[:600] + "..."
		}
		t.Errorf("%s %s answered %d, which does not fit the document for %s:\n%sbody: %s", op.Method, path, r.Status, op, joinMismatches(ms), body)
	}
	if code, ok := errorCodes[r.Status]; ok && errField(r, "code") != code {
		t.Errorf("%s %s answered %d with error code %q, want %q", op.Method, path, r.Status, errField(r, "code"), code)
	}
}

// checkLive opens the live circle's WebSocket at path as c, checks the
// handshake's 101 against the document like check does, reads the frames
// of joining and closes the socket.
func (a *apiChecker) checkLive(t *testing.T, c *http.Client, path string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	conn, resp, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(a.base, "http")+path, &websocket.DialOptions{HTTPClient: c})
	if err != nil {
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		t.Fatalf("GET %s as a WebSocket: %d %v", path, status, err)
	}
	defer conn.CloseNow()
	a.verify(t, opLive, path, apiResult{Status: resp.StatusCode, Header: resp.Header}, http.StatusSwitchingProtocols)
	// Joining: the member's own joined event, then their state.
	for i, want := range []string{"joined", "state"} {
		_, data, err := conn.Read(ctx)
		var frame struct {
			Seq  int64  `json:"seq"`
			Type string `json:"type"`
		}
		if err != nil || json.Unmarshal(data, &frame) != nil || frame.Type != want || frame.Seq != int64(i+1) {
			t.Errorf("frame %d on the live socket is %s (%v), want %s, seq %d", i+1, data, err, want, i+1)
			break
		}
	}
	conn.Close(websocket.StatusNormalClosure, "")
}

// idOf reads a numeric id from a JSON answer, as a path segment.
func idOf(t *testing.T, r apiResult, key string) string {
	t.Helper()
	n, ok := r.Body[key].(float64)
	if !ok {
		t.Fatalf("the answer has no %s: %s", key, r.Raw)
	}
	return strconv.FormatInt(int64(n), 10)
}

// crossSite and formBody are the two ways another site's request looks.
var (
	crossSite = []string{"Origin", "https://evil.example"}
	formType  = []string{"Content-Type", "application/x-www-form-urlencoded"}
)

func openAPIResponses(t *testing.T, a *apiChecker, raw []byte) {
	visitor := testserver.Client()
	quiet := testserver.Client() // signs up, and deletes itself at the end
	maria := testserver.Client() // organizer of every demo group
	james := testserver.Client() // a member of one demo group
	admin := testserver.Client() // the site admin, a member of no group
	const pw = "a long enough password"

	t.Run("openapi", func(t *testing.T) {
		r := a.check(t, visitor, opOpenAPI, "/api/v1/openapi.json", nil, 200)
		if r.Raw != string(raw) {
			t.Error("the served document differs from openapi.json")
		}
		if got := r.Header.Get("Content-Type"); got != "application/json" {
			t.Errorf("Content-Type: got %q, want application/json", got)
		}
		if got := r.Header.Get("Cache-Control"); got != "public, max-age=300" {
			t.Errorf("Cache-Control: got %q, want public, max-age=300", got)
		}
	})

	// The signup limit is 3 from one address: Quiet Fox, the taken name
	// and Tired Heron use it up. Refusals before the limit (403, 415, 422)
	// do not count.
	t.Run("signup", func(t *testing.T) {
		a.check(t, visitor, opSignup, "/api/v1/auth/signup", map[string]string{"display_name": "Quiet Fox", "password": pw}, 201)
		a.check(t, visitor, opSignup, "/api/v1/auth/signup", map[string]string{"display_name": "quiet fox", "password": "another long password"}, 409)
		a.check(t, visitor, opSignup, "/api/v1/auth/signup", map[string]string{"display_name": "Someone", "password": "short"}, 422)
		a.check(t, visitor, opSignup, "/api/v1/auth/signup", `{"display_name": "Someone", "password": `, 422)
		a.check(t, visitor, opSignup, "/api/v1/auth/signup", `display_name=Someone`, 415, formType...)
		a.check(t, visitor, opSignup, "/api/v1/auth/signup", map[string]string{"display_name": "Cross Site", "password": pw}, 403, crossSite...)
		a.check(t, visitor, opSignup, "/api/v1/auth/signup", map[string]string{"display_name": "Tired Heron", "password": pw}, 201)
		a.check(t, visitor, opSignup, "/api/v1/auth/signup", map[string]string{"display_name": "One Too Many", "password": pw}, 429)
	})

	// The login limit is 2 per account and 6 per address, and this test
	// makes exactly 6 attempts from this address: do not add more. Admin
	// signs in from another (the server trusts X-Forwarded-For here).
	var quietID, mariaID, jamesID, adminID string
	t.Run("login", func(t *testing.T) {
		a.check(t, visitor, opLogin, "/api/v1/auth/login", map[string]string{"display_name": "Tired Heron", "password": "not the password"}, 401)
		a.check(t, visitor, opLogin, "/api/v1/auth/login", map[string]string{"display_name": "Tired Heron", "password": "still not it"}, 401)
		a.check(t, visitor, opLogin, "/api/v1/auth/login", map[string]string{"display_name": "Tired Heron", "password": pw}, 429)
		r := a.check(t, quiet, opLogin, "/api/v1/auth/login", map[string]string{"display_name": "Quiet Fox", "password": pw}, 200)
		if id, ok := r.Body["id"].(float64); ok {
			quietID = strconv.FormatInt(int64(id), 10)
		}
		if !strings.Contains(r.Header.Get("Set-Cookie"), "hs_session=") {
			t.Errorf("login set no session cookie: %q", r.Header.Get("Set-Cookie"))
		}
		r = a.check(t, maria, opLogin, "/api/v1/auth/login", map[string]string{"display_name": "Maria", "password": "demo-maria-facilitator"}, 200)
		mariaID = idOf(t, r, "id")
		r = a.check(t, james, opLogin, "/api/v1/auth/login", map[string]string{"display_name": "James", "password": "demo-james-member"}, 200)
		jamesID = idOf(t, r, "id")
		r = a.check(t, admin, opLogin, "/api/v1/auth/login", map[string]string{"display_name": "Admin", "password": "demo-admin-site"}, 200, "X-Forwarded-For", "192.0.2.10")
		adminID = idOf(t, r, "id")
		a.check(t, visitor, opLogin, "/api/v1/auth/login", map[string]string{"display_name": "", "password": pw}, 422)
		a.check(t, visitor, opLogin, "/api/v1/auth/login", `{"display_name": "Maria", "password": "x", "remember": true}`, 422)
		a.check(t, visitor, opLogin, "/api/v1/auth/login", `display_name=Maria`, 415, formType...)
		a.check(t, visitor, opLogin, "/api/v1/auth/login", map[string]string{"display_name": "Maria", "password": "x"}, 403, crossSite...)
	})

	t.Run("me", func(t *testing.T) {
		a.check(t, quiet, opMeShow, "/api/v1/me", nil, 200)
		a.check(t, maria, opMeShow, "/api/v1/me", nil, 200)
		a.check(t, visitor, opMeShow, "/api/v1/me", nil, 401)
		a.check(t, quiet, opMeDelete, "/api/v1/me", map[string]string{"password": "not my password"}, 422)
		a.check(t, quiet, opMeDelete, "/api/v1/me", `{"password": 12}`, 422) // refused before the password check, so no try is used
		a.check(t, visitor, opMeDelete, "/api/v1/me", map[string]string{"password": pw}, 401)
		a.check(t, quiet, opMeDelete, "/api/v1/me", `password=x`, 415, formType...)
		a.check(t, quiet, opMeDelete, "/api/v1/me", map[string]string{"password": pw}, 403, crossSite...)
	})

	t.Run("logout", func(t *testing.T) {
		a.check(t, visitor, opLogout, "/api/v1/auth/logout", nil, 204)
		a.check(t, visitor, opLogout, "/api/v1/auth/logout", `bye`, 415, "Content-Type", "text/plain")
		a.check(t, visitor, opLogout, "/api/v1/auth/logout", nil, 403, crossSite...)
	})

	t.Run("crisis-resources", func(t *testing.T) {
		a.check(t, visitor, opCrisis, "/api/v1/crisis-resources?region=gb", nil, 200)
		a.check(t, visitor, opCrisis, "/api/v1/crisis-resources", nil, 200)
		a.check(t, visitor, opCrisis, "/api/v1/crisis-resources?region=AQ", nil, 200)
		a.check(t, visitor, opCrisis, "/api/v1/crisis-resources?region=USA", nil, 422)
	})

	newGroup := map[string]any{
		"name": "Open API Evening Circle", "description": "A circle made by the OpenAPI test.",
		"category": "mental_health", "audience": "both", "format": "sharing_circle", "attendance": "hybrid",
		"access": "closed", "cost": "free", "languages": []string{"en", "cy"}, "accessibility": []string{"captions"},
		"venue":      map[string]any{"type": "private_home", "address": "2 Test Lane", "city": "Cardiff", "country": "gb", "lat": 51.4816, "lng": -3.1791},
		"online_url": "https://video.example.org/openapi", "timezone": "Europe/London",
		"schedule": map[string]any{"rrule": "FREQ=MONTHLY;BYDAY=2TU", "start_time": "19:00", "duration_minutes": 90, "starts_on": "2026-09-01"},
	}
	slug := ""
	t.Run("groups create", func(t *testing.T) {
		r := a.check(t, maria, opGroupNew, "/api/v1/groups", newGroup, 201)
		slug, _ = r.Body["slug"].(string)
		a.check(t, visitor, opGroupNew, "/api/v1/groups", newGroup, 401)
		r = a.check(t, maria, opGroupNew, "/api/v1/groups", map[string]any{"name": "", "category": "knitting"}, 422)
		if errs, _ := r.Body["errors"].([]any); len(errs) < 2 {
			t.Errorf("a group with many problems lists %d of them: %s", len(errs), r.Raw)
		}
		a.check(t, maria, opGroupNew, "/api/v1/groups", `{"name": 7}`, 422)
		a.check(t, maria, opGroupNew, "/api/v1/groups", `name=x`, 415, formType...)
		a.check(t, maria, opGroupNew, "/api/v1/groups", newGroup, 403, crossSite...)
	})
	if slug == "" {
		t.Fatal("no group was created; the rest needs one")
	}

	t.Run("groups show", func(t *testing.T) {
		for _, s := range []string{slug, "carers-coffee-morning", "living-well-with-chronic-pain", "new-dawn-recovery"} {
			a.check(t, visitor, opGroupShow, "/api/v1/groups/"+s, nil, 200)
			a.check(t, james, opGroupShow, "/api/v1/groups/"+s, nil, 200)
			a.check(t, maria, opGroupShow, "/api/v1/groups/"+s, nil, 200)
		}
		a.check(t, visitor, opGroupShow, "/api/v1/groups/no-such-group", nil, 404)
	})

	t.Run("groups update", func(t *testing.T) {
		a.check(t, maria, opGroupEdit, "/api/v1/groups/"+slug, map[string]any{"description": "Changed by the OpenAPI test.", "venue": map[string]any{"type": "community_center", "city": "Cardiff"}}, 200)
		a.check(t, maria, opGroupEdit, "/api/v1/groups/tuesday-evening-anxiety-circle", map[string]any{"cost": "donation"}, 200)
		r := a.check(t, maria, opGroupEdit, "/api/v1/groups/"+slug, map[string]any{"category": "knitting", "schedule": map[string]any{"rrule": "DAILY"}}, 422)
		if errs, _ := r.Body["errors"].([]any); len(errs) < 2 {
			t.Errorf("an edit with many problems lists %d of them: %s", len(errs), r.Raw)
		}
		a.check(t, maria, opGroupEdit, "/api/v1/groups/"+slug, `{"languages": "en"}`, 422)
		a.check(t, james, opGroupEdit, "/api/v1/groups/"+slug, map[string]any{"cost": "fee"}, 404)
		a.check(t, maria, opGroupEdit, "/api/v1/groups/no-such-group", map[string]any{"cost": "fee"}, 404)
		a.check(t, visitor, opGroupEdit, "/api/v1/groups/"+slug, map[string]any{"cost": "fee"}, 401)
		a.check(t, maria, opGroupEdit, "/api/v1/groups/"+slug, `cost=fee`, 415, formType...)
		a.check(t, maria, opGroupEdit, "/api/v1/groups/"+slug, map[string]any{"cost": "fee"}, 403, crossSite...)
	})

	// Quiet Fox joins an open group and asks to join two closed ones;
	// Maria, who organizes them all, decides; James is in the mental
	// health groups only, as "Jay".
	t.Run("membership", func(t *testing.T) {
		if quietID == "" {
			t.Fatal("Quiet Fox did not sign in")
		}
		g := "/api/v1/groups/"
		a.check(t, quiet, opJoin, g+"new-dawn-recovery/join", map[string]string{"display_name": "QF"}, 200)
		a.check(t, quiet, opJoin, g+"after-loss-circle/join", map[string]string{"note": "Hello."}, 200)
		a.check(t, quiet, opJoin, g+"carers-coffee-morning/join", nil, 200)
		a.check(t, quiet, opJoin, g+"tuesday-evening-anxiety-circle/join", map[string]string{"display_name": "jay"}, 409)
		a.check(t, quiet, opJoin, g+"tuesday-evening-anxiety-circle/join", map[string]string{"display_name": "J"}, 422)
		a.check(t, quiet, opJoin, g+"no-such-group/join", nil, 404)
		a.check(t, visitor, opJoin, g+"new-dawn-recovery/join", nil, 401)
		a.check(t, quiet, opJoin, g+"new-dawn-recovery/join", `note=hi`, 415, formType...)
		a.check(t, quiet, opJoin, g+"new-dawn-recovery/join", nil, 403, crossSite...)

		a.check(t, maria, opRequests, g+"after-loss-circle/requests", nil, 200)
		a.check(t, james, opRequests, g+"after-loss-circle/requests", nil, 404)
		a.check(t, visitor, opRequests, g+"after-loss-circle/requests", nil, 401)

		long := map[string]string{"message": strings.Repeat("m", 1001)}
		for _, op := range []openapitest.Operation{opApprove, opDecline} {
			verb := op.Path[strings.LastIndex(op.Path, "/"):]
			a.check(t, maria, op, g+"after-loss-circle/requests/"+quietID+verb, long, 422)
			a.check(t, james, op, g+"after-loss-circle/requests/"+quietID+verb, nil, 404)
			a.check(t, visitor, op, g+"after-loss-circle/requests/"+quietID+verb, nil, 401)
			a.check(t, maria, op, g+"after-loss-circle/requests/"+quietID+verb, `message=hi`, 415, formType...)
			a.check(t, maria, op, g+"after-loss-circle/requests/"+quietID+verb, nil, 403, crossSite...)
		}
		a.check(t, maria, opApprove, g+"after-loss-circle/requests/"+quietID+"/approve", map[string]string{"message": "Welcome."}, 200)
		a.check(t, maria, opApprove, g+"after-loss-circle/requests/"+quietID+"/approve", nil, 404)
		a.check(t, maria, opDecline, g+"carers-coffee-morning/requests/"+quietID+"/decline", nil, 200)
		a.check(t, maria, opDecline, g+"carers-coffee-morning/requests/"+quietID+"/decline", nil, 404)

		a.check(t, quiet, opRoster, g+"after-loss-circle/members", nil, 200)
		a.check(t, maria, opRoster, g+"after-loss-circle/members", nil, 200)
		a.check(t, james, opRoster, g+"after-loss-circle/members", nil, 404)
		a.check(t, visitor, opRoster, g+"after-loss-circle/members", nil, 401)

		member := g + "after-loss-circle/members/" + quietID
		a.check(t, maria, opMemberEdit, member, map[string]any{"role": "peer_supporter", "trained": true, "reason": "Finished the course."}, 200)
		a.check(t, maria, opMemberEdit, member, map[string]any{"role": "boss"}, 422)
		a.check(t, maria, opMemberEdit, g+"after-loss-circle/members/999999", map[string]any{"trained": false}, 404)
		a.check(t, james, opMemberEdit, g+"tuesday-evening-anxiety-circle/members/"+quietID, map[string]any{"role": "member"}, 404)
		a.check(t, visitor, opMemberEdit, member, map[string]any{"trained": false}, 401)
		a.check(t, maria, opMemberEdit, member, `role=member`, 415, formType...)
		a.check(t, maria, opMemberEdit, member, map[string]any{"trained": false}, 403, crossSite...)

		a.check(t, quiet, opMyMembership, g+"after-loss-circle/me", map[string]any{"display_name": "Foxglove", "just_listening": true, "willing_buddy": true}, 200)
		a.check(t, quiet, opMyMembership, g+"after-loss-circle/me", map[string]any{"display_name": "maria"}, 409)
		a.check(t, quiet, opMyMembership, g+"after-loss-circle/me", map[string]any{"display_name": "<b>"}, 422)
		a.check(t, quiet, opMyMembership, g+"tuesday-evening-anxiety-circle/me", map[string]any{"just_listening": true}, 404)
		a.check(t, visitor, opMyMembership, g+"after-loss-circle/me", map[string]any{"just_listening": true}, 401)
		a.check(t, quiet, opMyMembership, g+"after-loss-circle/me", `just_listening=1`, 415, formType...)
		a.check(t, quiet, opMyMembership, g+"after-loss-circle/me", map[string]any{"just_listening": true}, 403, crossSite...)

		removal := g + "new-dawn-recovery/members/" + quietID
		a.check(t, maria, opMemberRemove, removal, map[string]string{"reason": ""}, 422)
		a.check(t, james, opMemberRemove, removal, map[string]string{"reason": "No."}, 404)
		a.check(t, visitor, opMemberRemove, removal, map[string]string{"reason": "No."}, 401)
		a.check(t, maria, opMemberRemove, removal, `reason=x`, 415, formType...)
		a.check(t, maria, opMemberRemove, removal, map[string]string{"reason": "No."}, 403, crossSite...)
		a.check(t, maria, opMemberRemove, removal, map[string]string{"reason": "Test removal by the OpenAPI test."}, 204)
		a.check(t, maria, opMemberRemove, removal, map[string]string{"reason": "Again."}, 404)

		a.check(t, quiet, opLeave, g+"after-loss-circle/leave", nil, 200)
		a.check(t, quiet, opLeave, g+"after-loss-circle/leave", nil, 404)
		a.check(t, maria, opLeave, g+"after-loss-circle/leave", nil, 409)
		a.check(t, visitor, opLeave, g+"after-loss-circle/leave", nil, 401)
		a.check(t, quiet, opLeave, g+"after-loss-circle/leave", `bye`, 415, "Content-Type", "text/plain")
		a.check(t, quiet, opLeave, g+"after-loss-circle/leave", nil, 403, crossSite...)

		a.check(t, maria, opAudit, g+"after-loss-circle/audit", nil, 200)
		a.check(t, james, opAudit, g+"after-loss-circle/audit", nil, 404)
		a.check(t, visitor, opAudit, g+"after-loss-circle/audit", nil, 401)
	})

	// James ("Jay") is a member of the Tuesday circle, which Maria
	// organizes; Quiet Fox is not in it.
	t.Run("agreement", func(t *testing.T) {
		g := "/api/v1/groups/tuesday-evening-anxiety-circle"
		r := a.check(t, james, opAgreement, g+"/agreement", nil, 200)
		version, _ := r.Body["version"].(float64)
		a.check(t, quiet, opAgreement, g+"/agreement", nil, 404)
		a.check(t, visitor, opAgreement, g+"/agreement", nil, 401)

		a.check(t, james, opAgreementOK, g+"/agreement/accept", map[string]any{"version": version}, 200)
		a.check(t, james, opAgreementOK, g+"/agreement/accept", map[string]any{"version": version + 7}, 409)
		a.check(t, james, opAgreementOK, g+"/agreement/accept", map[string]any{}, 422)
		a.check(t, quiet, opAgreementOK, g+"/agreement/accept", map[string]any{"version": version}, 404)
		a.check(t, visitor, opAgreementOK, g+"/agreement/accept", map[string]any{"version": version}, 401)
		a.check(t, james, opAgreementOK, g+"/agreement/accept", `version=1`, 415, formType...)
		a.check(t, james, opAgreementOK, g+"/agreement/accept", map[string]any{"version": version}, 403, crossSite...)

		change := map[string]any{"ground_rules": "Speak for yourself.\nListen without interrupting.", "change_summary": "Shorter rules, from the OpenAPI test.", "version": version}
		r = a.check(t, maria, opAgreementEdit, g+"/agreement", change, 200)
		if r.Body["accepted"] != false || r.Body["version"] != version+1 {
			t.Errorf("after a change the agreement is version %v, accepted %v: %s", r.Body["version"], r.Body["accepted"], r.Raw)
		}
		change["ground_rules"] = "Another change from a stale copy."
		a.check(t, maria, opAgreementEdit, g+"/agreement", change, 409)
		a.check(t, maria, opAgreementEdit, g+"/agreement", map[string]any{"template": "knitting", "vote_rule": "coin_toss"}, 422)
		a.check(t, james, opAgreementEdit, g+"/agreement", map[string]any{"vote_rule": "majority"}, 404)
		a.check(t, visitor, opAgreementEdit, g+"/agreement", map[string]any{"vote_rule": "majority"}, 401)
		a.check(t, maria, opAgreementEdit, g+"/agreement", `vote_rule=majority`, 415, formType...)
		a.check(t, maria, opAgreementEdit, g+"/agreement", map[string]any{"vote_rule": "majority"}, 403, crossSite...)

		a.check(t, maria, opConsents, g+"/agreement/consents", nil, 200)
		r = a.check(t, maria, opConsents, g+"/agreement/consents?format=csv", nil, 200)
		if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") {
			t.Errorf("consents as CSV: Content-Type %q", r.Header.Get("Content-Type"))
		}
		a.check(t, maria, opConsents, g+"/agreement/consents?format=xml", nil, 422)
		a.check(t, james, opConsents, g+"/agreement/consents", nil, 404)
		a.check(t, visitor, opConsents, g+"/agreement/consents", nil, 401)

		proposal := map[string]any{"ground_rules": "Speak for yourself.\nListen without interrupting.\nPhones on silent.", "reason": "Phones keep ringing."}
		r = a.check(t, james, opProposalNew, g+"/proposals", proposal, 201)
		id := ""
		if n, ok := r.Body["id"].(float64); ok {
			id = strconv.FormatInt(int64(n), 10)
		}
		for i := 2; i <= 3; i++ {
			proposal["reason"] = "Another reason " + strconv.Itoa(i)
			proposal["ground_rules"] = "Speak for yourself.\nRule number " + strconv.Itoa(i)
			a.check(t, james, opProposalNew, g+"/proposals", proposal, 201)
		}
		proposal["ground_rules"] = "One proposal too many."
		a.check(t, james, opProposalNew, g+"/proposals", proposal, 409)
		a.check(t, james, opProposalNew, g+"/proposals", map[string]any{"ground_rules": "", "reason": ""}, 422)
		a.check(t, quiet, opProposalNew, g+"/proposals", proposal, 404)
		a.check(t, visitor, opProposalNew, g+"/proposals", proposal, 401)
		a.check(t, james, opProposalNew, g+"/proposals", `reason=x`, 415, formType...)
		a.check(t, james, opProposalNew, g+"/proposals", proposal, 403, crossSite...)

		a.check(t, james, opProposals, g+"/proposals", nil, 200)
		a.check(t, quiet, opProposals, g+"/proposals", nil, 404)
		a.check(t, visitor, opProposals, g+"/proposals", nil, 401)

		vote := g + "/proposals/" + id + "/vote"
		a.check(t, james, opProposalVote, vote, map[string]string{"vote": "yes"}, 200)
		a.check(t, maria, opProposalVote, vote, map[string]string{"vote": "abstain"}, 200)
		a.check(t, james, opProposalVote, vote, map[string]string{"vote": "maybe"}, 422)
		a.check(t, james, opProposalVote, g+"/proposals/999999/vote", map[string]string{"vote": "no"}, 404)
		a.check(t, quiet, opProposalVote, vote, map[string]string{"vote": "no"}, 404)
		a.check(t, visitor, opProposalVote, vote, map[string]string{"vote": "no"}, 401)
		a.check(t, james, opProposalVote, vote, `vote=no`, 415, formType...)
		a.check(t, james, opProposalVote, vote, map[string]string{"vote": "no"}, 403, crossSite...)

		closing := g + "/proposals/" + id + "/close"
		a.check(t, james, opProposalClose, closing, nil, 404)
		a.check(t, visitor, opProposalClose, closing, nil, 401)
		a.check(t, maria, opProposalClose, closing, `now`, 415, "Content-Type", "text/plain")
		a.check(t, maria, opProposalClose, closing, nil, 403, crossSite...)
		a.check(t, maria, opProposalClose, closing, nil, 200)
		a.check(t, maria, opProposalClose, closing, nil, 409)
		a.check(t, james, opProposalVote, vote, map[string]string{"vote": "no"}, 409)
	})

	t.Run("groups search", func(t *testing.T) {
		probe := call(t, visitor, "GET", a.base+"/api/v1/groups", nil)
		if probe.Status == 404 {
			a.searchSkipped = true
			t.Skip("search not landed yet")
		}
		r := a.check(t, visitor, opGroupList, "/api/v1/groups", nil, 200)
		if groups, _ := r.Body["groups"].([]any); len(groups) == 0 {
			t.Errorf("search without filters found nothing: %s", r.Raw)
		}
		a.check(t, maria, opGroupList, "/api/v1/groups?q=anxiety&category=mental_health&attendance=online&language=es", nil, 200)
		a.check(t, james, opGroupList, "/api/v1/groups?accessibility=captions&accessibility=wheelchair&day=tu&tz=Europe/London&within_hours=168&today=0", nil, 200)
		r = a.check(t, visitor, opGroupList, "/api/v1/groups?near=51.5072,-0.1276", nil, 200)
		if groups, _ := r.Body["groups"].([]any); len(groups) == 0 || !strings.Contains(r.Raw, `"distance_km"`) {
			t.Errorf("a search near London shows no distances: %s", r.Raw)
		}
		r = a.check(t, visitor, opGroupList, "/api/v1/groups?category=grief_loss&language=es", nil, 200)
		if groups, _ := r.Body["groups"].([]any); len(groups) != 0 || r.Body["hint"] == nil {
			t.Errorf("a search that finds nothing gives no hint: %s", r.Raw)
		}
		r = a.check(t, visitor, opGroupList, "/api/v1/groups?limit=1", nil, 200)
		if next, _ := r.Body["next"].(string); next != "" {
			a.check(t, visitor, opGroupList, "/api/v1/groups?limit=1&cursor="+url.QueryEscape(next), nil, 200)
		} else {
			t.Errorf("the first page of one gives no next cursor: %s", r.Raw)
		}
		a.check(t, visitor, opGroupList, "/api/v1/groups?near=somewhere&radius_km=9999&day=someday", nil, 422)
		a.check(t, visitor, opGroupList, "/api/v1/groups?cursor=not-a-cursor", nil, 422)
	})

	// Group sessions of the Tuesday circle: Maria runs them, James ("Jay")
	// answers, Quiet Fox is in no group by now.
	tuesday := "/api/v1/groups/tuesday-evening-anxiety-circle"
	var soon, later string // a session starting in ten minutes, and one in two days
	t.Run("sessions", func(t *testing.T) {
		if mariaID == "" || jamesID == "" || quietID == "" {
			t.Fatal("Maria, James or Quiet Fox did not sign in")
		}
		list := tuesday + "/sessions"
		a.check(t, maria, opSessionNew, list, nil, 201)
		a.check(t, maria, opSessionNew, list, map[string]any{"starts_at": nil, "topic": "Sleep"}, 201)
		r := a.check(t, maria, opSessionNew, list, map[string]string{"starts_at": time.Now().Add(10 * time.Minute).Format(time.RFC3339), "topic": "First steps"}, 201)
		soon = idOf(t, r, "id")
		r = a.check(t, maria, opSessionNew, list, map[string]string{"starts_at": time.Now().Add(48 * time.Hour).Format(time.RFC3339)}, 201)
		later = idOf(t, r, "id")
		a.check(t, maria, opSessionNew, list, map[string]string{"starts_at": "tomorrow"}, 422)
		a.check(t, maria, opSessionNew, list, map[string]string{"starts_at": time.Now().Add(-time.Hour).Format(time.RFC3339)}, 422)
		a.check(t, maria, opSessionNew, list, map[string]string{"topic": strings.Repeat("t", 201)}, 422)
		a.check(t, james, opSessionNew, list, nil, 404)
		a.check(t, visitor, opSessionNew, list, nil, 401)
		a.check(t, maria, opSessionNew, list, `topic=x`, 415, formType...)
		a.check(t, maria, opSessionNew, list, nil, 403, crossSite...)

		r = a.check(t, james, opSessionList, list, nil, 200)
		if !strings.Contains(r.Raw, `"id":`+soon+`,`) || !strings.Contains(r.Raw, `"id":`+later+`,`) {
			t.Errorf("the list lacks the new sessions %s and %s: %s", soon, later, r.Raw)
		}
		a.check(t, maria, opSessionList, list, nil, 200)
		a.check(t, admin, opSessionList, list, nil, 200)
		a.check(t, quiet, opSessionList, list, nil, 404)
		a.check(t, visitor, opSessionList, list, nil, 401)

		s := "/api/v1/sessions/"
		a.check(t, james, opSessionShow, s+soon, nil, 200)
		a.check(t, maria, opSessionShow, s+soon, nil, 200)
		a.check(t, quiet, opSessionShow, s+soon, nil, 404)
		a.check(t, james, opSessionShow, s+"999999", nil, 404)
		a.check(t, james, opSessionShow, s+"first", nil, 404)
		a.check(t, visitor, opSessionShow, s+soon, nil, 401)

		// An answer, then a size limit of one: Maria waits for a place
		// until the limit goes.
		rsvp := s + later + "/rsvp"
		r = a.check(t, james, opRSVP, rsvp, map[string]string{"answer": "going"}, 200)
		if r.Body["my_rsvp"] != "going" || r.Body["going"] != 1.0 {
			t.Errorf("James's answer: %s", r.Raw)
		}
		a.check(t, james, opRSVP, rsvp, map[string]string{"answer": "perhaps"}, 422)
		a.check(t, quiet, opRSVP, rsvp, map[string]string{"answer": "going"}, 404)
		a.check(t, admin, opRSVP, rsvp, map[string]string{"answer": "going"}, 404)
		a.check(t, visitor, opRSVP, rsvp, map[string]string{"answer": "going"}, 401)
		a.check(t, james, opRSVP, rsvp, `answer=going`, 415, formType...)
		a.check(t, james, opRSVP, rsvp, map[string]string{"answer": "going"}, 403, crossSite...)

		capacity := tuesday + "/capacity"
		a.check(t, maria, opCapacity, capacity, map[string]int{"capacity": 1}, 200)
		a.check(t, maria, opCapacity, capacity, map[string]int{"capacity": -1}, 422)
		a.check(t, maria, opCapacity, capacity, map[string]any{}, 422)
		a.check(t, james, opCapacity, capacity, map[string]int{"capacity": 5}, 404)
		a.check(t, visitor, opCapacity, capacity, map[string]int{"capacity": 5}, 401)
		a.check(t, maria, opCapacity, capacity, `capacity=5`, 415, formType...)
		a.check(t, maria, opCapacity, capacity, map[string]int{"capacity": 5}, 403, crossSite...)
		r = a.check(t, maria, opRSVP, rsvp, map[string]string{"answer": "going"}, 200)
		if r.Body["my_rsvp"] != "waitlist" || r.Body["waitlist_position"] != 1.0 {
			t.Errorf("Maria's answer to a full session: %s", r.Raw)
		}
		a.check(t, maria, opCapacity, capacity, map[string]int{"capacity": 0}, 200)

		edit := s + later
		r = a.check(t, maria, opSessionEdit, edit, map[string]any{"topic": "Sleep and worry", "facilitator_id": json.Number(mariaID), "status": "cancelled", "reason": "The room is booked."}, 200)
		if r.Body["status"] != "cancelled" || r.Body["facilitator"] == nil {
			t.Errorf("cancelled, with a facilitator: %s", r.Raw)
		}
		a.check(t, james, opRSVP, rsvp, map[string]string{"answer": "maybe"}, 422)
		a.check(t, maria, opSessionEdit, edit, map[string]string{"status": "scheduled"}, 200)
		a.check(t, maria, opSessionEdit, edit, map[string]string{"status": "done"}, 422)
		a.check(t, maria, opSessionEdit, edit, map[string]any{"facilitator_id": json.Number(quietID)}, 422)
		a.check(t, james, opSessionEdit, edit, map[string]string{"topic": "Mine"}, 404)
		a.check(t, visitor, opSessionEdit, edit, map[string]string{"topic": "Mine"}, 401)
		a.check(t, maria, opSessionEdit, edit, `topic=x`, 415, formType...)
		a.check(t, maria, opSessionEdit, edit, map[string]string{"topic": "x"}, 403, crossSite...)

		mark := s + soon + "/attendance"
		jay := map[string]any{"member_id": json.Number(jamesID)}
		r = a.check(t, maria, opAttendance, mark, jay, 200)
		if list, _ := r.Body["attendance"].([]any); len(list) != 1 {
			t.Errorf("attendance after marking James: %s", r.Raw)
		}
		r = a.check(t, maria, opSessionShow, s+soon, nil, 200)
		if _, ok := r.Body["attendance"]; !ok {
			t.Errorf("a facilitator sees no attendance: %s", r.Raw)
		}
		a.check(t, maria, opAttendance, mark, map[string]any{"member_id": json.Number(jamesID), "present": false}, 200)
		a.check(t, maria, opAttendance, s+later+"/attendance", jay, 422)
		a.check(t, maria, opAttendance, mark, map[string]any{"member_id": json.Number(quietID)}, 422)
		a.check(t, james, opAttendance, mark, jay, 404)
		a.check(t, visitor, opAttendance, mark, jay, 401)
		a.check(t, maria, opAttendance, mark, `member_id=1`, 415, formType...)
		a.check(t, maria, opAttendance, mark, jay, 403, crossSite...)

		reminders := "/api/v1/me/reminders"
		a.check(t, james, opReminders, reminders, nil, 200)
		a.check(t, visitor, opReminders, reminders, nil, 401)
		r = a.check(t, james, opRemindersEdit, reminders, map[string]any{"remind_24h": true, "remind_1h": false, "timezone": "Europe/London", "email_off": false}, 200)
		if r.Body["timezone"] != "Europe/London" || r.Body["remind_24h"] != true {
			t.Errorf("reminders after the change: %s", r.Raw)
		}
		a.check(t, james, opRemindersEdit, reminders, map[string]string{"timezone": "Mars/Olympus_Mons"}, 422)
		a.check(t, james, opRemindersEdit, reminders, map[string]string{"timezone": "Local"}, 422)
		a.check(t, visitor, opRemindersEdit, reminders, map[string]bool{"remind_1h": true}, 401)
		a.check(t, james, opRemindersEdit, reminders, `remind_1h=1`, 415, formType...)
		a.check(t, james, opRemindersEdit, reminders, map[string]bool{"remind_1h": true}, 403, crossSite...)

		r = a.check(t, james, opCalendar, "/api/v1/me/calendar", nil, 200)
		first, _ := r.Body["url"].(string)
		a.check(t, visitor, opCalendar, "/api/v1/me/calendar", nil, 401)
		reset := "/api/v1/me/calendar/reset"
		if r = a.check(t, james, opCalendarReset, reset, nil, 200); r.Body["url"] == first || first == "" {
			t.Errorf("a new calendar address %v, the old one %q", r.Body["url"], first)
		}
		a.check(t, visitor, opCalendarReset, reset, nil, 401)
		a.check(t, james, opCalendarReset, reset, `now`, 415, "Content-Type", "text/plain")
		a.check(t, james, opCalendarReset, reset, nil, 403, crossSite...)
	})

	// The live circle of the session starting soon. Maria changed the
	// agreement after James agreed, so he must agree again to join.
	t.Run("live", func(t *testing.T) {
		if soon == "" || later == "" {
			t.Fatal("no sessions were made")
		}
		s := "/api/v1/sessions/" + soon
		if r := a.check(t, james, opLive, s+"/live", nil, 403); errField(r, "field") != "agreement" {
			t.Errorf("refused for the agreement without naming it: %s", r.Raw)
		}
		r := a.check(t, james, opAgreement, tuesday+"/agreement", nil, 200)
		a.check(t, james, opAgreementOK, tuesday+"/agreement/accept", map[string]any{"version": r.Body["version"]}, 200)
		a.check(t, james, opLive, s+"/live", nil, 409)

		a.check(t, maria, opLiveEnd, s+"/end", nil, 409)
		a.check(t, james, opLiveStart, s+"/start", nil, 404)
		a.check(t, maria, opLiveStart, "/api/v1/sessions/999999/start", nil, 404)
		a.check(t, visitor, opLiveStart, s+"/start", nil, 401)
		a.check(t, maria, opLiveStart, s+"/start", `now`, 415, "Content-Type", "text/plain")
		a.check(t, maria, opLiveStart, s+"/start", nil, 403, crossSite...)
		if r := a.check(t, maria, opLiveStart, s+"/start", nil, 200); r.Body["live_url"] != s+"/live" {
			t.Errorf("started without the socket's address: %s", r.Raw)
		}
		a.check(t, maria, opLiveStart, s+"/start", nil, 200)

		a.check(t, visitor, opLive, s+"/live", nil, 401)
		a.check(t, quiet, opLive, s+"/live", nil, 404)
		a.check(t, admin, opLive, s+"/live", nil, 404)
		a.check(t, james, opLive, "/api/v1/sessions/999999/live", nil, 404)
		a.check(t, james, opLive, s+"/live", nil, 403, crossSite...)
		a.check(t, james, opLive, s+"/live?since=-1", nil, 422)
		a.check(t, james, opLive, s+"/live?since=last", nil, 422)
		if r := a.check(t, james, opLive, s+"/live", nil, 426); !strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
			t.Errorf("426 without Upgrade: websocket: %v", r.Header)
		}
		a.check(t, james, opLive, s+"/live", nil, 400, "Connection", "Upgrade", "Upgrade", "websocket")
		a.checkLive(t, james, s+"/live")

		a.check(t, james, opLiveEnd, s+"/end", nil, 404)
		a.check(t, visitor, opLiveEnd, s+"/end", nil, 401)
		a.check(t, maria, opLiveEnd, s+"/end", `now`, 415, "Content-Type", "text/plain")
		a.check(t, maria, opLiveEnd, s+"/end", nil, 403, crossSite...)
		a.check(t, maria, opLiveEnd, s+"/end", nil, 200)
		a.check(t, maria, opLiveEnd, s+"/end", nil, 200)
		a.check(t, maria, opLiveStart, s+"/start", nil, 409)
		a.check(t, james, opLive, s+"/live", nil, 409)

		cancelled := "/api/v1/sessions/" + later
		a.check(t, maria, opSessionEdit, cancelled, map[string]string{"status": "cancelled"}, 200)
		a.check(t, maria, opLiveStart, cancelled+"/start", nil, 409)
		a.check(t, maria, opLiveEnd, cancelled+"/end", nil, 409)
	})

	// Reports, blocks, the safety plan and the audit log in the Tuesday
	// circle, and last a site ban of Keiko, who is in no other subtest.
	t.Run("safety", func(t *testing.T) {
		if mariaID == "" || jamesID == "" || quietID == "" || adminID == "" {
			t.Fatal("someone did not sign in")
		}
		const slug = "tuesday-evening-anxiety-circle"
		post := map[string]any{"target_type": "post", "target_id": "post-17", "reason": "spam", "note": "Selling something.", "group": slug, "member_id": json.Number(jamesID)}
		message := map[string]any{"target_type": "message", "target_id": "m-4f2a", "reason": "other", "group": slug}
		reports := "/api/v1/reports"
		a.check(t, maria, opReportNew, reports, post, 201)
		a.check(t, maria, opReportNew, reports, post, 201) // files nothing new
		a.check(t, james, opReportNew, reports, message, 201)
		a.check(t, james, opReportNew, reports, map[string]any{"target_type": "member", "target_id": mariaID, "reason": "harassment"}, 201)
		a.check(t, james, opReportNew, reports, map[string]any{"target_type": "photo", "target_id": "1", "reason": "spam", "group": slug}, 422)
		a.check(t, james, opReportNew, reports, map[string]any{"target_type": "member", "target_id": jamesID, "reason": "spam"}, 422)
		a.check(t, james, opReportNew, reports, map[string]any{"target_type": "post", "target_id": "post-1", "reason": "spam"}, 422)
		a.check(t, quiet, opReportNew, reports, message, 404)
		a.check(t, james, opReportNew, reports, map[string]any{"target_type": "member", "target_id": quietID, "reason": "spam"}, 404)
		a.check(t, visitor, opReportNew, reports, message, 401)
		a.check(t, james, opReportNew, reports, `reason=spam`, 415, formType...)
		a.check(t, james, opReportNew, reports, message, 403, crossSite...)

		queue := tuesday + "/reports"
		ids := map[string]string{} // target type: report id
		for _, c := range []*http.Client{maria, admin} {
			r := a.check(t, c, opReports, queue, nil, 200)
			list, _ := r.Body["reports"].([]any)
			for _, x := range list {
				rep, _ := x.(map[string]any)
				id, _ := rep["id"].(float64)
				ids[rep["target_type"].(string)] = strconv.FormatInt(int64(id), 10)
			}
			if want := map[*http.Client]int{maria: 2, admin: 3}[c]; len(list) != want {
				t.Errorf("the queue shows %d reports, want %d: %s", len(list), want, r.Raw)
			}
		}
		if len(ids) != 3 {
			t.Fatalf("reports by target type: %v", ids)
		}
		a.check(t, maria, opReports, queue+"?status=all", nil, 200)
		a.check(t, maria, opReports, queue+"?status=closed", nil, 422)
		a.check(t, james, opReports, queue, nil, 404)
		a.check(t, visitor, opReports, queue, nil, 401)

		act := func(id string) string { return queue + "/" + id + "/action" }
		dismiss := map[string]string{"action": "dismiss"}
		a.check(t, maria, opReportAction, act(ids["post"]), map[string]string{"action": "explode"}, 422)
		a.check(t, maria, opReportAction, act(ids["post"]), map[string]any{"action": "mute", "minutes": 0, "reason": "Spam."}, 422)
		a.check(t, maria, opReportAction, act(ids["message"]), map[string]string{"action": "warn", "reason": "Rude."}, 422)
		a.check(t, maria, opReportAction, act("999999"), dismiss, 404)
		a.check(t, maria, opReportAction, act("first"), dismiss, 404)
		a.check(t, maria, opReportAction, act(ids["member"]), dismiss, 404) // about Maria herself
		a.check(t, james, opReportAction, act(ids["post"]), dismiss, 404)
		a.check(t, visitor, opReportAction, act(ids["post"]), dismiss, 401)
		a.check(t, maria, opReportAction, act(ids["post"]), `action=dismiss`, 415, formType...)
		a.check(t, maria, opReportAction, act(ids["post"]), dismiss, 403, crossSite...)
		r := a.check(t, maria, opReportAction, act(ids["post"]), map[string]any{"action": "mute", "minutes": 60, "reason": "Selling in the group."}, 200)
		if r.Body["status"] != "actioned" || r.Body["action"] != "mute" {
			t.Errorf("a mute: %s", r.Raw)
		}
		a.check(t, maria, opReportAction, act(ids["post"]), dismiss, 409)
		a.check(t, maria, opReportAction, act(ids["message"]), map[string]string{"action": "hide", "reason": "Off topic."}, 200)
		// A co-facilitator may decide reports but not remove anyone.
		jay := tuesday + "/members/" + jamesID
		a.check(t, maria, opMemberEdit, jay, map[string]any{"role": "co_facilitator", "reason": "Helps run the circle."}, 200)
		a.check(t, james, opReportAction, act(ids["member"]), map[string]string{"action": "remove", "reason": "Harassment."}, 403)
		a.check(t, maria, opMemberEdit, jay, map[string]any{"role": "member", "reason": "Back to sharing."}, 200)
		a.check(t, admin, opReportAction, act(ids["member"]), dismiss, 200)

		blocks := "/api/v1/blocks"
		a.check(t, james, opBlockNew, blocks, map[string]any{"member_id": json.Number(mariaID)}, 200)
		a.check(t, james, opBlockNew, blocks, map[string]any{"member_id": json.Number(mariaID)}, 200)
		a.check(t, james, opBlockNew, blocks, map[string]any{"member_id": json.Number(jamesID)}, 422)
		a.check(t, james, opBlockNew, blocks, map[string]any{}, 422)
		a.check(t, james, opBlockNew, blocks, map[string]any{"member_id": json.Number(quietID)}, 404)
		a.check(t, visitor, opBlockNew, blocks, map[string]any{"member_id": json.Number(mariaID)}, 401)
		a.check(t, james, opBlockNew, blocks, `member_id=1`, 415, formType...)
		a.check(t, james, opBlockNew, blocks, map[string]any{"member_id": json.Number(mariaID)}, 403, crossSite...)
		r = a.check(t, james, opBlocks, blocks, nil, 200)
		if list, _ := r.Body["blocks"].([]any); len(list) != 1 || !strings.Contains(r.Raw, `"display_name":"Maria"`) {
			t.Errorf("James's blocks: %s", r.Raw)
		}
		a.check(t, quiet, opBlocks, blocks, nil, 200)
		a.check(t, visitor, opBlocks, blocks, nil, 401)
		unblock := blocks + "/" + mariaID
		a.check(t, visitor, opBlockDelete, unblock, nil, 401)
		a.check(t, james, opBlockDelete, unblock, `now`, 415, "Content-Type", "text/plain")
		a.check(t, james, opBlockDelete, unblock, nil, 403, crossSite...)
		a.check(t, james, opBlockDelete, unblock, nil, 204)
		a.check(t, james, opBlockDelete, unblock, nil, 404)
		a.check(t, james, opBlockDelete, blocks+"/maria", nil, 404)

		plan := tuesday + "/safety-plan"
		if r := a.check(t, maria, opSafetyPlan, plan, nil, 200); r.Body["from_template"] != true {
			t.Errorf("a new plan is not the template: %s", r.Raw)
		}
		a.check(t, james, opSafetyPlan, plan, nil, 404)
		a.check(t, visitor, opSafetyPlan, plan, nil, 401)
		mine := map[string]string{"emergency_contacts": "Emergency services: 999\nThe organizer: Maria, 020 7946 0000", "local_resources": "", "steps": "Pause the circle.\nCall the organizer."}
		if r := a.check(t, maria, opSafetyPlanEdit, plan, mine, 200); r.Body["from_template"] != false {
			t.Errorf("a changed plan is still the template: %s", r.Raw)
		}
		a.check(t, maria, opSafetyPlanEdit, plan, map[string]string{"emergency_contacts": "", "steps": ""}, 422)
		a.check(t, maria, opSafetyPlanEdit, plan, `{"steps": ["Pause."]}`, 422)
		a.check(t, james, opSafetyPlanEdit, plan, mine, 404)
		a.check(t, visitor, opSafetyPlanEdit, plan, mine, 401)
		a.check(t, maria, opSafetyPlanEdit, plan, `steps=x`, 415, formType...)
		a.check(t, maria, opSafetyPlanEdit, plan, mine, 403, crossSite...)

		if r := a.check(t, maria, opIncidents, tuesday+"/incidents", nil, 200); r.Body["incidents"] == nil {
			t.Errorf("the incident log: %s", r.Raw)
		}
		a.check(t, james, opIncidents, tuesday+"/incidents", nil, 404)
		a.check(t, visitor, opIncidents, tuesday+"/incidents", nil, 401)

		r = a.check(t, maria, opAuditCSV, tuesday+"/audit.csv", nil, 200)
		if !strings.HasPrefix(r.Raw, "id,at,actor_id,actor_name,action,") || !strings.Contains(r.Raw, "update_safety_plan") {
			t.Errorf("the audit log download: %.300s", r.Raw)
		}
		if cd := r.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") {
			t.Errorf("the audit log download's Content-Disposition: %q", cd)
		}
		a.check(t, james, opAuditCSV, tuesday+"/audit.csv", nil, 404)
		a.check(t, visitor, opAuditCSV, tuesday+"/audit.csv", nil, 401)

		keikoID := ""
		r = a.check(t, maria, opRoster, "/api/v1/groups/carers-coffee-morning/members", nil, 200)
		members, _ := r.Body["members"].([]any)
		for _, x := range members {
			if m, _ := x.(map[string]any); m["display_name"] == "Keiko" {
				keikoID = strconv.FormatInt(int64(m["member_id"].(float64)), 10)
			}
		}
		if keikoID == "" {
			t.Fatalf("Keiko is not in the carers' group: %s", r.Raw)
		}
		ban := "/api/v1/admin/members/" + keikoID + "/ban"
		why := map[string]string{"reason": "A test ban by the OpenAPI test."}
		a.check(t, maria, opBan, ban, why, 404)
		a.check(t, visitor, opBan, ban, why, 404)
		a.check(t, admin, opBan, ban, map[string]string{"reason": " "}, 422)
		a.check(t, admin, opBan, "/api/v1/admin/members/"+adminID+"/ban", why, 422)
		a.check(t, admin, opBan, "/api/v1/admin/members/999999/ban", why, 404)
		a.check(t, admin, opBan, "/api/v1/admin/members/keiko/ban", why, 404)
		a.check(t, admin, opBan, ban, `reason=x`, 415, formType...)
		a.check(t, admin, opBan, ban, why, 403, crossSite...)
		a.check(t, admin, opBan, ban, why, 200)
		a.check(t, admin, opBan, ban, why, 409)
	})

	// Last, as it ends Quiet Fox: one wrong password so far leaves one try.
	t.Run("delete", func(t *testing.T) {
		a.check(t, quiet, opMeDelete, "/api/v1/me", map[string]string{"password": pw}, 204)
		a.check(t, quiet, opMeShow, "/api/v1/me", nil, 401)
	})
}
