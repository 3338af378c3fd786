package cli

import (
	"context"
	"fmt"

	"holdspace/internal/auth"
	"holdspace/internal/demo"
)

func runSeed(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "seed", "seed [flags]", "Loads the demo: a handful of groups across the categories, a facilitator and members.\nIt does nothing on a site that already has groups.")
	var d dbFlags
	d.register(fs)
	var loadDemo bool
	fs.BoolVar(&loadDemo, "demo", true, "load the demo groups and accounts")
	if err := parse(fs, env, args); err != nil {
		return err
	}
	if err := noArgs(fs); err != nil {
		return err
	}
	store, err := d.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := seedCrisisLines(ctx, store); err != nil {
		return err
	}
	if !loadDemo {
		fmt.Fprintln(env.Stdout, "Nothing to load.")
		return nil
	}
	loaded, err := demo.Load(ctx, store, auth.DefaultParams)
	if err != nil {
		return err
	}
	if !loaded {
		fmt.Fprintln(env.Stdout, "The site already has groups; the demo was not loaded.")
		return nil
	}
	fmt.Fprintf(env.Stdout, "Loaded %d demo groups. Log-ins (display name / password):\n", len(demo.Groups))
	for _, l := range demo.Logins {
		fmt.Fprintf(env.Stdout, "  %s / %s (%s)\n", l.DisplayName, l.Password, l.Role)
	}
	return nil
}
