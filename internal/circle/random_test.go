package circle

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// The people a random session draws from. Names and everything members
// write carry the marker §, which must be gone once the session ends;
// feedback comments carry ¶ instead, because they are kept.
var cast = []Member{
	{"f", "§Maria", RoleFacilitator, false},
	{"co", "§Cy", RoleCoFacilitator, false},
	{"o", "§Ola", RoleOrganizer, false},
	{"p", "§Pat", RolePeerSupporter, false},
	{"m1", "§Alex", RoleMember, false},
	{"m2", "§Bo", RoleMember, false},
	{"m3", "§Cam", RoleMember, false},
	{"m4", "§Dee", RoleMember, false},
	{"l1", "§James", RoleMember, true},
	{"x", "§Xu", RoleMember, false},
}

// source is where random choices come from: a seeded generator, or the
// bytes of a fuzz input.
type source interface{ IntN(n int) int }

// byteSource reads choices from bytes, and zeros once they run out.
type byteSource struct {
	b    []byte
	used bool
}

func (s *byteSource) IntN(n int) int {
	if len(s.b) == 0 {
		s.used = true
		return 0
	}
	v := int(s.b[0])
	s.b = s.b[1:]
	if n > 256 {
		v = v * (n / 256)
	}
	return v % n
}

type weightedOp struct {
	op     Op
	weight int
}

// Ops weighted so a session lives long enough to be interesting: ending
// and removing are rare, turns and chat common.
var opWeights = []weightedOp{
	{OpJoin, 40}, {OpLeave, 8}, {OpRaiseHand, 40}, {OpLowerHand, 8}, {OpPass, 10}, {OpStartShare, 40},
	{OpEndShare, 25}, {OpChat, 40}, {OpWithdraw, 10}, {OpReact, 15}, {OpCheckIn, 20}, {OpStepOut, 6},
	{OpStepIn, 10}, {OpNeedSupport, 5}, {OpPollOpen, 5}, {OpPollAnswer, 15}, {OpPollClose, 4},
	{OpBreakoutStart, 3}, {OpBreakoutEnd, 3}, {OpFeedback, 15}, {OpAdvance, 12}, {OpGiveTurn, 10},
	{OpSkip, 8}, {OpReorder, 6}, {OpExtend, 6}, {OpEndSession, 1}, {OpRemove, 2}, {OpOpenSideRoom, 4},
	{OpShareWithFacilitator, 5}, {OpReachFacilitator, 3}, {OpSideChat, 12}, {OpCloseSideRoom, 2},
	{"bogus", 2}, {"", 1},
}

var opTotal = func() int {
	n := 0
	for _, w := range opWeights {
		n += w.weight
	}
	return n
}()

func pick[T any](src source, xs ...T) T { return xs[src.IntN(len(xs))] }

var (
	longText    = strings.Repeat("§", MaxChat+1)
	allPhases   = append(Agenda(FormatPsychoeducational), PhaseEnded, "bogus", "")
	someSeconds = []int{-5, 0, 1, 30, 61, 300, MaxExtend, MaxExtend + 1, MaxBreakout + 1}
)

