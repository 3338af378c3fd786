package web_test

import (
	"context"
	"testing"

	"holdspace/internal/browsertest"
	"holdspace/internal/testserver"
)

// agreementAxeHere checks the page the tab shows with axe in both palettes,
// and that it reflows at 320 CSS pixels without sideways scrolling.
func agreementAxeHere(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	browsertest.SetViewport(t, ctx, 1280, 800, false)
	browsertest.SetDarkMode(t, ctx, false)
	browsertest.CheckAxe(t, ctx)
	browsertest.SetDarkMode(t, ctx, true)
	browsertest.CheckAxe(t, ctx)
	browsertest.SetViewport(t, ctx, 320, 640, true)
	if wide := browsertest.Eval[[]string](t, ctx, `(() => {
		const w = document.documentElement.clientWidth;
		if (document.documentElement.scrollWidth <= w) return [];
		return [...document.body.querySelectorAll('*')]
			.filter(el => el.getBoundingClientRect().right > w + 0.5)
			.map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className ? '.' + el.className : ''));
	})()`); len(wide) > 0 {
		t.Errorf("%s at 320px wide needs sideways scrolling; too wide: %v", what, wide)
	}
	browsertest.SetViewport(t, ctx, 1280, 800, false)
}

// agreementAxe opens a page and checks it.
func agreementAxe(t *testing.T, ctx context.Context, srv *testserver.Server, path string, status int) {
	t.Helper()
	wantStatus(t, path, browsertest.Navigate(t, ctx, srv.URL+path), status)
	agreementAxeHere(t, ctx, path)
}

// TestBrowserAgreement walks the agreement's pages in a real browser: each
// is axe-clean in both palettes and reflows at 320px while a member
// proposes and votes, an organizer changes the agreement, and the member
// agrees to a version that changed under them.
func TestBrowserAgreement(t *testing.T) {
	b := browsertest.New(t) // first: it skips at once without Chromium
	srv := startSite(t)
	james := b.NewContext(t)
	maria := b.NewContext(t)
	wantStatus(t, "James logs in", browserLogIn(t, james, srv, "James", "demo-james-member"), 200)
	wantStatus(t, "Maria logs in", browserLogIn(t, maria, srv, "Maria", "demo-maria-facilitator"), 200)

	// A newcomer's first visit.
	agreementAxe(t, james, srv, agreementPage, 200)
	wantText(t, james, "main", "What to expect at your first group session")
	// A proposal with a mistake, then a good one.
	agreementAxe(t, james, srv, agreementPage+"/propose", 200)
	wantStatus(t, "propose no change", browsertest.ClickAndWait(t, james, "main form button[type=submit]"), 422)
	wantErrorPage(t, james, map[string]string{"#ground-rules": "Change at least one ground rule", "#reason": "Enter why you would like this change"})
	agreementAxeHere(t, james, "propose with errors")
	browsertest.Type(t, james, "#ground-rules", "\nWe start and end on time.")
	browsertest.Type(t, james, "#reason", "So people can plan their evening.")
	wantStatus(t, "propose", browsertest.ClickAndWait(t, james, "main form button[type=submit]"), 200)
	wantText(t, james, ".app-notification-banner", "Your proposal is open")
	agreementAxeHere(t, james, "agreement page with a proposal")
	wantStatus(t, "vote yes", browsertest.ClickAndWait(t, james, `button[name=vote][value=yes]`), 200)
	wantText(t, james, "main", "Your vote: yes")

	// The organizer's pages.
	agreementAxe(t, maria, srv, agreementPage, 200)
	agreementAxe(t, maria, srv, agreementPage+"/consents", 200)
	agreementAxe(t, maria, srv, agreementPage+"/edit", 200)
	browsertest.Click(t, maria, "#template-2")
	wantStatus(t, "use the 12-step template", browsertest.ClickAndWait(t, maria, "main form[method=get] button[type=submit]"), 200)
	wantText(t, maria, "main", "now hold the 12-step template")
	agreementAxeHere(t, maria, "edit page from a template")
	browsertest.Eval[bool](t, maria, `(() => { document.querySelector('#ground-rules').value = ''; return true })()`)
	wantStatus(t, "save empty rules", browsertest.ClickAndWait(t, maria, "main form[method=post] button[type=submit]"), 422)
	wantErrorPage(t, maria, map[string]string{"#ground-rules": "Enter the ground rules"})
	agreementAxeHere(t, maria, "edit page with errors")
	browsertest.Type(t, maria, "#ground-rules", "We share our own experience.\nNo cross-talk.\nYou can pass.")
	wantStatus(t, "save", browsertest.ClickAndWait(t, maria, "main form[method=post] button[type=submit]"), 200)
	wantText(t, maria, ".app-notification-banner", "The new version is saved")

	// James's page still shows version 1: agreeing to it shows the new one.
	wantStatus(t, "agree to a stale version", browsertest.ClickAndWait(t, james, "main form[action$='/accept'] button"), 409)
	wantText(t, james, "main", "changed while you were reading it")
	wantText(t, james, "main", "What changed since you opened this page")
	agreementAxeHere(t, james, "stale agreement page")
	wantStatus(t, "agree", browsertest.ClickAndWait(t, james, "main form[action$='/accept'] button"), 200)
	wantText(t, james, ".app-notification-banner", "You have agreed to the ground rules")
	agreementAxeHere(t, james, "agreed page")
}

// TestBrowserAgreementWithoutJavaScript: a member reads the agreement and
// agrees with the one button, with JavaScript off.
func TestBrowserAgreementWithoutJavaScript(t *testing.T) {
	b := browsertest.New(t) // first: it skips at once without Chromium
	srv := startSite(t)
	keiko := b.NewContext(t)
	browsertest.DisableJavaScript(t, keiko)
	wantStatus(t, "Keiko logs in", browserLogIn(t, keiko, srv, "Keiko", "demo-keiko-member"), 200)
	const page = "/groups/carers-coffee-morning/agreement"
	wantStatus(t, "open the agreement", browsertest.Navigate(t, keiko, srv.URL+page), 200)
	wantText(t, keiko, "main", "What to expect at your first group session")
	wantText(t, keiko, "main", "No cross-talk")
	wantStatus(t, "agree", browsertest.ClickAndWait(t, keiko, "main form[action$='/accept'] button"), 200)
	wantPath(t, keiko, srv, page+"?agreed=1")
	wantText(t, keiko, ".app-notification-banner", "You have agreed to the ground rules")
	if browsertest.Exists(t, keiko, "main form[action$='/accept']") {
		t.Error("the agree button is still there after agreeing")
	}
}
