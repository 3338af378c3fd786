package circle

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// sideRoomOf joins f (facilitator), c2 (co-facilitator), o (organizer),
// p (peer supporter), members a, b, c, and opens a side room for a after
// a asked for support. It returns the room's id.
func sideRoomOf(t *testing.T, f Format) (*harness, *feeds, string) {
	t.Helper()
	h := newHarness(t, Config{Format: f})
	fs := newFeeds(t, 64, "f", "c2", "o", "p", "a", "b", "c")
	fs.offer(h.join("f", "Maria", RoleFacilitator, false))
	fs.offer(h.join("c2", "Cy", RoleCoFacilitator, false))
	fs.offer(h.join("o", "Ola", RoleOrganizer, false))
	fs.offer(h.join("p", "Pat", RolePeerSupporter, false))
	fs.offer(h.join("a", "Alex", RoleMember, false))
	fs.offer(h.join("b", "Bo", RoleMember, false))
	fs.offer(h.join("c", "Cam", RoleMember, false))
	fs.offer(h.ok(Intent{From: "a", Op: OpNeedSupport}))
	evs := fs.offer(h.ok(Intent{From: "f", Op: OpOpenSideRoom, MemberID: "a"}))
	return h, fs, evs[0].ID
}

// receivers lists who received an event of type t with text.
func (fs *feeds) receivers(t EventType, text string) []string {
	var ids []string
	for id, evs := range fs.got {
		if slices.ContainsFunc(evs, func(e Event) bool { return e.Type == t && e.Text == text }) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

func TestSideChat(t *testing.T) {
	h, fs, room := sideRoomOf(t, FormatSharingCircle)
	insiders := []string{"a", "c2", "f", "o"}

	// Both ways: the member and each facilitating role write, and exactly
	// the member and the facilitators present read it.
	for _, from := range []string{"a", "f", "c2", "o"} {
		text := "hello from " + from
		evs := fs.offer(h.ok(Intent{From: from, Op: OpSideChat, Target: room, Text: "  " + text + " ", Ref: "r"}))
		if len(evs) != 1 || evs[0].Type != EventSideChat {
			t.Fatalf("side_chat from %s: got %v", from, types(evs))
		}
		e := evs[0]
		if e.ID != room || e.MemberID != from || e.Text != text || e.Ref != "" || e.Audience.Kind != Members {
			t.Errorf("side_chat from %s: got %+v", from, e)
		}
		if diff := cmp.Diff(insiders, fs.receivers(EventSideChat, text)); diff != "" {
			t.Errorf("side_chat from %s reached (-want +got):\n%s", from, diff)
		}
	}

	// Never held by a share: it is a private conversation, not cross-talk.
	fs.offer(h.do("f", OpAdvance))
	h.advanceTo(PhaseSharing)
	fs.offer(h.ok(Intent{From: "f", Op: OpGiveTurn, MemberID: "b"}))
	fs.offer(h.do("b", OpStartShare))
	evs := fs.offer(h.ok(Intent{From: "a", Op: OpSideChat, Target: room, Text: "while Bo shares"}))
	if diff := cmp.Diff([]string{"side_chat"}, types(evs)); diff != "" {
		t.Errorf("side_chat during a share (-want +got):\n%s", diff)
	}
	if len(h.s.held) != 0 {
		t.Errorf("side_chat was held: %+v", h.s.held)
	}

	// Refusals: one error to the sender, nothing changes.
	long := strings.Repeat("é", MaxChat+1)
	h.refused(Intent{From: "b", Op: OpSideChat, Target: room, Text: "let me in"}, CodeNotFound)
	h.refused(Intent{From: "p", Op: OpSideChat, Target: room, Text: "a peer supporter"}, CodeNotFound)
	h.refused(Intent{From: "a", Op: OpSideChat, Target: "s1:side-9", Text: "hi"}, CodeNotFound)
	h.refused(Intent{From: "a", Op: OpSideChat, Text: "hi"}, CodeNotFound)
	h.refused(Intent{From: "a", Op: OpSideChat, Target: room, Text: "   "}, CodeBadValue)
	h.refused(Intent{From: "f", Op: OpSideChat, Target: room, Text: long}, CodeTooLong)
	h.refused(Intent{From: "a", Op: OpSideChat, Target: room, Text: "bad \xff"}, CodeBadValue)
	h.refused(Intent{From: "x", Op: OpSideChat, Target: room, Text: "stranger"}, CodeNotJoined)
	h.refused(Intent{From: "b", Op: OpCloseSideRoom, Target: room}, CodeNotFound)
	h.refused(Intent{From: "a", Op: OpCloseSideRoom, Target: "nope"}, CodeNotFound)
	if got := h.ok(Intent{From: "a", Op: OpSideChat, Target: room, Text: strings.Repeat("é", MaxChat)}); len(got) != 1 {
		t.Errorf("a message of exactly %d characters: got %v", MaxChat, types(got))
	}

	// A facilitator who arrives later reads what is said from then on.
	fs.all["c3"] = NewFeed("c3", 64)
	fs.offer(h.join("c3", "Cee", RoleCoFacilitator, false))
	fs.offer(h.ok(Intent{From: "a", Op: OpSideChat, Target: room, Text: "later"}))
	if diff := cmp.Diff([]string{"a", "c2", "c3", "f", "o"}, fs.receivers(EventSideChat, "later")); diff != "" {
		t.Errorf("after a co-facilitator joined (-want +got):\n%s", diff)
	}

	// The member closes it; the same people hear; then it is shut.
	evs = fs.offer(h.ok(Intent{From: "a", Op: OpCloseSideRoom, Target: room}))
	if len(evs) != 1 || evs[0].Type != EventSideRoomClosed || evs[0].ID != room || evs[0].MemberID != "a" ||
		evs[0].Kind != "member" || evs[0].Audience.Kind != Members {
		t.Fatalf("close_side_room: got %+v", evs)
	}
	var closedFor []string
	for id, got := range fs.got {
		if slices.ContainsFunc(got, func(e Event) bool { return e.Type == EventSideRoomClosed }) {
			closedFor = append(closedFor, id)
		}
	}
	slices.Sort(closedFor)
	if diff := cmp.Diff([]string{"a", "c2", "c3", "f", "o"}, closedFor); diff != "" {
		t.Errorf("side_room_closed reached (-want +got):\n%s", diff)
	}
	if got := h.s.Snapshot("a").SideRooms; len(got) != 1 || !got[0].Closed {
		t.Errorf("member's side rooms after closing: %+v", got)
	}
	h.refused(Intent{From: "a", Op: OpSideChat, Target: room, Text: "still there?"}, CodeClosed)
	h.refused(Intent{From: "f", Op: OpSideChat, Target: room, Text: "still there?"}, CodeClosed)
	h.refused(Intent{From: "f", Op: OpCloseSideRoom, Target: room}, CodeAlreadyDone)

	// Nobody outside ever got a word of it, nor the closing.
	for _, id := range []string{"b", "c", "p"} {
		for _, e := range fs.got[id] {
			if e.Type == EventSideChat || e.Type == EventSideRoomClosed || e.Type == EventSideRoom {
				t.Errorf("%s received %s %+v", id, e.Type, e)
			}
		}
	}
}

func TestSideRoomClosedByFacilitator(t *testing.T) {
	h, fs, room := sideRoomOf(t, FormatOpenDiscussion)
	fs.offer(h.do("c2", OpLeave))
	evs := fs.offer(h.ok(Intent{From: "o", Op: OpCloseSideRoom, Target: room, Ref: "x"}))
	if len(evs) != 1 || evs[0].Kind != "facilitator" || evs[0].Name != "Alex" || evs[0].Ref != "" {
		t.Fatalf("close_side_room by a facilitator: got %+v", evs)
	}
	if diff := cmp.Diff([]string{"f", "o", "a"}, evs[0].Audience.IDs); diff != "" {
		t.Errorf("audience: only those present (-want +got):\n%s", diff)
	}
	// A second room for the same member is a fresh one.
	evs = fs.offer(h.ok(Intent{From: "f", Op: OpOpenSideRoom, MemberID: "a"}))
	if evs[0].ID == room {
		t.Fatalf("a new side room reuses the closed one's id")
	}
	h.ok(Intent{From: "a", Op: OpSideChat, Target: evs[0].ID, Text: "again"})
	h.refused(Intent{From: "a", Op: OpSideChat, Target: room, Text: "old"}, CodeClosed)
}

func TestSideChatRisk(t *testing.T) {
	h, fs, room := sideRoomOf(t, FormatSharingCircle)
	evs := fs.offer(h.ok(Intent{From: "a", Op: OpSideChat, Target: room, Text: "words that worry", Risk: "suicide", Ref: "s"}))
	if diff := cmp.Diff([]string{"side_chat", "support_offer", "risk_alert"}, types(evs)); diff != "" {
		t.Fatalf("risky side_chat (-want +got):\n%s", diff)
	}
	if !toOnly(evs[1].Audience, "a") || evs[1].Ref != "s" || evs[1].Kind != "suicide" {
		t.Errorf("support_offer: got %+v", evs[1])
	}
	if evs[2].Audience.Kind != Facilitators || evs[2].Text != "" || evs[2].MemberID != "a" {
		t.Errorf("risk_alert: got %+v", evs[2])
	}
	// The words can be shared on as with circle chat.
	evs = h.ok(Intent{From: "a", Op: OpShareWithFacilitator, Target: evs[1].ID})
	if evs[0].Type != EventRiskShared || evs[0].Text != "words that worry" {
		t.Errorf("share_with_facilitator: got %+v", evs[0])
	}
	// A facilitator asking about safety raises nothing.
	evs = h.ok(Intent{From: "f", Op: OpSideChat, Target: room, Text: "are you safe?", Risk: "suicide"})
	if diff := cmp.Diff([]string{"side_chat"}, types(evs)); diff != "" {
		t.Errorf("facilitator's side_chat (-want +got):\n%s", diff)
	}
}

func TestSideChatLeavesNothingAtTheEnd(t *testing.T) {
	h, _, room := sideRoomOf(t, FormatSharingCircle)
	h.ok(Intent{From: "a", Op: OpSideChat, Target: room, Text: "§private words"})
	h.ok(Intent{From: "a", Op: OpSideChat, Target: room, Text: "§risky words", Risk: "self-harm"})
	h.ok(Intent{From: "f", Op: OpSideChat, Target: room, Text: "§reply"})
	h.do("f", OpEndSession)
	if left := leftoverText(h.s, "§"); len(left) != 0 {
		t.Errorf("text survived the end: %q", left)
	}
}

// breakoutOf joins f and members a, b, c, d, e and opens rooms of two.
func breakoutOf(t *testing.T) (*harness, *feeds, *BreakoutView) {
	t.Helper()
	h := newHarness(t, Config{Format: FormatOpenDiscussion})
	fs := newFeeds(t, 64, "f", "a", "b", "c", "d", "e", "late")
	fs.offer(h.join("f", "Maria", RoleFacilitator, false))
	for _, id := range []string{"a", "b", "c", "d", "e"} {
		fs.offer(h.join(id, strings.ToUpper(id), RoleMember, false))
	}
	evs := fs.offer(h.ok(Intent{From: "f", Op: OpBreakoutStart, Size: 2, Seconds: 600}))
	return h, fs, evs[0].Breakout
}

func roomWith(b *BreakoutView, id string) Room {
	for _, r := range b.Rooms {
		if slices.Contains(r.Members, id) {
			return r
		}
	}
	return Room{}
}

func TestBreakoutChat(t *testing.T) {
	h, fs, b := breakoutOf(t)
	for _, from := range []string{"a", "f", "e"} {
		room := roomWith(b, from)
		text := "in my room, " + from
		evs := fs.offer(h.ok(Intent{From: from, Op: OpChat, Text: text}))
		if len(evs) != 1 || evs[0].Type != EventChat || evs[0].ID != room.ID || evs[0].Audience.Kind != Members {
			t.Fatalf("chat from %s in breakout: got %+v", from, evs)
		}
		want := slices.Sorted(slices.Values(room.Members))
		if diff := cmp.Diff(want, fs.receivers(EventChat, text)); diff != "" {
			t.Errorf("chat from %s reached (-want +got):\n%s", from, diff)
		}
	}

	// Someone who arrives after the rooms opened is in none: they talk
	// with the others in none.
	fs.offer(h.join("late", "Lee", RoleMember, false))
	evs := fs.offer(h.ok(Intent{From: "late", Op: OpChat, Text: "anyone?"}))
	if evs[0].ID != "" {
		t.Errorf("chat from someone in no room names room %q", evs[0].ID)
	}
	if diff := cmp.Diff([]string{"late"}, fs.receivers(EventChat, "anyone?")); diff != "" {
		t.Errorf("chat from someone in no room reached (-want +got):\n%s", diff)
	}

	// A partner who left hears nothing more; a risk check still runs.
	partner := ""
	for _, id := range roomWith(b, "a").Members {
		if id != "a" {
			partner = id
		}
	}
	fs.offer(h.do(partner, OpLeave))
	evs = fs.offer(h.ok(Intent{From: "a", Op: OpChat, Text: "alone now", Risk: "self-harm"}))
	if diff := cmp.Diff([]string{"chat", "support_offer", "risk_alert"}, types(evs)); diff != "" {
		t.Errorf("risky breakout chat (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"a"}, fs.receivers(EventChat, "alone now")); diff != "" {
		t.Errorf("chat after the partner left (-want +got):\n%s", diff)
	}

	// Once the rooms close, chat is the whole circle's again.
	fs.offer(h.do("f", OpBreakoutEnd))
	evs = fs.offer(h.ok(Intent{From: "a", Op: OpChat, Text: "back"}))
	if evs[0].Audience.Kind != Everyone || evs[0].ID != "" {
		t.Errorf("chat after breakouts: got %+v", evs[0])
	}
	if got := fs.receivers(EventChat, "back"); len(got) != 6 {
		t.Errorf("chat after breakouts reached %v, want everyone present", got)
	}
}
