package circle

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestAgenda(t *testing.T) {
	tests := []struct {
		format    Format
		want      []Phase
		crossTalk bool
	}{
		{FormatSharingCircle, []Phase{PhaseGathering, PhaseOpening, PhaseCheckIn, PhaseSharing, PhaseClosing, PhaseFeedback}, false},
		{FormatPsychoeducational, []Phase{PhaseGathering, PhaseOpening, PhaseCheckIn, PhaseSharing, PhaseOpenDiscussion, PhaseClosing, PhaseFeedback}, true},
		{FormatTwelveStep, []Phase{PhaseGathering, PhaseOpening, PhaseSharing, PhaseClosing, PhaseFeedback}, false},
		{FormatOpenDiscussion, []Phase{PhaseGathering, PhaseOpening, PhaseCheckIn, PhaseOpenDiscussion, PhaseClosing, PhaseFeedback}, true},
	}
	for _, tt := range tests {
		t.Run(string(tt.format), func(t *testing.T) {
			if diff := cmp.Diff(tt.want, Agenda(tt.format)); diff != "" {
				t.Errorf("Agenda (-want +got):\n%s", diff)
			}
			if got := tt.format.AllowsCrossTalk(); got != tt.crossTalk {
				t.Errorf("AllowsCrossTalk: got %v, want %v", got, tt.crossTalk)
			}
			if got := slices.Contains(Agenda(tt.format), PhaseOpenDiscussion); got != tt.crossTalk {
				t.Errorf("open discussion on the agenda: got %v, want it only with cross-talk (%v)", got, tt.crossTalk)
			}
			s := New(Config{Format: tt.format})
			if got := s.Phase(); got != PhaseGathering {
				t.Errorf("first phase: got %s, want gathering", got)
			}
		})
	}
	if got := Agenda("unknown"); got != nil {
		t.Errorf("Agenda(unknown): got %v, want nil", got)
	}
	s := New(Config{Format: "salsa"})
	if got := s.Snapshot("").Format; got != FormatSharingCircle {
		t.Errorf("unknown format runs as: got %s, want sharing_circle", got)
	}
	if got := s.cfg.ShareSeconds; got != DefaultShareSeconds {
		t.Errorf("default share time: got %d, want %d", got, DefaultShareSeconds)
	}
}

func TestJoin(t *testing.T) {
	h := newHarness(t, Config{Format: FormatSharingCircle, AgreementVersion: 3, AgreementText: "What is said here stays here."})
	evs := h.join("f", "Maria", RoleFacilitator, false)
	if diff := cmp.Diff([]string{"joined", "state"}, types(evs)); diff != "" {
		t.Fatalf("join events (-want +got):\n%s", diff)
	}
	if evs[0].Audience.Kind != Everyone || evs[0].MemberID != "f" || evs[0].Name != "Maria" || evs[0].Role != RoleFacilitator {
		t.Errorf("joined: got %+v", evs[0])
	}
	st := evs[1].State
	if !toOnly(evs[1].Audience, "f") || st == nil || st.You != "f" || st.Agreement.Version != 3 || st.Phase != PhaseGathering {
		t.Errorf("state to the joiner: got %+v %+v", evs[1].Audience, st)
	}

	// A newcomer who is just listening: facilitators are told, nobody else.
	evs = h.join("j", "James", RoleMember, true)
	if diff := cmp.Diff([]string{"joined", "just_listening", "state"}, types(evs)); diff != "" {
		t.Fatalf("join events (-want +got):\n%s", diff)
	}
	if evs[1].Audience.Kind != Facilitators {
		t.Errorf("just_listening audience: got %+v, want facilitators", evs[1].Audience)
	}
	h.join("a", "Alex", RoleMember, false)
	mark := func(viewer, id string) bool {
		for _, m := range h.s.Snapshot(viewer).Members {
			if m.ID == id {
				return m.JustListening
			}
		}
		t.Fatalf("%s not in %s's snapshot", id, viewer)
		return false
	}
	if !mark("f", "j") || !mark("j", "j") || mark("a", "j") {
		t.Errorf("just-listening mark: facilitator %v, self %v, other member %v; want true, true, false",
			mark("f", "j"), mark("j", "j"), mark("a", "j"))
	}

	// Joining again while here just sends a fresh picture.
	evs = h.join("a", "Alex", RoleMember, false)
	if diff := cmp.Diff([]string{"state"}, types(evs)); diff != "" {
		t.Errorf("second join (-want +got):\n%s", diff)
	}

	// Leaving and coming back keeps the role from the first join.
	h.do("a", OpLeave)
	h.refused(Intent{From: "a", Op: OpChat, Text: "hi"}, CodeLeft)
	evs = h.join("a", "Alex", RoleOrganizer, false)
	if evs[0].Role != RoleMember {
		t.Errorf("role after rejoining: got %s, want member", evs[0].Role)
	}
	h.refused(Intent{From: "a", Op: OpAdvance}, CodeNotAllowed)

	h.refused(Intent{From: "x", Op: OpJoin, Name: "  ", Role: RoleMember}, CodeBadValue)
	h.refused(Intent{From: "x", Op: OpJoin, Name: strings.Repeat("n", MaxName+1), Role: RoleMember}, CodeTooLong)
	h.refused(Intent{From: "x", Op: OpJoin, Name: "X", Role: "admin"}, CodeBadValue)
	h.refused(Intent{From: "", Op: OpJoin, Name: "X", Role: RoleMember}, CodeBadValue)
	h.refused(Intent{From: "x", Op: OpRaiseHand}, CodeNotJoined)

	full := newHarness(t, Config{MaxMembers: 1})
	full.join("f", "Maria", RoleFacilitator, false)
	full.refused(Intent{From: "a", Op: OpJoin, Name: "Alex", Role: RoleMember}, CodeFull)
}

