package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"holdspace/internal/browsertest"
)

// TestCirclePrivateTalk: what is said in private stays with the people it
// is for, in a real browser. Sam asks for support and Maria opens a side
// room with him; they write to each other both ways (Sam by keyboard
// alone), new messages are announced politely, and Jay and Robin receive
// none of it, not even on their sockets. Then in breakout rooms of 2 a
// message reaches the writer's partner and no one else, under "Your room",
// and is gone from the circle's chat once everyone is back.
func TestCirclePrivateTalk(t *testing.T) {
	c := openCircleOfFour(t)
	samName := c.sam
	m, j, r, s := c.m, c.j, c.r, c.s
	who, all := c.who, c.all
	for _, name := range who {
		circleWaitText(t, all[name], "circle-members-heading", "In the circle (4)")
		circleRecordFrames(t, all[name])
	}

	// Sam asks for support; Maria opens a side room with him.
	browsertest.Click(t, s, "#circle-support summary")
	browsertest.Type(t, s, "#circle-support-text", "Could we talk on our own?")
	browsertest.Click(t, s, "#circle-support-send")
	circleWaitText(t, m, "circle-support-list", "Open a private side room with "+samName)
	browsertest.Click(t, m, "#circle-support-list button[data-act=open_side_room]")
	circleWaitShown(t, s, "circle-side", true)
	circleWaitShown(t, m, "circle-side", true)
	circleWaitText(t, s, "circle-side", "Only you and the facilitators know about it")
	circleWaitText(t, m, "side-heading-1", "With "+samName)
	circleWaitText(t, s, "side-empty-1", "No messages yet.")

	// Sam writes by keyboard alone: Tab to the box, type, Tab to the
	// button, Enter. An empty message is refused beside the form first.
	circleTabToField(t, s, "side-message-1")
	browsertest.Press(t, s, browsertest.Tab)
	if f := browsertest.Focused(t, s); f.ID != "side-send-1" {
		t.Fatalf("after the message box, Tab reaches %s, want the send button", f)
	}
	browsertest.Press(t, s, browsertest.Enter)
	circleWaitText(t, s, "side-error-1", "Write a message first.")
	circleTabToField(t, s, "side-message-1")
	const fromSam = "Thank you. Tonight has been hard."
	browsertest.Press(t, s, fromSam)
	browsertest.Press(t, s, browsertest.Tab)
	browsertest.Press(t, s, browsertest.Enter)
	circleWaitText(t, s, "side-log-1", "You: "+fromSam)
	circleWaitShown(t, s, "side-error-1", false)
	if got := browsertest.Eval[string](t, s, `document.getElementById('side-message-1').value`); got != "" {
		t.Errorf("the message stays in Sam's box: %q", got)
	}
	circleWaitText(t, m, "side-log-1", samName+": "+fromSam)
	circleAnnounced(t, m, "Private message from "+samName+": "+fromSam)

	const fromMaria = "I'm glad you told me. I'm here with you."
	browsertest.Type(t, m, "#side-message-1", fromMaria)
	browsertest.Click(t, m, "#side-send-1")
	circleWaitText(t, s, "side-log-1", "Maria: "+fromMaria)
	circleAnnounced(t, s, "Private message from Maria: "+fromMaria)
	circleWaitText(t, m, "side-log-1", "You: "+fromMaria)
	browsertest.CheckAxe(t, s) // the member talking in a side room
	browsertest.CheckAxe(t, m) // the facilitator talking in a side room

	// Jay and Robin: no side room, no word of it, on the page or the wire.
	maria2 := "after the side room"
	browsertest.Type(t, m, "#circle-message", maria2)
	browsertest.Click(t, m, "#circle-chat-send")
	for _, ctx := range []context.Context{j, r} {
		circleWaitText(t, ctx, "circle-chat-log", maria2) // everything before it has arrived
		if circleShown(t, ctx, "circle-side") {
			t.Error("another member sees the side room")
		}
		circleNeverHeard(t, ctx, fromSam, fromMaria, "side_chat", "side_room")
	}

	// Maria closes the room: both see it closed, and Sam hears why.
	browsertest.Click(t, m, "#side-close-1")
	circleWaitShown(t, s, "side-closed-1", true)
	circleWaitShown(t, s, "side-form-1", false)
	circleAnnounced(t, s, "A facilitator closed the side room.")
	circleWaitShown(t, m, "side-closed-1", true)
	if f := browsertest.Focused(t, m); f.ID != "side-closed-1" {
		t.Errorf("Maria's focus after closing the room: %s, want the closed notice", f)
	}
	circleWaitText(t, m, "circle-support-list", "Open a private side room with "+samName)
	circleNeverHeard(t, j, "side_room_closed")

	// Breakout rooms of 2.
	browsertest.Click(t, m, "#circle-breakout-details summary")
	browsertest.Type(t, m, "#circle-breakout-size", "2")
	browsertest.Type(t, m, "#circle-breakout-minutes", "5")
	browsertest.Click(t, m, "#circle-breakout-start")
	circleWait(t, m, `window.__holdspaceCircle.state.breakout && window.__holdspaceCircle.state.breakout.active`, "the rooms are open")
	rooms := browsertest.Eval[[]struct {
		Members []string `json:"members"`
	}](t, m, `window.__holdspaceCircle.state.breakout.rooms`)
	if len(rooms) != 2 || len(rooms[0].Members) != 2 || len(rooms[1].Members) != 2 {
		t.Fatalf("rooms: %+v, want two rooms of 2", rooms)
	}
	ids := map[string]string{}
	for _, name := range who {
		ids[browsertest.Eval[string](t, all[name], `window.__holdspaceCircle.state.you`)] = name
		circleWaitText(t, all[name], "circle-chat-heading", "Your room")
		circleWaitNoText(t, all[name], "circle-chat-log", maria2) // the circle's chat waits for the circle
	}
	// Jay writes to his room.
	var partner string
	var others []string
	for _, room := range rooms {
		for k, id := range room.Members {
			if ids[id] == "Jay" {
				partner = ids[room.Members[1-k]]
			}
		}
	}
	for _, name := range who {
		if name != "Jay" && name != partner {
			others = append(others, name)
		}
	}
	circleWaitText(t, j, "circle-message-hint", "Only the people in your room ("+partner+") read these messages.")
	const inRoom = "Hello, nice to meet you in here."
	browsertest.Type(t, j, "#circle-message", inRoom)
	browsertest.Click(t, j, "#circle-chat-send")
	circleWaitText(t, j, "circle-chat-log", "You: "+inRoom)
	circleWaitText(t, all[partner], "circle-chat-log", "Jay: "+inRoom)
	circleAnnounced(t, all[partner], "Jay says in your room: "+inRoom)
	browsertest.CheckAxe(t, all[partner]) // a member reading their room's chat

	// The others: a message of their own arrives, Jay's never does.
	const otherRoom = "Hi from the other room."
	browsertest.Type(t, all[others[0]], "#circle-message", otherRoom)
	browsertest.Click(t, all[others[0]], "#circle-chat-send")
	circleWaitText(t, all[others[1]], "circle-chat-log", otherRoom)
	for _, name := range others {
		circleNeverHeard(t, all[name], inRoom)
	}
	for _, name := range []string{"Jay", partner} {
		circleNeverHeard(t, all[name], otherRoom)
	}

	// Everyone back: the circle's chat again, without the rooms' words.
	browsertest.Click(t, m, "#circle-breakout-end")
	for _, name := range who {
		circleWaitText(t, all[name], "circle-chat-heading", "Chat")
		circleWaitNoText(t, all[name], "circle-chat-heading", "Your room")
		circleWaitText(t, all[name], "circle-chat-log", maria2)
		circleWaitNoText(t, all[name], "circle-chat-log", inRoom)
	}
}

