package circle

import (
	"slices"
	"strconv"
	"time"
)

// Chat, reactions, check-ins, support, polls, breakout rooms and feedback.

func (s *Session) chat(m *member, in Intent) []Event {
	text, code, msg := checkText(in.Text, MaxChat, true, "message")
	if code != "" {
		return s.fail(in, code, msg)
	}
	if s.breakout != nil {
		// In breakout rooms chat stays in the writer's room. No one shares
		// then, so nothing is held.
		room, aud := s.breakoutAudience(m)
		e := Event{Type: EventChat, At: in.At, Audience: aud, MemberID: m.id, Name: m.name, Text: text, ID: room}
		return s.offerSupport(s.emit(make([]Event, 0, 3), e), m, in, text)
	}
	if s.speaker != nil && s.speaker != m && s.Phase().holdsChat() {
		if m.nHeld >= maxHeldPerMember {
			return s.fail(in, CodeTooLong, "You have "+strconv.Itoa(maxHeldPerMember)+
				" messages waiting already. They'll be sent when "+s.speaker.name+" finishes sharing.")
		}
		s.nHeld++
		h := heldChat{id: "held-" + strconv.Itoa(s.nHeld), from: m, text: text}
		s.held = append(s.held, h)
		m.nHeld++
		e := toOne(EventChatHeld, m, in)
		e.ID, e.Text = h.id, text
		return s.offerSupport(s.emit(make([]Event, 0, 3), e), m, in, text)
	}
	e := toAll(EventChat, in.At)
	e.MemberID, e.Name, e.Text = m.id, m.name, text
	return s.offerSupport(s.emit(make([]Event, 0, 3), e), m, in, text)
}

func (s *Session) withdraw(m *member, in Intent) []Event {
	i := slices.IndexFunc(s.held, func(h heldChat) bool { return h.id == in.Target && h.from == m })
	if i < 0 {
		return s.fail(in, CodeNotFound, "That message isn't waiting any more; it may already have been sent.")
	}
	s.held = slices.Delete(s.held, i, i+1)
	m.nHeld--
	e := toOne(EventChatWithdrawn, m, in)
	e.ID = in.Target
	return s.emit(make([]Event, 0, 1), e)
}

func (s *Session) react(m *member, in Intent) []Event {
	if in.Kind != ReactNod && in.Kind != ReactHeart {
		return s.fail(in, CodeBadValue, "You can react with a nod or a heart.")
	}
	e := toAll(EventReaction, in.At)
	e.MemberID, e.Name, e.Kind = m.id, m.name, in.Kind
	return s.emit(make([]Event, 0, 1), e)
}

// checkIn records a member's check-in. Everyone sees the word; the mood is
// only counted, with no link to who gave it.
func (s *Session) checkIn(m *member, in Intent) []Event {
	if p := s.Phase(); p != PhaseCheckIn {
		if slices.Contains(s.agenda, PhaseCheckIn) {
			return s.fail(in, CodeWrongPhase, "Check-ins happen during the check-in round.")
		}
		return s.fail(in, CodeWrongPhase, "This group's format has no check-in round.")
	}
	if m.checkedIn {
		return s.fail(in, CodeAlreadyDone, "You've already checked in.")
	}
	word := ""
	if !in.Pass {
		if in.Mood < 1 || in.Mood > 5 {
			return s.fail(in, CodeBadValue, "Choose a mood from 1 to 5, or pass.")
		}
		var code ErrorCode
		var msg string
		word, code, msg = checkText(in.Word, MaxWord, true, "check-in word")
		if code != "" {
			return s.fail(in, code, msg)
		}
		s.moods[in.Mood-1]++
	}
	m.checkedIn = true
	s.checkins = append(s.checkins, checkin{m: m, word: word, passed: in.Pass})
	e := toAll(EventCheckIn, in.At)
	e.MemberID, e.Name, e.Word, e.Passed = m.id, m.name, word, in.Pass
	out := s.emit(make([]Event, 0, 3), e)
	if word == "" {
		return out
	}
	return s.offerSupport(out, m, in, word)
}

