package sqlstore_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"holdspace/internal/directory"
	"holdspace/internal/holdspace"
	"holdspace/internal/sqlstore"
	"holdspace/internal/sqlstore/sqlstoretest"
)

// sessionFixture is a store with a weekly Tuesday group (19:00 London,
// 90 minutes, from 1 December 2026) and its organizer.
type sessionFixture struct {
	ctx   context.Context
	c     *clock
	s     *sqlstore.Store
	g     holdspace.Group
	org   holdspace.Member
	names int
}

func newSessionFixture(t *testing.T, dsn string) *sessionFixture {
	t.Helper()
	f := &sessionFixture{ctx: context.Background(), c: newClock()}
	f.s = sqlstoretest.Open(t, dsn, f.c.Now)
	var err error
	if f.org, err = f.s.CreateMember(f.ctx, holdspace.Member{DisplayName: "Maria", Email: "maria@example.test", PasswordHash: "h"}); err != nil {
		t.Fatal(err)
	}
	g := holdspace.Group{
		Slug: "tuesday-hope", Name: "Tuesday Hope", Category: "mental_health", Audience: "lived_experience", Format: "sharing_circle",
		Attendance: "in_person", Access: "open", Cost: "free", Languages: []string{"en"},
		Venue:    holdspace.Venue{Type: "community_center", City: "London", Country: "GB"},
		Timezone: "Europe/London", Schedule: holdspace.ScheduleSpec{RRule: "FREQ=WEEKLY;BYDAY=TU", StartTime: "19:00", DurationMinutes: 90, StartsOn: "2026-12-01"},
		CreatedBy: f.org.ID,
	}
	if f.g, err = f.s.CreateGroup(f.ctx, g, "Maria M"); err != nil {
		t.Fatal(err)
	}
	return f
}

// member creates an account with an email and adds it to the group.
func (f *sessionFixture) member(t *testing.T, name string) holdspace.Member {
	t.Helper()
	m, err := f.s.CreateMember(f.ctx, holdspace.Member{DisplayName: name, Email: fmt.Sprintf("member%d@example.test", f.names), PasswordHash: "h"})
	if err != nil {
		t.Fatal(err)
	}
	f.names++
	if err := f.s.AddGroupMember(f.ctx, f.g.ID, m.ID, name+" G", holdspace.RoleMember); err != nil {
		t.Fatal(err)
	}
	f.c.Add(time.Second) // joined_at orders the rota
	return m
}

// materialize builds the group's schedule with its exceptions and makes
// the next 8 occurrences into rows.
func (f *sessionFixture) materialize(t *testing.T) {
	t.Helper()
	g, err := f.s.GroupBySlug(f.ctx, f.g.Slug)
	if err != nil {
		t.Fatal(err)
	}
	ex, err := f.s.GroupExceptions(f.ctx, g.ID)
	if err != nil {
		t.Fatal(err)
	}
	sch, err := directory.Schedule(g, directory.Exceptions(ex))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.s.MaterializeSessions(f.ctx, g, sch, 8); err != nil {
		t.Fatal(err)
	}
}

func (f *sessionFixture) upcoming(t *testing.T, viewer int64) []sqlstore.GroupSession {
	t.Helper()
	list, err := f.s.UpcomingSessions(f.ctx, f.g.ID, viewer, 50)
	if err != nil {
		t.Fatal(err)
	}
	return list
}

func london(t *testing.T, s string) time.Time {
	t.Helper()
	loc, _ := time.LoadLocation("Europe/London")
	v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		t.Fatal(err)
	}
	return v.UTC()
}

