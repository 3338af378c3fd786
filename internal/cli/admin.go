package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"holdspace/internal/auth"
	"holdspace/internal/crisis"
	"holdspace/internal/holdspace"
)

func runAdmin(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		w := env.Stderr
		if len(args) > 0 {
			w = env.Stdout
		}
		fmt.Fprint(w, `Usage: holdspace admin SUBCOMMAND [flags]

Subcommands:
  create-user --name NAME [--site-admin]   create an account; the password is read from stdin
  crisis import PATH                       replace the crisis-line table with a CSV file
  crisis export [PATH]                     write the crisis-line table as CSV (stdout if no PATH)
`)
		if len(args) == 0 {
			return errUsage
		}
		return nil
	}
	switch args[0] {
	case "create-user":
		return adminCreateUser(ctx, env, args[1:])
	case "crisis":
		return adminCrisis(ctx, env, args[1:])
	}
	fmt.Fprintf(env.Stderr, "holdspace admin: unknown subcommand %q; run 'holdspace admin -h'\n", args[0])
	return errUsage
}

func adminCreateUser(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "admin create-user", "admin create-user --name NAME [--site-admin] [flags] < password",
		"Creates an account. The password is the first line of standard input, so it never\nappears in the process list or shell history.")
	var d dbFlags
	d.register(fs)
	var name string
	var siteAdmin bool
	fs.StringVar(&name, "name", "", "display name of the new account")
	fs.BoolVar(&siteAdmin, "site-admin", false, "make the account a site admin")
	if err := parse(fs, env, args); err != nil {
		return err
	}
	if err := noArgs(fs); err != nil {
		return err
	}
	name = holdspace.NormalizeDisplayName(name)
	if err := holdspace.ValidateDisplayName(name); err != nil {
		return fmt.Errorf("--name: %s", holdspace.ErrorMessage(err))
	}
	line, err := bufio.NewReader(env.Stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("read password from stdin: %w", err)
	}
	password := strings.TrimRight(line, "\r\n")
	if err := holdspace.ValidatePassword("password", password); err != nil {
		return fmt.Errorf("password from stdin: %s (pipe it in, for example: echo 'a long password' | holdspace admin create-user --name %s)", holdspace.ErrorMessage(err), name)
	}
	store, err := d.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	hash, err := auth.HashPassword(password, auth.DefaultParams)
	if err != nil {
		return err
	}
	m, err := store.CreateMember(ctx, holdspace.Member{DisplayName: name, PasswordHash: hash, SiteAdmin: siteAdmin})
	if err != nil {
		return fmt.Errorf("%s", holdspace.ErrorMessage(err))
	}
	role := "member"
	if siteAdmin {
		role = "site admin"
	}
	fmt.Fprintf(env.Stdout, "Created %s %q (id %d).\n", role, m.DisplayName, m.ID)
	return nil
}

func adminCrisis(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || (args[0] != "import" && args[0] != "export") {
		fmt.Fprintln(env.Stderr, "Usage: holdspace admin crisis import PATH | export [PATH]")
		return errUsage
	}
	verb := args[0]
	fs := newFlags(env, "admin crisis "+verb, "admin crisis "+verb+" [flags] PATH",
		"import replaces the whole crisis-line table with the CSV file at PATH, in one step,\nafter checking every line; export writes the table as CSV to PATH or stdout.\nColumns: "+strings.Join(crisis.Columns, ","))
	var d dbFlags
	d.register(fs)
	if err := parse(fs, env, args[1:]); err != nil {
		return err
	}
	store, err := d.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	if verb == "export" {
		if fs.NArg() > 1 {
			fs.Usage()
			return errUsage
		}
		lines, err := store.CrisisLines(ctx, "")
		if err != nil {
			return err
		}
		w := env.Stdout
		if fs.NArg() == 1 {
			f, err := os.Create(fs.Arg(0))
			if err != nil {
				return err
			}
			defer f.Close()
			w = f
		}
		if err := crisis.Write(w, lines); err != nil {
			return err
		}
		if fs.NArg() == 1 {
			fmt.Fprintf(env.Stderr, "Wrote %d crisis lines to %s.\n", len(lines), fs.Arg(0))
		}
		return nil
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	lines, err := crisis.Parse(f)
	if err != nil {
		return fmt.Errorf("%s: nothing was changed:\n%w", fs.Arg(0), err)
	}
	if err := store.ReplaceCrisisLines(ctx, lines); err != nil {
		return err
	}
	regions := map[string]bool{}
	for _, l := range lines {
		regions[l.Region] = true
	}
	fmt.Fprintf(env.Stdout, "Imported %d crisis lines in %d regions.\n", len(lines), len(regions))
	return nil
}
