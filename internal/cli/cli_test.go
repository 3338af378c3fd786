package cli_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"holdspace/internal/cli"
	"holdspace/internal/sqlstore/sqlstoretest"
)

// run runs the command in-process with the given environment and stdin.
func run(t *testing.T, env map[string]string, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = cli.Run(context.Background(), args, cli.Env{
		Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string { return env[k] },
	})
	return code, out.String(), errb.String()
}

func TestEveryCommandHasHelp(t *testing.T) {
	for _, args := range [][]string{{"serve", "-h"}, {"migrate", "-h"}, {"seed", "-h"}, {"admin", "-h"}, {"version", "-h"}, {"admin", "create-user", "-h"}, {"admin", "crisis", "import", "-h"}, {"safety", "-h"}, {"safety", "check", "-h"}} {
		code, out, errs := run(t, nil, "", args...)
		if code != 0 || !strings.Contains(out, "Usage: holdspace") {
			t.Errorf("%v: code %d, stdout %q, stderr %q", args, code, out, errs)
		}
	}
	code, out, _ := run(t, nil, "", "serve", "-h")
	for _, env := range []string{"HOLDSPACE_ADDR", "HOLDSPACE_DATA", "HOLDSPACE_DB", "HOLDSPACE_DEMO"} {
		if !strings.Contains(out, env) {
			t.Errorf("serve -h does not name %s (code %d)", env, code)
		}
	}
	if code, _, errs := run(t, nil, "", "frobnicate"); code != 2 || !strings.Contains(errs, `unknown command "frobnicate"`) {
		t.Errorf("unknown command: %d %q", code, errs)
	}
	if code, out, _ := run(t, nil, "", "version"); code != 0 || !strings.HasPrefix(out, "holdspace ") {
		t.Errorf("version: %d %q", code, out)
	}
}

func TestMigrateAndEnvironmentTwins(t *testing.T) {
	dir := t.TempDir()
	// The data folder comes from HOLDSPACE_DATA.
	code, out, errs := run(t, map[string]string{"HOLDSPACE_DATA": dir}, "", "migrate")
	if code != 0 || !strings.Contains(out, "applied 0001_foundation.sql") {
		t.Fatalf("migrate: %d %q %q", code, out, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "holdspace.db")); err != nil {
		t.Errorf("no database in HOLDSPACE_DATA: %v", err)
	}
	// Forward-only and idempotent.
	code, out, _ = run(t, map[string]string{"HOLDSPACE_DATA": dir}, "", "migrate")
	if code != 0 || !strings.Contains(out, "0 migration(s) applied") {
		t.Errorf("second migrate: %d %q", code, out)
	}
	// The command line wins over the environment.
	other := t.TempDir()
	code, _, _ = run(t, map[string]string{"HOLDSPACE_DATA": dir}, "", "migrate", "--data", other)
	if _, err := os.Stat(filepath.Join(other, "holdspace.db")); code != 0 || err != nil {
		t.Errorf("--data did not win over HOLDSPACE_DATA: %d %v", code, err)
	}
	// A bad environment value names the variable.
	code, _, errs = run(t, map[string]string{"HOLDSPACE_DEMO": "maybe"}, "", "serve")
	if code == 0 || !strings.Contains(errs, "HOLDSPACE_DEMO") {
		t.Errorf("bad HOLDSPACE_DEMO: %d %q", code, errs)
	}
	// PostgreSQL through HOLDSPACE_DB.
	dsn := sqlstoretest.PostgresDSN(t)
	code, out, errs = run(t, map[string]string{"HOLDSPACE_DB": dsn}, "", "migrate")
	if code != 0 || !strings.Contains(out, "PostgreSQL") || !strings.Contains(out, "applied 0001") {
		t.Errorf("migrate on PostgreSQL: %d %q %q", code, out, errs)
	}
	if strings.Contains(out, "postgres://") {
		t.Errorf("migrate printed the whole DSN: %q", out)
	}
}

func TestAdminCreateUser(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"HOLDSPACE_DATA": dir}
	code, out, errs := run(t, env, "a long admin password\n", "admin", "create-user", "--name", "Site Keeper", "--site-admin")
	if code != 0 || !strings.Contains(out, `Created site admin "Site Keeper"`) {
		t.Fatalf("create-user: %d %q %q", code, out, errs)
	}
	if code, _, errs := run(t, env, "another long password\n", "admin", "create-user", "--name", "site keeper"); code != 1 || !strings.Contains(errs, "taken") {
		t.Errorf("duplicate name: %d %q", code, errs)
	}
	if code, _, errs := run(t, env, "short\n", "admin", "create-user", "--name", "Someone"); code != 1 || !strings.Contains(errs, "10 characters") {
		t.Errorf("short password: %d %q", code, errs)
	}
	if code, _, errs := run(t, env, "", "admin", "create-user", "--name", "Someone"); code != 1 || !strings.Contains(errs, "stdin") {
		t.Errorf("no password: %d %q", code, errs)
	}
	if code, _, errs := run(t, env, "a long admin password\n", "admin", "create-user"); code != 1 || !strings.Contains(errs, "--name") {
		t.Errorf("no name: %d %q", code, errs)
	}
}

