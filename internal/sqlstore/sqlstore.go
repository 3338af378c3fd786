// Package sqlstore is the only place Holdspace speaks SQL. One Store serves
// both SQLite (the embedded default) and PostgreSQL; queries are written once
// with ? placeholders and rebound for PostgreSQL, and the few statements that
// differ carry a dialect switch beside them.
package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// Dialect names a database family.
type Dialect string

// The supported dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

//go:embed migrations
var migrationFS embed.FS

// Store is the database. It is safe for concurrent use.
type Store struct {
	dialect Dialect
	// write takes every write. On SQLite it holds a single connection so
	// there is one writer and no SQLITE_BUSY storms; on PostgreSQL it is the
	// same pool as read.
	write *sql.DB
	read  *sql.DB
	// now is the clock; tests replace it.
	now func() time.Time

	rebound sync.Map // query text -> PostgreSQL text
	stmts   sync.Map // query text -> *sql.Stmt on the read pool
}

// Options tune Open.
type Options struct {
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// SkipMigrate opens without migrating, for a caller that wants to
	// run Migrate itself and report what it applied.
	SkipMigrate bool
}

// Open connects to dsn and brings its schema up to date. A dsn starting with
// postgres:// or postgresql:// is PostgreSQL; anything else is a SQLite file
// path (a "file:" prefix is allowed).
func Open(ctx context.Context, dsn string, opts Options) (*Store, error) {
	s := &Store{now: opts.Now}
	if s.now == nil {
		s.now = time.Now
	}
	var err error
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		s.dialect = Postgres
		s.read, err = sql.Open("pgx", dsn)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		s.read.SetMaxOpenConns(16)
		s.read.SetMaxIdleConns(16)
		s.read.SetConnMaxIdleTime(5 * time.Minute)
		s.write = s.read
	} else {
		s.dialect = SQLite
		path := strings.TrimPrefix(dsn, "file:")
		if i := strings.IndexByte(path, '?'); i >= 0 {
			path = path[:i]
		}
		if dir := filepath.Dir(path); dir != "" {
			if err := os.MkdirAll(dir, 0o700); err != nil {
				return nil, fmt.Errorf("create data folder: %w", err)
			}
		}
		pragmas := url.Values{}
		for _, p := range []string{"journal_mode(WAL)", "foreign_keys(1)", "busy_timeout(10000)", "synchronous(NORMAL)"} {
			pragmas.Add("_pragma", p)
		}
		s.write, err = sql.Open("sqlite", "file:"+path+"?"+pragmas.Encode()+"&_txlock=immediate")
		if err != nil {
			return nil, fmt.Errorf("open sqlite: %w", err)
		}
		s.write.SetMaxOpenConns(1)
		s.write.SetMaxIdleConns(1)
		s.write.SetConnMaxIdleTime(0)
		s.write.SetConnMaxLifetime(0)
		pragmas.Add("_pragma", "query_only(1)")
		s.read, err = sql.Open("sqlite", "file:"+path+"?"+pragmas.Encode())
		if err != nil {
			s.write.Close()
			return nil, fmt.Errorf("open sqlite: %w", err)
		}
		s.read.SetMaxOpenConns(8)
		s.read.SetMaxIdleConns(8)
		s.read.SetConnMaxIdleTime(0)
		s.read.SetConnMaxLifetime(0)
	}
	if err := s.Ping(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if !opts.SkipMigrate {
		if _, err := s.Migrate(ctx); err != nil {
			s.Close()
			return nil, err
		}
	}
	return s, nil
}

// Dialect reports which database family the store uses.
func (s *Store) Dialect() Dialect { return s.dialect }

// Close closes the connections.
func (s *Store) Close() error {
	var err error
	s.stmts.Range(func(_, v any) bool {
		v.(*sql.Stmt).Close()
		return true
	})
	if s.read != nil {
		err = s.read.Close()
	}
	if s.write != nil && s.write != s.read {
		err = errors.Join(err, s.write.Close())
	}
	return err
}

// Ping reports whether the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.read.PingContext(ctx); err != nil {
		return fmt.Errorf("database does not answer: %w", err)
	}
	return nil
}

// q rebinds a query written with ? placeholders for the store's dialect.
func (s *Store) q(query string) string {
	if s.dialect != Postgres {
		return query
	}
	if v, ok := s.rebound.Load(query); ok {
		return v.(string)
	}
	var b strings.Builder
	n := 0
	inString := false
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'':
			inString = !inString
			b.WriteByte(c)
		case c == '?' && !inString:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	out := b.String()
	s.rebound.Store(query, out)
	return out
}

// readRow runs a hot read query through a statement prepared once per
// pooled connection. SQLite's driver keeps no statement cache, and parsing
// and planning the query again was a quarter of the server's CPU on a
// signed-in request.
//
// On SQLite the query does not follow the request's cancellation: these
// are point reads of a few microseconds from the local file, and a
// cancellable context costs database/sql a goroutine per query to watch it.
func (s *Store) readRow(ctx context.Context, query string, args ...any) *sql.Row {
	if s.dialect == SQLite {
		ctx = context.WithoutCancel(ctx)
	}
	query = s.q(query)
	if v, ok := s.stmts.Load(query); ok {
		return v.(*sql.Stmt).QueryRowContext(ctx, args...)
	}
	st, err := s.read.PrepareContext(ctx, query)
	if err != nil {
		return s.read.QueryRowContext(ctx, query, args...)
	}
	if prev, loaded := s.stmts.LoadOrStore(query, st); loaded {
		st.Close()
		st = prev.(*sql.Stmt)
	}
	return st.QueryRowContext(ctx, args...)
}

// tx runs fn in one write transaction: every write is one transaction.
func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Migrate applies the embedded migrations that have not run yet and returns
// the names of those it applied. Migrations are numbered and forward-only; a
// shipped one is never edited.
func (s *Store) Migrate(ctx context.Context) ([]string, error) {
	dir := "migrations/" + string(s.dialect)
	entries, err := fs.ReadDir(migrationFS, dir)
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".sql") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	if _, err := s.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`); err != nil {
		return nil, fmt.Errorf("create schema_migrations: %w", err)
	}
	var applied []string
	for _, name := range names {
		version, err := strconv.ParseInt(strings.SplitN(name, "_", 2)[0], 10, 64)
		if err != nil {
			return applied, fmt.Errorf("migration %s: name must start with a number", name)
		}
		body, err := fs.ReadFile(migrationFS, dir+"/"+name)
		if err != nil {
			return applied, fmt.Errorf("read migration %s: %w", name, err)
		}
		did := false
		err = s.tx(ctx, func(tx *sql.Tx) error {
			// On PostgreSQL, two servers starting at once must not both
			// migrate: the advisory lock makes the second wait.
			if s.dialect == Postgres {
				if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(727274)`); err != nil {
					return err
				}
			}
			var n int
			if err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM schema_migrations WHERE version = ?`), version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return err
			}
			did = true
			_, err := tx.ExecContext(ctx, s.q(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`), version, name, s.now().Unix())
			return err
		})
		if err != nil {
			return applied, fmt.Errorf("migration %s: %w", name, err)
		}
		if did {
			applied = append(applied, name)
		}
	}
	return applied, nil
}

// unix converts a time to the stored form.
func unix(t time.Time) int64 { return t.Unix() }

// fromUnix converts the stored form back to a time in UTC.
func fromUnix(n int64) time.Time { return time.Unix(n, 0).UTC() }

// isUniqueViolation reports whether err is a unique-constraint failure in
// either dialect.
func isUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "SQLSTATE 23505")
}
