package loadgen

import (
	"math"
	"math/bits"
	"time"
)

// The histogram is log-linear, in the manner of HdrHistogram: values below
// subCount nanoseconds have a bucket each; above that, every power of two is
// split into halfCount equal buckets, so a bucket is never wider than 1/64 of
// its lower bound and a reported percentile is at most 1.6% above the true
// one. Values from 2^maxBits ns (about 73 minutes) up share the top bucket;
// the exact maximum is kept beside it.
const (
	subBits    = 7
	subCount   = 1 << subBits
	halfCount  = subCount / 2
	maxBits    = 42
	numBuckets = subCount + (maxBits-subBits)*halfCount
)

// Histogram counts durations. The zero value is empty and ready to use. It
// is not safe for concurrent use: give each goroutine its own and Merge them.
type Histogram struct {
	counts   [numBuckets]int64
	total    int64
	sum      int64 // nanoseconds; overflows only past 292 years of latency
	min, max int64
}

// bucketOf returns the index of the bucket that holds v nanoseconds.
func bucketOf(v int64) int {
	if v < subCount {
		if v < 0 {
			return 0
		}
		return int(v)
	}
	n := bits.Len64(uint64(v))
	if n > maxBits {
		return numBuckets - 1
	}
	shift := n - subBits
	m := int(v >> shift) // in [halfCount, subCount)
	return subCount + (shift-1)*halfCount + m - halfCount
}

// bucketBounds returns the smallest and largest value bucket i holds.
func bucketBounds(i int) (lo, hi int64) {
	if i < subCount {
		return int64(i), int64(i)
	}
	k := i - subCount
	shift := k/halfCount + 1
	m := int64(k%halfCount + halfCount)
	lo = m << shift
	return lo, lo + 1<<shift - 1
}

// Record adds one duration. Negative durations count as zero.
func (h *Histogram) Record(d time.Duration) {
	v := max(int64(d), 0)
	h.counts[bucketOf(v)]++
	if h.total == 0 || v < h.min {
		h.min = v
	}
	if v > h.max {
		h.max = v
	}
	h.total++
	h.sum += v
}

// Merge adds every value recorded in o.
func (h *Histogram) Merge(o *Histogram) {
	if o.total == 0 {
		return
	}
	for i, c := range o.counts {
		h.counts[i] += c
	}
	if h.total == 0 || o.min < h.min {
		h.min = o.min
	}
	h.max = max(h.max, o.max)
	h.total += o.total
	h.sum += o.sum
}

// Count is how many durations were recorded.
func (h *Histogram) Count() int64 { return h.total }

// Min is the smallest duration recorded, exactly.
func (h *Histogram) Min() time.Duration { return time.Duration(h.min) }

// Max is the largest duration recorded, exactly.
func (h *Histogram) Max() time.Duration { return time.Duration(h.max) }

// Mean is the average duration.
func (h *Histogram) Mean() time.Duration {
	if h.total == 0 {
		return 0
	}
	return time.Duration(h.sum / h.total)
}

// Percentile returns the nearest-rank q-th percentile (q from 0 to 100):
// the smallest recorded value that at least q% of values do not exceed,
// rounded up to the top of its bucket (never past Max). It is never below
// the true value and at most 1/64 above it.
func (h *Histogram) Percentile(q float64) time.Duration {
	if h.total == 0 {
		return 0
	}
	if q <= 0 {
		return time.Duration(h.min)
	}
	rank := int64(math.Ceil(q / 100 * float64(h.total)))
	rank = min(max(rank, 1), h.total)
	var seen int64
	for i, c := range h.counts {
		seen += c
		if seen >= rank {
			if i == numBuckets-1 { // the top bucket has no upper bound
				return time.Duration(h.max)
			}
			_, hi := bucketBounds(i)
			return time.Duration(min(hi, h.max))
		}
	}
	return time.Duration(h.max)
}

// CountAbove is how many recorded durations are certainly greater than d:
// those in buckets wholly above it.
func (h *Histogram) CountAbove(d time.Duration) int64 {
	var n int64
	for i := bucketOf(int64(d)) + 1; i < numBuckets; i++ {
		n += h.counts[i]
	}
	return n
}