func TestRemove(t *testing.T) {
	h := circleOf(t, FormatTwelveStep)
	h.join("o", "Ola", RoleOrganizer, false)
	h.join("c2", "Cy", RoleCoFacilitator, false)
	h.advanceTo(PhaseSharing)
	// a is sharing; b has a hand up and a held chat waiting.
	h.do("a", OpRaiseHand)
	h.do("a", OpStartShare)
	h.do("b", OpRaiseHand)
	h.ok(Intent{From: "b", Op: OpChat, Text: "me too"})

	h.refused(Intent{From: "a", Op: OpRemove, MemberID: "b"}, CodeNotAllowed)
	h.refused(Intent{From: "f", Op: OpRemove, MemberID: "f"}, CodeNotAllowed)
	h.refused(Intent{From: "f", Op: OpRemove, MemberID: "c2"}, CodeNotAllowed)
	h.refused(Intent{From: "f", Op: OpRemove, MemberID: "nobody"}, CodeNotFound)

	evs := h.ok(Intent{From: "f", Op: OpRemove, MemberID: "b"})
	if diff := cmp.Diff([]string{"queue", "removed", "left"}, types(evs)); diff != "" {
		t.Fatalf("remove events (-want +got):\n%s", diff)
	}
	if !toOnly(evs[1].Audience, "b") {
		t.Errorf("removed goes to: got %+v, want b alone", evs[1].Audience)
	}
	if evs[2].Audience.Kind != Everyone || evs[2].Kind != "" {
		t.Errorf("others see a plain leave: got %+v", evs[2])
	}
	// b's held chat is gone with them.
	evs = h.do("a", OpEndShare)
	if _, ok := find(evs, EventChat); ok {
		t.Errorf("a removed member's held chat was released: %v", types(evs))
	}
	for _, op := range []Op{OpChat, OpRaiseHand, OpLeave, OpJoin, "nonsense"} {
		h.refused(Intent{From: "b", Op: op, Text: "x", Name: "Bo", Role: RoleMember}, CodeRemoved)
	}
	for _, m := range h.s.Snapshot("f").Members {
		if m.ID == "b" {
			t.Errorf("removed member still listed: %+v", m)
		}
	}
	// An organizer may remove a facilitator.
	h.ok(Intent{From: "o", Op: OpRemove, MemberID: "c2"})

	// The site can bar someone who never joined.
	if evs := h.s.Remove("z", h.now); len(evs) != 0 {
		t.Errorf("removing a stranger emitted %v", types(evs))
	}
	h.refused(Intent{From: "z", Op: OpJoin, Name: "Zed", Role: RoleMember}, CodeRemoved)
	h.check(h.s.Remove("c", h.now))
	h.refused(Intent{From: "c", Op: OpChat, Text: "hi"}, CodeRemoved)
}