func TestMaterializeSessions(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, dsn string) {
		f := newSessionFixture(t, dsn)
		f.materialize(t)
		first := f.upcoming(t, 0)
		if len(first) != 8 {
			t.Fatalf("materialized %d sessions, want 8", len(first))
		}
		if want := london(t, "2026-12-01 19:00"); !first[0].StartsAt.Equal(want) || !first[0].EndsAt.Equal(want.Add(90*time.Minute)) {
			t.Errorf("first session %v to %v, want %v", first[0].StartsAt, first[0].EndsAt, want)
		}
		if first[0].Status != sqlstore.SessionScheduled || first[0].Extra() {
			t.Errorf("first session: %+v", first[0])
		}
		// Again: nothing new, the same rows.
		f.materialize(t)
		if again := f.upcoming(t, 0); !cmp.Equal(first, again) {
			t.Errorf("second materialize changed rows:\n%s", cmp.Diff(first, again))
		}
		// After the first session, one more occurrence; the others keep
		// their ids.
		f.c.Add(15 * 24 * time.Hour)
		f.materialize(t)
		later := f.upcoming(t, 0)
		if len(later) != 8 || later[0].ID != first[1].ID {
			t.Errorf("a week later: %d sessions, first id %d, want 8 and %d", len(later), later[0].ID, first[1].ID)
		}
		// The schedule cancels one and moves another.
		if err := f.s.SetGroupException(f.ctx, holdspace.GroupException{GroupID: f.g.ID, OriginalDate: "2026-12-15", Cancelled: true, Reason: "Room closed"}); err != nil {
			t.Fatal(err)
		}
		moved := london(t, "2026-12-23 18:00")
		if err := f.s.SetGroupException(f.ctx, holdspace.GroupException{GroupID: f.g.ID, OriginalDate: "2026-12-22", MovedTo: moved}); err != nil {
			t.Fatal(err)
		}
		f.materialize(t)
		byID := map[int64]sqlstore.GroupSession{}
		for _, gs := range f.upcoming(t, 0) {
			byID[gs.ID] = gs
		}
		if got := byID[first[2].ID]; got.Status != sqlstore.SessionCancelled {
			t.Errorf("15 December: status %q, want cancelled", got.Status)
		}
		if got := byID[first[3].ID]; !got.StartsAt.Equal(moved) || got.Status != sqlstore.SessionScheduled {
			t.Errorf("22 December moved: %+v, want starting %v", got, moved)
		}
		// A facilitator cancels an occurrence: the schedule learns it too,
		// so materialising keeps it cancelled; undoing it restores both.
		cancelled, scheduled := sqlstore.SessionCancelled, sqlstore.SessionScheduled
		if err := f.s.UpdateSession(f.ctx, first[5].ID, sqlstore.SessionUpdate{Status: &cancelled, Reason: "Holiday"}); err != nil {
			t.Fatal(err)
		}
		f.materialize(t)
		if gs, _ := f.s.Session(f.ctx, first[5].ID, 0); gs.Status != cancelled {
			t.Errorf("cancelled by a facilitator, then materialized: %q", gs.Status)
		}
		ex, _ := f.s.GroupExceptions(f.ctx, f.g.ID)
		if len(ex) != 3 || ex[2].OriginalDate != "2027-01-05" || !ex[2].Cancelled || ex[2].Reason != "Holiday" {
			t.Errorf("exceptions after cancelling 5 January: %+v", ex)
		}
		if err := f.s.UpdateSession(f.ctx, first[5].ID, sqlstore.SessionUpdate{Status: &scheduled}); err != nil {
			t.Fatal(err)
		}
		f.materialize(t)
		if gs, _ := f.s.Session(f.ctx, first[5].ID, 0); gs.Status != scheduled {
			t.Errorf("cancellation undone, then materialized: %q", gs.Status)
		}
		if ex, _ := f.s.GroupExceptions(f.ctx, f.g.ID); len(ex) != 2 {
			t.Errorf("exceptions after undoing: %+v", ex)
		}
		// The group moves to Wednesdays: Tuesday rows nobody answered go;
		// one a member answered stays, cancelled.
		m := f.member(t, "Sam")
		if _, err := f.s.RSVP(f.ctx, first[4].ID, m.ID, sqlstore.RSVPGoing, nil); err != nil {
			t.Fatal(err)
		}
		g := f.g
		g.Schedule.RRule = "FREQ=WEEKLY;BYDAY=WE"
		if _, err := f.s.UpdateGroup(f.ctx, g); err != nil {
			t.Fatal(err)
		}
		if err := f.s.DeleteGroupException(f.ctx, f.g.ID, "2026-12-15"); err != nil {
			t.Fatal(err)
		}
		if err := f.s.DeleteGroupException(f.ctx, f.g.ID, "2026-12-22"); err != nil {
			t.Fatal(err)
		}
		f.materialize(t)
		var tuesdays, wednesdays int
		for _, gs := range f.upcoming(t, 0) {
			day := gs.StartsAt.Weekday()
			switch {
			case day == time.Tuesday && gs.ID == first[4].ID:
				if gs.Status != sqlstore.SessionCancelled {
					t.Errorf("answered Tuesday session: status %q, want cancelled", gs.Status)
				}
			case day == time.Tuesday:
				tuesdays++
			case day == time.Wednesday:
				wednesdays++
			}
		}
		if tuesdays != 0 || wednesdays != 8 {
			t.Errorf("after the move to Wednesdays: %d other Tuesdays, %d Wednesdays; want 0 and 8", tuesdays, wednesdays)
		}
	})
}

