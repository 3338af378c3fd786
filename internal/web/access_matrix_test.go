package web_test

import (
	"fmt"
	"net/http"
	"testing"

	"holdspace/internal/testserver"
)

// The people of the access matrix, from least to most access.
const (
	asVisitor = iota
	asNonMember
	asPending
	asMember
	asFacilitator
	asOrganizer
	asOtherOrganizer
)

var matrixNames = []string{"visitor", "signed-in non-member", "pending requester", "member", "facilitator", "organizer", "organizer of another group"}

// matrixCase is one members-only page or endpoint: who may use it and what
// they get; everyone else gets 404 (401 or the log-in page for a visitor).
type matrixCase struct {
	method, path string
	body         any
	min          int // the least access that may use it (asMember, asFacilitator, asOrganizer)
	ok           int // the status an allowed person gets
	page         bool
}

// matrixCases lists every members-only page and endpoint of a group. Later
// features add theirs here.
func matrixCases(slug string, memberID int64) []matrixCase {
	g := "/api/v1/groups/" + slug
	return []matrixCase{
		{"GET", g + "/members", nil, asMember, 200, false},
		{"PATCH", g + "/me", map[string]any{"just_listening": false}, asMember, 200, false},
		{"GET", g + "/requests", nil, asFacilitator, 200, false},
		{"PATCH", fmt.Sprintf("%s/members/%d", g, memberID), map[string]any{"role": "no-such-role"}, asOrganizer, 422, false},
		{"DELETE", fmt.Sprintf("%s/members/%d", g, memberID), map[string]any{"reason": ""}, asOrganizer, 422, false},
		{"GET", g + "/audit", nil, asOrganizer, 200, false},
		{"PATCH", g, map[string]any{"name": ""}, asOrganizer, 422, false},
		{"GET", "/groups/" + slug + "/members", nil, asMember, 200, true},
		{"GET", "/groups/" + slug + "/edit", nil, asOrganizer, 200, true},
		{"GET", g + "/reports", nil, asFacilitator, 200, false},
		{"POST", g + "/reports/1/action", map[string]any{"action": "no-such-action"}, asFacilitator, 422, false},
		{"GET", g + "/audit.csv", nil, asOrganizer, 200, false},
		{"GET", g + "/safety-plan", nil, asFacilitator, 200, false},
		{"PUT", g + "/safety-plan", map[string]any{"steps": ""}, asOrganizer, 422, false},
		{"POST", "/api/v1/reports", map[string]any{"group": slug, "target_type": "member", "target_id": fmt.Sprint(memberID), "reason": "no-such-reason"}, asMember, 422, false},
		{"GET", "/groups/" + slug + "/moderation", nil, asFacilitator, 200, true},
		{"GET", "/groups/" + slug + "/safety-plan", nil, asFacilitator, 200, true},
		{"GET", g + "/incidents", nil, asFacilitator, 200, false},
		{"GET", "/groups/" + slug + "/incidents", nil, asFacilitator, 200, true},
		{"GET", "/groups/" + slug + "/safety-plan/edit", nil, asOrganizer, 200, true},
		{"GET", "/groups/" + slug + "/audit", nil, asOrganizer, 200, true},
		{"GET", fmt.Sprintf("/groups/%s/report?member_id=%d", slug, memberID), nil, asMember, 200, true},
		// The group agreement.
		{"GET", g + "/agreement", nil, asMember, 200, false},
		{"POST", g + "/agreement/accept", map[string]any{"version": 999}, asMember, 409, false},
		{"GET", g + "/proposals", nil, asMember, 200, false},
		{"GET", g + "/agreement/consents", nil, asOrganizer, 200, false},
		{"PUT", g + "/agreement", map[string]any{"ground_rules": ""}, asOrganizer, 422, false},
		{"GET", "/groups/" + slug + "/agreement", nil, asMember, 200, true},
		{"GET", "/groups/" + slug + "/agreement/edit", nil, asOrganizer, 200, true},
		{"GET", "/groups/" + slug + "/agreement/consents", nil, asOrganizer, 200, true},
		// Group sessions.
		{"GET", g + "/sessions", nil, asMember, 200, false},
		{"POST", g + "/sessions", map[string]any{"starts_at": "not a time"}, asFacilitator, 422, false},
		{"GET", "/groups/" + slug + "/sessions", nil, asMember, 200, true},
	}
}

func TestAccessMatrix(t *testing.T) {
	startBoth(t, func(t *testing.T, srv *testserver.Server) {
		const slug = "after-loss-circle" // closed; Maria organizes it
		u := srv.URL + "/api/v1/groups/" + slug
		clients := make([]*http.Client, len(matrixNames))
		clients[asVisitor] = testserver.Client()
		clients[asNonMember] = signup(t, srv, "Never Joined")
		clients[asPending] = signup(t, srv, "Still Waiting")
		clients[asMember] = signup(t, srv, "Plain Member")
		clients[asFacilitator] = signup(t, srv, "Facilitating Fi")
		clients[asOrganizer] = login(t, srv, "Maria", "demo-maria-facilitator")
		clients[asOtherOrganizer] = signup(t, srv, "Other Organizer")
		if r := call(t, clients[asOtherOrganizer], "POST", srv.URL+"/api/v1/groups", newGroup()); r.Status != 201 {
			t.Fatalf("other group: %d %s", r.Status, r.Raw)
		}
		idOf := func(c *http.Client) int64 {
			return int64(call(t, c, "GET", srv.URL+"/api/v1/me", nil).Body["id"].(float64))
		}
		for _, who := range []int{asPending, asMember, asFacilitator} {
			if r := call(t, clients[who], "POST", u+"/join", nil); r.Body["status"] != "requested" {
				t.Fatalf("%s join: %s", matrixNames[who], r.Raw)
			}
		}
		for _, who := range []int{asMember, asFacilitator} {
			if r := call(t, clients[asOrganizer], "POST", fmt.Sprintf("%s/requests/%d/approve", u, idOf(clients[who])), nil); r.Status != 200 {
				t.Fatalf("approve %s: %d %s", matrixNames[who], r.Status, r.Raw)
			}
		}
		if r := call(t, clients[asOrganizer], "PATCH", fmt.Sprintf("%s/members/%d", u, idOf(clients[asFacilitator])), map[string]any{"role": "facilitator"}); r.Status != 200 {
			t.Fatalf("make facilitator: %d %s", r.Status, r.Raw)
		}
		target := idOf(clients[asMember])
		for _, tc := range matrixCases(slug, target) {
			for who, c := range clients {
				var got int
				if tc.page {
					c2 := *c
					c2.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
					resp, err := c2.Get(srv.URL + tc.path)
					if err != nil {
						t.Fatal(err)
					}
					resp.Body.Close()
					got = resp.StatusCode
				} else {
					got = call(t, c, tc.method, srv.URL+tc.path, tc.body).Status
				}
				want := 404
				switch {
				case who == asVisitor && tc.page:
					want = 303 // to the log-in page
				case who == asVisitor:
					want = 401
				case who >= tc.min && who != asOtherOrganizer:
					want = tc.ok
				}
				if got != want {
					t.Errorf("%s %s as %s: got %d, want %d", tc.method, tc.path, matrixNames[who], got, want)
				}
			}
		}
	}, "--demo", "--signup-limit", "100")
}
