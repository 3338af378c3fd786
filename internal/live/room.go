package live

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/coder/websocket"

	"holdspace/internal/circle"
	"holdspace/internal/risk"
)

// room runs one group session: its goroutine is the only one that touches
// the engine and the fields below, through the functions sent on inbox.
type room struct {
	hub    *Hub
	cfg    RoomConfig
	key    string
	engine *circle.Session
	out    *fanout
	unsub  func()

	inbox chan func()
	done  chan struct{}
	quit  bool

	seq       int64 // the room log's last Seq
	byAccount map[int64]*roomMember
	byID      map[string]*roomMember
	answered  map[string]bool // who gave feedback, for receipts
	// heldRefs maps, per member, the ref a client gave a chat that was
	// held to the held chat's id, so withdraw can name it by that ref.
	heldRefs map[string]map[string]string

	// Set once the session has ended, before done closes.
	endedOK bool
	result  Ended
	err     error
}

// roomMember is what the room knows about an account in this session.
type roomMember struct {
	account   int64
	id        string // the member's random id in this session
	present   bool
	conns     int
	goneSince time.Time
	barred    bool
	guest     bool // a person in the room with no account (guest.go)
	support   *Support
	muted     time.Time // see Member.MutedUntil
}

func newRoom(h *Hub, cfg RoomConfig) (*room, error) {
	r := &room{
		hub: h,
		cfg: cfg,
		key: sessionKey(cfg.SessionID),
		engine: circle.New(circle.Config{
			SessionID:        strconv.FormatInt(cfg.SessionID, 10),
			Format:           cfg.Format,
			ShareSeconds:     cfg.ShareSeconds,
			AgreementVersion: cfg.AgreementVersion,
			AgreementText:    cfg.AgreementText,
		}),
		out:       newFanout(h.opts.Ring, h.opts.Keep),
		inbox:     make(chan func(), 1024),
		done:      make(chan struct{}),
		byAccount: make(map[int64]*roomMember),
		byID:      make(map[string]*roomMember),
		answered:  make(map[string]bool),
		heldRefs:  make(map[string]map[string]string),
	}
	unsub, err := h.bus.Subscribe(r.key, r.out.deliver)
	if err != nil {
		return nil, fmt.Errorf("subscribe to session %d: %w", cfg.SessionID, err)
	}
	r.unsub = unsub
	return r, nil
}

func (r *room) loop() {
	defer close(r.done)
	t := time.NewTicker(r.hub.opts.TickEvery)
	defer t.Stop()
	for !r.quit {
		select {
		case fn := <-r.inbox:
			fn()
		case <-t.C:
			r.tick()
		}
	}
}

// send queues fn for the room's goroutine; false when the room is gone.
func (r *room) send(fn func()) bool {
	select {
	case r.inbox <- fn:
		return true
	case <-r.done:
		return false
	}
}

// call runs fn on the room's goroutine and waits for it; false when the
// room is gone.
func (r *room) call(fn func()) bool {
	ran := make(chan struct{})
	if !r.send(func() { fn(); close(ran) }) {
		return false
	}
	select {
	case <-ran:
		return true
	case <-r.done:
		// The room may have finished by running fn.
		select {
		case <-ran:
			return true
		default:
			return false
		}
	}
}

func (r *room) now() time.Time { return r.hub.opts.Now() }

// publish numbers events in the room's log, keeps the room's own books, and
// hands them to the bus.
func (r *room) publish(evs []circle.Event) {
	if len(evs) == 0 {
		return
	}
	batch := make([]Envelope, 0, len(evs))
	for _, e := range evs {
		r.seq++
		body, err := encodeEvent(e)
		if err != nil {
			// Engine events always encode; say so without the event.
			r.hub.opts.Log.Error("live: encode event", "session_id", r.cfg.SessionID, "type", e.Type, "err", err)
			body = []byte(`{"type":"error","code":"internal","message":"Something went wrong on our side."}`)
		}
		if e.Type == circle.EventSupportOffer {
			body = r.supportOfferBody(e)
		}
		if e.Type == circle.EventRiskAlert {
			r.incident(e)
		}
		batch = append(batch, Envelope{Seq: r.seq, Audience: e.Audience, Type: e.Type, MemberID: e.MemberID, Role: e.Role, Body: body})
		switch e.Type {
		case circle.EventJoined:
			if m := r.byID[e.MemberID]; m != nil {
				m.present = true
			}
		case circle.EventLeft:
			if m := r.byID[e.MemberID]; m != nil {
				m.present = false
			}
		case circle.EventRemoved:
			if m := r.byID[e.Audience.To]; m != nil {
				m.barred, m.present = true, false
			}
		case circle.EventChatHeld:
			if e.Ref != "" {
				refs := r.heldRefs[e.Audience.To]
				if refs == nil {
					refs = make(map[string]string)
					r.heldRefs[e.Audience.To] = refs
				}
				refs[e.Ref] = e.ID
			}
		case circle.EventShareEnded, circle.EventEnded:
			// Held chats are sent or dropped when a share ends.
			clear(r.heldRefs)
		}
	}
	if err := r.hub.bus.Publish(r.key, batch); err != nil {
		r.hub.opts.Log.Error("live: publish", "session_id", r.cfg.SessionID, "err", err)
	}
}

