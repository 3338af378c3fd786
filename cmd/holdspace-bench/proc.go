package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// child is a server process this benchmark started.
type child struct {
	name   string
	cmd    *exec.Cmd
	URL    string // like http://127.0.0.1:41234, without a trailing slash
	stdin  io.WriteCloser
	lines  chan string // stdout after the address line
	stderr *tailBuffer
	done   chan struct{}
	err    error // of Wait, once done is closed
}

// startChild runs this program with args, on CPU cpu if cpu is not empty
// (through taskset, which execs it, so the pid is the server's own), and
// waits for it to print "running at http://...".
func startChild(name, taskset, cpu string, args, env []string) (*child, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("find this program: %w", err)
	}
	var cmd *exec.Cmd
	if cpu != "" {
		cmd = exec.Command(taskset, append([]string{"-c", cpu, self}, args...)...)
	} else {
		cmd = exec.Command(self, args...)
	}
	cmd.Env = append(os.Environ(), env...)
	// If this process dies without stopping it, the kernel stops it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
	c := &child{name: name, cmd: cmd, stderr: &tailBuffer{max: 64 << 10}, lines: make(chan string, 1024), done: make(chan struct{})}
	cmd.Stderr = c.stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if c.stdin, err = cmd.StdinPipe(); err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			select {
			case c.lines <- sc.Text():
			default: // nobody is listening; the line only mattered before ready
			}
		}
		// Wait only after stdout is drained, as exec requires.
		c.err = cmd.Wait()
		close(c.done)
	}()
	timeout := time.After(2 * time.Minute)
	for c.URL == "" {
		select {
		case line := <-c.lines:
			if _, after, ok := strings.Cut(line, "running at "); ok {
				c.URL = strings.TrimSuffix(strings.TrimSpace(after), "/")
			}
		case <-c.done:
			return nil, fmt.Errorf("%s exited before it was ready (%v); its log:\n%s", name, c.err, c.stderr)
		case <-timeout:
			c.stop()
			return nil, fmt.Errorf("%s was not ready within 2 minutes; its log:\n%s", name, c.stderr)
		}
	}
	return c, nil
}

// pid is the server's process id.
func (c *child) pid() int { return c.cmd.Process.Pid }

// control sends one command to a holdspace child started with controlEnv
// and waits for its answer.
func (c *child) control(cmd string) error {
	if _, err := fmt.Fprintln(c.stdin, cmd); err != nil {
		return fmt.Errorf("%s: send %q: %w", c.name, cmd, err)
	}
	timeout := time.After(30 * time.Second)
	for {
		select {
		case line := <-c.lines:
			if ans, ok := strings.CutPrefix(line, controlAnswer); ok {
				if ans == "ok" {
					return nil
				}
				return fmt.Errorf("%s: %q: %s", c.name, cmd, ans)
			}
		case <-c.done:
			return fmt.Errorf("%s exited (%v)", c.name, c.err)
		case <-timeout:
			return fmt.Errorf("%s: no answer to %q", c.name, cmd)
		}
	}
}

// stop asks the server to shut down gracefully, kills it if it has not
// within 40 seconds, and reports how it ended.
func (c *child) stop() error {
	select {
	case <-c.done:
		return c.exitErr()
	default:
	}
	c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-c.done:
		return c.exitErr()
	case <-time.After(40 * time.Second):
		c.cmd.Process.Kill()
		<-c.done
		return fmt.Errorf("%s did not stop within 40s and was killed", c.name)
	}
}

func (c *child) exitErr() error {
	if c.err != nil {
		return fmt.Errorf("%s: %v; its log:\n%s", c.name, c.err, c.stderr)
	}
	return nil
}

// procStat is what /proc says about a process.
type procStat struct {
	CPU       time.Duration // user + system, all threads
	RSS, Peak int64         // resident set now and at its highest, bytes
	CPUs      string        // the CPUs it may run on
}

// clockTicks is USER_HZ, which Linux fixes at 100 for user space.
const clockTicks = 100

// readProc reads pid's CPU time and memory; pid 0 means this process.
func readProc(pid int) (procStat, error) {
	dir := "/proc/self"
	if pid != 0 {
		dir = "/proc/" + strconv.Itoa(pid)
	}
	var st procStat
	raw, err := os.ReadFile(dir + "/stat")
	if err != nil {
		return st, err
	}
	// The command name may hold spaces and parentheses; fields restart
	// after the last ')'. utime and stime are fields 14 and 15.
	i := strings.LastIndexByte(string(raw), ')')
	f := strings.Fields(string(raw[i+1:]))
	if len(f) < 13 {
		return st, errors.New("short " + dir + "/stat")
	}
	ut, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return st, fmt.Errorf("%s/stat: %w", dir, err)
	}
	st.CPU = time.Duration(ut+stime) * time.Second / clockTicks
	status, err := os.ReadFile(dir + "/status")
	if err != nil {
		return st, err
	}
	for line := range strings.Lines(string(status)) {
		k, v, _ := strings.Cut(line, ":")
		v = strings.TrimSpace(v)
		kb := func() int64 {
			n, _ := strconv.ParseInt(strings.TrimSuffix(v, " kB"), 10, 64)
			return n << 10
		}
		switch k {
		case "VmRSS":
			st.RSS = kb()
		case "VmHWM":
			st.Peak = kb()
		case "Cpus_allowed_list":
			st.CPUs = v
		}
	}
	return st, nil
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	b   []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if over := len(t.b) - t.max; over > 0 {
		t.b = append(t.b[:0], t.b[over:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.b)
}

// cpuTimes is how long a CPU (or all of them) has run processes and how
// long it has existed, from /proc/stat.
type cpuTimes struct {
	busy, total time.Duration
}

// readCPU reads /proc/stat's line for CPU n ("0", "1", ...).
func readCPU(n string) (cpuTimes, error) {
	raw, err := os.ReadFile("/proc/stat")
	if err != nil {
		return cpuTimes{}, err
	}
	for line := range strings.Lines(string(raw)) {
		f := strings.Fields(line)
		if len(f) < 8 || f[0] != "cpu"+n {
			continue
		}
		// user nice system idle iowait irq softirq steal ...
		var t cpuTimes
		for i, v := range f[1:9] {
			ticks, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return cpuTimes{}, fmt.Errorf("/proc/stat cpu%s: %w", n, err)
			}
			d := time.Duration(ticks) * time.Second / clockTicks
			t.total += d
			// Interrupt time counts as busy: a process's own CPU time
			// includes the interrupts served while it ran.
			if i != 3 && i != 4 { // idle, iowait
				t.busy += d
			}
		}
		return t, nil
	}
	return cpuTimes{}, fmt.Errorf("/proc/stat has no cpu%s", n)
}

// onlineCPUs counts the machine's CPUs, whatever this process is pinned to.
func onlineCPUs() int {
	raw, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	n := 0
	for line := range strings.Lines(string(raw)) {
		if len(line) > 3 && strings.HasPrefix(line, "cpu") && line[3] >= '0' && line[3] <= '9' {
			n++
		}
	}
	return n
}

// processCPU adds up the CPU time of every process whose command name is
// comm, such as the PostgreSQL server's processes.
func processCPU(comm string) time.Duration {
	dirs, err := os.ReadDir("/proc")
	if err != nil {
		return 0
	}
	var sum time.Duration
	for _, d := range dirs {
		pid, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		raw, err := os.ReadFile("/proc/" + d.Name() + "/comm")
		if err != nil || strings.TrimSpace(string(raw)) != comm {
			continue
		}
		if st, err := readProc(pid); err == nil {
			sum += st.CPU
		}
	}
	return sum
}
