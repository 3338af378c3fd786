package web_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/coder/websocket"
	"github.com/google/go-cmp/cmp"

	"holdspace/internal/safetyplan"
	"holdspace/internal/sqlstore"
	"holdspace/internal/sqlstore/sqlstoretest"
	"holdspace/internal/testserver"
)

// The demo's open group where James is a member, as "Jay".
const anxietyCircle = "tuesday-evening-anxiety-circle"

// safetyArgs start the demo with room for the many sign-ups and log-ins
// these tests make from one address.
var safetyArgs = []string{"--demo", "--signup-limit", "100", "--login-limit", "100"}

// startBothWithDB is startBoth that also gives the database's DSN, for
// checks through the store that no endpoint offers.
func startBothWithDB(t *testing.T, fn func(t *testing.T, srv *testserver.Server, dsn string), args ...string) {
	t.Run("sqlite", func(t *testing.T) {
		srv := testserver.Start(t, args...)
		fn(t, srv, filepath.Join(srv.DataDir, "holdspace.db"))
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := sqlstoretest.PostgresDSN(t)
		fn(t, testserver.Start(t, append([]string{"--db", dsn}, args...)...), dsn)
	})
}

// memberID is the id of the member signed in on c.
func memberID(t *testing.T, srv *testserver.Server, c *http.Client) int64 {
	t.Helper()
	r := call(t, c, "GET", srv.URL+"/api/v1/me", nil)
	id, ok := r.Body["id"].(float64)
	if !ok {
		t.Fatalf("me: %d %s", r.Status, r.Raw)
	}
	return int64(id)
}

// joinAs signs up a new account and joins an open group under a group name.
func joinAs(t *testing.T, srv *testserver.Server, account, slug, name string) (*http.Client, int64) {
	t.Helper()
	c := signup(t, srv, account)
	if r := call(t, c, "POST", srv.URL+"/api/v1/groups/"+slug+"/join", map[string]string{"display_name": name}); r.Body["status"] != "member" {
		t.Fatalf("%s joins %s: %d %s", account, slug, r.Status, r.Raw)
	}
	return c, memberID(t, srv, c)
}