// randomIntent makes an intent, often valid, often not.
func randomIntent(src source, s *Session, at time.Time, n int) Intent {
	w := src.IntN(opTotal)
	var op Op
	for _, ow := range opWeights {
		if w < ow.weight {
			op = ow.op
			break
		}
		w -= ow.weight
	}
	// Ending and removing are rarer still, so most steps find a live
	// session with most of the cast still in it.
	if op == OpEndSession && src.IntN(12) != 0 {
		op = OpAdvance
	}
	if op == OpRemove && src.IntN(6) != 0 {
		op = OpGiveTurn
	}
	from := cast[src.IntN(len(cast))]
	// Half the time the sender is the one the op would suit: the head of
	// the line starts, the speaker ends, a facilitator runs things.
	if src.IntN(2) == 0 {
		switch {
		case op == OpStartShare && len(s.queue) > 0:
			from = Member{ID: s.queue[0].id}
		case op == OpEndShare && s.speaker != nil:
			from = Member{ID: s.speaker.id}
		case op == OpWithdraw && len(s.held) > 0:
			from = Member{ID: s.held[len(s.held)-1].from.id}
		case facilitatorOnly(op):
			from = cast[src.IntN(3)]
		}
	}
	in := Intent{From: from.ID, Op: op, At: at}
	if src.IntN(50) == 0 {
		in.From = ""
	}
	if src.IntN(100) == 0 {
		in.Ref = strings.Repeat("r", MaxRef+1)
	} else if src.IntN(2) == 0 {
		in.Ref = fmt.Sprint("r", n)
	}
	switch op {
	case OpJoin:
		in.Name, in.Role, in.JustListening = from.Name, from.Role, from.JustListening
		switch src.IntN(20) {
		case 0:
			in.Name = " "
		case 1:
			in.Role = "admin"
		case 2:
			in.JustListening = !in.JustListening
		}
	case OpChat, OpNeedSupport, OpPollOpen:
		in.Text = pick(src, "§hello", "§"+fmt.Sprint(n), "", "  ", longText, "§bad \xff", "§"+strings.Repeat("é", 500))
		in.Options = [][]string{nil, {"§yes", "§no"}, {"§a", "§b", "§c"}, {"§only"}, {"§a", ""},
			{"1", "2", "3", "4", "5", "6", "7"}}[src.IntN(6)]
		if op == OpChat && src.IntN(4) == 0 {
			in.Risk = pick(src, "suicide", "self-harm")
		}
	case OpStartShare:
		in.ContentNote = pick(src, "", "§this touches on loss", longText)
	case OpReact:
		in.Kind = pick(src, ReactNod, ReactHeart, "clap", "")
	case OpCheckIn:
		if src.IntN(4) == 0 {
			in.Risk = "suicide"
		}
		in.Mood = src.IntN(8) - 1
		in.Word = pick(src, "§calm", "", "§"+strings.Repeat("w", MaxWord))
		in.Pass = src.IntN(4) == 0
	case OpPollAnswer:
		in.Choice = src.IntN(5) - 1
	case OpFeedback:
		in.FeltHeard, in.FeltSafe, in.WouldComeBack = src.IntN(7)-1, src.IntN(7)-1, src.IntN(7)-1
		if src.IntN(3) == 0 {
			in.FeltHeard, in.FeltSafe, in.WouldComeBack = 1+src.IntN(5), 1+src.IntN(5), 1+src.IntN(5)
		}
		in.Comment = pick(src, "", "¶thanks", strings.Repeat("¶", MaxComment+1))
	case OpAdvance:
		if src.IntN(2) == 0 {
			in.Phase = allPhases[src.IntN(len(allPhases))]
		}
	case OpGiveTurn, OpRemove, OpOpenSideRoom:
		in.MemberID = cast[src.IntN(len(cast))].ID
		if src.IntN(10) == 0 {
			in.MemberID = "nobody"
		}
	case OpReorder:
		in.Order = s.queueIDs()
		switch src.IntN(4) {
		case 0:
			for i := len(in.Order) - 1; i > 0; i-- {
				j := src.IntN(i + 1)
				in.Order[i], in.Order[j] = in.Order[j], in.Order[i]
			}
		case 1:
			in.Order = append(in.Order, cast[src.IntN(len(cast))].ID)
		case 2:
			if len(in.Order) > 0 {
				in.Order = in.Order[1:]
			}
		}
	case OpExtend, OpBreakoutStart:
		in.Seconds = someSeconds[src.IntN(len(someSeconds))]
		in.Size = src.IntN(6)
	case OpShareWithFacilitator, OpReachFacilitator:
		in.Target = "offer-999"
		if len(s.offers) > 0 && src.IntN(4) != 0 {
			o := s.offers[len(s.offers)-1-src.IntN(min(2, len(s.offers)))]
			in.Target = o.id
			if src.IntN(2) == 0 {
				in.From = o.m.id
			}
		}
	case OpSideChat, OpCloseSideRoom:
		in.Text = pick(src, "§side", "§"+fmt.Sprint(n), "", " ", longText, "§bad \xff")
		if src.IntN(4) == 0 {
			in.Risk = "suicide"
		}
		in.Target = pick(src, "rand:side-99", "", "room-1")
		if len(s.sideRooms) > 0 && src.IntN(5) != 0 {
			r := s.sideRooms[src.IntN(len(s.sideRooms))]
			in.Target = r.ID
			switch src.IntN(3) {
			case 0:
				in.From = r.MemberID
			case 1:
				in.From = cast[src.IntN(3)].ID
			}
		}
	case OpWithdraw:
		in.Target = "held-999"
		if len(s.held) > 0 && src.IntN(4) != 0 {
			in.Target = s.held[len(s.held)-1-src.IntN(min(2, len(s.held)))].id
		}
	}
	return in
}

