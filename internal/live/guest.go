package live

import (
	"errors"
	"slices"

	"holdspace/internal/circle"
)

// Guests are people in the room with a facilitator who have no account: in
// an in-person (or hybrid) group session the facilitator's tablet types
// their first names and acts for them, so the same engine keeps their turn,
// their timer and their check-in. A guest is a member of the circle like any
// other (the engine cannot tell them apart), with no connection of their
// own, no account behind them and no grace period: they are in the circle
// until a facilitator says they left or the session ends. They are not in
// Ended.Attended, which lists accounts.

// Guest is a person in the room a facilitator added by first name.
type Guest struct {
	ID   string `json:"member_id"` // their member id in the session
	Name string `json:"name"`
}

// ErrNotGuest: the member id is not a guest present in this session.
var ErrNotGuest = errors.New("live: no such guest in this group session")

// Refused is the engine's refusal of something asked for a guest, with the
// words a person can act on.
type Refused struct {
	Code    circle.ErrorCode
	Message string
}

func (e *Refused) Error() string { return "live: refused (" + string(e.Code) + "): " + e.Message }

// guestOps are what a facilitator may do for a person in the room: what
// that person would do for themselves at the circle, nothing more.
var guestOps = []circle.Op{circle.OpRaiseHand, circle.OpLowerHand, circle.OpPass, circle.OpStartShare,
	circle.OpEndShare, circle.OpCheckIn, circle.OpStepOut, circle.OpStepIn, circle.OpLeave}

// JoinGuest adds a person without an account to a running session's circle
// under name, as a member. The caller checks that a facilitator asks.
func (h *Hub) JoinGuest(sessionID int64, name string) (Guest, error) {
	r := h.room(sessionID)
	if r == nil {
		return Guest{}, ErrNotRunning
	}
	var g Guest
	var err error
	ran := r.call(func() {
		if r.engine.Ended() {
			err = ErrNotRunning
			return
		}
		rm := &roomMember{id: newMemberID(), guest: true}
		evs := r.engine.Join(circle.Member{ID: rm.id, Name: name, Role: circle.RoleMember}, r.now())
		if e := refusal(evs); e != nil {
			err = e
			return
		}
		r.byID[rm.id] = rm
		r.publish(evs)
		g.ID = rm.id
		for _, e := range evs {
			if e.Type == circle.EventJoined {
				g.Name = e.Name
			}
		}
	})
	if !ran {
		return Guest{}, ErrNotRunning
	}
	return g, err
}

// Guests lists the guests in a running session's circle now, in the order
// they arrived.
func (h *Hub) Guests(sessionID int64) ([]Guest, error) {
	r := h.room(sessionID)
	if r == nil {
		return nil, ErrNotRunning
	}
	var out []Guest
	if !r.call(func() {
		for _, m := range r.engine.Snapshot("").Members {
			if rm := r.byID[m.ID]; rm != nil && rm.guest && m.Present {
				out = append(out, Guest{ID: m.ID, Name: m.Name})
			}
		}
	}) {
		return nil, ErrNotRunning
	}
	return out, nil
}

// ActAsGuest applies an intent for a guest, as if they had sent it: only
// what a person does for themselves at the circle (raise or lower a hand,
// pass, start or end a share, check in, step out or in, leave). Everyone
// connected gets the events; a refusal comes back as a *Refused error,
// since the guest has no socket to hear it on.
func (h *Hub) ActAsGuest(sessionID int64, guestID string, in circle.Intent) error {
	if !slices.Contains(guestOps, in.Op) {
		return &Refused{Code: circle.CodeNotAllowed, Message: "That is not something to do for a person in the room."}
	}
	r := h.room(sessionID)
	if r == nil {
		return ErrNotRunning
	}
	var err error
	if !r.call(func() {
		rm := r.byID[guestID]
		switch {
		case r.engine.Ended():
			err = ErrNotRunning
			return
		case rm == nil || !rm.guest || !rm.present:
			err = ErrNotGuest
			return
		}
		in.From, in.At = guestID, r.now()
		evs := r.engine.Apply(in)
		err = refusal(evs)
		r.publish(evs)
	}) {
		return ErrNotRunning
	}
	return err
}

// refusal is the engine's error among evs, if any.
func refusal(evs []circle.Event) error {
	for _, e := range evs {
		if e.Type == circle.EventError {
			return &Refused{Code: e.Code, Message: e.Text}
		}
	}
	return nil
}
