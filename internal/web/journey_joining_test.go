package web_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"holdspace/internal/browsertest"
	"holdspace/internal/mail/mailtest"
	"holdspace/internal/testserver"
)

// journeyOpen loads a page in the tab, checks its status and runs axe on it.
func journeyOpen(t *testing.T, ctx context.Context, srv *testserver.Server, path string) {
	t.Helper()
	wantStatus(t, "open "+path, browsertest.Navigate(t, ctx, srv.URL+path), 200)
	journeyAxe(t, ctx)
}

// journeyFollow clicks a link or button that loads a page, checks the page
// it lands on (path, without the fragment) and runs axe on it.
func journeyFollow(t *testing.T, ctx context.Context, srv *testserver.Server, sel, wantURL string) {
	t.Helper()
	wantStatus(t, "click "+sel, browsertest.ClickAndWait(t, ctx, sel), 200)
	got, _, _ := strings.Cut(strings.TrimPrefix(browsertest.URL(t, ctx), srv.URL), "#")
	if got != wantURL {
		t.Fatalf("after clicking %s: at %s, want %s", sel, got, wantURL)
	}
	journeyAxe(t, ctx)
}

// journeyWhen is how an email gives a session's time in a zone: the end's
// own date only when it falls on another day there.
func journeyWhen(start, end time.Time, loc *time.Location) string {
	s, e := start.In(loc), end.In(loc)
	if s.YearDay() != e.YearDay() {
		return s.Format("Monday 2 January 2006, 15:04") + " to " + e.Format("Monday 2 January, 15:04 MST")
	}
	return s.Format("Monday 2 January 2006, 15:04") + " to " + e.Format("15:04 MST")
}