// attach admits a connection: the member gets an id for the session the
// first time, a feed before their first join, what they missed if they
// resume, and a join if they are not in the circle (or a fresh state if
// they connect anew).
func (r *room) attach(c *client, m Member, since int64) error {
	rm := r.byAccount[m.AccountID]
	if rm != nil && rm.barred {
		return ErrRemoved
	}
	if rm == nil {
		rm = &roomMember{account: m.AccountID, id: newMemberID()}
		r.byAccount[m.AccountID] = rm
		r.byID[rm.id] = rm
		// Blocked pairs are known by account; the engine knows members by
		// their session ids, so tell it as each side arrives.
		for _, p := range r.cfg.Blocked {
			other := p[0]
			if other == m.AccountID {
				other = p[1]
			} else if p[1] != m.AccountID {
				continue
			}
			if o := r.byAccount[other]; o != nil {
				r.engine.Block(rm.id, o.id)
			}
		}
	}
	c.member = rm.id
	if m.Support != nil {
		rm.support = m.Support
	}
	rm.muted = m.MutedUntil
	now := r.now()
	r.out.attach(c, since, func() circle.State { return r.engine.Snapshot(rm.id) }, now)
	rm.conns++
	if !rm.present || since < 0 {
		r.publish(r.engine.Join(circle.Member{ID: rm.id, Name: m.Name, Role: m.Role, JustListening: m.JustListening}, now))
	}
	return nil
}

// detach forgets a connection that closed. The member stays in the circle
// for the grace period, to reconnect and resume.
func (r *room) detach(c *client) {
	r.send(func() {
		r.out.detach(c)
		rm := r.byID[c.member]
		if rm == nil || rm.conns == 0 {
			return
		}
		rm.conns--
		if rm.conns == 0 {
			rm.goneSince = r.now()
		}
	})
}

// apply hands a member's intent to the engine. It reports false when the
// room is gone.
func (r *room) apply(c *client, in circle.Intent, heldID string) bool {
	return r.send(func() {
		if r.engine.Ended() {
			return
		}
		in.From, in.At = c.member, r.now()
		if rm := r.byID[c.member]; rm != nil && in.At.Before(rm.muted) {
			// side_chat is not refused: a muted member may still talk
			// with the facilitators in private, as they may ask for support.
			switch in.Op {
			case circle.OpChat, circle.OpReact, circle.OpRaiseHand, circle.OpStartShare:
				r.publish([]circle.Event{errorEvent(c.member, circle.CodeNotAllowed,
					"You are muted in this group until "+rm.muted.UTC().Format("15:04 UTC")+". You can still listen, check in and ask for support.", in.Ref, in.At)})
				return
			}
		}
		switch in.Op {
		case circle.OpChat:
			in.Risk = r.riskOf(in.Text)
		case circle.OpSideChat:
			// The engine heeds it only for the side room's member, not
			// the facilitators with them; checking costs little either way.
			in.Risk = r.riskOf(in.Text)
		case circle.OpCheckIn:
			in.Risk = r.riskOf(in.Word)
		case circle.OpShareWithFacilitator, circle.OpReachFacilitator:
			if in.Target == "" {
				in.Target = heldID
			}
		}
		if in.Op == circle.OpWithdraw && in.Target == "" {
			in.Target = heldID
			if in.Target == "" {
				in.Target = in.Ref
				if id, ok := r.heldRefs[c.member][in.Ref]; ok {
					in.Target = id
				}
			}
		}
		evs := r.engine.Apply(in)
		if in.Op == circle.OpFeedback {
			for _, e := range evs {
				if e.Type == circle.EventFeedback {
					r.answered[c.member] = true
				}
			}
		}
		if in.Op == circle.OpWithdraw {
			for _, e := range evs {
				if e.Type == circle.EventChatWithdrawn {
					delete(r.heldRefs[c.member], in.Ref)
				}
			}
		}
		r.publish(evs)
		if r.engine.Ended() {
			r.finishEnded()
		}
	})
}

// riskOf runs the risk detector on what a member wrote and returns the
// category of an imminent-risk signal, or "". Concern-only verdicts (about
// someone else, or long past) raise nothing.
func (r *room) riskOf(text string) string {
	if text == "" {
		return ""
	}
	lang := r.cfg.Language
	if lang == "" {
		lang = "en"
	}
	if v := risk.Check(text, lang); v.Risk {
		return string(v.Category)
	}
	return ""
}