// checker applies random steps to a session and checks its invariants
// after each one.
type checker struct {
	t         testing.TB
	s         *Session
	feeds     map[string]*Feed
	seq       int64
	at        time.Time
	speaking  string // the speaker, as the events tell it
	joined    map[string]bool
	delivered map[string][]int64 // the session seqs each feed took
	wiped     bool               // the end's wipe has been checked
	stats     map[string]int     // when set, counts events and error codes
}

func newChecker(t testing.TB, seed uint64, format Format) *checker {
	s := New(Config{SessionID: "rand", Format: format, ShareSeconds: 120,
		AgreementText: "§ our agreement", Blocked: [][2]string{{"m1", "m2"}, {"f", "l1"}},
		Rand: rand.New(rand.NewPCG(seed, 99))})
	c := &checker{t: t, s: s, feeds: map[string]*Feed{}, at: t0, joined: map[string]bool{}, delivered: map[string][]int64{}}
	for _, m := range cast {
		c.feeds[m.ID] = NewFeed(m.ID, 16)
	}
	return c
}

// views are the members whose snapshots must not change on a refusal.
var views = []string{"f", "m1", "l1"}

func (c *checker) step(src source, n int) {
	t := c.t
	// Time mostly moves on, sometimes a lot, sometimes a little backwards.
	switch src.IntN(20) {
	case 0:
		c.at = c.at.Add(-3 * time.Second)
	case 1:
		c.at = c.at.Add(10 * time.Minute)
	default:
		c.at = c.at.Add(time.Duration(src.IntN(30)) * time.Second)
	}
	var evs []Event
	var in Intent
	kind := src.IntN(100)
	var before []State
	var beforeCounts [5]int
	var beforeShares, beforeFeedback int
	switch {
	case kind < 8:
		evs = c.s.Tick(c.at)
	case kind == 8 && src.IntN(20) == 0:
		evs = c.s.Remove(cast[src.IntN(len(cast))].ID, c.at)
	default:
		in = randomIntent(src, c.s, c.at, n)
		before = make([]State, 0, len(views)+1)
		for _, id := range append([]string{in.From}, views...) {
			before = append(before, c.s.Snapshot(id))
		}
		beforeCounts, beforeShares, beforeFeedback = c.s.MoodCounts(), c.s.shares, len(c.s.feedback)
		evs = c.s.Apply(in)
		if in.Op == OpJoin && len(evs) > 0 && evs[0].Type != EventError {
			c.joined[in.From] = true
		}
	}

	// The session's numbering: exactly one more per event.
	for _, e := range evs {
		c.seq++
		if e.Seq != c.seq {
			t.Fatalf("step %d: %s has seq %d, want %d", n, e.Type, e.Seq, c.seq)
		}
	}
	// A refusal is one error event, to the sender alone, and changes nothing.
	for i, e := range evs {
		if e.Type != EventError {
			continue
		}
		if before == nil || len(evs) != 1 || i != 0 {
			t.Fatalf("step %d: error among other events: %v", n, types(evs))
		}
		if !toOnly(e.Audience, in.From) || e.Code == "" || e.Text == "" {
			t.Fatalf("step %d: bad error event %+v", n, e)
		}
		for j, id := range append([]string{in.From}, views...) {
			if after := c.s.Snapshot(id); !reflect.DeepEqual(before[j], after) {
				t.Fatalf("step %d: refused %+v (%s) changed %q's snapshot:\n%s", n, in, e.Code, id, diffState(before[j], after))
			}
		}
		if c.s.MoodCounts() != beforeCounts || c.s.shares != beforeShares || len(c.s.feedback) != beforeFeedback {
			t.Fatalf("step %d: refused %s changed the counts", n, in.Op)
		}
	}
	// Events go to the audiences they must.
	for _, e := range evs {
		if c.stats != nil {
			c.stats[string(e.Type)+" "+string(e.Code)]++
		}
		want := Everyone
		switch e.Type {
		case EventError, EventState, EventChatHeld, EventChatWithdrawn, EventSupportNoted, EventRemoved,
			EventSupportOffer:
			want = OneMember
		case EventSupportRequest, EventJustListening, EventRiskAlert, EventRiskShared:
			want = Facilitators
		case EventSideRoom:
			want = e.Audience.Kind
		case EventSideChat, EventSideRoomClosed:
			want = Members
		case EventChat:
			if c.s.breakout != nil {
				want = Members
			}
		}
		if e.Audience.Kind != want {
			t.Fatalf("step %d: %s went to audience %v, want %v", n, e.Type, e.Audience.Kind, want)
		}
		if e.Audience.Kind != OneMember && e.Ref != "" {
			t.Fatalf("step %d: %s to many carries a ref", n, e.Type)
		}
		switch e.Type {
		case EventShareStarted:
			if c.speaking != "" {
				t.Fatalf("step %d: %s started sharing while %s shares", n, e.MemberID, c.speaking)
			}
			c.speaking = e.MemberID
		case EventShareEnded:
			if c.speaking != e.MemberID {
				t.Fatalf("step %d: share_ended for %s while %q shares", n, e.MemberID, c.speaking)
			}
			c.speaking = ""
		case EventEnded:
			c.speaking = ""
		case EventCheckIn:
			if e.Passed && e.Word != "" {
				t.Fatalf("step %d: a passed check-in carries a word", n)
			}
		case EventPoll:
			if e.Poll.Counts != nil && (e.Poll.Open || e.Poll.Answered < MinAnonymous) {
				t.Fatalf("step %d: poll counts shown too early: %+v", n, e.Poll)
			}
		}
	}
	// Each member's feed: gap-free numbers, and only what is theirs.
	for id, f := range c.feeds {
		for _, e := range evs {
			prev := f.Number()
			k, ok := f.Offer(e)
			c.checkPrivate(n, id, e, ok)
			if !ok {
				continue
			}
			if k != prev+1 {
				t.Fatalf("step %d: %s's feed numbered %d after %d", n, id, k, prev)
			}
			c.delivered[id] = append(c.delivered[id], e.Seq)
			if e.Type == EventSupportOffer && (e.Audience.To != id || in.Risk == "" || in.From != id) {
				t.Fatalf("step %d: %s received a support offer for %+v", n, id, in)
			}
			if e.Type == EventRiskAlert && e.Text != "" {
				t.Fatalf("step %d: a risk alert carries the words", n)
			}
			if e.Type == EventSupportRequest || e.Type == EventJustListening || e.Type == EventRiskAlert ||
				e.Type == EventRiskShared {
				if m := c.s.members[id]; m == nil || !m.role.Facilitates() {
					t.Fatalf("step %d: %s received %s", n, id, e.Type)
				}
			}
		}
		m := c.s.members[id]
		if want := m != nil && m.present; f.present != want {
			t.Fatalf("step %d: %s's feed has present %v, the session %v", n, id, f.present, want)
		}
		if k := src.IntN(20); k <= int(f.Number()) {
			seqs, ok := f.Resume(f.Number() - int64(k))
			d := c.delivered[id]
			if want := d[len(d)-k:]; ok != (k <= len(f.hist)) || ok && !slices.Equal(seqs, want) {
				t.Fatalf("step %d: %s Resume(n-%d) = %v %v, want %v", n, id, k, seqs, ok, want)
			}
		}
	}
	c.invariants(n)
}

