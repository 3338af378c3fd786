package circle

import "slices"

// Who hears what in private side rooms and in breakout rooms. Side-room
// and breakout chat, like circle chat, is never kept: it is emitted and
// forgotten, except the words behind a support offer, which End lets go.

// sideRoom finds the side room an intent names, if m may use it: the
// room's own member or a facilitator. Anyone else is told it does not
// exist, so a member cannot learn from an error that someone else was
// taken aside.
func (s *Session) sideRoom(m *member, id string) *SideRoom {
	for i := range s.sideRooms {
		r := &s.sideRooms[i]
		if r.ID == id && (r.MemberID == m.id || m.role.Facilitates()) {
			return r
		}
	}
	return nil
}

// sideAudience is the side room's member and every facilitator, those of
// them present now.
func (s *Session) sideAudience(r *SideRoom) Audience {
	ids := make([]string, 0, 4)
	for _, m := range s.order {
		if m.present && (m.id == r.MemberID || m.role.Facilitates()) {
			ids = append(ids, m.id)
		}
	}
	return Audience{Kind: Members, IDs: ids}
}

// sideChat is a message in a private side room. It reaches the room's
// member and the facilitators only, and is never held by a share: it is a
// private conversation, not cross-talk. The risk check answers the room's
// member's words as it does circle chat; the facilitators' words in the
// room raise nothing, as they may ask about safety directly.
func (s *Session) sideChat(m *member, in Intent) []Event {
	r := s.sideRoom(m, in.Target)
	switch {
	case r == nil:
		return s.fail(in, CodeNotFound, "That side room isn't one you're in.")
	case r.Closed:
		return s.fail(in, CodeClosed, "That side room has been closed. Ask for support again if you'd like to talk.")
	}
	text, code, msg := checkText(in.Text, MaxChat, true, "message")
	if code != "" {
		return s.fail(in, code, msg)
	}
	e := Event{Type: EventSideChat, At: in.At, Audience: s.sideAudience(r), ID: r.ID, MemberID: m.id, Name: m.name,
		Text: text}
	out := s.emit(make([]Event, 0, 3), e)
	if m.id != r.MemberID {
		return out
	}
	return s.offerSupport(out, m, in, text)
}

// closeSideRoom ends a side room for good, at the member's or a
// facilitator's wish. Kind says which of them closed it.
func (s *Session) closeSideRoom(m *member, in Intent) []Event {
	r := s.sideRoom(m, in.Target)
	switch {
	case r == nil:
		return s.fail(in, CodeNotFound, "That side room isn't one you're in.")
	case r.Closed:
		return s.fail(in, CodeAlreadyDone, "That side room is already closed.")
	}
	r.Closed = true
	e := Event{Type: EventSideRoomClosed, At: in.At, Audience: s.sideAudience(r), ID: r.ID, MemberID: r.MemberID,
		Kind: "member"}
	if t := s.members[r.MemberID]; t != nil {
		e.Name = t.name
	}
	if m.id != r.MemberID {
		e.Kind = "facilitator"
	}
	return s.emit(make([]Event, 0, 1), e)
}

// breakoutAudience is who hears m's chat while breakout rooms are open:
// the present members of m's room, and the room's id. Someone who arrived
// after the rooms opened is in none; they talk with the others who are in
// none.
func (s *Session) breakoutAudience(m *member) (string, Audience) {
	room := ""
	var in []string
	for _, r := range s.breakout.rooms {
		if slices.Contains(r.Members, m.id) {
			room, in = r.ID, r.Members
			break
		}
	}
	ids := make([]string, 0, len(in)+1)
	for _, x := range s.order {
		if !x.present {
			continue
		}
		if room != "" && slices.Contains(in, x.id) || room == "" && !s.inBreakoutRoom(x.id) {
			ids = append(ids, x.id)
		}
	}
	return room, Audience{Kind: Members, IDs: ids}
}

func (s *Session) inBreakoutRoom(id string) bool {
	for _, r := range s.breakout.rooms {
		if slices.Contains(r.Members, id) {
			return true
		}
	}
	return false
}
