package web_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"holdspace/internal/browsertest"
	"holdspace/internal/testserver"
)

// TestMain shares one Chromium between the package's browser tests; each
// test still gets fresh browser contexts.
func TestMain(m *testing.M) { os.Exit(browsertest.Main(m)) }

// startSite starts the real server with demo data, and limits high enough
// that the tests never meet them.
func startSite(t *testing.T) *testserver.Server {
	t.Helper()
	return testserver.Start(t, "--demo", "--signup-limit", "1000", "--login-limit", "1000")
}

var nameSeq atomic.Int64

// uniqueName is a display name no other test uses.
func uniqueName(prefix string) string {
	return fmt.Sprintf("%s %d", prefix, nameSeq.Add(1))
}

// wantPath fails unless the tab's address has this path (and query).
func wantPath(t *testing.T, ctx context.Context, srv *testserver.Server, want string) {
	t.Helper()
	if got := strings.TrimPrefix(browsertest.URL(t, ctx), srv.URL); got != want {
		t.Fatalf("address: got %s, want %s", got, want)
	}
}

// wantStatus fails unless an HTTP status is the one expected.
func wantStatus(t *testing.T, what string, got, want int) {
	t.Helper()
	if got != want {
		t.Fatalf("%s: got HTTP %d, want %d", what, got, want)
	}
}

// wantText fails unless the element's text contains want.
func wantText(t *testing.T, ctx context.Context, sel, want string) {
	t.Helper()
	if got := browsertest.Text(t, ctx, sel); !strings.Contains(got, want) {
		t.Fatalf("text of %s: got %q, want it to contain %q", sel, got, want)
	}
}

// wantErrorPage checks a form re-rendered with errors: the title starts with
// "Error: ", the summary says "There is a problem" and lists each message
// with a link to its field.
func wantErrorPage(t *testing.T, ctx context.Context, links map[string]string) {
	t.Helper()
	if title := browsertest.Title(t, ctx); !strings.HasPrefix(title, "Error: ") {
		t.Errorf("title: got %q, want it to start with %q", title, "Error: ")
	}
	wantText(t, ctx, ".app-error-summary__title", "There is a problem")
	got := browsertest.Eval[map[string]string](t, ctx, `Object.fromEntries(
		[...document.querySelectorAll('.app-error-summary__list a')].map(a => [a.getAttribute('href'), a.textContent.trim()]))`)
	for href, msg := range links {
		if !strings.Contains(got[href], msg) {
			t.Errorf("error summary link %s: got %q, want it to contain %q (all links: %v)", href, got[href], msg, got)
		}
		id := strings.TrimPrefix(href, "#")
		if !browsertest.Exists(t, ctx, "#"+id+"-error") {
			t.Errorf("no inline error #%s-error for the summary link %s", id, href)
		}
	}
	if len(got) != len(links) {
		t.Errorf("error summary links: got %v, want %d", got, len(links))
	}
}

// browserSignUp fills in and sends the sign-up form with the mouse and keyboard
// events a person makes, and returns the HTTP status of the page it lands on.
func browserSignUp(t *testing.T, ctx context.Context, srv *testserver.Server, name, password, email string) int {
	t.Helper()
	browsertest.Navigate(t, ctx, srv.URL+"/signup")
	browsertest.Type(t, ctx, "#display-name", name)
	browsertest.Type(t, ctx, "#password", password)
	if email != "" {
		browsertest.Type(t, ctx, "#email", email)
	}
	return browsertest.ClickAndWait(t, ctx, "main form button[type=submit]")
}

// browserLogIn sends the log-in form and returns the HTTP status of the result.
func browserLogIn(t *testing.T, ctx context.Context, srv *testserver.Server, name, password string) int {
	t.Helper()
	browsertest.Navigate(t, ctx, srv.URL+"/login")
	browsertest.Type(t, ctx, "#display-name", name)
	browsertest.Type(t, ctx, "#password", password)
	return browsertest.ClickAndWait(t, ctx, "main form button[type=submit]")
}

// browserLogOut presses the "Log out" button in the header.
func browserLogOut(t *testing.T, ctx context.Context, srv *testserver.Server) {
	t.Helper()
	wantStatus(t, "log out", browsertest.ClickAndWait(t, ctx, ".app-nav__button"), 200)
	wantPath(t, ctx, srv, "/?signed_out=1")
	wantText(t, ctx, ".app-notification-banner", "You have logged out")
}

