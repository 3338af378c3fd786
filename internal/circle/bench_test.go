package circle

import (
	"strconv"
	"testing"
	"time"
)

// benchCircle is a twelve-step sharing phase with twelve members, and a
// cycle of intents that is always valid: a member raises a hand and
// shares, others nod and send a heart, two chats are held and released,
// and one more goes out after the share.
func benchCircle() (*Session, []Intent) {
	s := New(Config{SessionID: "bench", Format: FormatTwelveStep})
	const n = 12
	ids := make([]string, n)
	for i := range ids {
		ids[i] = "m" + strconv.Itoa(i)
		role := RoleMember
		if i == 0 {
			role = RoleFacilitator
		}
		s.Join(Member{ID: ids[i], Name: "Member " + strconv.Itoa(i), Role: role}, t0)
	}
	s.Apply(Intent{From: ids[0], Op: OpAdvance, Phase: PhaseSharing, At: t0})
	var cycle []Intent
	for k := range n {
		id := func(d int) string { return ids[(k+d)%n] }
		cycle = append(cycle,
			Intent{From: id(0), Op: OpRaiseHand},
			Intent{From: id(0), Op: OpStartShare, ContentNote: "this touches on loss"},
			Intent{From: id(1), Op: OpReact, Kind: ReactNod},
			Intent{From: id(2), Op: OpReact, Kind: ReactHeart},
			Intent{From: id(3), Op: OpChat, Text: "thank you for sharing that"},
			Intent{From: id(4), Op: OpChat, Text: "same here"},
			Intent{From: id(5), Op: OpReact, Kind: ReactNod},
			Intent{From: id(0), Op: OpEndShare},
			Intent{From: id(1), Op: OpChat, Text: "that took courage"},
			Intent{From: id(6), Op: OpReact, Kind: ReactHeart},
		)
	}
	return s, cycle
}

// BenchmarkApply measures one intent of the typical mix above.
func BenchmarkApply(b *testing.B) {
	s, cycle := benchCircle()
	b.ReportAllocs()
	at := t0
	i := 0
	for b.Loop() {
		in := cycle[i]
		at = at.Add(time.Second)
		in.At = at
		if evs := s.Apply(in); evs[0].Type == EventError {
			b.Fatalf("%s from %s refused: %s", in.Op, in.From, evs[0].Text)
		}
		i++
		if i == len(cycle) {
			i = 0
		}
	}
}

// BenchmarkApplyRefused measures an intent that is refused.
func BenchmarkApplyRefused(b *testing.B) {
	s, _ := benchCircle()
	b.ReportAllocs()
	in := Intent{From: "m3", Op: OpEndShare, At: t0}
	for b.Loop() {
		s.Apply(in)
	}
}

// BenchmarkBaseline is the floor any engine that returns its events pays:
// one event built and returned in a new slice. Compare BenchmarkApply to it.
func BenchmarkBaseline(b *testing.B) {
	b.ReportAllocs()
	var seq int64
	at := t0
	for b.Loop() {
		seq++
		at = at.Add(time.Second)
		evs := baselineEmit(seq, at)
		if evs[0].Seq != seq {
			b.Fatal("lost the event")
		}
	}
}

//go:noinline
func baselineEmit(seq int64, at time.Time) []Event {
	return append(make([]Event, 0, 1), Event{Seq: seq, Type: EventReaction, At: at, MemberID: "m1", Name: "Member 1", Kind: ReactNod})
}

// BenchmarkSnapshot measures a state snapshot of the twelve-member circle.
func BenchmarkSnapshot(b *testing.B) {
	s, cycle := benchCircle()
	for _, in := range cycle[:5] {
		in.At = t0
		s.Apply(in)
	}
	b.ReportAllocs()
	for b.Loop() {
		s.Snapshot("m0")
	}
}

// BenchmarkFeedOffer measures offering one event to one member's feed,
// which the transport does for every member on every event.
func BenchmarkFeedOffer(b *testing.B) {
	f := NewFeed("m1", 256)
	f.Offer(Event{Seq: 1, Type: EventJoined, MemberID: "m1", Role: RoleMember})
	e := Event{Type: EventChat, MemberID: "m2"}
	b.ReportAllocs()
	for b.Loop() {
		e.Seq++
		f.Offer(e)
	}
}
