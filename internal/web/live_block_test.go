package web_test

import (
	"net/http"
	"strings"
	"testing"

	"holdspace/internal/testserver"
)

// TestLiveBreakoutKeepsBlockedApart: two members who blocked one another
// are never put in the same breakout room, however often the facilitator
// splits the circle.
func TestLiveBreakoutKeepsBlockedApart(t *testing.T) {
	srv := testserver.Start(t, "--demo")
	maria := login(t, srv, "Maria", "demo-maria-facilitator")
	james := login(t, srv, "James", "demo-james-member")
	ash := signup(t, srv, "Ash Account")
	bo := signup(t, srv, "Bo Account")
	for name, c := range map[string]*http.Client{"Ash": ash, "Bo": bo} {
		if r := call(t, c, "POST", srv.URL+"/api/v1/groups/"+liveSlug+"/join", map[string]string{"display_name": name}); r.Status != 200 {
			t.Fatalf("join: %d %s", r.Status, r.Raw)
		}
	}
	// Jay blocks Ash.
	if r := call(t, james, "POST", srv.URL+"/api/v1/blocks", map[string]any{"member_id": liveAccountID(t, srv, ash)}); r.Status != 200 && r.Status != 201 {
		t.Fatalf("block: %d %s", r.Status, r.Raw)
	}
	id := liveNewSession(t, srv, maria)
	liveStartSession(t, srv, maria, id)
	ids := map[string]string{}
	var m *liveClient
	for _, p := range []struct {
		name string
		c    *http.Client
	}{{"Maria", maria}, {"Jay", james}, {"Ash", ash}, {"Bo", bo}} {
		liveAgree(t, srv, p.c, liveSlug)
		lc := dialLive(t, srv, p.c, id, -1)
		ids[p.name] = liveYou(t, lc.until("state"))
		if p.name == "Maria" {
			m = lc
		}
	}
	for i := 0; i < 6; i++ {
		m.send(map[string]any{"op": "breakout_start", "size": 2, "seconds": 300})
		e := m.until("breakout")
		b, _ := e["breakout"].(map[string]any)
		rooms, _ := b["rooms"].([]any)
		if len(rooms) == 0 {
			t.Fatalf("no rooms: %v", e["_raw"])
		}
		for _, r := range rooms {
			room, _ := r.(map[string]any)
			var names []string
			for _, x := range room["members"].([]any) {
				names = append(names, x.(string))
			}
			joined := strings.Join(names, " ")
			if strings.Contains(joined, ids["Jay"]) && strings.Contains(joined, ids["Ash"]) {
				t.Fatalf("split %d put Jay and Ash together: %v", i, e["_raw"])
			}
		}
		m.send(map[string]any{"op": "breakout_end"})
		m.until("breakout")
	}
}