func TestBrowserAccountJourney(t *testing.T) {
	b := browsertest.New(t) // first: it skips at once without Chromium
	srv := startSite(t)
	ctx := b.NewContext(t)
	name := uniqueName("Journey")
	const password = "a calm blue river"
	const newPassword = "quiet green hills again"

	// The sign-up form, then the same form re-rendered with errors.
	browsertest.Navigate(t, ctx, srv.URL+"/signup")
	browsertest.CheckAxe(t, ctx)
	browsertest.Type(t, ctx, "#display-name", name)
	browsertest.Type(t, ctx, "#password", "short")
	browsertest.Type(t, ctx, "#email", "not-an-email")
	wantStatus(t, "sign up with errors", browsertest.ClickAndWait(t, ctx, "main form button[type=submit]"), 422)
	wantErrorPage(t, ctx, map[string]string{"#password": "Password must be 10 characters or more", "#email": "Enter an email address in the correct format"})
	if got := browsertest.Eval[string](t, ctx, `document.getElementById('display-name').value`); got != name {
		t.Errorf("display name after the error: got %q, want the typed %q kept", got, name)
	}
	browsertest.CheckAxe(t, ctx)

	// Sign up for real and see the welcome.
	wantStatus(t, "sign up", browserSignUp(t, ctx, srv, name, password, ""), 200)
	wantPath(t, ctx, srv, "/?welcome=1")
	wantText(t, ctx, ".app-notification-banner", "Your account has been created. Welcome")
	wantText(t, ctx, ".app-footer", "You are logged in as "+name)
	browsertest.CheckAxe(t, ctx)

	// Log out, then log in: first wrongly (error state), then rightly.
	browserLogOut(t, ctx, srv)
	browsertest.CheckAxe(t, ctx)
	browsertest.Navigate(t, ctx, srv.URL+"/login")
	browsertest.CheckAxe(t, ctx)
	wantStatus(t, "log in with nothing", browsertest.ClickAndWait(t, ctx, "main form button[type=submit]"), 422)
	wantErrorPage(t, ctx, map[string]string{"#display-name": "Enter your display name", "#password": "Enter your password"})
	browsertest.CheckAxe(t, ctx)
	wantStatus(t, "log in", browserLogIn(t, ctx, srv, name, password), 200)
	wantPath(t, ctx, srv, "/")
	wantText(t, ctx, ".app-footer", "You are logged in as "+name)

	// Settings: change the email address, first to something wrong.
	wantStatus(t, "go to settings", browsertest.ClickAndWait(t, ctx, `.app-nav a[href="/settings"]`), 200)
	wantPath(t, ctx, srv, "/settings")
	browsertest.CheckAxe(t, ctx)
	browsertest.Type(t, ctx, "#email", "nope")
	wantStatus(t, "save a wrong email", browsertest.ClickAndWait(t, ctx, `form[action="/settings/email"] button`), 422)
	wantErrorPage(t, ctx, map[string]string{"#email": "Enter an email address in the correct format"})
	browsertest.CheckAxe(t, ctx)
	browsertest.Type(t, ctx, "#email", "journey@example.org")
	wantStatus(t, "save email", browsertest.ClickAndWait(t, ctx, `form[action="/settings/email"] button`), 200)
	wantPath(t, ctx, srv, "/settings?saved=email")
	wantText(t, ctx, ".app-notification-banner", "Your email address has been saved")
	if got := browsertest.Eval[string](t, ctx, `document.getElementById('email').value`); got != "journey@example.org" {
		t.Errorf("email after saving: got %q, want %q", got, "journey@example.org")
	}
	browsertest.CheckAxe(t, ctx)

	// Change the password: wrong current password and a short new one first.
	browsertest.Type(t, ctx, "#current-password", "not my password")
	browsertest.Type(t, ctx, "#new-password", "short")
	wantStatus(t, "change password with errors", browsertest.ClickAndWait(t, ctx, `form[action="/settings/password"] button`), 422)
	wantErrorPage(t, ctx, map[string]string{"#current-password": "The password is not right", "#new-password": "New password must be 10 characters or more"})
	browsertest.CheckAxe(t, ctx)
	browsertest.Type(t, ctx, "#current-password", password)
	browsertest.Type(t, ctx, "#new-password", newPassword)
	wantStatus(t, "change password", browsertest.ClickAndWait(t, ctx, `form[action="/settings/password"] button`), 200)
	wantPath(t, ctx, srv, "/settings?saved=password")
	wantText(t, ctx, ".app-notification-banner", "Your password has been changed")
	browsertest.CheckAxe(t, ctx)

	// The old password no longer works; the new one does.
	browserLogOut(t, ctx, srv)
	wantStatus(t, "log in with the old password", browserLogIn(t, ctx, srv, name, password), 401)
	wantErrorPage(t, ctx, map[string]string{"#display-name": "The display name or password is not right"})
	browsertest.CheckAxe(t, ctx)
	wantStatus(t, "log in with the new password", browserLogIn(t, ctx, srv, name, newPassword), 200)
	wantPath(t, ctx, srv, "/")

	// Delete the account: the wrong password first, then the right one.
	browsertest.Navigate(t, ctx, srv.URL+"/settings")
	wantStatus(t, "open delete", browsertest.ClickAndWait(t, ctx, `main a[href="/settings/delete"]`), 200)
	wantPath(t, ctx, srv, "/settings/delete")
	browsertest.CheckAxe(t, ctx)
	browsertest.Type(t, ctx, "#password", "not my password")
	wantStatus(t, "delete with the wrong password", browsertest.ClickAndWait(t, ctx, "main form button[type=submit]"), 422)
	wantErrorPage(t, ctx, map[string]string{"#password": "The password is not right"})
	browsertest.CheckAxe(t, ctx)
	browsertest.Type(t, ctx, "#password", newPassword)
	wantStatus(t, "delete", browsertest.ClickAndWait(t, ctx, "main form button[type=submit]"), 200)
	wantPath(t, ctx, srv, "/?deleted=1")
	wantText(t, ctx, ".app-notification-banner", "Your account has been deleted")
	if browsertest.Exists(t, ctx, ".app-nav__button") {
		t.Error("still logged in after deleting the account")
	}
	browsertest.CheckAxe(t, ctx)

	// The deleted account's details get the same answer as a name nobody has.
	wantStatus(t, "log in as the deleted account", browserLogIn(t, ctx, srv, name, newPassword), 401)
	deleted := browsertest.Text(t, ctx, "#display-name-error")
	wantStatus(t, "log in as nobody", browserLogIn(t, ctx, srv, uniqueName("Nobody"), newPassword), 401)
	unknown := browsertest.Text(t, ctx, "#display-name-error")
	if deleted != unknown {
		t.Errorf("log-in error for a deleted account: got %q, want the same as for an unknown name, %q", deleted, unknown)
	}
	wantStatus(t, "sign up again with the freed name", browserSignUp(t, ctx, srv, name, password, ""), 200)
	wantPath(t, ctx, srv, "/?welcome=1")
}

