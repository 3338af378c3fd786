package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"holdspace/internal/browsertest"
	"holdspace/internal/testserver"
)

// The circle in a real browser: Maria facilitates the demo's anxiety
// circle, James ("Jay" there) and a newcomer are members. Each step is
// checked on every screen.

const circlePassword = "a long enough password" // what signup gives

// circleWait polls a JavaScript condition on the page until it holds.
func circleWait(t *testing.T, ctx context.Context, cond, what string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if browsertest.Eval[bool](t, ctx, "!!("+cond+")") {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: still not so after 10s (%s)\npage: %s", what, cond, circleDebug(t, ctx))
		}
		time.Sleep(40 * time.Millisecond)
	}
}

// circleDebug is what the page shows, for a failure message.
func circleDebug(t *testing.T, ctx context.Context) string {
	t.Helper()
	return browsertest.Eval[string](t, ctx, `(() => {
		const m = document.getElementById('main-content');
		return document.title + ' | ' + (m ? m.innerText.replace(/\s+/g, ' ').slice(0, 1500) : '');
	})()`)
}

// circleText is the visible text of the element with id, spaces collapsed.
func circleText(id string) string {
	return `(document.getElementById('` + id + `') ? document.getElementById('` + id + `').innerText.replace(/\s+/g, ' ').trim() : '')`
}

// waitFor waits until the element's visible text contains want.
func circleWaitText(t *testing.T, ctx context.Context, id, want string) {
	t.Helper()
	wj, _ := json.Marshal(want)
	circleWait(t, ctx, circleText(id)+`.includes(`+string(wj)+`)`, fmt.Sprintf("#%s contains %q", id, want))
}

// circleWaitNoText waits until the element's text no longer contains want.
func circleWaitNoText(t *testing.T, ctx context.Context, id, want string) {
	t.Helper()
	wj, _ := json.Marshal(want)
	circleWait(t, ctx, `!`+circleText(id)+`.includes(`+string(wj)+`)`, fmt.Sprintf("#%s does not contain %q", id, want))
}

// circleShown reports whether the element is on the page and not hidden.
func circleShown(t *testing.T, ctx context.Context, id string) bool {
	t.Helper()
	return browsertest.Eval[bool](t, ctx, `(e => !!e && !e.closest('[hidden]'))(document.getElementById('`+id+`'))`)
}

func circleWaitShown(t *testing.T, ctx context.Context, id string, shown bool) {
	t.Helper()
	neg := ""
	if !shown {
		neg = "!"
	}
	circleWait(t, ctx, neg+`(e => !!e && !e.closest('[hidden]'))(document.getElementById('`+id+`'))`, fmt.Sprintf("#%s shown=%v", id, shown))
}

// circleAnnounced waits until one of the polite regions says want.
func circleAnnounced(t *testing.T, ctx context.Context, want string) {
	t.Helper()
	wj, _ := json.Marshal(want)
	circleWait(t, ctx, `['announce-polite-a', 'announce-polite-b'].some(id => document.getElementById(id).textContent.includes(`+string(wj)+`))`,
		"a polite announcement of "+want)
}

// circleYourTurn checks the page says it is the member's turn, in the
// assertive region, the banner and the title.
func circleYourTurn(t *testing.T, ctx context.Context) {
	t.Helper()
	circleWaitText(t, ctx, "announce-urgent", "It's your turn")
	circleWaitShown(t, ctx, "circle-turn", true)
	circleWaitText(t, ctx, "circle-turn-title", "It's your turn")
	if title := browsertest.Title(t, ctx); !strings.HasPrefix(title, "Your turn – ") {
		t.Errorf("title: got %q, want it to start with %q", title, "Your turn – ")
	}
}

func circleNotMyTurn(t *testing.T, ctx context.Context) {
	t.Helper()
	circleWait(t, ctx, `!document.title.startsWith('Your turn')`, "the title has no turn prefix")
}