// offerSupport follows an accepted chat or check-in whose words the
// transport's detector found a risk signal in (in.Risk): the writer alone
// gets a calm support offer, the facilitators alone a risk alert with who,
// when and what kind, never the words. Nothing else changes: the chat was
// delivered or held as it would have been anyway.
func (s *Session) offerSupport(out []Event, m *member, in Intent, text string) []Event {
	if in.Risk == "" {
		return out
	}
	o := offer{id: "offer-" + strconv.Itoa(len(s.offers)+1), m: m, category: in.Risk, text: text, at: in.At}
	s.offers = append(s.offers, o)
	e := toOne(EventSupportOffer, m, in)
	e.ID, e.Kind = o.id, o.category
	e.Text = "It sounds like things are really hard right now. You don't have to go through this alone. " +
		"Only you can see this."
	out = s.emit(out, e)
	a := Event{Type: EventRiskAlert, At: in.At, Audience: Audience{Kind: Facilitators}, ID: o.id, MemberID: m.id,
		Name: m.name, Kind: o.category}
	return s.emit(out, a)
}

// offerFor finds the writer's own support offer an intent names.
func (s *Session) offerFor(m *member, id string) *offer {
	for i := range s.offers {
		if s.offers[i].id == id && s.offers[i].m == m {
			return &s.offers[i]
		}
	}
	return nil
}

// shareWithFacilitator lets the facilitators read the words that raised
// the writer's support offer, because the writer said so.
func (s *Session) shareWithFacilitator(m *member, in Intent) []Event {
	o := s.offerFor(m, in.Target)
	switch {
	case o == nil:
		return s.fail(in, CodeNotFound, "That message can't be shared any more.")
	case o.shared:
		return s.fail(in, CodeAlreadyDone, "You've already shared it with the facilitators.")
	}
	o.shared = true
	out := make([]Event, 0, 2)
	e := Event{Type: EventRiskShared, At: in.At, Audience: Audience{Kind: Facilitators}, ID: o.id, MemberID: m.id,
		Name: m.name, Kind: o.category, Text: o.text}
	out = s.emit(out, e)
	ack := toOne(EventSupportNoted, m, in)
	ack.ID, ack.Count, ack.Kind = o.id, s.facilitatorsHere(), "shared"
	ack.Text = "The facilitators can now read what you wrote. Only they can see it."
	if ack.Count == 0 {
		ack.Text = "No facilitator is here right now; they'll see it if they join. If you need help now, use \"Get help now\"."
	}
	return s.emit(out, ack)
}

// reachFacilitator is the writer asking to talk with a facilitator after a
// support offer: the private "I need support" signal, without a note.
func (s *Session) reachFacilitator(m *member, in Intent) []Event {
	in.Text = ""
	return s.needSupport(m, in)
}

func (s *Session) facilitatorsHere() int {
	n := 0
	for _, f := range s.order {
		if f.present && f.role.Facilitates() {
			n++
		}
	}
	return n
}

// needSupport is the private "I need support" signal: only the
// facilitators hear of it, and the member is told so.
func (s *Session) needSupport(m *member, in Intent) []Event {
	text, code, msg := checkText(in.Text, MaxSupportNote, false, "note")
	if code != "" {
		return s.fail(in, code, msg)
	}
	s.nSupport++
	r := supportRequest{id: "support-" + strconv.Itoa(s.nSupport), m: m, text: text, at: in.At}
	s.support = append(s.support, r)

	out := make([]Event, 0, 2)
	e := Event{Type: EventSupportRequest, At: in.At, Audience: Audience{Kind: Facilitators},
		ID: r.id, MemberID: m.id, Name: m.name, Text: text}
	out = s.emit(out, e)
	n := s.facilitatorsHere()
	ack := toOne(EventSupportNoted, m, in)
	ack.ID, ack.Count = r.id, n
	ack.Text = "The facilitators have been told. Only they can see this."
	if n == 0 {
		ack.Text = "No facilitator is here right now. If you need help now, use \"Get help now\"."
	}
	return s.emit(out, ack)
}

// openSideRoom makes a private room for one member and the facilitators.
func (s *Session) openSideRoom(by *member, in Intent) []Event {
	t := s.members[in.MemberID]
	switch {
	case t == nil || !t.present:
		return s.fail(in, CodeNotFound, "That member isn't here right now.")
	case t == by:
		return s.fail(in, CodeBadValue, "Choose the member you'd like to talk with.")
	}
	id := s.cfg.SessionID + ":side-" + strconv.Itoa(len(s.sideRooms)+1)
	s.sideRooms = append(s.sideRooms, SideRoom{ID: id, MemberID: t.id})
	for i := range s.support {
		if s.support[i].m == t && s.support[i].room == "" {
			s.support[i].room = id
		}
	}
	out := make([]Event, 0, 2)
	e := Event{Type: EventSideRoom, At: in.At, Audience: Audience{Kind: OneMember, To: t.id}, ID: id, MemberID: t.id, Name: t.name}
	out = s.emit(out, e)
	e.Audience = Audience{Kind: Facilitators}
	return s.emit(out, e)
}