// tabTo presses Tab up to max times until the focused element satisfies ok,
// and returns how many presses it took.
func tabTo(t *testing.T, ctx context.Context, max int, what string, ok func(browsertest.Element) bool) int {
	t.Helper()
	var seen []string
	for i := 1; i <= max; i++ {
		browsertest.Press(t, ctx, browsertest.Tab)
		el := browsertest.Focused(t, ctx)
		if ok(el) {
			return i
		}
		seen = append(seen, el.String())
	}
	t.Fatalf("%d presses of Tab did not reach %s; focus went to:\n\t%s", max, what, strings.Join(seen, "\n\t"))
	return 0
}

func TestBrowserKeyboardSignup(t *testing.T) {
	b := browsertest.New(t) // first: it skips at once without Chromium
	srv := startSite(t)
	ctx := b.NewContext(t)

	browsertest.Navigate(t, ctx, srv.URL+"/")
	browsertest.Press(t, ctx, browsertest.Tab)
	if el := browsertest.Focused(t, ctx); el.Tag != "a" || el.Text != "Skip to main content" || el.Href != "#main-content" {
		t.Fatalf("first Tab: got %v, want the skip link to #main-content", el)
	}
	// The skip link must be visible while it has focus.
	if vis := browsertest.Eval[bool](t, ctx, `(() => {
		const r = document.activeElement.getBoundingClientRect();
		return r.width > 1 && r.height > 1 && r.left >= 0 && r.top >= 0;
	})()`); !vis {
		t.Error("the focused skip link is not visible on screen")
	}
	// "Get help now" comes within the first three tab stops.
	if n := 1 + tabTo(t, ctx, 2, `"Get help now" within the first 3 tab stops`, func(e browsertest.Element) bool {
		return e.Text == "Get help now" && e.Href == "/help"
	}); n > 3 {
		t.Fatalf(`"Get help now" is tab stop %d, want 3 or earlier`, n)
	}
	// Shift+Tab goes back, Tab forward again.
	browsertest.ShiftTab(t, ctx)
	if el := browsertest.Focused(t, ctx); el.Text == "Get help now" {
		t.Errorf("Shift+Tab did not move focus back from %v", el)
	}
	browsertest.Press(t, ctx, browsertest.Tab)
	if el := browsertest.Focused(t, ctx); el.Text != "Get help now" {
		t.Errorf("Tab after Shift+Tab: got %v, want Get help now", el)
	}

	// Tab to the sign-up link and follow it with Enter.
	tabTo(t, ctx, 10, "the link to /signup", func(e browsertest.Element) bool { return e.Href == "/signup" })
	wantStatus(t, "follow the sign-up link", browsertest.PressAndWait(t, ctx, browsertest.Enter), 200)
	wantPath(t, ctx, srv, "/signup")

	// Submit the empty form with Enter from the first field.
	tabTo(t, ctx, 15, "the display name field", func(e browsertest.Element) bool { return e.ID == "display-name" })
	wantStatus(t, "send the empty form", browsertest.PressAndWait(t, ctx, browsertest.Enter), 422)
	wantErrorPage(t, ctx, map[string]string{"#display-name": "Enter", "#password": "Enter"})
	el := browsertest.Focused(t, ctx)
	if !strings.Contains(el.Text, "There is a problem") || el.Tag != "div" {
		t.Fatalf("focus after the failed submit: got %v, want the error summary", el)
	}
	// From the summary, Tab reaches its first link, and Enter on it focuses
	// the field it names.
	browsertest.Press(t, ctx, browsertest.Tab)
	if el := browsertest.Focused(t, ctx); el.Href != "#display-name" {
		t.Fatalf("Tab from the error summary: got %v, want its link to #display-name", el)
	}
	browsertest.Press(t, ctx, browsertest.Enter)
	if el := browsertest.Focused(t, ctx); el.ID != "display-name" {
		t.Fatalf("Enter on the summary link: got focus on %v, want #display-name", el)
	}

	// Fill the form by typing and Tab, and send it with Enter.
	name := uniqueName("Keys")
	browsertest.Press(t, ctx, name)
	browsertest.Press(t, ctx, browsertest.Tab)
	if el := browsertest.Focused(t, ctx); el.ID != "password" {
		t.Fatalf("Tab from the display name: got %v, want #password", el)
	}
	browsertest.Press(t, ctx, "typed by keyboard only")
	browsertest.Press(t, ctx, browsertest.Tab)
	if el := browsertest.Focused(t, ctx); el.ID != "email" {
		t.Fatalf("Tab from the password: got %v, want #email", el)
	}
	browsertest.Press(t, ctx, browsertest.Tab)
	if el := browsertest.Focused(t, ctx); el.Tag != "button" || el.Text != "Create account" {
		t.Fatalf("Tab from the email: got %v, want the Create account button", el)
	}
	wantStatus(t, "send the form", browsertest.PressAndWait(t, ctx, browsertest.Enter), 200)
	wantPath(t, ctx, srv, "/?welcome=1")
	wantText(t, ctx, ".app-footer", "You are logged in as "+name)
	// The success banner takes focus so it is announced.
	if el := browsertest.Focused(t, ctx); !strings.Contains(el.Text, "Your account has been created") {
		t.Errorf("focus after signing up: got %v, want the success banner", el)
	}
}

