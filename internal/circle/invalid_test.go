package circle

import (
	"strings"
	"testing"
)

// The setups the invalid intents are tried against. Each joins a
// facilitator f and members a, b, c (and sometimes more).
var setups = map[string]func(t *testing.T) *harness{
	"gathering": func(t *testing.T) *harness { return circleOf(t, FormatSharingCircle) },
	// Twelve-step sharing: a is sharing, b has a hand up and a held chat.
	"sharing": func(t *testing.T) *harness {
		h := circleOf(t, FormatTwelveStep)
		h.join("j", "James", RoleMember, true)
		h.join("c2", "Cy", RoleCoFacilitator, false)
		h.advanceTo(PhaseSharing)
		h.do("a", OpRaiseHand)
		h.do("a", OpStartShare)
		h.do("b", OpRaiseHand)
		h.ok(Intent{From: "b", Op: OpChat, Text: "me too"})
		h.do("c", OpStepOut)
		return h
	},
	// Twelve-step sharing: no one sharing, b then c waiting.
	"waiting": func(t *testing.T) *harness {
		h := circleOf(t, FormatTwelveStep)
		h.advanceTo(PhaseSharing)
		h.do("b", OpRaiseHand)
		h.do("c", OpRaiseHand)
		return h
	},
	"checkin": func(t *testing.T) *harness {
		h := circleOf(t, FormatSharingCircle)
		h.advanceTo(PhaseCheckIn)
		h.ok(Intent{From: "c", Op: OpCheckIn, Mood: 3, Word: "fine"})
		return h
	},
	"feedback": func(t *testing.T) *harness {
		h := circleOf(t, FormatSharingCircle)
		h.advanceTo(PhaseFeedback)
		h.ok(Intent{From: "c", Op: OpFeedback, FeltHeard: 4, FeltSafe: 4, WouldComeBack: 4})
		return h
	},
	"ended": func(t *testing.T) *harness {
		h := circleOf(t, FormatSharingCircle)
		h.do("f", OpEndSession)
		return h
	},
	// b was removed, c left.
	"departed": func(t *testing.T) *harness {
		h := circleOf(t, FormatSharingCircle)
		h.ok(Intent{From: "f", Op: OpRemove, MemberID: "b"})
		h.do("c", OpLeave)
		return h
	},
	"poll": func(t *testing.T) *harness {
		h := circleOf(t, FormatOpenDiscussion)
		h.ok(Intent{From: "f", Op: OpPollOpen, Text: "Next week?", Options: []string{"yes", "no"}})
		h.ok(Intent{From: "c", Op: OpPollAnswer, Choice: 1})
		return h
	},
	"breakout": func(t *testing.T) *harness {
		h := circleOf(t, FormatOpenDiscussion)
		h.advanceTo(PhaseOpenDiscussion)
		h.ok(Intent{From: "f", Op: OpBreakoutStart, Size: 2, Seconds: 300})
		return h
	},
}