func TestRotaRoundRobin(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, dsn string) {
		f := newSessionFixture(t, dsn)
		yes := true
		var trained []holdspace.Member
		for _, n := range []string{"Ana", "Ben", "Cy"} {
			m := f.member(t, n)
			if err := f.s.SetMemberFlags(f.ctx, f.g.ID, m.ID, nil, &yes, nil); err != nil {
				t.Fatal(err)
			}
			trained = append(trained, m)
		}
		untrained := f.member(t, "Dee")
		f.materialize(t)
		list := f.upcoming(t, 0)
		for i, gs := range list {
			want := trained[i%3]
			if gs.FacilitatorID != want.ID || gs.FacilitatorName != want.DisplayName+" G" {
				t.Errorf("session %d facilitator %d %q, want %d %q", i, gs.FacilitatorID, gs.FacilitatorName, want.ID, want.DisplayName+" G")
			}
		}
		// Facilitators can change it, to someone trained or facilitating.
		org := f.org.ID
		if err := f.s.UpdateSession(f.ctx, list[0].ID, sqlstore.SessionUpdate{FacilitatorID: &org}); err != nil {
			t.Fatal(err)
		}
		if gs, _ := f.s.Session(f.ctx, list[0].ID, 0); gs.FacilitatorName != "Maria M" {
			t.Errorf("changed facilitator: %q", gs.FacilitatorName)
		}
		err := f.s.UpdateSession(f.ctx, list[1].ID, sqlstore.SessionUpdate{FacilitatorID: &untrained.ID})
		if holdspace.ErrorField(err) != "facilitator_id" {
			t.Errorf("untrained facilitator: %v", err)
		}
		topic, cancelled := "Sleep", sqlstore.SessionCancelled
		if err := f.s.UpdateSession(f.ctx, list[1].ID, sqlstore.SessionUpdate{Topic: &topic, Status: &cancelled}); err != nil {
			t.Fatal(err)
		}
		if gs, _ := f.s.Session(f.ctx, list[1].ID, 0); gs.Topic != "Sleep" || gs.Status != sqlstore.SessionCancelled {
			t.Errorf("after update: %+v", gs)
		}
		bad := "ended"
		if err := f.s.UpdateSession(f.ctx, list[1].ID, sqlstore.SessionUpdate{Status: &bad}); holdspace.ErrorField(err) != "status" {
			t.Errorf("status ended by hand: %v", err)
		}
	})
}

func promoted(p sqlstore.Promotion) holdspace.Mail {
	return holdspace.Mail{Subject: "A place for " + p.DisplayName + " in " + p.Group.Name, Body: p.Session.StartsAt.Format(time.RFC3339)}
}

func mailKinds(t *testing.T, f *sessionFixture, memberID int64) []string {
	t.Helper()
	list, err := f.s.MailFor(f.ctx, memberID)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range list {
		out = append(out, m.Kind)
	}
	return out
}

