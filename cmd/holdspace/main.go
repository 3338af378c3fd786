// Command holdspace runs Holdspace, a self-hostable home for peer support
// groups. Run it with no arguments for the list of commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"holdspace/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv})
	stop()
	os.Exit(code)
}
