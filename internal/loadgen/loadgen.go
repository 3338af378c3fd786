// Package loadgen drives an HTTP server on the loopback interface over a
// fixed number of keep-alive connections, either as fast as the server
// answers (closed loop) or at a fixed rate (open loop), and measures
// throughput, latency percentiles and errors.
//
// In open-loop mode every request has an intended send time on a fixed
// schedule and its latency is measured from that time, not from when it
// was actually sent, so a server that stalls is charged for the requests
// that queued behind the stall (the "coordinated omission" a closed loop
// hides).
package loadgen

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultMaxRequests bounds a run that sets no MaxRequests.
const DefaultMaxRequests = 50_000_000

// Config is one load phase.
type Config struct {
	// URL is requested with GET. Its host must be a loopback address.
	URL string
	// Conns is the number of keep-alive connections; each has one worker
	// that sends its requests one after another.
	Conns int
	// Cookies, if not empty, gives connection i the Cookie header
	// Cookies[i % len(Cookies)], so each connection can be its own visitor.
	Cookies []string
	// Duration is how long requests are started for.
	Duration time.Duration
	// MaxRequests bounds how many requests are started; 0 means
	// DefaultMaxRequests.
	MaxRequests int64
	// Rate, if above zero, makes the run open loop: Rate requests per
	// second across all connections, on a fixed schedule.
	Rate float64
	// Grace is how long past Duration an open-loop run keeps sending
	// requests that are behind schedule before giving up on them as
	// Unsent; 0 means a quarter of Duration, at least one second. In-flight
	// requests are cancelled at the end of Grace in either mode.
	Grace time.Duration
}

// Result is what one phase measured.
type Result struct {
	// OK counts 2xx responses; only these count towards Throughput.
	OK int64
	// Errors counts everything else: non-2xx responses and requests that
	// got no response at all.
	Errors int64
	// Status counts non-2xx responses by code.
	Status map[int]int64
	// NoResponse counts requests that failed without a response;
	// FirstError is the first such failure.
	NoResponse int64
	FirstError string
	// Unsent counts open-loop requests whose send time came and went
	// more than Grace before the end; their latency is recorded as the
	// time they had waited when the run gave up, a lower bound.
	Unsent int64
	// Elapsed is from the first send to the last response.
	Elapsed time.Duration
	// Latency holds every request that got a response, plus the Unsent.
	Latency Histogram
}

// Throughput is 2xx responses per second.
func (r *Result) Throughput() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.OK) / r.Elapsed.Seconds()
}

// Run runs one phase and returns what it measured. It returns an error only
// for a bad Config or a cancelled ctx; failed requests are counted in the
// Result.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	if err := checkLoopback(cfg.URL); err != nil {
		return nil, err
	}
	if cfg.Conns < 1 {
		return nil, fmt.Errorf("loadgen: Conns is %d, want 1 or more", cfg.Conns)
	}
	if cfg.Duration <= 0 {
		return nil, fmt.Errorf("loadgen: Duration is %v, want more than 0", cfg.Duration)
	}
	if cfg.Rate < 0 {
		return nil, fmt.Errorf("loadgen: Rate is %v, want 0 (closed loop) or more", cfg.Rate)
	}
	maxN := cfg.MaxRequests
	if maxN <= 0 {
		maxN = DefaultMaxRequests
	}
	grace := cfg.Grace
	if grace <= 0 {
		grace = max(cfg.Duration/4, time.Second)
	}
	if cfg.Rate > 0 {
		// The schedule ends at Duration; no more requests than it holds.
		maxN = min(maxN, int64(cfg.Duration.Seconds()*cfg.Rate))
	}

	start := time.Now()
	deadline := start.Add(cfg.Duration)
	giveUp := deadline.Add(grace)
	ctx, cancel := context.WithDeadline(ctx, giveUp)
	defer cancel()

	var tickets atomic.Int64
	workers := make([]*worker, cfg.Conns)
	var wg sync.WaitGroup
	for i := range workers {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, cfg.URL, nil)
		if err != nil {
			return nil, fmt.Errorf("loadgen: %w", err)
		}
		if len(cfg.Cookies) > 0 {
			req.Header.Set("Cookie", cfg.Cookies[i%len(cfg.Cookies)])
		}
		w := &worker{client: newClient(), req: req, status: map[int]int64{}}
		workers[i] = w
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer w.client.CloseIdleConnections()
			if cfg.Rate > 0 {
				w.openLoop(ctx, &tickets, maxN, start, cfg.Rate, giveUp)
			} else {
				w.closedLoop(&tickets, maxN, deadline)
			}
		}()
	}
	wg.Wait()
	res := &Result{Elapsed: time.Since(start), Status: map[int]int64{}}
	for _, w := range workers {
		res.OK += w.ok
		res.NoResponse += w.noResponse
		res.Unsent += w.unsent
		if res.FirstError == "" {
			res.FirstError = w.firstErr
		}
		for code, n := range w.status {
			res.Status[code] += n
			res.Errors += n
		}
		res.Latency.Merge(&w.latency)
	}
	res.Errors += res.NoResponse
	if err := ctx.Err(); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return res, err
	}
	return res, nil
}

