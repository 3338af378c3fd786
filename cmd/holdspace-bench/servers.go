package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime/pprof"
	"strings"
	"sync"
	"time"

	"holdspace/internal/cli"
)

// bareBody is what the baseline answers: about as small as a response gets.
var bareBody = []byte("ok\n")

// runBareServer is the baseline: net/http serving GET / with a tiny fixed
// body and nothing else, so the ratio to it is what Holdspace adds on top
// of the standard library on the same CPU.
func runBareServer(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("holdspace-bench bare-server", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:0", "address to listen on")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write(bareBody)
	})
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	fmt.Fprintf(stdout, "bare server is running at http://%s/\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return hs.Shutdown(sctx)
}

// controlEnv, set to 1, makes the holdspace child take commands on stdin:
// "cpuprofile FILE" starts a CPU profile of the server, "stop" ends it.
// Each is answered with a line starting controlAnswer.
const (
	controlEnv    = "HOLDSPACE_BENCH_CONTROL"
	controlAnswer = "bench-control: "
)

// runHoldspace runs the holdspace command itself (`holdspace serve ...`),
// through the same cli.Run that cmd/holdspace calls, so the benchmark can
// start the real server as its own process from this one binary. The
// environment is not read, so no HOLDSPACE_* variable changes what is
// measured.
func runHoldspace(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	out := &lockedWriter{w: stdout}
	if os.Getenv(controlEnv) == "1" {
		go takeCommands(os.Stdin, out)
	}
	code := cli.Run(ctx, args, cli.Env{Stdout: out, Stderr: stderr, Getenv: func(string) string { return "" }})
	pprof.StopCPUProfile()
	if code != 0 {
		return exitCode(code)
	}
	return nil
}

// takeCommands runs the profiling commands; see controlEnv.
func takeCommands(in io.Reader, out io.Writer) {
	var file *os.File
	stop := func() error {
		if file == nil {
			return errors.New("no profile is running")
		}
		pprof.StopCPUProfile()
		err := file.Close()
		file = nil
		return err
	}
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		verb, arg, _ := strings.Cut(strings.TrimSpace(sc.Text()), " ")
		var err error
		switch verb {
		case "cpuprofile":
			if file != nil {
				err = errors.New("a profile is already running")
				break
			}
			if file, err = os.Create(arg); err != nil {
				break
			}
			if err = pprof.StartCPUProfile(file); err != nil {
				file.Close()
				file = nil
			}
		case "stop":
			err = stop()
		default:
			err = fmt.Errorf("unknown command %q", verb)
		}
		if err != nil {
			fmt.Fprintf(out, "%serror: %v\n", controlAnswer, err)
		} else {
			fmt.Fprintf(out, "%sok\n", controlAnswer)
		}
	}
}

// lockedWriter lets the server and the command loop share stdout.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
