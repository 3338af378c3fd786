package circle

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Session is one live group session. Create it with New and drive it with
// Apply and Tick from a single goroutine.
type Session struct {
	cfg      Config
	agenda   []Phase
	phaseIdx int
	ended    bool
	seq      int64
	now      time.Time // the latest time seen on an accepted intent or tick
	rng      *rand.Rand

	members map[string]*member
	order   []*member // in order of first arrival: the circle
	removed map[string]bool
	blocked map[[2]string]bool

	// The talking piece.
	round   int // turns taken in this round count as "had a turn"
	queue   []*member
	speaker *member
	share   share
	held    []heldChat
	nHeld   int // held chats ever, for ids
	shares  int

	checkins []checkin
	moods    [5]int

	support   []supportRequest
	nSupport  int
	sideRooms []SideRoom

	// Support offers made after risk signals; offer.text is what the
	// writer wrote, kept in memory only until they share it or the end.
	offers []offer

	poll     *poll
	breakout *breakout

	// Feedback receipts and answers are kept apart so no answer can be
	// traced back to who gave it.
	feedbackFrom map[string]bool
	feedback     []FeedbackAnswer
}

type member struct {
	id         string
	name       string
	role       Role
	listening  bool
	present    bool
	steppedOut bool
	removed    bool
	turnRound  int // the round of the member's last turn; 0 for none
	checkedIn  bool
	nHeld      int // held chats waiting from this member
}

type share struct {
	started   time.Time
	seconds   int
	note      string
	oneMinute bool // the one-minute notice was sent
	timeUp    bool // the time-up notice was sent
}

type heldChat struct {
	id   string
	from *member
	text string
}

type checkin struct {
	m      *member
	word   string
	passed bool
}

type supportRequest struct {
	id   string
	m    *member
	text string
	at   time.Time
	room string
}

type offer struct {
	id       string
	m        *member
	category string
	text     string
	at       time.Time
	shared   bool
}

type poll struct {
	question string
	options  []string
	counts   []int
	answered map[string]bool
	open     bool
}

type breakout struct {
	rooms  []Room
	endsAt time.Time
}

// Most held chats one member may have waiting at once.
const maxHeldPerMember = 20

// Seq returns the session sequence number of the last event emitted: the
// position a state snapshot taken now describes.
func (s *Session) Seq() int64 { return s.seq }

// Phase returns the current phase.
func (s *Session) Phase() Phase {
	if s.ended {
		return PhaseEnded
	}
	return s.agenda[s.phaseIdx]
}

// Ended reports whether the session has ended.
func (s *Session) Ended() bool { return s.ended }

// Join adds a member, or brings back one who left. It is Apply with an
// OpJoin intent built from the roster's record of the member.
func (s *Session) Join(m Member, at time.Time) []Event {
	return s.Apply(Intent{From: m.ID, Op: OpJoin, At: at, Name: m.Name, Role: m.Role, JustListening: m.JustListening})
}

// Leave records that a member left (said goodbye, or stayed away longer
// than the transport's grace period). A dropped connection is not a leave:
// the client reconnects and resumes.
func (s *Session) Leave(memberID string, at time.Time) []Event {
	return s.Apply(Intent{From: memberID, Op: OpLeave, At: at})
}

// Remove takes a member out of the session for good, on the site's
// authority rather than a facilitator's intent (a ban, say). They cannot
// rejoin, and every later intent of theirs is refused. A member who never
// joined is barred from joining.
func (s *Session) Remove(memberID string, at time.Time) []Event {
	if s.ended || memberID == "" || s.removed[memberID] {
		return nil
	}
	m := s.members[memberID]
	if m == nil {
		s.removed[memberID] = true
		return nil
	}
	return s.removeMember(make([]Event, 0, 4), m, at)
}

