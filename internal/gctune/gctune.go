// Package gctune gives the garbage collector a floor of headroom.
//
// With the default GOGC of 100, a server whose live heap is small (10 MB:
// a site with a few hundred people signed in) is collected every 10 MB it
// allocates, many times a second under load. On a machine with one or two
// cores each collection takes the CPU for a moment, and requests that
// arrive meanwhile wait: the slowest answers are slow because of the
// collector, not the work. Run lets the heap grow by at least a floor
// (64 MiB by default) between collections while it is small, and leaves
// GOGC's 100 alone once the live heap is larger than the floor, so memory
// stays in proportion for a node holding thousands of live sockets.
//
// An operator who sets GOGC chooses for themselves: Run then does nothing.
package gctune

import (
	"context"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// setGCPercent is debug.SetGCPercent, replaced in tests.
var setGCPercent = debug.SetGCPercent

// DefaultFloor is the headroom Run keeps unless told otherwise.
const DefaultFloor = 64 << 20

// most bounds the percentage Run sets, so a nearly empty heap is still
// collected now and then.
const most = 2000

// Percent is the GOGC percentage that gives a live heap of live bytes at
// least floor bytes of growth before the next collection, never less than
// 100.
func Percent(live, floor uint64) int {
	if live == 0 {
		return most
	}
	p := floor * 100 / live
	switch {
	case p < 100:
		return 100
	case p > most:
		return most
	}
	return int(p)
}

// Run adjusts the GOGC percentage every interval from the live heap the
// last collection found, until ctx ends. floor 0, or GOGC set in the
// environment, turns it off.
func Run(ctx context.Context, floor uint64, every time.Duration) {
	if floor == 0 || os.Getenv("GOGC") != "" {
		return
	}
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	set := -1
	t := time.NewTicker(every)
	defer t.Stop()
	defer setGCPercent(100)
	for {
		metrics.Read(sample)
		if sample[0].Value.Kind() == metrics.KindUint64 {
			if p := Percent(sample[0].Value.Uint64(), floor); p != set {
				setGCPercent(p)
				set = p
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
