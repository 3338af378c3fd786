package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"holdspace/internal/holdspace"
	"holdspace/internal/safetyplan"
	"holdspace/internal/sqlstore"
	"holdspace/internal/sqlstore/sqlstoretest"
)

// safetyFixture is one database with a fake clock, two groups organized by
// Olu, and members: Ana and Ben in both groups, Cy only in the first.
type safetyFixture struct {
	ctx           context.Context
	c             *clock
	dsn           string
	s             *sqlstore.Store
	g1, g2        holdspace.Group
	org, a, b, cy int64
}

func newSafetyFixture(t *testing.T, dsn string) *safetyFixture {
	t.Helper()
	f := &safetyFixture{ctx: context.Background(), c: newClock(), dsn: dsn}
	f.s = sqlstoretest.Open(t, dsn, f.c.Now)
	mk := func(name string) int64 {
		m, err := f.s.CreateMember(f.ctx, holdspace.Member{DisplayName: name, PasswordHash: "h"})
		if err != nil {
			t.Fatal(err)
		}
		return m.ID
	}
	f.org, f.a, f.b, f.cy = mk("Olu"), mk("Ana Account"), mk("Ben Account"), mk("Cy Account")
	group := func(slug string) holdspace.Group {
		g, err := f.s.CreateGroup(f.ctx, holdspace.Group{
			Slug: slug, Name: slug, Category: "mental_health", Audience: "lived_experience", Format: "sharing_circle",
			Attendance: "online", Access: "open", Cost: "free", Venue: holdspace.Venue{Type: "online"}, Timezone: "Europe/London",
			Schedule:  holdspace.ScheduleSpec{RRule: "FREQ=WEEKLY;BYDAY=TU", StartTime: "19:00", DurationMinutes: 90, StartsOn: "2026-12-01"},
			CreatedBy: f.org,
		}, "Olu O")
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	f.g1, f.g2 = group("first-circle"), group("second-circle")
	for _, m := range []struct {
		g    holdspace.Group
		id   int64
		name string
	}{{f.g1, f.a, "Ana"}, {f.g1, f.b, "Ben"}, {f.g1, f.cy, "Cy"}, {f.g2, f.a, "A2"}, {f.g2, f.b, "B2"}} {
		if err := f.s.AddGroupMember(f.ctx, m.g.ID, m.id, m.name, holdspace.RoleMember); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// raw opens the fixture's database directly, to look at what no store
// method shows (the reporter, the outbox).
func (f *safetyFixture) raw(t *testing.T) (*sql.DB, func(string) string) {
	t.Helper()
	driver, rebind := "sqlite", func(q string) string { return q }
	if f.s.Dialect() == sqlstore.Postgres {
		driver = "pgx"
		rebind = func(q string) string {
			for i := 1; strings.Contains(q, "?"); i++ {
				q = strings.Replace(q, "?", fmt.Sprintf("$%d", i), 1)
			}
			return q
		}
	}
	db, err := sql.Open(driver, f.dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, rebind
}

func TestReportsAndDecisions(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, dsn string) {
		f := newSafetyFixture(t, dsn)
		ctx, s := f.ctx, f.s
		about := func(g holdspace.Group, typ, id string, member int64, reason string) sqlstore.Report {
			return sqlstore.Report{GroupID: g.ID, TargetType: typ, TargetID: id, TargetMemberID: member, Reason: reason, Note: "it happened twice"}
		}
		// Ana reports Ben in both groups, and a message of Ben's.
		if err := s.CreateReports(ctx, f.a, []sqlstore.Report{
			about(f.g1, "member", fmt.Sprint(f.b), f.b, "harassment"),
			about(f.g2, "member", fmt.Sprint(f.b), f.b, "harassment"),
			about(f.g1, "message", "s1:42", f.b, "hate"),
		}); err != nil {
			t.Fatal(err)
		}
		// The same report again, while the first is open, files nothing.
		if err := s.CreateReports(ctx, f.a, []sqlstore.Report{about(f.g1, "member", fmt.Sprint(f.b), f.b, "spam")}); err != nil {
			t.Fatal(err)
		}
		// Cy reports the same message: a second report, from someone else.
		f.c.Add(time.Minute)
		if err := s.CreateReports(ctx, f.cy, []sqlstore.Report{about(f.g1, "message", "s1:42", f.b, "harassment")}); err != nil {
			t.Fatal(err)
		}
		open, err := s.Reports(ctx, f.g1.ID, sqlstore.ReportOpen)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range open {
			got = append(got, fmt.Sprintf("%s %s %d %s %s", r.TargetType, r.TargetID, r.TargetMemberID, r.Reason, r.Status))
		}
		want := []string{
			fmt.Sprintf("member %d %d harassment open", f.b, f.b),
			fmt.Sprintf("message s1:42 %d hate open", f.b),
			fmt.Sprintf("message s1:42 %d harassment open", f.b),
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("open reports mismatch (-want +got):\n%s", diff)
		}
		if g2, _ := s.Reports(ctx, f.g2.ID, ""); len(g2) != 1 {
			t.Errorf("second group has %d reports, want 1", len(g2))
		}
		// The reporter is stored, only to refuse duplicates.
		db, rebind := f.raw(t)
		var reporter int64
		if err := db.QueryRowContext(ctx, rebind(`SELECT reporter_id FROM reports WHERE id = ?`), open[0].ID).Scan(&reporter); err != nil || reporter != f.a {
			t.Errorf("reporter stored as %d (%v), want %d", reporter, err, f.a)
		}

		// Hiding the message closes both reports about it, with one audit line.
		r, err := s.DecideReport(ctx, f.g1.ID, open[1].ID, f.org, sqlstore.Decision{Action: sqlstore.ActionHide, Reason: "Hateful words"})
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != sqlstore.ReportActioned || r.Action != "hide" || r.DecidedBy != f.org || !r.DecidedAt.Equal(f.c.Now()) {
			t.Errorf("decided report = %+v", r)
		}
		if other, _ := s.Report(ctx, f.g1.ID, open[2].ID); other.Status != sqlstore.ReportActioned || other.Action != "hide" {
			t.Errorf("the other report about the message = %+v, want actioned by hide", other)
		}
		hidden, err := s.HiddenTargets(ctx, f.g1.ID, "message")
		if err != nil || !hidden["s1:42"] || len(hidden) != 1 {
			t.Errorf("HiddenTargets = %v, %v", hidden, err)
		}
		if _, err := s.DecideReport(ctx, f.g1.ID, open[2].ID, f.org, sqlstore.Decision{Action: sqlstore.ActionDismiss}); holdspace.ErrorCode(err) != holdspace.EConflict {
			t.Errorf("deciding a closed report: %v, want conflict", err)
		}
		if _, err := s.DecideReport(ctx, f.g2.ID, open[0].ID, f.org, sqlstore.Decision{Action: sqlstore.ActionDismiss}); holdspace.ErrorCode(err) != holdspace.ENotFound {
			t.Errorf("deciding another group's report: %v, want not found", err)
		}

		// A mute lasts until its time.
		until := f.c.Now().Add(30 * time.Minute)
		if _, err := s.DecideReport(ctx, f.g1.ID, open[0].ID, f.org, sqlstore.Decision{Action: sqlstore.ActionMute, Reason: "Cooling off", MuteUntil: until}); err != nil {
			t.Fatal(err)
		}
		if u, muted, err := s.Muted(ctx, f.g1.ID, f.b); err != nil || !muted || !u.Equal(until) {
			t.Errorf("Muted = %v %v %v, want until %v", u, muted, err, until)
		}
		if _, muted, _ := s.Muted(ctx, f.g2.ID, f.b); muted {
			t.Error("muted in the other group too")
		}
		f.c.Add(31 * time.Minute)
		if _, muted, _ := s.Muted(ctx, f.g1.ID, f.b); muted {
			t.Error("still muted after the time")
		}

		// A warning queues its mail in the same transaction.
		g2reports, _ := s.Reports(ctx, f.g2.ID, sqlstore.ReportOpen)
		mail := &holdspace.Mail{MemberID: f.b, Kind: "warning", Subject: "A note from your group", Body: "Be kind"}
		if _, err := s.DecideReport(ctx, f.g2.ID, g2reports[0].ID, f.org, sqlstore.Decision{Action: sqlstore.ActionWarn, Reason: "First warning", Mail: mail}); err != nil {
			t.Fatal(err)
		}
		var kind string
		if err := db.QueryRowContext(ctx, rebind(`SELECT kind FROM outbox WHERE member_id = ?`), f.b).Scan(&kind); err != nil || kind != "warning" {
			t.Errorf("outbox: %q %v", kind, err)
		}

		var lines []string
		for _, g := range []holdspace.Group{f.g1, f.g2} {
			log, err := s.AuditLog(ctx, g.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range log {
				if e.ActorID != f.org || e.TargetID != f.b {
					t.Errorf("audit line %+v: want actor %d and target %d", e, f.org, f.b)
				}
				lines = append(lines, e.Action+": "+e.Reason)
			}
		}
		if diff := cmp.Diff([]string{"hide_content: Hateful words", "mute_member: Cooling off", "warn_member: First warning"}, lines); diff != "" {
			t.Errorf("audit mismatch (-want +got):\n%s", diff)
		}
		// The reporter never appears in the audit log.
		var n int
		db.QueryRowContext(ctx, rebind(`SELECT COUNT(*) FROM audit_log WHERE actor_id = ? OR actor_id = ?`), f.a, f.cy).Scan(&n)
		if n != 0 {
			t.Errorf("%d audit lines name a reporter", n)
		}
		// Once decided, the same person may report the same thing again.
		if err := s.CreateReports(ctx, f.a, []sqlstore.Report{about(f.g1, "member", fmt.Sprint(f.b), f.b, "harassment")}); err != nil {
			t.Fatal(err)
		}
		if open, _ := s.Reports(ctx, f.g1.ID, sqlstore.ReportOpen); len(open) != 1 {
			t.Errorf("after a new report, %d open, want 1", len(open))
		}
	})
}

func TestSharedGroupsAndNames(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, dsn string) {
		f := newSafetyFixture(t, dsn)
		got, err := f.s.SharedGroups(f.ctx, f.a, f.b)
		if diff := cmp.Diff([]int64{f.g1.ID, f.g2.ID}, got); diff != "" || err != nil {
			t.Errorf("SharedGroups(a, b) mismatch (-want +got), %v:\n%s", err, diff)
		}
		if got, _ := f.s.SharedGroups(f.ctx, f.cy, f.a); len(got) != 1 || got[0] != f.g1.ID {
			t.Errorf("SharedGroups(cy, a) = %v", got)
		}
		if err := f.s.RemoveMember(f.ctx, f.g1.ID, f.cy, f.org, "reason"); err != nil {
			t.Fatal(err)
		}
		if got, _ := f.s.SharedGroups(f.ctx, f.cy, f.a); len(got) != 0 {
			t.Errorf("a removed member still shares %v", got)
		}
		names, err := f.s.GroupNames(f.ctx, f.g1.ID)
		if err != nil || names[f.a] != "Ana" || names[f.cy] != "Cy" || names[f.org] != "Olu O" {
			t.Errorf("GroupNames = %v, %v", names, err)
		}
	})
}

func TestBlocks(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, dsn string) {
		f := newSafetyFixture(t, dsn)
		ctx, s := f.ctx, f.s
		for _, p := range [][2]int64{{f.a, f.b}, {f.a, f.b}, {f.cy, f.a}} {
			if err := s.Block(ctx, p[0], p[1]); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Block(ctx, f.a, f.a); holdspace.ErrorCode(err) != holdspace.EInvalid {
			t.Errorf("blocking yourself: %v", err)
		}
		list, err := s.Blocks(ctx, f.a)
		if err != nil || len(list) != 1 || list[0].BlockedID != f.b || !list[0].CreatedAt.Equal(f.c.Now()) {
			t.Errorf("Blocks(a) = %+v, %v", list, err)
		}
		if with, _ := s.BlockedWith(ctx, f.a); !cmp.Equal(with, []int64{f.b, f.cy}) {
			t.Errorf("BlockedWith(a) = %v, want [%d %d]", with, f.b, f.cy)
		}
		pairs, err := s.BlockedPairs(ctx, []int64{f.org, f.a, f.b, f.cy, f.a})
		if diff := cmp.Diff([][2]int64{{f.a, f.b}, {f.cy, f.a}}, pairs); diff != "" || err != nil {
			t.Errorf("BlockedPairs mismatch (-want +got), %v:\n%s", err, diff)
		}
		// Only pairs with both people in the circle.
		if pairs, _ := s.BlockedPairs(ctx, []int64{f.a, f.org}); len(pairs) != 0 {
			t.Errorf("BlockedPairs without the blocked one = %v", pairs)
		}
		if pairs, _ := s.BlockedPairs(ctx, nil); len(pairs) != 0 {
			t.Errorf("BlockedPairs(nil) = %v", pairs)
		}
		if err := s.Unblock(ctx, f.a, f.b); err != nil {
			t.Fatal(err)
		}
		if err := s.Unblock(ctx, f.a, f.b); holdspace.ErrorCode(err) != holdspace.ENotFound {
			t.Errorf("second unblock: %v", err)
		}
		if pairs, _ := s.BlockedPairs(ctx, []int64{f.a, f.b, f.cy}); !cmp.Equal(pairs, [][2]int64{{f.cy, f.a}}) {
			t.Errorf("after unblock, pairs = %v", pairs)
		}
	})
}

