package gctune

import (
	"context"
	"runtime/debug"
	"testing"
	"time"
)

func TestPercent(t *testing.T) {
	for _, tt := range []struct {
		live, floor uint64
		base        int
		want        int
	}{
		{0, 64 << 20, 100, most},
		{1 << 20, 64 << 20, 100, 2000},     // 6,400% would be too much: capped
		{8 << 20, 64 << 20, 100, 800},      // a small site: 64 MiB of headroom
		{32 << 20, 64 << 20, 100, 200},     //
		{64 << 20, 64 << 20, 100, 100},     // from the floor on, the base
		{512 << 20, 64 << 20, 100, 100},    // a node holding many sockets
		{10 << 20, 0, 100, 100},            // no floor
		{3 << 20, 10 << 20, 100, 333},      // rounded down
		{1 << 30, DefaultFloor, 300, 300},  // the defaults
		{40 << 20, DefaultFloor, 300, 300}, //
		{16 << 20, DefaultFloor, 300, 400}, //
		{8 << 20, 0, 5000, 5000},           // a base above the cap stands
		{8 << 20, 0, 0, 1},                 // never 0 (that is off)
	} {
		if got := Percent(tt.live, tt.floor, tt.base); got != tt.want {
			t.Errorf("Percent(%d, %d, %d) = %d, want %d", tt.live, tt.floor, tt.base, got, tt.want)
		}
	}
}

// TestRun: Run sets a percentage from the live heap at once, and puts the
// default back when it stops.
func TestRun(t *testing.T) {
	t.Setenv("GOGC", "")
	got := make(chan int, 10)
	setGCPercent = func(p int) int { got <- p; return 100 }
	defer func() { setGCPercent = debug.SetGCPercent }()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { Run(ctx, 1<<40, 100, time.Hour); close(done) }()
	if p := <-got; p != most {
		t.Errorf("a tiny heap under a huge floor: GOGC %d, want %d", p, most)
	}
	cancel()
	<-done
	if p := <-got; p != 100 {
		t.Errorf("after Run: GOGC %d, want 100", p)
	}
}

func TestRunOffWhenGOGCSet(t *testing.T) {
	t.Setenv("GOGC", "150")
	setGCPercent = func(p int) int { t.Errorf("GOGC set by the operator was changed to %d", p); return 150 }
	defer func() { setGCPercent = debug.SetGCPercent }()
	Run(context.Background(), 1<<40, 300, time.Millisecond)
	t.Setenv("GOGC", "")
	Run(context.Background(), 0, 100, time.Millisecond) // Go's default: nothing to do
}
