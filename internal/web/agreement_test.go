package web_test

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"holdspace/internal/testserver"
)

// In the demo, Maria organizes every group and James is a member, named
// "Jay" there, of the anxiety circle; Keiko is a member of another group.
const (
	jamesInGroup  = "Jay"
	agreementSlug = "tuesday-evening-anxiety-circle"
	agreementAPI  = "/api/v1/groups/" + agreementSlug
	agreementPage = "/groups/" + agreementSlug + "/agreement"
)

// agreementStrings reads a JSON list of strings.
func agreementStrings(v any) []string {
	var out []string
	list, _ := v.([]any)
	for _, x := range list {
		s, _ := x.(string)
		out = append(out, s)
	}
	return out
}

func agreementHas(list []string, want string) bool {
	for _, s := range list {
		if s == want {
			return true
		}
	}
	return false
}

func TestAgreementAPI(t *testing.T) {
	startBoth(t, func(t *testing.T, srv *testserver.Server) {
		u := srv.URL + agreementAPI
		james := login(t, srv, "James", "demo-james-member")
		maria := login(t, srv, "Maria", "demo-maria-facilitator")

		// A member reads version 1, made from the sharing circle template.
		r := call(t, james, "GET", u+"/agreement", nil)
		if r.Status != 200 || r.Body["version"] != 1.0 || r.Body["accepted"] != false || r.Body["accepted_version"] != 0.0 ||
			r.Body["template"] != "sharing_circle" || r.Body["vote_rule"] != "majority_confirmed" {
			t.Fatalf("first read: %d %s", r.Status, r.Raw)
		}
		for _, field := range []string{"ground_rules", "confidentiality", "limits", "retention"} {
			if s, _ := r.Body[field].(string); s == "" {
				t.Errorf("%s is empty", field)
			}
		}
		if !strings.Contains(r.Body["ground_rules"].(string), "cross-talk") || !strings.Contains(r.Body["limits"].(string), "hurting themselves") {
			t.Errorf("template words missing: %s", r.Raw)
		}
		if got := agreementStrings(r.Body["changes"]); len(got) != 0 {
			t.Errorf("version 1 lists changes: %q", got)
		}
		v1Rules := r.Body["ground_rules"].(string)

		// Agreeing needs a version; the current one is recorded.
		if r := call(t, james, "POST", u+"/agreement/accept", map[string]any{}); r.Status != 422 || errField(r, "field") != "version" {
			t.Errorf("accept without a version: %d %s", r.Status, r.Raw)
		}
		r = call(t, james, "POST", u+"/agreement/accept", map[string]any{"version": 1})
		if r.Status != 200 || r.Body["accepted"] != true || r.Body["accepted_version"] != 1.0 || r.Body["accepted_at"] == nil {
			t.Fatalf("accept v1: %d %s", r.Status, r.Raw)
		}

		// Members cannot change the agreement or see the records.
		if r := call(t, james, "PUT", u+"/agreement", map[string]any{"template": "twelve_step"}); r.Status != 404 {
			t.Errorf("member changes the agreement: %d %s", r.Status, r.Raw)
		}
		if r := call(t, james, "GET", u+"/agreement/consents", nil); r.Status != 404 {
			t.Errorf("member reads consent records: %d", r.Status)
		}

		// An organizer changes it: version 2, and James must agree again.
		r = call(t, maria, "PUT", u+"/agreement", map[string]any{
			"ground_rules": v1Rules + "\nArrive on time if you can.", "change_summary": "We kept starting late.", "version": 1,
		})
		if r.Status != 200 || r.Body["version"] != 2.0 || r.Body["change_summary"] != "We kept starting late." ||
			!agreementHas(agreementStrings(r.Body["changes"]), "Added: Arrive on time if you can.") {
			t.Fatalf("change: %d %s", r.Status, r.Raw)
		}
		r = call(t, james, "GET", u+"/agreement", nil)
		if r.Body["version"] != 2.0 || r.Body["accepted"] != false || r.Body["accepted_version"] != 1.0 ||
			!agreementHas(agreementStrings(r.Body["changes_since_accepted"]), "Added: Arrive on time if you can.") {
			t.Errorf("after the change: %s", r.Raw)
		}
		// Agreeing to the version read before the change is refused.
		r = call(t, james, "POST", u+"/agreement/accept", map[string]any{"version": 1})
		if msg := errField(r, "message"); r.Status != 409 || errField(r, "code") != "conflict" || !strings.Contains(msg, "changed") || !strings.Contains(msg, "Read it again") {
			t.Errorf("stale accept: %d %s", r.Status, r.Raw)
		}
		if r := call(t, james, "GET", u+"/agreement", nil); r.Body["accepted"] != false {
			t.Error("a stale accept was recorded")
		}
		time.Sleep(1100 * time.Millisecond) // so the two records have different times
		if r := call(t, james, "POST", u+"/agreement/accept", map[string]any{"version": 2}); r.Status != 200 || r.Body["accepted"] != true {
			t.Fatalf("accept v2: %d %s", r.Status, r.Raw)
		}
		// A base version that is no longer current is a conflict, not a
		// lost change.
		if r := call(t, maria, "PUT", u+"/agreement", map[string]any{"ground_rules": "Be kind.", "change_summary": "Shorter", "version": 1}); r.Status != 409 {
			t.Errorf("change from a stale version: %d %s", r.Status, r.Raw)
		}

		// The consent records show both versions for James, by his name in
		// the group, with times.
		r = call(t, maria, "GET", u+"/agreement/consents", nil)
		if r.Status != 200 || r.Body["version"] != 2.0 {
			t.Fatalf("consents: %d %s", r.Status, r.Raw)
		}
		consents, _ := r.Body["consents"].([]any)
		var seen []string
		for _, x := range consents {
			k := x.(map[string]any)
			if _, err := time.Parse(time.RFC3339, k["accepted_at"].(string)); err != nil || k["member_id"] == nil {
				t.Errorf("record %v", k)
			}
			seen = append(seen, fmt.Sprintf("%v v%v", k["display_name"], k["version"]))
		}
		if want := jamesInGroup + " v1, " + jamesInGroup + " v2"; strings.Join(seen, ", ") != want {
			t.Errorf("consent records = %q, want %s", seen, want)
		}
		waiting, _ := r.Body["not_yet_agreed"].([]any)
		if len(waiting) != 1 || waiting[0].(map[string]any)["display_name"] != "Maria" {
			t.Errorf("not yet agreed = %v, want only Maria", waiting)
		}
		resp, err := maria.Get(u + "/agreement/consents?format=csv")
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") ||
			!strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") {
			t.Errorf("CSV: %d %v", resp.StatusCode, resp.Header)
		}
		lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
		row := regexp.MustCompile(`^\d+,` + jamesInGroup + `,(\d),(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)$`)
		if len(lines) != 3 || lines[0] != "member_id,display_name,version,accepted_at" {
			t.Fatalf("CSV:\n%s", raw)
		}
		m1, m2 := row.FindStringSubmatch(lines[1]), row.FindStringSubmatch(lines[2])
		if m1 == nil || m2 == nil || m1[1] != "1" || m2[1] != "2" || m1[2] >= m2[2] {
			t.Errorf("CSV rows:\n%s", raw)
		}
		if strings.Contains(string(raw), "James") {
			t.Error("the CSV shows an account name")
		}

		// Starting again from a template is a new version with a summary.
		r = call(t, maria, "PUT", u+"/agreement", map[string]any{"template": "twelve_step"})
		if r.Status != 200 || r.Body["version"] != 3.0 || r.Body["template"] != "twelve_step" ||
			r.Body["change_summary"] != "Started again from the 12-step template" || !strings.Contains(r.Body["confidentiality"].(string), "let it stay here") {
			t.Errorf("from a template: %d %s", r.Status, r.Raw)
		}
		// Only the vote rule: no new version.
		r = call(t, maria, "PUT", u+"/agreement", map[string]any{"vote_rule": "two_thirds"})
		if r.Status != 200 || r.Body["version"] != 3.0 || r.Body["vote_rule"] != "two_thirds" {
			t.Errorf("vote rule: %d %s", r.Status, r.Raw)
		}
		for _, tc := range []struct {
			body  any
			field string
		}{
			{map[string]any{}, "ground_rules"},
			{map[string]any{"ground_rules": " ", "change_summary": "x"}, "ground_rules"},
			{map[string]any{"limits": "Never mind.", "change_summary": ""}, "change_summary"},
			{map[string]any{"template": "therapy"}, "template"},
			{map[string]any{"vote_rule": "unanimous"}, "vote_rule"},
			{map[string]any{"ground_rules": strings.Repeat("x", 6001), "change_summary": "x"}, "ground_rules"},
			{map[string]any{"retention": 90}, "retention"},
		} {
			if r := call(t, maria, "PUT", u+"/agreement", tc.body); r.Status != 422 || errField(r, "field") != tc.field {
				t.Errorf("PUT %v: %d %s, want 422 naming %s", tc.body, r.Status, r.Raw, tc.field)
			}
		}
		if r := call(t, maria, "GET", u+"/agreement/consents?format=pdf", nil); r.Status != 422 {
			t.Errorf("unknown format: %d", r.Status)
		}
	}, "--demo")
}