// status GETs a page without following redirects and returns its status.
func status(t *testing.T, c *http.Client, u string) int {
	t.Helper()
	c2 := *c
	c2.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := c2.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// reportList is the queue as a facilitator reads it.
func reportList(t *testing.T, c *http.Client, u string) []map[string]any {
	t.Helper()
	r := call(t, c, "GET", u, nil)
	if r.Status != 200 {
		t.Fatalf("GET %s: %d %s", u, r.Status, r.Raw)
	}
	var out []map[string]any
	for _, x := range r.Body["reports"].([]any) {
		out = append(out, x.(map[string]any))
	}
	return out
}

func TestReportsAndModeration(t *testing.T) {
	startBoth(t, func(t *testing.T, srv *testserver.Server) {
		api := srv.URL + "/api/v1"
		g := api + "/groups/" + anxietyCircle
		maria := login(t, srv, "Maria", "demo-maria-facilitator")
		mariaID := memberID(t, srv, maria)
		james := login(t, srv, "James", "demo-james-member")
		jamesID := memberID(t, srv, james)
		rowan, rowanID := joinAs(t, srv, "Rowan Account", anxietyCircle, "Rowan")
		sky, skyID := joinAs(t, srv, "Sky Account", anxietyCircle, "Sky")
		fen, fenID := joinAs(t, srv, "Fen Account", anxietyCircle, "Fen")
		if r := call(t, maria, "PATCH", fmt.Sprintf("%s/members/%d", g, fenID), map[string]any{"role": "facilitator"}); r.Status != 200 {
			t.Fatalf("make Fen a facilitator: %d %s", r.Status, r.Raw)
		}
		outsider := signup(t, srv, "Never Joined")
		reporters := map[int64]bool{jamesID: true, skyID: true}

		report := func(c *http.Client, body map[string]any) apiResult {
			t.Helper()
			return call(t, c, "POST", api+"/reports", body)
		}
		aboutRowan := map[string]any{"target_type": "member", "target_id": fmt.Sprint(rowanID), "reason": "harassment", "note": "Sent me unkind messages after the group session"}

		// Jay reports Rowan with no group: it goes to the one group they share.
		if r := report(james, aboutRowan); r.Status != 201 || r.Body["status"] != "received" {
			t.Fatalf("report: %d %s", r.Status, r.Raw)
		}
		// Again while it is open: the same answer, and still one report.
		if r := report(james, aboutRowan); r.Status != 201 {
			t.Errorf("second report: %d %s", r.Status, r.Raw)
		}
		// Sky reports Rowan in the group, by its slug.
		if r := report(sky, map[string]any{"group": anxietyCircle, "target_type": "member", "target_id": fmt.Sprint(rowanID), "reason": "breaking_confidentiality"}); r.Status != 201 {
			t.Fatalf("report with group: %d %s", r.Status, r.Raw)
		}
		// Refusals.
		for _, tc := range []struct {
			name  string
			c     *http.Client
			body  map[string]any
			want  int
			field string
		}{
			{"visitor", testserver.Client(), aboutRowan, 401, ""},
			{"no shared group", outsider, aboutRowan, 404, ""},
			{"a group the reporter is not in", outsider, map[string]any{"group": anxietyCircle, "target_type": "member", "target_id": fmt.Sprint(rowanID), "reason": "spam"}, 404, ""},
			{"no such group", james, map[string]any{"group": "no-such-group", "target_type": "member", "target_id": fmt.Sprint(rowanID), "reason": "spam"}, 404, ""},
			{"a member of another group", james, map[string]any{"group": anxietyCircle, "target_type": "member", "target_id": fmt.Sprint(memberID(t, srv, outsider)), "reason": "spam"}, 404, ""},
			{"yourself", james, map[string]any{"target_type": "member", "target_id": fmt.Sprint(jamesID), "reason": "spam"}, 422, "target_id"},
			{"unknown reason", james, map[string]any{"target_type": "member", "target_id": fmt.Sprint(rowanID), "reason": "annoying"}, 422, "reason"},
			{"unknown target type", james, map[string]any{"target_type": "vibe", "target_id": "1", "reason": "spam"}, 422, "target_type"},
			{"message without a group", james, map[string]any{"target_type": "message", "target_id": "s1:4", "reason": "spam"}, 422, "group"},
			{"long note", james, map[string]any{"target_type": "member", "target_id": fmt.Sprint(rowanID), "reason": "spam", "note": strings.Repeat("x", 1001)}, 422, "note"},
			{"reporter field", james, map[string]any{"target_type": "member", "target_id": fmt.Sprint(rowanID), "reason": "spam", "reporter_id": 1}, 422, "reporter_id"},
		} {
			if r := report(tc.c, tc.body); r.Status != tc.want || errField(r, "field") != tc.field {
				t.Errorf("%s: %d %s; want %d naming %q", tc.name, r.Status, r.Raw, tc.want, tc.field)
			}
		}

		// The facilitator's queue: both reports, about Rowan by the group
		// name, and nothing about who sent them.
		queue := reportList(t, maria, g+"/reports")
		if len(queue) != 2 {
			t.Fatalf("queue has %d reports, want 2: %v", len(queue), queue)
		}
		wantKeys := []string{"created_at", "id", "member_id", "member_name", "note", "reason", "reason_label", "status", "target_id", "target_type"}
		for i, rep := range queue {
			var keys []string
			for k := range rep {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			if i == 1 {
				wantKeys = []string{"created_at", "id", "member_id", "member_name", "reason", "reason_label", "status", "target_id", "target_type"}
			}
			if diff := cmp.Diff(wantKeys, keys); diff != "" {
				t.Errorf("report %d fields mismatch (-want +got):\n%s", i, diff)
			}
			if rep["member_id"] != float64(rowanID) || rep["member_name"] != "Rowan" || rep["status"] != "open" {
				t.Errorf("report %d = %v", i, rep)
			}
		}
		if queue[0]["reason"] != "harassment" || queue[0]["note"] != "Sent me unkind messages after the group session" || queue[1]["reason"] != "breaking_confidentiality" {
			t.Errorf("queue = %v", queue)
		}
		page := get(t, maria, srv.URL+"/groups/"+anxietyCircle+"/moderation")
		for _, want := range []string{"About Rowan", "Harassment or bullying", "Sent me unkind messages", "Send Rowan a warning", "Remove Rowan from the group"} {
			if !strings.Contains(page, want) {
				t.Errorf("moderation page lacks %q", want)
			}
		}
		for _, leak := range []string{"Jay", "Sky", "James", "Rowan Account"} {
			if strings.Contains(page, leak) {
				t.Errorf("moderation page shows %q", leak)
			}
		}
		// Nobody but facilitators sees the queue, in the API or the page.
		for name, c := range map[string]*http.Client{"member": james, "reported member": rowan, "outsider": outsider} {
			if r := call(t, c, "GET", g+"/reports", nil); r.Status != 404 {
				t.Errorf("%s reads the queue: %d", name, r.Status)
			}
			if st := status(t, c, srv.URL+"/groups/"+anxietyCircle+"/moderation"); st != 404 {
				t.Errorf("%s opens the moderation page: %d", name, st)
			}
			if r := call(t, c, "POST", fmt.Sprintf("%s/reports/%v/action", g, queue[0]["id"]), map[string]any{"action": "dismiss"}); r.Status != 404 {
				t.Errorf("%s decides a report: %d", name, r.Status)
			}
		}
		if r := call(t, fen, "GET", g+"/reports", nil); r.Status != 200 {
			t.Errorf("a facilitator reads the queue: %d", r.Status)
		}

		act := func(c *http.Client, id any, body map[string]any) apiResult {
			t.Helper()
			return call(t, c, "POST", fmt.Sprintf("%s/reports/%v/action", g, id), body)
		}
		// Warn: both reports about Rowan are closed, and a kind mail waits.
		if r := act(maria, queue[0]["id"], map[string]any{"action": "warn"}); r.Status != 422 || errField(r, "field") != "reason" {
			t.Errorf("warn without a reason: %d %s", r.Status, r.Raw)
		}
		r := act(maria, queue[0]["id"], map[string]any{"action": "warn", "reason": "Please keep messages to members kind."})
		if r.Status != 200 || r.Body["status"] != "actioned" || r.Body["action"] != "warn" {
			t.Fatalf("warn: %d %s", r.Status, r.Raw)
		}
		if q := reportList(t, maria, g+"/reports"); len(q) != 0 {
			t.Errorf("after the warning, %d reports still open", len(q))
		}
		if q := reportList(t, maria, g+"/reports?status=actioned"); len(q) != 2 {
			t.Errorf("%d actioned reports, want 2", len(q))
		}
		if r := act(maria, queue[1]["id"], map[string]any{"action": "dismiss"}); r.Status != 409 {
			t.Errorf("deciding a closed report: %d %s", r.Status, r.Raw)
		}

		// Mute: a new report, as the first one is closed.
		report(james, aboutRowan)
		open := reportList(t, maria, g+"/reports")
		if len(open) != 1 {
			t.Fatalf("open after a new report: %v", open)
		}
		if r := act(maria, open[0]["id"], map[string]any{"action": "mute", "reason": "A pause", "minutes": 0}); r.Status != 422 || errField(r, "field") != "minutes" {
			t.Errorf("mute for 0 minutes: %d %s", r.Status, r.Raw)
		}
		if r := act(maria, open[0]["id"], map[string]any{"action": "mute", "reason": "A pause to cool off", "minutes": 30}); r.Status != 200 || r.Body["action"] != "mute" {
			t.Errorf("mute: %d %s", r.Status, r.Raw)
		}

		// Hide: a message, with its author.
		msg := map[string]any{"group": anxietyCircle, "target_type": "message", "target_id": "s7:12", "member_id": rowanID, "reason": "hate"}
		if r := report(sky, msg); r.Status != 201 {
			t.Fatalf("report a message: %d %s", r.Status, r.Raw)
		}
		open = reportList(t, maria, g+"/reports")
		if len(open) != 1 || open[0]["target_type"] != "message" || open[0]["member_name"] != "Rowan" {
			t.Fatalf("message report: %v", open)
		}
		if r := act(maria, open[0]["id"], map[string]any{"action": "hide", "reason": "Hateful words"}); r.Status != 200 || r.Body["action"] != "hide" {
			t.Errorf("hide: %d %s", r.Status, r.Raw)
		}

		// Dismiss: no reason needed.
		report(sky, map[string]any{"target_type": "member", "target_id": fmt.Sprint(jamesID), "reason": "other", "note": "Not sure"})
		open = reportList(t, maria, g+"/reports")
		if r := act(maria, open[0]["id"], map[string]any{"action": "dismiss"}); r.Status != 200 || r.Body["status"] != "dismissed" {
			t.Errorf("dismiss: %d %s", r.Status, r.Raw)
		}

		// A report about a facilitator goes to the others, not to them.
		report(james, map[string]any{"target_type": "member", "target_id": fmt.Sprint(fenID), "reason": "other"})
		if q := reportList(t, fen, g+"/reports"); len(q) != 0 {
			t.Errorf("Fen sees a report about Fen: %v", q)
		}
		open = reportList(t, maria, g+"/reports")
		if len(open) != 1 || open[0]["member_id"] != float64(fenID) {
			t.Fatalf("Maria's queue: %v", open)
		}
		if r := act(fen, open[0]["id"], map[string]any{"action": "dismiss"}); r.Status != 404 {
			t.Errorf("Fen decides a report about Fen: %d %s", r.Status, r.Raw)
		}
		act(maria, open[0]["id"], map[string]any{"action": "dismiss"})

		// Remove needs an organizer; hide needs content.
		report(james, aboutRowan)
		open = reportList(t, maria, g+"/reports")
		if r := act(fen, open[0]["id"], map[string]any{"action": "remove", "reason": "Kept on after a warning"}); r.Status != 403 {
			t.Errorf("a facilitator removes: %d %s", r.Status, r.Raw)
		}
		if r := act(fen, open[0]["id"], map[string]any{"action": "hide", "reason": "x"}); r.Status != 422 || errField(r, "field") != "action" {
			t.Errorf("hide a member: %d %s", r.Status, r.Raw)
		}
		if r := act(fen, open[0]["id"], map[string]any{"action": "ban", "reason": "x"}); r.Status != 422 || errField(r, "field") != "action" {
			t.Errorf("unknown action: %d %s", r.Status, r.Raw)
		}
		if r := act(maria, open[0]["id"], map[string]any{"action": "remove", "reason": "Kept on after a warning"}); r.Status != 200 || r.Body["action"] != "remove" {
			t.Fatalf("remove: %d %s", r.Status, r.Raw)
		}

		// The removed member cannot get back in: reloading, logging in
		// again, or asking again.
		for _, path := range []string{"/groups/" + anxietyCircle + "/members", "/groups/" + anxietyCircle + "/join"} {
			if st := status(t, rowan, srv.URL+path); st != 404 {
				t.Errorf("removed member reloads %s: %d", path, st)
			}
		}
		again := login(t, srv, "Rowan Account", "a long enough password")
		if r := call(t, again, "GET", g+"/members", nil); r.Status != 404 {
			t.Errorf("removed member after logging in again: %d", r.Status)
		}
		if st := status(t, again, srv.URL+"/groups/"+anxietyCircle+"/members"); st != 404 {
			t.Errorf("removed member's page after logging in again: %d", st)
		}
		if r := call(t, again, "POST", g+"/join", map[string]string{"display_name": "Someone New"}); r.Status != 404 {
			t.Errorf("removed member asks again: %d %s", r.Status, r.Raw)
		}
		if r := report(again, map[string]any{"target_type": "member", "target_id": fmt.Sprint(jamesID), "reason": "spam"}); r.Status != 404 {
			t.Errorf("removed member reports: %d", r.Status)
		}

		// Every action is in the audit log: who, what, when, why; never a
		// reporter.
		r = call(t, maria, "GET", g+"/audit", nil)
		if r.Status != 200 {
			t.Fatalf("audit: %d %s", r.Status, r.Raw)
		}
		type line struct{ action, reason string }
		var got []line
		for _, x := range r.Body["entries"].([]any) {
			e := x.(map[string]any)
			if e["action"] == "set_role" {
				continue
			}
			if e["actor_id"] != float64(mariaID) || e["at"] == "" {
				t.Errorf("audit entry %v: want Maria as actor, and a time", e)
			}
			if reporters[int64(e["actor_id"].(float64))] {
				t.Errorf("audit names a reporter: %v", e)
			}
			got = append(got, line{e["action"].(string), fmt.Sprint(e["reason"])})
		}
		want := []line{
			{"warn_member", "Please keep messages to members kind."},
			{"mute_member", "A pause to cool off"},
			{"hide_content", "Hateful words"},
			{"dismiss_report", "<nil>"},
			{"dismiss_report", "<nil>"},
			{"remove_member", "Kept on after a warning"},
		}
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(line{})); diff != "" {
			t.Errorf("audit mismatch (-want +got):\n%s", diff)
		}

		// The CSV export: the same lines, with the names used in the group.
		csvResp := call(t, maria, "GET", g+"/audit.csv", nil)
		if csvResp.Status != 200 || !strings.HasPrefix(csvResp.Header.Get("Content-Type"), "text/csv") ||
			!strings.Contains(csvResp.Header.Get("Content-Disposition"), anxietyCircle+"-audit-log.csv") {
			t.Fatalf("audit.csv: %d %v", csvResp.Status, csvResp.Header)
		}
		rows, err := csv.NewReader(strings.NewReader(csvResp.Raw)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"id", "at", "actor_id", "actor_name", "action", "target_id", "target_name", "reason", "details"}, rows[0]); diff != "" {
			t.Errorf("CSV header mismatch (-want +got):\n%s", diff)
		}
		var removal []string
		for _, row := range rows[1:] {
			if row[4] == "remove_member" {
				removal = row
			}
		}
		if removal == nil || removal[3] != "Maria" || removal[6] != "Rowan" || removal[7] != "Kept on after a warning" || removal[1] == "" {
			t.Errorf("CSV removal row = %q", removal)
		}
		for name, c := range map[string]*http.Client{"member": james, "facilitator": fen, "outsider": outsider} {
			if r := call(t, c, "GET", g+"/audit.csv", nil); r.Status != 404 {
				t.Errorf("%s downloads the audit log: %d", name, r.Status)
			}
		}
		auditPage := get(t, maria, srv.URL+"/groups/"+anxietyCircle+"/audit")
		for _, want := range []string{"Audit log", "Sent a warning", "Muted in group sessions", "Hid a message or post", "Kept on after a warning", "/api/v1/groups/" + anxietyCircle + "/audit.csv"} {
			if !strings.Contains(auditPage, want) {
				t.Errorf("audit page lacks %q", want)
			}
		}
		if st := status(t, fen, srv.URL+"/groups/"+anxietyCircle+"/audit"); st != 404 {
			t.Errorf("a facilitator opens the audit page: %d", st)
		}
	}, safetyArgs...)
}

