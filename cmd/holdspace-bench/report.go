package main

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"

	"holdspace/internal/loadgen"
)

// The targets, from the issue that asked for this benchmark.
const (
	targetMeVsBare   = 0.25                  // signed-in GET on SQLite, share of the bare handler's throughput
	targetMeP99      = 10 * time.Millisecond // its p99 at half that throughput
	targetPGVsSQLite = 0.4                   // signed-in GET on PostgreSQL, share of SQLite's throughput
)

func (b *bench) printHeader() {
	w := b.out
	fmt.Fprintf(w, "holdspace-bench http, %s\n", time.Now().UTC().Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(w, "machine: %d CPUs (%s), %s/%s, %s\n", onlineCPUs(), cpuModel(), runtime.GOOS, runtime.GOARCH, runtime.Version())
	if b.taskset != "" {
		fmt.Fprintf(w, "pinning: servers on CPU %s, load generator on CPU %s (taskset); each Go process sets GOMAXPROCS from its CPUs\n", serverCPU, clientCPU)
	} else {
		fmt.Fprintln(w, "pinning: none (taskset missing, fewer than 2 CPUs, or --pin=false): servers and load generator share the CPUs, so figures are not comparable with pinned runs")
	}
	fmt.Fprintf(w, "phases: %v each after a %v warm-up per target, %d keep-alive connections; the bare server and Holdspace run side by side, one busy at a time\n",
		b.flags.duration, b.flags.warmup, b.flags.conns)
	if b.flags.cpuprofile != "" {
		fmt.Fprintf(w, "profiling: CPU profiles of the Holdspace server go to %s (profiling slows the server a little)\n", b.flags.cpuprofile)
	}
}

var labels = map[string]string{
	keyBare: "bare net/http GET /",
	keyHome: "GET / (home page)",
	keyMe:   "GET /api/v1/me signed in",
}

func (b *bench) printDB(db string, r *dbResult) {
	w := b.out
	fmt.Fprintf(w, "\n%s (servers may run on CPUs: %s)\n", dbTitle[db], r.cpus)
	bare := r.closed[keyBare].res.Throughput()
	fmt.Fprintf(w, "closed loop, as fast as %d connections go (CPU columns: %% of one CPU; other = the rest of the machine):\n", b.flags.conns)
	fmt.Fprintf(w, "  %-26s %8s %6s %7s %7s %7s %6s %7s %7s %7s %7s %9s %7s\n",
		"target", "req/s", "×bare", "p50 ms", "p99 ms", "max ms", "errors", "srv CPU", "gen CPU", "pg CPU", "other", "CPU s/1k", "RSS MiB")
	for _, k := range targetKeys {
		p := r.closed[k]
		res := p.res
		fmt.Fprintf(w, "  %-26s %8.0f %6.2f %7s %7s %7s %6d %7s %7s %7s %7s %9.4f %7.1f\n",
			labels[k], res.Throughput(), res.Throughput()/bare,
			ms(res.Latency.Percentile(50)), ms(res.Latency.Percentile(99)), ms(res.Latency.Max()), res.Errors,
			pct(p.serverCPU, res.Elapsed), pct(p.clientCPU, res.Elapsed), pct(p.pgCPU, res.Elapsed), pct(p.otherCPU, res.Elapsed),
			cpuPerRequest(p).Seconds()*1000, mib(p.serverRSS))
	}
	fmt.Fprintln(w, "open loop at half each target's closed-loop rate, latency from each request's intended send time:")
	fmt.Fprintf(w, "  %-26s %9s %8s %7s %7s %6s %7s %6s %6s %7s %7s %7s\n",
		"target", "offered/s", "done/s", "p50 ms", "p99 ms", "×bare", "max ms", "errors", "unsent", "srv CPU", "pg CPU", "other")
	bareP99 := 0.0
	if p := r.open[keyBare]; p != nil {
		bareP99 = p.res.Latency.Percentile(99).Seconds()
	}
	for _, k := range targetKeys {
		p := r.open[k]
		if p == nil {
			continue
		}
		res := p.res
		fmt.Fprintf(w, "  %-26s %9.0f %8.0f %7s %7s %6.1f %7s %6d %6d %7s %7s %7s\n",
			labels[k], p.rate, res.Throughput(),
			ms(res.Latency.Percentile(50)), ms(res.Latency.Percentile(99)), res.Latency.Percentile(99).Seconds()/bareP99,
			ms(res.Latency.Max()), res.Errors, res.Unsent,
			pct(p.serverCPU, res.Elapsed), pct(p.pgCPU, res.Elapsed), pct(p.otherCPU, res.Elapsed))
	}
	// GET / and /me share one Holdspace server.
	fmt.Fprintf(w, "peak RSS: Holdspace %.1f MiB, bare server %.1f MiB\n", mib(r.peakRSS[keyHome]), mib(r.peakRSS[keyBare]))
	for _, k := range targetKeys {
		p := r.closed[k]
		if u := p.serverCPU.Seconds() / p.res.Elapsed.Seconds(); u < 0.9 {
			fmt.Fprintf(w, "note: in the closed loop the %s server used only %.0f%% of its CPU: something else (the load generator, the database, a lock) set the pace\n", labels[k], 100*u)
		}
	}
	var noisy []string
	retried := 0
	for _, k := range targetKeys {
		for _, p := range []*phase{r.closed[k], r.open[k]} {
			if p == nil {
				continue
			}
			if p.tries > 1 {
				retried++
			}
			if p.noise() > noiseLimit {
				noisy = append(noisy, pct(p.otherCPU, p.res.Elapsed))
			}
		}
	}
	if retried > 0 {
		fmt.Fprintf(w, "remeasured: %d of 6 phases were measured again because other work on the machine took CPU; the quietest attempt is shown\n", retried)
	}
	if len(noisy) > 0 {
		fmt.Fprintf(w, "WARNING: other work on this machine still took CPU during %d of 6 phases (%s of one CPU): these figures are disturbed; run again on a quiet machine\n",
			len(noisy), strings.Join(noisy, ", "))
	}
	for _, k := range targetKeys {
		for _, p := range []*phase{r.closed[k], r.open[k]} {
			if p != nil && (p.res.Errors > 0 || p.res.Unsent > 0) {
				fmt.Fprintf(w, "errors in %s: %s\n", labels[k], describeErrors(p.res))
			}
		}
	}
}

// printTargets prints each target with PASS or MISS.
func (b *bench) printTargets(results map[string]*dbResult) {
	w := b.out
	fmt.Fprintln(w, "\ntargets:")
	line := func(what, got string, pass bool) {
		verdict := "MISS"
		if pass {
			verdict = "PASS"
		}
		fmt.Fprintf(w, "  %-58s %-36s %s\n", what, got, verdict)
	}
	sq, pg := results["sqlite"], results["postgres"]
	okSQ := sq != nil && sq.err == nil
	okPG := pg != nil && pg.err == nil
	what1 := fmt.Sprintf("SQLite: signed-in GET >= %.2f × bare throughput", targetMeVsBare)
	what2 := fmt.Sprintf("SQLite: signed-in GET p99 < %v at half that rate", targetMeP99)
	what3 := fmt.Sprintf("PostgreSQL: signed-in GET >= %.1f × SQLite's throughput", targetPGVsSQLite)
	if okSQ {
		me, bare := sq.closed[keyMe].res, sq.closed[keyBare].res
		ratio := me.Throughput() / bare.Throughput()
		line(what1, fmt.Sprintf("%.2f (%.0f / %.0f req/s)%s", ratio, me.Throughput(), bare.Throughput(), errNote(me, bare)),
			ratio >= targetMeVsBare && clean(me, bare))
		o := sq.open[keyMe]
		p99 := o.res.Latency.Percentile(99)
		line(what2, fmt.Sprintf("%s ms at %.0f req/s%s", ms(p99), o.rate, errNote(o.res)), p99 < targetMeP99 && clean(o.res))
	} else {
		line(what1, "not measured", false)
		line(what2, "not measured", false)
	}
	if okSQ {
		me, bare := sq.closed[keyMe], sq.closed[keyBare]
		fmt.Fprintf(w, "  %-58s %.2f (%.1f / %.1f µs)\n", "(for information) SQLite: bare / signed-in GET server CPU per request",
			cpuPerRequest(bare).Seconds()/cpuPerRequest(me).Seconds(), us(cpuPerRequest(bare)), us(cpuPerRequest(me)))
	}
	switch {
	case okSQ && okPG:
		me, sqMe := pg.closed[keyMe].res, sq.closed[keyMe].res
		ratio := me.Throughput() / sqMe.Throughput()
		line(what3, fmt.Sprintf("%.2f (%.0f / %.0f req/s)%s", ratio, me.Throughput(), sqMe.Throughput(), errNote(me, sqMe)),
			ratio >= targetPGVsSQLite && clean(me, sqMe))
		o := pg.open[keyMe]
		fmt.Fprintf(w, "  %-58s %s ms at %.0f req/s%s\n", "(for information) PostgreSQL: signed-in GET p99 at half its rate",
			ms(o.res.Latency.Percentile(99)), o.rate, errNote(o.res))
	default:
		line(what3, "not measured (needs --db both)", false)
	}
}

// clean reports whether none of the phases had errors or unsent requests.
func clean(rs ...*loadgen.Result) bool {
	for _, r := range rs {
		if r.Errors > 0 || r.Unsent > 0 {
			return false
		}
	}
	return true
}

func errNote(rs ...*loadgen.Result) string {
	if clean(rs...) {
		return ""
	}
	return " WITH ERRORS"
}

func ms(d time.Duration) string {
	v := d.Seconds() * 1000
	switch {
	case v < 10:
		return fmt.Sprintf("%.2f", v)
	case v < 100:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.0f", v)
}

// cpuPerRequest is the server's CPU time per 2xx response.
func cpuPerRequest(p *phase) time.Duration {
	return p.serverCPU / time.Duration(max(p.res.OK, 1))
}

func us(d time.Duration) float64 { return d.Seconds() * 1e6 }

// pct is d as a percentage of one CPU over elapsed.
func pct(d, elapsed time.Duration) string {
	return fmt.Sprintf("%.0f%%", 100*d.Seconds()/elapsed.Seconds())
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }

// cpuModel is the first CPU's model name, or "unknown CPU".
func cpuModel() string {
	raw, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for line := range strings.Lines(string(raw)) {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}
