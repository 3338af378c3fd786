package web_test

import (
	"fmt"
	"testing"

	"github.com/coder/websocket"

	"holdspace/internal/testserver"
)

// TestLiveMute: a mute from the moderation queue holds at once in a running
// circle and again after a reconnect: the muted member cannot chat, react,
// raise a hand or share, and can still ask for support and talk in a
// private side room.
func TestLiveMute(t *testing.T) {
	srv := testserver.Start(t, "--demo")
	c := openLiveCircle(t, srv)
	jamesID := liveAccountID(t, srv, c.james)
	// Someone reports Jay; Maria mutes for 30 minutes.
	reporter := signup(t, srv, "Concerned Member")
	if r := call(t, reporter, "POST", srv.URL+"/api/v1/groups/"+liveSlug+"/join", map[string]string{"display_name": "Concerned"}); r.Status != 200 {
		t.Fatalf("join: %d %s", r.Status, r.Raw)
	}
	if r := call(t, reporter, "POST", srv.URL+"/api/v1/reports", map[string]any{"group": liveSlug, "target_type": "member", "target_id": fmt.Sprint(jamesID), "reason": "harassment"}); r.Status != 201 {
		t.Fatalf("report: %d %s", r.Status, r.Raw)
	}
	q := call(t, c.maria, "GET", srv.URL+"/api/v1/groups/"+liveSlug+"/reports", nil)
	reports, _ := q.Body["reports"].([]any)
	if len(reports) != 1 {
		t.Fatalf("queue: %s", q.Raw)
	}
	id := reports[0].(map[string]any)["id"]
	if r := call(t, c.maria, "POST", fmt.Sprintf("%s/api/v1/groups/%s/reports/%v/action", srv.URL, liveSlug, id), map[string]any{"action": "mute", "minutes": 30, "reason": "A pause to cool off"}); r.Status != 200 {
		t.Fatalf("mute: %d %s", r.Status, r.Raw)
	}
	check := func(j *liveClient) {
		t.Helper()
		for _, op := range []map[string]any{
			{"op": "chat", "text": "hello", "ref": "m1"},
			{"op": "raise_hand", "ref": "m2"},
			{"op": "react", "kind": "heart", "ref": "m3"},
		} {
			j.send(op)
			e := j.until("error")
			if e["code"] != "not_allowed" || e["ref"] != op["ref"] {
				t.Errorf("%v while muted: %v", op["op"], e["_raw"])
			}
		}
		j.send(map[string]any{"op": "need_support", "ref": "s1"})
		if e := c.m.until("support_request"); e == nil {
			t.Error("a muted member cannot ask for support")
		}
	}
	check(c.j)
	// In a private side room a muted member can still talk with the facilitators.
	c.m.send(map[string]string{"op": "open_side_room", "member_id": c.jID})
	room, _ := c.j.until("side_room")["id"].(string)
	c.j.send(map[string]string{"op": "side_chat", "id": room, "text": "can we talk?"})
	if f := c.m.until("side_chat"); f["text"] != "can we talk?" {
		t.Errorf("side_chat while muted: %v", f["_raw"])
	}
	// After a reconnect the mute still holds.
	c.j.conn.Close(websocket.StatusNormalClosure, "back soon")
	check(dialLive(t, srv, c.james, c.id, -1))
}