func TestRSVPAndWaitlist(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, dsn string) {
		f := newSessionFixture(t, dsn)
		var ms []holdspace.Member
		for _, n := range []string{"Ana", "Ben", "Cy", "Dee", "Eli"} {
			ms = append(ms, f.member(t, n))
		}
		outsider, _ := f.s.CreateMember(f.ctx, holdspace.Member{DisplayName: "Outsider", PasswordHash: "h"})
		if err := f.s.SetGroupCapacity(f.ctx, f.g.ID, f.org.ID, 2, promoted); err != nil {
			t.Fatal(err)
		}
		start := f.c.Now().Add(48 * time.Hour)
		id, err := f.s.CreateExtraSession(f.ctx, f.g.ID, start, start.Add(time.Hour), "Hope")
		if err != nil {
			t.Fatal(err)
		}
		answer := func(m holdspace.Member, a string, build func(sqlstore.Promotion) holdspace.Mail) sqlstore.RSVPResult {
			t.Helper()
			r, err := f.s.RSVP(f.ctx, id, m.ID, a, build)
			if err != nil {
				t.Fatalf("%s answers %s: %v", m.DisplayName, a, err)
			}
			return r
		}
		for i, want := range []sqlstore.RSVPResult{{"going", 0}, {"going", 0}, {"waitlist", 1}, {"waitlist", 2}} {
			if got := answer(ms[i], sqlstore.RSVPGoing, promoted); got != want {
				t.Errorf("%s going: %+v, want %+v", ms[i].DisplayName, got, want)
			}
		}
		answer(ms[4], sqlstore.RSVPMaybe, promoted)
		gs, _ := f.s.Session(f.ctx, id, ms[3].ID)
		if gs.Going != 2 || gs.Maybe != 1 || gs.Waitlist != 2 || gs.MyAnswer != "waitlist" || gs.MyPosition != 2 {
			t.Errorf("counts: %+v", gs)
		}
		// Saying going again keeps one's place.
		if got := answer(ms[3], sqlstore.RSVPGoing, promoted); got != (sqlstore.RSVPResult{"waitlist", 2}) {
			t.Errorf("going twice: %+v", got)
		}
		// Outsiders are not told the session exists.
		if _, err := f.s.RSVP(f.ctx, id, outsider.ID, sqlstore.RSVPGoing, promoted); holdspace.ErrorCode(err) != holdspace.ENotFound {
			t.Errorf("outsider RSVP: %v", err)
		}
		if _, err := f.s.RSVP(f.ctx, id, ms[0].ID, "perhaps", promoted); holdspace.ErrorField(err) != "answer" {
			t.Errorf("bad answer: %v", err)
		}
		// Ana drops out: Cy (first on the waitlist) gets the place and an
		// email; Dee moves up.
		answer(ms[0], sqlstore.RSVPNotGoing, promoted)
		if gs, _ := f.s.Session(f.ctx, id, ms[2].ID); gs.MyAnswer != "going" || gs.Going != 2 || gs.Waitlist != 1 {
			t.Errorf("after Ana drops out, Cy: %+v", gs)
		}
		if gs, _ := f.s.Session(f.ctx, id, ms[3].ID); gs.MyPosition != 1 {
			t.Errorf("Dee's place: %d, want 1", gs.MyPosition)
		}
		if got := mailKinds(t, f, ms[2].ID); !cmp.Equal(got, []string{"waitlist_promoted"}) {
			t.Errorf("Cy's mail: %v", got)
		}
		mail, _ := f.s.MailFor(f.ctx, ms[2].ID)
		if mail[0].Subject != "A place for Cy G in Tuesday Hope" {
			t.Errorf("promotion subject %q", mail[0].Subject)
		}
		if got := mailKinds(t, f, ms[3].ID); got != nil {
			t.Errorf("Dee got mail: %v", got)
		}
		// The promotion and its email are one transaction: when writing
		// fails part way, Ben stays going and Dee stays waiting, unmailed.
		ctx, cancel := context.WithCancel(f.ctx)
		_, err = f.s.RSVP(ctx, id, ms[1].ID, sqlstore.RSVPNotGoing, func(p sqlstore.Promotion) holdspace.Mail {
			cancel()
			return promoted(p)
		})
		if err == nil {
			t.Fatal("RSVP with a failing promotion succeeded")
		}
		if gs, _ := f.s.Session(f.ctx, id, ms[1].ID); gs.MyAnswer != "going" {
			t.Errorf("Ben after the failed change: %q, want going", gs.MyAnswer)
		}
		if gs, _ := f.s.Session(f.ctx, id, ms[3].ID); gs.MyAnswer != "waitlist" || gs.MyPosition != 1 {
			t.Errorf("Dee after the failed change: %+v", gs)
		}
		if got := mailKinds(t, f, ms[3].ID); got != nil {
			t.Errorf("Dee mailed by a rolled-back change: %v", got)
		}
		// Someone who left the group is passed over: Eli waits behind Dee,
		// Dee leaves, Ben drops out, and Eli gets the place.
		answer(ms[4], sqlstore.RSVPGoing, promoted)
		if err := f.s.Leave(f.ctx, f.g.ID, ms[3].ID); err != nil {
			t.Fatal(err)
		}
		answer(ms[1], sqlstore.RSVPNotGoing, promoted)
		if gs, _ := f.s.Session(f.ctx, id, ms[4].ID); gs.MyAnswer != "going" {
			t.Errorf("Eli after Dee left and Ben dropped out: %+v", gs)
		}
		if got := mailKinds(t, f, ms[3].ID); got != nil {
			t.Errorf("Dee, who left, was mailed: %v", got)
		}
		// Back again, Dee waits; raising the capacity lets Dee in at once.
		if _, err := f.s.Join(f.ctx, f.g.ID, ms[3].ID, "Dee G", "", true); err != nil {
			t.Fatal(err)
		}
		if err := f.s.SetGroupCapacity(f.ctx, f.g.ID, f.org.ID, 3, promoted); err != nil {
			t.Fatal(err)
		}
		if gs, _ := f.s.Session(f.ctx, id, ms[3].ID); gs.MyAnswer != "going" || gs.Going != 3 {
			t.Errorf("Dee after capacity 3: %+v", gs)
		}
		if got := mailKinds(t, f, ms[3].ID); !cmp.Equal(got, []string{"waitlist_promoted"}) {
			t.Errorf("Dee's mail: %v", got)
		}
		// No answers but "not going" once cancelled.
		cancelled := sqlstore.SessionCancelled
		if err := f.s.UpdateSession(f.ctx, id, sqlstore.SessionUpdate{Status: &cancelled}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.RSVP(f.ctx, id, ms[4].ID, sqlstore.RSVPGoing, promoted); holdspace.ErrorField(err) != "answer" {
			t.Errorf("going to a cancelled session: %v", err)
		}
		answer(ms[4], sqlstore.RSVPNotGoing, promoted)
	})
}

