package web_test

import (
	"fmt"
	"strings"
	"testing"

	"holdspace/internal/testserver"
)

func TestMembershipJourney(t *testing.T) {
	startBoth(t, func(t *testing.T, srv *testserver.Server) {
		u := srv.URL + "/api/v1/groups/"
		maria := login(t, srv, "Maria", "demo-maria-facilitator")
		newcomer := signup(t, srv, "Account Name Secret")
		me := call(t, newcomer, "GET", srv.URL+"/api/v1/me", nil)
		id := int64(me.Body["id"].(float64))

		// An open group: in at once, under a group name.
		r := call(t, newcomer, "POST", u+"new-dawn-recovery/join", map[string]string{"display_name": "Sam R"})
		if r.Status != 200 || r.Body["status"] != "member" {
			t.Fatalf("join open group: %d %s", r.Status, r.Raw)
		}
		// A closed group: a request, with a note and another name.
		r = call(t, newcomer, "POST", u+"after-loss-circle/join", map[string]string{"display_name": "Sy", "note": "My dad died in May."})
		if r.Status != 200 || r.Body["status"] != "requested" {
			t.Fatalf("join closed group: %d %s", r.Status, r.Raw)
		}
		// Joining twice is harmless.
		if r := call(t, newcomer, "POST", u+"after-loss-circle/join", nil); r.Body["status"] != "requested" {
			t.Errorf("second join: %s", r.Raw)
		}
		// The requester cannot see the roster yet.
		if r := call(t, newcomer, "GET", u+"after-loss-circle/members", nil); r.Status != 404 {
			t.Errorf("pending member sees the roster: %d", r.Status)
		}
		// The facilitator sees the request, with the note.
		r = call(t, maria, "GET", u+"after-loss-circle/requests", nil)
		if r.Status != 200 || !strings.Contains(r.Raw, "My dad died in May.") || !strings.Contains(r.Raw, fmt.Sprintf(`"member_id":%d`, id)) {
			t.Fatalf("requests: %d %s", r.Status, r.Raw)
		}
		if strings.Contains(r.Raw, "Account Name Secret") {
			t.Error("requests show the account name")
		}
		// A member who is not a facilitator cannot see or decide requests.
		james := login(t, srv, "James", "demo-james-member")
		if r := call(t, james, "GET", u+"after-loss-circle/requests", nil); r.Status != 404 {
			t.Errorf("non-facilitator requests: %d", r.Status)
		}
		if r := call(t, james, "POST", fmt.Sprintf("%safter-loss-circle/requests/%d/approve", u, id), nil); r.Status != 404 {
			t.Errorf("non-facilitator approves: %d", r.Status)
		}
		r = call(t, maria, "POST", fmt.Sprintf("%safter-loss-circle/requests/%d/approve", u, id), map[string]string{"message": "Welcome, we meet on Thursdays."})
		if r.Status != 200 || r.Body["status"] != "member" {
			t.Fatalf("approve: %d %s", r.Status, r.Raw)
		}
		if r := call(t, maria, "POST", fmt.Sprintf("%safter-loss-circle/requests/%d/approve", u, id), nil); r.Status != 404 {
			t.Errorf("approving twice: %d", r.Status)
		}
		// The roster: group names only; the member's names in other groups
		// and their account name never appear.
		r = call(t, newcomer, "GET", u+"after-loss-circle/members", nil)
		if r.Status != 200 || !strings.Contains(r.Raw, `"display_name":"Sy"`) || !strings.Contains(r.Raw, `"role":"organizer"`) {
			t.Fatalf("roster: %d %s", r.Status, r.Raw)
		}
		for _, leak := range []string{"Sam R", "Account Name Secret"} {
			if strings.Contains(r.Raw, leak) {
				t.Errorf("roster shows %q", leak)
			}
		}
		if page := get(t, maria, srv.URL+"/groups/after-loss-circle/members"); strings.Contains(page, "Sam R") || strings.Contains(page, "Account Name Secret") || !strings.Contains(page, "Sy") {
			t.Errorf("members page leaks or lacks names")
		}
		// Roles: organizers grant them; others get 404.
		if r := call(t, james, "PATCH", fmt.Sprintf("%stuesday-evening-anxiety-circle/members/%d", u, 1), map[string]string{"role": "member"}); r.Status != 404 {
			t.Errorf("member changes a role: %d", r.Status)
		}
		r = call(t, maria, "PATCH", fmt.Sprintf("%safter-loss-circle/members/%d", u, id), map[string]any{"role": "peer_supporter", "trained": true})
		if r.Status != 200 || !strings.Contains(r.Raw, `"role":"peer_supporter"`) {
			t.Errorf("grant role: %d %s", r.Status, r.Raw)
		}
		if r := call(t, maria, "PATCH", fmt.Sprintf("%safter-loss-circle/members/%d", u, id), map[string]any{"role": "boss"}); r.Status != 422 || errField(r, "field") != "role" {
			t.Errorf("bad role: %d %s", r.Status, r.Raw)
		}
		// "I'll just listen for now" is shown to facilitators, not members.
		if r := call(t, newcomer, "PATCH", u+"after-loss-circle/me", map[string]any{"just_listening": true}); r.Status != 200 {
			t.Errorf("just listening: %d %s", r.Status, r.Raw)
		}
		if r := call(t, maria, "GET", u+"after-loss-circle/members", nil); !strings.Contains(r.Raw, `"just_listening":true`) {
			t.Errorf("facilitator does not see just listening: %s", r.Raw)
		}
		// Removal: with a reason, audited, and final.
		if r := call(t, maria, "DELETE", fmt.Sprintf("%safter-loss-circle/members/%d", u, id), map[string]string{}); r.Status != 422 || errField(r, "field") != "reason" {
			t.Errorf("remove without reason: %d %s", r.Status, r.Raw)
		}
		if r := call(t, maria, "DELETE", fmt.Sprintf("%safter-loss-circle/members/%d", u, id), map[string]string{"reason": "Shared another member's story outside the group"}); r.Status != 204 {
			t.Fatalf("remove: %d %s", r.Status, r.Raw)
		}
		if r := call(t, newcomer, "GET", u+"after-loss-circle/members", nil); r.Status != 404 {
			t.Errorf("removed member sees roster: %d", r.Status)
		}
		if r := call(t, newcomer, "POST", u+"after-loss-circle/join", nil); r.Status != 404 {
			t.Errorf("removed member asks again: %d %s", r.Status, r.Raw)
		}
		again := login(t, srv, "Account Name Secret", "a long enough password")
		if r := call(t, again, "POST", u+"after-loss-circle/join", nil); r.Status != 404 {
			t.Errorf("removed member after logging in again: %d", r.Status)
		}
		r = call(t, maria, "GET", u+"after-loss-circle/audit", nil)
		for _, want := range []string{"approve_request", "set_role", "remove_member", "Shared another member"} {
			if !strings.Contains(r.Raw, want) {
				t.Errorf("audit log lacks %q: %s", want, r.Raw)
			}
		}
		if r := call(t, james, "GET", u+"after-loss-circle/audit", nil); r.Status != 404 {
			t.Errorf("non-organizer audit: %d", r.Status)
		}
		// Leaving the open group.
		if r := call(t, newcomer, "POST", u+"new-dawn-recovery/leave", nil); r.Status != 200 {
			t.Errorf("leave: %d %s", r.Status, r.Raw)
		}
		if r := call(t, newcomer, "GET", u+"new-dawn-recovery/members", nil); r.Status != 404 {
			t.Errorf("after leaving, roster: %d", r.Status)
		}
		// The only organizer cannot leave.
		if r := call(t, maria, "POST", u+"new-dawn-recovery/leave", nil); r.Status != 409 {
			t.Errorf("only organizer leaves: %d", r.Status)
		}
		// A visitor is asked to sign in.
		if r := call(t, testserver.Client(), "POST", u+"new-dawn-recovery/join", nil); r.Status != 401 {
			t.Errorf("visitor joins: %d", r.Status)
		}
		// Names are unique within a group.
		other := signup(t, srv, "Someone Else")
		if r := call(t, other, "POST", u+"tuesday-evening-anxiety-circle/join", map[string]string{"display_name": "jay"}); r.Status != 409 || errField(r, "field") != "display_name" {
			t.Errorf("taken group name: %d %s", r.Status, r.Raw)
		}
	}, "--demo", "--signup-limit", "100")
}
