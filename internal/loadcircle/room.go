package loadcircle

import (
	"encoding/json"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"holdspace/internal/loadgen"
)

// roomState is what the load generator knows about one room: its clients,
// and, from the observer's frames, the phase, the speaker and the line.
type roomState struct {
	f       *Fleet
	room    Room
	clients []*client

	recording atomic.Bool // the storm notes the reactions the observer sees

	mu         sync.Mutex
	byID       map[string]*client
	phase      string
	speaker    string
	queue      []string
	shareSince time.Time
	shareEnded time.Time
	// pendingTurn is when a start_share or end_share was sent and not yet
	// seen: the driver waits for it before the next.
	pendingTurn time.Time
	// raised are hands asked for and not yet seen in the line.
	raised map[string]time.Time
	held   map[uint64]struct{}
	lat    loadgen.Histogram
	log    []string // reactions seen while recording
}

func newRoomState(f *Fleet, r Room) *roomState {
	rs := &roomState{f: f, room: r, byID: make(map[string]*client), raised: make(map[string]time.Time), held: make(map[uint64]struct{})}
	for i, m := range r.Members {
		rs.clients = append(rs.clients, &client{f: f, room: rs, index: i, token: m.Token, observer: i == 0,
			joinedAt: make(chan struct{})})
	}
	return rs
}

func (r *roomState) learn(id string, c *client) {
	if id == "" {
		return
	}
	r.mu.Lock()
	r.byID[id] = c
	r.mu.Unlock()
}

func (r *roomState) baseline(phase, speaker string, queue []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.phase, r.speaker, r.queue = phase, speaker, queue
}

// observe applies the observer's frames that change the room's state.
func (r *roomState) observe(typ, b []byte, now time.Time) {
	var ev struct {
		Phase    string   `json:"phase"`
		MemberID string   `json:"member_id"`
		Queue    []string `json:"queue"`
	}
	if err := json.Unmarshal(b, &ev); err != nil {
		r.f.badFrames.Add(1)
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	switch string(typ) {
	case "phase":
		r.phase = ev.Phase
	case "queue":
		if r.f.target.Kind == Bare {
			return // the baseline keeps no line; the driver does
		}
		r.queue = ev.Queue
		for _, id := range ev.Queue {
			delete(r.raised, id)
		}
	case "share_started":
		r.speaker, r.shareSince, r.pendingTurn = ev.MemberID, now, time.Time{}
	case "share_ended":
		r.speaker, r.shareEnded, r.pendingTurn = "", now, time.Time{}
	}
}

func (r *roomState) markHeld(nonce uint64) {
	r.mu.Lock()
	r.held[nonce] = struct{}{}
	r.mu.Unlock()
}

func (r *roomState) wasHeld(nonce uint64) bool {
	r.mu.Lock()
	_, ok := r.held[nonce]
	r.mu.Unlock()
	return ok
}

func (r *roomState) recordLatency(d time.Duration) {
	r.mu.Lock()
	r.lat.Record(d)
	r.mu.Unlock()
}

func (r *roomState) record(what string) {
	r.mu.Lock()
	r.log = append(r.log, what)
	r.mu.Unlock()
}

// live returns the room's connected clients.
func (r *roomState) live() []*client {
	out := make([]*client, 0, len(r.clients))
	for _, c := range r.clients {
		if c.live.Load() {
			out = append(out, c)
		}
	}
	return out
}

// inLine reports whether id is in the line or asked to be.
func (r *roomState) inLineLocked(id string, now time.Time) bool {
	if slices.Contains(r.queue, id) {
		return true
	}
	at, ok := r.raised[id]
	return ok && now.Sub(at) < 3*time.Second
}