func TestReportPageAndModerationForms(t *testing.T) {
	srv := testserver.Start(t, safetyArgs...)
	base := srv.URL + "/groups/" + anxietyCircle
	maria := login(t, srv, "Maria", "demo-maria-facilitator")
	james := login(t, srv, "James", "demo-james-member")
	jamesID := memberID(t, srv, james)
	_, quinnID := joinAs(t, srv, "Quinn Account", anxietyCircle, "Quinn")
	formPath := fmt.Sprintf("/groups/%s/report?member_id=%d", anxietyCircle, quinnID)

	form := get(t, james, srv.URL+formPath)
	for _, want := range []string{"Why are you reporting Quinn?", "They will not be told who sent it", `value="harassment"`, "Send report", "get help now"} {
		if !strings.Contains(form, want) {
			t.Errorf("report form lacks %q", want)
		}
	}
	if strings.Contains(form, "Quinn Account") {
		t.Error("report form shows the account name")
	}
	if b := get(t, james, fmt.Sprintf("%s/report?member_id=%d", base, jamesID)); !strings.Contains(b, "You cannot report yourself") {
		t.Error("reporting yourself does not explain")
	}
	for _, q := range []string{"", "?member_id=abc", "?member_id=999999"} {
		if st := status(t, james, base+"/report"+q); st != 404 {
			t.Errorf("report page %q: %d", q, st)
		}
	}
	// No reason: the form again, with the error and the note kept.
	resp := formPost(t, james, srv.URL, formPath, "/groups/"+anxietyCircle+"/report", url.Values{"member_id": {fmt.Sprint(quinnID)}, "note": {"Shouted at me"}})
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 422 || !strings.Contains(string(body), "Select why you are reporting Quinn") || !strings.Contains(string(body), "Shouted at me") {
		t.Errorf("report without a reason: %d", resp.StatusCode)
	}
	resp = formPost(t, james, srv.URL, formPath, "/groups/"+anxietyCircle+"/report", url.Values{"member_id": {fmt.Sprint(quinnID)}, "reason": {"harassment"}, "note": {"Shouted at me"}})
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Request.URL.Query().Get("sent") != "1" || !strings.Contains(string(body), "They will not be told who sent it") {
		t.Errorf("report sent: %d %s", resp.StatusCode, resp.Request.URL)
	}

	// The facilitator mutes Quinn from the moderation page's small form.
	queue := reportList(t, maria, srv.URL+"/api/v1/groups/"+anxietyCircle+"/reports")
	if len(queue) != 1 || queue[0]["note"] != "Shouted at me" {
		t.Fatalf("queue: %v", queue)
	}
	action := fmt.Sprintf("/groups/%s/moderation/%v", anxietyCircle, queue[0]["id"])
	resp = formPost(t, maria, srv.URL, "/groups/"+anxietyCircle+"/moderation", action, url.Values{"action": {"mute"}, "minutes": {"60"}})
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 422 || !strings.Contains(string(body), "Enter the reason for this decision") {
		t.Errorf("mute without a reason: %d", resp.StatusCode)
	}
	resp = formPost(t, maria, srv.URL, "/groups/"+anxietyCircle+"/moderation", action, url.Values{"action": {"mute"}, "minutes": {"60"}, "reason": {"Raised voice at a member"}})
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "The member has been muted in group sessions") || !strings.Contains(string(body), "There are no reports waiting") {
		t.Errorf("mute from the page: %d %s", resp.StatusCode, resp.Request.URL)
	}
	if b := get(t, maria, base+"/moderation"); !strings.Contains(b, "Muted") || !strings.Contains(b, "Quinn") {
		t.Error("the decided list lacks the mute")
	}
}

