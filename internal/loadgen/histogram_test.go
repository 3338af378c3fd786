package loadgen

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// exactPercentile is the nearest-rank percentile of sorted values.
func exactPercentile(sorted []int64, q float64) int64 {
	if q <= 0 {
		return sorted[0]
	}
	rank := int(math.Ceil(q / 100 * float64(len(sorted))))
	rank = min(max(rank, 1), len(sorted))
	return sorted[rank-1]
}

func TestBucketsCoverEveryValueOnce(t *testing.T) {
	// Each bucket's bounds map back to it, and consecutive buckets meet
	// with no gap or overlap, up to the top of the range.
	var next int64
	for i := range numBuckets {
		lo, hi := bucketBounds(i)
		if lo != next {
			t.Fatalf("bucket %d starts at %d, want %d", i, lo, next)
		}
		if hi < lo {
			t.Fatalf("bucket %d: hi %d < lo %d", i, hi, lo)
		}
		if got := bucketOf(lo); got != i {
			t.Fatalf("bucketOf(%d) = %d, want %d", lo, got, i)
		}
		if got := bucketOf(hi); got != i {
			t.Fatalf("bucketOf(%d) = %d, want %d", hi, got, i)
		}
		if lo >= subCount {
			if width := hi - lo + 1; float64(width) > float64(lo)/halfCount {
				t.Fatalf("bucket %d [%d, %d] is wider than 1/%d of its start", i, lo, hi, halfCount)
			}
		}
		next = hi + 1
	}
	if want := int64(1) << maxBits; next != want {
		t.Errorf("buckets end at %d, want %d", next, want)
	}
	if got := bucketOf(math.MaxInt64); got != numBuckets-1 {
		t.Errorf("bucketOf(MaxInt64) = %d, want the top bucket %d", got, numBuckets-1)
	}
}

func TestPercentileAgainstExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	tests := []struct {
		name string
		gen  func() int64
		n    int
	}{
		{"one value", func() int64 { return 1234567 }, 1},
		{"small exact values", func() int64 { return rng.Int64N(128) }, 1000},
		{"uniform 0-10ms", func() int64 { return rng.Int64N(int64(10 * time.Millisecond)) }, 20000},
		{"exponential mean 300us", func() int64 { return int64(rng.ExpFloat64() * 300e3) }, 20000},
		{"log-uniform 1us-10s", func() int64 { return int64(math.Pow(10, 3+rng.Float64()*7)) }, 20000},
		{"bimodal with a tail", func() int64 {
			if rng.IntN(100) == 0 {
				return int64(50*time.Millisecond) + rng.Int64N(int64(time.Second))
			}
			return int64(200*time.Microsecond) + rng.Int64N(int64(100*time.Microsecond))
		}, 20000},
	}
	qs := []float64{0, 1, 25, 50, 90, 95, 99, 99.9, 99.99, 100}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var h Histogram
			vals := make([]int64, tt.n)
			var sum int64
			for i := range vals {
				vals[i] = tt.gen()
				sum += vals[i]
				h.Record(time.Duration(vals[i]))
			}
			slices.Sort(vals)
			if got := h.Count(); got != int64(tt.n) {
				t.Errorf("Count() = %d, want %d", got, tt.n)
			}
			if got, want := int64(h.Min()), vals[0]; got != want {
				t.Errorf("Min() = %d, want %d", got, want)
			}
			if got, want := int64(h.Max()), vals[len(vals)-1]; got != want {
				t.Errorf("Max() = %d, want %d", got, want)
			}
			if got, want := int64(h.Mean()), sum/int64(tt.n); got != want {
				t.Errorf("Mean() = %d, want %d", got, want)
			}
			for _, q := range qs {
				want := exactPercentile(vals, q)
				got := int64(h.Percentile(q))
				// Never below the truth, at most one bucket width (1/64) above.
				if got < want || float64(got) > float64(want)*(1+1.0/halfCount)+1 {
					t.Errorf("Percentile(%v) = %d, want %d (up to +1/%d)", q, got, want, halfCount)
				}
			}
		})
	}
}

func TestPercentileOfKnownValues(t *testing.T) {
	// 1..100 microseconds: p50 is 50us, p99 is 99us, p100 is 100us, each
	// within a bucket of the exact figure.
	var h Histogram
	for i := 1; i <= 100; i++ {
		h.Record(time.Duration(i) * time.Microsecond)
	}
	for _, tt := range []struct {
		q    float64
		want time.Duration
	}{
		{50, 50 * time.Microsecond},
		{99, 99 * time.Microsecond},
		{100, 100 * time.Microsecond},
		{0, time.Microsecond},
	} {
		got := h.Percentile(tt.q)
		if got < tt.want || got > tt.want+tt.want/halfCount {
			t.Errorf("Percentile(%v) = %v, want %v (up to +1/%d)", tt.q, got, tt.want, halfCount)
		}
	}
	if got := h.CountAbove(90 * time.Microsecond); got < 9 || got > 10 {
		t.Errorf("CountAbove(90us) = %d, want 9 or 10", got)
	}
}

func TestMergeEqualsRecordingTogether(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var a, b, all Histogram
	for i := range 5000 {
		d := time.Duration(rng.Int64N(int64(50 * time.Millisecond)))
		if i%3 == 0 {
			a.Record(d)
		} else {
			b.Record(d)
		}
		all.Record(d)
	}
	var merged Histogram
	merged.Merge(&a)
	merged.Merge(&b)
	merged.Merge(&Histogram{})
	if merged != all {
		t.Errorf("merged histogram differs from one fed every value: count %d/%d, min %v/%v, max %v/%v",
			merged.Count(), all.Count(), merged.Min(), all.Min(), merged.Max(), all.Max())
	}
}

func TestEmptyAndOutOfRange(t *testing.T) {
	var h Histogram
	if got := h.Percentile(99); got != 0 {
		t.Errorf("empty Percentile(99) = %v, want 0", got)
	}
	if got := h.Mean(); got != 0 {
		t.Errorf("empty Mean() = %v, want 0", got)
	}
	h.Record(-time.Second)
	if got := h.Max(); got != 0 {
		t.Errorf("after a negative duration Max() = %v, want 0", got)
	}
	h.Record(100 * time.Hour) // past the top bucket: counted there, max exact
	if got := h.Percentile(100); got != 100*time.Hour {
		t.Errorf("Percentile(100) = %v, want 100h", got)
	}
}