func TestBrowserEveryPageIsAxeClean(t *testing.T) {
	b := browsertest.New(t) // first: it skips at once without Chromium
	srv := startSite(t)
	visitor := b.NewContext(t)
	member := b.NewContext(t)
	wantStatus(t, "sign up", browserSignUp(t, member, srv, uniqueName("Axe"), "a calm blue river", ""), 200)

	pages := []struct {
		ctx    context.Context
		path   string
		status int
	}{
		{visitor, "/", 200},
		{visitor, "/signup", 200},
		{visitor, "/login", 200},
		{visitor, "/help", 200},
		{visitor, "/help?region=GB", 200},
		{visitor, "/help?region=US", 200},
		{visitor, "/cookies", 200},
		{visitor, "/groups/tuesday-evening-anxiety-circle", 200},
		{visitor, "/no-such-page", 404},
		{member, "/", 200},
		{member, "/settings", 200},
		{member, "/settings/delete", 200},
	}
	for _, p := range pages {
		browsertest.SetViewport(t, p.ctx, 1280, 800, false)
		wantStatus(t, p.path, browsertest.Navigate(t, p.ctx, srv.URL+p.path), p.status)
		// Both palettes: contrast is checked in each.
		browsertest.SetDarkMode(t, p.ctx, false)
		browsertest.CheckAxe(t, p.ctx)
		browsertest.SetDarkMode(t, p.ctx, true)
		browsertest.CheckAxe(t, p.ctx)
		// Reflow (WCAG 1.4.10): at 320 CSS pixels, which is 1280 at 400%
		// zoom, nothing needs sideways scrolling.
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
}

func TestBrowserNoJavaScript(t *testing.T) {
	b := browsertest.New(t) // first: it skips at once without Chromium
	srv := startSite(t)
	ctx := b.NewContext(t)
	browsertest.DisableJavaScript(t, ctx)

	browsertest.Navigate(t, ctx, srv.URL+"/")
	if browsertest.Eval[bool](t, ctx, `document.documentElement.classList.contains('js-enabled')`) {
		t.Fatal("app.js ran, so JavaScript is not disabled")
	}

	// An error first: the server alone shows the summary.
	wantStatus(t, "sign up with nothing", browsertest.ClickAndWait(t, ctx, `main a[href="/signup"]`), 200)
	wantStatus(t, "send the empty form", browsertest.ClickAndWait(t, ctx, "main form button[type=submit]"), 422)
	wantErrorPage(t, ctx, map[string]string{"#display-name": "Enter", "#password": "Enter"})

	name := uniqueName("NoScript")
	const password = "works without scripts"
	wantStatus(t, "sign up", browserSignUp(t, ctx, srv, name, password, "noscript@example.org"), 200)
	wantPath(t, ctx, srv, "/?welcome=1")
	wantText(t, ctx, ".app-footer", "You are logged in as "+name)
	browserLogOut(t, ctx, srv)
	wantStatus(t, "log in", browserLogIn(t, ctx, srv, name, password), 200)
	wantPath(t, ctx, srv, "/")
	wantText(t, ctx, ".app-footer", "You are logged in as "+name)
}

// TestBrowserScreenshots saves full-page PNGs of the main pages, light and
// dark, phone and desktop width, into the folder HOLDSPACE_TEST_SHOTS names,
// for people to look at. It checks nothing and is skipped without it.
func TestBrowserScreenshots(t *testing.T) {
	dir := os.Getenv("HOLDSPACE_TEST_SHOTS")
	if dir == "" {
		t.Skip("set HOLDSPACE_TEST_SHOTS to a folder to save screenshots")
	}
	b := browsertest.New(t) // first: it skips at once without Chromium
	srv := startSite(t)
	visitor := b.NewContext(t)
	member := b.NewContext(t)
	wantStatus(t, "sign up", browserSignUp(t, member, srv, uniqueName("Shots"), "a calm blue river", ""), 200)

	pages := []struct {
		ctx  context.Context
		name string
		load func(ctx context.Context)
	}{
		{visitor, "home", func(ctx context.Context) { browsertest.Navigate(t, ctx, srv.URL+"/") }},
		{visitor, "signup-errors", func(ctx context.Context) {
			browsertest.Navigate(t, ctx, srv.URL+"/signup")
			browsertest.ClickAndWait(t, ctx, "main form button[type=submit]")
		}},
		{visitor, "help-gb", func(ctx context.Context) { browsertest.Navigate(t, ctx, srv.URL+"/help?region=GB") }},
		{visitor, "group", func(ctx context.Context) {
			browsertest.Navigate(t, ctx, srv.URL+"/groups/tuesday-evening-anxiety-circle")
		}},
		{visitor, "not-found", func(ctx context.Context) { browsertest.Navigate(t, ctx, srv.URL+"/no-such-page") }},
		{member, "settings", func(ctx context.Context) { browsertest.Navigate(t, ctx, srv.URL+"/settings") }},
	}
	for _, width := range []int64{390, 1280} {
		for _, p := range pages {
			browsertest.SetViewport(t, p.ctx, width, 800, width < 600)
			p.load(p.ctx)
			for _, dark := range []bool{false, true} {
				browsertest.SetDarkMode(t, p.ctx, dark)
				scheme := "light"
				if dark {
					scheme = "dark"
				}
				browsertest.Screenshot(t, p.ctx, fmt.Sprintf("%s/%s-%d-%s.png", dir, p.name, width, scheme))
			}
		}
	}
}