func TestBanRevokesEverything(t *testing.T) {
	startBoth(t, func(t *testing.T, srv *testserver.Server) {
		api := srv.URL + "/api/v1"
		admin := login(t, srv, "Admin", "demo-admin-site")
		adminID := memberID(t, srv, admin)
		maria := login(t, srv, "Maria", "demo-maria-facilitator")
		troll, trollID := joinAs(t, srv, "Troll Account", anxietyCircle, "Troll")
		if r := call(t, troll, "POST", api+"/groups/new-dawn-recovery/join", map[string]string{"display_name": "T2"}); r.Body["status"] != "member" {
			t.Fatalf("join: %s", r.Raw)
		}
		phone := login(t, srv, "Troll Account", "a long enough password")
		ban := func(c *http.Client, id int64, reason string) apiResult {
			t.Helper()
			return call(t, c, "POST", fmt.Sprintf("%s/admin/members/%d/ban", api, id), map[string]string{"reason": reason})
		}
		// Only site admins: everyone else gets 404.
		for name, c := range map[string]*http.Client{"visitor": testserver.Client(), "organizer": maria, "the member": troll} {
			if r := ban(c, trollID, "no"); r.Status != 404 {
				t.Errorf("%s bans: %d %s", name, r.Status, r.Raw)
			}
		}
		if r := ban(admin, trollID, " "); r.Status != 422 || errField(r, "field") != "reason" {
			t.Errorf("ban without a reason: %d %s", r.Status, r.Raw)
		}
		if r := ban(admin, adminID, "oops"); r.Status != 422 {
			t.Errorf("ban yourself: %d %s", r.Status, r.Raw)
		}
		if r := ban(admin, 999999, "nobody"); r.Status != 404 {
			t.Errorf("ban nobody: %d %s", r.Status, r.Raw)
		}
		if r := call(t, troll, "GET", api+"/me", nil); r.Status != 200 {
			t.Fatalf("before the ban: %d", r.Status)
		}
		if r := ban(admin, trollID, "Threatened members in two groups"); r.Status != 200 || r.Body["status"] != "banned" {
			t.Fatalf("ban: %d %s", r.Status, r.Raw)
		}
		// Every session ends at once.
		for name, c := range map[string]*http.Client{"laptop": troll, "phone": phone} {
			if r := call(t, c, "GET", api+"/me", nil); r.Status != 401 {
				t.Errorf("%s still signed in after the ban: %d", name, r.Status)
			}
			if st := status(t, c, srv.URL+"/groups/"+anxietyCircle+"/members"); st != 303 {
				t.Errorf("%s opens a members page after the ban: %d, want 303 to log in", name, st)
			}
		}
		// Logging in again fails exactly as a wrong password does.
		banned := call(t, testserver.Client(), "POST", api+"/auth/login", map[string]string{"display_name": "Troll Account", "password": "a long enough password"})
		wrong := call(t, testserver.Client(), "POST", api+"/auth/login", map[string]string{"display_name": "Maria", "password": "not the password"})
		if banned.Status != 401 || banned.Raw != wrong.Raw {
			t.Errorf("banned login: %d %s; wrong password: %d %s", banned.Status, banned.Raw, wrong.Status, wrong.Raw)
		}
		// The name stays taken.
		if r := call(t, testserver.Client(), "POST", api+"/auth/signup", map[string]string{"display_name": "troll account", "password": "another long password"}); r.Status != 409 {
			t.Errorf("sign up again under the banned name: %d %s", r.Status, r.Raw)
		}
		if r := ban(admin, trollID, "again"); r.Status != 409 {
			t.Errorf("second ban: %d %s", r.Status, r.Raw)
		}
		// The groups drop them, and their logs say so without the reason.
		for _, slug := range []string{anxietyCircle, "new-dawn-recovery"} {
			if r := call(t, maria, "GET", api+"/groups/"+slug+"/members", nil); strings.Contains(r.Raw, fmt.Sprintf(`"member_id":%d,`, trollID)) {
				t.Errorf("%s roster still lists the banned member", slug)
			}
			r := call(t, maria, "GET", api+"/groups/"+slug+"/audit", nil)
			if !strings.Contains(r.Raw, `"action":"ban_member"`) || strings.Contains(r.Raw, "Threatened") {
				t.Errorf("%s audit: %s", slug, r.Raw)
			}
		}
	}, safetyArgs...)
}