func TestQueueOrder(t *testing.T) {
	// Each step is "id" to raise a hand, "-id" to lower it, "!id" for id
	// to share from wherever they are (given the turn if needed), "~id"
	// to pass.
	tests := []struct {
		name  string
		steps []string
		want  []string
	}{
		{"first come first served", []string{"a", "b", "c"}, []string{"a", "b", "c"}},
		{"lowering keeps the others' order", []string{"a", "b", "c", "-b"}, []string{"a", "c"}},
		{"those who shared wait behind the rest", []string{"!a", "a", "b", "c"}, []string{"b", "c", "a"}},
		{"newcomers to the round jump those who shared", []string{"!a", "!b", "a", "b", "c", "f"}, []string{"c", "f", "a", "b"}},
		{"a pass counts as a turn", []string{"~a", "b", "a"}, []string{"b", "a"}},
		{"a new round evens everyone out", []string{"!a", "!b", "!c", "~f", "a", "b"}, []string{"a", "b"}},
		{"stable after a new round", []string{"!a", "!b", "!c", "!f", "c", "a", "b"}, []string{"c", "a", "b"}},
		{"just listening never jumps the line", []string{"!a", "a", "j", "b"}, []string{"b", "a", "j"}},
		{"just listening is first only when alone", []string{"j"}, []string{"j"}},
		{"just listening yields like someone who has shared", []string{"j", "!b", "b", "a"}, []string{"a", "j", "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := circleOf(t, FormatTwelveStep) // hands, no go-around
			h.join("j", "James", RoleMember, true)
			h.advanceTo(PhaseSharing)
			for _, st := range tt.steps {
				switch st[0] {
				case '-':
					h.do(st[1:], OpLowerHand)
				case '!':
					h.share(st[1:])
				case '~':
					h.do(st[1:], OpPass)
				default:
					h.do(st, OpRaiseHand)
				}
			}
			if diff := cmp.Diff(tt.want, h.queue()); diff != "" {
				t.Errorf("queue (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTalkingPiece(t *testing.T) {
	h := circleOf(t, FormatTwelveStep)
	h.refused(Intent{From: "a", Op: OpRaiseHand}, CodeWrongPhase)
	h.advanceTo(PhaseSharing)
	h.refused(Intent{From: "a", Op: OpStartShare}, CodeNotYourTurn) // no hand up
	h.do("a", OpRaiseHand)
	h.refused(Intent{From: "a", Op: OpRaiseHand}, CodeAlreadyDone)
	h.do("b", OpRaiseHand)
	h.refused(Intent{From: "b", Op: OpStartShare}, CodeNotYourTurn) // a is first
	h.refused(Intent{From: "a", Op: OpEndShare}, CodeNotSharing)

	evs := h.ok(Intent{From: "a", Op: OpStartShare, ContentNote: "this touches on loss"})
	e, _ := find(evs, EventShareStarted)
	if e.MemberID != "a" || e.ContentNote != "this touches on loss" || e.Timer == nil || e.Timer.Seconds != 300 || e.Timer.Remaining != 300 {
		t.Errorf("share_started: got %+v timer %+v", e, e.Timer)
	}
	if st := h.s.Snapshot("c"); st.Speaker != "a" || st.ContentNote != "this touches on loss" || st.Timer == nil {
		t.Errorf("snapshot during a share: speaker %q note %q timer %v", st.Speaker, st.ContentNote, st.Timer)
	}
	// At most one speaker.
	h.refused(Intent{From: "b", Op: OpStartShare}, CodeSomeoneSharing)
	h.refused(Intent{From: "a", Op: OpStartShare}, CodeAlreadyDone)
	h.refused(Intent{From: "a", Op: OpRaiseHand}, CodeAlreadyDone)
	h.refused(Intent{From: "a", Op: OpPass}, CodeAlreadyDone)
	h.refused(Intent{From: "b", Op: OpEndShare}, CodeNotSharing)
	h.refused(Intent{From: "f", Op: OpEndShare}, CodeNotSharing)
	h.refused(Intent{From: "f", Op: OpAdvance}, CodeSomeoneSharing)
	h.refused(Intent{From: "f", Op: OpBreakoutStart, Size: 2, Seconds: 60}, CodeSomeoneSharing)

	evs = h.do("a", OpEndShare)
	if diff := cmp.Diff([]string{"share_ended"}, types(evs)); diff != "" {
		t.Errorf("end_share events (-want +got):\n%s", diff)
	}
	if evs[0].Kind != EndDone {
		t.Errorf("share_ended kind: got %q, want done", evs[0].Kind)
	}
	if st := h.s.Snapshot("c"); st.Speaker != "" || st.ContentNote != "" || st.Timer != nil {
		t.Errorf("snapshot after the share still shows it: %+v", st)
	}

	// The facilitator gives the turn, skips a share, skips the head of the line.
	h.ok(Intent{From: "f", Op: OpGiveTurn, MemberID: "c"})
	if diff := cmp.Diff([]string{"c", "b"}, h.queue()); diff != "" {
		t.Errorf("queue after give_turn (-want +got):\n%s", diff)
	}
	h.do("c", OpStartShare)
	evs = h.do("f", OpSkip)
	if evs[0].Type != EventShareEnded || evs[0].Kind != EndSkipped {
		t.Errorf("skip during a share: got %+v", evs[0])
	}
	evs = h.do("f", OpSkip)
	if evs[0].Type != EventQueue || len(evs[0].Queue) != 0 {
		t.Errorf("skip with no one sharing: got %+v", evs[0])
	}
	h.refused(Intent{From: "f", Op: OpSkip}, CodeNotFound)

	// Reorder must be a permutation of the queue.
	h.do("a", OpRaiseHand)
	h.do("b", OpRaiseHand)
	h.do("c", OpRaiseHand)
	h.refused(Intent{From: "f", Op: OpReorder, Order: []string{"c", "a"}}, CodeBadValue)
	h.refused(Intent{From: "f", Op: OpReorder, Order: []string{"c", "a", "a"}}, CodeBadValue)
	h.refused(Intent{From: "f", Op: OpReorder, Order: []string{"c", "a", "f"}}, CodeBadValue)
	h.ok(Intent{From: "f", Op: OpReorder, Order: []string{"c", "a", "b"}})
	if diff := cmp.Diff([]string{"c", "a", "b"}, h.queue()); diff != "" {
		t.Errorf("queue after reorder (-want +got):\n%s", diff)
	}
	h.refused(Intent{From: "f", Op: OpGiveTurn, MemberID: "c"}, CodeAlreadyDone)
	h.refused(Intent{From: "f", Op: OpGiveTurn, MemberID: "ghost"}, CodeNotFound)

	// Stepping out lowers the hand and ends a share.
	h.do("c", OpStartShare)
	evs = h.do("c", OpStepOut)
	if diff := cmp.Diff([]string{"share_ended", "stepped_out"}, types(evs)); diff != "" {
		t.Errorf("speaker steps out (-want +got):\n%s", diff)
	}
	evs = h.do("a", OpStepOut)
	if diff := cmp.Diff([]string{"queue", "stepped_out"}, types(evs)); diff != "" {
		t.Errorf("queued member steps out (-want +got):\n%s", diff)
	}
	h.refused(Intent{From: "a", Op: OpStepOut}, CodeAlreadyDone)
	h.refused(Intent{From: "a", Op: OpRaiseHand}, CodeSteppedOut)
	h.refused(Intent{From: "f", Op: OpGiveTurn, MemberID: "a"}, CodeSteppedOut)
	h.do("a", OpStepIn)
	h.refused(Intent{From: "a", Op: OpStepIn}, CodeAlreadyDone)

	// Leaving mid-share ends it.
	h.do("b", OpStartShare)
	evs = h.do("b", OpLeave)
	if diff := cmp.Diff([]string{"share_ended", "left"}, types(evs)); diff != "" {
		t.Errorf("speaker leaves (-want +got):\n%s", diff)
	}
	if h.s.speaker != nil {
		t.Errorf("speaker after leaving: %v", h.s.speaker.id)
	}
}

func TestPass(t *testing.T) {
	h := circleOf(t, FormatSharingCircle)
	h.advanceTo(PhaseSharing) // goes around: f, a, b, c
	if diff := cmp.Diff([]string{"f", "a", "b", "c"}, h.queue()); diff != "" {
		t.Fatalf("go-around queue (-want +got):\n%s", diff)
	}
	evs := h.do("b", OpPass)
	if diff := cmp.Diff([]string{"passed", "queue"}, types(evs)); diff != "" {
		t.Errorf("pass events (-want +got):\n%s", diff)
	}
	h.refused(Intent{From: "b", Op: OpPass}, CodeAlreadyDone)
	if st := h.s.Snapshot("a"); !hadTurn(st, "b") || hadTurn(st, "a") {
		t.Errorf("had-turn marks after b passed: %+v", st.Members)
	}
	// Passing with a hand up after sharing lowers it.
	h.share("f")
	h.do("f", OpRaiseHand)
	h.do("f", OpPass)
	if diff := cmp.Diff([]string{"a", "c"}, h.queue()); diff != "" {
		t.Errorf("queue (-want +got):\n%s", diff)
	}
	h.share("a")
	evs = h.do("c", OpPass)
	if _, ok := find(evs, EventRound); !ok {
		t.Errorf("last pass of the round: got %v, want a round event", types(evs))
	}
	if st := h.s.Snapshot("a"); hadTurn(st, "a") || st.Round != h.s.round {
		t.Errorf("after a new round: %+v", st)
	}
	// Passing outside the circle phases is refused.
	h.advanceTo(PhaseFeedback)
	h.refused(Intent{From: "a", Op: OpPass}, CodeWrongPhase)
}

func hadTurn(st State, id string) bool {
	for _, m := range st.Members {
		if m.ID == id {
			return m.HadTurn
		}
	}
	return false
}

func TestJustListening(t *testing.T) {
	h := circleOf(t, FormatSharingCircle)
	h.join("j", "James", RoleMember, true)
	h.advanceTo(PhaseSharing)
	if slices.Contains(h.queue(), "j") {
		t.Errorf("just-listening member put in line automatically: %v", h.queue())
	}
	h.refused(Intent{From: "f", Op: OpGiveTurn, MemberID: "j"}, CodeNotAllowed)
	// Everyone else has a turn: the round ends without James.
	h.share("f")
	h.share("a")
	h.share("b")
	before := h.s.round
	h.share("c")
	if h.s.round != before+1 {
		t.Errorf("round: got %d, want %d: a just-listening member must not hold up the round", h.s.round, before+1)
	}
	// James may still raise a hand himself, and then be given the turn.
	h.do("a", OpRaiseHand)
	h.do("j", OpRaiseHand)
	h.ok(Intent{From: "f", Op: OpGiveTurn, MemberID: "j"})
	h.do("j", OpStartShare)
	h.do("j", OpEndShare)
	// Closing goes around without him too.
	h.advanceTo(PhaseClosing)
	if diff := cmp.Diff([]string{"f", "a", "b", "c"}, h.queue()); diff != "" {
		t.Errorf("closing round (-want +got):\n%s", diff)
	}
}

func TestHeldChat(t *testing.T) {
	h := circleOf(t, FormatPsychoeducational)
	// No share: chat goes to everyone.
	evs := h.ok(Intent{From: "b", Op: OpChat, Text: "hello all"})
	if evs[0].Type != EventChat || evs[0].Audience.Kind != Everyone || evs[0].Name != "Bo" || evs[0].Text != "hello all" {
		t.Errorf("chat: got %+v", evs[0])
	}
	h.advanceTo(PhaseSharing)
	h.do("a", OpRaiseHand)
	h.do("a", OpStartShare)

	held := func(from, text, ref string) string {
		t.Helper()
		evs := h.ok(Intent{From: from, Op: OpChat, Text: text, Ref: ref})
		if len(evs) != 1 || evs[0].Type != EventChatHeld || !toOnly(evs[0].Audience, from) ||
			evs[0].Text != text || evs[0].Ref != ref || evs[0].ID == "" {
			t.Fatalf("chat during a share: got %+v, want chat_held to the sender", evs)
		}
		return evs[0].ID
	}
	id1 := held("b", "first", "r1")
	id2 := held("c", "second", "r2")
	id3 := held("b", "third", "r3")
	// Reactions always pass; the speaker's own chat passes.
	evs = h.ok(Intent{From: "c", Op: OpReact, Kind: ReactHeart})
	if evs[0].Type != EventReaction || evs[0].Audience.Kind != Everyone || evs[0].Kind != ReactHeart {
		t.Errorf("reaction during a share: got %+v", evs[0])
	}
	h.refused(Intent{From: "c", Op: OpReact, Kind: "thumbs_down"}, CodeBadValue)
	evs = h.ok(Intent{From: "a", Op: OpChat, Text: "speaker's note"})
	if evs[0].Type != EventChat {
		t.Errorf("speaker's chat: got %s, want chat", evs[0].Type)
	}
	// Each member sees only their own held chats.
	if diff := cmp.Diff([]HeldChat{{id1, "first"}, {id3, "third"}}, h.s.Snapshot("b").Held); diff != "" {
		t.Errorf("b's held chats (-want +got):\n%s", diff)
	}
	if got := h.s.Snapshot("f").Held; got != nil {
		t.Errorf("facilitator sees held chats: %v", got)
	}
	// Withdraw: only your own, only while held.
	h.refused(Intent{From: "c", Op: OpWithdraw, Target: id1}, CodeNotFound)
	evs = h.ok(Intent{From: "b", Op: OpWithdraw, Target: id1, Ref: "w"})
	if evs[0].Type != EventChatWithdrawn || !toOnly(evs[0].Audience, "b") || evs[0].ID != id1 {
		t.Errorf("withdraw: got %+v", evs[0])
	}
	h.refused(Intent{From: "b", Op: OpWithdraw, Target: id1}, CodeNotFound)

	evs = h.do("a", OpEndShare)
	var released []string
	for _, e := range evs[1:] {
		if e.Type != EventChat || e.Audience.Kind != Everyone {
			t.Errorf("released: got %+v", e)
		}
		released = append(released, e.Name+": "+e.Text)
	}
	if diff := cmp.Diff([]string{"Cam: second", "Bo: third"}, released); diff != "" {
		t.Errorf("released chat (-want +got):\n%s", diff)
	}
	h.refused(Intent{From: "b", Op: OpWithdraw, Target: id2}, CodeNotFound)
	if len(h.s.held) != 0 {
		t.Errorf("held after the share: %v", h.s.held)
	}

	// Open discussion allows cross-talk: chat is not held.
	h.advanceTo(PhaseOpenDiscussion)
	h.do("a", OpRaiseHand)
	h.do("a", OpStartShare)
	evs = h.ok(Intent{From: "b", Op: OpChat, Text: "+1"})
	if evs[0].Type != EventChat {
		t.Errorf("chat in open discussion: got %s, want chat", evs[0].Type)
	}
	h.do("a", OpEndShare)

	// Bad chat.
	h.refused(Intent{From: "b", Op: OpChat, Text: "   "}, CodeBadValue)
	h.refused(Intent{From: "b", Op: OpChat, Text: strings.Repeat("é", MaxChat+1)}, CodeTooLong)
	h.refused(Intent{From: "b", Op: OpChat, Text: "bad \xff utf8"}, CodeBadValue)
	h.ok(Intent{From: "b", Op: OpChat, Text: strings.Repeat("é", MaxChat)})

	// A cap on what one member can have waiting.
	h.advanceTo(PhaseSharing)
	h.do("a", OpRaiseHand)
	h.do("a", OpStartShare)
	for range maxHeldPerMember {
		h.ok(Intent{From: "b", Op: OpChat, Text: "x"})
	}
	h.refused(Intent{From: "b", Op: OpChat, Text: "one more"}, CodeTooLong)
	h.ok(Intent{From: "c", Op: OpChat, Text: "others can still write"})
}

func TestCheckIn(t *testing.T) {
	h := circleOf(t, FormatSharingCircle)
	h.refused(Intent{From: "a", Op: OpCheckIn, Mood: 3, Word: "tired"}, CodeWrongPhase)
	h.advanceTo(PhaseCheckIn)
	for _, mood := range []int{0, 6, -1} {
		h.refused(Intent{From: "a", Op: OpCheckIn, Mood: mood, Word: "ok"}, CodeBadValue)
	}
	h.refused(Intent{From: "a", Op: OpCheckIn, Mood: 3, Word: ""}, CodeBadValue)
	h.refused(Intent{From: "a", Op: OpCheckIn, Mood: 3, Word: strings.Repeat("w", MaxWord+1)}, CodeTooLong)

	evs := h.ok(Intent{From: "a", Op: OpCheckIn, Mood: 2, Word: "tired"})
	want := Event{Seq: evs[0].Seq, Type: EventCheckIn, At: evs[0].At, MemberID: "a", Name: "Alex", Word: "tired"}
	if diff := cmp.Diff(want, evs[0]); diff != "" {
		t.Errorf("checkin event (-want +got):\n%s", diff)
	}
	h.refused(Intent{From: "a", Op: OpCheckIn, Mood: 4, Word: "again"}, CodeAlreadyDone)
	h.ok(Intent{From: "b", Op: OpCheckIn, Mood: 2, Word: "hopeful"})
	h.ok(Intent{From: "f", Op: OpCheckIn, Mood: 5, Word: "grateful"})
	evs = h.ok(Intent{From: "c", Op: OpCheckIn, Pass: true, Mood: 1, Word: "ignored"})
	if evs[0].Word != "" || !evs[0].Passed || evs[0].Name != "Cam" {
		t.Errorf("check-in pass: got %+v", evs[0])
	}
	if got, want := h.s.MoodCounts(), [5]int{0, 2, 0, 0, 1}; got != want {
		t.Errorf("MoodCounts: got %v, want %v", got, want)
	}
	// The pass op counts as a check-in pass too.
	h.join("d", "Dee", RoleMember, false)
	h.do("d", OpPass)
	h.refused(Intent{From: "d", Op: OpCheckIn, Mood: 3, Word: "late"}, CodeAlreadyDone)
	st := h.s.Snapshot("d")
	wantViews := []CheckInView{{"a", "Alex", "tired", false}, {"b", "Bo", "hopeful", false}, {"f", "Maria", "grateful", false},
		{"c", "Cam", "", true}, {"d", "Dee", "", true}}
	if diff := cmp.Diff(wantViews, st.CheckIns); diff != "" {
		t.Errorf("check-ins in the snapshot (-want +got):\n%s", diff)
	}

	tw := circleOf(t, FormatTwelveStep)
	tw.advanceTo(PhaseSharing)
	e := tw.refused(Intent{From: "a", Op: OpCheckIn, Mood: 3, Word: "ok"}, CodeWrongPhase)
	if !strings.Contains(e.Text, "no check-in") {
		t.Errorf("twelve-step check-in message: %q", e.Text)
	}
}

func TestTimer(t *testing.T) {
	h := newHarness(t, Config{Format: FormatTwelveStep, ShareSeconds: 120})
	h.join("f", "Maria", RoleFacilitator, false)
	h.join("a", "Alex", RoleMember, false)
	h.advanceTo(PhaseSharing)
	h.do("a", OpRaiseHand)
	start := h.now
	h.ok(Intent{From: "a", Op: OpStartShare, At: start})

	tick := func(sec int) []Event { return h.check(h.s.Tick(start.Add(time.Duration(sec) * time.Second))) }
	if evs := tick(59); len(evs) != 0 {
		t.Errorf("tick at 59s: got %v", types(evs))
	}
	evs := tick(60)
	if len(evs) != 1 || evs[0].Kind != NoticeOneMinute || evs[0].Timer.Remaining != 60 || evs[0].Audience.Kind != Everyone {
		t.Fatalf("tick at 60s: got %+v", evs)
	}
	if evs := tick(61); len(evs) != 0 {
		t.Errorf("notice sent twice: %v", types(evs))
	}
	evs = tick(125)
	if len(evs) != 1 || evs[0].Kind != NoticeTimeUp || evs[0].Timer.Remaining != 0 {
		t.Fatalf("tick at 125s: got %+v", evs)
	}
	// Never a cut-off.
	if evs := tick(3600); len(evs) != 0 || h.s.speaker == nil {
		t.Errorf("an hour on: events %v, speaker %v; want the share still going", types(evs), h.s.speaker)
	}
	// Extending re-arms the notices.
	h.now = start.Add(3601 * time.Second)
	h.refused(Intent{From: "f", Op: OpExtend, Seconds: 0}, CodeBadValue)
	h.refused(Intent{From: "a", Op: OpExtend, Seconds: 60}, CodeNotAllowed)
	evs = h.ok(Intent{From: "f", Op: OpExtend, Seconds: MaxExtend})
	if evs[0].Type != EventTimer || evs[0].Timer.Seconds != 120+MaxExtend {
		t.Errorf("extend: got %+v", evs[0])
	}
	if evs := tick(120 + MaxExtend - 60); len(evs) != 1 || evs[0].Kind != NoticeOneMinute {
		t.Errorf("one minute before the extended end: got %v", evs)
	}
	h.do("a", OpEndShare)
	h.refused(Intent{From: "f", Op: OpExtend, Seconds: 60}, CodeNotSharing)

	// A share shorter than a minute only gets the time-up notice.
	short := newHarness(t, Config{Format: FormatTwelveStep, ShareSeconds: 30})
	short.join("f", "Maria", RoleFacilitator, false)
	short.advanceTo(PhaseSharing)
	short.do("f", OpRaiseHand)
	short.do("f", OpStartShare)
	if evs := short.check(short.s.Tick(short.now.Add(10 * time.Second))); len(evs) != 0 {
		t.Errorf("short share at 10s: got %v", types(evs))
	}
	if evs := short.check(short.s.Tick(short.now.Add(time.Minute))); len(evs) != 1 || evs[0].Kind != NoticeTimeUp {
		t.Errorf("short share at 60s: got %v", evs)
	}
	// A clock that goes backwards does not undo time.
	if evs := short.check(short.s.Tick(t0)); len(evs) != 0 {
		t.Errorf("tick in the past: got %v", types(evs))
	}
}

func TestSupport(t *testing.T) {
	h := circleOf(t, FormatSharingCircle)
	h.join("c2", "Cy", RoleCoFacilitator, false)
	evs := h.ok(Intent{From: "a", Op: OpNeedSupport, Text: "struggling tonight", Ref: "s1"})
	if diff := cmp.Diff([]string{"support_request", "support_noted"}, types(evs)); diff != "" {
		t.Fatalf("need_support (-want +got):\n%s", diff)
	}
	if evs[0].Audience.Kind != Facilitators || evs[0].MemberID != "a" || evs[0].Text != "struggling tonight" || evs[0].Ref != "" {
		t.Errorf("support_request: got %+v", evs[0])
	}
	if !toOnly(evs[1].Audience, "a") || evs[1].Count != 2 || evs[1].Ref != "s1" {
		t.Errorf("support_noted: got %+v", evs[1])
	}
	if got := h.s.Snapshot("b").Support; got != nil {
		t.Errorf("a member sees support requests: %v", got)
	}
	if got := h.s.Snapshot("a").Support; got != nil {
		t.Errorf("the asker sees the request list: %v", got)
	}
	if got := h.s.Snapshot("c2").Support; len(got) != 1 || got[0].MemberID != "a" {
		t.Errorf("co-facilitator's support list: %v", got)
	}
	h.refused(Intent{From: "a", Op: OpNeedSupport, Text: strings.Repeat("x", MaxSupportNote+1)}, CodeTooLong)

	h.refused(Intent{From: "b", Op: OpOpenSideRoom, MemberID: "a"}, CodeNotAllowed)
	h.refused(Intent{From: "f", Op: OpOpenSideRoom, MemberID: "f"}, CodeBadValue)
	h.refused(Intent{From: "f", Op: OpOpenSideRoom, MemberID: "zz"}, CodeNotFound)
	evs = h.ok(Intent{From: "f", Op: OpOpenSideRoom, MemberID: "a"})
	if len(evs) != 2 || !toOnly(evs[0].Audience, "a") || evs[1].Audience.Kind != Facilitators ||
		evs[0].ID == "" || evs[0].ID != evs[1].ID || !strings.HasPrefix(evs[0].ID, "s1:") {
		t.Fatalf("open_side_room: got %+v", evs)
	}
	if got := h.s.Snapshot("a").SideRooms; len(got) != 1 || got[0].ID != evs[0].ID {
		t.Errorf("member's side rooms: %v", got)
	}
	if got := h.s.Snapshot("b").SideRooms; got != nil {
		t.Errorf("another member sees side rooms: %v", got)
	}
	if got := h.s.Snapshot("f").Support; got[0].Room != evs[0].ID {
		t.Errorf("support request room: got %q, want %q", got[0].Room, evs[0].ID)
	}

	// With no facilitator here the member is told so.
	lone := newHarness(t, Config{})
	lone.join("a", "Alex", RoleMember, false)
	evs = lone.ok(Intent{From: "a", Op: OpNeedSupport})
	if evs[1].Count != 0 || !strings.Contains(evs[1].Text, "No facilitator") {
		t.Errorf("support_noted with no facilitator: %+v", evs[1])
	}
}

func TestPoll(t *testing.T) {
	h := circleOf(t, FormatOpenDiscussion)
	h.join("d", "Dee", RoleMember, false)
	open := Intent{From: "f", Op: OpPollOpen, Text: "Same time next week?", Options: []string{"Yes", "No"}}
	h.refused(Intent{From: "a", Op: OpPollOpen, Text: "q", Options: []string{"x", "y"}}, CodeNotAllowed)
	h.refused(Intent{From: "f", Op: OpPollOpen, Text: "q", Options: []string{"only one"}}, CodeBadValue)
	h.refused(Intent{From: "f", Op: OpPollOpen, Text: "", Options: []string{"x", "y"}}, CodeBadValue)
	h.refused(Intent{From: "f", Op: OpPollOpen, Text: "q", Options: []string{"x", " "}}, CodeBadValue)
	h.refused(Intent{From: "a", Op: OpPollAnswer, Choice: 1}, CodeNotFound)
	evs := h.ok(open)
	if p := evs[0].Poll; p == nil || !p.Open || p.Answered != 0 || p.Counts != nil {
		t.Fatalf("poll_open: got %+v", p)
	}
	h.refused(open, CodeAlreadyDone)
	h.refused(Intent{From: "a", Op: OpPollAnswer, Choice: 0}, CodeBadValue)
	h.refused(Intent{From: "a", Op: OpPollAnswer, Choice: 3}, CodeBadValue)
	for i, id := range []string{"a", "b", "c", "d"} {
		evs := h.ok(Intent{From: id, Op: OpPollAnswer, Choice: 1 + i%2})
		if p := evs[0].Poll; p.Answered != i+1 || p.Counts != nil {
			t.Errorf("after %d answers: got %+v, want no counts while open", i+1, p)
		}
	}
	h.refused(Intent{From: "a", Op: OpPollAnswer, Choice: 2}, CodeAlreadyDone)
	if v := h.s.Snapshot("a").Poll; !v.YouAnswered {
		t.Errorf("snapshot: a answered, got %+v", v)
	}
	if v := h.s.Snapshot("f").Poll; v.YouAnswered {
		t.Errorf("snapshot: f did not answer, got %+v", v)
	}
	evs = h.do("f", OpPollClose)
	if p := evs[0].Poll; p.Open || !slices.Equal(p.Counts, []int{2, 2}) {
		t.Errorf("poll_close: got %+v, want counts 2, 2", p)
	}
	h.refused(Intent{From: "f", Op: OpPollClose}, CodeNotFound)

	// Fewer than three answers: the counts are never shown.
	h.ok(Intent{From: "f", Op: OpPollOpen, Text: "Snacks?", Options: []string{"Yes", "No"}})
	h.ok(Intent{From: "a", Op: OpPollAnswer, Choice: 1})
	h.ok(Intent{From: "b", Op: OpPollAnswer, Choice: 1})
	evs = h.do("f", OpPollClose)
	if p := evs[0].Poll; p.Counts != nil || p.Answered != 2 {
		t.Errorf("closed with two answers: got %+v, want no counts", p)
	}
}

func TestBreakout(t *testing.T) {
	ids := []string{"f", "a", "b", "c", "d", "e", "g"}
	blocked := [][2]string{{"a", "b"}, {"c", "d"}, {"a", "c"}}
	for seed := range uint64(200) {
		h := newHarness(t, Config{Format: FormatPsychoeducational, Blocked: blocked[:2], Rand: rand.New(rand.NewPCG(seed, 7))})
		h.s.Block(blocked[2][0], blocked[2][1])
		h.join("f", "Maria", RoleFacilitator, false)
		for _, id := range ids[1:] {
			h.join(id, strings.ToUpper(id), RoleMember, false)
		}
		h.do("e", OpStepOut) // stepped out is still here: they get a room
		size := 2 + int(seed%4)
		evs := h.ok(Intent{From: "f", Op: OpBreakoutStart, Size: size, Seconds: 600})
		b := evs[0].Breakout
		if b == nil || !b.Active || !b.EndsAt.Equal(h.now.Add(-time.Second).Add(600*time.Second)) {
			t.Fatalf("seed %d: breakout event %+v", seed, b)
		}
		var all []string
		for _, r := range b.Rooms {
			if len(r.Members) > size || len(r.Members) == 0 {
				t.Errorf("seed %d size %d: room %s has %d", seed, size, r.ID, len(r.Members))
			}
			for _, p := range blocked {
				if slices.Contains(r.Members, p[0]) && slices.Contains(r.Members, p[1]) {
					t.Errorf("seed %d: blocked pair %v together in %v", seed, p, r.Members)
				}
			}
			all = append(all, r.Members...)
		}
		slices.Sort(all)
		if diff := cmp.Diff([]string{"a", "b", "c", "d", "e", "f", "g"}, all); diff != "" {
			t.Errorf("seed %d: everyone in exactly one room (-want +got):\n%s", seed, diff)
		}
		if seed == 0 {
			h.refused(Intent{From: "f", Op: OpBreakoutStart, Size: 2, Seconds: 60}, CodeAlreadyDone)
			h.advanceTo(PhaseSharing)
			h.refused(Intent{From: "a", Op: OpRaiseHand}, CodeInBreakout)
			if got := h.check(h.s.Tick(b.EndsAt.Add(-time.Second))); len(got) != 0 {
				t.Errorf("tick before the end: %v", types(got))
			}
			got := h.check(h.s.Tick(b.EndsAt))
			if len(got) != 1 || got[0].Type != EventBreakout || got[0].Breakout.Active || got[0].Kind != "timer" {
				t.Errorf("breakout timer end: got %+v", got)
			}
			h.refused(Intent{From: "f", Op: OpBreakoutEnd}, CodeNotFound)
			h.do("a", OpRaiseHand)
		} else {
			evs := h.do("f", OpBreakoutEnd)
			if evs[0].Breakout.Active || h.s.breakout != nil {
				t.Errorf("breakout_end: got %+v", evs[0].Breakout)
			}
		}
	}

	// Blocks that rule out the fewest rooms mean more rooms, never a blocked pair.
	h := newHarness(t, Config{})
	h.join("f", "Maria", RoleFacilitator, false)
	h.join("a", "A", RoleMember, false)
	h.join("b", "B", RoleMember, false)
	h.s.Block("f", "a")
	h.s.Block("f", "b")
	h.s.Block("a", "b")
	evs := h.ok(Intent{From: "f", Op: OpBreakoutStart, Size: 3, Seconds: 60})
	if got := len(evs[0].Breakout.Rooms); got != 3 {
		t.Errorf("three people who all block each other: got %d rooms, want 3", got)
	}

	bad := circleOf(t, FormatSharingCircle)
	bad.refused(Intent{From: "a", Op: OpBreakoutStart, Size: 2, Seconds: 60}, CodeNotAllowed)
	bad.refused(Intent{From: "f", Op: OpBreakoutStart, Size: 1, Seconds: 60}, CodeBadValue)
	bad.refused(Intent{From: "f", Op: OpBreakoutStart, Size: 2, Seconds: 0}, CodeBadValue)
	bad.refused(Intent{From: "f", Op: OpBreakoutStart, Size: 2, Seconds: MaxBreakout + 1}, CodeBadValue)
	bad.refused(Intent{From: "f", Op: OpBreakoutEnd}, CodeNotFound)
	alone := newHarness(t, Config{})
	alone.join("f", "Maria", RoleFacilitator, false)
	alone.refused(Intent{From: "f", Op: OpBreakoutStart, Size: 2, Seconds: 60}, CodeBadValue)
}

func TestFeedback(t *testing.T) {
	h := circleOf(t, FormatSharingCircle)
	h.join("d", "Dee", RoleMember, false)
	good := func(from string, heard, safe, back int, comment string) Intent {
		return Intent{From: from, Op: OpFeedback, FeltHeard: heard, FeltSafe: safe, WouldComeBack: back, Comment: comment}
	}
	h.refused(good("a", 5, 5, 5, ""), CodeWrongPhase)
	h.advanceTo(PhaseFeedback)
	h.refused(good("a", 0, 5, 5, ""), CodeBadValue)
	h.refused(good("a", 5, 6, 5, ""), CodeBadValue)
	h.refused(good("a", 5, 5, -1, ""), CodeBadValue)
	h.refused(good("a", 5, 5, 5, strings.Repeat("c", MaxComment+1)), CodeTooLong)

	evs := h.ok(good("a", 5, 4, 5, "thank you"))
	want := Event{Seq: evs[0].Seq, Type: EventFeedback, At: evs[0].At, Count: 1}
	if diff := cmp.Diff(want, evs[0]); diff != "" {
		t.Errorf("feedback_received carries no content (-want +got):\n%s", diff)
	}
	h.refused(good("a", 1, 1, 1, ""), CodeAlreadyDone)
	if _, ok := h.s.FeedbackSummary(); ok {
		t.Errorf("FeedbackSummary with one answer: want withheld")
	}
	h.ok(good("b", 3, 2, 4, ""))
	if sum, ok := h.s.FeedbackSummary(); ok || sum.Answered != 2 {
		t.Errorf("FeedbackSummary with two answers: got %+v %v, want withheld", sum, ok)
	}
	h.ok(good("c", 4, 3, 3, "good group"))
	sum, ok := h.s.FeedbackSummary()
	wantSum := FeedbackSummary{Answered: 3,
		FeltHeard:     Scale{Counts: [5]int{0, 0, 1, 1, 1}, Mean: 4},
		FeltSafe:      Scale{Counts: [5]int{0, 1, 1, 1, 0}, Mean: 3},
		WouldComeBack: Scale{Counts: [5]int{0, 0, 1, 1, 1}, Mean: 4},
	}
	if diff := cmp.Diff(wantSum, sum); !ok || diff != "" {
		t.Errorf("FeedbackSummary (-want +got):\n%s", diff)
	}
	if st := h.s.Snapshot("a"); !st.FeedbackGiven || st.FeedbackCount != 3 {
		t.Errorf("snapshot: given %v count %d", st.FeedbackGiven, st.FeedbackCount)
	}
	if st := h.s.Snapshot("d"); st.FeedbackGiven {
		t.Errorf("snapshot for d: feedback given")
	}
	// Answers carry no member id; receipts are a separate set.
	if diff := cmp.Diff(map[string]bool{"a": true, "b": true, "c": true}, h.s.feedbackFrom); diff != "" {
		t.Errorf("receipts (-want +got):\n%s", diff)
	}
}

func TestEndAndSummary(t *testing.T) {
	const marker = "§"
	h := newHarness(t, Config{Format: FormatSharingCircle, AgreementText: marker + " agreement"})
	h.join("f", marker+"Maria", RoleFacilitator, false)
	h.join("a", marker+"Alex", RoleMember, false)
	h.join("b", marker+"Bo", RoleMember, false)
	h.join("c", marker+"Cam", RoleMember, true)
	h.ok(Intent{From: "a", Op: OpChat, Text: marker + " hello"})
	h.advanceTo(PhaseCheckIn)
	h.ok(Intent{From: "a", Op: OpCheckIn, Mood: 4, Word: marker + "calm"})
	h.ok(Intent{From: "b", Op: OpCheckIn, Mood: 2, Word: marker + "low"})
	h.ok(Intent{From: "f", Op: OpPollOpen, Text: marker + " question", Options: []string{marker + "1", marker + "2"}})
	h.ok(Intent{From: "a", Op: OpNeedSupport, Text: marker + " please"})
	h.ok(Intent{From: "f", Op: OpOpenSideRoom, MemberID: "a"})
	h.advanceTo(PhaseSharing)
	h.share("f")
	h.ok(Intent{From: "a", Op: OpStartShare, ContentNote: marker + " loss"})
	h.ok(Intent{From: "b", Op: OpChat, Text: marker + " held"})
	if len(leftoverText(h.s, marker)) == 0 {
		t.Fatal("the test's text marker is not found before the end; the walk is broken")
	}

	evs := h.do("f", OpEndSession)
	if diff := cmp.Diff([]string{"ended"}, types(evs)); diff != "" {
		t.Errorf("end_session events (-want +got):\n%s", diff)
	}
	if left := leftoverText(h.s, marker); len(left) != 0 {
		t.Errorf("text survived the end: %q", left)
	}
	if !h.s.Ended() || h.s.Phase() != PhaseEnded {
		t.Errorf("after end: ended %v phase %s", h.s.Ended(), h.s.Phase())
	}
	h.refused(Intent{From: "a", Op: OpChat, Text: "anyone?"}, CodeEnded)
	h.refused(Intent{From: "z", Op: OpJoin, Name: "Zed", Role: RoleMember}, CodeEnded)
	if evs := h.s.Tick(h.now.Add(time.Hour)); evs != nil {
		t.Errorf("tick after end: %v", types(evs))
	}
	if evs := h.s.End(h.now); evs != nil {
		t.Errorf("second End: %v", types(evs))
	}
	if evs := h.s.Remove("a", h.now); evs != nil {
		t.Errorf("Remove after end: %v", types(evs))
	}
	st := h.s.Snapshot("f")
	if !st.Ended || st.Phase != PhaseEnded || len(st.Members) != 0 || st.Agreement.Text != "" {
		t.Errorf("snapshot after end: %+v", st)
	}

	want := Summary{SessionID: "s1", Format: FormatSharingCircle, Attended: []string{"a", "b", "c", "f"},
		AttendanceCount: 4, MoodCounts: [5]int{0, 1, 0, 1, 0}, Shares: 2}
	if diff := cmp.Diff(want, h.s.Summary()); diff != "" {
		t.Errorf("Summary (-want +got):\n%s", diff)
	}
}

func TestRef(t *testing.T) {
	h := circleOf(t, FormatSharingCircle)
	long := strings.Repeat("r", MaxRef+1)
	e := h.refused(Intent{From: "a", Op: OpChat, Text: "hi", Ref: long}, CodeBadValue)
	if e.Ref != long[:MaxRef] {
		t.Errorf("long ref echoed as %q", e.Ref)
	}
	// Refs go back to the sender only, never to everyone.
	evs := h.ok(Intent{From: "a", Op: OpChat, Text: "hi", Ref: "secret"})
	if evs[0].Ref != "" {
		t.Errorf("broadcast chat carries the sender's ref %q", evs[0].Ref)
	}
	evs = h.ok(Intent{From: "a", Op: OpJoin, Ref: "again"})
	if evs[0].Ref != "again" {
		t.Errorf("state to the sender: ref %q", evs[0].Ref)
	}
}