// circleTabTo presses Tab from the top of <main> until the element with id
// has focus, as a keyboard user would, and checks the focus is visible.
func circleTabTo(t *testing.T, ctx context.Context, id string) {
	t.Helper()
	browsertest.Eval[bool](t, ctx, `(document.getElementById('main-content').focus(), true)`)
	for i := 0; i < 60; i++ {
		browsertest.Press(t, ctx, browsertest.Tab)
		if f := browsertest.Focused(t, ctx); f.ID == id {
			bg := browsertest.Eval[string](t, ctx, `getComputedStyle(document.activeElement).backgroundColor`)
			if bg != "rgb(255, 221, 0)" {
				t.Errorf("focus on #%s is not visible: background %s", id, bg)
			}
			return
		}
	}
	t.Fatalf("#%s is not reachable with Tab\npage: %s", id, circleDebug(t, ctx))
}

// circleOpen logs a browser in and opens the circle page, which connects.
func circleOpen(t *testing.T, b *browsertest.Browser, srv *testserver.Server, name, password, circleURL string) context.Context {
	t.Helper()
	ctx := b.NewContext(t)
	wantStatus(t, "log in "+name, browserLogIn(t, ctx, srv, name, password), 200)
	wantStatus(t, "open the circle", browsertest.Navigate(t, ctx, circleURL), 200)
	circleConnected(t, ctx)
	return ctx
}

func circleConnected(t *testing.T, ctx context.Context) {
	t.Helper()
	circleWaitText(t, ctx, "circle-connection", "You are in the circle")
	circleWait(t, ctx, `window.__holdspaceCircle && window.__holdspaceCircle.state`, "the first state")
}