func TestBlocks(t *testing.T) {
	startBothWithDB(t, func(t *testing.T, srv *testserver.Server, dsn string) {
		api := srv.URL + "/api/v1"
		james := login(t, srv, "James", "demo-james-member")
		jamesID := memberID(t, srv, james)
		quinn, quinnID := joinAs(t, srv, "Quinn Account", anxietyCircle, "Quinn")
		outsider := signup(t, srv, "Never Joined")
		outsiderID := memberID(t, srv, outsider)

		for i := 0; i < 2; i++ { // blocking twice changes nothing
			if r := call(t, james, "POST", api+"/blocks", map[string]any{"member_id": quinnID}); r.Status != 200 || r.Body["status"] != "blocked" {
				t.Fatalf("block: %d %s", r.Status, r.Raw)
			}
		}
		for _, tc := range []struct {
			name string
			c    *http.Client
			body any
			want int
		}{
			{"visitor", testserver.Client(), map[string]any{"member_id": quinnID}, 401},
			{"yourself", james, map[string]any{"member_id": jamesID}, 422},
			{"no member", james, map[string]any{}, 422},
			{"someone in no shared group", james, map[string]any{"member_id": outsiderID}, 404},
			{"no such member", james, map[string]any{"member_id": 999999}, 404},
		} {
			if r := call(t, tc.c, "POST", api+"/blocks", tc.body); r.Status != tc.want {
				t.Errorf("%s: %d %s, want %d", tc.name, r.Status, r.Raw, tc.want)
			}
		}
		r := call(t, james, "GET", api+"/blocks", nil)
		list, _ := r.Body["blocks"].([]any)
		if r.Status != 200 || len(list) != 1 {
			t.Fatalf("blocks: %d %s", r.Status, r.Raw)
		}
		b := list[0].(map[string]any)
		names := b["names"].([]any)
		if b["member_id"] != float64(quinnID) || len(names) != 1 || names[0].(map[string]any)["display_name"] != "Quinn" || names[0].(map[string]any)["group"] != anxietyCircle {
			t.Errorf("block = %v", b)
		}
		if strings.Contains(r.Raw, "Quinn Account") {
			t.Error("blocks show the account name")
		}
		// The blocked member does not learn of it.
		if r := call(t, quinn, "GET", api+"/blocks", nil); r.Status != 200 || !strings.Contains(r.Raw, `"blocks":[]`) {
			t.Errorf("blocked member's list: %s", r.Raw)
		}

		// The live circle reads the pair from the store.
		store := sqlstoretest.Open(t, dsn, nil)
		pairs, err := store.BlockedPairs(context.Background(), []int64{quinnID, jamesID, outsiderID})
		if diff := cmp.Diff([][2]int64{{jamesID, quinnID}}, pairs); diff != "" || err != nil {
			t.Errorf("BlockedPairs mismatch (-want +got), %v:\n%s", err, diff)
		}

		if r := call(t, james, "DELETE", fmt.Sprintf("%s/blocks/%d", api, quinnID), nil); r.Status != 204 {
			t.Errorf("unblock: %d %s", r.Status, r.Raw)
		}
		if r := call(t, james, "DELETE", fmt.Sprintf("%s/blocks/%d", api, quinnID), nil); r.Status != 404 {
			t.Errorf("unblock again: %d %s", r.Status, r.Raw)
		}
		if pairs, _ := store.BlockedPairs(context.Background(), []int64{quinnID, jamesID}); len(pairs) != 0 {
			t.Errorf("after unblocking, pairs = %v", pairs)
		}
	}, safetyArgs...)
}