// Apply carries out one intent and returns the events it caused, in order,
// each numbered with the next session sequence number. An intent that is
// not allowed changes nothing and returns exactly one error event,
// addressed to its sender alone.
func (s *Session) Apply(in Intent) []Event {
	if len(in.Ref) > MaxRef {
		in.Ref = in.Ref[:MaxRef]
		return s.fail(in, CodeBadValue, "That request's reference is too long.")
	}
	if s.ended {
		return s.fail(in, CodeEnded, "This group session has ended.")
	}
	if s.removed[in.From] {
		return s.fail(in, CodeRemoved, "You've been asked to leave this group session, so you can't take part in it again.")
	}
	if in.Op == OpJoin {
		return s.join(in)
	}
	if !knownOp(in.Op) {
		return s.fail(in, CodeUnknownOp, "That isn't something this group session knows how to do.")
	}
	m := s.members[in.From]
	if m == nil {
		return s.fail(in, CodeNotJoined, "You're not in this group session yet. Join it first.")
	}
	if !m.present {
		return s.fail(in, CodeLeft, "You've left this group session. Join again to take part.")
	}
	if facilitatorOnly(in.Op) && !m.role.Facilitates() {
		return s.fail(in, CodeNotAllowed, "Only a facilitator can do that.")
	}
	switch in.Op {
	case OpLeave:
		return s.leave(make([]Event, 0, 4), m, in.At)
	case OpRaiseHand:
		return s.raiseHand(m, in)
	case OpLowerHand:
		return s.lowerHand(m, in)
	case OpPass:
		return s.pass(m, in)
	case OpStartShare:
		return s.startShare(m, in)
	case OpEndShare:
		return s.endShare(m, in)
	case OpChat:
		return s.chat(m, in)
	case OpWithdraw:
		return s.withdraw(m, in)
	case OpReact:
		return s.react(m, in)
	case OpCheckIn:
		return s.checkIn(m, in)
	case OpStepOut:
		return s.stepOut(m, in)
	case OpStepIn:
		return s.stepIn(m, in)
	case OpNeedSupport:
		return s.needSupport(m, in)
	case OpPollOpen:
		return s.pollOpen(m, in)
	case OpPollAnswer:
		return s.pollAnswer(m, in)
	case OpPollClose:
		return s.pollClose(m, in)
	case OpBreakoutStart:
		return s.breakoutStart(m, in)
	case OpBreakoutEnd:
		return s.breakoutEnd(m, in)
	case OpFeedback:
		return s.giveFeedback(m, in)
	case OpAdvance:
		return s.advance(m, in)
	case OpGiveTurn:
		return s.giveTurn(m, in)
	case OpSkip:
		return s.skip(m, in)
	case OpReorder:
		return s.reorder(m, in)
	case OpExtend:
		return s.extend(m, in)
	case OpEndSession:
		return s.End(in.At)
	case OpRemove:
		return s.remove(m, in)
	case OpOpenSideRoom:
		return s.openSideRoom(m, in)
	case OpShareWithFacilitator:
		return s.shareWithFacilitator(m, in)
	case OpReachFacilitator:
		return s.reachFacilitator(m, in)
	case OpSideChat:
		return s.sideChat(m, in)
	case OpCloseSideRoom:
		return s.closeSideRoom(m, in)
	}
	return s.fail(in, CodeUnknownOp, "That isn't something this group session knows how to do.")
}

func knownOp(op Op) bool {
	switch op {
	case OpLeave, OpRaiseHand, OpLowerHand, OpPass, OpStartShare, OpEndShare, OpChat, OpWithdraw,
		OpReact, OpCheckIn, OpStepOut, OpStepIn, OpNeedSupport, OpPollAnswer, OpFeedback,
		OpShareWithFacilitator, OpReachFacilitator, OpSideChat, OpCloseSideRoom:
		return true
	}
	return facilitatorOnly(op)
}

func facilitatorOnly(op Op) bool {
	switch op {
	case OpAdvance, OpGiveTurn, OpSkip, OpReorder, OpExtend, OpEndSession, OpRemove, OpOpenSideRoom,
		OpPollOpen, OpPollClose, OpBreakoutStart, OpBreakoutEnd:
		return true
	}
	return false
}