// TestJourneyJoining proves, in Chromium and axe-clean on every page: a
// newcomer asks to join a closed group with a note, a facilitator accepts
// them, the acceptance email arrives, the newcomer agrees to the group
// agreement and says they are going to a group session, the reminder
// email for it arrives with the group's name and the time in both zones,
// and the facilitator marks them as having come, which the members page
// counts.
//
// The group session is an extra one Maria adds starting in 50 minutes,
// with the newcomer choosing the hour-before reminder: attendance can only
// be marked from an hour before a session starts, so one session in the
// next hour carries the reminder, the answer and the attendance.
func TestJourneyJoining(t *testing.T) {
	b := browsertest.New(t) // first: it skips at once without Chromium
	began := time.Now()
	smtp := mailtest.Start(t, mailtest.Options{})
	srv := testserver.Start(t, "--demo", "--signup-limit", "1000", "--login-limit", "1000",
		"--smtp-host", smtp.Host, "--smtp-port", strconv.Itoa(smtp.Port), "--smtp-tls", "none", "--mail-interval", "200ms")

	const (
		slug      = "after-loss-circle"
		groupName = "After Loss: Grief Circle"
		groupZone = "America/Toronto"
		myZone    = "Asia/Kolkata"
		email     = "heron@example.test"
		asName    = "Quiet Heron"
		note      = "My mum died in the spring. I would like to listen for a while before I share."
		welcome   = "Welcome, Heron. Come as you are; listening is enough."
	)
	groupPath := "/groups/" + slug
	toronto, _ := time.LoadLocation(groupZone)
	kolkata, _ := time.LoadLocation(myZone)

	// The newcomer signs up, gives an email address, and chooses a time zone.
	newcomer := b.NewContext(t)
	browsertest.SetViewport(t, newcomer, 1280, 800, false)
	journeyOpen(t, newcomer, srv, "/signup")
	account := uniqueName("Newcomer")
	browsertest.Type(t, newcomer, "#display-name", account)
	browsertest.Type(t, newcomer, "#password", "a quiet heron by the lake")
	journeyFollow(t, newcomer, srv, "main form button[type=submit]", "/?welcome=1")
	journeyFollow(t, newcomer, srv, `.app-nav a[href="/settings"]`, "/settings")
	browsertest.Type(t, newcomer, "#email", email)
	journeyFollow(t, newcomer, srv, `form[action="/settings/email"] button`, "/settings?saved=email")
	wantText(t, newcomer, ".app-notification-banner", "Your email address has been saved")
	journeyFollow(t, newcomer, srv, `main a[href="/settings/reminders"]`, "/settings/reminders")
	if !browsertest.Eval[bool](t, newcomer, `document.getElementById('remind').checked && !document.getElementById('remind-2').checked`) {
		t.Error("reminders: want the day before ticked and the hour before not, at first")
	}
	browsertest.Type(t, newcomer, "#timezone", myZone)
	journeyFollow(t, newcomer, srv, `form[action="/settings/reminders"] button[type=submit]`, "/settings/reminders?saved=reminders")
	wantText(t, newcomer, ".app-notification-banner", "Your reminder choices have been saved")

	// The newcomer asks to join the closed group, with a note.
	journeyOpen(t, newcomer, srv, groupPath)
	journeyFollow(t, newcomer, srv, `main a[href="`+groupPath+`/join"]`, groupPath+"/join")
	wantText(t, newcomer, "h1", "Ask to join "+groupName)
	browsertest.Type(t, newcomer, "#display-name", asName)
	browsertest.Type(t, newcomer, "#note", note)
	journeyFollow(t, newcomer, srv, "main form button[type=submit]", groupPath+"?requested=1")
	wantText(t, newcomer, ".app-notification-banner", "Your request has been sent to the group's facilitators")
	wantText(t, newcomer, "main", "You have asked to join")

	// Maria, a facilitator, reads the note and accepts with a message.
	maria := b.NewContext(t)
	browsertest.SetViewport(t, maria, 1280, 800, false)
	journeyOpen(t, maria, srv, "/login")
	browsertest.Type(t, maria, "#display-name", "Maria")
	browsertest.Type(t, maria, "#password", "demo-maria-facilitator")
	journeyFollow(t, maria, srv, "main form button[type=submit]", "/")
	journeyOpen(t, maria, srv, groupPath+"/members")
	req := browsertest.Eval[struct {
		Action string `json:"action"`
		Text   string `json:"text"`
	}](t, maria, fmt.Sprintf(`(() => {
		const li = [...document.querySelectorAll('main li.app-results__item')].find(li => li.querySelector('h3').textContent.trim() === %q);
		return li ? {action: li.querySelector('form').getAttribute('action'), text: li.innerText.replace(/\s+/g, ' ')} : {action: '', text: ''};
	})()`, asName))
	if req.Action == "" {
		t.Fatalf("the members page lists no request from %s", asName)
	}
	if !strings.Contains(req.Text, note) {
		t.Errorf("the request shows %q, want the note %q", req.Text, note)
	}
	memberID := strings.TrimPrefix(req.Action, groupPath+"/requests/")
	browsertest.Type(t, maria, "#message-"+memberID, welcome)
	journeyFollow(t, maria, srv, fmt.Sprintf(`form[action=%q] button[value=approve]`, req.Action), groupPath+"/members?done=approved")
	wantText(t, maria, ".app-notification-banner", "The request was accepted and the member has been told")

	// The acceptance email arrives, with Maria's words and the agreement.
	msgs := smtp.Wait(t, 20*time.Second, "the acceptance email", func(m []mailtest.Message) bool {
		return len(withText(m, email, "You're in: "+groupName)) > 0
	})
	accepted := withText(msgs, email, "You're in: "+groupName)[0]
	agreementURL := srv.URL + groupPath + "/agreement"
	for _, want := range []string{"Hello " + asName + ",", welcome, agreementURL} {
		if !strings.Contains(accepted.Text(), want) {
			t.Errorf("acceptance email lacks %q:\n%s", want, accepted.Text())
		}
	}
	if strings.Contains(accepted.Text(), note) {
		t.Error("the acceptance email repeats the newcomer's private note")
	}

	// The newcomer opens the agreement from the email and agrees.
	wantStatus(t, "open the agreement link", browsertest.Navigate(t, newcomer, agreementURL), 200)
	journeyAxe(t, newcomer)
	wantText(t, newcomer, "main", "What to expect at your first group session")
	journeyFollow(t, newcomer, srv, "main form[action$='/accept'] button", groupPath+"/agreement?agreed=1")
	wantText(t, newcomer, ".app-notification-banner", "You have agreed to the ground rules")

	// Maria adds a group session starting in 50 minutes.
	start := time.Now().Add(50 * time.Minute).Truncate(time.Minute).In(toronto)
	end := start.Add(90 * time.Minute)
	topic := "Anniversaries and hard dates"
	journeyOpen(t, maria, srv, groupPath+"/sessions")
	browsertest.Type(t, maria, "#date", start.Format("2006-01-02"))
	browsertest.Type(t, maria, "#time", start.Format("15:04"))
	browsertest.Type(t, maria, "#topic", topic)
	wantStatus(t, "add the group session", browsertest.ClickAndWait(t, maria, `main form[action="`+groupPath+`/sessions"] button[type=submit]`), 200)
	u := strings.TrimPrefix(browsertest.URL(t, maria), srv.URL)
	sessionPath, ok := strings.CutSuffix(u, "?done=added")
	if !ok || !strings.HasPrefix(sessionPath, groupPath+"/sessions/") {
		t.Fatalf("after adding a group session: at %s, want %s/sessions/<id>?done=added", u, groupPath)
	}
	sessionID := strings.TrimPrefix(sessionPath, groupPath+"/sessions/")
	wantText(t, maria, ".app-notification-banner", "The group session has been added")
	journeyAxe(t, maria)

	// The newcomer finds it on the group's sessions page and is going.
	journeyOpen(t, newcomer, srv, groupPath)
	journeyFollow(t, newcomer, srv, `main a[href="`+groupPath+`/sessions"]`, groupPath+"/sessions")
	item := "#session-" + sessionID
	wantText(t, newcomer, item, "Topic: "+topic)
	wantText(t, newcomer, item, "An extra group session")
	wantText(t, newcomer, item, "Your time: ")
	journeyFollow(t, newcomer, srv, item+` button[value="going"]`, groupPath+"/sessions?done=going")
	wantText(t, newcomer, ".app-notification-banner", "You said you are going")
	wantText(t, newcomer, item, "You said you are going")
	wantText(t, newcomer, item, "1 going")

	// Then chooses the hour-before reminder too, which makes it due.
	journeyFollow(t, newcomer, srv, `main a[href="/settings/reminders"]`, "/settings/reminders")
	if got := browsertest.Eval[string](t, newcomer, `document.getElementById('timezone').value`); got != myZone {
		t.Errorf("time zone on the reminders page: got %q, want %q", got, myZone)
	}
	browsertest.Click(t, newcomer, "#remind-2")
	journeyFollow(t, newcomer, srv, `form[action="/settings/reminders"] button[type=submit]`, "/settings/reminders?saved=reminders")
	wantText(t, newcomer, ".app-notification-banner", "Your reminder choices have been saved")

	// The reminder email arrives: the group's name and the time, theirs
	// and the group's.
	msgs = smtp.Wait(t, 20*time.Second, "the reminder", func(m []mailtest.Message) bool {
		return len(withText(m, email, "Reminder: ", "Topic: "+topic)) > 0
	})
	reminders := withText(msgs, email, "Reminder: ", "Topic: "+topic)
	if len(reminders) != 1 {
		t.Errorf("got %d reminders for the session, want 1", len(reminders))
	}
	reminder := reminders[0]
	if want := "Reminder: " + groupName + ", " + start.In(kolkata).Format("Monday 2 January at 15:04"); reminder.Subject() != want {
		t.Errorf("reminder subject: got %q, want %q", reminder.Subject(), want)
	}
	text := reminder.Text()
	for _, want := range []string{
		"Hello " + asName + ",",
		"The next group session of " + groupName + " starts in about an hour.",
		journeyWhen(start, end, kolkata) + " (your time, " + myZone + ")",
		journeyWhen(start, end, toronto) + " (the group's time, " + groupZone + ")",
		"You said you are going.",
		srv.URL + groupPath + "/sessions",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("reminder lacks %q:\n%s", want, text)
		}
	}

	// Maria marks the newcomer as having come.
	journeyOpen(t, maria, srv, sessionPath)
	box := browsertest.Eval[string](t, maria, fmt.Sprintf(`(() => {
		const l = [...document.querySelectorAll('form[action$="/attendance"] label')].find(l => l.textContent.trim() === %q);
		return l ? l.getAttribute('for') : '';
	})()`, asName))
	if box == "" {
		t.Fatalf("%s is not on the attendance list", asName)
	}
	if got := browsertest.Eval[string](t, maria, `document.getElementById('`+box+`').value`); got != memberID {
		t.Fatalf("the attendance box for %s has value %q, want member %s", asName, got, memberID)
	}
	browsertest.Click(t, maria, "#"+box)
	journeyFollow(t, maria, srv, `form[action$="/attendance"] button`, sessionPath+"?done=attendance")
	wantText(t, maria, ".app-notification-banner", "Who came has been saved")
	if !browsertest.Eval[bool](t, maria, `document.getElementById('`+box+`').checked`) {
		t.Errorf("%s is not ticked after saving", asName)
	}

	// The members page counts the newcomer's group session.
	journeyOpen(t, maria, srv, groupPath+"/members")
	row := browsertest.Eval[[]string](t, maria, fmt.Sprintf(`(() => {
		const tr = [...document.querySelectorAll('main table.app-table tbody tr')].find(tr => tr.cells[0].firstChild.textContent.trim() === %q);
		return tr ? [...tr.cells].map(c => c.textContent.trim()) : [];
	})()`, asName))
	head := browsertest.Eval[[]string](t, maria, `[...document.querySelectorAll('main table.app-table thead th')].map(c => c.textContent.trim())`)
	col := -1
	for i, h := range head {
		if h == "Group sessions attended" {
			col = i
		}
	}
	if col < 0 || col >= len(row) {
		t.Fatalf("members table: headings %v, %s's row %v", head, asName, row)
	}
	if row[col] != "1" {
		t.Errorf("%s's group sessions attended: got %q, want 1 (row %v)", asName, row[col], row)
	}
	t.Logf("joining journey took %.1fs", time.Since(began).Seconds())
}