// checkPrivate checks who gets what is said in private: side-room
// messages reach exactly the room's member and the facilitators present,
// and chat during breakouts exactly the present members of the writer's
// room (or, for a writer in no room, of no room).
func (c *checker) checkPrivate(n int, id string, e Event, got bool) {
	m := c.s.members[id]
	present := m != nil && m.present
	switch {
	case e.Type == EventSideChat || e.Type == EventSideRoomClosed:
		i := slices.IndexFunc(c.s.sideRooms, func(r SideRoom) bool { return r.ID == e.ID })
		if i < 0 {
			c.t.Fatalf("step %d: %s about unknown room %q", n, e.Type, e.ID)
		}
		want := present && (m.role.Facilitates() || c.s.sideRooms[i].MemberID == id)
		if got != want {
			c.t.Fatalf("step %d: %s in %s from %s: %s received %v, want %v", n, e.Type, e.ID, e.MemberID, id, got, want)
		}
	case e.Type == EventChat && c.s.breakout != nil:
		roomOf := func(who string) string {
			for _, r := range c.s.breakout.rooms {
				if slices.Contains(r.Members, who) {
					return r.ID
				}
			}
			return ""
		}
		if roomOf(e.MemberID) != e.ID {
			c.t.Fatalf("step %d: breakout chat from %s says room %q", n, e.MemberID, e.ID)
		}
		if want := present && roomOf(id) == e.ID; got != want {
			c.t.Fatalf("step %d: breakout chat in %q from %s: %s received %v, want %v", n, e.ID, e.MemberID, id, got, want)
		}
	}
}