// emit numbers an event and appends it to out. Only accepted intents emit
// through here, so it is also where the session's clock moves forward.
func (s *Session) emit(out []Event, e Event) []Event {
	s.seq++
	e.Seq = s.seq
	if e.At.After(s.now) {
		s.now = e.At
	}
	return append(out, e)
}

// fail refuses an intent: one error event to its sender, and nothing else
// changes (not even the clock).
func (s *Session) fail(in Intent, code ErrorCode, msg string) []Event {
	s.seq++
	return []Event{{
		Seq:      s.seq,
		Audience: Audience{Kind: OneMember, To: in.From},
		Type:     EventError,
		At:       in.At,
		Ref:      in.Ref,
		Code:     code,
		Text:     msg,
	}}
}

func toAll(t EventType, at time.Time) Event {
	return Event{Type: t, At: at}
}

func toOne(t EventType, m *member, in Intent) Event {
	return Event{Type: t, At: in.At, Audience: Audience{Kind: OneMember, To: m.id}, Ref: in.Ref}
}

// checkText validates what a member wrote: valid UTF-8, at most max
// characters, and not blank when required. It returns the text trimmed of
// surrounding space, or a message saying what is wrong.
func checkText(text string, max int, required bool, what string) (string, ErrorCode, string) {
	if !utf8.ValidString(text) {
		return "", CodeBadValue, "The " + what + " has characters that can't be read. Please type it again."
	}
	text = strings.TrimSpace(text)
	if required && text == "" {
		return "", CodeBadValue, "The " + what + " is empty."
	}
	if len(text) > max && utf8.RuneCountInString(text) > max {
		return "", CodeTooLong, "The " + what + " can be up to " + formatCount(max) + " characters."
	}
	return text, "", ""
}

func formatCount(n int) string {
	if n >= 1000 {
		return strconv.Itoa(n/1000) + "," + strconv.Itoa(n%1000 + 1000)[1:]
	}
	return strconv.Itoa(n)
}

func (s *Session) join(in Intent) []Event {
	if in.From == "" {
		return s.fail(in, CodeBadValue, "A member id is needed to join.")
	}
	if m := s.members[in.From]; m != nil {
		if m.present {
			// A second join from a present member (another tab, a
			// reconnect) just gets a fresh picture.
			return s.emit(make([]Event, 0, 1), s.stateEvent(m.id, in))
		}
		m.present = true
		m.listening = in.JustListening
		return s.joined(m, in)
	}
	if !in.Role.valid() {
		return s.fail(in, CodeBadValue, "That role isn't one this group session knows.")
	}
	name, code, msg := checkText(in.Name, MaxName, true, "display name")
	if code != "" {
		return s.fail(in, code, msg)
	}
	if len(s.order) >= s.cfg.MaxMembers {
		return s.fail(in, CodeFull, "This group session is full. Please ask a facilitator about the next one.")
	}
	m := &member{id: in.From, name: name, role: in.Role, listening: in.JustListening, present: true}
	s.members[m.id] = m
	s.order = append(s.order, m)
	return s.joined(m, in)
}

func (s *Session) joined(m *member, in Intent) []Event {
	out := make([]Event, 0, 3)
	e := toAll(EventJoined, in.At)
	e.MemberID, e.Name, e.Role = m.id, m.name, m.role
	out = s.emit(out, e)
	if m.listening {
		e := Event{Type: EventJustListening, At: in.At, Audience: Audience{Kind: Facilitators}, MemberID: m.id, Name: m.name}
		out = s.emit(out, e)
	}
	return s.emit(out, s.stateEvent(m.id, in))
}

func (s *Session) stateEvent(id string, in Intent) Event {
	st := s.snapshotAt(id, in.At)
	return Event{Type: EventState, At: in.At, Audience: Audience{Kind: OneMember, To: id}, Ref: in.Ref, State: &st}
}