func TestAgreementOutsidersLearnNothing(t *testing.T) {
	startBoth(t, func(t *testing.T, srv *testserver.Server) {
		u := srv.URL + agreementAPI
		maria := login(t, srv, "Maria", "demo-maria-facilitator")
		if r := call(t, maria, "GET", u+"/agreement", nil); r.Status != 200 {
			t.Fatalf("organizer reads: %d", r.Status)
		}
		p := call(t, login(t, srv, "James", "demo-james-member"), "POST", u+"/proposals", map[string]any{"ground_rules": "Be kind.", "reason": "Simpler."})
		if p.Status != 201 {
			t.Fatalf("propose: %d %s", p.Status, p.Raw)
		}
		id := fmt.Sprint(p.Body["id"])
		endpoints := []struct {
			method, path string
			body         any
		}{
			{"GET", "/agreement", nil},
			{"PUT", "/agreement", map[string]any{"template": "twelve_step"}},
			{"POST", "/agreement/accept", map[string]any{"version": 1}},
			{"GET", "/agreement/consents", nil},
			{"GET", "/agreement/consents?format=csv", nil},
			{"GET", "/proposals", nil},
			{"POST", "/proposals", map[string]any{"ground_rules": "Mine.", "reason": "Because."}},
			{"POST", "/proposals/" + id + "/vote", map[string]any{"vote": "yes"}},
			{"POST", "/proposals/" + id + "/close", nil},
		}
		pages := []string{"", "/edit", "/consents", "/propose"}
		outsiders := map[string]*http.Client{
			"a signed-in non-member":    signup(t, srv, "Passer By"),
			"a member of another group": login(t, srv, "Keiko", "demo-keiko-member"),
		}
		for who, c := range outsiders {
			for _, e := range endpoints {
				r := call(t, c, e.method, u+e.path, e.body)
				// The answer is the same as for a group that does not exist.
				none := call(t, c, e.method, srv.URL+"/api/v1/groups/no-such-group"+e.path, e.body)
				if r.Status != 404 || errField(r, "code") != "not_found" || r.Raw != none.Raw {
					t.Errorf("%s %s as %s: %d %s (no such group: %s)", e.method, e.path, who, r.Status, r.Raw, none.Raw)
				}
			}
			for _, pg := range pages {
				resp, err := c.Get(srv.URL + agreementPage + pg)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != 404 {
					t.Errorf("page %s as %s: %d", pg, who, resp.StatusCode)
				}
			}
			for _, action := range []string{agreementPage + "/accept", agreementPage + "/propose", "/groups/" + agreementSlug + "/proposals/" + id + "/vote"} {
				resp := formPost(t, c, srv.URL, "/", action, url.Values{"version": {"1"}, "vote": {"yes"}, "ground_rules": {"x"}, "reason": {"y"}})
				resp.Body.Close()
				if resp.StatusCode != 404 {
					t.Errorf("POST %s as %s: %d", action, who, resp.StatusCode)
				}
			}
		}
		// A visitor is asked to sign in, for any group, real or not, so
		// nothing is confirmed either.
		visitor := testserver.Client()
		visitor.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		for _, e := range endpoints {
			r := call(t, visitor, e.method, u+e.path, e.body)
			none := call(t, visitor, e.method, srv.URL+"/api/v1/groups/no-such-group"+e.path, e.body)
			if r.Status != 401 || r.Raw != none.Raw {
				t.Errorf("%s %s as a visitor: %d %s", e.method, e.path, r.Status, r.Raw)
			}
		}
		for _, pg := range pages {
			resp, err := visitor.Get(srv.URL + agreementPage + pg)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != 303 || !strings.HasPrefix(resp.Header.Get("Location"), "/login?next=") {
				t.Errorf("page %s as a visitor: %d %s", pg, resp.StatusCode, resp.Header.Get("Location"))
			}
		}
		// Nothing an outsider sent was kept.
		r := call(t, maria, "GET", u+"/agreement", nil)
		if r.Body["version"] != 1.0 {
			t.Errorf("version after outsiders: %v", r.Body["version"])
		}
		if r := call(t, maria, "GET", u+"/agreement/consents", nil); len(r.Body["consents"].([]any)) != 0 {
			t.Errorf("an outsider's consent was recorded: %s", r.Raw)
		}
		if r := call(t, maria, "GET", u+"/proposals", nil); len(r.Body["proposals"].([]any)) != 1 {
			t.Errorf("proposals after outsiders: %s", r.Raw)
		}
	}, "--demo", "--signup-limit", "100")
}

