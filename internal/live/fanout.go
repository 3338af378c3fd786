package live

import (
	"encoding/json"
	"sync"
	"time"

	"github.com/coder/websocket"

	"holdspace/internal/circle"
)

// Close codes the server ends a socket with, beside the standard ones.
const (
	// CloseRemoved: the member was removed from the group or the session.
	// Reconnecting is refused.
	CloseRemoved websocket.StatusCode = 4403
	// CloseNotLive: the session is not running (not started, or over).
	CloseNotLive websocket.StatusCode = 4409
)

// fanout delivers one room's log to the sockets connected to it. It keeps
// what resuming needs: a ring of the room's last events by Seq and a
// circle.Feed per member (by member, not by connection, so numbering
// survives reconnects). It is what a Bus subscriber runs; it has its own
// lock because a bus may deliver from any goroutine.
type fanout struct {
	mu      sync.Mutex
	ring    []Envelope // grows as the log does, up to max
	max     int
	keep    int
	feeds   map[string]*circle.Feed
	clients map[string]map[*client]struct{}
}

func newFanout(ring, keep int) *fanout {
	return &fanout{
		ring:    make([]Envelope, min(ring, 64)),
		max:     ring,
		keep:    keep,
		feeds:   make(map[string]*circle.Feed),
		clients: make(map[string]map[*client]struct{}),
	}
}

// deliver is the bus subscriber: each event goes to the connections of every
// member whose feed takes it, numbered by that feed.
func (f *fanout) deliver(batch []Envelope) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.feeds == nil {
		return // the room ended
	}
	for _, env := range batch {
		f.put(env)
		fe := env.feedEvent()
		for id, feed := range f.feeds {
			n, ok := feed.Offer(fe)
			if !ok {
				continue
			}
			cs := f.clients[id]
			if len(cs) == 0 {
				continue
			}
			frame := numbered(n, env.Body)
			for c := range cs {
				if !c.enqueue(frame) {
					delete(cs, c)
				}
			}
		}
		// Some events end a member's connections once delivered.
		switch {
		case env.Type == circle.EventRemoved:
			f.finishLocked(env.Audience.To, CloseRemoved, "removed")
		case env.Type == circle.EventLeft && env.Audience.Kind == circle.Everyone:
			f.finishLocked(env.MemberID, websocket.StatusNormalClosure, "left")
		case env.Type == circle.EventEnded:
			for id := range f.clients {
				f.finishLocked(id, websocket.StatusNormalClosure, "the group session has ended")
			}
		}
	}
}

// put keeps env in the ring. A room's log starts short and most rooms'
// stay short, so the ring grows up to max as the log does; until it has
// reached max it never wraps, so the event of Seq s sits at index s and
// growing keeps every event where it was.
func (f *fanout) put(env Envelope) {
	if env.Seq >= int64(len(f.ring)) && len(f.ring) < f.max {
		grown := make([]Envelope, min(f.max, max(int(env.Seq)+1, 2*len(f.ring))))
		copy(grown, f.ring)
		f.ring = grown
	}
	f.ring[env.Seq%int64(len(f.ring))] = env
}

// ensureFeed creates the member's feed if it has none: before their first
// join is applied, so the feed sees the joined event about them.
func (f *fanout) ensureFeed(member string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.feeds != nil && f.feeds[member] == nil {
		f.feeds[member] = circle.NewFeed(member, f.keep)
	}
}

// attach registers a connection. With since >= 0 the connection first gets
// what it missed: the events its member's feed numbered after since, or,
// when those cannot all be replayed, a fresh snapshot as a state event
// numbered as a new baseline (which the member's other connections get too,
// so their numbers stay gap-free).
func (f *fanout) attach(c *client, since int64, snapshot func() circle.State, at time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.feeds == nil {
		return
	}
	feed := f.feeds[c.member]
	if feed == nil {
		feed = circle.NewFeed(c.member, f.keep)
		f.feeds[c.member] = feed
	}
	if since >= 0 {
		backlog, ok := f.replayLocked(feed, since)
		if !ok {
			st := snapshot()
			body, _ := json.Marshal(stateBody(at, "", &st))
			frame := numbered(feed.Baseline(), body)
			backlog = [][]byte{frame}
			for other := range f.clients[c.member] {
				if !other.enqueue(frame) {
					delete(f.clients[c.member], other)
				}
			}
		}
		c.setBacklog(backlog)
	}
	if f.clients[c.member] == nil {
		f.clients[c.member] = make(map[*client]struct{})
	}
	f.clients[c.member][c] = struct{}{}
}

func (f *fanout) replayLocked(feed *circle.Feed, since int64) ([][]byte, bool) {
	seqs, ok := feed.Resume(since)
	if !ok {
		return nil, false
	}
	out := make([][]byte, 0, len(seqs))
	for i, seq := range seqs {
		env := f.ring[seq%int64(len(f.ring))]
		if env.Seq != seq {
			return nil, false // the ring has moved on
		}
		out = append(out, numbered(since+int64(i)+1, env.Body))
	}
	return out, true
}

// detach forgets a connection.
func (f *fanout) detach(c *client) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if cs := f.clients[c.member]; cs != nil {
		delete(cs, c)
		if len(cs) == 0 {
			delete(f.clients, c.member)
		}
	}
}

// finish closes a member's connections once what they were sent is written.
func (f *fanout) finish(member string, code websocket.StatusCode, reason string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.finishLocked(member, code, reason)
}

func (f *fanout) finishLocked(member string, code websocket.StatusCode, reason string) {
	for c := range f.clients[member] {
		c.finish(code, reason)
	}
	delete(f.clients, member)
}

// drop closes every connection and lets go of the ring and the feeds: they
// hold what members said.
func (f *fanout) drop(code websocket.StatusCode, reason string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for id := range f.clients {
		f.finishLocked(id, code, reason)
	}
	clear(f.ring)
	f.ring = f.ring[:1]
	f.feeds = nil
	f.clients = map[string]map[*client]struct{}{}
}
