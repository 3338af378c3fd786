package circle

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// feeds follows a session for a set of members the way the transport
// does: every event is offered to every member's feed.
type feeds struct {
	t   *testing.T
	all map[string]*Feed
	got map[string][]Event // what each member received, in order
}

func newFeeds(t *testing.T, keep int, ids ...string) *feeds {
	fs := &feeds{t: t, all: map[string]*Feed{}, got: map[string][]Event{}}
	for _, id := range ids {
		fs.all[id] = NewFeed(id, keep)
	}
	return fs
}

func (fs *feeds) offer(evs []Event) []Event {
	fs.t.Helper()
	for _, e := range evs {
		for id, f := range fs.all {
			before := f.Number()
			n, ok := f.Offer(e)
			if !ok {
				if f.Number() != before {
					fs.t.Fatalf("%s: refused event moved the number", id)
				}
				continue
			}
			if n != before+1 {
				fs.t.Fatalf("%s: got number %d after %d, want one more", id, n, before)
			}
			fs.got[id] = append(fs.got[id], e)
		}
	}
	return evs
}

func (fs *feeds) types(id string) []string { return types(fs.got[id]) }

func TestFeed(t *testing.T) {
	h := newHarness(t, Config{Format: FormatTwelveStep})
	fs := newFeeds(t, 8, "f", "a", "b")
	fs.offer(h.join("f", "Maria", RoleFacilitator, false))
	fs.offer(h.join("a", "Alex", RoleMember, false))
	fs.offer(h.join("b", "Bo", RoleMember, true))
	fs.offer(h.ok(Intent{From: "f", Op: OpAdvance, Phase: PhaseSharing}))
	fs.offer(h.do("a", OpRaiseHand))
	fs.offer(h.do("a", OpStartShare))
	fs.offer(h.ok(Intent{From: "b", Op: OpChat, Text: "held for later"}))
	fs.offer(h.ok(Intent{From: "b", Op: OpNeedSupport}))
	fs.offer(h.apply(Intent{From: "b", Op: OpEndShare})) // an error for b
	fs.offer(h.do("a", OpEndShare))
	fs.offer(h.do("b", OpLeave))
	fs.offer(h.ok(Intent{From: "a", Op: OpChat, Text: "after b left"}))
	fs.offer(h.join("b", "Bo", RoleMember, false))

	want := map[string][]string{
		"f": {"joined", "state", "joined", "joined", "just_listening", "phase", "queue", "share_started", "queue",
			"support_request", "share_ended", "chat", "left", "chat", "joined"},
		"a": {"joined", "state", "joined", "phase", "queue", "share_started", "queue", "share_ended", "chat", "left",
			"chat", "joined"},
		"b": {"joined", "state", "phase", "queue", "share_started", "queue", "chat_held", "support_noted", "error",
			"share_ended", "chat", "left", "joined", "state"},
	}
	for id, w := range want {
		if diff := cmp.Diff(w, fs.types(id)); diff != "" {
			t.Errorf("%s received (-want +got):\n%s", id, diff)
		}
	}
	// a's feed never carried b's held text before it was released, nor
	// the support request.
	for _, e := range fs.got["a"] {
		if e.Type == EventChatHeld || e.Type == EventSupportRequest || e.Type == EventJustListening {
			t.Errorf("a received %s", e.Type)
		}
	}

	// Resuming: a client that saw number k gets the session seqs after it.
	f := fs.all["f"]
	n := f.Number()
	seqs, ok := f.Resume(n - 3)
	var wantSeqs []int64
	for _, e := range fs.got["f"][n-3:] {
		wantSeqs = append(wantSeqs, e.Seq)
	}
	if diff := cmp.Diff(wantSeqs, seqs); !ok || diff != "" {
		t.Errorf("Resume(n-3): ok %v (-want +got):\n%s", ok, diff)
	}
	if seqs, ok := f.Resume(n); !ok || len(seqs) != 0 {
		t.Errorf("Resume(n): got %v %v, want nothing to send", seqs, ok)
	}
	for _, since := range []int64{n + 1, -1, n - 9} {
		if _, ok := f.Resume(since); ok {
			t.Errorf("Resume(%d) with %d remembered: want a fresh snapshot instead", since, 8)
		}
	}
	// A baseline cannot be replayed; what follows it can.
	base := f.Baseline()
	if base != n+1 {
		t.Errorf("Baseline: got %d, want %d", base, n+1)
	}
	if _, ok := f.Resume(n); ok {
		t.Errorf("Resume across a baseline: want a fresh snapshot instead")
	}
	fs.offer(h.ok(Intent{From: "a", Op: OpChat, Text: "more"}))
	if seqs, ok := f.Resume(base); !ok || len(seqs) != 1 || seqs[0] != h.s.Seq() {
		t.Errorf("Resume after a baseline: got %v %v", seqs, ok)
	}
	// An event offered twice is refused.
	last := fs.got["f"][len(fs.got["f"])-1]
	if _, ok := f.Offer(last); ok {
		t.Errorf("an event offered twice was taken")
	}

	// Removal: the member hears it, then nothing but replies to their own intents.
	before := len(fs.got["b"])
	fs.offer(h.ok(Intent{From: "f", Op: OpRemove, MemberID: "b"}))
	fs.offer(h.ok(Intent{From: "a", Op: OpChat, Text: "after removal"}))
	fs.offer(h.apply(Intent{From: "b", Op: OpChat, Text: "let me back"}))
	tail := fs.types("b")[before:]
	if diff := cmp.Diff([]string{"removed", "left", "error"}, tail); diff != "" {
		t.Errorf("b after removal (-want +got):\n%s", diff)
	}
	// The end reaches everyone present, and then nothing more does.
	fs.offer(h.do("f", OpEndSession))
	if got := fs.got["a"][len(fs.got["a"])-1].Type; got != EventEnded {
		t.Errorf("a's last event: got %s, want ended", got)
	}
	if fs.all["a"].present || fs.all["f"].present {
		t.Errorf("feeds still present after the end")
	}
	if NewFeed("z", 0).Member() != "z" || len(NewFeed("z", 0).hist) != 1 {
		t.Errorf("NewFeed with keep 0 must still work")
	}
}

