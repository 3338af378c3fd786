// Package testserver starts the real Holdspace server, through the same
// `holdspace serve` code path an operator uses, on 127.0.0.1 with a free
// port and a fresh data folder, for end-to-end tests and benchmarks.
package testserver

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"holdspace/internal/cli"
)

// Server is a running holdspace serve.
type Server struct {
	URL     string // like http://127.0.0.1:41234
	DataDir string
	Stdout  string // what serve printed before it was ready

	cancel context.CancelFunc
	done   chan int
	mu     sync.Mutex
	logs   strings.Builder
}

// Logs returns everything the server has logged so far.
func (s *Server) Logs() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.logs.String()
}

type logWriter struct{ s *Server }

func (w logWriter) Write(p []byte) (int, error) {
	w.s.mu.Lock()
	defer w.s.mu.Unlock()
	return w.s.logs.Write(p)
}

// Start runs `holdspace serve --addr 127.0.0.1:0 --data <temp>` plus args
// (for example "--demo" or "--db", dsn) and returns once it is listening.
// The server stops, and must exit cleanly, when the test ends.
func Start(t testing.TB, args ...string) *Server {
	t.Helper()
	s := &Server{DataDir: filepath.Join(t.TempDir(), "data"), done: make(chan int, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	pr, pw := io.Pipe()
	full := append([]string{"serve", "--addr", "127.0.0.1:0", "--data", s.DataDir, "--log-level", "warn"}, args...)
	go func() {
		code := cli.Run(ctx, full, cli.Env{Stdout: pw, Stderr: logWriter{s}, Getenv: func(string) string { return "" }})
		pw.Close()
		s.done <- code
	}()
	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		var out strings.Builder
		sent := false
		for sc.Scan() {
			line := sc.Text()
			out.WriteString(line + "\n")
			if strings.HasPrefix(line, "Press Ctrl+C") && !sent {
				ready <- out.String()
				sent = true
			}
		}
		if !sent {
			ready <- out.String()
		}
	}()
	select {
	case out := <-ready:
		s.Stdout = out
	case <-time.After(60 * time.Second):
		cancel()
		t.Fatalf("server did not start in time; logs:\n%s", s.Logs())
	}
	for _, line := range strings.Split(s.Stdout, "\n") {
		if i := strings.Index(line, "running at "); i >= 0 {
			s.URL = strings.TrimSuffix(strings.TrimSpace(line[i+len("running at "):]), "/")
		}
	}
	if s.URL == "" {
		cancel()
		t.Fatalf("server did not print its address; output:\n%s\nlogs:\n%s", s.Stdout, s.Logs())
	}
	t.Cleanup(func() {
		if code := s.Stop(); code != 0 {
			t.Errorf("server exited with code %d; logs:\n%s", code, s.Logs())
		}
	})
	return s
}

// Stop shuts the server down gracefully and returns its exit code. It is
// safe to call more than once.
func (s *Server) Stop() int {
	s.cancel()
	select {
	case code, ok := <-s.done:
		if ok {
			close(s.done)
			return code
		}
		return 0
	case <-time.After(40 * time.Second):
		return -1
	}
}

// Client returns an HTTP client with its own cookie jar, like one browser.
func Client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, Timeout: 30 * time.Second}
}
