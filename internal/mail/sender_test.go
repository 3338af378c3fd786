package mail_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"holdspace/internal/holdspace"
	mailpkg "holdspace/internal/mail"
	"holdspace/internal/mail/mailtest"
	"holdspace/internal/sqlstore"
	"holdspace/internal/sqlstore/sqlstoretest"
)

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

// fixture is a store with a group meeting in London, its organizer and
// an SMTP server.
type fixture struct {
	ctx    context.Context
	c      *clock
	s      *sqlstore.Store
	g      holdspace.Group
	smtp   *mailtest.Server
	sender *mailpkg.Sender
	sched  *mailpkg.Scheduler
}

func newFixture(t *testing.T, dsn string) *fixture {
	t.Helper()
	f := &fixture{ctx: context.Background(), c: &clock{t: time.Date(2026, 6, 8, 12, 0, 0, 0, time.UTC)}}
	f.s = sqlstoretest.Open(t, dsn, f.c.Now)
	org, err := f.s.CreateMember(f.ctx, holdspace.Member{DisplayName: "Maria", PasswordHash: "h"})
	if err != nil {
		t.Fatal(err)
	}
	f.g, err = f.s.CreateGroup(f.ctx, holdspace.Group{
		Slug: "anxiety-circle", Name: "Anxiety Circle", Category: "mental_health", Audience: "lived_experience", Format: "sharing_circle",
		Attendance: "in_person", Access: "open", Cost: "free", Languages: []string{"en"},
		Venue:    holdspace.Venue{Type: "private_home", Address: "14 Rosemount Avenue", City: "Leeds", Country: "GB"},
		Timezone: "Europe/London", Schedule: holdspace.ScheduleSpec{RRule: "FREQ=WEEKLY;BYDAY=TU", StartTime: "19:00", DurationMinutes: 90, StartsOn: "2026-06-01"},
		CreatedBy: org.ID,
	}, "Maria M")
	if err != nil {
		t.Fatal(err)
	}
	f.smtp = mailtest.Start(t, mailtest.Options{})
	client := &mailpkg.Client{Host: f.smtp.Host, Port: f.smtp.Port, TLS: mailpkg.TLSNone, Timeout: 5 * time.Second}
	f.sender = &mailpkg.Sender{Store: f.s, Client: client, From: "Holdspace <noreply@holdspace.test>", BaseURL: "https://holdspace.test", Now: f.c.Now, RetryBase: time.Minute}
	f.sched = &mailpkg.Scheduler{Store: f.s, BaseURL: "https://holdspace.test", Now: f.c.Now}
	return f
}

func (f *fixture) member(t *testing.T, name, email string) holdspace.Member {
	t.Helper()
	m, err := f.s.CreateMember(f.ctx, holdspace.Member{DisplayName: name, Email: email, PasswordHash: "h"})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.s.AddGroupMember(f.ctx, f.g.ID, m.ID, name+" in group", holdspace.RoleMember); err != nil {
		t.Fatal(err)
	}
	return m
}

func (f *fixture) send(t *testing.T) int {
	t.Helper()
	n, err := f.sender.RunOnce(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSenderDeliversSkipsAndRetries(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		jay := f.member(t, "Jay", "jay@example.test")
		none := f.member(t, "No Address", "")
		off := f.member(t, "Off", "off@example.test")
		if err := f.s.SetReminderSettings(f.ctx, off.ID, sqlstore.ReminderSettings{EmailOff: true}); err != nil {
			t.Fatal(err)
		}
		for _, m := range []holdspace.Member{jay, none, off} {
			if err := f.s.Enqueue(f.ctx, holdspace.Mail{MemberID: m.ID, Kind: "join_approved", Subject: "You're in: Anxiety Circle", Body: "Hello " + m.DisplayName + ",\n"}); err != nil {
				t.Fatal(err)
			}
		}
		// The server is busy: nothing is lost, it is tried again later.
		f.smtp.FailNext(1)
		if n := f.send(t); n != 0 {
			t.Errorf("delivered %d while the server refused", n)
		}
		entries, _ := f.s.MailFor(f.ctx, jay.ID)
		if len(entries) != 1 || !entries[0].SentAt.IsZero() || entries[0].Attempts != 1 || !strings.Contains(entries[0].LastError, "451") {
			t.Fatalf("after a refusal: %+v", entries)
		}
		for _, who := range []holdspace.Member{none, off} {
			e, _ := f.s.MailFor(f.ctx, who.ID)
			if len(e) != 1 || e[0].SentAt.IsZero() || !strings.HasPrefix(e[0].LastError, "skipped: ") {
				t.Errorf("%s's message: %+v", who.DisplayName, e)
			}
		}
		if n := f.send(t); n != 0 {
			t.Errorf("retried before its time: %d", n)
		}
		f.c.Add(time.Minute)
		if n := f.send(t); n != 1 {
			t.Fatalf("retry delivered %d, want 1", n)
		}
		msgs := f.smtp.Messages()
		if len(msgs) != 1 {
			t.Fatalf("%d messages arrived", len(msgs))
		}
		m := msgs[0]
		if len(m.To) != 1 || m.To[0] != "jay@example.test" || m.From != "noreply@holdspace.test" {
			t.Errorf("envelope %q -> %q", m.From, m.To)
		}
		unsub := m.Header("List-Unsubscribe")
		if !strings.HasPrefix(unsub, "<https://holdspace.test/unsubscribe/") || m.Header("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
			t.Errorf("unsubscribe headers %q %q", unsub, m.Header("List-Unsubscribe-Post"))
		}
		token := strings.TrimSuffix(strings.TrimPrefix(unsub, "<https://holdspace.test/unsubscribe/"), ">")
		if who, err := f.s.MemberByUnsubscribeToken(f.ctx, token); err != nil || who.ID != jay.ID {
			t.Errorf("the link's token opens %v, %v", who.ID, err)
		}
		text := m.Text()
		for _, want := range []string{"Hello Jay,", "https://holdspace.test/settings/reminders", "Stop all email from Holdspace: https://holdspace.test/unsubscribe/" + token} {
			if !strings.Contains(text, want) {
				t.Errorf("text lacks %q:\n%s", want, text)
			}
		}
		if m.Subject() != "You're in: Anxiety Circle" {
			t.Errorf("subject %q", m.Subject())
		}
		entries, _ = f.s.MailFor(f.ctx, jay.ID)
		if entries[0].SentAt.IsZero() {
			t.Error("delivered message not marked sent")
		}
		// Nothing is sent twice.
		f.c.Add(time.Hour)
		if n := f.send(t); n != 0 || len(f.smtp.Messages()) != 1 {
			t.Errorf("sent again: %d", n)
		}
	})
}

