// Package gctune sets how often the garbage collector runs: less often
// than Go's default, trading memory for steady latency.
//
// With the default GOGC of 100 the heap is collected each time it has
// grown by as much as was live after the last collection. A server whose
// live heap is small (10 MB: a site with a few hundred people signed in)
// is then collected many times a second under load, and one holding
// thousands of live sockets (100 MB and more) spends long stretches
// marking. On a machine with one or two cores the requests and frames that
// arrive meanwhile wait: measured at 50,000 deliveries a second on one
// core, the live circle's p99 was 306 ms with GOGC 100 and 8.7 ms with
// 300, for 31 KiB of memory per idle member instead of 23.
//
// Run keeps GOGC at a base (300 by default) and, while the live heap is
// small, lets it grow by at least a floor (64 MiB by default) between
// collections. An operator who sets GOGC chooses for themselves: Run then
// does nothing.
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

// DefaultBase is the GOGC percentage Run keeps at the least.
const DefaultBase = 300

// most bounds the percentage Run sets, so a nearly empty heap is still
// collected now and then.
const most = 2000

// Percent is the GOGC percentage that gives a live heap of live bytes at
// least floor bytes of growth before the next collection, never less than
// base (nor 1).
func Percent(live, floor uint64, base int) int {
	base = max(base, 1)
	if live == 0 {
		return max(most, base)
	}
	p := floor * 100 / live
	switch {
	case p < uint64(base):
		return base
	case p > most:
		return max(most, base)
	}
	return int(p)
}

// Run adjusts the GOGC percentage every interval from the live heap the
// last collection found, until ctx ends. GOGC set in the environment turns
// it off; base 100 and floor 0 is Go's default.
func Run(ctx context.Context, floor uint64, base int, every time.Duration) {
	if os.Getenv("GOGC") != "" || (floor == 0 && base == 100) {
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
			if p := Percent(sample[0].Value.Uint64(), floor, base); p != set {
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

// ForLoadGenerator makes a load generator collect its garbage less often
// (GOGC 800), unless GOGC is set: its collections would delay the requests
// it sends and the answers it times, a latency counted as the server's.
func ForLoadGenerator() {
	if os.Getenv("GOGC") == "" {
		setGCPercent(800)
	}
}