func TestBanMember(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, dsn string) {
		f := newSafetyFixture(t, dsn)
		ctx, s := f.ctx, f.s
		for _, tok := range []string{"t1", "t2"} {
			if err := s.CreateAuthSession(ctx, holdspace.AuthSession{TokenHash: tok, MemberID: f.b, CreatedAt: f.c.Now(), ExpiresAt: f.c.Now().Add(time.Hour)}); err != nil {
				t.Fatal(err)
			}
		}
		groups, err := s.BanMember(ctx, f.b, f.org, "Threats in the second group")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]int64{f.g1.ID, f.g2.ID}, groups); diff != "" {
			t.Errorf("groups mismatch (-want +got):\n%s", diff)
		}
		if n, _ := s.CountAuthSessions(ctx, f.b); n != 0 {
			t.Errorf("%d sessions left after a ban", n)
		}
		if _, _, err := s.SessionMember(ctx, "t1"); holdspace.ErrorCode(err) != holdspace.ENotFound {
			t.Errorf("session after ban: %v", err)
		}
		if _, err := s.MemberByName(ctx, "Ben Account"); holdspace.ErrorCode(err) != holdspace.ENotFound {
			t.Errorf("MemberByName finds a banned member: %v", err)
		}
		// The name stays taken.
		if _, err := s.CreateMember(ctx, holdspace.Member{DisplayName: "ben account", PasswordHash: "h"}); holdspace.ErrorCode(err) != holdspace.EConflict {
			t.Errorf("signing up as a banned name: %v", err)
		}
		// A session made later (say, by a bug) still does not sign them in.
		s.CreateAuthSession(ctx, holdspace.AuthSession{TokenHash: "t3", MemberID: f.b, CreatedAt: f.c.Now(), ExpiresAt: f.c.Now().Add(time.Hour)})
		if _, _, err := s.SessionMember(ctx, "t3"); holdspace.ErrorCode(err) != holdspace.ENotFound {
			t.Errorf("new session after ban: %v", err)
		}
		for _, g := range []holdspace.Group{f.g1, f.g2} {
			ms, err := s.Membership(ctx, g.ID, f.b)
			if err != nil || ms.Status != holdspace.StatusRemoved {
				t.Errorf("membership in %s after ban: %+v %v", g.Slug, ms, err)
			}
			log, _ := s.AuditLog(ctx, g.ID)
			if len(log) != 1 || log[0].Action != "ban_member" || log[0].Reason != "" || log[0].TargetID != f.b {
				t.Errorf("%s audit = %+v, want one ban line without the reason", g.Slug, log)
			}
		}
		db, rebind := f.raw(t)
		var reason string
		if err := db.QueryRowContext(ctx, rebind(`SELECT reason FROM audit_log WHERE group_id IS NULL AND action = 'ban_member' AND target_id = ?`), f.b).Scan(&reason); err != nil || reason != "Threats in the second group" {
			t.Errorf("site audit line: %q %v", reason, err)
		}
		if _, err := s.BanMember(ctx, f.b, f.org, "again"); holdspace.ErrorCode(err) != holdspace.EConflict {
			t.Errorf("second ban: %v", err)
		}
		if _, err := s.BanMember(ctx, 999999, f.org, "nobody"); holdspace.ErrorCode(err) != holdspace.ENotFound {
			t.Errorf("ban of nobody: %v", err)
		}
		// Others are untouched.
		if _, err := s.MemberByName(ctx, "Ana Account"); err != nil {
			t.Errorf("another member: %v", err)
		}
	})
}

