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
// queues frames on it without ever waiting: when more than limit frames
// wait, the connection is dropped at once, and the member reconnects and
// resumes.
//
// An idle connection costs one goroutine, the reader in Run: a writer
// goroutine runs only while frames wait, and pings come from a timer.
type client struct {
	member string // the member's id in the session
	conn   *websocket.Conn
	out    *batchConn // nil when the socket was not accepted by Accept

	mu      sync.Mutex
	state   clientState
	queue   [][]byte // frames waiting, oldest first
	spare   [][]byte // the writer's last batch, reused
	limit   int      // how many frames may wait
	base    int      // limit without a resuming connection's backlog
	writing bool     // a writer goroutine is running
	writers sync.WaitGroup
	pinger  *time.Timer
	code    websocket.StatusCode
	reason  string
	done    chan struct{} // closed when the client is finishing or dropped
}

type clientState uint8

const (
	clientOpen      clientState = iota
	clientFinishing             // write what is queued, then close with code
	clientDropped               // closed at once, nothing more written
)

func newClient(s *Socket, limit int) *client {
	return &client{conn: s.conn, out: s.out, limit: limit, base: limit, done: make(chan struct{})}
}

// setBacklog queues the events a resuming connection missed, before the
// client is registered; they do not count against the limit.
func (c *client) setBacklog(frames [][]byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.queue = append(frames, c.queue...)
	c.limit = c.base + len(frames)
}

// enqueue queues a frame without blocking. It reports false when the
// client is finished or was just dropped for being too slow.
func (c *client) enqueue(frame []byte) bool {
	c.mu.Lock()
	if c.state != clientOpen {
		c.mu.Unlock()
		return false
	}
	if len(c.queue) >= c.limit {
		c.dropLocked()
		c.mu.Unlock()
		return false
	}
	c.queue = append(c.queue, frame)
	c.startWriterLocked()
	c.mu.Unlock()
	return true
}

// startWriterLocked starts a writer unless one is running.
func (c *client) startWriterLocked() {
	if !c.writing {
		c.writing = true
		c.writers.Add(1)
		go c.writeQueued()
	}
}

// drop closes the connection at once, without a close handshake: its
// writer may be stuck on a full network buffer.
func (c *client) drop() {
	c.mu.Lock()
	c.dropLocked()
	c.mu.Unlock()
}

func (c *client) dropLocked() {
	if c.state != clientOpen {
		return
	}
	c.state = clientDropped
	c.queue = nil
	close(c.done)
	go c.conn.CloseNow()
}

// finish closes the connection once everything queued is written.
func (c *client) finish(code websocket.StatusCode, reason string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.state != clientOpen {
		return
	}
	c.state = clientFinishing
	c.code, c.reason = code, reason
	close(c.done)
	c.startWriterLocked()
}

// pingEvery is how often a connection is pinged; a pong must come back
// before the next ping is due.
const pingEvery = 25 * time.Second

// writeQueued writes what is queued, batch by batch, until the queue is
// empty; a finishing client is then closed with its code. Writes have no
// deadline of their own: a connection that stops reading fills its bounded
// socket buffer, then its queue, and is dropped, which ends the write; one
// that gets nothing more is dropped when its ping goes unanswered.
func (c *client) writeQueued() {
	defer c.writers.Done()
	ctx := context.Background()
	for {
		c.mu.Lock()
		if c.state == clientDropped {
			c.writing = false
			c.mu.Unlock()
			return
		}
		if len(c.queue) == 0 {
			c.writing = false
			c.limit = c.base
			finishing := c.state == clientFinishing
			if finishing {
				c.state = clientDropped // closed below; nothing more is written
			}
			c.mu.Unlock()
			if finishing {
				c.conn.Close(c.code, c.reason)
			}
			return
		}
		batch := c.queue
		c.queue = c.spare[:0]
		c.mu.Unlock()
		if c.writeBatch(ctx, batch) != nil {
			c.drop()
			c.conn.CloseNow()
			c.mu.Lock()
			c.writing = false
			c.mu.Unlock()
			return
		}
		c.mu.Lock()
		if cap(batch) <= 64 { // a large one is let go: idle members stay small
			c.spare = batch[:0]
		} else {
			c.spare = nil
		}
		c.mu.Unlock()
	}
}

// writeBatch writes frames in order, all of them in one system call.
func (c *client) writeBatch(ctx context.Context, batch [][]byte) error {
	gather := c.out != nil
	if gather {
		c.out.hold()
	}
	var err error
	for i, f := range batch {
		if err == nil {
			err = c.conn.Write(ctx, websocket.MessageText, f)
		}
		batch[i] = nil
	}
	if gather {
		if rerr := c.out.release(); err == nil {
			err = rerr
		}
	}
	return err
}

// startPings pings the other end every interval from a timer; one that does
// not answer in time is dropped.
func (c *client) startPings(every time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pinger = time.AfterFunc(every, func() {
		ctx, cancel := context.WithTimeout(context.Background(), every)
		err := c.conn.Ping(ctx)
		cancel()
		if err != nil {
			c.drop()
			return
		}
		c.mu.Lock()
		if c.state == clientOpen {
			c.pinger.Reset(every)
		}
		c.mu.Unlock()
	})
}

// stop drops the connection if it is still open, stops its pings and waits
// for its writer.
func (c *client) stop() {
	c.mu.Lock()
	c.dropLocked()
	if c.pinger != nil {
		c.pinger.Stop()
	}
	c.mu.Unlock()
	c.writers.Wait()
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
	c.startPings(h.opts.PingEvery)
	c.mu.Lock()
	if len(c.queue) > 0 {
		c.startWriterLocked() // the backlog of a resuming connection
	}
	c.mu.Unlock()
	defer func() {
		r.detach(c)
		c.stop()
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