func TestSafetyPlan(t *testing.T) {
	startBoth(t, func(t *testing.T, srv *testserver.Server) {
		g := srv.URL + "/api/v1/groups/" + anxietyCircle
		pagePath := "/groups/" + anxietyCircle + "/safety-plan"
		maria := login(t, srv, "Maria", "demo-maria-facilitator")
		james := login(t, srv, "James", "demo-james-member")
		fen, fenID := joinAs(t, srv, "Fen Account", anxietyCircle, "Fen")
		call(t, maria, "PATCH", fmt.Sprintf("%s/members/%d", g, fenID), map[string]any{"role": "co_facilitator"})
		outsider := signup(t, srv, "Never Joined")

		// First read: the template.
		r := call(t, fen, "GET", g+"/safety-plan", nil)
		tmpl := safetyplan.Template()
		if r.Status != 200 || r.Body["from_template"] != true || r.Body["steps"] != tmpl.Steps || r.Body["emergency_contacts"] != tmpl.EmergencyContacts {
			t.Fatalf("first read: %d %s", r.Status, r.Raw)
		}
		if got := fmt.Sprint(r.Body["unfilled"]); got != "[emergency_contacts local_resources]" {
			t.Errorf("unfilled = %s", got)
		}
		// Members who do not facilitate, and outsiders, get 404.
		for name, c := range map[string]*http.Client{"member": james, "outsider": outsider} {
			if r := call(t, c, "GET", g+"/safety-plan", nil); r.Status != 404 {
				t.Errorf("%s reads the plan: %d", name, r.Status)
			}
			if st := status(t, c, srv.URL+pagePath); st != 404 {
				t.Errorf("%s opens the plan page: %d", name, st)
			}
		}
		// Only organizers edit it.
		edited := map[string]any{
			"emergency_contacts": "Emergency services: 112\nMaria, organizer: ring the venue desk",
			"local_resources":    "",
			"steps":              "Stay calm\n\n  Pause the round  \nCall for help",
		}
		if r := call(t, fen, "PUT", g+"/safety-plan", edited); r.Status != 404 {
			t.Errorf("a co-facilitator edits the plan: %d", r.Status)
		}
		if st := status(t, fen, srv.URL+pagePath+"/edit"); st != 404 {
			t.Errorf("a co-facilitator opens the edit page: %d", st)
		}
		if r := call(t, maria, "PUT", g+"/safety-plan", map[string]any{"emergency_contacts": "x", "steps": " "}); r.Status != 422 || errField(r, "field") != "steps" {
			t.Errorf("empty steps: %d %s", r.Status, r.Raw)
		}
		// Every wrong section is listed, in page order.
		r = call(t, maria, "PUT", g+"/safety-plan", map[string]any{"emergency_contacts": strings.Repeat("x", safetyplan.SectionMax+1), "steps": " "})
		if errs, _ := r.Body["errors"].([]any); r.Status != 422 || len(errs) != 2 || errField(r, "field") != "emergency_contacts" {
			t.Errorf("two wrong sections: %d %s", r.Status, r.Raw)
		}
		r = call(t, maria, "PUT", g+"/safety-plan", edited)
		if r.Status != 200 || r.Body["from_template"] != false || r.Body["steps"] != "Stay calm\nPause the round\nCall for help" || fmt.Sprint(r.Body["unfilled"]) != "[]" {
			t.Fatalf("edit: %d %s", r.Status, r.Raw)
		}
		if r := call(t, fen, "GET", g+"/safety-plan", nil); r.Body["emergency_contacts"] != edited["emergency_contacts"] {
			t.Errorf("after the edit: %s", r.Raw)
		}

		// The pages: facilitators read it; organizers change it by form.
		page := get(t, fen, srv.URL+pagePath)
		for _, want := range []string{"Safety plan", "Emergency services: 112", "<li>Pause the round</li>", "Get help now"} {
			if !strings.Contains(page, want) {
				t.Errorf("plan page lacks %q", want)
			}
		}
		if strings.Contains(page, "Change the safety plan") {
			t.Error("a co-facilitator is offered the edit link")
		}
		resp := formPost(t, maria, srv.URL, pagePath+"/edit", pagePath+"/edit", url.Values{"emergency_contacts": {"Call 112"}, "local_resources": {""}, "steps": {""}})
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 422 || !strings.Contains(string(body), "Enter the steps a facilitator takes when a group session becomes unsafe") || !strings.Contains(string(body), "Call 112") {
			t.Errorf("edit form without steps: %d", resp.StatusCode)
		}
		resp = formPost(t, maria, srv.URL, pagePath+"/edit", pagePath+"/edit", url.Values{"emergency_contacts": {"Call 112"}, "local_resources": {"Walk-in centre on High Street"}, "steps": {"Breathe\r\nPause"}})
		body, _ = io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), "The safety plan has been saved") || !strings.Contains(string(body), "Walk-in centre on High Street") {
			t.Errorf("edit form: %d %s", resp.StatusCode, resp.Request.URL)
		}
		r = call(t, maria, "GET", g+"/audit", nil)
		if strings.Count(r.Raw, `"action":"update_safety_plan"`) != 2 {
			t.Errorf("audit lacks the two plan changes: %s", r.Raw)
		}
	}, safetyArgs...)
}