func checkin(c sqlstore.Checkin) holdspace.Mail {
	return holdspace.Mail{Subject: "How are you finding " + c.Group.Name + "?", Body: fmt.Sprintf("Hello %s, %d sessions", c.DisplayName, c.Sessions)}
}

func TestAttendanceAndNewcomerCheckin(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, dsn string) {
		f := newSessionFixture(t, dsn)
		newcomer := f.member(t, "Sam")
		now := f.c.Now()
		var ids []int64
		for _, d := range []time.Duration{-72 * time.Hour, -48 * time.Hour, -24 * time.Hour, -30 * time.Minute} {
			id, err := f.s.CreateExtraSession(f.ctx, f.g.ID, now.Add(d), now.Add(d+time.Hour), "")
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		future, _ := f.s.CreateExtraSession(f.ctx, f.g.ID, now.Add(3*time.Hour), now.Add(4*time.Hour), "")
		for i, id := range ids {
			if err := f.s.MarkAttendance(f.ctx, id, newcomer.ID, true, "facilitator", checkin); err != nil {
				t.Fatal(err)
			}
			if err := f.s.MarkAttendance(f.ctx, id, f.org.ID, true, "circle", checkin); err != nil {
				t.Fatal(err)
			}
			want := []string(nil)
			if i >= 2 {
				want = []string{"newcomer_checkin"}
			}
			if got := mailKinds(t, f, newcomer.ID); !cmp.Equal(got, want) {
				t.Errorf("after %d sessions, newcomer's mail %v, want %v", i+1, got, want)
			}
		}
		// Marking twice is harmless; the organizer is no newcomer.
		if err := f.s.MarkAttendance(f.ctx, ids[3], newcomer.ID, true, "circle", checkin); err != nil {
			t.Fatal(err)
		}
		if got := mailKinds(t, f, f.org.ID); got != nil {
			t.Errorf("organizer got %v", got)
		}
		mail, _ := f.s.MailFor(f.ctx, newcomer.ID)
		if len(mail) != 1 || mail[0].Body != "Hello Sam G, 3 sessions" {
			t.Errorf("check-in mail: %+v", mail)
		}
		counts, _ := f.s.AttendanceCounts(f.ctx, f.g.ID)
		if counts[newcomer.ID] != 4 || counts[f.org.ID] != 4 {
			t.Errorf("counts %v", counts)
		}
		list, _ := f.s.Attendance(f.ctx, ids[0])
		if len(list) != 2 || list[0].DisplayName != "Maria M" || list[0].Source != "circle" || list[1].Source != "facilitator" {
			t.Errorf("attendance: %+v", list)
		}
		if err := f.s.MarkAttendance(f.ctx, ids[0], newcomer.ID, false, "facilitator", checkin); err != nil {
			t.Fatal(err)
		}
		if list, _ := f.s.Attendance(f.ctx, ids[0]); len(list) != 1 {
			t.Errorf("after unmarking: %+v", list)
		}
		// Too early, or someone outside the group.
		if err := f.s.MarkAttendance(f.ctx, future, newcomer.ID, true, "facilitator", checkin); holdspace.ErrorField(err) != "present" {
			t.Errorf("marking a session 3 hours away: %v", err)
		}
		outsider, _ := f.s.CreateMember(f.ctx, holdspace.Member{DisplayName: "Outsider", PasswordHash: "h"})
		if err := f.s.MarkAttendance(f.ctx, ids[3], outsider.ID, true, "facilitator", checkin); holdspace.ErrorField(err) != "member_id" {
			t.Errorf("marking an outsider: %v", err)
		}
	})
}

