package circle

import (
	"slices"
	"testing"
)

// deliver offers evs to a feed for each id and returns the event types each
// one received.
func deliver(feeds map[string]*Feed, evs []Event) map[string][]EventType {
	got := map[string][]EventType{}
	for id, f := range feeds {
		for _, e := range evs {
			if _, ok := f.Offer(e); ok {
				got[id] = append(got[id], e.Type)
			}
		}
	}
	return got
}

func TestRiskSignalReachesWriterAndFacilitatorsOnly(t *testing.T) {
	h := newHarness(t, Config{Format: FormatSharingCircle})
	feeds := map[string]*Feed{}
	for _, id := range []string{"f", "a", "b", "p"} {
		feeds[id] = NewFeed(id, 64)
	}
	joins := []Event{}
	joins = append(joins, h.join("f", "Maria", RoleFacilitator, false)...)
	joins = append(joins, h.join("a", "Alex", RoleMember, false)...)
	joins = append(joins, h.join("b", "Bo", RoleMember, false)...)
	joins = append(joins, h.join("p", "Pat", RolePeerSupporter, false)...)
	deliver(feeds, joins)

	const words = "§i want to end it all tonight"
	evs := h.ok(Intent{From: "a", Op: OpChat, Text: words, Ref: "c1", Risk: "suicide"})
	if got := types(evs); !slices.Equal(got, []string{"chat", "support_offer", "risk_alert"}) {
		t.Fatalf("events: %v", got)
	}
	chat, offer, alert := evs[0], evs[1], evs[2]
	if chat.Audience.Kind != Everyone || chat.Text != words || chat.Kind != "" {
		t.Errorf("the chat must go out exactly as without the detector: %+v", chat)
	}
	if !toOnly(offer.Audience, "a") || offer.Ref != "c1" || offer.ID == "" || offer.Text == "" {
		t.Errorf("support offer: %+v", offer)
	}
	if alert.Audience.Kind != Facilitators || alert.MemberID != "a" || alert.Name != "Alex" || alert.Kind != "suicide" ||
		alert.Text != "" || alert.ID != offer.ID || alert.Ref != "" {
		t.Errorf("risk alert: %+v", alert)
	}
	got := deliver(feeds, evs)
	want := map[string][]EventType{
		"a": {EventChat, EventSupportOffer},
		"f": {EventChat, EventRiskAlert},
		"b": {EventChat},
		"p": {EventChat}, // a peer supporter is not a facilitator
	}
	for id, w := range want {
		if !slices.Equal(got[id], w) {
			t.Errorf("%s received %v, want %v", id, got[id], w)
		}
	}

	// Snapshots: the writer sees their offer, facilitators the alert
	// without the words, others nothing.
	if st := h.s.Snapshot("a"); !slices.Equal(st.Offers, []string{offer.ID}) || st.Alerts != nil {
		t.Errorf("writer's snapshot: offers %v alerts %v", st.Offers, st.Alerts)
	}
	if st := h.s.Snapshot("f"); len(st.Alerts) != 1 || st.Alerts[0].Text != "" || st.Alerts[0].MemberID != "a" || st.Offers != nil {
		t.Errorf("facilitator's snapshot: %+v", st.Alerts)
	}
	for _, id := range []string{"b", "p"} {
		if st := h.s.Snapshot(id); st.Alerts != nil || st.Offers != nil {
			t.Errorf("%s's snapshot shows %v %v", id, st.Offers, st.Alerts)
		}
	}

	// Only the writer may share, once.
	h.refused(Intent{From: "b", Op: OpShareWithFacilitator, Target: offer.ID}, CodeNotFound)
	h.refused(Intent{From: "a", Op: OpShareWithFacilitator, Target: "offer-99"}, CodeNotFound)
	evs = h.ok(Intent{From: "a", Op: OpShareWithFacilitator, Target: offer.ID, Ref: "s1"})
	if got := types(evs); !slices.Equal(got, []string{"risk_shared", "support_noted"}) {
		t.Fatalf("share: %v", got)
	}
	if evs[0].Audience.Kind != Facilitators || evs[0].Text != words || evs[0].MemberID != "a" {
		t.Errorf("risk_shared: %+v", evs[0])
	}
	if !toOnly(evs[1].Audience, "a") || evs[1].Kind != "shared" || evs[1].Count != 1 {
		t.Errorf("ack: %+v", evs[1])
	}
	got = deliver(feeds, evs)
	if !slices.Equal(got["f"], []EventType{EventRiskShared}) || !slices.Equal(got["a"], []EventType{EventSupportNoted}) ||
		got["b"] != nil || got["p"] != nil {
		t.Errorf("share delivered to %v", got)
	}
	if st := h.s.Snapshot("f"); st.Alerts[0].Text != words {
		t.Errorf("shared words not in the facilitator's snapshot: %+v", st.Alerts)
	}
	h.refused(Intent{From: "a", Op: OpShareWithFacilitator, Target: offer.ID}, CodeAlreadyDone)

	// Reaching a facilitator is the private support signal.
	evs = h.ok(Intent{From: "a", Op: OpReachFacilitator, Target: offer.ID})
	if got := types(evs); !slices.Equal(got, []string{"support_request", "support_noted"}) {
		t.Fatalf("reach: %v", got)
	}
	if evs[0].Audience.Kind != Facilitators || evs[0].Text != "" {
		t.Errorf("support request: %+v", evs[0])
	}

	// Everything written is gone at the end.
	h.check(h.s.End(h.now))
	if left := leftoverText(h.s, "§"); len(left) != 0 {
		t.Errorf("text survived the end: %q", left)
	}
}

func TestRiskSignalOnHeldChatAndCheckIn(t *testing.T) {
	h := circleOf(t, FormatSharingCircle)
	h.advanceTo(PhaseCheckIn)
	evs := h.ok(Intent{From: "b", Op: OpCheckIn, Mood: 1, Word: "§hopeless", Risk: "suicide"})
	if got := types(evs); !slices.Equal(got, []string{"checkin", "support_offer", "risk_alert"}) {
		t.Fatalf("check-in: %v", got)
	}
	if evs[0].Word != "§hopeless" || evs[0].Audience.Kind != Everyone {
		t.Errorf("the check-in must go out as usual: %+v", evs[0])
	}
	// No risk: nothing extra.
	if got := types(h.ok(Intent{From: "c", Op: OpCheckIn, Mood: 3, Word: "§calm"})); !slices.Equal(got, []string{"checkin"}) {
		t.Errorf("plain check-in: %v", got)
	}
	h.advanceTo(PhaseSharing)
	h.do("f", OpStartShare)
	evs = h.ok(Intent{From: "c", Op: OpChat, Text: "§i want to die", Risk: "suicide"})
	if got := types(evs); !slices.Equal(got, []string{"chat_held", "support_offer", "risk_alert"}) {
		t.Fatalf("held chat: %v", got)
	}
	// A refused chat raises nothing.
	h.refused(Intent{From: "c", Op: OpChat, Text: " ", Risk: "suicide"}, CodeBadValue)
	h.check(h.s.End(h.now))
	if left := leftoverText(h.s, "§"); len(left) != 0 {
		t.Errorf("text survived the end: %q", left)
	}
}
