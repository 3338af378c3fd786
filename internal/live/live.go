// Package live runs the sharing circle over WebSockets: one goroutine per
// running group session owns its circle.Session (the engine) and serialises
// every intent and tick; the events it returns go out through a Bus to the
// delivery side, which numbers them per member with a circle.Feed, keeps a
// ring of recent events so a client that reconnects with ?since= gets
// exactly what it missed, and queues frames on each connection without ever
// waiting. A connection whose queue is full is dropped; it reconnects and
// resumes.
//
// Nothing said in a session is written anywhere by this package: chat,
// held messages, content notes and check-in words live in the engine, the
// ring and the connection queues, and all of them are let go when the
// session ends. It logs nothing but session ids and counts. What may be
// kept (attendance, mood counts, share count, anonymous feedback) is handed
// to Options.OnEnd as an Ended value.
//
// docs/live-protocol.md describes the wire protocol.
package live

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"strconv"
	"sync"
	"time"

	"holdspace/internal/circle"
)

// Options tune a Hub. Zero values take the defaults.
type Options struct {
	// Bus carries rooms' events to their sockets; nil means a LocalBus.
	Bus Bus
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Log gets a line when a room starts and ends, with ids only.
	Log *slog.Logger
	// SendBuffer is how many frames may wait for a slow connection before
	// it is dropped (default 256).
	SendBuffer int
	// Ring is how many of a room's latest events are kept for resuming
	// (default 2048); Keep is how many of each member's latest numbers
	// their feed remembers (default 512). A client away for longer gets a
	// fresh state snapshot instead.
	Ring, Keep int
	// Grace is how long a member whose connections all dropped stays in
	// the circle before they are taken to have left (default 2 minutes).
	Grace time.Duration
	// TickEvery is how often rooms' timers are checked (default 1s).
	TickEvery time.Duration
	// PingEvery is how often each socket is pinged (default 25s); one
	// whose pong has not come back by the next ping is dropped.
	PingEvery time.Duration
	// Burst and Rate bound what one connection may send: Burst frames at
	// once, Rate more per second (defaults 120 and 30). A connection that
	// sends faster is closed with 1008.
	Burst, Rate float64
	// OnEnd is called once per session that ends (by a facilitator, or
	// Hub.End), from the room's goroutine after every socket is closed,
	// with what may be stored. Its error is returned by Hub.End.
	OnEnd func(ctx context.Context, e Ended) error
	// OnRisk is called once per risk alert (a chat or check-in word the
	// risk detector flagged), in its own goroutine, for the group's
	// incident log. It never gets the words.
	OnRisk func(ctx context.Context, in Incident)
}

// Incident is what the incident log may keep of a risk alert: who, where,
// when and what kind. Never the words.
type Incident struct {
	SessionID int64
	GroupID   int64
	AccountID int64  // 0 for a guest
	MemberID  string // the member's id in the session
	Category  string
	At        time.Time
}

// RoomConfig describes a group session to run.
type RoomConfig struct {
	SessionID        int64
	GroupID          int64
	Format           circle.Format
	ShareSeconds     int
	AgreementVersion int
	AgreementText    string
	// Language is the group's first language, for the risk detector
	// ("en" when empty).
	Language string
	// Blocked are pairs of accounts who blocked one another; the engine
	// never puts such a pair in the same breakout room.
	Blocked [][2]int64
}

// Member is who is connecting, from the group's roster. AccountID never
// leaves the server: in the session the member is known by a random id
// made for this session, so nothing on the wire links their groups or
// their sessions.
type Member struct {
	AccountID     int64
	Name          string // their display name in this group
	Role          circle.Role
	JustListening bool
	// Support is what the member's support offer shows after a risk
	// signal: the crisis lines for their region. Each connection may
	// bring a fresh one; the latest is used.
	Support *Support
	// MutedUntil, when in the future, is when a mute from the group's
	// moderation queue ends. Until then the member can listen, check in,
	// step out and ask for support, but not chat, react, raise a hand or
	// share.
	MutedUntil time.Time
}

// Support is the crisis help a support offer carries, resolved by the
// caller for the member's region (from their browser's language when they
// connected, else the group's country).
type Support struct {
	Region     string        `json:"region,omitempty"`
	RegionName string        `json:"region_name,omitempty"`
	Emergency  string        `json:"emergency,omitempty"`
	Lines      []SupportLine `json:"lines"`
}

// SupportLine is one crisis line in a support offer.
type SupportLine struct {
	Name    string `json:"name"`
	Phone   string `json:"phone,omitempty"`
	Tel     string `json:"tel,omitempty"` // digits for a tel: link
	Text    string `json:"text,omitempty"`
	ChatURL string `json:"chat_url,omitempty"`
	Hours   string `json:"hours,omitempty"`
}

// Ended is what may be kept of a session that ended: no chat, no words,
// no names.
type Ended struct {
	SessionID int64
	GroupID   int64
	At        time.Time
	// Attended lists the account ids of everyone who joined, sorted.
	Attended []int64
	// MoodCounts counts check-in moods by value: MoodCounts[0] is mood 1.
	MoodCounts [5]int
	Shares     int
	// Feedback holds the anonymous answers, sorted by value.
	Feedback []circle.FeedbackAnswer
	// Answered lists who gave feedback, sorted, so no one answers twice;
	// it is never joined to the answers.
	Answered []int64
}

// Errors Hub methods return.
var (
	// ErrNotRunning: the session has no running room.
	ErrNotRunning = errors.New("live: the group session is not running")
	// ErrRemoved: the member was removed and may not come back.
	ErrRemoved = errors.New("live: the member was removed from this group session")
	// ErrClosed: the hub is shutting down.
	ErrClosed = errors.New("live: shutting down")
)