func TestRemindersDueOnce(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, dsn string) {
		f := newSessionFixture(t, dsn)
		yes := f.member(t, "Yes")             // email, 24h reminders (the default)
		noEmail := f.member(t, "No Email")    // no address
		off := f.member(t, "Off")             // turned email off
		notGoing := f.member(t, "Not Going")  // said not going
		optedOut := f.member(t, "Opted Out")  // no 24h reminders
		waiting := f.member(t, "Waiting One") // on the waitlist
		maybe := f.member(t, "Maybe")         // said maybe, in New York
		if err := f.s.SetEmail(f.ctx, noEmail.ID, ""); err != nil {
			t.Fatal(err)
		}
		if err := f.s.SetReminderSettings(f.ctx, off.ID, sqlstore.ReminderSettings{Remind24h: true, EmailOff: true}); err != nil {
			t.Fatal(err)
		}
		if err := f.s.SetReminderSettings(f.ctx, optedOut.ID, sqlstore.ReminderSettings{Remind1h: true}); err != nil {
			t.Fatal(err)
		}
		if err := f.s.SetReminderSettings(f.ctx, maybe.ID, sqlstore.ReminderSettings{Remind24h: true, Remind1h: true, Timezone: "America/New_York"}); err != nil {
			t.Fatal(err)
		}
		if err := f.s.SetGroupCapacity(f.ctx, f.g.ID, f.org.ID, 1, nil); err != nil {
			t.Fatal(err)
		}
		now := f.c.Now()
		start := now.Add(23*time.Hour + 50*time.Minute)
		id, err := f.s.CreateExtraSession(f.ctx, f.g.ID, start, start.Add(time.Hour), "")
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range []struct {
			m holdspace.Member
			a string
		}{{yes, "going"}, {notGoing, "not_going"}, {waiting, "going"}, {maybe, "maybe"}} {
			if _, err := f.s.RSVP(f.ctx, id, a.m.ID, a.a, nil); err != nil {
				t.Fatal(err)
			}
		}
		names := func(list []sqlstore.Reminder) []string {
			var out []string
			for _, r := range list {
				out = append(out, r.DisplayName)
			}
			return out
		}
		due, err := f.s.DueReminders(f.ctx, sqlstore.Remind24h, now.Add(time.Hour), now.Add(24*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		// The organizer has an address and the default choice, and has not
		// answered: reminded too.
		if want := []string{"Maria M", "Yes G", "Maybe G"}; !cmp.Equal(names(due), want) {
			t.Errorf("due 24h reminders to %v, want %v", names(due), want)
		}
		for _, r := range due {
			if r.Session.ID != id || r.Group.Name != "Tuesday Hope" || r.Kind != "24h" {
				t.Errorf("reminder %+v", r)
			}
			if r.DisplayName == "Maybe G" && (r.MemberTimezone != "America/New_York" || r.Answer != "maybe") {
				t.Errorf("Maybe's reminder: %+v", r)
			}
			ok, err := f.s.QueueReminder(f.ctx, r, holdspace.Mail{Subject: "Reminder", Body: r.DisplayName})
			if err != nil || !ok {
				t.Errorf("queue %s: %v %v", r.DisplayName, ok, err)
			}
			if ok, _ := f.s.QueueReminder(f.ctx, r, holdspace.Mail{Subject: "Reminder", Body: r.DisplayName}); ok {
				t.Errorf("queued %s's reminder twice", r.DisplayName)
			}
		}
		if again, _ := f.s.DueReminders(f.ctx, sqlstore.Remind24h, now.Add(time.Hour), now.Add(24*time.Hour)); len(again) != 0 {
			t.Errorf("due again: %v", names(again))
		}
		if got := mailKinds(t, f, yes.ID); !cmp.Equal(got, []string{"reminder_24h"}) {
			t.Errorf("Yes's mail: %v", got)
		}
		for _, m := range []holdspace.Member{noEmail, off, notGoing, optedOut, waiting} {
			if got := mailKinds(t, f, m.ID); got != nil {
				t.Errorf("%s got %v", m.DisplayName, got)
			}
		}
		// The hour before: only those who chose it.
		f.c.Add(23 * time.Hour)
		now = f.c.Now()
		due, _ = f.s.DueReminders(f.ctx, sqlstore.Remind1h, now, now.Add(time.Hour))
		if want := []string{"Opted Out G", "Maybe G"}; !cmp.Equal(names(due), want) {
			t.Errorf("due 1h reminders to %v, want %v", names(due), want)
		}
	})
}

