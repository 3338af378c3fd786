package sqlstore_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"holdspace/internal/holdspace"
	"holdspace/internal/sqlstore"
	"holdspace/internal/sqlstore/sqlstoretest"
)

// clock is a fake clock the tests move by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newClock() *clock { return &clock{t: time.Date(2026, 11, 22, 20, 0, 0, 0, time.UTC)} }

func TestMigrateIsIdempotent(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, dsn string) {
		s := sqlstoretest.Open(t, dsn, nil)
		applied, err := s.Migrate(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(applied) != 0 {
			t.Errorf("second Migrate applied %v, want nothing", applied)
		}
		// Reopening the same database migrates nothing and keeps data.
		ctx := context.Background()
		if _, err := s.CreateMember(ctx, holdspace.Member{DisplayName: "Quiet Fox", PasswordHash: "x"}); err != nil {
			t.Fatal(err)
		}
		s2 := sqlstoretest.Open(t, dsn, nil)
		if _, err := s2.MemberByName(ctx, "quiet fox"); err != nil {
			t.Errorf("after reopen: %v", err)
		}
	})
}

func TestMembers(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		c := newClock()
		s := sqlstoretest.Open(t, dsn, c.Now)
		m, err := s.CreateMember(ctx, holdspace.Member{DisplayName: "Quiet Fox", Email: "fox@example.org", PasswordHash: "hash1"})
		if err != nil {
			t.Fatal(err)
		}
		if m.ID == 0 || !m.CreatedAt.Equal(c.Now()) {
			t.Errorf("created %+v", m)
		}
		_, err = s.CreateMember(ctx, holdspace.Member{DisplayName: "QUIET FOX", PasswordHash: "hash2"})
		if got := holdspace.ErrorCode(err); got != holdspace.EConflict {
			t.Errorf("duplicate name (other case): code %q, want %q", got, holdspace.EConflict)
		}
		got, err := s.MemberByName(ctx, "quiet FOX")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(m, got); diff != "" {
			t.Errorf("MemberByName mismatch (-want +got):\n%s", diff)
		}
		byID, err := s.MemberByID(ctx, m.ID)
		if err != nil || byID.DisplayName != "Quiet Fox" {
			t.Errorf("MemberByID = %+v, %v", byID, err)
		}
		if _, err := s.MemberByName(ctx, "nobody"); holdspace.ErrorCode(err) != holdspace.ENotFound {
			t.Errorf("unknown name: %v, want not_found", err)
		}
		if err := s.SetEmail(ctx, m.ID, ""); err != nil {
			t.Fatal(err)
		}
		if err := s.SetSiteAdmin(ctx, m.ID, true); err != nil {
			t.Fatal(err)
		}
		got, _ = s.MemberByID(ctx, m.ID)
		if got.Email != "" || !got.SiteAdmin {
			t.Errorf("after SetEmail/SetSiteAdmin: %+v", got)
		}
	})
}

func TestAuthSessions(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		c := newClock()
		s := sqlstoretest.Open(t, dsn, c.Now)
		m, err := s.CreateMember(ctx, holdspace.Member{DisplayName: "River", PasswordHash: "h"})
		if err != nil {
			t.Fatal(err)
		}
		for _, tok := range []string{"a", "b", "c"} {
			if err := s.CreateAuthSession(ctx, holdspace.AuthSession{TokenHash: tok, MemberID: m.ID, CreatedAt: c.Now(), ExpiresAt: c.Now().Add(time.Hour)}); err != nil {
				t.Fatal(err)
			}
		}
		got, a, err := s.SessionMember(ctx, "a")
		if err != nil || got.ID != m.ID || !a.ExpiresAt.Equal(c.Now().Add(time.Hour)) {
			t.Fatalf("SessionMember(a) = %+v, %+v, %v", got, a, err)
		}
		if err := s.DeleteAuthSession(ctx, "a"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.SessionMember(ctx, "a"); holdspace.ErrorCode(err) != holdspace.ENotFound {
			t.Errorf("deleted session still works: %v", err)
		}
		// Changing the password keeps only the session that changed it.
		if err := s.SetPassword(ctx, m.ID, "h2", "b"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.SessionMember(ctx, "c"); holdspace.ErrorCode(err) != holdspace.ENotFound {
			t.Errorf("other session survived a password change: %v", err)
		}
		got, _, err = s.SessionMember(ctx, "b")
		if err != nil || got.PasswordHash != "h2" {
			t.Errorf("kept session: %+v, %v", got, err)
		}
		// Expiry.
		if err := s.ExtendAuthSession(ctx, "b", c.Now().Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
		c.Add(90 * time.Minute)
		if _, _, err := s.SessionMember(ctx, "b"); err != nil {
			t.Errorf("extended session expired early: %v", err)
		}
		c.Add(time.Hour)
		if _, _, err := s.SessionMember(ctx, "b"); holdspace.ErrorCode(err) != holdspace.ENotFound {
			t.Errorf("expired session still works: %v", err)
		}
		if n, err := s.DeleteExpiredAuthSessions(ctx); err != nil || n != 1 {
			t.Errorf("DeleteExpiredAuthSessions = %d, %v; want 1", n, err)
		}
	})
}

func TestDeleteMemberEndsSessions(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		c := newClock()
		s := sqlstoretest.Open(t, dsn, c.Now)
		m, _ := s.CreateMember(ctx, holdspace.Member{DisplayName: "Leaving Soon", PasswordHash: "h"})
		s.CreateAuthSession(ctx, holdspace.AuthSession{TokenHash: "t1", MemberID: m.ID, CreatedAt: c.Now(), ExpiresAt: c.Now().Add(time.Hour)})
		if err := s.DeleteMember(ctx, m.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.SessionMember(ctx, "t1"); holdspace.ErrorCode(err) != holdspace.ENotFound {
			t.Errorf("session of deleted member: %v", err)
		}
		if n, _ := s.CountAuthSessions(ctx, m.ID); n != 0 {
			t.Errorf("%d sessions left", n)
		}
		if err := s.DeleteMember(ctx, m.ID); holdspace.ErrorCode(err) != holdspace.ENotFound {
			t.Errorf("second delete: %v", err)
		}
		// The name is free again.
		if _, err := s.CreateMember(ctx, holdspace.Member{DisplayName: "Leaving Soon", PasswordHash: "h"}); err != nil {
			t.Errorf("name not freed: %v", err)
		}
	})
}