// circleRecordFrames keeps every frame the page's socket receives from now
// on in window.__frames, to show what never reached a member.
func circleRecordFrames(t *testing.T, ctx context.Context) {
	t.Helper()
	browsertest.Eval[bool](t, ctx, `(() => {
		window.__frames = [];
		window.__holdspaceCircle.socket.addEventListener('message', e => window.__frames.push(e.data));
		return true;
	})()`)
}

// circleNeverHeard checks that no frame the page received, no text on it
// and no announcement contains any of words.
func circleNeverHeard(t *testing.T, ctx context.Context, words ...string) {
	t.Helper()
	if !browsertest.Eval[bool](t, ctx, `window.__frames.length > 0`) {
		t.Fatal("no frames were recorded: the check would prove nothing")
	}
	for _, w := range words {
		q := fmt.Sprintf("%q", w)
		if browsertest.Eval[bool](t, ctx, `window.__frames.some(f => f.includes(`+q+`)) || document.body.innerText.includes(`+q+`) ||
			['announce-polite-a', 'announce-polite-b', 'announce-urgent'].some(id => document.getElementById(id).textContent.includes(`+q+`))`) {
			t.Errorf("%q reached someone it was not for\npage: %s", w, circleDebug(t, ctx))
		}
	}
}

// circleTabToField presses Tab from the top of <main> until the field with
// id has focus.
func circleTabToField(t *testing.T, ctx context.Context, id string) {
	t.Helper()
	browsertest.Eval[bool](t, ctx, `(document.getElementById('main-content').focus(), true)`)
	for i := 0; i < 80; i++ {
		browsertest.Press(t, ctx, browsertest.Tab)
		if f := browsertest.Focused(t, ctx); f.ID == id {
			return
		}
	}
	t.Fatalf("#%s is not reachable with Tab\npage: %s", id, strings.TrimSpace(circleDebug(t, ctx)))
}
