package loadgen

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// bare is a minimal handler on loopback; /fail answers 503, /slow-first
// stalls the first request.
func bare(t *testing.T) (*httptest.Server, *cookieLog) {
	t.Helper()
	cookies := &cookieLog{seen: map[string]int{}}
	var first atomic.Bool
	mux := http.NewServeMux()
	mux.HandleFunc("GET /ok", func(w http.ResponseWriter, r *http.Request) {
		cookies.add(r.Header.Get("Cookie"))
		w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /fail", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no", http.StatusServiceUnavailable)
	})
	mux.HandleFunc("GET /slow-first", func(w http.ResponseWriter, r *http.Request) {
		if first.CompareAndSwap(false, true) {
			time.Sleep(300 * time.Millisecond)
		}
		w.Write([]byte("ok\n"))
	})
	srv := httptest.NewServer(mux) // listens on 127.0.0.1
	t.Cleanup(srv.Close)
	return srv, cookies
}

type cookieLog struct {
	mu   sync.Mutex
	seen map[string]int
}

func (c *cookieLog) add(v string) {
	c.mu.Lock()
	c.seen[v]++
	c.mu.Unlock()
}

func TestClosedLoopCountsAndCookies(t *testing.T) {
	srv, cookies := bare(t)
	res, err := Run(context.Background(), Config{
		URL:      srv.URL + "/ok",
		Conns:    4,
		Cookies:  []string{"s=a", "s=b"},
		Duration: 300 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.OK < 100 {
		t.Errorf("OK = %d in 300ms on loopback, want at least 100", res.OK)
	}
	if res.Errors != 0 {
		t.Errorf("Errors = %d (status %v, first %q), want 0", res.Errors, res.Status, res.FirstError)
	}
	if got := res.Latency.Count(); got != res.OK {
		t.Errorf("latency count = %d, want one per response (%d)", got, res.OK)
	}
	if res.Elapsed < 300*time.Millisecond || res.Elapsed > 2*time.Second {
		t.Errorf("Elapsed = %v, want a little over 300ms", res.Elapsed)
	}
	if tp := res.Throughput(); tp <= 0 {
		t.Errorf("Throughput() = %v, want > 0", tp)
	}
	if p50, p99 := res.Latency.Percentile(50), res.Latency.Percentile(99); p50 <= 0 || p99 < p50 || res.Latency.Max() < p99 {
		t.Errorf("p50 %v, p99 %v, max %v: want 0 < p50 <= p99 <= max", p50, p99, res.Latency.Max())
	}
	cookies.mu.Lock()
	defer cookies.mu.Unlock()
	if len(cookies.seen) != 2 || cookies.seen["s=a"] == 0 || cookies.seen["s=b"] == 0 {
		t.Errorf("server saw cookies %v, want both s=a and s=b", cookies.seen)
	}
}

func TestMaxRequestsBoundsTheRun(t *testing.T) {
	srv, _ := bare(t)
	res, err := Run(context.Background(), Config{URL: srv.URL + "/ok", Conns: 3, Duration: 10 * time.Second, MaxRequests: 50})
	if err != nil {
		t.Fatal(err)
	}
	if res.OK != 50 {
		t.Errorf("OK = %d, want exactly MaxRequests (50)", res.OK)
	}
	if res.Elapsed > 5*time.Second {
		t.Errorf("Elapsed = %v: the count bound did not end the run", res.Elapsed)
	}
}

func TestNon2xxIsAnError(t *testing.T) {
	srv, _ := bare(t)
	res, err := Run(context.Background(), Config{URL: srv.URL + "/fail", Conns: 2, Duration: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if res.OK != 0 || res.Errors == 0 || res.Status[http.StatusServiceUnavailable] != res.Errors {
		t.Errorf("OK %d, Errors %d, Status %v: want every response counted as a 503 error", res.OK, res.Errors, res.Status)
	}
}

func TestNoServerIsAnError(t *testing.T) {
	srv, _ := bare(t)
	url := srv.URL + "/ok"
	srv.Close()
	res, err := Run(context.Background(), Config{URL: url, Conns: 1, Duration: 50 * time.Millisecond, MaxRequests: 20})
	if err != nil {
		t.Fatal(err)
	}
	if res.OK != 0 || res.NoResponse == 0 || res.Errors != res.NoResponse || res.FirstError == "" {
		t.Errorf("OK %d, NoResponse %d, Errors %d, FirstError %q: want failures without a response", res.OK, res.NoResponse, res.Errors, res.FirstError)
	}
}

func TestOpenLoopKeepsTheRate(t *testing.T) {
	srv, _ := bare(t)
	res, err := Run(context.Background(), Config{URL: srv.URL + "/ok", Conns: 4, Duration: time.Second, Rate: 200})
	if err != nil {
		t.Fatal(err)
	}
	if res.OK != 200 || res.Unsent != 0 {
		t.Errorf("OK %d, Unsent %d at 200/s for 1s, want 200 and 0", res.OK, res.Unsent)
	}
	if res.Elapsed < 990*time.Millisecond || res.Elapsed > 1500*time.Millisecond {
		t.Errorf("Elapsed = %v, want about 1s", res.Elapsed)
	}
}

// TestOpenLoopChargesTheStall checks coordinated omission is avoided: one
// connection at 100/s, the first answer takes 300ms. The ~30 requests due
// during the stall wait behind it and are charged from their due time, so
// about a fifth of all requests take 100ms or more and p90 is over 100ms. A
// closed loop would show one slow request in a hundred.
func TestOpenLoopChargesTheStall(t *testing.T) {
	srv, _ := bare(t)
	res, err := Run(context.Background(), Config{URL: srv.URL + "/slow-first", Conns: 1, Duration: time.Second, Rate: 100})
	if err != nil {
		t.Fatal(err)
	}
	if res.OK != 100 {
		t.Fatalf("OK = %d, want 100", res.OK)
	}
	if got := res.Latency.CountAbove(100 * time.Millisecond); got < 15 {
		t.Errorf("%d requests over 100ms, want about 20 (the queue behind the stall)", got)
	}
	if p90 := res.Latency.Percentile(90); p90 < 100*time.Millisecond {
		t.Errorf("p90 = %v, want over 100ms", p90)
	}
	if mx := res.Latency.Max(); mx < 300*time.Millisecond {
		t.Errorf("max = %v, want at least the 300ms stall", mx)
	}
}

func TestOpenLoopGivesUpOnABacklog(t *testing.T) {
	// A handler that takes 50ms cannot serve 100/s on one connection; what
	// is still queued a grace period after the end is counted as unsent.
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(50 * time.Millisecond)
	}))
	defer slow.Close()
	res, err := Run(context.Background(), Config{URL: slow.URL, Conns: 1, Duration: 500 * time.Millisecond, Rate: 100, Grace: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if res.OK+res.Unsent+res.Errors != 50 {
		t.Errorf("OK %d + Unsent %d + Errors %d, want the 50 scheduled", res.OK, res.Unsent, res.Errors)
	}
	if res.Unsent < 20 {
		t.Errorf("Unsent = %d, want most of the backlog (about 36)", res.Unsent)
	}
	if got := res.Latency.Count(); got != res.OK+res.Unsent {
		t.Errorf("latency count %d, want OK+Unsent %d", got, res.OK+res.Unsent)
	}
	if res.Elapsed > 2*time.Second {
		t.Errorf("Elapsed = %v, want the run to end soon after the grace", res.Elapsed)
	}
}

func TestRefusesOffLoopback(t *testing.T) {
	for _, url := range []string{"http://192.0.2.1/", "http://example.com/", "https://127.0.0.1/", "::"} {
		if _, err := Run(context.Background(), Config{URL: url, Conns: 1, Duration: time.Millisecond}); err == nil {
			t.Errorf("Run(%q) succeeded, want an error", url)
		}
	}
	for _, url := range []string{"http://127.0.0.1:1/", "http://[::1]:1/", "http://localhost:1/"} {
		if err := checkLoopback(url); err != nil {
			t.Errorf("checkLoopback(%q) = %v, want nil", url, err)
		}
	}
}
