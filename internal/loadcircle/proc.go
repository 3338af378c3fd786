package loadcircle

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
)

// Proc is what /proc says about a process.
type Proc struct {
	CPU  time.Duration // user + system, all threads
	RSS  int64         // resident set, bytes
	CPUs string        // the CPUs it may run on
}

// clockTicks is USER_HZ, which Linux fixes at 100 for user space.
const clockTicks = 100

// ReadProc reads a process's CPU time and resident memory from /proc; pid 0
// is this process.
func ReadProc(pid int) (Proc, error) {
	dir := "/proc/self"
	if pid != 0 {
		dir = "/proc/" + strconv.Itoa(pid)
	}
	var p Proc
	raw, err := os.ReadFile(dir + "/stat")
	if err != nil {
		return p, err
	}
	// The command name may hold spaces and parentheses; the fields start
	// again after the last ')'. utime and stime are fields 14 and 15.
	i := strings.LastIndexByte(string(raw), ')')
	f := strings.Fields(string(raw[i+1:]))
	if len(f) < 13 {
		return p, errors.New("short " + dir + "/stat")
	}
	ut, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return p, fmt.Errorf("%s/stat: %w", dir, err)
	}
	p.CPU = time.Duration(ut+st) * time.Second / clockTicks
	status, err := os.ReadFile(dir + "/status")
	if err != nil {
		return p, err
	}
	for line := range strings.Lines(string(status)) {
		k, v, _ := strings.Cut(line, ":")
		v = strings.TrimSpace(v)
		switch k {
		case "VmRSS":
			n, _ := strconv.ParseInt(strings.TrimSuffix(v, " kB"), 10, 64)
			p.RSS = n << 10
		case "Cpus_allowed_list":
			p.CPUs = v
		}
	}
	return p, nil
}

// Metrics reads gauges from a Holdspace server's /metrics (the Go
// runtime's, such as go_memstats_heap_inuse_bytes and go_goroutines).
func Metrics(ctx context.Context, base string, names ...string) (map[string]float64, error) {
	if err := CheckLoopback(base); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET", strings.TrimSuffix(base, "/")+"/metrics", nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		return nil, fmt.Errorf("/metrics: HTTP %d", resp.StatusCode)
	}
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	out := map[string]float64{}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		name, val, ok := strings.Cut(sc.Text(), " ")
		if !ok || !want[name] {
			continue
		}
		if v, err := strconv.ParseFloat(strings.TrimSpace(val), 64); err == nil {
			out[name] = v
		}
	}
	return out, sc.Err()
}

// CPUBusy is how long CPU n ("0", "1", ...) has run anything since boot,
// from /proc/stat: every state but idle and iowait.
func CPUBusy(n string) (time.Duration, error) {
	raw, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, err
	}
	for line := range strings.Lines(string(raw)) {
		f := strings.Fields(line)
		if len(f) < 9 || f[0] != "cpu"+n {
			continue
		}
		var busy time.Duration
		for i, v := range f[1:9] { // user nice system idle iowait irq softirq steal
			ticks, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return 0, fmt.Errorf("/proc/stat cpu%s: %w", n, err)
			}
			if i != 3 && i != 4 {
				busy += time.Duration(ticks) * time.Second / clockTicks
			}
		}
		return busy, nil
	}
	return 0, fmt.Errorf("/proc/stat has no cpu%s", n)
}
