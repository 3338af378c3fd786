package loadcircle

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Fleet is every member the load generator has connected to one server.
type Fleet struct {
	target Target
	http   *http.Client
	opts   Options

	mu    sync.Mutex
	rooms []*roomState

	connected atomic.Int64
	delivered atomic.Int64
	byType    [numTypes]atomic.Int64 // by typeIndex
	released  atomic.Int64           // held chats received after the share
	gaps      atomic.Int64
	dups      atomic.Int64
	snapshots atomic.Int64
	badFrames atomic.Int64
	drops     atomic.Int64 // connections the load generator did not close
	resumes   atomic.Int64 // of those, reconnected with since
	measuring atomic.Bool
	closing   atomic.Bool
	nonce     atomic.Uint64

	errMu     sync.Mutex
	errors    map[string]int64
	firstDrop string
}

// Options tune a fleet. Zero values take the defaults.
type Options struct {
	// DialConcurrency is how many sockets are being opened at once
	// (default 128).
	DialConcurrency int
	// ConnectTimeout bounds opening every socket of one Connect (default
	// 5 minutes).
	ConnectTimeout time.Duration
}

// NewFleet prepares a fleet for a target, which must be on the loopback
// interface.
func NewFleet(t Target, opts Options) (*Fleet, error) {
	if err := CheckLoopback(t.URL); err != nil {
		return nil, err
	}
	if opts.DialConcurrency <= 0 {
		opts.DialConcurrency = 128
	}
	if opts.ConnectTimeout <= 0 {
		opts.ConnectTimeout = 5 * time.Minute
	}
	f := &Fleet{target: t, opts: opts, errors: map[string]int64{}}
	f.http = &http.Client{Transport: &http.Transport{DialContext: spreadDialer(t.URL)}}
	return f, nil
}

// spreadDialer dials from local addresses spread over 127.0.0.0/8 when the
// target is an IPv4 loopback address, so ten thousand sockets and their
// reconnects do not run out of one address's ephemeral ports.
func spreadDialer(target string) func(ctx context.Context, network, addr string) (net.Conn, error) {
	var n atomic.Uint32
	d := &net.Dialer{Timeout: 30 * time.Second}
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, _, _ := net.SplitHostPort(addr)
		ip := net.ParseIP(host)
		if ip == nil || ip.To4() == nil || !ip.IsLoopback() {
			return d.DialContext(ctx, network, addr)
		}
		i := n.Add(1)
		dd := *d
		dd.LocalAddr = &net.TCPAddr{IP: net.IPv4(127, 0, byte(1+i/250%250), byte(1+i%250))}
		return dd.DialContext(ctx, network, addr)
	}
}

// ConnectStats is how opening a set of members went.
type ConnectStats struct {
	Members int
	Failed  int
	// Elapsed is from the first dial to the last member's state: the
	// socket open and the member in the circle.
	Elapsed    time.Duration
	FirstError string
}

// Rate is members connected and joined per second.
func (s ConnectStats) Rate() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.Members-s.Failed) / s.Elapsed.Seconds()
}

// Connect opens a socket for every member of rooms (fresh, without since)
// and waits until each has its state. It may be called again to add rooms.
func (f *Fleet) Connect(ctx context.Context, rooms []Room) (ConnectStats, error) {
	ctx, cancel := context.WithTimeout(ctx, f.opts.ConnectTimeout)
	defer cancel()
	var all []*client
	f.mu.Lock()
	for _, r := range rooms {
		rs := newRoomState(f, r)
		f.rooms = append(f.rooms, rs)
		all = append(all, rs.clients...)
	}
	f.mu.Unlock()
	st := ConnectStats{Members: len(all)}
	var failed atomic.Int64
	var errOnce sync.Once
	sem := make(chan struct{}, f.opts.DialConcurrency)
	var wg sync.WaitGroup
	start := time.Now()
	for _, c := range all {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			return st, fmt.Errorf("connect: %w", ctx.Err())
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			err := c.dial(ctx, -1)
			if err == nil {
				select {
				case <-c.joinedAt:
				case <-ctx.Done():
					err = errors.New("no state before the deadline")
				}
			}
			if err != nil {
				failed.Add(1)
				errOnce.Do(func() { st.FirstError = err.Error() })
			}
		}()
	}
	wg.Wait()
	st.Elapsed = time.Since(start)
	st.Failed = int(failed.Load())
	return st, nil
}