func TestAgreementProposalPassesByMajorityConfirmed(t *testing.T) {
	startBoth(t, func(t *testing.T, srv *testserver.Server) {
		u := srv.URL + agreementAPI
		james := login(t, srv, "James", "demo-james-member")
		maria := login(t, srv, "Maria", "demo-maria-facilitator")
		v1 := call(t, james, "GET", u+"/agreement", nil)
		if r := call(t, james, "POST", u+"/agreement/accept", map[string]any{"version": 1}); r.Status != 200 {
			t.Fatalf("accept: %d %s", r.Status, r.Raw)
		}
		rules := v1.Body["ground_rules"].(string)

		// A proposal must change something and say why.
		for _, tc := range []struct {
			body  map[string]any
			field string
		}{
			{map[string]any{"ground_rules": rules, "reason": "No change"}, "ground_rules"},
			{map[string]any{"ground_rules": rules + "\nBe brief.", "reason": ""}, "reason"},
			{map[string]any{"ground_rules": "", "reason": "Why not"}, "ground_rules"},
		} {
			if r := call(t, james, "POST", u+"/proposals", tc.body); r.Status != 422 || errField(r, "field") != tc.field {
				t.Errorf("propose %v: %d %s", tc.body, r.Status, r.Raw)
			}
		}
		r := call(t, james, "POST", u+"/proposals", map[string]any{"ground_rules": rules + "\nWe start and end on time.", "reason": "So people can plan their evening."})
		if r.Status != 201 || r.Body["status"] != "open" || r.Body["proposed_by"] != jamesInGroup || r.Body["can_vote"] != true ||
			!agreementHas(agreementStrings(r.Body["changes"]), "Added: We start and end on time.") {
			t.Fatalf("propose: %d %s", r.Status, r.Raw)
		}
		id := fmt.Sprint(r.Body["id"])
		if list := call(t, maria, "GET", u+"/proposals", nil); len(list.Body["proposals"].([]any)) != 1 {
			t.Errorf("proposals: %s", list.Raw)
		}

		// Vote once; a second vote changes the first.
		if r := call(t, james, "POST", u+"/proposals/"+id+"/vote", map[string]any{"vote": "maybe"}); r.Status != 422 || errField(r, "field") != "vote" {
			t.Errorf("unknown vote: %d %s", r.Status, r.Raw)
		}
		call(t, james, "POST", u+"/proposals/"+id+"/vote", map[string]any{"vote": "no"})
		r = call(t, james, "POST", u+"/proposals/"+id+"/vote", map[string]any{"vote": "yes"})
		votes, _ := r.Body["votes"].(map[string]any)
		if r.Status != 200 || r.Body["my_vote"] != "yes" || votes["yes"] != 1.0 || votes["no"] != 0.0 {
			t.Errorf("vote: %d %s", r.Status, r.Raw)
		}
		// Only facilitators close a vote.
		if r := call(t, james, "POST", u+"/proposals/"+id+"/close", nil); r.Status != 404 {
			t.Errorf("member closes: %d", r.Status)
		}
		if r := call(t, maria, "POST", u+"/proposals/999999/close", nil); r.Status != 404 {
			t.Errorf("close no proposal: %d", r.Status)
		}
		// Maria closes it: more than half said yes, and closing confirms.
		r = call(t, maria, "POST", u+"/proposals/"+id+"/close", nil)
		if r.Status != 200 || r.Body["passed"] != true || r.Body["status"] != "passed" || r.Body["version"] != 2.0 ||
			!strings.HasPrefix(r.Body["outcome"].(string), "Passed") || r.Body["decided_at"] == nil {
			t.Fatalf("close: %d %s", r.Status, r.Raw)
		}
		// Version 2, with what changed, and James must agree again.
		r = call(t, james, "GET", u+"/agreement", nil)
		if r.Body["version"] != 2.0 || r.Body["accepted"] != false ||
			!agreementHas(agreementStrings(r.Body["changes"]), "Added: We start and end on time.") ||
			!strings.Contains(r.Body["change_summary"].(string), "So people can plan their evening.") {
			t.Errorf("after passing: %s", r.Raw)
		}
		// The vote is over.
		if r := call(t, james, "POST", u+"/proposals/"+id+"/vote", map[string]any{"vote": "no"}); r.Status != 409 {
			t.Errorf("vote after close: %d %s", r.Status, r.Raw)
		}
		if r := call(t, maria, "POST", u+"/proposals/"+id+"/close", nil); r.Status != 409 {
			t.Errorf("close twice: %d", r.Status)
		}

		// A proposal the group votes down changes nothing.
		r = call(t, james, "POST", u+"/proposals", map[string]any{"ground_rules": "Be kind.", "reason": "Simpler."})
		id = fmt.Sprint(r.Body["id"])
		call(t, maria, "POST", u+"/proposals/"+id+"/vote", map[string]any{"vote": "no"})
		r = call(t, maria, "POST", u+"/proposals/"+id+"/close", nil)
		if r.Status != 200 || r.Body["passed"] != false || r.Body["status"] != "rejected" || r.Body["version"] != 2.0 {
			t.Errorf("close a rejected proposal: %d %s", r.Status, r.Raw)
		}
		if r := call(t, james, "GET", u+"/agreement", nil); r.Body["version"] != 2.0 {
			t.Errorf("a rejected proposal changed the agreement: %s", r.Raw)
		}
	}, "--demo")
}

