package web_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"holdspace/internal/sqlstore/sqlstoretest"
	"holdspace/internal/testserver"
)

// startBoth runs fn against a real server on SQLite and on PostgreSQL.
func startBoth(t *testing.T, fn func(t *testing.T, srv *testserver.Server), args ...string) {
	t.Run("sqlite", func(t *testing.T) { fn(t, testserver.Start(t, args...)) })
	t.Run("postgres", func(t *testing.T) {
		dsn := sqlstoretest.PostgresDSN(t)
		fn(t, testserver.Start(t, append([]string{"--db", dsn}, args...)...))
	})
}

type apiResult struct {
	Status int
	Body   map[string]any
	Header http.Header
	Raw    string
}

// call sends a JSON request and decodes a JSON answer.
func call(t *testing.T, c *http.Client, method, u string, body any, hdr ...string) apiResult {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		buf, _ := json.Marshal(b)
		rd = bytes.NewReader(buf)
	}
	req, err := http.NewRequest(method, u, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	res := apiResult{Status: resp.StatusCode, Header: resp.Header, Raw: string(raw)}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(raw, &res.Body); err != nil {
			t.Fatalf("%s %s: answer is not JSON: %v: %s", method, u, err, raw)
		}
	}
	return res
}

func errField(r apiResult, key string) string {
	e, _ := r.Body["error"].(map[string]any)
	s, _ := e[key].(string)
	return s
}