// Open moves every room into the sharing round: its facilitator advances
// from gathering through opening and check-in (on the bare hub, which has
// no phases, this does nothing).
func (f *Fleet) Open(ctx context.Context) error {
	if f.target.Kind == Bare {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	for _, r := range f.allRooms() {
		r.mu.Lock()
		phase := r.phase
		r.mu.Unlock()
		if phase == "sharing" {
			continue
		}
		for _, want := range []string{"opening", "check_in", "sharing"} {
			if err := r.clients[0].send([]byte(`{"op":"advance"}`)); err != nil {
				return fmt.Errorf("room %d: advance: %w", r.room.ID, err)
			}
			for {
				r.mu.Lock()
				phase := r.phase
				r.mu.Unlock()
				if phase == want {
					break
				}
				select {
				case <-ctx.Done():
					return fmt.Errorf("room %d: no %s phase: %w", r.room.ID, want, ctx.Err())
				case <-time.After(5 * time.Millisecond):
				}
			}
		}
	}
	return nil
}

func (f *Fleet) allRooms() []*roomState {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.rooms)
}

// Connected is how many members are connected and joined now.
func (f *Fleet) Connected() int { return int(f.connected.Load()) }

// Delivered is how many frames members have received, errors apart.
func (f *Fleet) Delivered() int64 { return f.delivered.Load() }

// Settle waits until no frame has arrived for quiet, or max has passed; it
// reports whether it went quiet.
func (f *Fleet) Settle(ctx context.Context, quiet, max time.Duration) bool {
	deadline := time.Now().Add(max)
	last := f.delivered.Load()
	lastChange := time.Now()
	for time.Now().Before(deadline) && ctx.Err() == nil {
		time.Sleep(50 * time.Millisecond)
		if n := f.delivered.Load(); n != last {
			last, lastChange = n, time.Now()
		} else if time.Since(lastChange) >= quiet {
			return true
		}
	}
	return false
}

// Integrity is what the members' numbering and sockets showed so far.
type Integrity struct {
	Gaps, Duplicates int64 // numbers skipped, numbers seen again
	Snapshots        int64 // state baselines instead of a replay
	BadFrames        int64
	Drops            int64 // sockets ended that the load generator did not end
	Resumes          int64 // of those, reconnected with since
	FirstDrop        string
	Errors           map[string]int64 // error frames by code
}

// Check returns the integrity counts so far.
func (f *Fleet) Check() Integrity {
	f.errMu.Lock()
	defer f.errMu.Unlock()
	errs := make(map[string]int64, len(f.errors))
	for k, v := range f.errors {
		errs[k] = v
	}
	return Integrity{Gaps: f.gaps.Load(), Duplicates: f.dups.Load(), Snapshots: f.snapshots.Load(), BadFrames: f.badFrames.Load(),
		Drops: f.drops.Load(), Resumes: f.resumes.Load(), FirstDrop: f.firstDrop, Errors: errs}
}

// ErrorSummary lists error codes and counts, most first.
func (i Integrity) ErrorSummary() string {
	if len(i.Errors) == 0 {
		return "none"
	}
	type kv struct {
		k string
		v int64
	}
	var all []kv
	for k, v := range i.Errors {
		all = append(all, kv{k, v})
	}
	sort.Slice(all, func(a, b int) bool { return all[a].v > all[b].v || all[a].v == all[b].v && all[a].k < all[b].k })
	var parts []string
	for _, e := range all {
		parts = append(parts, fmt.Sprintf("%s %d", e.k, e.v))
	}
	return strings.Join(parts, ", ")
}

func (f *Fleet) noteError(code []byte) {
	f.errMu.Lock()
	f.errors[string(code)]++
	f.errMu.Unlock()
}

func (f *Fleet) noteDrop(c *client, err error) {
	f.drops.Add(1)
	f.errMu.Lock()
	if f.firstDrop == "" && err != nil {
		f.firstDrop = fmt.Sprintf("room %d member %d: %v", c.room.room.ID, c.index, err)
	}
	f.errMu.Unlock()
}

// reconnect brings back a member whose socket dropped, resuming after the
// last number it saw; a few tries, a little apart.
func (f *Fleet) reconnect(c *client) {
	for try := range 5 {
		if f.closing.Load() || c.leaving.Load() {
			return
		}
		time.Sleep(time.Duration(100*(try+1)) * time.Millisecond)
		if err := c.dial(context.Background(), c.last.Load()); err == nil {
			f.resumes.Add(1)
			return
		}
	}
}

// Close ends every socket.
func (f *Fleet) Close() {
	f.closing.Store(true)
	var wg sync.WaitGroup
	sem := make(chan struct{}, 256)
	for _, r := range f.allRooms() {
		for _, c := range r.clients {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				c.close()
				c.waitRead(5 * time.Second)
			}()
		}
	}
	wg.Wait()
}
