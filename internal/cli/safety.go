package cli

import (
	"context"
	"fmt"
)

func runSafety(ctx context.Context, env Env, args []string) error {
	fmt.Fprintln(env.Stderr, "Usage: holdspace safety check [--lang en|es] < lines")
	return errUsage
}