func TestCircleBrowserSession(t *testing.T) {
	b := browsertest.New(t)
	srv := startSite(t)
	maria := login(t, srv, "Maria", "demo-maria-facilitator")
	liveAgree(t, srv, maria, liveSlug)
	robinName := uniqueName("Robin")
	robin := signup(t, srv, robinName)
	if r := call(t, robin, "POST", srv.URL+"/api/v1/groups/"+liveSlug+"/join", nil); r.Status != 200 {
		t.Fatalf("join: %d %s", r.Status, r.Raw)
	}
	liveAgree(t, srv, robin, liveSlug)
	id := liveNewSession(t, srv, maria)
	liveStartSession(t, srv, maria, id)
	circlePath := fmt.Sprintf("/groups/%s/sessions/%d/circle", liveSlug, id)

	// Maria first, so the go-around starts with her.
	m := circleOpen(t, b, srv, "Maria", "demo-maria-facilitator", srv.URL+circlePath)

	// James has not agreed to the agreement: the circle sends him to read
	// it, and lets him in once he agrees.
	j := b.NewContext(t)
	wantStatus(t, "log in James", browserLogIn(t, j, srv, "James", "demo-james-member"), 200)
	browsertest.Navigate(t, j, srv.URL+circlePath)
	wantPath(t, j, srv, "/groups/"+liveSlug+"/agreement?next="+url.QueryEscape(circlePath))
	wantStatus(t, "agree", browsertest.ClickAndWait(t, j, `form[action$="/agreement/accept"] button`), 200)
	wantPath(t, j, srv, circlePath)
	circleConnected(t, j)

	// Robin finds the live session on the sessions page.
	r := b.NewContext(t)
	wantStatus(t, "log in Robin", browserLogIn(t, r, srv, robinName, circlePassword), 200)
	browsertest.Navigate(t, r, srv.URL+"/groups/"+liveSlug+"/sessions")
	wantStatus(t, "join the circle", browsertest.ClickAndWait(t, r, fmt.Sprintf(`#session-%d a[href$="/circle"]`, id)), 200)
	wantPath(t, r, srv, circlePath)
	circleConnected(t, r)

	all := map[string]context.Context{"Maria": m, "Jay": j, "Robin": r}
	each := func(f func(who string, ctx context.Context)) {
		t.Helper()
		for _, who := range []string{"Maria", "Jay", "Robin"} {
			f(who, all[who])
		}
	}

	// Gathering: everyone sees everyone; only Maria has the controls.
	each(func(who string, ctx context.Context) {
		circleWaitText(t, ctx, "circle-phase", "Now: Gathering")
		circleWaitText(t, ctx, "circle-members-heading", "In the circle (3)")
		circleWaitText(t, ctx, "circle-members", robinName)
		if got, want := circleShown(t, ctx, "circle-facilitate"), who == "Maria"; got != want {
			t.Errorf("%s: facilitator's controls shown = %v", who, got)
		}
		if circleShown(t, ctx, "circle-turn") {
			t.Errorf("%s: a turn banner before the sharing", who)
		}
	})
	circleWaitText(t, j, "circle-members", "Jay (you)")
	circleWaitText(t, r, "circle-members", "Maria (facilitator)")

	// Stepping out and back in shows on every screen; "I need support"
	// reaches the facilitator alone.
	browsertest.Click(t, r, "#circle-step")
	each(func(who string, ctx context.Context) {
		circleWaitText(t, ctx, "circle-members", "stepped out")
	})
	circleWaitText(t, r, "circle-step", "I'm back")
	browsertest.Click(t, r, "#circle-step")
	each(func(who string, ctx context.Context) {
		circleWaitNoText(t, ctx, "circle-members", "stepped out")
	})
	browsertest.Click(t, j, "#circle-support summary")
	browsertest.Type(t, j, "#circle-support-text", "Could someone talk with me after?")
	browsertest.Click(t, j, "#circle-support-send")
	circleWaitText(t, j, "circle-support-done", "The facilitators have been told")
	circleWaitText(t, m, "circle-support-list", "Jay: Could someone talk with me after?")
	circleAnnounced(t, m, "Jay asked for support.")
	if circleShown(t, r, "circle-support-list") {
		t.Error("Robin sees the support requests")
	}

	// The opening shows the agreement; then the check-in round.
	circleWaitText(t, m, "circle-advance", "Move on to: Opening")
	browsertest.Click(t, m, "#circle-advance")
	each(func(who string, ctx context.Context) {
		circleWaitText(t, ctx, "circle-phase", "Now: Opening")
		circleWaitShown(t, ctx, "circle-agreement", true)
	})
	circleAnnounced(t, j, "Now: Opening.")
	browsertest.Click(t, m, "#circle-advance")
	each(func(who string, ctx context.Context) {
		circleWaitText(t, ctx, "circle-phase", "Now: Check-in round")
		circleWaitShown(t, ctx, "circle-checkin-form", true)
		circleWaitShown(t, ctx, "circle-agreement", false)
	})
	browsertest.Click(t, j, "#mood-2")
	browsertest.Type(t, j, "#circle-word", "tired")
	browsertest.Click(t, j, "#circle-checkin-send")
	browsertest.Click(t, r, "#circle-checkin-pass")
	browsertest.Click(t, m, "#mood-4")
	browsertest.Type(t, m, "#circle-word", "hopeful")
	browsertest.Click(t, m, "#circle-checkin-send")
	each(func(who string, ctx context.Context) {
		circleWaitText(t, ctx, "circle-checkins", "tired")
		circleWaitText(t, ctx, "circle-checkins", "passed")
		circleWaitText(t, ctx, "circle-checkins", "hopeful")
		circleWaitShown(t, ctx, "circle-checkin-form", false)
		if who == "Robin" {
			circleWaitText(t, ctx, "circle-checkin-done", "You passed")
		} else {
			circleWaitText(t, ctx, "circle-checkin-done", "You checked in")
		}
	})
	circleWaitText(t, j, "circle-checkins", "You: tired")
	circleWaitText(t, m, "circle-checkins", "Jay: tired")

	// The sharing circle goes around: Maria, Jay, Robin.
	browsertest.Click(t, m, "#circle-advance")
	each(func(who string, ctx context.Context) {
		circleWaitText(t, ctx, "circle-phase", "Now: Sharing circle")
		circleWait(t, ctx, `document.querySelectorAll('#circle-queue li').length === 3`, who+": three in line")
		circleWaitText(t, ctx, "circle-speaker", "No one is sharing right now")
	})
	circleWaitText(t, j, "circle-place", "You are number 2 in line.")
	circleWaitText(t, r, "circle-place", "You are number 3 in line.")
	circleWaitText(t, r, "circle-queue", "Maria Jay "+robinName+" (you)")
	circleYourTurn(t, m)
	circleNotMyTurn(t, j)
	circleNotMyTurn(t, r)
	browsertest.CheckAxe(t, m) // the facilitator, with the turn banner

	// Maria passes: Jay's turn, said assertively on his screen only.
	browsertest.Click(t, m, "#circle-pass")
	circleYourTurn(t, j)
	circleNotMyTurn(t, m)
	circleWaitText(t, r, "circle-place", "You are number 2 in line.")
	circleWaitText(t, m, "circle-place", "You have had your turn in this round.")
	if got := browsertest.Eval[string](t, r, circleText("announce-urgent")); got != "" {
		t.Errorf("Robin's assertive region: %q", got)
	}

	// Jay starts his share from the keyboard.
	circleTabTo(t, j, "circle-share")
	browsertest.Press(t, j, browsertest.Enter)
	each(func(who string, ctx context.Context) {
		if who == "Jay" {
			circleWaitText(t, ctx, "circle-speaker", "You are sharing.")
		} else {
			circleWaitText(t, ctx, "circle-speaker", "Jay is sharing.")
		}
		circleWaitShown(t, ctx, "circle-timer", true)
		if got := browsertest.Eval[string](t, ctx, circleText("circle-timer")); !regexp.MustCompile(`^[45]:\d\d left$`).MatchString(got) {
			t.Errorf("%s: timer %q", who, got)
		}
		circleWait(t, ctx, `document.querySelector('#circle-members li[aria-current="true"]') && document.querySelector('#circle-members li[aria-current="true"]').innerText.includes('sharing now')`, who+": the speaker marked")
	})
	circleAnnounced(t, r, "Jay is sharing now.")
	circleWaitText(t, j, "circle-share", "End my share")
	if f := browsertest.Focused(t, j); f.ID != "circle-share" {
		t.Errorf("Jay's focus after starting: %s, want the same button", f)
	}
	circleNotMyTurn(t, j)
	browsertest.CheckAxe(t, j) // the member sharing

	// No cross-talk: Robin's message waits for the share to end; a heart
	// goes at once.
	browsertest.Type(t, r, "#circle-message", "Thank you, Jay")
	browsertest.Click(t, r, "#circle-chat-send")
	circleWaitText(t, r, "circle-held", "Waiting until Jay finishes: Thank you, Jay")
	browsertest.Click(t, r, "#circle-heart")
	circleWaitText(t, m, "circle-reactions", robinName+" sent a heart")
	circleWaitText(t, j, "circle-reactions", robinName+" sent a heart")
	for _, ctx := range []context.Context{m, j} {
		if got := browsertest.Eval[string](t, ctx, circleText("circle-chat-log")); strings.Contains(got, "Thank you, Jay") {
			t.Errorf("a held message was delivered during the share: %q", got)
		}
	}
	browsertest.CheckAxe(t, r) // a member with a held message

	// Jay ends his share from the keyboard; the held message arrives.
	browsertest.Press(t, j, browsertest.Enter)
	each(func(who string, ctx context.Context) {
		circleWaitText(t, ctx, "circle-speaker", "No one is sharing right now")
		circleWaitText(t, ctx, "circle-chat-log", "Thank you, Jay")
		circleWaitShown(t, ctx, "circle-timer", false)
	})
	circleWaitText(t, m, "circle-chat-log", robinName+": Thank you, Jay")
	circleWaitText(t, r, "circle-chat-log", "You: Thank you, Jay")
	circleWait(t, r, `document.querySelectorAll('#circle-held li').length === 0`, "Robin's held message is sent")
	if f := browsertest.Focused(t, j); f.Tag == "body" {
		t.Error("Jay's focus was lost when his share ended")
	}

	// Robin's turn, with a content note.
	circleYourTurn(t, r)
	circleNotMyTurn(t, j)
	browsertest.Type(t, r, "#circle-note", "This touches on loss")
	browsertest.Click(t, r, "#circle-share")
	each(func(who string, ctx context.Context) {
		circleWaitText(t, ctx, "circle-content-note", "Content note: This touches on loss")
	})
	circleWaitText(t, m, "circle-speaker", robinName+" is sharing.")
	browsertest.Click(t, r, "#circle-share") // now "End my share"
	each(func(who string, ctx context.Context) {
		circleWaitText(t, ctx, "circle-speaker", "No one is sharing right now")
		circleWaitText(t, ctx, "circle-queue-empty", "No one is waiting to share")
	})

	// Feedback: Maria goes straight there; the members answer.
	browsertest.Eval[bool](t, m, `(s => (s.value = 'feedback', s.dispatchEvent(new Event('change')), true))(document.getElementById('circle-phase-select'))`)
	browsertest.Click(t, m, "#circle-phase-go")
	each(func(who string, ctx context.Context) {
		circleWaitText(t, ctx, "circle-phase", "Now: Feedback")
		circleWaitShown(t, ctx, "circle-feedback-form", true)
	})
	browsertest.CheckAxe(t, r) // the feedback form
	for _, ctx := range []context.Context{j, r} {
		browsertest.Click(t, ctx, "#felt_heard-4")
		browsertest.Click(t, ctx, "#felt_safe-5")
		browsertest.Click(t, ctx, "#would_come_back-5")
		browsertest.Click(t, ctx, "#circle-feedback-send")
		circleWaitShown(t, ctx, "circle-feedback-done", true)
	}
	each(func(who string, ctx context.Context) {
		circleWaitText(t, ctx, "circle-feedback-count", "2 people have answered so far.")
	})

	// The end, on every screen.
	browsertest.Click(t, m, "#circle-end-details summary")
	browsertest.Click(t, m, "#circle-end")
	each(func(who string, ctx context.Context) {
		circleWaitShown(t, ctx, "circle-ended", true)
		circleWaitShown(t, ctx, "circle-live", false)
		circleNotMyTurn(t, ctx)
	})
	browsertest.CheckAxe(t, j) // the end

	store := liveStore(t, srv, "")
	sum, err := store.LiveSummary(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Shares != 2 || sum.AttendanceCount != 3 || sum.MoodCounts != [5]int{0, 1, 0, 1, 0} || len(sum.Feedback) != 2 {
		t.Errorf("summary: %+v", sum)
	}
}

// TestCircleBrowserReconnect: the page's socket drops; it reconnects by
// itself with ?since= and catches up on what it missed, without a fresh
// snapshot. Raising and lowering a hand work from the keyboard.
func TestCircleBrowserReconnect(t *testing.T) {
	b := browsertest.New(t)
	srv := startSite(t)
	maria := login(t, srv, "Maria", "demo-maria-facilitator")
	james := login(t, srv, "James", "demo-james-member")
	liveAgree(t, srv, maria, liveSlug)
	liveAgree(t, srv, james, liveSlug)
	id := liveNewSession(t, srv, maria)
	liveStartSession(t, srv, maria, id)
	ms := dialLive(t, srv, maria, id, -1) // Maria on a socket of her own
	ms.until("state")
	j := circleOpen(t, b, srv, "James", "demo-james-member", fmt.Sprintf("%s/groups/%s/sessions/%d/circle", srv.URL, liveSlug, id))
	browsertest.CheckAxe(t, j)

	// The socket drops; while it is away Maria says something and moves on.
	since := browsertest.Eval[int](t, j, `window.__holdspaceCircle.last`)
	browsertest.Eval[bool](t, j, `(window.__holdspaceCircle.socket.close(), true)`)
	circleWaitText(t, j, "circle-connection", "The connection was lost")
	ms.send(map[string]string{"op": "chat", "text": "While you were away"})
	ms.send(map[string]string{"op": "advance", "phase": "sharing"})
	ms.until("queue")
	if n := browsertest.Eval[int](t, j, `window.__holdspaceCircle.connects`); n != 1 {
		t.Fatalf("the page reconnected before Maria spoke (%d connections); the test proves nothing", n)
	}
	circleWait(t, j, `window.__holdspaceCircle.connects === 2`, "the page reconnects by itself")
	if u := browsertest.Eval[string](t, j, `window.__holdspaceCircle.url`); !strings.HasSuffix(u, fmt.Sprintf("?since=%d", since)) {
		t.Errorf("reconnected to %s, want ?since=%d", u, since)
	}
	circleWaitText(t, j, "circle-chat-log", "Maria: While you were away")
	circleWaitText(t, j, "circle-phase", "Now: Sharing circle")
	circleWaitText(t, j, "circle-connection", "You are in the circle")
	if n := browsertest.Eval[int](t, j, `window.__holdspaceCircle.baselines`); n != 1 {
		t.Errorf("%d state snapshots, want 1: the page should have caught up from the events it missed", n)
	}

	// The go-around: Maria then Jay. Both pass; then Jay raises his hand
	// from the keyboard, and it is his turn at once.
	circleWaitText(t, j, "circle-place", "You are number 2 in line.")
	ms.send(map[string]string{"op": "pass"})
	circleYourTurn(t, j)
	browsertest.Click(t, j, "#circle-pass")
	// Both have had a turn: the round ends and the line is empty.
	circleWaitText(t, j, "circle-place", "Raise your hand when you would like to share")
	circleNotMyTurn(t, j)
	circleTabTo(t, j, "circle-hand")
	circleWaitText(t, j, "circle-hand", "Raise your hand")
	browsertest.Press(t, j, browsertest.Enter)
	circleWaitText(t, j, "circle-hand", "Lower your hand")
	if f := browsertest.Focused(t, j); f.ID != "circle-hand" {
		t.Errorf("focus after raising the hand: %s", f)
	}
	circleYourTurn(t, j)
	browsertest.Press(t, j, browsertest.Enter)
	circleWaitText(t, j, "circle-hand", "Raise your hand")
	circleNotMyTurn(t, j)
	circleWaitShown(t, j, "circle-turn", false)

	// On a phone at 320 pixels nothing scrolls sideways; in the dark
	// palette the page is still axe-clean.
	ms.send(map[string]string{"op": "give_turn", "member_id": browsertest.Eval[string](t, j, `window.__holdspaceCircle.state.you`)})
	circleYourTurn(t, j)
	browsertest.SetViewport(t, j, 320, 800, true)
	if w := browsertest.Eval[int](t, j, `document.documentElement.scrollWidth`); w > 320 {
		t.Errorf("at 320px the page is %dpx wide", w)
	}
	browsertest.SetDarkMode(t, j, true)
	browsertest.CheckAxe(t, j)

	// A server-side end reaches the page and it stops reconnecting.
	if r := call(t, maria, "POST", fmt.Sprintf("%s/api/v1/sessions/%d/end", srv.URL, id), nil); r.Status != 200 {
		t.Fatalf("end: %d %s", r.Status, r.Raw)
	}
	circleWaitShown(t, j, "circle-ended", true)
	time.Sleep(1500 * time.Millisecond)
	if n := browsertest.Eval[int](t, j, `window.__holdspaceCircle.connects`); n != 2 {
		t.Errorf("the page connected again after the end: %d connections", n)
	}
}

// TestCircleBrowserInPerson: Maria runs a group session on her tablet for
// two people in the room who have no accounts: she starts it, types their
// first names, walks them through the check-in and a share with the timer,
// and records how many were there.
func TestCircleBrowserInPerson(t *testing.T) {
	b := browsertest.New(t)
	srv := startSite(t)
	maria := login(t, srv, "Maria", "demo-maria-facilitator")
	liveAgree(t, srv, maria, liveSlug)
	id := liveNewSession(t, srv, maria)
	page := fmt.Sprintf("/groups/%s/sessions/%d/in-person", liveSlug, id)

	m := b.NewContext(t)
	wantStatus(t, "log in", browserLogIn(t, m, srv, "Maria", "demo-maria-facilitator"), 200)
	wantStatus(t, "open", browsertest.Navigate(t, m, srv.URL+page), 200)
	wantText(t, m, "#circle-waiting", "This group session has not started yet")
	wantStatus(t, "start", browsertest.ClickAndWait(t, m, `#circle-waiting button[type=submit]`), 200)
	wantPath(t, m, srv, page)
	circleConnected(t, m)

	// Two first names, typed and sent with Enter.
	for _, name := range []string{"Ana", "Ben"} {
		browsertest.Type(t, m, "#inperson-name", name)
		browsertest.Press(t, m, browsertest.Enter)
		circleWaitText(t, m, "inperson-people", name)
	}
	circleWaitText(t, m, "circle-members-heading", "In the circle (3)")
	circleWaitText(t, m, "circle-members", "Ana (in the room)")
	if got := browsertest.Eval[string](t, m, `document.getElementById('inperson-name').value`); got != "" {
		t.Errorf("the name field keeps %q", got)
	}
	circleWait(t, m, `document.getElementById('in-room').value === '3'`, "the in-room count follows the names")

	// The check-in, one person after another.
	browsertest.Click(t, m, "#circle-advance")
	circleWaitText(t, m, "circle-phase", "Now: Opening")
	browsertest.Click(t, m, "#circle-advance")
	circleWaitText(t, m, "circle-phase", "Now: Check-in round")
	for _, c := range []struct{ who, mood, word string }{{"You (Maria)", "3", "ready"}, {"Ana", "4", "calm"}, {"Ben", "", ""}} {
		circleWait(t, m, `document.getElementById('circle-checkin-who').selectedOptions[0].text === '`+c.who+`'`, "next to check in: "+c.who)
		if c.mood == "" {
			browsertest.Click(t, m, "#circle-checkin-pass")
			continue
		}
		browsertest.Click(t, m, "#mood-"+c.mood)
		browsertest.Type(t, m, "#circle-word", c.word)
		browsertest.Click(t, m, "#circle-checkin-send")
		circleWaitText(t, m, "circle-checkins", c.word)
	}
	circleWaitText(t, m, "circle-checkins", "Ben passed")
	circleWaitText(t, m, "circle-checkin-done", "Everyone here has checked in")
	circleWaitText(t, m, "inperson-people", "Ana: checked in: calm")

	// The go-around: Maria passes, Ana shares with the timer, Ben passes.
	browsertest.Click(t, m, "#circle-advance")
	circleWaitText(t, m, "circle-phase", "Now: Sharing circle")
	circleYourTurn(t, m)
	browsertest.Click(t, m, "#circle-pass")
	circleWaitText(t, m, "circle-turn-title", "Ana’s turn")
	circleNotMyTurn(t, m)
	circleWaitText(t, m, "circle-share", "Start Ana’s share")
	browsertest.Click(t, m, "#circle-share")
	circleWaitText(t, m, "circle-turn-title", "Ana is sharing")
	circleWaitText(t, m, "circle-speaker", "Ana is sharing.")
	circleWaitShown(t, m, "circle-turn-timer", true)
	circleWait(t, m, `/^[45]:\d\d left$/.test(`+circleText("circle-turn-timer")+`)`, "the timer counts down")
	first := browsertest.Eval[string](t, m, circleText("circle-timer"))
	circleWait(t, m, circleText("circle-timer")+` !== '`+first+`'`, "the timer moves")
	browsertest.CheckAxe(t, m)
	browsertest.Click(t, m, "#circle-share") // "End Ana’s share"
	circleWaitText(t, m, "circle-turn-title", "Ben’s turn")
	circleWaitText(t, m, "circle-pass", "Ben passes")
	browsertest.Click(t, m, "#circle-pass")
	circleWaitShown(t, m, "circle-turn", false)
	circleWaitText(t, m, "circle-queue-empty", "No one is waiting to share")

	// The end: the count of people in the room is what is kept.
	browsertest.Type(t, m, "#in-room", "3")
	wantStatus(t, "end", browsertest.ClickAndWait(t, m, `#inperson-end button[type=submit]`), 200)
	wantPath(t, m, srv, page)
	wantText(t, m, "#circle-recorded", "You recorded 3 people in the room.")
	browsertest.CheckAxe(t, m)

	store := liveStore(t, srv, "")
	ctx := context.Background()
	if n, err := store.InRoomCount(ctx, id); err != nil || n != 3 {
		t.Errorf("in-room count: %d %v, want 3", n, err)
	}
	sum, err := store.LiveSummary(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Shares != 1 || sum.AttendanceCount != 1 || sum.MoodCounts != [5]int{0, 0, 1, 1, 0} {
		t.Errorf("summary: %+v", sum)
	}
}

// TestCircleAccess: who gets the circle pages, and who is sent elsewhere.
func TestCircleAccess(t *testing.T) {
	srv := startSite(t)
	maria := login(t, srv, "Maria", "demo-maria-facilitator")
	liveAgree(t, srv, maria, liveSlug)
	id := liveNewSession(t, srv, maria)
	base := fmt.Sprintf("%s/groups/%s/sessions/%d", srv.URL, liveSlug, id)
	noFollow := func(c *http.Client) *http.Client {
		return &http.Client{Jar: c.Jar, Timeout: 30 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	get := func(c *http.Client, u string) (int, string) {
		t.Helper()
		resp, err := noFollow(c).Get(u)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode, resp.Header.Get("Location")
	}
	james := login(t, srv, "James", "demo-james-member")
	keiko := login(t, srv, "Keiko", "demo-keiko-member")
	outsider := signup(t, srv, uniqueName("Outsider"))
	for _, tt := range []struct {
		name   string
		c      *http.Client
		path   string
		status int
		to     string
	}{
		{"visitor", testserver.Client(), "/circle", 303, "/login?next="},
		{"outsider", outsider, "/circle", 404, ""},
		{"member of another group", keiko, "/circle", 404, ""},
		{"member who has not agreed", james, "/circle", 303, "/groups/" + liveSlug + "/agreement?next=" + url.QueryEscape(fmt.Sprintf("/groups/%s/sessions/%d/circle", liveSlug, id))},
		{"facilitator", maria, "/circle", 200, ""},
		{"member, in person", james, "/in-person", 404, ""},
		{"facilitator, in person", maria, "/in-person", 200, ""},
	} {
		status, loc := get(tt.c, base+tt.path)
		if status != tt.status || !strings.HasPrefix(loc, tt.to) {
			t.Errorf("%s: %s got %d %s, want %d %s", tt.name, tt.path, status, loc, tt.status, tt.to)
		}
	}
	if status, _ := get(maria, fmt.Sprintf("%s/groups/%s/sessions/%d/circle", srv.URL, "after-loss-circle", id)); status != 404 {
		t.Errorf("the session under another group's address: %d", status)
	}

	// Agreeing leads back to the group session, and only to one of this
	// group's session pages.
	agreeing := func(next string) string {
		t.Helper()
		get(james, srv.URL+"/login") // the form token's cookie
		u, _ := url.Parse(srv.URL)
		form := url.Values{"version": {fmt.Sprint(call(t, james, "GET", srv.URL+"/api/v1/groups/"+liveSlug+"/agreement", nil).Body["version"])}, "next": {next}}
		for _, ck := range james.Jar.Cookies(u) {
			if ck.Name == "hs_csrf" {
				form.Set("csrf", ck.Value)
			}
		}
		resp, err := noFollow(james).PostForm(srv.URL+"/groups/"+liveSlug+"/agreement/accept", form)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.Header.Get("Location")
	}
	for next, want := range map[string]string{
		"//elsewhere.example/x":                             "/groups/" + liveSlug + "/agreement?agreed=1",
		"/groups/after-loss-circle/sessions/1/circle":       "/groups/" + liveSlug + "/agreement?agreed=1",
		"/groups/" + liveSlug + "/sessions/../../../logout": "/groups/" + liveSlug + "/agreement?agreed=1",
		base[len(srv.URL):] + "/circle":                     base[len(srv.URL):] + "/circle",
	} {
		if got := agreeing(next); got != want {
			t.Errorf("agreeing with next=%s: sent to %q, want %q", next, got, want)
		}
	}

	// Only facilitators act for the people in the room, with the form's token.
	liveAgree(t, srv, james, liveSlug)
	if status, _ := get(james, base+"/circle"); status != 200 {
		t.Errorf("member who agreed: %d", status)
	}
	liveStartSession(t, srv, maria, id)
	post := func(c *http.Client, path string, form url.Values) int {
		t.Helper()
		get(c, srv.URL+"/login") // the form token's cookie
		u, _ := url.Parse(srv.URL)
		for _, ck := range c.Jar.Cookies(u) {
			if ck.Name == "hs_csrf" {
				form.Set("csrf", ck.Value)
			}
		}
		resp, err := noFollow(c).PostForm(base+path, form)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := post(james, "/in-person/guests", url.Values{"name": {"Ana"}}); got != 404 {
		t.Errorf("a member adds a guest: %d, want 404", got)
	}
	if got := post(james, "/in-person/end", url.Values{"in_room": {"4"}}); got != 404 {
		t.Errorf("a member ends an in-person session: %d, want 404", got)
	}
	if got := post(maria, "/in-person/guests", url.Values{"name": {""}}); got != 422 {
		t.Errorf("an empty first name: %d, want 422", got)
	}
	if got := post(maria, "/in-person/guests", url.Values{"name": {"Ana"}}); got != 303 {
		t.Errorf("a first name without the script: %d, want 303", got)
	}
	if got := post(maria, "/in-person/act", url.Values{"member_id": {"m-nobody"}, "op": {"pass"}}); got != 404 {
		t.Errorf("acting for someone not in the room: %d, want 404", got)
	}
	if got := post(maria, "/in-person/end", url.Values{"in_room": {"lots"}}); got != 422 {
		t.Errorf("a count that is not a number: %d, want 422", got)
	}
}
