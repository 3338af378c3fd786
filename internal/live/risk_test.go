package live

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestRiskSignal: a chat the detector flags is delivered to everyone as
// usual; the writer alone gets a support offer with their region's crisis
// lines, the facilitator alone a risk alert without the words, and the
// incident log gets who, where, when and what kind, never the words.
func TestRiskSignal(t *testing.T) {
	incidents := make(chan Incident, 4)
	th := startHub(t, Options{OnRisk: func(ctx context.Context, in Incident) { incidents <- in }})
	maria := th.dial(t, 1, "Maria", "facilitator", -1)
	maria.until("state")
	james := dialURL(t, th.url+"/?account=2&name=James&role=member&region=GB", nil, true)
	jid := me(t, james.until("state"))
	maria.until("joined")
	third := th.dial(t, 3, "Sam", "member", -1)
	third.until("state")
	maria.until("joined")
	james.until("joined")

	const words = "i want to end it all tonight"
	james.send(map[string]string{"op": "chat", "text": words, "ref": "c1"})
	if f := james.until("chat"); f["text"] != words {
		t.Fatalf("writer's chat: %v", f)
	}
	offer := james.next()
	if offer["type"] != "support_offer" || offer["ref"] != "c1" || offer["id"] == "" || offer["text"] == "" {
		t.Fatalf("support offer: %v", offer)
	}
	res, _ := offer["resources"].(map[string]any)
	lines, _ := res["lines"].([]any)
	if res["region"] != "GB" || len(lines) != 1 || lines[0].(map[string]any)["tel"] != "116123" {
		t.Errorf("offer resources: %v", res)
	}
	if f := maria.until("chat"); f["text"] != words {
		t.Fatalf("facilitator's chat: %v", f)
	}
	alert := maria.next()
	if alert["type"] != "risk_alert" || alert["member_id"] != jid || alert["name"] != "James" || alert["text"] != nil ||
		alert["kind"] == nil {
		t.Fatalf("risk alert: %v", alert)
	}
	if f := third.until("chat"); f["text"] != words || f["from"] != jid {
		t.Fatalf("third member's chat: %v", f)
	}
	// The third member's next frame is the next thing everyone sees.
	maria.send(map[string]string{"op": "react", "kind": "nod"})
	if f := third.next(); f["type"] != "reaction" {
		t.Fatalf("third member got %v, want nothing between the chat and the reaction", f)
	}
	select {
	case in := <-incidents:
		if in.AccountID != 2 || in.MemberID != jid || in.GroupID != 3 || in.SessionID != testSession || in.Category == "" {
			t.Errorf("incident: %+v", in)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no incident recorded")
	}

	// The writer shares the words: now, and only now, the facilitators read them.
	james.send(map[string]any{"op": "share_with_facilitator", "id": offer["id"], "ref": "s1"})
	if f := james.until("support_noted"); f["kind"] != "shared" || f["ref"] != "s1" {
		t.Errorf("ack: %v", f)
	}
	if f := maria.until("risk_shared"); f["text"] != words || f["member_id"] != jid {
		t.Errorf("risk_shared: %v", f)
	}
	james.send(map[string]any{"op": "reach_facilitator", "target": offer["id"]})
	james.until("support_noted")
	if f := maria.until("support_request"); f["member_id"] != jid {
		t.Errorf("support request: %v", f)
	}
	maria.send(map[string]string{"op": "react", "kind": "heart"})
	for {
		f := third.next()
		if s, _ := f["type"].(string); strings.HasPrefix(s, "risk") || s == "support_offer" || s == "support_request" {
			t.Fatalf("third member received %v", f)
		}
		if f["kind"] == "heart" {
			break
		}
	}

	// Concern-only words (about someone else) raise nothing.
	james.send(map[string]string{"op": "chat", "text": "my friend said she wants to kill herself", "ref": "c2"})
	james.until("chat")
	james.send(map[string]string{"op": "react", "kind": "nod"})
	if f := james.next(); f["type"] != "reaction" {
		t.Errorf("after a concern-only chat: %v", f)
	}
	select {
	case in := <-incidents:
		t.Errorf("extra incident %+v", in)
	default:
	}
}
