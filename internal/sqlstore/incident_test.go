package sqlstore_test

import (
	"testing"
	"time"

	"holdspace/internal/sqlstore"
	"holdspace/internal/sqlstore/sqlstoretest"
)

func TestIncidentsAndRetention(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, dsn string) {
		f := newSafetyFixture(t, dsn)
		ctx, s := f.ctx, f.s
		start := f.c.Now().Add(time.Hour)
		sess, err := s.CreateExtraSession(ctx, f.g1.ID, start, start.Add(time.Hour), "")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.AddIncident(ctx, sqlstore.Incident{GroupID: f.g1.ID, SessionID: sess, MemberID: f.b, Category: "suicide"}); err != nil {
			t.Fatal(err)
		}
		f.c.Add(80 * 24 * time.Hour)
		if err := s.AddIncident(ctx, sqlstore.Incident{GroupID: f.g1.ID, SessionID: sess, Category: "self-harm"}); err != nil {
			t.Fatal(err)
		}
		got, err := s.Incidents(ctx, f.g1.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].Category != "self-harm" || got[0].MemberID != 0 || got[1].Name != "Ben" ||
			got[1].MemberID != f.b || got[1].SessionID != sess || !got[1].SessionStart.Equal(start.Truncate(time.Second)) {
			t.Fatalf("incidents: %+v", got)
		}
		if other, err := s.Incidents(ctx, f.g2.ID, 0); err != nil || len(other) != 0 {
			t.Fatalf("another group's log: %v %v", other, err)
		}
		// The group keeps 90 days (the default): 11 days on, the first
		// entry is past it and the sweep deletes it.
		if n, err := s.DeleteExpiredIncidents(ctx); err != nil || n != 0 {
			t.Fatalf("early sweep: %d %v", n, err)
		}
		f.c.Add(11 * 24 * time.Hour)
		if n, err := s.DeleteExpiredIncidents(ctx); err != nil || n != 1 {
			t.Fatalf("sweep: %d %v", n, err)
		}
		got, err = s.Incidents(ctx, f.g1.ID, 0)
		if err != nil || len(got) != 1 || got[0].Category != "self-harm" {
			t.Fatalf("after the sweep: %+v %v", got, err)
		}
		// A shorter retention setting takes effect at the next sweep.
		db, q := f.raw(t)
		if _, err := db.ExecContext(ctx, q(`UPDATE groups SET retention_days = 7 WHERE id = ?`), f.g1.ID); err != nil {
			t.Fatal(err)
		}
		if n, err := s.DeleteExpiredIncidents(ctx); err != nil || n != 1 {
			t.Fatalf("sweep after a shorter retention: %d %v", n, err)
		}
		var text int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM incidents WHERE text IS NOT NULL`).Scan(&text); err != nil || text != 0 {
			t.Fatalf("incidents with text: %d %v", text, err)
		}
	})
}
