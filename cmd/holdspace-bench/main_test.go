package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// TestMain lets the test binary stand in for holdspace-bench: the http
// benchmark starts its servers by running its own executable.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 {
		switch os.Args[1] {
		case "holdspace", "bare-server", "http":
			main()
		}
	}
	os.Exit(m.Run())
}

// TestHTTPBenchRuns runs the whole http benchmark briefly on SQLite, to
// keep it working. The figures are not checked: speed is for the benchmark
// to print, not for a test to time.
func TestHTTPBenchRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("starts two servers")
	}
	var out, errOut bytes.Buffer
	code := run(t.Context(), []string{"http", "--db", "sqlite", "--conns", "2", "--duration", "300ms", "--warmup", "100ms", "--pin=false"}, &out, &errOut)
	if code != 0 {
		t.Fatalf("exit code %d; stdout:\n%s\nstderr:\n%s", code, &out, &errOut)
	}
	for _, want := range []string{"bare net/http GET /", "GET / (home page)", "GET /api/v1/me signed in", "targets:", "SQLite: signed-in GET p99"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, &out)
		}
	}
	if strings.Contains(out.String(), "the run failed") || strings.Contains(out.String(), "errors in ") {
		t.Errorf("the run had errors:\n%s", &out)
	}
}

func TestReadProcSelf(t *testing.T) {
	st, err := readProc(0)
	if err != nil {
		t.Skipf("no /proc here: %v", err)
	}
	if st.RSS <= 0 || st.Peak < st.RSS || st.CPUs == "" {
		t.Errorf("readProc(self) = %+v, want RSS > 0, Peak >= RSS and a CPU list", st)
	}
	if _, err := readCPU(""); err != nil {
		t.Errorf("readCPU(all): %v", err)
	}
	if n := onlineCPUs(); n < 1 {
		t.Errorf("onlineCPUs() = %d, want 1 or more", n)
	}
}