func TestInvalidIntents(t *testing.T) {
	long := func(n int) string { return strings.Repeat("x", n+1) }
	tests := []struct {
		name  string
		setup string
		in    Intent
		code  ErrorCode
	}{
		// Who may act at all.
		{"unknown op", "gathering", Intent{From: "a", Op: "dance"}, CodeUnknownOp},
		{"empty op", "gathering", Intent{From: "a"}, CodeUnknownOp},
		{"stranger", "gathering", Intent{From: "x", Op: OpChat, Text: "hi"}, CodeNotJoined},
		{"no sender", "gathering", Intent{Op: OpRaiseHand}, CodeNotJoined},
		{"left member acts", "departed", Intent{From: "c", Op: OpChat, Text: "hi"}, CodeLeft},
		{"removed member acts", "departed", Intent{From: "b", Op: OpRaiseHand}, CodeRemoved},
		{"removed member rejoins", "departed", Intent{From: "b", Op: OpJoin, Name: "Bo", Role: RoleMember}, CodeRemoved},
		{"removed member, unknown op", "departed", Intent{From: "b", Op: "dance"}, CodeRemoved},
		{"after the end", "ended", Intent{From: "a", Op: OpChat, Text: "hi"}, CodeEnded},
		{"facilitator after the end", "ended", Intent{From: "f", Op: OpAdvance}, CodeEnded},
		{"ref too long", "gathering", Intent{From: "a", Op: OpChat, Text: "hi", Ref: long(MaxRef)}, CodeBadValue},

		// Joining.
		{"join without id", "gathering", Intent{Op: OpJoin, Name: "N", Role: RoleMember}, CodeBadValue},
		{"join with blank name", "gathering", Intent{From: "n", Op: OpJoin, Name: " ", Role: RoleMember}, CodeBadValue},
		{"join with long name", "gathering", Intent{From: "n", Op: OpJoin, Name: long(MaxName), Role: RoleMember}, CodeTooLong},
		{"join with unknown role", "gathering", Intent{From: "n", Op: OpJoin, Name: "N", Role: "admin"}, CodeBadValue},
		{"join with no role", "gathering", Intent{From: "n", Op: OpJoin, Name: "N"}, CodeBadValue},

		// Phases.
		{"member advances", "gathering", Intent{From: "a", Op: OpAdvance}, CodeNotAllowed},
		{"advance past the last phase", "feedback", Intent{From: "f", Op: OpAdvance}, CodeWrongPhase},
		{"advance to an unknown phase", "gathering", Intent{From: "f", Op: OpAdvance, Phase: "dancing"}, CodeBadValue},
		{"advance to a phase not on the agenda", "gathering", Intent{From: "f", Op: OpAdvance, Phase: PhaseOpenDiscussion}, CodeBadValue},
		{"advance to the ended phase", "gathering", Intent{From: "f", Op: OpAdvance, Phase: PhaseEnded}, CodeBadValue},
		{"advance to the current phase", "gathering", Intent{From: "f", Op: OpAdvance, Phase: PhaseGathering}, CodeAlreadyDone},
		{"advance while someone shares", "sharing", Intent{From: "f", Op: OpAdvance}, CodeSomeoneSharing},

		// Hands and turns.
		{"raise hand in the wrong phase", "gathering", Intent{From: "a", Op: OpRaiseHand}, CodeWrongPhase},
		{"raise hand twice", "sharing", Intent{From: "b", Op: OpRaiseHand}, CodeAlreadyDone},
		{"raise hand while sharing", "sharing", Intent{From: "a", Op: OpRaiseHand}, CodeAlreadyDone},
		{"raise hand while stepped out", "sharing", Intent{From: "c", Op: OpRaiseHand}, CodeSteppedOut},
		{"raise hand in breakout", "breakout", Intent{From: "a", Op: OpRaiseHand}, CodeInBreakout},
		{"lower a hand that isn't up", "sharing", Intent{From: "f", Op: OpLowerHand}, CodeNotFound},
		{"pass in the wrong phase", "gathering", Intent{From: "a", Op: OpPass}, CodeWrongPhase},
		{"speaker passes", "sharing", Intent{From: "a", Op: OpPass}, CodeAlreadyDone},
		{"second starter while someone shares", "sharing", Intent{From: "b", Op: OpStartShare}, CodeSomeoneSharing},
		{"speaker starts again", "sharing", Intent{From: "a", Op: OpStartShare}, CodeAlreadyDone},
		{"start share out of turn", "waiting", Intent{From: "c", Op: OpStartShare}, CodeNotYourTurn},
		{"start share without a hand up", "waiting", Intent{From: "a", Op: OpStartShare}, CodeNotYourTurn},
		{"start share with a long content note", "waiting", Intent{From: "b", Op: OpStartShare, ContentNote: long(MaxContentNote)}, CodeTooLong},
		{"start share in the wrong phase", "gathering", Intent{From: "a", Op: OpStartShare}, CodeWrongPhase},
		{"start share in breakout", "breakout", Intent{From: "a", Op: OpStartShare}, CodeInBreakout},
		{"end share when not speaking", "sharing", Intent{From: "b", Op: OpEndShare}, CodeNotSharing},
		{"end share when no one speaks", "waiting", Intent{From: "b", Op: OpEndShare}, CodeNotSharing},
		{"facilitator ends someone else's share", "sharing", Intent{From: "f", Op: OpEndShare}, CodeNotSharing},

		// Facilitator controls.
		{"member gives a turn", "waiting", Intent{From: "a", Op: OpGiveTurn, MemberID: "c"}, CodeNotAllowed},
		{"give turn to a stranger", "waiting", Intent{From: "f", Op: OpGiveTurn, MemberID: "x"}, CodeNotFound},
		{"give turn to the speaker", "sharing", Intent{From: "f", Op: OpGiveTurn, MemberID: "a"}, CodeAlreadyDone},
		{"give turn to someone stepped out", "sharing", Intent{From: "f", Op: OpGiveTurn, MemberID: "c"}, CodeSteppedOut},
		{"give turn to someone just listening", "sharing", Intent{From: "f", Op: OpGiveTurn, MemberID: "j"}, CodeNotAllowed},
		{"give turn to the first in line", "waiting", Intent{From: "f", Op: OpGiveTurn, MemberID: "b"}, CodeAlreadyDone},
		{"give turn in the wrong phase", "gathering", Intent{From: "f", Op: OpGiveTurn, MemberID: "a"}, CodeWrongPhase},
		{"member skips", "sharing", Intent{From: "b", Op: OpSkip}, CodeNotAllowed},
		{"skip with nothing to skip", "gathering", Intent{From: "f", Op: OpSkip}, CodeNotFound},
		{"member reorders", "waiting", Intent{From: "a", Op: OpReorder, Order: []string{"c", "b"}}, CodeNotAllowed},
		{"reorder an empty queue", "gathering", Intent{From: "f", Op: OpReorder}, CodeNotFound},
		{"reorder leaving someone out", "waiting", Intent{From: "f", Op: OpReorder, Order: []string{"c"}}, CodeBadValue},
		{"reorder with a stranger", "waiting", Intent{From: "f", Op: OpReorder, Order: []string{"c", "x"}}, CodeBadValue},
		{"reorder with a repeat", "waiting", Intent{From: "f", Op: OpReorder, Order: []string{"c", "c"}}, CodeBadValue},
		{"member extends", "sharing", Intent{From: "b", Op: OpExtend, Seconds: 60}, CodeNotAllowed},
		{"extend with no one sharing", "waiting", Intent{From: "f", Op: OpExtend, Seconds: 60}, CodeNotSharing},
		{"extend by nothing", "sharing", Intent{From: "f", Op: OpExtend}, CodeBadValue},
		{"extend by too much", "sharing", Intent{From: "f", Op: OpExtend, Seconds: MaxExtend + 1}, CodeBadValue},
		{"member ends the session", "gathering", Intent{From: "a", Op: OpEndSession}, CodeNotAllowed},
		{"member removes", "gathering", Intent{From: "a", Op: OpRemove, MemberID: "b"}, CodeNotAllowed},
		{"remove yourself", "gathering", Intent{From: "f", Op: OpRemove, MemberID: "f"}, CodeNotAllowed},
		{"remove a stranger", "gathering", Intent{From: "f", Op: OpRemove, MemberID: "x"}, CodeNotFound},
		{"remove the removed", "departed", Intent{From: "f", Op: OpRemove, MemberID: "b"}, CodeNotFound},
		{"facilitator removes a co-facilitator", "sharing", Intent{From: "f", Op: OpRemove, MemberID: "c2"}, CodeNotAllowed},
		{"member opens a side room", "gathering", Intent{From: "a", Op: OpOpenSideRoom, MemberID: "b"}, CodeNotAllowed},
		{"side room for a stranger", "gathering", Intent{From: "f", Op: OpOpenSideRoom, MemberID: "x"}, CodeNotFound},
		{"side room for someone who left", "departed", Intent{From: "f", Op: OpOpenSideRoom, MemberID: "c"}, CodeNotFound},
		{"side room with yourself", "gathering", Intent{From: "f", Op: OpOpenSideRoom, MemberID: "f"}, CodeBadValue},

		// Chat and reactions.
		{"empty chat", "gathering", Intent{From: "a", Op: OpChat}, CodeBadValue},
		{"blank chat", "gathering", Intent{From: "a", Op: OpChat, Text: " \n\t "}, CodeBadValue},
		{"chat too long", "gathering", Intent{From: "a", Op: OpChat, Text: long(MaxChat)}, CodeTooLong},
		{"held chat too long", "sharing", Intent{From: "b", Op: OpChat, Text: long(MaxChat)}, CodeTooLong},
		{"chat that isn't UTF-8", "gathering", Intent{From: "a", Op: OpChat, Text: "\xc3\x28"}, CodeBadValue},
		{"withdraw an unknown chat", "sharing", Intent{From: "b", Op: OpWithdraw, Target: "held-99"}, CodeNotFound},
		{"withdraw someone else's chat", "sharing", Intent{From: "f", Op: OpWithdraw, Target: "held-1"}, CodeNotFound},
		{"withdraw with no target", "sharing", Intent{From: "b", Op: OpWithdraw}, CodeNotFound},
		{"react with an unknown kind", "sharing", Intent{From: "b", Op: OpReact, Kind: "clap"}, CodeBadValue},
		{"react with no kind", "gathering", Intent{From: "b", Op: OpReact}, CodeBadValue},

		// Check-in.
		{"check in in the wrong phase", "gathering", Intent{From: "a", Op: OpCheckIn, Mood: 3, Word: "ok"}, CodeWrongPhase},
		{"mood 0", "checkin", Intent{From: "a", Op: OpCheckIn, Mood: 0, Word: "ok"}, CodeBadValue},
		{"mood 6", "checkin", Intent{From: "a", Op: OpCheckIn, Mood: 6, Word: "ok"}, CodeBadValue},
		{"negative mood", "checkin", Intent{From: "a", Op: OpCheckIn, Mood: -3, Word: "ok"}, CodeBadValue},
		{"check in without a word", "checkin", Intent{From: "a", Op: OpCheckIn, Mood: 3}, CodeBadValue},
		{"check-in word too long", "checkin", Intent{From: "a", Op: OpCheckIn, Mood: 3, Word: long(MaxWord)}, CodeTooLong},
		{"check in twice", "checkin", Intent{From: "c", Op: OpCheckIn, Mood: 3, Word: "again"}, CodeAlreadyDone},
		{"pass the check-in twice", "checkin", Intent{From: "c", Op: OpPass}, CodeAlreadyDone},

		// Stepping out, support.
		{"step in when here", "gathering", Intent{From: "a", Op: OpStepIn}, CodeAlreadyDone},
		{"step out twice", "sharing", Intent{From: "c", Op: OpStepOut}, CodeAlreadyDone},
		{"support note too long", "gathering", Intent{From: "a", Op: OpNeedSupport, Text: long(MaxSupportNote)}, CodeTooLong},

		// Polls.
		{"member opens a poll", "gathering", Intent{From: "a", Op: OpPollOpen, Text: "q", Options: []string{"x", "y"}}, CodeNotAllowed},
		{"poll with one option", "gathering", Intent{From: "f", Op: OpPollOpen, Text: "q", Options: []string{"x"}}, CodeBadValue},
		{"poll with too many options", "gathering", Intent{From: "f", Op: OpPollOpen, Text: "q", Options: make([]string, MaxOptions+1)}, CodeBadValue},
		{"poll with no question", "gathering", Intent{From: "f", Op: OpPollOpen, Options: []string{"x", "y"}}, CodeBadValue},
		{"poll with a long question", "gathering", Intent{From: "f", Op: OpPollOpen, Text: long(MaxQuestion), Options: []string{"x", "y"}}, CodeTooLong},
		{"poll with a long option", "gathering", Intent{From: "f", Op: OpPollOpen, Text: "q", Options: []string{"x", long(MaxOption)}}, CodeTooLong},
		{"second poll while one is open", "poll", Intent{From: "f", Op: OpPollOpen, Text: "q", Options: []string{"x", "y"}}, CodeAlreadyDone},
		{"answer with no poll", "gathering", Intent{From: "a", Op: OpPollAnswer, Choice: 1}, CodeNotFound},
		{"answer with no choice", "poll", Intent{From: "a", Op: OpPollAnswer}, CodeBadValue},
		{"answer out of range", "poll", Intent{From: "a", Op: OpPollAnswer, Choice: 3}, CodeBadValue},
		{"answer twice", "poll", Intent{From: "c", Op: OpPollAnswer, Choice: 2}, CodeAlreadyDone},
		{"member closes a poll", "poll", Intent{From: "a", Op: OpPollClose}, CodeNotAllowed},
		{"close with no poll", "gathering", Intent{From: "f", Op: OpPollClose}, CodeNotFound},

		// Breakouts.
		{"member starts breakouts", "gathering", Intent{From: "a", Op: OpBreakoutStart, Size: 2, Seconds: 60}, CodeNotAllowed},
		{"breakout rooms of one", "gathering", Intent{From: "f", Op: OpBreakoutStart, Size: 1, Seconds: 60}, CodeBadValue},
		{"breakout rooms too big", "gathering", Intent{From: "f", Op: OpBreakoutStart, Size: MaxRoomSize + 1, Seconds: 60}, CodeBadValue},
		{"breakout with no time", "gathering", Intent{From: "f", Op: OpBreakoutStart, Size: 2}, CodeBadValue},
		{"breakout too long", "gathering", Intent{From: "f", Op: OpBreakoutStart, Size: 2, Seconds: MaxBreakout + 1}, CodeBadValue},
		{"breakout while someone shares", "sharing", Intent{From: "f", Op: OpBreakoutStart, Size: 2, Seconds: 60}, CodeSomeoneSharing},
		{"second breakout", "breakout", Intent{From: "f", Op: OpBreakoutStart, Size: 2, Seconds: 60}, CodeAlreadyDone},
		{"member ends breakouts", "breakout", Intent{From: "a", Op: OpBreakoutEnd}, CodeNotAllowed},
		{"end breakouts with none open", "gathering", Intent{From: "f", Op: OpBreakoutEnd}, CodeNotFound},

		// Feedback.
		{"feedback in the wrong phase", "gathering", Intent{From: "a", Op: OpFeedback, FeltHeard: 3, FeltSafe: 3, WouldComeBack: 3}, CodeWrongPhase},
		{"feedback out of range", "feedback", Intent{From: "a", Op: OpFeedback, FeltHeard: 3, FeltSafe: 9, WouldComeBack: 3}, CodeBadValue},
		{"feedback missing an answer", "feedback", Intent{From: "a", Op: OpFeedback, FeltHeard: 3, FeltSafe: 3}, CodeBadValue},
		{"feedback comment too long", "feedback", Intent{From: "a", Op: OpFeedback, FeltHeard: 3, FeltSafe: 3, WouldComeBack: 3, Comment: long(MaxComment)}, CodeTooLong},
		{"feedback twice", "feedback", Intent{From: "c", Op: OpFeedback, FeltHeard: 3, FeltSafe: 3, WouldComeBack: 3}, CodeAlreadyDone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := setups[tt.setup](t)
			h.refused(tt.in, tt.code)
		})
	}

	// Every facilitator-only op, sent by each role that may not run the session.
	for _, op := range []Op{OpAdvance, OpGiveTurn, OpSkip, OpReorder, OpExtend, OpEndSession, OpRemove,
		OpOpenSideRoom, OpPollOpen, OpPollClose, OpBreakoutStart, OpBreakoutEnd} {
		for _, r := range []Role{RoleMember, RolePeerSupporter} {
			t.Run("facilitator only/"+string(op)+"/"+string(r), func(t *testing.T) {
				h := setups["sharing"](t)
				h.join("p", "Pat", r, false)
				h.refused(Intent{From: "p", Op: op, MemberID: "b", Seconds: 60, Size: 2, Text: "q",
					Options: []string{"x", "y"}, Order: []string{"b"}}, CodeNotAllowed)
			})
		}
	}
}
