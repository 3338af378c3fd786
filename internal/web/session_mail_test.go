package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"holdspace/internal/mail/mailtest"
	"holdspace/internal/sqlstore/sqlstoretest"
	"holdspace/internal/testserver"
)

// startWithMail runs fn against the real server on SQLite and PostgreSQL,
// each sending through its own SMTP server on loopback.
func startWithMail(t *testing.T, fn func(t *testing.T, srv *testserver.Server, smtp *mailtest.Server)) {
	run := func(t *testing.T, db ...string) {
		smtp := mailtest.Start(t, mailtest.Options{})
		args := append(db, "--demo", "--signup-limit", "1000", "--smtp-host", smtp.Host, "--smtp-port", strconv.Itoa(smtp.Port),
			"--smtp-tls", "none", "--smtp-from", "Holdspace <noreply@holdspace.test>", "--mail-interval", "200ms")
		fn(t, testserver.Start(t, args...), smtp)
	}
	t.Run("sqlite", func(t *testing.T) { run(t) })
	t.Run("postgres", func(t *testing.T) { run(t, "--db", sqlstoretest.PostgresDSN(t)) })
}

// setEmail gives the signed-in member an email address with the form.
func setEmail(t *testing.T, srv *testserver.Server, c *http.Client, email string) {
	t.Helper()
	resp := formPost(t, c, srv.URL, "/settings", "/settings/email", url.Values{"email": {email}})
	resp.Body.Close()
	if resp.StatusCode != 200 && resp.StatusCode != 303 {
		t.Fatalf("set email %s: %d", email, resp.StatusCode)
	}
	if r := call(t, c, "GET", srv.URL+"/api/v1/me/reminders", nil); r.Body["has_email"] != true {
		t.Fatalf("email not saved: %s", r.Raw)
	}
}

// withText keeps the messages to rcpt whose text holds every one of words.
func withText(msgs []mailtest.Message, rcpt string, words ...string) []mailtest.Message {
	var out []mailtest.Message
next:
	for _, m := range msgs {
		if len(m.To) != 1 || m.To[0] != rcpt {
			continue
		}
		text := m.Subject() + "\n" + m.Text()
		for _, w := range words {
			if !strings.Contains(text, w) {
				continue next
			}
		}
		out = append(out, m)
	}
	return out
}