func TestCrisisLines(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := sqlstoretest.Open(t, dsn, nil)
		lines := []holdspace.CrisisLine{
			{Region: "GB", Name: "Samaritans", Phone: "116 123", Hours: "24/7", Position: 0},
			{Region: "US", Name: "988 Lifeline", Phone: "988", Text: "Text 988", Position: 0},
			{Region: "US", Name: "Crisis Text Line", Text: "Text HOME to 741741", Position: 1},
		}
		if err := s.ReplaceCrisisLines(ctx, lines); err != nil {
			t.Fatal(err)
		}
		us, err := s.CrisisLines(ctx, "US")
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, l := range us {
			names = append(names, l.Name)
		}
		if diff := cmp.Diff([]string{"988 Lifeline", "Crisis Text Line"}, names); diff != "" {
			t.Errorf("US lines (-want +got):\n%s", diff)
		}
		regions, _ := s.CrisisRegions(ctx)
		if diff := cmp.Diff([]string{"GB", "US"}, regions); diff != "" {
			t.Errorf("regions (-want +got):\n%s", diff)
		}
		if err := s.ReplaceCrisisLines(ctx, lines[:1]); err != nil {
			t.Fatal(err)
		}
		all, _ := s.CrisisLines(ctx, "")
		if len(all) != 1 {
			t.Errorf("after replace: %d lines, want 1", len(all))
		}
	})
}

func TestGroups(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		c := newClock()
		s := sqlstoretest.Open(t, dsn, c.Now)
		org, _ := s.CreateMember(ctx, holdspace.Member{DisplayName: "Maria", PasswordHash: "h"})
		other, _ := s.CreateMember(ctx, holdspace.Member{DisplayName: "James", PasswordHash: "h"})
		lat, lng := 51.5072, -0.1276
		g := holdspace.Group{
			Slug: "tuesday-hope", Name: "Tuesday Hope", Description: "A sharing circle", Category: "mental_health",
			Audience: "lived_experience", Format: "sharing_circle", Attendance: "in_person", Access: "open", Cost: "free",
			Languages: []string{"en", "es"}, Accessibility: []string{"wheelchair"},
			Venue:    holdspace.Venue{Type: "community_center", Address: "1 High St", City: "London", Country: "GB", Lat: &lat, Lng: &lng},
			Timezone: "Europe/London", Schedule: holdspace.ScheduleSpec{RRule: "FREQ=WEEKLY;BYDAY=TU", StartTime: "19:00", DurationMinutes: 90, StartsOn: "2026-12-01"},
			CreatedBy: org.ID,
		}
		created, err := s.CreateGroup(ctx, g, "Maria (organizer)")
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.GroupBySlug(ctx, "tuesday-hope")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(created, got); diff != "" {
			t.Errorf("GroupBySlug (-want +got):\n%s", diff)
		}
		if _, err := s.CreateGroup(ctx, g, "x"); holdspace.ErrorCode(err) != holdspace.EConflict {
			t.Errorf("duplicate slug: %v", err)
		}
		role, ok, err := s.GroupRole(ctx, created.ID, org.ID)
		if err != nil || role != holdspace.RoleOrganizer || !ok {
			t.Errorf("organizer role = %q %v %v", role, ok, err)
		}
		role, ok, _ = s.GroupRole(ctx, created.ID, other.ID)
		if role != "" || ok {
			t.Errorf("non-member role = %q %v", role, ok)
		}
		if err := s.AddGroupMember(ctx, created.ID, other.ID, "J", holdspace.RoleMember); err != nil {
			t.Fatal(err)
		}
		if err := s.AddGroupMember(ctx, created.ID, other.ID, "J", holdspace.RoleMember); holdspace.ErrorCode(err) != holdspace.EConflict {
			t.Errorf("second add: %v", err)
		}
		if n, _ := s.CountGroups(ctx); n != 1 {
			t.Errorf("CountGroups = %d", n)
		}
		recent, _ := s.RecentGroups(ctx, 10)
		if len(recent) != 1 || recent[0].Slug != "tuesday-hope" {
			t.Errorf("RecentGroups = %+v", recent)
		}
		// Deleting the organizer's account keeps the group.
		if err := s.DeleteMember(ctx, org.ID); err != nil {
			t.Fatal(err)
		}
		if g2, err := s.GroupBySlug(ctx, "tuesday-hope"); err != nil || g2.CreatedBy != 0 {
			t.Errorf("after organizer deleted: %+v, %v", g2.CreatedBy, err)
		}
	})
}

func TestDialect(t *testing.T) {
	s := sqlstoretest.Open(t, sqlstoretest.SQLiteDSN(t), nil)
	if s.Dialect() != sqlstore.SQLite {
		t.Errorf("dialect = %q", s.Dialect())
	}
}
