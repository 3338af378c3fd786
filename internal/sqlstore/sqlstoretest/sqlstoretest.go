// Package sqlstoretest opens real test databases: a SQLite file in a
// temporary folder, and a fresh PostgreSQL database on the server named by
// HOLDSPACE_TEST_POSTGRES. With HOLDSPACE_TEST_REQUIRE=1 (the project's test
// command sets it) a missing PostgreSQL fails the test instead of skipping.
package sqlstoretest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver

	"holdspace/internal/sqlstore"
)

// Required reports whether the test command asked for every real service.
func Required() bool { return os.Getenv("HOLDSPACE_TEST_REQUIRE") == "1" }

// Named is a store and the database it runs on.
type Named struct {
	Name  string // "sqlite" or "postgres"
	DSN   string
	Store *sqlstore.Store
}

// SQLiteDSN returns the path of a fresh SQLite file in a temporary folder.
func SQLiteDSN(t testing.TB) string {
	return filepath.Join(t.TempDir(), "holdspace.db")
}

// PostgresDSN creates a fresh database on the test server and returns its
// DSN; the database is dropped when the test ends. It skips (or fails, when
// required) if no server is configured.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv("HOLDSPACE_TEST_POSTGRES")
	if base == "" {
		if Required() {
			t.Fatal("HOLDSPACE_TEST_POSTGRES is not set: PostgreSQL is required for this run (use ./scripts/test)")
		}
		t.Skip("HOLDSPACE_TEST_POSTGRES is not set; skipping PostgreSQL")
	}
	var b [6]byte
	rand.Read(b[:])
	name := "hs_test_" + hex.EncodeToString(b[:])
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("open %s: %v", base, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close()
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Logf("drop test database %s: %v", name, err)
		}
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse HOLDSPACE_TEST_POSTGRES: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

// Open opens a store on dsn with the given clock, closed when the test ends.
func Open(t testing.TB, dsn string, now func() time.Time) *sqlstore.Store {
	t.Helper()
	s, err := sqlstore.Open(context.Background(), dsn, sqlstore.Options{Now: now})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Each runs fn as a subtest once per database: SQLite always, PostgreSQL
// when configured.
func Each(t *testing.T, fn func(t *testing.T, dsn string)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLiteDSN(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, PostgresDSN(t)) })
}