// agreementPageClient logs in and stops at redirects, so tests see them.
func agreementPageClient(t *testing.T, srv *testserver.Server, name, password string) *http.Client {
	c := login(t, srv, name, password)
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return c
}

// agreementGet fetches a page and returns its status and body.
func agreementGet(t *testing.T, c *http.Client, u string) (int, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func agreementPost(t *testing.T, c *http.Client, srv *testserver.Server, from, action string, v url.Values) (int, string, string) {
	t.Helper()
	resp := formPost(t, c, srv.URL, from, action, v)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(b)
}

func wantAll(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

func TestAgreementPages(t *testing.T) {
	startBoth(t, func(t *testing.T, srv *testserver.Server) {
		james := agreementPageClient(t, srv, "James", "demo-james-member")
		maria := agreementPageClient(t, srv, "Maria", "demo-maria-facilitator")
		page := srv.URL + agreementPage

		// A newcomer sees what to expect, the agreement and one button.
		code, body := agreementGet(t, james, page)
		if code != 200 {
			t.Fatalf("agreement page: %d", code)
		}
		wantAll(t, "newcomer's page", body, "<title>Our group agreement – Tuesday Evening Anxiety Circle – Holdspace</title>",
			"What to expect at your first group session", "You can just listen", "Nobody will make you share", "stays in the room",
			"Our ground rules", "No cross-talk", "When a facilitator must get help", "What the group keeps",
			`name="version" value="1"`, "I agree to these ground rules", "Propose a change to the ground rules")
		if strings.Contains(body, "Change the agreement") || strings.Contains(body, "Consent records") {
			t.Error("a member sees the organizers' links")
		}
		if n := strings.Count(body, `class="app-button"`); n != 1 {
			t.Errorf("%d primary buttons, want 1", n)
		}
		code, loc, _ := agreementPost(t, james, srv, agreementPage, agreementPage+"/accept", url.Values{"version": {"1"}})
		if code != 303 || loc != "/groups/"+agreementSlug+"/agreement?agreed=1" {
			t.Fatalf("agree: %d %s", code, loc)
		}
		_, body = agreementGet(t, james, page+"?agreed=1")
		wantAll(t, "page after agreeing", body, "You have agreed to the ground rules", "You agreed to it on")
		if strings.Contains(body, "I agree to these ground rules") || strings.Contains(body, "What to expect at your first") {
			t.Error("after agreeing, the button or the newcomer's welcome is still there")
		}

		// Maria sees the organizers' links and changes the agreement with
		// the form.
		_, body = agreementGet(t, maria, page)
		wantAll(t, "organizer's page", body, "Change the agreement", "Consent records", `href="/groups/`+agreementSlug+`/agreement/edit"`)
		code, body = agreementGet(t, maria, page+"/edit")
		wantAll(t, "edit page", body, "Change the group agreement", "Start again from a template", "12-step", "Save the new version",
			`name="version" value="1"`, "More than half of those who vote, then a facilitator confirms")
		if code != 200 {
			t.Errorf("edit page: %d", code)
		}
		_, body = agreementGet(t, maria, page+"/edit?template=twelve_step")
		wantAll(t, "edit page from a template", body, "now hold the 12-step template", "let it stay here", `name="template" value="twelve_step"`)
		edit := func(groundRules, summary string) url.Values {
			_, cur := agreementGet(t, maria, page+"/edit")
			field := func(name string) string {
				m := regexp.MustCompile(`(?s)name="` + name + `" rows="\d+"[^>]*>(.*?)</textarea>`).FindStringSubmatch(cur)
				if m == nil {
					t.Fatalf("edit page has no %s box", name)
				}
				return htmlUnescape(strings.TrimPrefix(m[1], "\n"))
			}
			return url.Values{"version": {"1"}, "ground_rules": {groundRules}, "confidentiality": {field("confidentiality")},
				"limits": {field("limits")}, "retention": {field("retention")}, "change_summary": {summary}, "vote_rule": {"majority_confirmed"}}
		}
		// Mistakes come back with an error summary and what was typed.
		code, _, body = agreementPost(t, maria, srv, agreementPage+"/edit", agreementPage+"/edit", edit("", "Tidy up"))
		if code != 422 {
			t.Errorf("empty rules: %d", code)
		}
		wantAll(t, "edit errors", body, "<title>Error: ", "There is a problem", `href="#ground-rules"`, "Enter the ground rules", "Tidy up")
		v1Rules, _ := call(t, james, "GET", srv.URL+agreementAPI+"/agreement", nil).Body["ground_rules"].(string)
		newRules := strings.ReplaceAll(v1Rules, "Put your phone on silent.", "Put your phone away.")
		code, loc, _ = agreementPost(t, maria, srv, agreementPage+"/edit", agreementPage+"/edit", edit(newRules, "Silent phones still buzz."))
		if code != 303 || loc != "/groups/"+agreementSlug+"/agreement?saved=1" {
			t.Fatalf("save: %d %s", code, loc)
		}

		// James is asked again and sees what changed since he agreed.
		_, body = agreementGet(t, james, page)
		wantAll(t, "page after a change", body, "What changed since you last agreed", "Changed: &#34;Put your phone on silent.",
			"Why it changed in version 2: Silent phones still buzz.", `name="version" value="2"`, "I agree to these ground rules")
		// Agreeing from a page opened before the change shows the new text.
		code, _, body = agreementPost(t, james, srv, agreementPage, agreementPage+"/accept", url.Values{"version": {"1"}})
		if code != 409 {
			t.Errorf("stale agree: %d", code)
		}
		wantAll(t, "stale agree page", body, "changed while you were reading it", "What changed since you opened this page",
			"Put your phone away", `name="version" value="2"`)

		// Consent records: a table and a download, for organizers only.
		code, body = agreementGet(t, maria, page+"/consents")
		wantAll(t, "consent records page", body, "Consent records", "Download the consent records (CSV)", "<td>"+jamesInGroup+"</td><td>1</td>",
			"Not agreed to version 2 yet", "<li>"+jamesInGroup+"</li>")
		if code != 200 {
			t.Errorf("consents page: %d", code)
		}
		if code, _ := agreementGet(t, james, page+"/consents"); code != 404 {
			t.Errorf("member reads the consents page: %d", code)
		}
		if code, _ := agreementGet(t, james, page+"/edit"); code != 404 {
			t.Errorf("member opens the edit page: %d", code)
		}

		// James proposes a change; the group sees it by his group name.
		code, _, body = agreementPost(t, james, srv, agreementPage+"/propose", agreementPage+"/propose", url.Values{"ground_rules": {"Be kind."}, "reason": {""}})
		if code != 422 {
			t.Errorf("proposal without a reason: %d", code)
		}
		wantAll(t, "proposal errors", body, "There is a problem", `href="#reason"`, "Enter why you would like this change", "Be kind.")
		code, loc, _ = agreementPost(t, james, srv, agreementPage+"/propose", agreementPage+"/propose",
			url.Values{"ground_rules": {newRules + "\nWe start and end on time."}, "reason": {"So people can plan."}})
		if code != 303 || !strings.HasSuffix(loc, "?proposed=1") {
			t.Fatalf("propose: %d %s", code, loc)
		}
		_, body = agreementGet(t, james, page)
		wantAll(t, "page with a proposal", body, "Proposed by "+jamesInGroup+" on", "Why: So people can plan.", "Added: We start and end on time.", "Vote yes", "Abstain")
		id := regexp.MustCompile(`/proposals/(\d+)/vote`).FindStringSubmatch(body)
		if id == nil {
			t.Fatal("no vote form")
		}
		if strings.Contains(body, "Count the votes and close") {
			t.Error("a member sees the close button")
		}
		code, loc, _ = agreementPost(t, james, srv, agreementPage, "/groups/"+agreementSlug+"/proposals/"+id[1]+"/vote", url.Values{"vote": {"yes"}})
		if code != 303 || !strings.Contains(loc, "voted=1") {
			t.Errorf("vote: %d %s", code, loc)
		}
		_, body = agreementGet(t, maria, page)
		wantAll(t, "facilitator's page", body, "Votes so far: 1 yes, 0 no, 0 abstained", "Count the votes and close")
		code, loc, _ = agreementPost(t, maria, srv, agreementPage, "/groups/"+agreementSlug+"/proposals/"+id[1]+"/close", url.Values{})
		if code != 303 || !strings.HasSuffix(loc, "?closed=passed") {
			t.Fatalf("close: %d %s", code, loc)
		}
		_, body = agreementGet(t, james, page+"?closed=passed")
		wantAll(t, "page after the vote", body, "The proposal passed", "Passed: the change "+jamesInGroup+" proposed", "We start and end on time.", `name="version" value="3"`)
		code, _, body = agreementPost(t, james, srv, agreementPage, "/groups/"+agreementSlug+"/proposals/"+id[1]+"/vote", url.Values{"vote": {"no"}})
		if code != 409 || !strings.Contains(body, "Voting on this proposal has ended") {
			t.Errorf("vote after close: %d", code)
		}
	}, "--demo")
}

// htmlUnescape undoes html/template's escaping of text in a textarea.
func htmlUnescape(s string) string {
	return strings.NewReplacer("&#34;", `"`, "&#39;", "'", "&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`).Replace(s)
}
