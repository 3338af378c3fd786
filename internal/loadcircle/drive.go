package loadcircle

import (
	"context"
	"math"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"holdspace/internal/loadgen"
)

// TrafficConfig is one traffic phase.
type TrafficConfig struct {
	// Rate is the aggregate target in frames delivered per second, summed
	// over every member who receives them. The driver sets how often each
	// room acts from how many frames each action has brought so far.
	Rate float64
	// Warmup runs before the measured window; Duration is the window.
	Warmup, Duration time.Duration
	// ShareFor is how long each share lasts (default 2s); GapFor is the
	// pause between shares (default 1s), when chat is not held.
	ShareFor, GapFor time.Duration
	// ServerCPU, if set, reads the server's CPU time so far; it is read at
	// both ends of the window.
	ServerCPU func() (time.Duration, error)
	// OnWindow, if set, is called as the window starts (true) and ends
	// (false), to profile the server over it.
	OnWindow func(start bool)
}

// TrafficStats is what one traffic phase measured in its window.
type TrafficStats struct {
	Target    float64
	Window    time.Duration
	Delivered int64 // frames members received in the window, errors apart
	// Latency is from each live chat's due time at its sender to its
	// receipt by each other member (not the writer's own copy, and not
	// chats held through a share: their wait is the circle's rule).
	Latency    loadgen.Histogram
	Released   int64            // held chats received after their share
	ByType     map[string]int64 // frames received by type, in the window
	Actions    int64            // frames members sent in the window
	Late       int64            // sends that fell over a second behind and were skipped
	SendErrors int64
	ServerCPU  time.Duration // in the window; 0 without ServerCPU
	ClientCPU  time.Duration // this process, in the window
	Integrity  Integrity     // over the whole phase, warmup included
}

// Rate is delivered frames per second.
func (s TrafficStats) Rate() float64 {
	if s.Window <= 0 {
		return 0
	}
	return float64(s.Delivered) / s.Window.Seconds()
}

// CPUPerDelivery is server CPU time per delivered frame.
func (s TrafficStats) CPUPerDelivery() time.Duration {
	if s.Delivered == 0 {
		return 0
	}
	return s.ServerCPU / time.Duration(s.Delivered)
}

// driveCounters are shared by the room drivers.
type driveCounters struct {
	actions, late, sendErrors atomic.Int64
	mult                      atomic.Uint64 // float64 bits: how much faster than the first estimate
}

func (d *driveCounters) multiplier() float64 { return math.Float64frombits(d.mult.Load()) }

// Drive runs traffic in every connected room: per room, the first in line
// shares for ShareFor, ends, and after GapFor the next starts; meanwhile
// members chat (held during a share, released after), react and raise
// hands. It returns once the window is over, every share has ended and the
// rooms have gone quiet.
func (f *Fleet) Drive(ctx context.Context, cfg TrafficConfig) (TrafficStats, error) {
	if cfg.ShareFor <= 0 {
		cfg.ShareFor = 2 * time.Second
	}
	if cfg.GapFor <= 0 {
		cfg.GapFor = time.Second
	}
	st := TrafficStats{Target: cfg.Rate, ByType: map[string]int64{}}
	rooms := f.allRooms()
	if len(rooms) == 0 || cfg.Rate <= 0 || cfg.Duration <= 0 {
		return st, nil
	}
	size := 0
	for _, r := range rooms {
		size += len(r.clients)
	}
	// First estimate: almost every action reaches the whole room once (a
	// held chat reaches its writer at once and the room later), a turn
	// reaches it twice.
	perAction := 1.05 * float64(size) / float64(len(rooms))
	base := cfg.Rate / perAction / float64(len(rooms))
	var dc driveCounters
	dc.mult.Store(math.Float64bits(1))
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i, r := range rooms {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.drive(base, &dc, cfg, uint64(i), stop)
		}()
	}
	ctlDone := make(chan struct{})
	go func() {
		defer close(ctlDone)
		f.control(perAction, &dc, stop)
	}()
	finish := func() {
		close(stop)
		wg.Wait()
		<-ctlDone
	}

	select {
	case <-time.After(cfg.Warmup):
	case <-ctx.Done():
		finish()
		return st, ctx.Err()
	}
	// The window.
	for _, r := range rooms {
		r.mu.Lock()
		r.lat = loadgen.Histogram{}
		r.mu.Unlock()
	}
	var cpu0 time.Duration
	if cfg.ServerCPU != nil {
		var err error
		if cpu0, err = cfg.ServerCPU(); err != nil {
			finish()
			return st, err
		}
	}
	self0, _ := ReadProc(0)
	d0, r0, a0 := f.delivered.Load(), f.released.Load(), dc.actions.Load()
	var types0 [numTypes]int64
	for i := range types0 {
		types0[i] = f.byType[i].Load()
	}
	if cfg.OnWindow != nil {
		cfg.OnWindow(true)
	}
	t0 := time.Now()
	f.measuring.Store(true)
	select {
	case <-time.After(cfg.Duration):
	case <-ctx.Done():
	}
	f.measuring.Store(false)
	st.Window = time.Since(t0)
	if cfg.OnWindow != nil {
		cfg.OnWindow(false)
	}
	st.Delivered = f.delivered.Load() - d0
	st.Released = f.released.Load() - r0
	st.Actions = dc.actions.Load() - a0
	if cfg.ServerCPU != nil {
		cpu1, err := cfg.ServerCPU()
		if err != nil {
			finish()
			return st, err
		}
		st.ServerCPU = cpu1 - cpu0
	}
	if self1, err := ReadProc(0); err == nil {
		st.ClientCPU = self1.CPU - self0.CPU
	}
	for i, name := range append(countedTypes, "other") {
		st.ByType[name] = f.byType[i].Load() - types0[i]
	}
	for _, r := range rooms {
		r.mu.Lock()
		st.Latency.Merge(&r.lat)
		r.mu.Unlock()
	}
	finish()
	st.Late, st.SendErrors = dc.late.Load(), dc.sendErrors.Load()
	f.Settle(ctx, time.Second, time.Minute)
	st.Integrity = f.Check()
	return st, ctx.Err()
}