func TestOutboxAndTokens(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, dsn string) {
		f := newSessionFixture(t, dsn)
		m := f.member(t, "Sam")
		if err := f.s.Enqueue(f.ctx, holdspace.Mail{MemberID: m.ID, Kind: "join_approved", Subject: "You're in", Body: "Welcome"}); err != nil {
			t.Fatal(err)
		}
		pending, err := f.s.PendingMail(f.ctx, 10)
		if err != nil || len(pending) != 1 || pending[0].Subject != "You're in" || pending[0].MemberID != m.ID {
			t.Fatalf("pending: %+v %v", pending, err)
		}
		if ok, err := f.s.ClaimMail(f.ctx, pending[0], f.c.Now().Add(time.Minute)); !ok || err != nil {
			t.Fatalf("claim: %v %v", ok, err)
		}
		if ok, _ := f.s.ClaimMail(f.ctx, pending[0], f.c.Now().Add(time.Minute)); ok {
			t.Error("claimed twice")
		}
		if again, _ := f.s.PendingMail(f.ctx, 10); len(again) != 0 {
			t.Errorf("claimed mail still pending: %+v", again)
		}
		if err := f.s.MarkMailFailed(f.ctx, pending[0].ID, "451 try later", f.c.Now().Add(2*time.Minute)); err != nil {
			t.Fatal(err)
		}
		f.c.Add(2 * time.Minute)
		pending, _ = f.s.PendingMail(f.ctx, 10)
		if len(pending) != 1 || pending[0].Attempts != 1 {
			t.Fatalf("after a failure: %+v", pending)
		}
		if err := f.s.MarkMailSent(f.ctx, pending[0].ID, ""); err != nil {
			t.Fatal(err)
		}
		if again, _ := f.s.PendingMail(f.ctx, 10); len(again) != 0 {
			t.Errorf("sent mail still pending")
		}
		all, _ := f.s.MailFor(f.ctx, m.ID)
		if len(all) != 1 || all[0].SentAt.IsZero() || all[0].LastError != "451 try later" {
			t.Errorf("outbox record: %+v", all)
		}

		// The unsubscribe secret is made once and turns email off.
		r, err := f.s.MailRecipient(f.ctx, m.ID, "unsub-1")
		if err != nil || r.Email == "" || r.EmailOff || r.UnsubscribeToken != "unsub-1" {
			t.Fatalf("recipient: %+v %v", r, err)
		}
		if r, _ := f.s.MailRecipient(f.ctx, m.ID, "unsub-2"); r.UnsubscribeToken != "unsub-1" {
			t.Errorf("token changed: %q", r.UnsubscribeToken)
		}
		if got, err := f.s.MemberByUnsubscribeToken(f.ctx, "unsub-1"); err != nil || got.ID != m.ID {
			t.Errorf("by unsubscribe token: %v %v", got.ID, err)
		}
		if err := f.s.Unsubscribe(f.ctx, "unsub-1"); err != nil {
			t.Fatal(err)
		}
		if err := f.s.Unsubscribe(f.ctx, "nope"); holdspace.ErrorCode(err) != holdspace.ENotFound {
			t.Errorf("unknown token: %v", err)
		}
		if r, _ := f.s.MailRecipient(f.ctx, m.ID, "x"); !r.EmailOff {
			t.Error("email still on after unsubscribing")
		}

		// The calendar secret: stable until reset, then the old one is gone.
		tok, err := f.s.CalendarToken(f.ctx, m.ID, "cal-1")
		if err != nil || tok != "cal-1" {
			t.Fatalf("calendar token %q %v", tok, err)
		}
		if tok, _ := f.s.CalendarToken(f.ctx, m.ID, "cal-2"); tok != "cal-1" {
			t.Errorf("calendar token changed without a reset: %q", tok)
		}
		if tok, _ := f.s.ResetCalendarToken(f.ctx, m.ID, "cal-3"); tok != "cal-3" {
			t.Errorf("reset gave %q", tok)
		}
		if _, err := f.s.MemberByCalendarToken(f.ctx, "cal-1"); holdspace.ErrorCode(err) != holdspace.ENotFound {
			t.Errorf("old calendar token: %v", err)
		}
		if got, err := f.s.MemberByCalendarToken(f.ctx, "cal-3"); err != nil || got.ID != m.ID {
			t.Errorf("new calendar token: %v %v", got.ID, err)
		}
		// Member sessions: across the member's groups only.
		f.materialize(t)
		list, err := f.s.MemberSessions(f.ctx, m.ID, f.c.Now(), 100)
		if err != nil || len(list) != 8 {
			t.Errorf("member sessions: %d %v", len(list), err)
		}
		stranger, _ := f.s.CreateMember(f.ctx, holdspace.Member{DisplayName: "Stranger", PasswordHash: "h"})
		if list, _ := f.s.MemberSessions(f.ctx, stranger.ID, f.c.Now(), 100); len(list) != 0 {
			t.Errorf("a stranger's calendar has %d sessions", len(list))
		}
	})
}