// supportOfferBody is a support offer as its one reader gets it: the
// engine's calm words and the crisis lines for their region.
func (r *room) supportOfferBody(e circle.Event) []byte {
	sup := &Support{Lines: []SupportLine{}}
	if rm := r.byID[e.Audience.To]; rm != nil && rm.support != nil {
		sup = rm.support
	}
	body, err := json.Marshal(struct {
		Type      circle.EventType `json:"type"`
		At        time.Time        `json:"at"`
		Ref       string           `json:"ref,omitempty"`
		ID        string           `json:"id"`
		Text      string           `json:"text"`
		Resources *Support         `json:"resources"`
	}{e.Type, e.At, e.Ref, e.ID, e.Text, sup})
	if err != nil {
		return []byte(`{"type":"error","code":"internal","message":"Something went wrong on our side."}`)
	}
	return body
}

// incident hands a risk alert to the incident log, without the words and
// without holding up the room.
func (r *room) incident(e circle.Event) {
	f := r.hub.opts.OnRisk
	if f == nil {
		return
	}
	in := Incident{SessionID: r.cfg.SessionID, GroupID: r.cfg.GroupID, MemberID: e.MemberID, Category: e.Kind, At: e.At}
	if rm := r.byID[e.MemberID]; rm != nil && !rm.guest {
		in.AccountID = rm.account
	}
	r.hub.incidents.Add(1)
	go func() {
		defer r.hub.incidents.Done()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		f(ctx, in)
	}()
}

// reject answers a frame the transport refused with an error event to its
// sender alone. It takes the next number in the log like any event, and
// changes nothing else.
func (r *room) reject(c *client, code circle.ErrorCode, msg, ref string) {
	r.send(func() {
		if r.engine.Ended() {
			return
		}
		r.publish([]circle.Event{errorEvent(c.member, code, msg, ref, r.now())})
	})
}

// tick drives the engine's timers and lets members who have been gone
// longer than the grace period leave.
func (r *room) tick() {
	if r.engine.Ended() {
		return
	}
	now := r.now()
	r.publish(r.engine.Tick(now))
	for _, rm := range r.byAccount {
		if rm.present && rm.conns == 0 && now.Sub(rm.goneSince) > r.hub.opts.Grace {
			r.publish(r.engine.Leave(rm.id, now))
		}
	}
}

// kick removes an account from the session for good and closes its
// sockets, whether or not it ever joined.
func (r *room) kick(account int64) {
	rm := r.byAccount[account]
	if rm == nil {
		r.byAccount[account] = &roomMember{account: account, barred: true}
		return
	}
	rm.barred = true
	if !r.engine.Ended() {
		r.publish(r.engine.Remove(rm.id, r.now()))
	}
	r.out.finish(rm.id, CloseRemoved, "removed")
}

// finishEnded ends the session if it is not over yet, closes every socket
// after the ended event, lets go of everything said, and hands what may be
// kept to OnEnd.
func (r *room) finishEnded() {
	if r.quit {
		return
	}
	now := r.now()
	if !r.engine.Ended() {
		r.publish(r.engine.End(now))
	}
	r.out.drop(websocket.StatusNormalClosure, "the group session has ended")
	r.unsub()
	sum := r.engine.Summary()
	e := Ended{SessionID: r.cfg.SessionID, GroupID: r.cfg.GroupID, At: now, MoodCounts: sum.MoodCounts,
		Shares: sum.Shares, Feedback: sum.Feedback}
	attended := make(map[int64]bool, len(sum.Attended))
	for _, id := range sum.Attended {
		if rm := r.byID[id]; rm != nil && !rm.guest {
			attended[rm.account] = true
		}
	}
	e.Attended = sortedIDs(attended)
	answered := make(map[int64]bool, len(r.answered))
	for id := range r.answered {
		if rm := r.byID[id]; rm != nil {
			answered[rm.account] = true
		}
	}
	e.Answered = sortedIDs(answered)
	clear(r.heldRefs)
	clear(r.answered)
	r.engine = circle.New(circle.Config{}) // nothing of the session is left behind
	r.engine.End(now)
	if f := r.hub.opts.OnEnd; f != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		r.err = f(ctx, e)
		cancel()
		if r.err != nil {
			r.hub.opts.Log.Error("live: store what the session keeps", "session_id", r.cfg.SessionID, "err", r.err)
		}
	}
	r.result, r.endedOK = e, true
	r.hub.forget(r)
	r.hub.opts.Log.Info("live session ended", "session_id", r.cfg.SessionID, "attended", len(e.Attended))
	r.quit = true
}

// stop closes every socket and stops the room without ending the session
// (the server is shutting down).
func (r *room) stop() {
	if r.quit {
		return
	}
	r.out.drop(websocket.StatusGoingAway, "the server is restarting; please reconnect shortly")
	r.unsub()
	clear(r.heldRefs)
	r.engine = circle.New(circle.Config{})
	r.engine.End(r.now())
	r.hub.forget(r)
	r.quit = true
}

// newMemberID makes a member's id for one session: random, so it says
// nothing about the account and differs in every session.
func newMemberID() string {
	var b [10]byte
	rand.Read(b[:])
	return "m-" + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:]))
}