func TestSafetyPlan(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, dsn string) {
		f := newSafetyFixture(t, dsn)
		ctx, s := f.ctx, f.s
		p, err := s.SafetyPlan(ctx, f.g1.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(safetyplan.Template(), p.Plan); diff != "" || p.UpdatedBy != 0 {
			t.Errorf("first read is not the template (-want +got), by %d:\n%s", p.UpdatedBy, diff)
		}
		again, _ := s.SafetyPlan(ctx, f.g1.ID)
		if !cmp.Equal(p, again) {
			t.Errorf("second read differs: %+v", again)
		}
		f.c.Add(time.Hour)
		edited := safetyplan.Plan{EmergencyContacts: "Venue desk: ask at reception", LocalResources: "", Steps: "Stay calm\nCall for help"}
		saved, err := s.SaveSafetyPlan(ctx, f.g1.ID, f.org, edited)
		if err != nil {
			t.Fatal(err)
		}
		want := sqlstore.SafetyPlan{GroupID: f.g1.ID, Plan: edited, UpdatedBy: f.org, UpdatedAt: f.c.Now()}
		if diff := cmp.Diff(want, saved); diff != "" {
			t.Errorf("saved mismatch (-want +got):\n%s", diff)
		}
		if other, _ := s.SafetyPlan(ctx, f.g2.ID); !cmp.Equal(other.Plan, safetyplan.Template()) {
			t.Error("editing one group's plan changed another's")
		}
		log, _ := s.AuditLog(ctx, f.g1.ID)
		if len(log) != 1 || log[0].Action != "update_safety_plan" || log[0].ActorID != f.org {
			t.Errorf("audit = %+v", log)
		}
		if _, err := s.SafetyPlan(ctx, 999999); holdspace.ErrorCode(err) != holdspace.ENotFound {
			t.Errorf("plan of no group: %v", err)
		}
	})
}
