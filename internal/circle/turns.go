package circle

import (
	"slices"
	"time"
)

// The talking piece: hands, the queue, shares, the share timer, and the
// facilitator's controls over them.

func (s *Session) hadTurn(m *member) bool { return m.turnRound == s.round }

func (s *Session) queueIndex(m *member) int {
	for i, q := range s.queue {
		if q == m {
			return i
		}
	}
	return -1
}

// ahead reports whether a member goes ahead of others in line: they have
// not had a turn this round and are not just listening. For ordering, a
// hand raised by someone just listening ranks like one from someone who has
// shared, so the engine never moves them to the front.
func (s *Session) ahead(m *member) bool { return !s.hadTurn(m) && !m.listening }

// enqueue puts a member in line: those who have not had a turn this round
// go ahead of those who have; otherwise first come, first served.
func (s *Session) enqueue(m *member) {
	if !s.ahead(m) {
		s.queue = append(s.queue, m)
		return
	}
	at := 0
	for i, q := range s.queue {
		if s.ahead(q) {
			at = i + 1
		}
	}
	s.queue = slices.Insert(s.queue, at, m)
}

func (s *Session) queueIDs() []string {
	ids := make([]string, len(s.queue))
	for i, q := range s.queue {
		ids[i] = q.id
	}
	return ids
}

// emitQueue announces the whole queue. given names the member a
// facilitator just gave the turn to, if any.
func (s *Session) emitQueue(out []Event, at time.Time, given string) []Event {
	e := toAll(EventQueue, at)
	e.Queue = s.queueIDs()
	e.MemberID = given
	return s.emit(out, e)
}

// talkingCheck refuses talking-piece intents outside the phases that use
// it and while everyone is in breakout rooms.
func (s *Session) talkingCheck(in Intent) (ErrorCode, string) {
	if p := s.Phase(); !p.talking() {
		return CodeWrongPhase, "Turns to share aren't used during the " + p.label() + "."
	}
	if s.breakout != nil {
		return CodeInBreakout, "Everyone is in breakout rooms right now. Turns start again when the rooms close."
	}
	return "", ""
}

func (s *Session) raiseHand(m *member, in Intent) []Event {
	if code, msg := s.talkingCheck(in); code != "" {
		return s.fail(in, code, msg)
	}
	switch {
	case s.speaker == m:
		return s.fail(in, CodeAlreadyDone, "You're sharing now.")
	case m.steppedOut:
		return s.fail(in, CodeSteppedOut, "You've stepped out. Step back in first, then raise your hand.")
	case s.queueIndex(m) >= 0:
		return s.fail(in, CodeAlreadyDone, "Your hand is already up.")
	}
	s.enqueue(m)
	return s.emitQueue(make([]Event, 0, 1), in.At, "")
}

func (s *Session) lowerHand(m *member, in Intent) []Event {
	i := s.queueIndex(m)
	if i < 0 {
		return s.fail(in, CodeNotFound, "Your hand isn't up.")
	}
	s.queue = slices.Delete(s.queue, i, i+1)
	return s.emitQueue(make([]Event, 0, 1), in.At, "")
}

// pass lets a member let their turn go by. In the check-in round it is a
// check-in without a mood or word.
func (s *Session) pass(m *member, in Intent) []Event {
	if s.Phase() == PhaseCheckIn {
		in.Pass = true
		return s.checkIn(m, in)
	}
	if code, msg := s.talkingCheck(in); code != "" && code != CodeInBreakout {
		return s.fail(in, code, msg)
	}
	i := s.queueIndex(m)
	switch {
	case s.speaker == m:
		return s.fail(in, CodeAlreadyDone, "You're sharing now. End your share when you're ready.")
	case i < 0 && s.hadTurn(m):
		return s.fail(in, CodeAlreadyDone, "You've already had your turn this round.")
	}
	out := make([]Event, 0, 3)
	m.turnRound = s.round
	e := toAll(EventPassed, in.At)
	e.MemberID, e.Name = m.id, m.name
	out = s.emit(out, e)
	if i >= 0 {
		s.queue = slices.Delete(s.queue, i, i+1)
		out = s.emitQueue(out, in.At, "")
	}
	return s.maybeNewRound(out, in.At)
}