func TestAdminCrisisImportExport(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"HOLDSPACE_DATA": dir}
	run(t, env, "", "seed")
	code, out, _ := run(t, env, "", "admin", "crisis", "export")
	if code != 0 || !strings.HasPrefix(out, "country,name,phone") || !strings.Contains(out, "Samaritans") {
		t.Fatalf("export: %d %.200q", code, out)
	}
	csv := filepath.Join(dir, "lines.csv")
	os.WriteFile(csv, []byte("country,name,phone,hours\nGB,Test Line,0800 000 000,24/7\n"), 0o600)
	if code, out, errs := run(t, env, "", "admin", "crisis", "import", csv); code != 0 || !strings.Contains(out, "Imported 1 crisis lines in 1 regions") {
		t.Fatalf("import: %d %q %q", code, out, errs)
	}
	_, out, _ = run(t, env, "", "admin", "crisis", "export")
	if strings.Contains(out, "Samaritans") || !strings.Contains(out, "Test Line") {
		t.Errorf("after import, export = %q", out)
	}
	// A bad file changes nothing and says which line is wrong.
	os.WriteFile(csv, []byte("country,name,phone\nGB,Good,1\nGBR,Bad,2\n"), 0o600)
	code, _, errs := run(t, env, "", "admin", "crisis", "import", csv)
	if code != 1 || !strings.Contains(errs, "line 3") || !strings.Contains(errs, "nothing was changed") {
		t.Errorf("bad import: %d %q", code, errs)
	}
	_, out, _ = run(t, env, "", "admin", "crisis", "export")
	if !strings.Contains(out, "Test Line") || strings.Contains(out, "Good") {
		t.Errorf("a refused import changed the table: %q", out)
	}
}

func TestSeedDemoOnce(t *testing.T) {
	env := map[string]string{"HOLDSPACE_DATA": t.TempDir()}
	code, out, _ := run(t, env, "", "seed")
	if code != 0 || !strings.Contains(out, "Loaded 6 demo groups") || !strings.Contains(out, "Maria") {
		t.Fatalf("seed: %d %q", code, out)
	}
	if code, out, _ := run(t, env, "", "seed"); code != 0 || !strings.Contains(out, "already has groups") {
		t.Errorf("second seed: %d %q", code, out)
	}
}

// TestServeGracefulShutdown runs the real binary, starts a request whose
// body is still arriving, sends SIGTERM, and checks the request completes
// and the process exits 0.
func TestServeGracefulShutdown(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "holdspace")
	build := exec.Command("go", "build", "-o", bin, "holdspace/cmd/holdspace")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	data := filepath.Join(t.TempDir(), "data")
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--demo")
	cmd.Env = append(os.Environ(), "HOLDSPACE_DATA="+data)
	stdout, _ := cmd.StdoutPipe()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	sc := bufio.NewScanner(stdout)
	var url, printed string
	deadline := time.Now().Add(60 * time.Second)
	for url == "" && time.Now().Before(deadline) && sc.Scan() {
		printed += sc.Text() + "\n"
		if i := strings.Index(sc.Text(), "running at "); i >= 0 {
			url = strings.TrimSuffix(sc.Text()[i+len("running at "):], "/")
		}
	}
	if url == "" {
		t.Fatalf("no URL printed: %q %s", printed, stderr.String())
	}
	go io.Copy(io.Discard, stdout)
	for sc.Scan() {
		printed += sc.Text() + "\n"
		if strings.HasPrefix(sc.Text(), "Press Ctrl+C") {
			break
		}
	}
	for _, want := range []string{"Demo log-ins", "Maria", "demo-maria-facilitator"} {
		if !strings.Contains(printed, want) {
			t.Errorf("serve --demo did not print %q: %q", want, printed)
		}
	}
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Errorf("serve listens on %s, want 127.0.0.1", url)
	}
	resp, err := http.Get(url + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("healthz: %v %v", resp, err)
	}
	resp.Body.Close()

	// A request in flight: headers sent, body not yet complete.
	conn, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	body := `{"display_name":"Late Arrival","password":"a long enough password"}`
	fmt.Fprintf(conn, "POST /api/v1/auth/signup HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", strings.TrimPrefix(url, "http://"), len(body), body[:10])
	time.Sleep(300 * time.Millisecond)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	fmt.Fprint(conn, body[10:])
	conn.SetReadDeadline(time.Now().Add(20 * time.Second))
	reply, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("in-flight request was cut off: %v", err)
	}
	if reply.StatusCode != 201 {
		t.Errorf("in-flight signup answered %d, want 201", reply.StatusCode)
	}
	reply.Body.Close()
	conn.Close()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("exit after SIGTERM: %v (stderr: %s)", err, stderr.String())
		}
	case <-time.After(40 * time.Second):
		t.Fatal("server did not exit after SIGTERM")
	}
	// New connections are refused after shutdown.
	if _, err := http.Get(url + "/healthz"); err == nil {
		t.Error("server still answers after exit")
	}
	// The data folder holds a WAL-mode SQLite database.
	if _, err := os.Stat(filepath.Join(data, "holdspace.db")); err != nil {
		t.Errorf("no database file: %v", err)
	}
}