func TestAPIAccounts(t *testing.T) {
	startBoth(t, func(t *testing.T, srv *testserver.Server) {
		c := testserver.Client()
		u := srv.URL + "/api/v1"
		r := call(t, c, "POST", u+"/auth/signup", map[string]string{"display_name": "Quiet Fox", "password": "a long enough password"})
		if r.Status != 201 || r.Body["display_name"] != "Quiet Fox" || r.Body["id"] == nil {
			t.Fatalf("signup: %d %s", r.Status, r.Raw)
		}
		if _, leaked := r.Body["password_hash"]; leaked {
			t.Error("signup answer carries the password hash")
		}
		// A taken name, in another case, is 409.
		r = call(t, c, "POST", u+"/auth/signup", map[string]string{"display_name": "quiet fox", "password": "another long password"})
		if r.Status != 409 || errField(r, "code") != "conflict" || errField(r, "field") != "display_name" {
			t.Errorf("taken name: %d %s", r.Status, r.Raw)
		}
		// Invalid bodies answer 400 or 422 naming the field.
		for _, tc := range []struct {
			name, body, field string
		}{
			{"short password", `{"display_name":"Someone","password":"short"}`, "password"},
			{"no name", `{"password":"a long enough password"}`, "display_name"},
			{"bad email", `{"display_name":"Someone","password":"a long enough password","email":"nope"}`, "email"},
			{"wrong type", `{"display_name":12,"password":"a long enough password"}`, "display_name"},
			{"unknown field", `{"display_name":"Someone","password":"a long enough password","real_name":"X"}`, "real_name"},
			{"long name", `{"display_name":"` + strings.Repeat("n", 41) + `","password":"a long enough password"}`, "display_name"},
		} {
			r := call(t, c, "POST", u+"/auth/signup", tc.body)
			if (r.Status != 400 && r.Status != 422) || errField(r, "field") != tc.field || errField(r, "message") == "" {
				t.Errorf("%s: %d %s; want 400/422 naming %s", tc.name, r.Status, r.Raw, tc.field)
			}
		}
		for _, body := range []string{`not json`, `{"display_name":"x"`, ``, `[1,2]`, `{"display_name":"A b","password":"a long enough password"} {}`} {
			r := call(t, c, "POST", u+"/auth/signup", body)
			if r.Status != 400 && r.Status != 422 || errField(r, "message") == "" {
				t.Errorf("body %q: %d %s", body, r.Status, r.Raw)
			}
		}
		// Only JSON, and only from this site.
		req, _ := http.NewRequest("POST", u+"/auth/signup", strings.NewReader("display_name=x&password=yyyyyyyyyyyy"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 415 {
			t.Errorf("form-encoded signup: %d, want 415", resp.StatusCode)
		}
		r = call(t, c, "POST", u+"/auth/signup", map[string]string{"display_name": "Cross Site", "password": "a long enough password"}, "Origin", "https://evil.example")
		if r.Status != 403 || errField(r, "code") != "forbidden" {
			t.Errorf("cross-origin signup: %d %s", r.Status, r.Raw)
		}
		r = call(t, c, "POST", u+"/auth/signup", map[string]string{"display_name": "Same Site", "password": "a long enough password"}, "Origin", srv.URL)
		if r.Status != 201 {
			t.Errorf("same-origin signup: %d %s", r.Status, r.Raw)
		}

		// Not signed in yet.
		if r := call(t, c, "GET", u+"/me", nil); r.Status != 401 || errField(r, "code") != "unauthorized" {
			t.Errorf("me before login: %d %s", r.Status, r.Raw)
		}
		// Wrong password and unknown name get the same answer.
		bad1 := call(t, c, "POST", u+"/auth/login", map[string]string{"display_name": "Quiet Fox", "password": "wrong password!!"})
		bad2 := call(t, c, "POST", u+"/auth/login", map[string]string{"display_name": "Nobody Here", "password": "wrong password!!"})
		if bad1.Status != 401 || bad2.Status != 401 || bad1.Raw != bad2.Raw {
			t.Errorf("bad credentials differ: %d %s / %d %s", bad1.Status, bad1.Raw, bad2.Status, bad2.Raw)
		}
		r = call(t, c, "POST", u+"/auth/login", map[string]string{"display_name": "QUIET FOX", "password": "a long enough password"})
		if r.Status != 200 {
			t.Fatalf("login: %d %s", r.Status, r.Raw)
		}
		sc := r.Header.Get("Set-Cookie")
		for _, want := range []string{"hs_session=", "HttpOnly", "SameSite=Lax", "Path=/"} {
			if !strings.Contains(sc, want) {
				t.Errorf("session cookie %q lacks %s", sc, want)
			}
		}
		if strings.Contains(sc, "Secure") {
			t.Errorf("cookie is Secure over plain HTTP on loopback: %q", sc)
		}
		if r := call(t, c, "GET", u+"/me", nil); r.Status != 200 || r.Body["display_name"] != "Quiet Fox" || r.Body["id"] == nil {
			t.Errorf("me: %d %s", r.Status, r.Raw)
		}
		// A second device.
		c2 := testserver.Client()
		if r := call(t, c2, "POST", u+"/auth/login", map[string]string{"display_name": "Quiet Fox", "password": "a long enough password"}); r.Status != 200 {
			t.Fatalf("second login: %d", r.Status)
		}
		// Log out ends only this device.
		if r := call(t, c, "POST", u+"/auth/logout", nil); r.Status != 204 {
			t.Errorf("logout: %d %s", r.Status, r.Raw)
		}
		if r := call(t, c, "GET", u+"/me", nil); r.Status != 401 {
			t.Errorf("me after logout: %d", r.Status)
		}
		if r := call(t, c2, "GET", u+"/me", nil); r.Status != 200 {
			t.Errorf("other device after logout: %d", r.Status)
		}
		// Delete needs the password; then every session ends at once.
		if r := call(t, c2, "DELETE", u+"/me", map[string]string{"password": "not my password"}); r.Status != 422 || errField(r, "field") != "password" {
			t.Errorf("delete with wrong password: %d %s", r.Status, r.Raw)
		}
		c3 := testserver.Client()
		call(t, c3, "POST", u+"/auth/login", map[string]string{"display_name": "Quiet Fox", "password": "a long enough password"})
		if r := call(t, c2, "DELETE", u+"/me", map[string]string{"password": "a long enough password"}); r.Status != 204 {
			t.Errorf("delete: %d %s", r.Status, r.Raw)
		}
		if r := call(t, c3, "GET", u+"/me", nil); r.Status != 401 {
			t.Errorf("another session of a deleted account still works: %d", r.Status)
		}
		if r := call(t, c3, "POST", u+"/auth/login", map[string]string{"display_name": "Quiet Fox", "password": "a long enough password"}); r.Status != 401 {
			t.Errorf("login to deleted account: %d", r.Status)
		}
		// Unknown API paths answer JSON 404.
		if r := call(t, c, "GET", u+"/nothing-here", nil); r.Status != 404 || errField(r, "code") != "not_found" {
			t.Errorf("unknown API path: %d %s", r.Status, r.Raw)
		}
	})
}

func TestAPILoginRateLimit(t *testing.T) {
	srv := testserver.Start(t, "--login-limit", "3")
	c := testserver.Client()
	u := srv.URL + "/api/v1"
	call(t, c, "POST", u+"/auth/signup", map[string]string{"display_name": "Target", "password": "a long enough password"})
	var codes []int
	for i := 0; i < 5; i++ {
		codes = append(codes, call(t, c, "POST", u+"/auth/login", map[string]string{"display_name": "Target", "password": "wrong password " + string(rune('a'+i))}).Status)
	}
	if codes[0] != 401 || codes[4] != 429 {
		t.Errorf("login attempts answered %v; want 401 first and 429 once too many", codes)
	}
	// The right password is refused too while the account is limited.
	if r := call(t, c, "POST", u+"/auth/login", map[string]string{"display_name": "Target", "password": "a long enough password"}); r.Status != 429 || errField(r, "code") != "rate_limited" {
		t.Errorf("right password while limited: %d %s", r.Status, r.Raw)
	}
	// Another account is not affected by this account's limit.
	call(t, c, "POST", u+"/auth/signup", map[string]string{"display_name": "Bystander", "password": "a long enough password"})
	if r := call(t, c, "POST", u+"/auth/login", map[string]string{"display_name": "Bystander", "password": "a long enough password"}); r.Status != 200 {
		t.Errorf("other account: %d", r.Status)
	}
}

func TestAPISignupRateLimit(t *testing.T) {
	srv := testserver.Start(t, "--signup-limit", "2")
	c := testserver.Client()
	var codes []int
	for _, name := range []string{"One Person", "Two People", "Three People"} {
		codes = append(codes, call(t, c, "POST", srv.URL+"/api/v1/auth/signup", map[string]string{"display_name": name, "password": "a long enough password"}).Status)
	}
	if codes[0] != 201 || codes[1] != 201 || codes[2] != 429 {
		t.Errorf("signups answered %v; want 201 201 429", codes)
	}
}

func TestSecurityHeadersOnEveryPage(t *testing.T) {
	srv := testserver.Start(t, "--demo")
	c := testserver.Client()
	for _, path := range []string{"/", "/signup", "/login", "/help", "/help?region=GB", "/cookies", "/groups/new-dawn-recovery", "/no/such/page", "/settings"} {
		resp, err := c.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		h := resp.Header
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %s", path, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP allows inline code", path)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "no-referrer" {
			t.Errorf("%s: headers %v", path, h)
		}
		if !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
			t.Errorf("%s: content type %q", path, h.Get("Content-Type"))
		}
	}
}

