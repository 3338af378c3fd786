package live

import (
	"context"
	"io"
	"sync"
	"time"

	"github.com/coder/websocket"

	"holdspace/internal/circle"
)

// client is one WebSocket connection of a member. The room's delivery
// queues frames on send without ever waiting: when send is full the
// connection is dropped at once, and the member reconnects and resumes.
type client struct {
	member string // the member's id in the session
	conn   *websocket.Conn
	send   chan []byte
	// backlog is written before anything on send: the events a resuming
	// connection missed. It is set before the client is registered.
	backlog [][]byte

	once    sync.Once
	done    chan struct{}
	dropped bool // closed at once, without writing what is queued
	code    websocket.StatusCode
	reason  string
}

func newClient(conn *websocket.Conn, buffer int) *client {
	return &client{conn: conn, send: make(chan []byte, buffer), done: make(chan struct{})}
}

// enqueue queues a frame without blocking. It reports false when the
// client is finished or was just dropped for being too slow.
func (c *client) enqueue(frame []byte) bool {
	select {
	case <-c.done:
		return false
	default:
	}
	select {
	case c.send <- frame:
		return true
	default:
		c.drop()
		return false
	}
}

// drop closes the connection at once, without a close handshake: its
// writer may be stuck on a full network buffer.
func (c *client) drop() {
	c.once.Do(func() {
		c.dropped = true
		close(c.done)
		go c.conn.CloseNow()
	})
}

// finish closes the connection once everything queued is written.
func (c *client) finish(code websocket.StatusCode, reason string) {
	c.once.Do(func() {
		c.code, c.reason = code, reason
		close(c.done)
	})
}

// writeTimeout bounds each write; pingEvery is how often a connection is
// pinged, and a pong must come back before the next ping is due.
const (
	writeTimeout = 10 * time.Second
	pingEvery    = 25 * time.Second
)

func (c *client) write(frame []byte) error {
	ctx, cancel := context.WithTimeout(context.Background(), writeTimeout)
	defer cancel()
	return c.conn.Write(ctx, websocket.MessageText, frame)
}

// writeLoop writes the backlog, then queued frames, until the client is
// finished (then it writes what is left and closes with the code given) or
// dropped.
func (c *client) writeLoop() {
	for _, f := range c.backlog {
		if c.write(f) != nil {
			c.drop()
			return
		}
	}
	c.backlog = nil
	for {
		select {
		case f := <-c.send:
			if c.write(f) != nil {
				c.drop()
				return
			}
		case <-c.done:
			if c.dropped {
				return
			}
			for {
				select {
				case f := <-c.send:
					if c.write(f) != nil {
						c.conn.CloseNow()
						return
					}
					continue
				default:
				}
				break
			}
			c.conn.Close(c.code, c.reason)
			return
		}
	}
}

// pingLoop pings the other end; one that does not answer is dropped.
func (c *client) pingLoop(every, timeout time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-c.done:
			return
		case <-t.C:
			ctx, cancel := context.WithTimeout(context.Background(), timeout)
			err := c.conn.Ping(ctx)
			cancel()
			if err != nil {
				c.drop()
				return
			}
		}
	}
}

// bucket is a token bucket: a client may send burst frames at once and
// rate more each second. One that sends faster is flooding.
type bucket struct {
	tokens float64
	burst  float64
	rate   float64
	last   time.Time
}

func (b *bucket) take(now time.Time) bool {
	if !b.last.IsZero() {
		b.tokens = min(b.burst, b.tokens+now.Sub(b.last).Seconds()*b.rate)
	}
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// Connection is a member's socket attached to a running room.
type Connection struct {
	hub  *Hub
	room *room
	c    *client
}

// Run reads the member's frames until the socket ends, hands each intent to
// the room, and answers a bad frame with an error event to this member
// alone. It returns once the socket is closed.
func (lc *Connection) Run() {
	c, r, h := lc.c, lc.room, lc.hub
	wrote := make(chan struct{})
	go func() { defer close(wrote); c.writeLoop() }()
	go c.pingLoop(h.opts.PingEvery, h.opts.PingEvery)
	defer func() {
		r.detach(c)
		c.drop()
		<-wrote
	}()
	limit := bucket{tokens: h.opts.Burst, burst: h.opts.Burst, rate: h.opts.Rate}
	ctx := context.Background()
	for {
		typ, rd, err := c.conn.Reader(ctx)
		if err != nil {
			return
		}
		data, err := io.ReadAll(io.LimitReader(rd, MaxFrame+1))
		if err == nil && len(data) > MaxFrame {
			_, err = io.Copy(io.Discard, rd) // the hard limit ends this
		}
		if err != nil {
			// The socket is gone; over HardMaxFrame the library has
			// already closed it with 1009.
			return
		}
		if !limit.take(h.opts.Now()) {
			c.finish(websocket.StatusPolicyViolation, "too many messages")
			return
		}
		switch {
		case len(data) > MaxFrame:
			r.reject(c, CodeTooLarge, "That message is too large: the limit is 16,384 bytes.", "")
			continue
		case typ != websocket.MessageText:
			r.reject(c, CodeBadFrame, "Send text frames holding JSON.", "")
			continue
		}
		in, heldID, err := decodeFrame(data)
		if err != nil {
			fe := err.(*frameError)
			r.reject(c, fe.Code, fe.Message, fe.Ref)
			continue
		}
		if !r.apply(c, in, heldID) {
			return
		}
	}
}

// errorEvent is a transport refusal as an event for the room's log.
func errorEvent(member string, code circle.ErrorCode, msg, ref string, at time.Time) circle.Event {
	return circle.Event{Type: circle.EventError, At: at, Audience: circle.Audience{Kind: circle.OneMember, To: member},
		Code: code, Text: msg, Ref: ref}
}