func TestSessionEmail(t *testing.T) {
	startWithMail(t, func(t *testing.T, srv *testserver.Server, smtp *mailtest.Server) {
		u := srv.URL + "/api/v1"
		slug := "tuesday-evening-anxiety-circle"
		maria := login(t, srv, "Maria", "demo-maria-facilitator")
		james := login(t, srv, "James", "demo-james-member")
		otter := signup(t, srv, "Otter Account")
		if r := call(t, otter, "POST", u+"/groups/"+slug+"/join", map[string]string{"display_name": "Quiet Otter"}); r.Body["status"] != "member" {
			t.Fatalf("otter joins: %s", r.Raw)
		}
		r := call(t, james, "PATCH", u+"/me/reminders", map[string]any{"remind_24h": true, "remind_1h": false, "timezone": "America/New_York"})
		if r.Status != 200 || r.Body["email_enabled"] != true || r.Body["has_email"] != false {
			t.Fatalf("reminders: %d %s", r.Status, r.Raw)
		}
		if p := get(t, james, srv.URL+"/settings/reminders"); strings.Contains(p, "has not set up email") {
			t.Error("the reminders page says email is not set up")
		}

		// A session 23 hours 50 minutes away: the day-before reminder is due.
		start := time.Now().Add(23*time.Hour + 50*time.Minute).Truncate(time.Minute)
		id := sessNew(t, srv, maria, slug, start, "Sleep and worry")
		for _, c := range []*http.Client{james, otter} {
			if r := sessAnswer(t, srv, c, id, "going"); r.Body["my_rsvp"] != "going" {
				t.Fatalf("RSVP: %s", r.Raw)
			}
		}
		// Addresses last, so no reminder goes out before the answers are in.
		setEmail(t, srv, james, "jay@example.test")
		setEmail(t, srv, otter, "otter@example.test")
		setEmail(t, srv, maria, "maria@example.test")
		msgs := smtp.Wait(t, 20*time.Second, "Jay's reminder", func(m []mailtest.Message) bool {
			return len(withText(m, "jay@example.test", "Sleep and worry")) > 0 && len(withText(m, "otter@example.test", "Sleep and worry")) > 0
		})
		jay := withText(msgs, "jay@example.test", "Sleep and worry")[0]
		ny, _ := time.LoadLocation("America/New_York")
		london, _ := time.LoadLocation("Europe/London")
		end := start.Add(90 * time.Minute)
		// span is how a reminder gives a session's time in one zone: the end
		// carries its own date when the session runs past midnight there.
		span := func(loc *time.Location) string {
			s, e := start.In(loc), end.In(loc)
			to := e.Format("15:04 MST")
			if e.YearDay() != s.YearDay() {
				to = e.Format("Monday 2 January, 15:04 MST")
			}
			return s.Format("Monday 2 January 2006, 15:04") + " to " + to
		}
		text := jay.Text()
		for _, want := range []string{
			"Hello Jay,", "Tuesday Evening Anxiety Circle", "Topic: Sleep and worry", "You said you are going.",
			span(ny) + " (your time, America/New_York)",
			span(london) + " (the group's time, Europe/London)",
			srv.URL + "/groups/" + slug + "/sessions", srv.URL + "/settings/reminders",
		} {
			if !strings.Contains(text, want) {
				t.Errorf("reminder lacks %q:\n%s", want, text)
			}
		}
		if want := "Reminder: Tuesday Evening Anxiety Circle, " + start.In(ny).Format("Monday 2 January at 15:04"); jay.Subject() != want {
			t.Errorf("subject %q, want %q", jay.Subject(), want)
		}
		if len(jay.To) != 1 || jay.From != "noreply@holdspace.test" {
			t.Errorf("envelope %q -> %q", jay.From, jay.To)
		}
		p, err := jay.Parsed()
		if err != nil {
			t.Fatal(err)
		}
		for name, want := range map[string]string{
			"From": `"Holdspace" <noreply@holdspace.test>`, "To": "<jay@example.test>", "MIME-Version": "1.0",
			"Content-Type": "text/plain; charset=utf-8", "Content-Transfer-Encoding": "quoted-printable",
			"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		} {
			if got := p.Header.Get(name); got != want {
				t.Errorf("%s: %q, want %q", name, got, want)
			}
		}
		if d, err := p.Header.Date(); err != nil || time.Since(d) > time.Minute {
			t.Errorf("Date %q: %v", p.Header.Get("Date"), err)
		}
		if id := p.Header.Get("Message-ID"); !strings.HasSuffix(id, "@holdspace.test>") {
			t.Errorf("Message-ID %q", id)
		}
		unsub := strings.TrimSuffix(strings.TrimPrefix(p.Header.Get("List-Unsubscribe"), "<"), ">")
		if !strings.HasPrefix(unsub, srv.URL+"/unsubscribe/") || !strings.Contains(text, unsub) {
			t.Errorf("unsubscribe link %q", unsub)
		}
		for _, leak := range []string{"Otter", "otter@", "Maria", "maria@", "James", "video.example.org"} {
			if strings.Contains(string(jay.Data), leak) {
				t.Errorf("Jay's reminder shows %q", leak)
			}
		}
		// The organizer, who has not answered, is reminded in the group's
		// time only.
		smtp.Wait(t, 20*time.Second, "Maria's reminder", func(m []mailtest.Message) bool {
			return len(withText(m, "maria@example.test", "Sleep and worry")) > 0
		})
		if got := withText(smtp.Messages(), "maria@example.test", "Sleep and worry"); len(got) != 1 || strings.Contains(got[0].Text(), "your time") {
			t.Errorf("Maria's reminders: %d", len(got))
		}

		// A waitlist place, told by email.
		if r := call(t, maria, "PUT", u+"/groups/"+slug+"/capacity", map[string]int{"capacity": 1}); r.Status != 200 {
			t.Fatalf("capacity: %d %s", r.Status, r.Raw)
		}
		later := time.Now().AddDate(0, 0, 7).Truncate(time.Minute)
		full := sessNew(t, srv, maria, slug, later, "Self-compassion")
		sessAnswer(t, srv, otter, full, "going")
		if r := sessAnswer(t, srv, james, full, "going"); r.Body["my_rsvp"] != "waitlist" || r.Body["waitlist_position"] != 1.0 {
			t.Fatalf("waitlist: %s", r.Raw)
		}
		sessAnswer(t, srv, otter, full, "not_going")
		msgs = smtp.Wait(t, 20*time.Second, "the waitlist email", func(m []mailtest.Message) bool {
			return len(withText(m, "jay@example.test", "A place has opened up for you")) > 0
		})
		promo := withText(msgs, "jay@example.test", "A place has opened up for you")[0]
		if promo.Subject() != "A place has opened up for you: Tuesday Evening Anxiety Circle" ||
			!strings.Contains(promo.Text(), later.In(ny).Format("Monday 2 January 2006, 15:04")) || !strings.Contains(promo.Text(), "Topic: Self-compassion") {
			t.Errorf("promotion: %q\n%s", promo.Subject(), promo.Text())
		}
		if strings.Contains(string(promo.Data), "Otter") {
			t.Error("the promotion names who dropped out")
		}

		if r := call(t, maria, "PUT", u+"/groups/"+slug+"/capacity", map[string]int{"capacity": 0}); r.Status != 200 {
			t.Fatalf("no limit: %d %s", r.Status, r.Raw)
		}

		// A join decision, queued by the membership code, is delivered.
		rowan := signup(t, srv, "Rowan Account")
		setEmail(t, srv, rowan, "rowan@example.test")
		if r := call(t, rowan, "POST", u+"/groups/after-loss-circle/join", map[string]string{"display_name": "Ro"}); r.Body["status"] != "requested" {
			t.Fatalf("request: %s", r.Raw)
		}
		if r := call(t, maria, "POST", fmt.Sprintf("%s/groups/after-loss-circle/requests/%d/approve", u, sessMemberID(t, srv, rowan)), map[string]string{"message": "Welcome, Ro."}); r.Status != 200 {
			t.Fatalf("approve: %d %s", r.Status, r.Raw)
		}
		msgs = smtp.Wait(t, 20*time.Second, "the approval email", func(m []mailtest.Message) bool {
			return len(withText(m, "rowan@example.test", "You're in: After Loss: Grief Circle")) > 0
		})
		approval := withText(msgs, "rowan@example.test", "You're in")[0]
		if !strings.Contains(approval.Text(), "Welcome, Ro.") || !strings.HasPrefix(approval.Header("List-Unsubscribe"), "<"+srv.URL+"/unsubscribe/") {
			t.Errorf("approval email:\n%s", approval.Data)
		}

		// One click, with no cookie, turns Jay's email off.
		oneClick := testserver.Client()
		resp, err := oneClick.Post(unsub, "application/x-www-form-urlencoded", strings.NewReader("List-Unsubscribe=One-Click"))
		if err != nil {
			t.Fatal(err)
		}
		body := sessReadAll(t, resp)
		if resp.StatusCode != 200 || !strings.Contains(body, "You will not get any more emails") {
			t.Fatalf("one-click unsubscribe: %d", resp.StatusCode)
		}
		if resp, _ := oneClick.Get(unsub); resp.StatusCode != 200 || !strings.Contains(sessReadAll(t, resp), "You will not get any more emails") {
			t.Errorf("unsubscribe page after: %d", resp.StatusCode)
		}
		if resp, _ := oneClick.Post(srv.URL+"/unsubscribe/not-a-token", "application/x-www-form-urlencoded", strings.NewReader("List-Unsubscribe=One-Click")); resp.StatusCode != 404 {
			t.Errorf("unknown unsubscribe link: %d", resp.StatusCode)
		} else {
			resp.Body.Close()
		}
		if r := call(t, james, "GET", u+"/me/reminders", nil); r.Body["email_off"] != true {
			t.Errorf("email still on: %s", r.Raw)
		}
		if p := get(t, james, srv.URL+"/settings/reminders"); !strings.Contains(p, "You turned off all email") {
			t.Error("the reminders page does not say email is off")
		}
		time.Sleep(time.Second) // anything already on its way has arrived
		before := len(smtp.To("jay@example.test"))
		next := sessNew(t, srv, maria, slug, time.Now().Add(23*time.Hour+40*time.Minute), "After unsubscribing")
		sessAnswer(t, srv, james, next, "going")
		sessAnswer(t, srv, otter, next, "going")
		smtp.Wait(t, 20*time.Second, "Otter's reminder", func(m []mailtest.Message) bool {
			return len(withText(m, "otter@example.test", "After unsubscribing")) > 0
		})
		time.Sleep(600 * time.Millisecond)
		if after := len(smtp.To("jay@example.test")); after != before {
			t.Errorf("Jay got %d more messages after unsubscribing", after-before)
		}
		// Each reminder went out once.
		for _, who := range []string{"jay@example.test", "otter@example.test"} {
			if n := len(withText(smtp.Messages(), who, "Reminder: ", "Sleep and worry")); n != 1 {
				t.Errorf("%s got %d reminders for the same session", who, n)
			}
		}
	})
}