func TestPagesWithoutInlineCode(t *testing.T) {
	srv := testserver.Start(t, "--demo")
	inline := regexp.MustCompile(`(?i)<script>|<script [^>]*>[^<]|<style|\sstyle=|\son[a-z]+=`)
	for _, path := range []string{"/", "/signup", "/login", "/help?region=US", "/cookies", "/groups/after-loss-circle", "/missing"} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if m := inline.Find(body); m != nil {
			t.Errorf("%s has inline code %q", path, m)
		}
		if bytes.Contains(body, []byte("http://")) && !bytes.Contains(body, []byte("mieli.fi")) {
			t.Errorf("%s links to an http:// asset", path)
		}
	}
}

func TestNotFoundAndErrors(t *testing.T) {
	srv := testserver.Start(t)
	resp, err := http.Get(srv.URL + "/no/such/page")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 404 || !strings.Contains(string(body), "Page not found") || !strings.Contains(string(body), `href="/help"`) {
		t.Errorf("404 page: %d %s", resp.StatusCode, body)
	}
	resp, _ = http.Get(srv.URL + "/groups/not-a-group")
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Errorf("unknown group: %d", resp.StatusCode)
	}
}

func TestOperations(t *testing.T) {
	startBoth(t, func(t *testing.T, srv *testserver.Server) {
		for path, want := range map[string]string{"/healthz": "ok", "/readyz": "ready", "/metrics": "holdspace_http_requests_total"} {
			http.Get(srv.URL + "/") // something to count
			resp, err := http.Get(srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || !strings.Contains(string(body), want) {
				t.Errorf("%s: %d, body lacks %q", path, resp.StatusCode, want)
			}
		}
	})
}

func TestCrisisResourcesAPI(t *testing.T) {
	srv := testserver.Start(t)
	c := testserver.Client()
	r := call(t, c, "GET", srv.URL+"/api/v1/crisis-resources?region=gb", nil)
	if r.Status != 200 || !strings.Contains(r.Raw, "Samaritans") || !strings.Contains(r.Raw, "116 123") {
		t.Errorf("GB: %d %s", r.Status, r.Raw)
	}
	if strings.Contains(r.Raw, `"US"`) {
		t.Errorf("GB answer holds US lines: %s", r.Raw)
	}
	r = call(t, c, "GET", srv.URL+"/api/v1/crisis-resources?region=US", nil)
	if !strings.Contains(r.Raw, `"phone":"988"`) {
		t.Errorf("US: %s", r.Raw)
	}
	r = call(t, c, "GET", srv.URL+"/api/v1/crisis-resources?region=USA", nil)
	if r.Status != 422 || errField(r, "field") != "region" {
		t.Errorf("bad region: %d %s", r.Status, r.Raw)
	}
	r = call(t, c, "GET", srv.URL+"/api/v1/crisis-resources?region=AQ", nil)
	if r.Status != 200 || !strings.Contains(r.Raw, `"resources":[]`) {
		t.Errorf("region without lines: %d %s", r.Status, r.Raw)
	}
}

func TestHelpPage(t *testing.T) {
	srv := testserver.Start(t)
	get := func(path, lang string) string {
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		if lang != "" {
			req.Header.Set("Accept-Language", lang)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d", path, resp.StatusCode)
		}
		return string(b)
	}
	if b := get("/help", "en-GB,en;q=0.8"); !strings.Contains(b, "Samaritans") || !strings.Contains(b, `href="tel:116123"`) || !strings.Contains(b, "guessed") {
		t.Error("help for en-GB does not show the UK lines with a tel: link")
	}
	if b := get("/help?region=US", "en-GB"); !strings.Contains(b, "988") || strings.Contains(b, "Samaritans") {
		t.Error("the visitor's choice does not override the guess")
	}
	if b := get("/help", ""); !strings.Contains(b, "Choose your country") || !strings.Contains(b, `<option value="JP">Japan</option>`) {
		t.Error("help without a hint does not offer the region picker")
	}
	if b := get("/help", ""); !strings.Contains(b, "data-zone-regions=") || !strings.Contains(b, "Europe/London") {
		t.Error("help without a hint gives the script no time-zone map")
	}
}

// formPost submits a form the way a browser does, with the CSRF token from
// the page.
func formPost(t *testing.T, c *http.Client, base, pagePath, action string, values url.Values) *http.Response {
	t.Helper()
	resp, err := c.Get(base + pagePath)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindSubmatch(body)
	if m == nil {
		t.Fatalf("%s has no CSRF field", pagePath)
	}
	values.Set("csrf", string(m[1]))
	resp, err = c.PostForm(base+action, values)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

func TestFormsNeedCSRF(t *testing.T) {
	srv := testserver.Start(t)
	c := testserver.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	// No token: refused, nothing created.
	resp, err := c.PostForm(srv.URL+"/signup", url.Values{"display_name": {"No Token"}, "password": {"a long enough password"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 403 {
		t.Errorf("signup without CSRF: %d", resp.StatusCode)
	}
	// With the token: created and signed in.
	resp = formPost(t, c, srv.URL, "/signup", "/signup", url.Values{"display_name": {"With Token"}, "password": {"a long enough password"}})
	resp.Body.Close()
	if resp.StatusCode != 303 {
		t.Fatalf("signup with CSRF: %d", resp.StatusCode)
	}
	r := call(t, c, "GET", srv.URL+"/api/v1/me", nil)
	if r.Body["display_name"] != "With Token" {
		t.Errorf("after form signup, me = %s", r.Raw)
	}
	if r := call(t, testserver.Client(), "POST", srv.URL+"/api/v1/auth/login", map[string]string{"display_name": "No Token", "password": "a long enough password"}); r.Status != 401 {
		t.Errorf("the refused signup created an account: %d", r.Status)
	}
	// A form from our own page under Referrer-Policy: no-referrer arrives
	// with "Origin: null"; its token is what counts.
	resp0, _ := c.Get(srv.URL + "/")
	page, _ := io.ReadAll(resp0.Body)
	resp0.Body.Close()
	tok := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindSubmatch(page)
	req0, _ := http.NewRequest("POST", srv.URL+"/logout", strings.NewReader("csrf="+string(tok[1])))
	req0.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req0.Header.Set("Origin", "null")
	resp0, _ = c.Do(req0)
	resp0.Body.Close()
	if resp0.StatusCode != 303 {
		t.Errorf("same-site form post with Origin: null: %d", resp0.StatusCode)
	}
	// A cross-site form post is refused even with a token.
	req, _ := http.NewRequest("POST", srv.URL+"/logout", strings.NewReader("csrf=x"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	resp, _ = c.Do(req)
	resp.Body.Close()
	if resp.StatusCode != 403 {
		t.Errorf("cross-site logout: %d", resp.StatusCode)
	}
}

func TestFormErrorsKeepInput(t *testing.T) {
	srv := testserver.Start(t)
	c := testserver.Client()
	resp := formPost(t, c, srv.URL, "/signup", "/signup", url.Values{"display_name": {"Kind Owl"}, "password": {"short"}, "email": {"not-an-email"}})
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	s := string(body)
	if resp.StatusCode != 422 {
		t.Errorf("status %d, want 422", resp.StatusCode)
	}
	for _, want := range []string{"<title>Error: ", "There is a problem", `href="#password"`, "Password must be 10 characters or more", `href="#email"`, `value="Kind Owl"`, `value="not-an-email"`} {
		if !strings.Contains(s, want) {
			t.Errorf("error page lacks %q", want)
		}
	}
	if strings.Contains(s, `value="short"`) {
		t.Error("the password is echoed back into the page")
	}
}

func TestPrivateHomeAddressHiddenFromVisitors(t *testing.T) {
	srv := testserver.Start(t, "--demo")
	for _, c := range []*http.Client{testserver.Client()} {
		resp, err := c.Get(srv.URL + "/groups/carers-coffee-morning")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if strings.Contains(string(body), "Rosemount") || !strings.Contains(string(body), "Leeds") {
			t.Errorf("visitor sees: %s", body)
		}
	}
	// A member of the group (Keiko, in the demo) sees the address.
	c := testserver.Client()
	call(t, c, "POST", srv.URL+"/api/v1/auth/login", map[string]string{"display_name": "Keiko", "password": "demo-keiko-member"})
	resp, _ := c.Get(srv.URL + "/groups/carers-coffee-morning")
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), "14 Rosemount Avenue") {
		t.Error("a member of the group does not see its address")
	}
	// A member of another group does not.
	c = testserver.Client()
	call(t, c, "POST", srv.URL+"/api/v1/auth/login", map[string]string{"display_name": "James", "password": "demo-james-member"})
	resp, _ = c.Get(srv.URL + "/groups/carers-coffee-morning")
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if strings.Contains(string(body), "Rosemount") {
		t.Error("a member of another group sees the address")
	}
}
