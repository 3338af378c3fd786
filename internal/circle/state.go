package circle

import (
	"slices"
	"time"
)

// Snapshot returns the whole session as one member should see it: the
// payload of a state event. Facilitators also see support requests, side
// rooms and who is just listening; a member sees their own held chats,
// side room and just-listening mark. An unknown id gets what any member
// sees. The share timer's remaining time is reckoned at the latest time
// the session has seen.
func (s *Session) Snapshot(memberID string) State {
	return s.snapshotAt(memberID, s.now)
}

func (s *Session) snapshotAt(id string, at time.Time) State {
	if s.now.After(at) {
		at = s.now
	}
	me := s.members[id]
	facilitator := me != nil && me.role.Facilitates()
	st := State{
		SessionID: s.cfg.SessionID,
		Format:    s.cfg.Format,
		Phase:     s.Phase(),
		Agenda:    slices.Clone(s.agenda),
		Agreement: Agreement{Version: s.cfg.AgreementVersion, Text: s.cfg.AgreementText},
		Round:     s.round,
		Queue:     s.queueIDs(),
		Members:   make([]MemberView, 0, len(s.order)),
		Poll:      s.pollView(id),
		Breakout:  s.breakoutView(),
		Ended:     s.ended,
	}
	if me != nil {
		st.You = me.id
	}
	if s.ended {
		st.Queue = nil
		return st
	}
	if sp := s.speaker; sp != nil {
		st.Speaker = sp.id
		st.ContentNote = s.share.note
		st.Timer = s.timer(at)
	}
	for _, m := range s.order {
		if m.removed {
			continue
		}
		v := MemberView{ID: m.id, Name: m.name, Role: m.role, Present: m.present, SteppedOut: m.steppedOut,
			HadTurn: s.hadTurn(m)}
		if facilitator || m == me {
			v.JustListening = m.listening
		}
		st.Members = append(st.Members, v)
	}
	for _, c := range s.checkins {
		if c.m.removed {
			continue
		}
		st.CheckIns = append(st.CheckIns, CheckInView{MemberID: c.m.id, Name: c.m.name, Word: c.word, Passed: c.passed})
	}
	st.FeedbackCount = len(s.feedback)
	if me == nil {
		return st
	}
	for _, h := range s.held {
		if h.from == me {
			st.Held = append(st.Held, HeldChat{ID: h.id, Text: h.text})
		}
	}
	st.CheckedIn = me.checkedIn
	st.FeedbackGiven = s.feedbackFrom[me.id]
	for _, r := range s.sideRooms {
		if facilitator || r.MemberID == me.id {
			st.SideRooms = append(st.SideRooms, r)
		}
	}
	for _, o := range s.offers {
		if o.m == me {
			st.Offers = append(st.Offers, o.id)
		}
		if facilitator && !o.m.removed {
			a := RiskAlert{ID: o.id, MemberID: o.m.id, Name: o.m.name, Category: o.category, At: o.at}
			if o.shared {
				a.Text = o.text
			}
			st.Alerts = append(st.Alerts, a)
		}
	}
	if facilitator {
		for _, r := range s.support {
			st.Support = append(st.Support, SupportRequest{ID: r.id, MemberID: r.m.id, Name: r.m.name, Text: r.text,
				At: r.at, Room: r.room})
		}
	}
	return st
}