// worker owns one connection.
type worker struct {
	client *http.Client
	req    *http.Request // reused: a GET without a body is never changed by a send

	ok, noResponse, unsent int64
	status                 map[int]int64
	firstErr               string
	latency                Histogram
}

// newClient returns a client that keeps exactly one connection alive, uses
// no proxy, no cookie jar and follows no redirects, so what is measured is
// one request and one response.
func newClient() *http.Client {
	tr := &http.Transport{
		Proxy:               nil,
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		MaxIdleConns:        1,
		MaxIdleConnsPerHost: 1,
		MaxConnsPerHost:     1,
		IdleConnTimeout:     time.Minute,
		DisableCompression:  true,
	}
	return &http.Client{
		Transport:     tr,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// closedLoop sends the next request as soon as the last one is answered.
func (w *worker) closedLoop(tickets *atomic.Int64, maxN int64, deadline time.Time) {
	for tickets.Add(1) <= maxN {
		t0 := time.Now()
		if !t0.Before(deadline) {
			return
		}
		w.send(t0)
	}
}

// openLoop takes the next slot on the shared schedule, waits for its time
// and sends; latency counts from the slot's time.
func (w *worker) openLoop(ctx context.Context, tickets *atomic.Int64, maxN int64, start time.Time, rate float64, giveUp time.Time) {
	for {
		k := tickets.Add(1) - 1
		if k >= maxN {
			return
		}
		intended := start.Add(time.Duration(float64(k) / rate * float64(time.Second)))
		now := time.Now()
		if !now.Before(giveUp) {
			w.unsent++
			w.latency.Record(now.Sub(intended))
			continue
		}
		if wait := intended.Sub(now); wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-t.C:
			case <-ctx.Done():
				t.Stop()
				w.unsent++
				w.latency.Record(time.Since(intended))
				continue
			}
		}
		w.send(intended)
	}
}

// send makes one request and records its latency from since.
func (w *worker) send(since time.Time) {
	resp, err := w.client.Do(w.req)
	if err != nil {
		w.noResponse++
		if w.firstErr == "" {
			w.firstErr = err.Error()
		}
		return
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	w.latency.Record(time.Since(since))
	switch {
	case err != nil:
		w.noResponse++
		if w.firstErr == "" {
			w.firstErr = "reading body: " + err.Error()
		}
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		w.ok++
	default:
		w.status[resp.StatusCode]++
	}
}

// checkLoopback refuses any URL that would send traffic off this machine.
func checkLoopback(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("loadgen: URL %q: %w", raw, err)
	}
	if u.Scheme != "http" {
		return fmt.Errorf("loadgen: URL %q: only http is supported", raw)
	}
	host := u.Hostname()
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("loadgen: URL %q: the host must be a loopback address such as 127.0.0.1", raw)
}
