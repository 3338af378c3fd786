package loadcircle

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// StormConfig is a reconnect storm.
type StormConfig struct {
	// Members is how many members drop at once and come back (never a
	// room's observer, and at least one member stays in each room).
	Members int
	// Events is how many events each of them misses (default 10): that
	// many reactions from the members who stayed, in each room.
	Events int
	// Concurrency is how many reconnect at once (default 1024).
	Concurrency int
	// Timeout bounds the whole storm (default 2 minutes, within the
	// two minutes the server keeps a dropped member in the circle).
	Timeout time.Duration
}

// StormStats is what a storm showed.
type StormStats struct {
	Dropped     int
	Reconnected int
	// Exact counts members who got exactly the numbers they missed, in
	// order, each the event the room saw, and nothing else until the
	// marker event after the storm.
	Exact int
	// Per member: a number skipped, a number seen again, a state snapshot
	// instead of the replay, a missed frame that was not the room's
	// event, fewer frames than missed before the deadline.
	Gaps, Duplicates, Snapshots, Wrong, Short int
	// StayedOK counts members who stayed and got exactly Events live.
	Stayed, StayedOK int
	// MarkerOK counts members (everyone in the storm's rooms) whose next
	// frame after the storm was the marker, numbered one more, and who got
	// nothing after it.
	Members, MarkerOK int
	// Reconnect is from the first reconnect to the last replay received.
	Reconnect    time.Duration
	FirstProblem string
}

// Pass reports whether every member resumed exactly.
func (s StormStats) Pass() bool {
	return s.Dropped > 0 && s.Exact == s.Dropped && s.Gaps == 0 && s.Duplicates == 0 && s.Snapshots == 0 &&
		s.Wrong == 0 && s.Short == 0 && s.StayedOK == s.Stayed && s.MarkerOK == s.Members
}