// leave takes a present member out of the circle: their share ends, their
// hand goes down, their held chats are dropped.
func (s *Session) leave(out []Event, m *member, at time.Time) []Event {
	out = s.vacate(out, m, at, EndLeft)
	m.present = false
	m.steppedOut = false
	e := toAll(EventLeft, at)
	e.MemberID, e.Name = m.id, m.name
	out = s.emit(out, e)
	return s.maybeNewRound(out, at)
}

// vacate ends the member's share, lowers their hand and drops their held
// chats, emitting what others need to know.
func (s *Session) vacate(out []Event, m *member, at time.Time, why string) []Event {
	if s.speaker == m {
		out = s.finishShare(out, at, why)
	}
	s.dropHeld(m)
	if i := s.queueIndex(m); i >= 0 {
		s.queue = slices.Delete(s.queue, i, i+1)
		out = s.emitQueue(out, at, "")
	}
	return out
}

func (s *Session) dropHeld(m *member) {
	if m.nHeld == 0 {
		return
	}
	kept := s.held[:0]
	for _, h := range s.held {
		if h.from != m {
			kept = append(kept, h)
		}
	}
	clear(s.held[len(kept):])
	s.held = kept
	m.nHeld = 0
}

func (s *Session) remove(by *member, in Intent) []Event {
	t := s.members[in.MemberID]
	if t == nil {
		return s.fail(in, CodeNotFound, "That member isn't in this group session.")
	}
	if t == by {
		return s.fail(in, CodeNotAllowed, "You can't remove yourself. Leave the group session instead.")
	}
	if t.role.Facilitates() && by.role != RoleOrganizer {
		return s.fail(in, CodeNotAllowed, "Only an organizer can remove a facilitator.")
	}
	// A removed member's intents never get this far, and neither do
	// intents naming them: they are no longer in the member list.
	return s.removeMember(make([]Event, 0, 4), t, in.At)
}

func (s *Session) removeMember(out []Event, m *member, at time.Time) []Event {
	wasPresent := m.present
	out = s.vacate(out, m, at, EndLeft)
	m.removed = true
	m.present = false
	m.steppedOut = false
	s.removed[m.id] = true
	delete(s.members, m.id)
	e := Event{Type: EventRemoved, At: at, Audience: Audience{Kind: OneMember, To: m.id},
		Text: "You've been asked to leave this group session."}
	out = s.emit(out, e)
	if wasPresent {
		// Others just see the member leave: removal is not announced.
		e := toAll(EventLeft, at)
		e.MemberID, e.Name = m.id, m.name
		out = s.emit(out, e)
	}
	return s.maybeNewRound(out, at)
}

func (s *Session) stepOut(m *member, in Intent) []Event {
	if m.steppedOut {
		return s.fail(in, CodeAlreadyDone, "You've already stepped out. Step back in when you're ready.")
	}
	out := make([]Event, 0, 3)
	if s.speaker == m {
		out = s.finishShare(out, in.At, EndSteppedOut)
	}
	if i := s.queueIndex(m); i >= 0 {
		s.queue = slices.Delete(s.queue, i, i+1)
		out = s.emitQueue(out, in.At, "")
	}
	m.steppedOut = true
	e := toAll(EventSteppedOut, in.At)
	e.MemberID, e.Name = m.id, m.name
	return s.emit(out, e)
}

func (s *Session) stepIn(m *member, in Intent) []Event {
	if !m.steppedOut {
		return s.fail(in, CodeAlreadyDone, "You're already here.")
	}
	m.steppedOut = false
	e := toAll(EventSteppedIn, in.At)
	e.MemberID, e.Name = m.id, m.name
	return s.emit(make([]Event, 0, 1), e)
}

// present counts the members present now.
func (s *Session) presentCount() int {
	n := 0
	for _, m := range s.order {
		if m.present {
			n++
		}
	}
	return n
}
