// Command holdspace-bench measures Holdspace's speed against a bare
// baseline measured in the same run, and prints the figures with a PASS or
// MISS against each target.
//
//	go run ./cmd/holdspace-bench http [--duration 10s] [--conns 32] [--db both]
//
// Results and how to read them are in docs/benchmarks.md.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"holdspace/internal/gctune"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// errUsage means the usage has been printed already.
var errUsage = errors.New("usage")

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	var err error
	switch args[0] {
	case "http":
		gctune.ForLoadGenerator() // the servers it starts keep their own setting
		err = runHTTP(ctx, args[1:], stdout, stderr)
	case "search":
		gctune.ForLoadGenerator() // the servers it starts keep their own setting
		err = runSearch(ctx, args[1:], stdout, stderr)
	// The two below are what the http benchmark starts as its servers;
	// they are not meant to be run by hand.
	case "bare-server":
		err = runBareServer(ctx, args[1:], stdout, stderr)
	case "holdspace":
		err = runHoldspace(ctx, args[1:], stdout, stderr)
	default:
		fmt.Fprintf(stderr, "holdspace-bench: unknown command %q\n\n", args[0])
		usage(stderr)
		return 2
	}
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	default:
		var exit exitCode
		if errors.As(err, &exit) {
			return int(exit)
		}
		fmt.Fprintf(stderr, "holdspace-bench %s: %v\n", args[0], err)
		return 1
	}
}

// exitCode is a child's exit code passed on as ours.
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit code %d", int(e)) }

func usage(w io.Writer) {
	fmt.Fprintln(w, "holdspace-bench measures Holdspace against a bare net/http baseline run alongside it.")
	fmt.Fprintln(w, "\nUsage: holdspace-bench COMMAND [flags]\n\nCommands:")
	fmt.Fprintln(w, "  http     throughput and latency of GET / and an authenticated GET /api/v1/me")
	fmt.Fprintln(w, "  search   group search on 1,000,000 synthetic groups, SQLite and PostgreSQL")
	fmt.Fprintln(w, "\nRun 'holdspace-bench COMMAND -h' for a command's flags.")
}