func (s *Session) pollOpen(by *member, in Intent) []Event {
	if s.poll != nil && s.poll.open {
		return s.fail(in, CodeAlreadyDone, "A poll is already open. Close it before starting another.")
	}
	q, code, msg := checkText(in.Text, MaxQuestion, true, "question")
	if code != "" {
		return s.fail(in, code, msg)
	}
	if len(in.Options) < 2 || len(in.Options) > MaxOptions {
		return s.fail(in, CodeBadValue, "A poll needs between 2 and "+strconv.Itoa(MaxOptions)+" answers to choose from.")
	}
	opts := make([]string, len(in.Options))
	for i, o := range in.Options {
		o, code, msg := checkText(o, MaxOption, true, "answer")
		if code != "" {
			return s.fail(in, code, msg)
		}
		opts[i] = o
	}
	s.poll = &poll{question: q, options: opts, counts: make([]int, len(opts)), answered: make(map[string]bool), open: true}
	e := toAll(EventPoll, in.At)
	e.Poll = s.pollView("")
	return s.emit(make([]Event, 0, 1), e)
}

func (s *Session) pollAnswer(m *member, in Intent) []Event {
	p := s.poll
	switch {
	case p == nil || !p.open:
		return s.fail(in, CodeNotFound, "There's no poll open right now.")
	case p.answered[m.id]:
		return s.fail(in, CodeAlreadyDone, "You've already answered this poll.")
	case in.Choice < 1 || in.Choice > len(p.options):
		return s.fail(in, CodeBadValue, "Choose one of the poll's answers.")
	}
	p.counts[in.Choice-1]++
	p.answered[m.id] = true
	e := toAll(EventPoll, in.At)
	e.Poll = s.pollView("")
	return s.emit(make([]Event, 0, 1), e)
}

func (s *Session) pollClose(by *member, in Intent) []Event {
	if s.poll == nil || !s.poll.open {
		return s.fail(in, CodeNotFound, "There's no poll open right now.")
	}
	s.poll.open = false
	e := toAll(EventPoll, in.At)
	e.Poll = s.pollView("")
	return s.emit(make([]Event, 0, 1), e)
}

// pollView shows a poll. Counts are shown only after it closes, and only
// with at least MinAnonymous answers: live counts would reveal each
// answer as it arrives.
func (s *Session) pollView(forID string) *PollView {
	p := s.poll
	if p == nil {
		return nil
	}
	v := &PollView{Question: p.question, Options: slices.Clone(p.options), Open: p.open, Answered: len(p.answered)}
	if !p.open && len(p.answered) >= MinAnonymous {
		v.Counts = slices.Clone(p.counts)
	}
	v.YouAnswered = forID != "" && p.answered[forID]
	return v
}

func (s *Session) breakoutStart(by *member, in Intent) []Event {
	switch {
	case s.breakout != nil:
		return s.fail(in, CodeAlreadyDone, "Breakout rooms are already open.")
	case s.speaker != nil:
		return s.fail(in, CodeSomeoneSharing, s.speaker.name+" is sharing. Open breakout rooms when they've finished.")
	case in.Size < 2 || in.Size > MaxRoomSize:
		return s.fail(in, CodeBadValue, "Choose a room size from 2 to "+strconv.Itoa(MaxRoomSize)+".")
	case in.Seconds < 1 || in.Seconds > MaxBreakout:
		return s.fail(in, CodeBadValue, "Breakout rooms can last from 1 second to 2 hours.")
	}
	var here []*member
	for _, m := range s.order {
		if m.present {
			here = append(here, m)
		}
	}
	if len(here) < 2 {
		return s.fail(in, CodeBadValue, "Breakout rooms need at least two people here.")
	}
	rooms := s.splitRooms(here, in.Size)
	b := &breakout{endsAt: in.At.Add(time.Duration(in.Seconds) * time.Second), rooms: make([]Room, len(rooms))}
	for i, r := range rooms {
		ids := make([]string, len(r))
		for j, m := range r {
			ids[j] = m.id
		}
		b.rooms[i] = Room{ID: "room-" + strconv.Itoa(i+1), Members: ids}
	}
	s.breakout = b
	e := toAll(EventBreakout, in.At)
	e.Breakout = s.breakoutView()
	return s.emit(make([]Event, 0, 1), e)
}

