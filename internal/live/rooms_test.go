package live

import (
	"slices"
	"testing"
)

// TestSideRoomChat: over real sockets, a side room's messages reach the
// member and the facilitator both ways and no one else, a risky message
// there raises a support offer and an alert as circle chat does, and every
// misuse answers its sender alone.
func TestSideRoomChat(t *testing.T) {
	th := startHub(t, Options{})
	maria := th.dial(t, 1, "Maria", "facilitator", -1)
	maria.until("state")
	james := th.dial(t, 2, "James", "member", -1)
	jid := me(t, james.until("state"))
	maria.until("joined")
	sam := th.dial(t, 3, "Sam", "member", -1)
	sam.until("state")
	maria.until("joined")
	james.until("joined")

	james.send(map[string]string{"op": "need_support"})
	maria.until("support_request")
	maria.send(map[string]string{"op": "open_side_room", "member_id": jid})
	room := james.until("side_room")["id"].(string)
	if f := maria.until("side_room"); f["id"] != room {
		t.Fatalf("facilitator's side_room: %v", f)
	}

	james.send(map[string]string{"op": "side_chat", "id": room, "text": "thanks for this"})
	for _, c := range []*wsClient{james, maria} {
		if f := c.until("side_chat"); f["id"] != room || f["from"] != jid || f["name"] != "James" || f["text"] != "thanks for this" {
			t.Errorf("side_chat: %v", f)
		}
	}
	maria.send(map[string]string{"op": "side_chat", "id": room, "text": "I'm here with you"})
	if f := james.until("side_chat"); f["text"] != "I'm here with you" || f["name"] != "Maria" {
		t.Errorf("side_chat to the member: %v", f)
	}
	maria.until("side_chat")

	// Risk words in the side room: an offer to James, an alert to Maria.
	james.send(map[string]string{"op": "side_chat", "id": room, "text": "i want to end it all tonight", "ref": "r1"})
	james.until("side_chat")
	if f := james.next(); f["type"] != "support_offer" || f["ref"] != "r1" {
		t.Errorf("after a risky side_chat, James got %v", f)
	}
	maria.until("side_chat")
	if f := maria.next(); f["type"] != "risk_alert" || f["text"] != nil {
		t.Errorf("after a risky side_chat, Maria got %v", f)
	}

	// Misuse: one error to the sender alone.
	sam.send(map[string]string{"op": "side_chat", "id": room, "text": "let me in", "ref": "x1"})
	if f := sam.next(); f["type"] != "error" || f["code"] != "not_found" || f["ref"] != "x1" {
		t.Errorf("outsider's side_chat: %v", f)
	}
	james.send(map[string]string{"op": "side_chat", "id": room, "text": "  ", "ref": "x2"})
	if f := james.next(); f["type"] != "error" || f["code"] != "bad_value" || f["ref"] != "x2" {
		t.Errorf("empty side_chat: %v", f)
	}

	maria.send(map[string]string{"op": "close_side_room", "id": room})
	for _, c := range []*wsClient{james, maria} {
		if f := c.next(); f["type"] != "side_room_closed" || f["id"] != room || f["kind"] != "facilitator" {
			t.Errorf("side_room_closed: %v", f)
		}
	}
	james.send(map[string]string{"op": "side_chat", "id": room, "text": "hello?", "ref": "x3"})
	if f := james.next(); f["type"] != "error" || f["code"] != "closed" || f["ref"] != "x3" {
		t.Errorf("side_chat in a closed room: %v", f)
	}

	// Sam heard none of it: the next thing Sam gets is a reaction.
	maria.send(map[string]string{"op": "react", "kind": "nod"})
	for {
		f := sam.next()
		if typ := f["type"].(string); typ != "joined" && typ != "support_noted" && typ != "error" {
			if typ != "reaction" {
				t.Fatalf("Sam received %v", f)
			}
			break
		}
	}
}

// TestBreakoutChatStaysInTheRoom: during breakouts a chat reaches the
// writer's room alone.
func TestBreakoutChatStaysInTheRoom(t *testing.T) {
	th := startHub(t, Options{})
	clients := map[string]*wsClient{}
	maria := th.dial(t, 1, "Maria", "facilitator", -1)
	clients[me(t, maria.until("state"))] = maria
	for i, name := range []string{"James", "Sam", "Kei"} {
		c := th.dial(t, 2+i, name, "member", -1)
		clients[me(t, c.until("state"))] = c
	}
	maria.send(map[string]any{"op": "breakout_start", "size": 2, "seconds": 600})
	var rooms [][]string
	for _, r := range maria.until("breakout")["breakout"].(map[string]any)["rooms"].([]any) {
		var ids []string
		for _, id := range r.(map[string]any)["members"].([]any) {
			ids = append(ids, id.(string))
		}
		rooms = append(rooms, ids)
	}
	if len(rooms) != 2 {
		t.Fatalf("rooms: %v", rooms)
	}
	writer := rooms[0][0]
	clients[writer].send(map[string]string{"op": "chat", "text": "just us"})
	for id, c := range clients {
		if c != maria {
			c.until("breakout")
		}
		if !slices.Contains(rooms[0], id) {
			continue
		}
		if f := c.until("chat"); f["text"] != "just us" || f["from"] != writer || f["room"] == nil {
			t.Errorf("%s in the room: %v", id, f)
		}
	}
	// Now the writer's partner reacts: those outside the room must get the
	// reaction with no chat before it.
	clients[rooms[0][1]].send(map[string]string{"op": "react", "kind": "heart"})
	for _, id := range rooms[1] {
		for {
			f := clients[id].next()
			if f["type"] == "chat" {
				t.Fatalf("%s outside the room got %v", id, f)
			}
			if f["type"] == "reaction" {
				break
			}
		}
	}
}
