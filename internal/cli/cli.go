// Package cli is the holdspace command: serve, migrate, seed, admin,
// version and the tools operators use. Every flag has an environment
// variable twin (HOLDSPACE_ plus the flag name in capitals, dashes as
// underscores), and a flag given on the command line wins.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"holdspace/internal/sqlstore"
)

// Version is set at build time with -ldflags "-X holdspace/internal/cli.Version=...".
var Version = "dev"

// Env is what a command sees of the outside world.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
}

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env Env, args []string) error
}

func commands() []command {
	return []command{
		{"serve", "run the Holdspace server", runServe},
		{"migrate", "bring the database schema up to date", runMigrate},
		{"seed", "load demo data", runSeed},
		{"import", "import groups from another directory: meeting-guide PATH-or-URL", runImport},
		{"admin", "site administration: create-user, crisis import|export", runAdmin},
		{"safety", "safety tools: check phrases for risk language", runSafety},
		{"loadgen", "measure the live circle under load (loopback only)", runLoadgen},
		{"version", "print the version", runVersion},
	}
}

// Run runs the holdspace command with args (without the program name) and
// returns the exit code.
func Run(ctx context.Context, args []string, env Env) int {
	if env.Getenv == nil {
		env.Getenv = os.Getenv
	}
	if env.Stdin == nil {
		env.Stdin = strings.NewReader("")
	}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(env.Stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name == args[0] {
			err := c.run(ctx, env, args[1:])
			switch {
			case err == nil:
				return 0
			case errors.Is(err, flag.ErrHelp):
				return 0
			case errors.Is(err, errUsage):
				return 2
			default:
				fmt.Fprintf(env.Stderr, "holdspace %s: %v\n", c.name, err)
				return 1
			}
		}
	}
	fmt.Fprintf(env.Stderr, "holdspace: unknown command %q\n\n", args[0])
	usage(env.Stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Holdspace: a home for peer support groups.")
	fmt.Fprintln(w, "\nUsage: holdspace COMMAND [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'holdspace COMMAND -h' for a command's flags.")
}

// errUsage marks a mistake in how a command was called; the usage has been
// printed already.
var errUsage = errors.New("usage")

// newFlags makes a flag set whose usage lists each flag's environment twin.
func newFlags(env Env, name, synopsis, about string) *flag.FlagSet {
	fs := flag.NewFlagSet("holdspace "+name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		out := fs.Output()
		fmt.Fprintf(out, "Usage: holdspace %s\n\n%s\n", synopsis, about)
		var any bool
		fs.VisitAll(func(*flag.Flag) { any = true })
		if !any {
			return
		}
		fmt.Fprintln(out, "\nFlags (each can also be set by the environment variable shown):")
		fs.VisitAll(func(f *flag.Flag) {
			def := ""
			if f.DefValue != "" && f.DefValue != "false" {
				def = fmt.Sprintf(" (default %q)", f.DefValue)
			}
			fmt.Fprintf(out, "  --%s  [%s]\n      %s%s\n", f.Name, envName(f.Name), f.Usage, def)
		})
	}
	return fs
}

// envName is a flag's environment twin.
func envName(flagName string) string {
	return "HOLDSPACE_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// parse applies environment twins, then the command line, so the command
// line wins. -h prints the usage to stdout and returns flag.ErrHelp.
func parse(fs *flag.FlagSet, env Env, args []string) error {
	var envErr error
	fs.VisitAll(func(f *flag.Flag) {
		if v := env.Getenv(envName(f.Name)); v != "" && envErr == nil {
			if err := fs.Set(f.Name, v); err != nil {
				envErr = fmt.Errorf("%s=%q: %v", envName(f.Name), v, err)
			}
		}
	})
	if envErr != nil {
		return envErr
	}
	for _, a := range args {
		if a == "-h" || a == "--help" || a == "-help" {
			fs.SetOutput(env.Stdout)
			fs.Usage()
			return flag.ErrHelp
		}
	}
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	return nil
}

// dbFlags are the flags every command that opens the database shares.
type dbFlags struct {
	data string
	db   string
}

func (d *dbFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&d.data, "data", "data", "folder for Holdspace's data (the SQLite database lives here)")
	fs.StringVar(&d.db, "db", "", "database: empty for SQLite in the data folder, or postgres://user@host/dbname")
}

// dsn is the database to open.
func (d *dbFlags) dsn() string {
	if d.db != "" {
		return d.db
	}
	return filepath.Join(d.data, "holdspace.db")
}

// describe says which database, without any password.
func (d *dbFlags) describe() string {
	if d.db == "" {
		return "SQLite at " + d.dsn()
	}
	if i := strings.Index(d.db, "@"); i > 0 {
		if j := strings.Index(d.db, "://"); j > 0 && j < i {
			return "PostgreSQL at " + d.db[i+1:]
		}
	}
	return "PostgreSQL"
}

func (d *dbFlags) open(ctx context.Context) (*sqlstore.Store, error) {
	s, err := sqlstore.Open(ctx, d.dsn(), sqlstore.Options{})
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", d.describe(), err)
	}
	return s, nil
}

// noArgs refuses extra words after the flags.
func noArgs(fs *flag.FlagSet) error {
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return errUsage
	}
	return nil
}

func runVersion(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "version", "version", "Prints the version of this holdspace binary.")
	if err := parse(fs, env, args); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "holdspace %s\n", Version)
	return nil
}

func runMigrate(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "migrate", "migrate [flags]", "Applies the database migrations that have not run yet. serve does this too.")
	var d dbFlags
	d.register(fs)
	if err := parse(fs, env, args); err != nil {
		return err
	}
	if err := noArgs(fs); err != nil {
		return err
	}
	s, err := sqlstore.Open(ctx, d.dsn(), sqlstore.Options{SkipMigrate: true})
	if err != nil {
		return fmt.Errorf("open %s: %w", d.describe(), err)
	}
	defer s.Close()
	applied, err := s.Migrate(ctx)
	for _, name := range applied {
		fmt.Fprintf(env.Stdout, "applied %s\n", name)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "The database (%s) is up to date: %d migration(s) applied now.\n", d.describe(), len(applied))
	return nil
}