// control corrects the first estimate every quarter second from how many
// frames each sent frame has brought members so far in this phase, between
// 0.6 and 1.25 times it: a server that falls behind delivers less per frame
// sent for a while, and must not be pushed ever harder for it; the rate it
// then delivers is what it can.
func (f *Fleet) control(perAction float64, dc *driveCounters, stop chan struct{}) {
	t := time.NewTicker(250 * time.Millisecond)
	defer t.Stop()
	// Count from a second in, once what an earlier phase left queued has
	// been delivered.
	select {
	case <-stop:
		return
	case <-time.After(time.Second):
	}
	d0, a0 := f.delivered.Load(), dc.actions.Load()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
		}
		d, a := f.delivered.Load()-d0, dc.actions.Load()-a0
		if a < 100 || d == 0 {
			continue
		}
		m := min(max(perAction/(float64(d)/float64(a)), 0.6), 1.25)
		dc.mult.Store(math.Float64bits(m))
	}
}

// drive paces one room's actions until stop, then ends a share in progress.
func (r *roomState) drive(base float64, dc *driveCounters, cfg TrafficConfig, seed uint64, stop chan struct{}) {
	rng := rand.New(rand.NewPCG(seed, 0x6c6f6164))
	interval := func() time.Duration {
		return time.Duration(float64(time.Second) / (base * dc.multiplier()))
	}
	// Rooms start spread over one interval, not in step.
	next := time.Now().Add(time.Duration(rng.Float64() * float64(interval())))
	timer := time.NewTimer(time.Until(next))
	defer timer.Stop()
	for {
		select {
		case <-stop:
			r.endShare()
			return
		case <-timer.C:
		}
		r.act(next, rng, cfg, dc)
		next = next.Add(time.Duration((0.5 + rng.Float64()) * float64(interval())))
		if behind := time.Since(next); behind > time.Second {
			dc.late.Add(1)
			next = time.Now()
		}
		timer.Reset(time.Until(next))
	}
}

// act sends one member's next frame: a turn when one is due, else chat, a
// reaction or a hand.
func (r *roomState) act(due time.Time, rng *rand.Rand, cfg TrafficConfig, dc *driveCounters) {
	now := time.Now()
	bare := r.f.target.Kind == Bare
	var who *client
	var frame []byte
	r.mu.Lock()
	pending := !r.pendingTurn.IsZero() && now.Sub(r.pendingTurn) < 2*time.Second
	switch {
	case !bare && r.phase != "sharing":
		// Not in the round yet (rooms connected for holding): members
		// only chat and react.
	case pending:
	case r.speaker != "" && now.Sub(r.shareSince) >= cfg.ShareFor:
		if who = r.byID[r.speaker]; who != nil {
			frame = []byte(`{"op":"end_share"}`)
			r.pendingTurn = now
		}
	case r.speaker == "" && now.Sub(r.shareEnded) >= cfg.GapFor && len(r.queue) > 0:
		if who = r.byID[r.queue[0]]; who != nil {
			if rng.IntN(4) == 0 {
				frame = []byte(`{"op":"start_share","content_note":"This touches on loss."}`)
			} else {
				frame = []byte(`{"op":"start_share"}`)
			}
			r.pendingTurn = now
			if bare {
				r.queue = r.queue[1:]
			}
		}
	}
	if who == nil {
		who = r.clients[rng.IntN(len(r.clients))]
		id := who.memberID()
		switch p := rng.Float64(); {
		case p < 0.5:
			frame = []byte(`{"op":"chat","text":"` + chatText(r.f.nonce.Add(1), due.UnixNano()) + `"}`)
		case p < 0.85 || id == "" || id == r.speaker || r.inLineLocked(id, now):
			if rng.IntN(2) == 0 {
				frame = []byte(`{"op":"react","kind":"nod"}`)
			} else {
				frame = []byte(`{"op":"react","kind":"heart"}`)
			}
		default:
			frame = []byte(`{"op":"raise_hand"}`)
			r.raised[id] = now
			if bare {
				r.queue = append(r.queue, id)
			}
		}
	}
	r.mu.Unlock()
	if err := who.send(frame); err != nil {
		dc.sendErrors.Add(1)
		return
	}
	dc.actions.Add(1)
}

// endShare ends a share in progress, so the room is quiet after traffic.
func (r *roomState) endShare() {
	r.mu.Lock()
	who := r.byID[r.speaker]
	r.mu.Unlock()
	if who != nil {
		who.send([]byte(`{"op":"end_share"}`))
	}
}