// Hub owns the running rooms.
type Hub struct {
	opts Options
	bus  Bus

	mu     sync.Mutex
	rooms  map[int64]*room
	closed bool
	// incidents counts OnRisk calls in flight; Close waits for them.
	incidents sync.WaitGroup
}

// NewHub returns a hub with no rooms.
func NewHub(opts Options) *Hub {
	if opts.Bus == nil {
		opts.Bus = NewLocalBus()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.SendBuffer <= 0 {
		opts.SendBuffer = 256
	}
	if opts.Ring <= 0 {
		opts.Ring = 2048
	}
	if opts.Keep <= 0 {
		opts.Keep = 512
	}
	if opts.Grace <= 0 {
		opts.Grace = 2 * time.Minute
	}
	if opts.TickEvery <= 0 {
		opts.TickEvery = time.Second
	}
	if opts.PingEvery <= 0 {
		opts.PingEvery = pingEvery
	}
	if opts.Burst <= 0 {
		opts.Burst = 120
	}
	if opts.Rate <= 0 {
		opts.Rate = 30
	}
	return &Hub{opts: opts, bus: opts.Bus, rooms: make(map[int64]*room)}
}

// Open starts running a session. Opening a running session does nothing.
func (h *Hub) Open(cfg RoomConfig) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return ErrClosed
	}
	if h.rooms[cfg.SessionID] != nil {
		return nil
	}
	r, err := newRoom(h, cfg)
	if err != nil {
		return err
	}
	h.rooms[cfg.SessionID] = r
	go r.loop()
	h.opts.Log.Info("live session started", "session_id", cfg.SessionID)
	return nil
}

// Running reports whether the session has a running room.
func (h *Hub) Running(sessionID int64) bool {
	return h.room(sessionID) != nil
}

func (h *Hub) room(sessionID int64) *room {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.rooms[sessionID]
}

func (h *Hub) forget(r *room) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.rooms[r.cfg.SessionID] == r {
		delete(h.rooms, r.cfg.SessionID)
	}
}

// End ends a running session as if a facilitator had: everyone gets the
// ended event, every socket closes, everything said is let go, and
// Options.OnEnd gets what may be kept. It returns that and OnEnd's error.
func (h *Hub) End(ctx context.Context, sessionID int64) (Ended, error) {
	r := h.room(sessionID)
	if r == nil {
		return Ended{}, ErrNotRunning
	}
	r.send(func() { r.finishEnded() })
	select {
	case <-r.done:
	case <-ctx.Done():
		return Ended{}, ctx.Err()
	}
	if !r.endedOK {
		return Ended{}, ErrNotRunning
	}
	return r.result, r.err
}

// Kick takes an account out of every running session of the group at once:
// the engine removes them, their sockets get the removed event and close
// (4403), and they cannot attach again. Call it after removing or banning a
// member from the group.
func (h *Hub) Kick(groupID, accountID int64) {
	h.mu.Lock()
	var rs []*room
	for _, r := range h.rooms {
		if r.cfg.GroupID == groupID {
			rs = append(rs, r)
		}
	}
	h.mu.Unlock()
	for _, r := range rs {
		r.call(func() { r.kick(accountID) })
	}
}

// Mute applies a mute from the moderation queue to the member's running
// circles in the group at once; reconnecting carries it too
// (Member.MutedUntil).
func (h *Hub) Mute(groupID, accountID int64, until time.Time) {
	h.mu.Lock()
	var rs []*room
	for _, r := range h.rooms {
		if r.cfg.GroupID == groupID {
			rs = append(rs, r)
		}
	}
	h.mu.Unlock()
	for _, r := range rs {
		r.call(func() {
			if rm := r.byAccount[accountID]; rm != nil {
				rm.muted = until
			}
		})
	}
}

// Close closes every socket with 1001 (going away) and stops every room
// without ending its session: what was said is dropped, and the session
// stays live for a facilitator to start again. It is for shutting down.
func (h *Hub) Close() {
	h.mu.Lock()
	h.closed = true
	rs := make([]*room, 0, len(h.rooms))
	for _, r := range h.rooms {
		rs = append(rs, r)
	}
	h.mu.Unlock()
	for _, r := range rs {
		r.send(func() { r.stop() })
	}
	for _, r := range rs {
		<-r.done
	}
	h.incidents.Wait()
}

// Connect attaches an accepted WebSocket to a running session for a member
// whose right to be there the caller has checked. since < 0 is a fresh
// connection (the member joins, or gets a fresh state if already in);
// since >= 0 resumes after the last number the client saw. On error the
// socket has been closed with a code saying why.
func (h *Hub) Connect(sock *Socket, sessionID int64, m Member, since int64) (*Connection, error) {
	conn := sock.conn
	conn.SetReadLimit(HardMaxFrame)
	r := h.room(sessionID)
	if r == nil {
		conn.Close(CloseNotLive, "the group session is not running")
		return nil, ErrNotRunning
	}
	c := newClient(sock, h.opts.SendBuffer)
	var err error
	if !r.call(func() { err = r.attach(c, m, since) }) {
		err = ErrNotRunning
	}
	switch {
	case errors.Is(err, ErrRemoved):
		conn.Close(CloseRemoved, "removed")
		return nil, err
	case err != nil:
		conn.Close(CloseNotLive, "the group session is not running")
		return nil, err
	}
	return &Connection{hub: h, room: r, c: c}, nil
}

// sessionKey is a room's subject on the bus.
func sessionKey(id int64) string { return "session." + strconv.FormatInt(id, 10) }

// sortedIDs turns a set of account ids into a sorted list.
func sortedIDs(set map[int64]bool) []int64 {
	out := make([]int64, 0, len(set))
	for id := range set {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}
