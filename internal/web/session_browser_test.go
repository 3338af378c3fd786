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

// TestBrowserSessionPagesAxeClean checks the group sessions, session,
// reminders and unsubscribe pages with axe-core in both palettes, reflow at
// 320px, and that answering works with the keyboard and no JavaScript.
func TestBrowserSessionPagesAxeClean(t *testing.T) {
	b := browsertest.New(t) // first: it skips at once without Chromium
	smtp := mailtest.Start(t, mailtest.Options{})
	srv := testserver.Start(t, "--demo", "--signup-limit", "1000", "--login-limit", "1000", "--smtp-host", smtp.Host,
		"--smtp-port", strconv.Itoa(smtp.Port), "--smtp-tls", "none", "--mail-interval", "200ms")
	maria := login(t, srv, "Maria", "demo-maria-facilitator")
	extra := sessNew(t, srv, maria, "tuesday-evening-anxiety-circle", time.Now().Add(30*time.Minute).Truncate(time.Minute), "Sleep and worry")
	sessionPath := fmt.Sprintf("/groups/tuesday-evening-anxiety-circle/sessions/%d", extra)

	// An unsubscribe link, from a real email.
	rowan := signup(t, srv, "Rowan Browser")
	setEmail(t, srv, rowan, "rowan@example.test")
	call(t, rowan, "POST", srv.URL+"/api/v1/groups/after-loss-circle/join", nil)
	call(t, maria, "POST", fmt.Sprintf("%s/api/v1/groups/after-loss-circle/requests/%d/approve", srv.URL, sessMemberID(t, srv, rowan)), nil)
	msgs := smtp.Wait(t, 20*time.Second, "the approval email", func(m []mailtest.Message) bool { return len(m) > 0 })
	unsub := strings.TrimPrefix(strings.Trim(msgs[0].Header("List-Unsubscribe"), "<>"), srv.URL)

	jamesTab := b.NewContext(t)
	wantStatus(t, "James logs in", browserLogIn(t, jamesTab, srv, "James", "demo-james-member"), 200)
	mariaTab := b.NewContext(t)
	wantStatus(t, "Maria logs in", browserLogIn(t, mariaTab, srv, "Maria", "demo-maria-facilitator"), 200)
	visitor := b.NewContext(t)

	for _, p := range []struct {
		who  string
		ctx  context.Context
		path string
	}{
		{"James", jamesTab, "/groups/tuesday-evening-anxiety-circle/sessions"},
		{"James", jamesTab, sessionPath},
		{"James", jamesTab, "/settings/reminders"},
		{"Maria", mariaTab, "/groups/tuesday-evening-anxiety-circle/sessions"},
		{"Maria", mariaTab, sessionPath},
		{"a visitor", visitor, unsub},
	} {
		browsertest.SetViewport(t, p.ctx, 1280, 800, false)
		wantStatus(t, p.who+" opens "+p.path, browsertest.Navigate(t, p.ctx, srv.URL+p.path), 200)
		browsertest.SetDarkMode(t, p.ctx, false)
		browsertest.CheckAxe(t, p.ctx)
		browsertest.SetDarkMode(t, p.ctx, true)
		browsertest.CheckAxe(t, p.ctx)
		browsertest.SetViewport(t, p.ctx, 320, 640, true)
		if wide := browsertest.Eval[[]string](t, p.ctx, `(() => {
			const w = document.documentElement.clientWidth;
			if (document.documentElement.scrollWidth <= w) return [];
			return [...document.body.querySelectorAll('*')]
				.filter(el => el.getBoundingClientRect().right > w + 0.5)
				.map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className ? '.' + el.className : ''));
		})()`); len(wide) > 0 {
			t.Errorf("%s at 320px wide needs sideways scrolling; too wide: %v", p.path, wide)
		}
	}

	// James answers with the button, JavaScript off.
	browsertest.SetViewport(t, jamesTab, 1280, 800, false)
	browsertest.DisableJavaScript(t, jamesTab)
	browsertest.Navigate(t, jamesTab, srv.URL+sessionPath)
	wantStatus(t, "I'm going", browsertest.ClickAndWait(t, jamesTab, `main form button[value="going"]`), 200)
	wantText(t, jamesTab, ".app-notification-banner", "You said you are going")
	// Maria marks him present; his attendance shows.
	browsertest.SetViewport(t, mariaTab, 1280, 800, false)
	browsertest.Navigate(t, mariaTab, srv.URL+sessionPath)
	browsertest.Click(t, mariaTab, fmt.Sprintf(`input[name="present"][value="%d"]`, sessMemberID(t, srv, login(t, srv, "James", "demo-james-member"))))
	wantStatus(t, "save who came", browsertest.ClickAndWait(t, mariaTab, `form[action$="/attendance"] button`), 200)
	wantText(t, mariaTab, ".app-notification-banner", "Who came has been saved")
	// The unsubscribe button works without a form token.
	browsertest.SetViewport(t, visitor, 1280, 800, false)
	browsertest.Navigate(t, visitor, srv.URL+unsub)
	wantStatus(t, "stop all emails", browsertest.ClickAndWait(t, visitor, "main form button"), 200)
	wantText(t, visitor, "h1", "You will not get any more emails")
}
