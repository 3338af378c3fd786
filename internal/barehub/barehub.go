// Package barehub is a BASELINE for benchmarks, not part of Holdspace: a
// bare WebSocket broadcast hub with no rules, which `holdspace loadgen`
// measures beside the live circle (internal/live) in the same run, so the
// cost of the circle's rules can be read as a ratio to it.
//
// It serves the same kind of frames as the live circle: a client sends
// {"op":NAME,...} and every member of the room receives
// {"seq":N,"type":NAME,"at":...,"member_id":...,"name":...,...}, numbered
// per connection. What a broadcast hub needs and nothing more: one reader,
// one writer and one pinger per socket, the frame decoded once and encoded
// once, a bounded queue per socket that drops a client too slow to keep up.
//
// What it leaves out is the point of the comparison: no sign-in and no
// database, no engine (no turns, no held chat, no phases: every op is
// broadcast at once), no per-member numbering across reconnects, no ring
// and no resuming, no frame validation beyond JSON, no rate limit. Never
// serve members with it.
package barehub

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"
)

// Defaults match the live circle's, so idle sockets cost alike.
const (
	sendBuffer   = 256
	pingEvery    = 25 * time.Second
	writeTimeout = 10 * time.Second
	maxFrame     = 64 << 10
)

// Hub is the baseline: rooms of sockets, every frame broadcast to the room.
type Hub struct {
	mu    sync.Mutex
	rooms map[int64]*room
}

// New returns an empty hub. Rooms are made when their first socket comes.
func New() *Hub { return &Hub{rooms: make(map[int64]*room)} }

type room struct {
	mu    sync.Mutex
	conns map[*conn]struct{}
	n     int // members who ever came, for names
}

type conn struct {
	ws     *websocket.Conn
	id     string
	name   string
	seq    int64 // guarded by the room's lock
	send   chan []byte
	done   chan struct{}
	closed sync.Once
}

// Handler serves GET /rooms/{id}/live.
func (h *Hub) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /rooms/{id}/live", h.serve)
	return mux
}

func (h *Hub) room(id int64) *room {
	h.mu.Lock()
	defer h.mu.Unlock()
	r := h.rooms[id]
	if r == nil {
		r = &room{conns: make(map[*conn]struct{})}
		h.rooms[id] = r
	}
	return r
}

func (h *Hub) serve(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	ws, err := websocket.Accept(w, r, &websocket.AcceptOptions{InsecureSkipVerify: true})
	if err != nil {
		return
	}
	ws.SetReadLimit(maxFrame)
	rm := h.room(id)
	c := &conn{ws: ws, id: newID(), send: make(chan []byte, sendBuffer), done: make(chan struct{})}
	rm.mu.Lock()
	rm.n++
	c.name = "Member " + strconv.Itoa(rm.n)
	rm.conns[c] = struct{}{}
	// The client learns its id from a state frame, as on the live circle.
	c.seq++
	c.enqueue(numbered(c.seq, mustJSON(struct {
		Type string    `json:"type"`
		At   time.Time `json:"at"`
		You  string    `json:"you"`
	}{"state", time.Now(), c.id})))
	rm.mu.Unlock()
	rm.broadcast(event{Type: "joined", At: time.Now(), MemberID: c.id, Name: c.name})

	go c.writeLoop()
	go c.pingLoop()
	defer func() {
		rm.mu.Lock()
		delete(rm.conns, c)
		rm.mu.Unlock()
		c.drop()
	}()
	ctx := context.Background()
	for {
		_, data, err := ws.Read(ctx)
		if err != nil {
			return
		}
		var in struct {
			Op          string `json:"op"`
			Text        string `json:"text"`
			Kind        string `json:"kind"`
			ContentNote string `json:"content_note"`
		}
		if json.Unmarshal(data, &in) != nil {
			continue
		}
		rm.broadcast(event{Type: typeOf(in.Op), At: time.Now(), MemberID: c.id, Name: c.name,
			Text: in.Text, Kind: in.Kind, ContentNote: in.ContentNote})
	}
}

// event is every frame's body; the live circle's chat names its writer
// "from", so this one does too.
type event struct {
	Type        string    `json:"type"`
	At          time.Time `json:"at"`
	MemberID    string    `json:"member_id,omitempty"`
	From        string    `json:"from,omitempty"`
	Name        string    `json:"name,omitempty"`
	Text        string    `json:"text,omitempty"`
	Kind        string    `json:"kind,omitempty"`
	ContentNote string    `json:"content_note,omitempty"`
}

// typeOf names the event an op makes, as the live circle would; with no
// rules there is nothing else to decide.
func typeOf(op string) string {
	switch op {
	case "react":
		return "reaction"
	case "raise_hand", "lower_hand":
		return "queue"
	case "start_share":
		return "share_started"
	case "end_share":
		return "share_ended"
	case "pass":
		return "passed"
	case "advance":
		return "phase"
	}
	return op
}

// broadcast encodes the event once and queues it, numbered, on every
// socket in the room.
func (rm *room) broadcast(e event) {
	if e.Type == "chat" {
		e.From, e.MemberID = e.MemberID, ""
	}
	body := mustJSON(e)
	rm.mu.Lock()
	defer rm.mu.Unlock()
	for c := range rm.conns {
		c.seq++
		if !c.enqueue(numbered(c.seq, body)) {
			delete(rm.conns, c)
		}
	}
}

// enqueue queues a frame without waiting; a full queue drops the socket.
func (c *conn) enqueue(frame []byte) bool {
	select {
	case c.send <- frame:
		return true
	default:
		c.drop()
		return false
	}
}

func (c *conn) drop() {
	c.closed.Do(func() {
		close(c.done)
		go c.ws.CloseNow()
	})
}

func (c *conn) writeLoop() {
	for {
		select {
		case f := <-c.send:
			ctx, cancel := context.WithTimeout(context.Background(), writeTimeout)
			err := c.ws.Write(ctx, websocket.MessageText, f)
			cancel()
			if err != nil {
				c.drop()
				return
			}
		case <-c.done:
			return
		}
	}
}

func (c *conn) pingLoop() {
	t := time.NewTicker(pingEvery)
	defer t.Stop()
	for {
		select {
		case <-c.done:
			return
		case <-t.C:
			ctx, cancel := context.WithTimeout(context.Background(), pingEvery)
			err := c.ws.Ping(ctx)
			cancel()
			if err != nil {
				c.drop()
				return
			}
		}
	}
}

// numbered puts the socket's number in front of an encoded body.
func numbered(n int64, body []byte) []byte {
	b := make([]byte, 0, len(body)+24)
	b = append(b, `{"seq":`...)
	b = strconv.AppendInt(b, n, 10)
	b = append(b, ',')
	return append(b, body[1:]...)
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic("barehub: " + err.Error())
	}
	return b
}

func newID() string {
	var b [10]byte
	rand.Read(b[:])
	return "m-" + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:]))
}