func (c *checker) invariants(n int) {
	t, s := c.t, c.s
	sp := s.speaker
	if got := ""; sp != nil {
		got = sp.id
		if got != c.speaking {
			t.Fatalf("step %d: speaker %q, events say %q", n, got, c.speaking)
		}
	} else if c.speaking != "" {
		t.Fatalf("step %d: no speaker, events say %q", n, c.speaking)
	}
	if sp != nil {
		if !sp.present || sp.removed || sp.steppedOut || s.members[sp.id] != sp || !s.Phase().talking() {
			t.Fatalf("step %d: speaker %s present %v removed %v out %v phase %s", n, sp.id, sp.present, sp.removed, sp.steppedOut, s.Phase())
		}
	}
	seen := map[*member]bool{}
	for _, q := range s.queue {
		switch {
		case seen[q]:
			t.Fatalf("step %d: %s is in the queue twice: %v", n, q.id, s.queueIDs())
		case q == sp:
			t.Fatalf("step %d: the speaker %s is in the queue", n, q.id)
		case !q.present || q.removed || s.members[q.id] != q:
			t.Fatalf("step %d: %s in the queue but absent or removed", n, q.id)
		case q.steppedOut:
			t.Fatalf("step %d: %s in the queue but stepped out", n, q.id)
		}
		seen[q] = true
	}
	if len(s.queue) > 0 && s.ended {
		t.Fatalf("step %d: a queue after the end", n)
	}
	held := map[*member]int{}
	for _, h := range s.held {
		if sp == nil {
			t.Fatalf("step %d: held chat with no one sharing", n)
		}
		if !h.from.present || h.from.removed {
			t.Fatalf("step %d: held chat from %s who is gone", n, h.from.id)
		}
		held[h.from]++
	}
	for _, m := range s.order {
		if m.nHeld != held[m] {
			t.Fatalf("step %d: %s has %d held by count, %d in fact", n, m.id, m.nHeld, held[m])
		}
		if m.steppedOut && !m.present {
			t.Fatalf("step %d: %s stepped out while away", n, m.id)
		}
	}
	moods := 0
	for _, v := range s.moods {
		moods += v
	}
	if moods > len(s.order) || len(s.feedback) != len(s.feedbackFrom) {
		t.Fatalf("step %d: %d moods for %d members; %d answers for %d receipts", n, moods, len(s.order),
			len(s.feedback), len(s.feedbackFrom))
	}
	if s.ended && !c.wiped {
		c.wiped = true
		if left := leftoverText(s, "§"); len(left) != 0 {
			t.Fatalf("step %d: text survived the end: %q", n, left)
		}
	}
}

// finish ends the session if it has not ended and checks what is left.
func (c *checker) finish() {
	evs := c.s.End(c.at.Add(time.Hour))
	for _, e := range evs {
		c.seq++
		if e.Seq != c.seq {
			c.t.Fatalf("End: seq %d, want %d", e.Seq, c.seq)
		}
	}
	if left := leftoverText(c.s, "§"); len(left) != 0 {
		c.t.Fatalf("text survived the end: %q", left)
	}
	sum := c.s.Summary()
	if sum.AttendanceCount != len(c.joined) {
		c.t.Fatalf("Summary: attendance %d, %d joined", sum.AttendanceCount, len(c.joined))
	}
	for _, a := range sum.Feedback {
		if strings.Contains(a.Comment, "§") {
			c.t.Fatalf("Summary keeps member text: %q", a.Comment)
		}
	}
}

var formats = []Format{FormatSharingCircle, FormatPsychoeducational, FormatTwelveStep, FormatOpenDiscussion}

func TestRandomIntents(t *testing.T) {
	seeds, steps := 200, 2000
	if testing.Short() {
		seeds = 20
	}
	for seed := range uint64(seeds) {
		src := rand.New(rand.NewPCG(seed, 2026))
		c := newChecker(t, seed, formats[seed%4])
		for n := range steps {
			c.step(src, n)
		}
		c.finish()
	}
}

func FuzzApply(f *testing.F) {
	f.Add([]byte{0, 0, 0, 0})
	for seed := range uint64(8) {
		b := make([]byte, 64)
		r := rand.New(rand.NewPCG(seed, 1))
		for i := 0; i < len(b); i += 8 {
			binary.LittleEndian.PutUint64(b[i:], r.Uint64())
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) == 0 {
			return
		}
		src := &byteSource{b: b[1:]}
		c := newChecker(t, uint64(b[0]), formats[int(b[0])%4])
		for n := 0; !src.used && n < 1000; n++ {
			c.step(src, n)
		}
		c.finish()
	})
}