// Storm drops Members members at once, lets Events events happen in each of
// their rooms, brings them all back at once with ?since= their last number,
// and checks that each received exactly what it missed.
func (f *Fleet) Storm(ctx context.Context, cfg StormConfig) (StormStats, error) {
	var st StormStats
	if f.target.Kind == Bare {
		return st, errors.New("loadcircle: the bare hub has no resuming; storm the holdspace server")
	}
	if cfg.Events <= 0 {
		cfg.Events = 10
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 1024
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 2 * time.Minute
	}
	ctx, cancel := context.WithTimeout(ctx, cfg.Timeout)
	defer cancel()
	problem := func(format string, args ...any) {
		if st.FirstProblem == "" {
			st.FirstProblem = fmt.Sprintf(format, args...)
		}
	}

	// Who drops: the same share of every room, from the back, never the
	// observer and never everyone.
	rooms := f.allRooms()
	victims := map[*roomState][]*client{}
	var order []*client
	for depth := 1; len(order) < cfg.Members; depth++ {
		took := false
		for _, r := range rooms {
			i := len(r.clients) - depth
			if i < 1 || len(order) >= cfg.Members || !r.clients[i].live.Load() {
				continue
			}
			// Keep at least one member besides the observer to react.
			if len(r.clients)-len(victims[r]) <= 2 {
				continue
			}
			victims[r] = append(victims[r], r.clients[i])
			order = append(order, r.clients[i])
			took = true
		}
		if !took {
			break
		}
	}
	if len(order) < cfg.Members {
		return st, fmt.Errorf("loadcircle: only %d members can drop in a storm of %d: connect more", len(order), cfg.Members)
	}
	st.Dropped = len(order)
	var stormRooms []*roomState
	for _, r := range rooms {
		if len(victims[r]) > 0 {
			stormRooms = append(stormRooms, r)
		}
	}
	f.Settle(ctx, 500*time.Millisecond, 30*time.Second)
	lastBefore := map[*client]int64{}
	for _, r := range stormRooms {
		for _, c := range r.clients {
			lastBefore[c] = c.last.Load()
		}
	}

	// Everyone drops at once, without a close handshake, like a network
	// that went away.
	since := make(map[*client]int64, len(order))
	for _, c := range order {
		c.leaving.Store(true)
		if conn := c.getConn(); conn != nil {
			conn.CloseNow()
		}
	}
	for _, c := range order {
		if !c.waitRead(10 * time.Second) {
			return st, errors.New("loadcircle: a dropped socket's reader did not stop")
		}
		since[c] = c.last.Load()
	}

	// Events happen while they are away: reactions from those who stayed.
	dropped := map[*client]bool{}
	for _, c := range order {
		dropped[c] = true
	}
	var wg sync.WaitGroup
	var sendErr atomic.Value
	for _, r := range stormRooms {
		var stayed []*client
		for _, c := range r.clients {
			if !dropped[c] && c.live.Load() {
				stayed = append(stayed, c)
			}
		}
		r.mu.Lock()
		r.log = nil
		r.mu.Unlock()
		r.recording.Store(true)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range cfg.Events {
				kind := "nod"
				if i%2 == 1 {
					kind = "heart"
				}
				if err := stayed[i%len(stayed)].send([]byte(`{"op":"react","kind":"` + kind + `"}`)); err != nil {
					sendErr.Store(err)
				}
			}
		}()
	}
	wg.Wait()
	if err, _ := sendErr.Load().(error); err != nil {
		return st, fmt.Errorf("loadcircle: storm events: %w", err)
	}
	for _, r := range stormRooms {
		for {
			r.mu.Lock()
			n := len(r.log)
			r.mu.Unlock()
			if n >= cfg.Events {
				break
			}
			if ctx.Err() != nil {
				return st, fmt.Errorf("loadcircle: room %d saw %d of %d storm events: %w", r.room.ID, n, cfg.Events, ctx.Err())
			}
			time.Sleep(10 * time.Millisecond)
		}
		r.recording.Store(false)
	}
	f.Settle(ctx, 500*time.Millisecond, 30*time.Second)
	for _, r := range stormRooms {
		for _, c := range r.clients {
			if dropped[c] || !c.live.Load() {
				continue
			}
			st.Stayed++
			if got := c.last.Load() - lastBefore[c]; got == int64(cfg.Events) {
				st.StayedOK++
			} else {
				problem("room %d member %d stayed and got %d frames for %d events", r.room.ID, c.index, got, cfg.Events)
			}
		}
	}

	// Everyone comes back at once.
	logs := make(map[*client]*resumeLog, len(order))
	for _, c := range order {
		rl := &resumeLog{since: since[c], want: cfg.Events, full: make(chan struct{})}
		logs[c] = rl
		c.resumeLog.Store(rl)
		c.leaving.Store(false)
	}
	sem := make(chan struct{}, cfg.Concurrency)
	var dialFailed atomic.Int64
	var firstDialErr atomic.Value
	start := time.Now()
	for _, c := range order {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			if err := c.dial(ctx, since[c]); err != nil {
				dialFailed.Add(1)
				firstDialErr.CompareAndSwap(nil, err.Error())
			}
		}()
	}
	wg.Wait()
	for _, c := range order {
		select {
		case <-logs[c].full:
		case <-ctx.Done():
		}
	}
	st.Reconnect = time.Since(start)
	st.Reconnected = len(order) - int(dialFailed.Load())
	if s, _ := firstDialErr.Load().(string); s != "" {
		problem("reconnect: %s", s)
	}

	for _, c := range order {
		rl := logs[c]
		c.resumeLog.Store(nil)
		rl.mu.Lock()
		frames := append([]resumeFrame(nil), rl.frames...)
		rl.mu.Unlock()
		c.room.mu.Lock()
		want := append([]string(nil), c.room.log...)
		c.room.mu.Unlock()
		ok := len(frames) == cfg.Events
		if !ok {
			st.Short++
			problem("room %d member %d: %d of %d missed frames", c.room.room.ID, c.index, len(frames), cfg.Events)
		}
		gap, dup, snap, wrong := false, false, false, false
		prev := rl.since
		for i, fr := range frames {
			switch {
			case fr.typ == "state":
				snap = true
			case fr.seq <= prev:
				dup = true
			case fr.seq != prev+1:
				gap = true
			}
			if fr.seq > prev {
				prev = fr.seq
			}
			if fr.typ != "reaction" || i >= len(want) || fr.what != want[i] {
				wrong = true
			}
		}
		if gap {
			st.Gaps++
		}
		if dup {
			st.Duplicates++
		}
		if snap {
			st.Snapshots++
		}
		if wrong && !snap {
			st.Wrong++
		}
		if ok && !gap && !dup && !snap && !wrong {
			st.Exact++
		} else if gap || dup || snap || wrong {
			problem("room %d member %d since %d got %+v, the room saw %v", c.room.room.ID, c.index, rl.since, frames, want)
		}
	}

	// A marker: one more reaction per room, which everyone must get as
	// exactly their next number, and nothing after it.
	f.Settle(ctx, 500*time.Millisecond, 30*time.Second)
	before := map[*client]int64{}
	for _, r := range stormRooms {
		for _, c := range r.clients {
			before[c] = c.last.Load()
		}
		if err := r.clients[0].send([]byte(`{"op":"react","kind":"heart"}`)); err != nil {
			return st, fmt.Errorf("loadcircle: marker: %w", err)
		}
	}
	f.Settle(ctx, time.Second, 30*time.Second)
	for _, r := range stormRooms {
		for _, c := range r.clients {
			st.Members++
			if got := c.last.Load() - before[c]; got == 1 && c.live.Load() {
				st.MarkerOK++
			} else {
				problem("room %d member %d: %d frames after the marker (live %v)", r.room.ID, c.index, got, c.live.Load())
			}
		}
	}
	return st, ctx.Err()
}
