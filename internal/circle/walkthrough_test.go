package circle

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestWalkthrough runs a whole group session for each format the way a
// facilitator would: everyone gathers, the agreement is shown, the rounds
// go by, feedback is given, the session ends, and only what may be kept is
// left.
func TestWalkthrough(t *testing.T) {
	tests := []struct {
		format     Format
		shares     int
		moods      [5]int
		feedback   int
		wantQueues map[Phase][]string // the queue each phase starts with
	}{
		{FormatSharingCircle, 7, [5]int{0, 1, 1, 1, 0}, 3, map[Phase][]string{
			PhaseSharing: {"f", "a", "b", "c"}, PhaseClosing: {"f", "a", "b", "c"}}},
		{FormatPsychoeducational, 8, [5]int{0, 1, 1, 1, 0}, 3, map[Phase][]string{
			PhaseSharing: nil, PhaseOpenDiscussion: nil, PhaseClosing: {"f", "a", "b", "c"}}},
		{FormatTwelveStep, 7, [5]int{}, 3, map[Phase][]string{
			PhaseSharing: nil, PhaseClosing: {"f", "a", "b", "c"}}},
		{FormatOpenDiscussion, 4, [5]int{0, 1, 1, 1, 0}, 3, map[Phase][]string{
			PhaseOpenDiscussion: nil, PhaseClosing: {"f", "a", "b", "c"}}},
	}
	for _, tt := range tests {
		t.Run(string(tt.format), func(t *testing.T) {
			h := newHarness(t, Config{SessionID: "g1-2026-03-03", Format: tt.format, ShareSeconds: 240,
				AgreementVersion: 2, AgreementText: "What is said here stays here."})
			h.join("f", "Maria", RoleFacilitator, false)
			h.join("a", "Alex", RoleMember, false)
			h.join("b", "Bo", RoleMember, false)
			h.join("c", "Cam", RoleMember, false)
			h.join("j", "James", RoleMember, true)
			h.ok(Intent{From: "a", Op: OpChat, Text: "hi everyone"})

			var phases []Phase
			for h.s.Phase() != PhaseFeedback {
				evs := h.do("f", OpAdvance)
				p := evs[0].Phase
				if evs[0].Type != EventPhase || p != h.s.Phase() {
					t.Fatalf("advance: got %+v", evs[0])
				}
				phases = append(phases, p)
				if want, ok := tt.wantQueues[p]; ok {
					if diff := cmp.Diff(want, h.s.Snapshot("a").Queue, emptyIsNil); diff != "" {
						t.Errorf("%s starts with queue (-want +got):\n%s", p, diff)
					}
				}
				switch p {
				case PhaseOpening:
					if st := h.s.Snapshot("j"); st.Agreement.Version != 2 || st.Agreement.Text == "" {
						t.Errorf("opening: agreement %+v", st.Agreement)
					}
				case PhaseCheckIn:
					h.ok(Intent{From: "f", Op: OpCheckIn, Mood: 4, Word: "ready"})
					h.ok(Intent{From: "a", Op: OpCheckIn, Mood: 2, Word: "tired"})
					h.ok(Intent{From: "b", Op: OpCheckIn, Mood: 3, Word: "okay"})
					h.do("c", OpPass)
					h.ok(Intent{From: "j", Op: OpCheckIn, Pass: true})
				case PhaseSharing, PhaseClosing:
					h.sharingRound(t, p)
				case PhaseOpenDiscussion:
					h.do("a", OpRaiseHand)
					h.do("a", OpStartShare)
					if evs := h.ok(Intent{From: "b", Op: OpChat, Text: "that helps"}); evs[0].Type != EventChat {
						t.Errorf("open discussion: chat during a share was %s, want it sent", evs[0].Type)
					}
					h.do("a", OpEndShare)
				}
			}
			if diff := cmp.Diff(Agenda(tt.format)[1:], phases); diff != "" {
				t.Errorf("phases visited (-want +got):\n%s", diff)
			}
			h.ok(Intent{From: "a", Op: OpFeedback, FeltHeard: 5, FeltSafe: 5, WouldComeBack: 5, Comment: "thank you"})
			h.ok(Intent{From: "b", Op: OpFeedback, FeltHeard: 4, FeltSafe: 3, WouldComeBack: 4})
			h.ok(Intent{From: "j", Op: OpFeedback, FeltHeard: 3, FeltSafe: 4, WouldComeBack: 5})
			if _, ok := h.s.FeedbackSummary(); !ok {
				t.Errorf("FeedbackSummary withheld with three answers")
			}
			h.do("c", OpLeave)
			evs := h.do("f", OpEndSession)
			if evs[0].Type != EventEnded {
				t.Fatalf("end_session: got %v", types(evs))
			}

			want := Summary{
				SessionID: "g1-2026-03-03", Format: tt.format,
				Attended: []string{"a", "b", "c", "f", "j"}, AttendanceCount: 5,
				MoodCounts: tt.moods, Shares: tt.shares,
				Feedback: []FeedbackAnswer{{3, 4, 5, ""}, {4, 3, 4, ""}, {5, 5, 5, "thank you"}},
			}
			if diff := cmp.Diff(want, h.s.Summary()); diff != "" {
				t.Errorf("Summary (-want +got):\n%s", diff)
			}
		})
	}
}

var emptyIsNil = cmp.Transformer("emptyIsNil", func(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
})

// sharingRound runs a round of the talking piece: in a go-around round
// everyone in line shares in turn (c passes); otherwise a and b raise
// hands and share, while c's chat waits. James, just listening, shares
// once in the sharing phase by raising his own hand.
func (h *harness) sharingRound(t *testing.T, p Phase) {
	t.Helper()
	if len(h.s.queue) > 0 {
		for len(h.s.queue) > 0 {
			id := h.s.queue[0].id
			if id == "c" {
				h.do("c", OpPass)
				continue
			}
			h.ok(Intent{From: id, Op: OpStartShare})
			h.do(id, OpEndShare)
		}
		if h.s.round < 2 {
			t.Errorf("%s: round %d after everyone had a turn", p, h.s.round)
		}
	} else {
		h.do("a", OpRaiseHand)
		h.do("b", OpRaiseHand)
		h.ok(Intent{From: "a", Op: OpStartShare, ContentNote: "this touches on loss"})
		h.ok(Intent{From: "c", Op: OpChat, Text: "thank you for sharing"})
		h.ok(Intent{From: "c", Op: OpReact, Kind: ReactNod})
		evs := h.do("a", OpEndShare)
		if got := types(evs); !slices.Contains(got, string(EventChat)) {
			t.Errorf("%s: held chat not released at the end of the share: %v", p, got)
		}
		h.do("b", OpStartShare)
		h.ok(Intent{From: "f", Op: OpExtend, Seconds: 60})
		h.do("b", OpEndShare)
		h.do("f", OpRaiseHand)
		h.do("f", OpStartShare)
		h.do("f", OpEndShare)
	}
	if p == PhaseSharing {
		h.do("j", OpRaiseHand)
		h.do("j", OpStartShare)
		h.do("j", OpEndShare)
	}
}