func TestReminderInTheMembersZone(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		jay := f.member(t, "Jay", "jay@example.test")
		other := f.member(t, "Quiet Otter", "otter@example.test")
		if err := f.s.SetReminderSettings(f.ctx, jay.ID, sqlstore.ReminderSettings{Remind24h: true, Remind1h: true, Timezone: "America/New_York"}); err != nil {
			t.Fatal(err)
		}
		start := f.c.Now().Add(23*time.Hour + 50*time.Minute)
		id, err := f.s.CreateExtraSession(f.ctx, f.g.ID, start, start.Add(90*time.Minute), "Sleep and worry")
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range []holdspace.Member{jay, other} {
			if _, err := f.s.RSVP(f.ctx, id, m.ID, sqlstore.RSVPGoing, nil); err != nil {
				t.Fatal(err)
			}
		}
		n, err := f.sched.RunOnce(f.ctx)
		if err != nil || n != 2 {
			t.Fatalf("queued %d reminders (%v), want 2", n, err)
		}
		if n, _ := f.sched.RunOnce(f.ctx); n != 0 {
			t.Errorf("queued %d more on the second run", n)
		}
		f.send(t)
		got := f.smtp.To("jay@example.test")
		if len(got) != 1 {
			t.Fatalf("Jay got %d messages", len(got))
		}
		text := got[0].Text()
		ny, _ := time.LoadLocation("America/New_York")
		london, _ := time.LoadLocation("Europe/London")
		for _, want := range []string{
			"Hello Jay in group,", "Anxiety Circle", "Topic: Sleep and worry", "You said you are going.",
			start.In(ny).Format("Monday 2 January 2006, 15:04") + " to " + start.Add(90*time.Minute).In(ny).Format("15:04 MST") + " (your time, America/New_York)",
			start.In(london).Format("Monday 2 January 2006, 15:04") + " to " + start.Add(90*time.Minute).In(london).Format("15:04 MST") + " (the group's time, Europe/London)",
			"Where: Leeds", "https://holdspace.test/groups/anxiety-circle/sessions",
		} {
			if !strings.Contains(text, want) {
				t.Errorf("reminder lacks %q:\n%s", want, text)
			}
		}
		if want := "Reminder: Anxiety Circle, " + start.In(ny).Format("Monday 2 January at 15:04"); got[0].Subject() != want {
			t.Errorf("subject %q, want %q", got[0].Subject(), want)
		}
		for _, leak := range []string{"Otter", "otter@", "Maria", "14 Rosemount"} {
			if strings.Contains(string(got[0].Data), leak) {
				t.Errorf("Jay's reminder shows %q", leak)
			}
		}
		// The hour before, only Jay chose a reminder. (The group's regular
		// Tuesday session is now a day away, so its day-before reminders
		// go out too.)
		f.c.Add(23 * time.Hour)
		if _, err := f.sched.RunOnce(f.ctx); err != nil {
			t.Fatal(err)
		}
		f.send(t)
		hourBefore := func(to string) (n int) {
			for _, m := range f.smtp.To(to) {
				if strings.Contains(m.Text(), "starts in about an hour") && strings.Contains(m.Text(), "Sleep and worry") {
					n++
				}
			}
			return n
		}
		if n := hourBefore("jay@example.test"); n != 1 {
			t.Errorf("Jay got %d hour-before reminders, want 1", n)
		}
		if n := hourBefore("otter@example.test"); n != 0 {
			t.Errorf("Otter got %d hour-before reminders, want 0", n)
		}
	})
}

func TestSchedulerMaterializesSessions(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		f.member(t, "Jay", "jay@example.test")
		// Monday noon: the Tuesday 19:00 session is 31 hours away.
		if n, _ := f.sched.RunOnce(f.ctx); n != 0 {
			t.Errorf("queued %d reminders a day and a half ahead", n)
		}
		list, err := f.s.UpcomingSessions(f.ctx, f.g.ID, 0, 50)
		if err != nil || len(list) != 8 {
			t.Fatalf("the scheduler made %d sessions (%v), want 8", len(list), err)
		}
		f.c.Add(8 * time.Hour)
		if n, _ := f.sched.RunOnce(f.ctx); n != 1 {
			t.Errorf("queued %d reminders 23 hours ahead, want 1", n)
		}
	})
}
