package loadcircle

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
)

// client is one member's WebSocket. Its reader goroutine checks every
// frame's number, counts it, times chats and, for the room's observer
// (Members[0]), keeps the room's state for the driver.
type client struct {
	f        *Fleet
	room     *roomState
	index    int // in the room
	token    string
	observer bool

	mu   sync.Mutex
	conn *websocket.Conn
	id   string // the member's id in the session, from the first state

	last      atomic.Int64              // the last seq seen
	live      atomic.Bool               // connected and joined (its state has come)
	leaving   atomic.Bool               // closed on purpose: do not reconnect
	resumeLog atomic.Pointer[resumeLog] // set while a storm checks this member's replay
	readDone  chan struct{}
	joinedAt  chan struct{} // closed when the first state arrives
	joinOnce  sync.Once
}

// resumeLog keeps the first frames a resuming connection receives.
type resumeLog struct {
	since  int64
	want   int
	mu     sync.Mutex
	frames []resumeFrame
	full   chan struct{}
}

type resumeFrame struct {
	seq  int64
	typ  string
	what string // member_id|kind for reactions
}

func (c *client) getConn() *websocket.Conn {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.conn
}

// send writes one frame, bounded in time.
func (c *client) send(frame []byte) error {
	conn := c.getConn()
	if conn == nil || !c.live.Load() {
		return errNotConnected
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return conn.Write(ctx, websocket.MessageText, frame)
}

var errNotConnected = errors.New("not connected")

// dial opens the member's socket; since >= 0 resumes after that number.
// It returns once the socket is open; the reader goroutine runs from then.
func (c *client) dial(ctx context.Context, since int64) error {
	h := http.Header{}
	if c.token != "" {
		h.Set("Cookie", "hs_session="+c.token)
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	conn, resp, err := websocket.Dial(ctx, c.f.target.socketURL(c.room.room.ID, since), &websocket.DialOptions{
		HTTPClient: c.f.http, HTTPHeader: h,
	})
	if err != nil {
		if resp != nil {
			return fmt.Errorf("dial: HTTP %d: %w", resp.StatusCode, err)
		}
		return fmt.Errorf("dial: %w", err)
	}
	conn.SetReadLimit(1 << 20)
	c.mu.Lock()
	c.conn = conn
	c.readDone = make(chan struct{})
	done := c.readDone
	c.mu.Unlock()
	if since >= 0 {
		// A resumed connection is live at once: no new state comes.
		c.live.Store(true)
		c.f.connected.Add(1)
	}
	go c.read(conn, done)
	return nil
}

// read handles frames until the socket ends; an end the load generator did
// not ask for is a drop, and the member reconnects and resumes.
func (c *client) read(conn *websocket.Conn, done chan struct{}) {
	var buf bytes.Buffer
	buf.Grow(4096)
	ctx := context.Background()
	var err error
	for {
		var r io.Reader
		_, r, err = conn.Reader(ctx)
		if err != nil {
			break
		}
		buf.Reset()
		if _, err = buf.ReadFrom(r); err != nil {
			break
		}
		c.handle(buf.Bytes())
	}
	if c.live.Swap(false) {
		c.f.connected.Add(-1)
	}
	close(done)
	conn.CloseNow()
	if c.leaving.Load() || c.f.closing.Load() {
		return
	}
	c.f.noteDrop(c, err)
	if c.f.target.Kind == Bare {
		return // the baseline has no resuming
	}
	go c.f.reconnect(c)
}

// handle is the per-frame hot path.
func (c *client) handle(b []byte) {
	now := time.Now()
	seq, typ, ok := head(b)
	f := c.f
	if !ok {
		f.badFrames.Add(1)
		return
	}
	last := c.last.Load()
	isState := string(typ) == "state"
	switch {
	case seq == last+1:
	case isState:
		// A state is a new baseline: the server could not replay.
		f.snapshots.Add(1)
	case seq <= last:
		f.dups.Add(1)
	default:
		f.gaps.Add(1)
	}
	if seq > last || isState {
		c.last.Store(seq)
	}
	if rl := c.resumeLog.Load(); rl != nil {
		rl.add(seq, typ, b)
	}
	if string(typ) == "error" {
		f.noteError(field(b, "code"))
		return
	}
	f.delivered.Add(1)
	f.byType[typeIndex(typ)].Add(1)
	switch string(typ) {
	case "chat":
		c.onChat(b, now)
	case "chat_held":
		if n, _, ok := parseChat(field(b, "text")); ok {
			c.room.markHeld(n)
		}
	case "state":
		c.onState(b)
	case "reaction":
		if c.observer && c.room.recording.Load() {
			c.room.record(string(field(b, "member_id")) + "|" + string(field(b, "kind")))
		}
	case "queue", "share_started", "share_ended", "phase":
		if c.observer {
			c.room.observe(typ, b, now)
		}
	}
}

func (c *client) onChat(b []byte, now time.Time) {
	from := field(b, "from")
	if string(from) == c.id {
		return // the writer's own copy
	}
	n, due, ok := parseChat(field(b, "text"))
	if !ok {
		return
	}
	if c.room.wasHeld(n) {
		c.f.released.Add(1)
		return
	}
	if c.f.measuring.Load() {
		c.room.recordLatency(now.Sub(time.Unix(0, due)))
	}
}

// onState learns the member's id, and lets the observer take the room's
// state as a baseline.
func (c *client) onState(b []byte) {
	var st struct {
		You     string   `json:"you"`
		Phase   string   `json:"phase"`
		Speaker string   `json:"speaker"`
		Queue   []string `json:"queue"`
	}
	if err := json.Unmarshal(b, &st); err != nil {
		c.f.badFrames.Add(1)
		return
	}
	c.mu.Lock()
	if c.id == "" {
		c.id = st.You
	}
	c.mu.Unlock()
	c.room.learn(st.You, c)
	if c.observer {
		c.room.baseline(st.Phase, st.Speaker, st.Queue)
	}
	if !c.live.Swap(true) {
		c.f.connected.Add(1)
	}
	c.joinOnce.Do(func() { close(c.joinedAt) })
}

func (rl *resumeLog) add(seq int64, typ, b []byte) {
	rl.mu.Lock()
	defer rl.mu.Unlock()
	if len(rl.frames) >= rl.want {
		// Anything past what was missed is checked by the marker.
		return
	}
	fr := resumeFrame{seq: seq, typ: string(typ)}
	if fr.typ == "reaction" {
		fr.what = string(field(b, "member_id")) + "|" + string(field(b, "kind"))
	}
	rl.frames = append(rl.frames, fr)
	if len(rl.frames) == rl.want {
		close(rl.full)
	}
}

// memberID is the member's id in the session ("" until the first state).
func (c *client) memberID() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.id
}

// close ends the socket on purpose.
func (c *client) close() {
	c.leaving.Store(true)
	if conn := c.getConn(); conn != nil {
		conn.CloseNow()
	}
}

// waitRead waits for the reader of the current connection to finish.
func (c *client) waitRead(d time.Duration) bool {
	c.mu.Lock()
	done := c.readDone
	c.mu.Unlock()
	if done == nil {
		return true
	}
	select {
	case <-done:
		return true
	case <-time.After(d):
		return false
	}
}
