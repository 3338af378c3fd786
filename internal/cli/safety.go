package cli

import (
	"context"
	"fmt"

	"holdspace/internal/risk"
)

const safetyUsage = `Usage: holdspace safety check [--lang en|es] < lines

Reads lines on stdin and prints one verdict per line: "risk<TAB>reason" when
the line signals a risk of suicide, self-harm or harm to others, else "ok".
Operators use it to try their own phrases against the risk-language detector
(docs/risk-language.md says what it does and does not do).
`

func runSafety(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		if len(args) == 0 {
			fmt.Fprint(env.Stderr, safetyUsage)
			return errUsage
		}
		fmt.Fprint(env.Stdout, safetyUsage)
		return nil
	}
	if args[0] != "check" {
		fmt.Fprintf(env.Stderr, "holdspace safety: unknown subcommand %q\n\n%s", args[0], safetyUsage)
		return errUsage
	}
	fs := newFlags(env, "safety check", "safety check [--lang en|es] < lines", "Prints one verdict per line of stdin: risk<TAB>reason, or ok.")
	var lang string
	fs.StringVar(&lang, "lang", "en", "language of the lines: en or es")
	if err := parse(fs, env, args[1:]); err != nil {
		return err
	}
	if err := noArgs(fs); err != nil {
		return err
	}
	if lang != "en" && lang != "es" {
		return fmt.Errorf("--lang %q: use en or es", lang)
	}
	return risk.CheckLines(env.Stdin, env.Stdout, lang)
}