// The store's report type has no reporter; this keeps it so.
func TestReportHasNoReporterField(t *testing.T) {
	for _, f := range []string{"ReporterID", "Reporter"} {
		if _, ok := reflect.TypeOf(sqlstore.Report{}).FieldByName(f); ok {
			t.Errorf("sqlstore.Report has a %s field", f)
		}
	}
}

// A ban, and a removal decided on a report, close the member's open
// live-circle socket at once, and the socket cannot be opened again.
func TestBanAndRemovalCloseTheSocket(t *testing.T) {
	startBoth(t, func(t *testing.T, srv *testserver.Server) {
		api := srv.URL + "/api/v1"
		maria := login(t, srv, "Maria", "demo-maria-facilitator")
		admin := login(t, srv, "Admin", "demo-admin-site")
		james := login(t, srv, "James", "demo-james-member")
		jamesID := memberID(t, srv, james)
		troll, trollID := joinAs(t, srv, "Troll Account", anxietyCircle, "Troll")
		sky, _ := joinAs(t, srv, "Sky Account", anxietyCircle, "Sky")
		id := liveNewSession(t, srv, maria)
		for _, c := range []*http.Client{maria, james, troll} {
			liveAgree(t, srv, c, anxietyCircle)
		}
		liveStartSession(t, srv, maria, id)
		jay := dialLive(t, srv, james, id, -1)
		jay.until("state")
		trollLive := dialLive(t, srv, troll, id, -1)
		trollLive.until("state")
		opts := func(c *http.Client) *websocket.DialOptions { return &websocket.DialOptions{HTTPClient: c} }

		if r := call(t, admin, "POST", fmt.Sprintf("%s/admin/members/%d/ban", api, trollID), map[string]string{"reason": "Threats"}); r.Status != 200 {
			t.Fatalf("ban: %d %s", r.Status, r.Raw)
		}
		if got := trollLive.closedWith(); got != 4403 {
			t.Errorf("banned member's socket closed with %d, want 4403", got)
		}
		if got := liveRefused(t, srv, opts(troll), id); got != 401 {
			t.Errorf("banned member opens a new socket: %d, want 401", got)
		}

		if r := call(t, sky, "POST", api+"/reports", map[string]any{"target_type": "member", "target_id": fmt.Sprint(jamesID), "reason": "harassment"}); r.Status != 201 {
			t.Fatalf("report: %d %s", r.Status, r.Raw)
		}
		queue := reportList(t, maria, api+"/groups/"+anxietyCircle+"/reports")
		if r := call(t, maria, "POST", fmt.Sprintf("%s/groups/%s/reports/%v/action", api, anxietyCircle, queue[0]["id"]), map[string]any{"action": "remove", "reason": "Harassed a member"}); r.Status != 200 {
			t.Fatalf("remove: %d %s", r.Status, r.Raw)
		}
		if got := jay.closedWith(); got != 4403 {
			t.Errorf("removed member's socket closed with %d, want 4403", got)
		}
		if got := liveRefused(t, srv, opts(james), id); got != 404 {
			t.Errorf("removed member opens a new socket: %d, want 404", got)
		}
	}, safetyArgs...)
}