func (s *Session) startShare(m *member, in Intent) []Event {
	if code, msg := s.talkingCheck(in); code != "" {
		return s.fail(in, code, msg)
	}
	switch {
	case s.speaker == m:
		return s.fail(in, CodeAlreadyDone, "You're already sharing.")
	case s.speaker != nil:
		return s.fail(in, CodeSomeoneSharing, s.speaker.name+" is sharing right now. Please wait until they finish.")
	case m.steppedOut:
		return s.fail(in, CodeSteppedOut, "You've stepped out. Step back in first.")
	case len(s.queue) == 0:
		return s.fail(in, CodeNotYourTurn, "Raise your hand first; you can share when it's your turn.")
	case s.queue[0] != m:
		return s.fail(in, CodeNotYourTurn, "It's "+s.queue[0].name+"'s turn first. You'll be able to share when it's yours.")
	}
	note, code, msg := checkText(in.ContentNote, MaxContentNote, false, "content note")
	if code != "" {
		return s.fail(in, code, msg)
	}
	s.queue = slices.Delete(s.queue, 0, 1)
	s.speaker = m
	s.share = share{started: in.At, seconds: s.cfg.ShareSeconds, note: note}
	m.turnRound = s.round
	s.shares++

	out := make([]Event, 0, 2)
	e := toAll(EventShareStarted, in.At)
	e.MemberID, e.Name, e.ContentNote = m.id, m.name, note
	e.Timer = s.timer(in.At)
	out = s.emit(out, e)
	return s.emitQueue(out, in.At, "")
}

func (s *Session) endShare(m *member, in Intent) []Event {
	switch {
	case s.speaker == nil:
		return s.fail(in, CodeNotSharing, "You aren't sharing right now.")
	case s.speaker != m && m.role.Facilitates():
		return s.fail(in, CodeNotSharing, "Only "+s.speaker.name+" can end their share. To move on, skip instead.")
	case s.speaker != m:
		return s.fail(in, CodeNotSharing, "You aren't sharing right now; "+s.speaker.name+" is.")
	}
	return s.finishShare(make([]Event, 0, 2+len(s.held)), in.At, EndDone)
}

// finishShare ends the current share and releases the chat held during
// it, in the order it was written.
func (s *Session) finishShare(out []Event, at time.Time, why string) []Event {
	sp := s.speaker
	s.speaker = nil
	s.share = share{}
	e := toAll(EventShareEnded, at)
	e.MemberID, e.Name, e.Kind = sp.id, sp.name, why
	out = s.emit(out, e)
	for _, h := range s.held {
		e := toAll(EventChat, at)
		e.MemberID, e.Name, e.Text = h.from.id, h.from.name, h.text
		out = s.emit(out, e)
		h.from.nHeld = 0
	}
	clear(s.held)
	s.held = s.held[:0]
	return s.maybeNewRound(out, at)
}

// maybeNewRound starts a new round once everyone present (except those
// just listening) has shared or passed, so all are equal in line again.
func (s *Session) maybeNewRound(out []Event, at time.Time) []Event {
	if s.speaker != nil || !s.Phase().talking() {
		return out
	}
	anyone := false
	for _, m := range s.order {
		if m.present && !m.listening {
			if m.turnRound != s.round {
				return out
			}
			anyone = true
		}
	}
	if !anyone {
		return out
	}
	s.round++
	e := toAll(EventRound, at)
	e.Round = s.round
	return s.emit(out, e)
}

func (s *Session) advance(m *member, in Intent) []Event {
	if s.speaker != nil {
		return s.fail(in, CodeSomeoneSharing, s.speaker.name+" is still sharing. Wait until they finish, or skip first.")
	}
	next := s.phaseIdx + 1
	if in.Phase != "" {
		next = slices.Index(s.agenda, in.Phase)
		switch {
		case next < 0:
			return s.fail(in, CodeBadValue, "That part isn't on this group's agenda.")
		case next == s.phaseIdx:
			return s.fail(in, CodeAlreadyDone, "The group is already in the "+in.Phase.label()+".")
		}
	} else if next >= len(s.agenda) {
		return s.fail(in, CodeWrongPhase, "This is the last part of the agenda. End the group session when everyone is ready.")
	}
	hadQueue := len(s.queue) > 0
	s.phaseIdx = next
	s.round++
	clear(s.queue)
	s.queue = s.queue[:0]
	p := s.agenda[next]
	if goesAround(s.cfg.Format, p) {
		for _, q := range s.order {
			if q.present && !q.listening && !q.steppedOut {
				s.queue = append(s.queue, q)
			}
		}
	}
	out := make([]Event, 0, 2)
	e := toAll(EventPhase, in.At)
	e.Phase, e.Round = p, s.round
	out = s.emit(out, e)
	if hadQueue || len(s.queue) > 0 {
		out = s.emitQueue(out, in.At, "")
	}
	return out
}

