package live

import (
	"sync"

	"holdspace/internal/circle"
)

// Envelope is one event of a room's log as it travels from the goroutine
// that runs the room's engine to whoever delivers it to sockets. It carries
// what a circle.Feed needs to decide who receives the event (Seq, Audience,
// and the type, member and role of joined and left events) and the event's
// wire body, encoded once for every recipient.
type Envelope struct {
	// Seq is the event's position in the room's log: one more than the
	// event before it, whatever its audience.
	Seq      int64
	Audience circle.Audience
	Type     circle.EventType
	MemberID string
	Role     circle.Role
	// Body is the wire JSON object without its seq: `{"type":...}`. The
	// member's own number is put in front of it on delivery.
	Body []byte
}

// feedEvent is the part of the event a Feed looks at.
func (e Envelope) feedEvent() circle.Event {
	return circle.Event{Seq: e.Seq, Audience: e.Audience, Type: e.Type, MemberID: e.MemberID, Role: e.Role}
}

// Bus carries each room's event log from the one goroutine that runs the
// room's engine to every subscriber that delivers it to sockets. Today the
// engine and the sockets share a process (LocalBus); a bus over NATS would
// let a room run on one node while members connect to any node, without
// the engine or the delivery code changing.
//
// A room publishes its batches from one goroutine, in Seq order. A
// subscriber is handed every batch published after Subscribe returns, in
// the order published, and must not block: it only queues frames.
type Bus interface {
	// Publish hands a batch of a room's events to the room's subscribers.
	Publish(room string, batch []Envelope) error
	// Subscribe starts handing the room's batches to deliver until cancel
	// is called.
	Subscribe(room string, deliver func(batch []Envelope)) (cancel func(), err error)
}

// LocalBus is the in-process Bus: Publish calls each subscriber in turn,
// in the publisher's goroutine, so a batch is delivered before Publish
// returns.
type LocalBus struct {
	mu   sync.RWMutex
	next int
	subs map[string]map[int]func([]Envelope)
}

// NewLocalBus returns an empty in-process bus.
func NewLocalBus() *LocalBus {
	return &LocalBus{subs: make(map[string]map[int]func([]Envelope))}
}

// Publish delivers batch to the room's subscribers before returning.
func (b *LocalBus) Publish(room string, batch []Envelope) error {
	b.mu.RLock()
	defer b.mu.RUnlock()
	for _, deliver := range b.subs[room] {
		deliver(batch)
	}
	return nil
}

// Subscribe registers deliver for the room's batches.
func (b *LocalBus) Subscribe(room string, deliver func([]Envelope)) (func(), error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.next++
	id := b.next
	if b.subs[room] == nil {
		b.subs[room] = make(map[int]func([]Envelope))
	}
	b.subs[room][id] = deliver
	return func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		delete(b.subs[room], id)
		if len(b.subs[room]) == 0 {
			delete(b.subs, room)
		}
	}, nil
}