func (s *Session) breakoutEnd(by *member, in Intent) []Event {
	if s.breakout == nil {
		return s.fail(in, CodeNotFound, "No breakout rooms are open.")
	}
	return s.closeBreakout(make([]Event, 0, 1), in.At, "ended")
}

// closeBreakout brings everyone back to the circle.
func (s *Session) closeBreakout(out []Event, at time.Time, why string) []Event {
	s.breakout = nil
	e := toAll(EventBreakout, at)
	e.Kind = why
	e.Breakout = &BreakoutView{Active: false, EndsAt: at}
	return s.emit(out, e)
}

func (s *Session) breakoutView() *BreakoutView {
	b := s.breakout
	if b == nil {
		return nil
	}
	v := &BreakoutView{Active: true, EndsAt: b.endsAt, Rooms: make([]Room, len(b.rooms))}
	for i, r := range b.rooms {
		v.Rooms[i] = Room{ID: r.ID, Members: slices.Clone(r.Members)}
	}
	return v
}

// splitRooms shuffles the members into rooms of at most size people, as
// even as possible, never putting a blocked pair together. When the blocks
// make that impossible with the fewest rooms, it uses more (smaller)
// rooms; with one person per room it always succeeds.
func (s *Session) splitRooms(here []*member, size int) [][]*member {
	ms := slices.Clone(here)
	s.rng.Shuffle(len(ms), func(i, j int) { ms[i], ms[j] = ms[j], ms[i] })
	// The most constrained members are placed first.
	degree := make(map[*member]int, len(ms))
	for i, a := range ms {
		for _, b := range ms[i+1:] {
			if s.blocked[pairKey(a.id, b.id)] {
				degree[a]++
				degree[b]++
			}
		}
	}
	slices.SortStableFunc(ms, func(a, b *member) int { return degree[b] - degree[a] })

	n := len(ms)
	for r := (n + size - 1) / size; r <= n; r++ {
		if rooms, ok := s.fill(ms, r); ok {
			return rooms
		}
	}
	panic("unreachable: one member per room always fits")
}

// fill tries to place ms into r rooms of even sizes by backtracking,
// within a budget of steps so a hopeless case gives up quickly.
func (s *Session) fill(ms []*member, r int) ([][]*member, bool) {
	n := len(ms)
	caps := make([]int, r)
	for i := range caps {
		caps[i] = n / r
		if i < n%r {
			caps[i]++
		}
	}
	rooms := make([][]*member, r)
	budget := 20000
	var place func(k int) bool
	place = func(k int) bool {
		if k == n {
			return true
		}
		budget--
		if budget < 0 {
			return false
		}
		m := ms[k]
		triedEmpty := false
		for i := range rooms {
			if len(rooms[i]) >= caps[i] {
				continue
			}
			if len(rooms[i]) == 0 {
				// Empty rooms of the same size are alike: trying one is enough.
				if triedEmpty {
					continue
				}
				triedEmpty = true
			}
			if slices.ContainsFunc(rooms[i], func(o *member) bool { return s.blocked[pairKey(m.id, o.id)] }) {
				continue
			}
			rooms[i] = append(rooms[i], m)
			if place(k + 1) {
				return true
			}
			rooms[i] = rooms[i][:len(rooms[i])-1]
		}
		return false
	}
	if !place(0) {
		return nil, false
	}
	return rooms, true
}

func (s *Session) giveFeedback(m *member, in Intent) []Event {
	switch {
	case s.Phase() != PhaseFeedback:
		return s.fail(in, CodeWrongPhase, "Feedback is asked for at the end of the group session.")
	case s.feedbackFrom[m.id]:
		return s.fail(in, CodeAlreadyDone, "You've already given feedback. Thank you.")
	}
	for _, v := range [3]int{in.FeltHeard, in.FeltSafe, in.WouldComeBack} {
		if v < 1 || v > 5 {
			return s.fail(in, CodeBadValue, "Answer each question with a number from 1 to 5.")
		}
	}
	comment, code, msg := checkText(in.Comment, MaxComment, false, "comment")
	if code != "" {
		return s.fail(in, code, msg)
	}
	if s.feedbackFrom == nil {
		s.feedbackFrom = make(map[string]bool)
	}
	s.feedbackFrom[m.id] = true
	s.feedback = append(s.feedback, FeedbackAnswer{FeltHeard: in.FeltHeard, FeltSafe: in.FeltSafe,
		WouldComeBack: in.WouldComeBack, Comment: comment})
	e := toAll(EventFeedback, in.At)
	e.Count = len(s.feedback)
	return s.emit(make([]Event, 0, 1), e)
}