func (s *Session) giveTurn(by *member, in Intent) []Event {
	if code, msg := s.talkingCheck(in); code != "" {
		return s.fail(in, code, msg)
	}
	t := s.members[in.MemberID]
	switch {
	case t == nil || !t.present:
		return s.fail(in, CodeNotFound, "That member isn't here right now.")
	case s.speaker == t:
		return s.fail(in, CodeAlreadyDone, t.name+" is already sharing.")
	case t.steppedOut:
		return s.fail(in, CodeSteppedOut, t.name+" has stepped out for a moment.")
	}
	i := s.queueIndex(t)
	switch {
	case i == 0:
		return s.fail(in, CodeAlreadyDone, t.name+" is already first in line.")
	case i < 0 && t.listening:
		return s.fail(in, CodeNotAllowed, t.name+" is just listening for now. They can raise a hand when they're ready.")
	}
	if i > 0 {
		s.queue = slices.Delete(s.queue, i, i+1)
	}
	s.queue = slices.Insert(s.queue, 0, t)
	return s.emitQueue(make([]Event, 0, 1), in.At, t.id)
}

func (s *Session) skip(by *member, in Intent) []Event {
	if s.speaker != nil {
		return s.finishShare(make([]Event, 0, 2+len(s.held)), in.At, EndSkipped)
	}
	if len(s.queue) == 0 {
		return s.fail(in, CodeNotFound, "No one is sharing or waiting, so there's nothing to skip.")
	}
	s.queue = slices.Delete(s.queue, 0, 1)
	return s.emitQueue(make([]Event, 0, 1), in.At, "")
}

func (s *Session) reorder(by *member, in Intent) []Event {
	if len(s.queue) == 0 {
		return s.fail(in, CodeNotFound, "No one is waiting to share, so there's nothing to reorder.")
	}
	if len(in.Order) != len(s.queue) {
		return s.fail(in, CodeBadValue, "The new order must list everyone waiting, each once.")
	}
	next := make([]*member, len(in.Order))
	for i, id := range in.Order {
		m := s.members[id]
		if m == nil || s.queueIndex(m) < 0 || slices.Contains(next[:i], m) {
			return s.fail(in, CodeBadValue, "The new order must list everyone waiting, each once.")
		}
		next[i] = m
	}
	copy(s.queue, next)
	return s.emitQueue(make([]Event, 0, 1), in.At, "")
}

func (s *Session) extend(by *member, in Intent) []Event {
	if s.speaker == nil {
		return s.fail(in, CodeNotSharing, "No one is sharing, so there's no time to add.")
	}
	if in.Seconds < 1 || in.Seconds > MaxExtend {
		return s.fail(in, CodeBadValue, "Add between 1 second and an hour.")
	}
	s.share.seconds += in.Seconds
	left := s.remaining(in.At)
	if left > 60 {
		s.share.oneMinute = false
	}
	if left > 0 {
		s.share.timeUp = false
	}
	e := toAll(EventTimer, in.At)
	e.MemberID, e.Name = s.speaker.id, s.speaker.name
	e.Timer = s.timer(in.At)
	return s.emit(make([]Event, 0, 1), e)
}

// remaining is the whole seconds left in the current share at a moment,
// rounded up, and never below zero.
func (s *Session) remaining(at time.Time) int {
	if s.now.After(at) {
		at = s.now
	}
	d := s.share.started.Add(time.Duration(s.share.seconds) * time.Second).Sub(at)
	if d <= 0 {
		return 0
	}
	return int((d + time.Second - 1) / time.Second)
}

func (s *Session) timer(at time.Time) *Timer {
	if s.speaker == nil {
		return nil
	}
	return &Timer{StartedAt: s.share.started, Seconds: s.share.seconds, Remaining: s.remaining(at)}
}

// Tick moves the session's clock to at and returns what the time brings: a
// gentle notice when a share has a minute left and when its time is up
// (neither ends the share), and the end of breakout rooms whose time ran
// out. The transport calls it about once a second.
func (s *Session) Tick(at time.Time) []Event {
	if s.ended {
		return nil
	}
	if s.now.After(at) {
		at = s.now
	}
	var out []Event
	if sp := s.speaker; sp != nil {
		left := s.remaining(at)
		kind := ""
		switch {
		case left <= 0 && !s.share.timeUp:
			s.share.timeUp, s.share.oneMinute = true, true
			kind = NoticeTimeUp
		case left <= 60 && !s.share.oneMinute && s.share.seconds > 60:
			s.share.oneMinute = true
			kind = NoticeOneMinute
		}
		if kind != "" {
			e := toAll(EventTimerNotice, at)
			e.MemberID, e.Name, e.Kind = sp.id, sp.name, kind
			e.Timer = s.timer(at)
			out = s.emit(out, e)
		}
	}
	if b := s.breakout; b != nil && !at.Before(b.endsAt) {
		out = s.closeBreakout(out, at, "timer")
	}
	if at.After(s.now) {
		s.now = at
	}
	return out
}