// TestFeedMatchesSessionPresence checks the feed's idea of who is present
// against the session's, through joins, leaves, removals and rejoins.
func TestFeedMatchesSessionPresence(t *testing.T) {
	h := newHarness(t, Config{})
	fs := newFeeds(t, 4, "a", "b", "x")
	steps := []Intent{
		{From: "f", Op: OpJoin, Name: "Maria", Role: RoleFacilitator},
		{From: "a", Op: OpJoin, Name: "Alex", Role: RoleMember},
		{From: "b", Op: OpJoin, Name: "Bo", Role: RoleMember},
		{From: "a", Op: OpLeave}, {From: "b", Op: OpStepOut},
		{From: "a", Op: OpJoin, Name: "Alex", Role: RoleMember},
		{From: "x", Op: OpJoin, Name: "Xu", Role: RoleMember},
		{From: "f", Op: OpRemove, MemberID: "x"}, {From: "b", Op: OpLeave},
	}
	for _, in := range steps {
		fs.offer(h.apply(in))
		for id, f := range fs.all {
			m := h.s.members[id]
			want := m != nil && m.present
			if f.present != want {
				t.Errorf("after %s from %s: feed says %s present %v, session %v", in.Op, in.From, id, f.present, want)
			}
		}
	}
	if !slices.Contains(fs.types("x"), string(EventRemoved)) {
		t.Errorf("x never heard of the removal: %v", fs.types("x"))
	}
}

func TestFeedMembers(t *testing.T) {
	a, b, c := NewFeed("a", 8), NewFeed("b", 8), NewFeed("c", 8)
	seq := int64(0)
	offer := func(e Event) (got []string) {
		seq++
		e.Seq = seq
		for _, f := range []*Feed{a, b, c} {
			if _, ok := f.Offer(e); ok {
				got = append(got, f.Member())
			}
		}
		return got
	}
	for _, id := range []string{"a", "b", "c"} {
		offer(Event{Type: EventJoined, MemberID: id, Role: RoleMember})
	}
	room := Audience{Kind: Members, IDs: []string{"a", "c"}}
	if diff := cmp.Diff([]string{"a", "c"}, offer(Event{Type: EventChat, Audience: room})); diff != "" {
		t.Errorf("listed members (-want +got):\n%s", diff)
	}
	offer(Event{Type: EventLeft, MemberID: "c"})
	if diff := cmp.Diff([]string{"a"}, offer(Event{Type: EventChat, Audience: room})); diff != "" {
		t.Errorf("a listed member who left (-want +got):\n%s", diff)
	}
	if got := offer(Event{Type: EventChat, Audience: Audience{Kind: Members}}); got != nil {
		t.Errorf("an empty list reached %v", got)
	}
	if a.Number() != 6 || b.Number() != 3 || c.Number() != 3 {
		t.Errorf("numbers: a %d b %d c %d, want 6 3 3", a.Number(), b.Number(), c.Number())
	}
}
