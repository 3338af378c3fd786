package cli

import (
	"context"
	"fmt"
)

const safetyUsage = `Usage: holdspace safety check [--lang en|es] < lines

Reads lines on stdin and prints one verdict per line: "risk<TAB>reason" when
the line signals a risk of suicide, self-harm or harm to others, else "ok".
Operators use it to try their own phrases against the risk-language detector.
`

func runSafety(ctx context.Context, env Env, args []string) error {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		fmt.Fprint(env.Stdout, safetyUsage)
		return nil
	}
	fmt.Fprint(env.Stderr, safetyUsage)
	return errUsage
}
