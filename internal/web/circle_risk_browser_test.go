package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"holdspace/internal/browsertest"
)

// TestCircleRiskBrowser is the done-when of the risk signal in the live
// circle: James writes a risk phrase in the chat; he alone sees a calm
// support offer with crisis lines, Maria (facilitating) alone sees a
// private heads-up without his words, and a third member sees the chat
// message as always and nothing else.
func TestCircleRiskBrowser(t *testing.T) {
	b := browsertest.New(t)
	srv := startSite(t)
	maria := login(t, srv, "Maria", "demo-maria-facilitator")
	james := login(t, srv, "James", "demo-james-member")
	liveAgree(t, srv, maria, liveSlug)
	liveAgree(t, srv, james, liveSlug)
	samName := uniqueName("Sam")
	sam := signup(t, srv, samName)
	if r := call(t, sam, "POST", srv.URL+"/api/v1/groups/"+liveSlug+"/join", nil); r.Status != 200 {
		t.Fatalf("join: %d %s", r.Status, r.Raw)
	}
	liveAgree(t, srv, sam, liveSlug)
	id := liveNewSession(t, srv, maria)
	liveStartSession(t, srv, maria, id)
	circleURL := srv.URL + fmt.Sprintf("/groups/%s/sessions/%d/circle", liveSlug, id)

	m := circleOpen(t, b, srv, "Maria", "demo-maria-facilitator", circleURL)
	j := circleOpen(t, b, srv, "James", "demo-james-member", circleURL)
	s := circleOpen(t, b, srv, samName, circlePassword, circleURL)
	circleWaitText(t, m, "circle-members-heading", "In the circle (3)")
	circleWaitText(t, s, "circle-members-heading", "In the circle (3)")
	circleWaitText(t, j, "circle-members-heading", "In the circle (3)")

	const words = "i want to end it all tonight"
	browsertest.Type(t, j, "#circle-message", words)
	browsertest.Click(t, j, "#circle-chat-send")

	// The chat goes out as it would anyway, to everyone.
	for _, ctx := range []context.Context{m, j, s} {
		circleWaitText(t, ctx, "circle-chat-log", words)
	}

	// James: a calm offer, with crisis lines he can call.
	circleWaitShown(t, j, "circle-offer", true)
	if role := browsertest.Eval[string](t, j, `document.getElementById('circle-offer').getAttribute('role')`); role != "status" {
		t.Errorf("the offer's role: %q, want status", role)
	}
	circleWaitText(t, j, "circle-offer-text", "Only you can see this")
	circleWait(t, j, `document.querySelectorAll('#circle-offer-lines a[href^="tel:"]').length > 0`, "crisis lines with tel: links")
	circleWaitText(t, j, "circle-offer", "Talk to a facilitator")
	circleWaitText(t, j, "circle-offer", "Share what I wrote with the facilitators")
	circleAnnounced(t, j, "Only you can see this.")
	if circleShown(t, j, "circle-alerts-list") {
		t.Error("James sees the facilitators' heads-ups")
	}
	browsertest.CheckAxe(t, j) // the member with the offer

	// Maria: the heads-up, who and what kind, not the words.
	circleWaitText(t, m, "circle-alerts-list", "Jay may need support")
	circleAnnounced(t, m, "Private heads-up: Jay may need support.")
	circleWaitNoText(t, m, "circle-alerts-list", words)
	if circleShown(t, m, "circle-offer") {
		t.Error("Maria sees a support offer")
	}
	browsertest.CheckAxe(t, m) // the facilitator with the heads-up

	// Sam: the message, and nothing else.
	if circleShown(t, s, "circle-offer") || circleShown(t, s, "circle-alerts-list") {
		t.Error("Sam sees the offer or the heads-up")
	}
	page := browsertest.Eval[string](t, s, `document.body.innerText`)
	for _, x := range []string{"may need support", "heads-up: Jay", "Talk to a facilitator", "Only you can see this"} {
		if strings.Contains(page, x) {
			t.Errorf("Sam's page says %q", x)
		}
	}
	announced := browsertest.Eval[string](t, s, `['announce-polite-a', 'announce-polite-b', 'announce-urgent'].map(id => document.getElementById(id).textContent).join(' | ')`)
	if strings.Contains(announced, "heads-up") || strings.Contains(announced, "Only you") {
		t.Errorf("Sam heard: %s", announced)
	}
	browsertest.CheckAxe(t, s)

	// James shares what he wrote: now Maria reads it; Sam still sees nothing.
	browsertest.Click(t, j, "#circle-offer-share")
	circleWaitText(t, j, "circle-offer-done", "The facilitators can now read what you wrote")
	circleWaitShown(t, j, "circle-offer-share", false)
	circleWaitText(t, m, "circle-alerts-list", "They shared: ")
	circleWaitText(t, m, "circle-alerts-list", words)
	browsertest.Click(t, j, "#circle-offer-reach")
	circleWaitText(t, m, "circle-support-list", "Jay asked for support")
	if circleShown(t, s, "circle-offer") || circleShown(t, s, "circle-support-list") {
		t.Error("Sam sees the offer or the support requests")
	}

	// The incident log has it, for Maria only.
	if r := call(t, maria, "GET", srv.URL+"/api/v1/groups/"+liveSlug+"/incidents", nil); r.Status != 200 || !strings.Contains(r.Raw, `"category":"suicide"`) || strings.Contains(r.Raw, words) {
		t.Errorf("incident log: %d %s", r.Status, r.Raw)
	}
	if r := call(t, sam, "GET", srv.URL+"/api/v1/groups/"+liveSlug+"/incidents", nil); r.Status != 404 {
		t.Errorf("Sam's incident log: %d", r.Status)
	}
}
