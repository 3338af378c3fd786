package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"holdspace/internal/browsertest"
)

// TestCircleBrowserTools: the facilitator's tools in a real browser, with
// Maria facilitating and three members (Jay, Robin and Sam). An anonymous
// poll is opened from a plain form, answered once by each member, and its
// counts reach everyone only once it is closed with 3 answers; breakout
// rooms of 2 show each member their room, who is with them and the time
// left, until everyone is brought back; Sam asks for support and Maria
// opens a private side room with him, which only the two of them see.
func TestCircleBrowserTools(t *testing.T) {
	c := openCircleOfFour(t)
	circleURL := c.url
	samName := c.sam
	m, j, r, s := c.m, c.j, c.r, c.s
	who, all := c.who, c.all
	each := func(f func(name string, ctx context.Context)) {
		t.Helper()
		for _, name := range who {
			f(name, all[name])
		}
	}
	each(func(name string, ctx context.Context) {
		circleWaitText(t, ctx, "circle-members-heading", "In the circle (4)")
		if circleShown(t, ctx, "circle-poll") || circleShown(t, ctx, "circle-breakout") || circleShown(t, ctx, "circle-side") {
			t.Errorf("%s: a poll, breakout rooms or a side room before any was opened", name)
		}
	})
	for _, ctx := range []context.Context{j, r, s} {
		if circleShown(t, ctx, "circle-poll-details") || circleShown(t, ctx, "circle-breakout-details") {
			t.Error("a member sees the facilitator's poll or breakout form")
		}
	}

	// The poll. Maria's first try has an answer too long for the server:
	// its refusal shows next to the form, and nothing opens.
	const question = "How has your week been?"
	circleWaitShown(t, m, "circle-poll-details", true)
	browsertest.Click(t, m, "#circle-poll-details summary")
	browsertest.Type(t, m, "#circle-poll-text", question)
	browsertest.Type(t, m, "#circle-poll-option-1", "Good")
	browsertest.Type(t, m, "#circle-poll-option-2", "Hard")
	browsertest.Type(t, m, "#circle-poll-option-3", strings.Repeat("a bit of both ", 8))
	browsertest.Click(t, m, "#circle-poll-start")
	circleWaitShown(t, m, "circle-poll-run-error", true)
	circleWaitText(t, m, "circle-poll-run-error", "The answer can be up to 100 characters.")
	if circleShown(t, m, "circle-poll") {
		t.Error("a refused poll was shown")
	}
	// From the keyboard: Enter in the form opens it.
	browsertest.Type(t, m, "#circle-poll-option-3", "A bit of both")
	browsertest.Press(t, m, browsertest.Enter)
	each(func(name string, ctx context.Context) {
		circleWaitShown(t, ctx, "circle-poll", true)
		circleWaitText(t, ctx, "circle-poll-legend", question)
		circleWaitShown(t, ctx, "circle-poll-form", true)
		circleWait(t, ctx, `document.querySelectorAll('#circle-poll-choices input[type=radio]').length === 3`, name+": three answers to choose from")
		circleWaitText(t, ctx, "circle-poll-status", "No one has answered yet. Results show once 3 people have answered")
		circleAnnounced(t, ctx, "A new poll: "+question)
	})
	circleWaitShown(t, m, "circle-poll-run-error", false)
	circleWaitShown(t, m, "circle-poll-running", true)
	circleWaitShown(t, m, "circle-poll-details", false)
	circleWaitText(t, m, "circle-poll-running-text", "The poll is open. No one has answered yet.")
	if f := browsertest.Focused(t, m); f.ID != "circle-poll-running-text" {
		t.Errorf("Maria's focus after opening the poll: %s", f)
	}
	if got := browsertest.Eval[string](t, m, `document.getElementById('circle-poll-text').value`); got != "" {
		t.Errorf("the question stays in Maria's form: %q", got)
	}
	browsertest.CheckAxe(t, j) // a member with a poll to answer

	// Jay answers from the keyboard: Tab to the first answer, Space picks
	// it, Tab and Enter send it.
	browsertest.Click(t, j, "#circle-poll-send") // nothing picked yet
	circleWaitText(t, j, "circle-poll-error", "Choose an answer.")
	circleTabToChoice(t, j, "poll-choice-1")
	browsertest.Press(t, j, " ")
	circleWait(t, j, `document.getElementById('poll-choice-1').checked`, "Jay picked Good")
	browsertest.Press(t, j, browsertest.Tab)
	if f := browsertest.Focused(t, j); f.ID != "circle-poll-send" {
		t.Fatalf("after the answers, Tab reaches %s, want the send button", f)
	}
	browsertest.Press(t, j, browsertest.Enter)
	circleWaitShown(t, j, "circle-poll-done", true)
	circleWaitShown(t, j, "circle-poll-form", false)
	circleWaitShown(t, j, "circle-poll-error", false)
	if f := browsertest.Focused(t, j); f.ID != "circle-poll-done" {
		t.Errorf("Jay's focus after answering: %s, want the thanks", f)
	}
	each(func(name string, ctx context.Context) {
		circleWaitText(t, ctx, "circle-poll-status", "1 person has answered so far. Results show once 3 people have answered")
	})
	circleWaitText(t, m, "circle-poll-running-text", "The poll is open. 1 person has answered so far.")

	browsertest.Click(t, r, "#poll-choice-2")
	browsertest.Click(t, r, "#circle-poll-send")
	circleWaitShown(t, r, "circle-poll-done", true)
	each(func(name string, ctx context.Context) {
		circleWaitText(t, ctx, "circle-poll-status", "2 people have answered so far. Results show once 3 people have answered")
		circleWaitShown(t, ctx, "circle-poll-results", false)
	})
	browsertest.Click(t, s, "#poll-choice-1")
	browsertest.Click(t, s, "#circle-poll-send")
	circleWaitShown(t, s, "circle-poll-done", true)
	// Three have answered: the counts wait for the poll to close, so that
	// the last answer cannot be told apart as it arrives.
	each(func(name string, ctx context.Context) {
		circleWaitText(t, ctx, "circle-poll-status", "3 people have answered so far. Results show when the facilitator closes the poll.")
		circleWaitShown(t, ctx, "circle-poll-results", false)
	})
	circleWaitShown(t, m, "circle-poll-form", true) // Maria has not answered

	browsertest.Click(t, m, "#circle-poll-close")
	each(func(name string, ctx context.Context) {
		circleWaitShown(t, ctx, "circle-poll-results", true)
		circleWaitText(t, ctx, "circle-poll-results", "Good: 2 people")
		circleWaitText(t, ctx, "circle-poll-results", "Hard: 1 person")
		circleWaitText(t, ctx, "circle-poll-results", "A bit of both: 0 people")
		circleWaitText(t, ctx, "circle-poll-status", "The poll is closed. 3 people have answered.")
		circleWaitShown(t, ctx, "circle-poll-form", false)
		circleAnnounced(t, ctx, "The poll has closed. The results are shown.")
	})
	circleWaitShown(t, m, "circle-poll-details", true)
	browsertest.CheckAxe(t, m) // the facilitator, with the results and the form for the next poll

	// A poll only one member answers never shows its counts.
	browsertest.Click(t, m, "#circle-poll-details summary")
	browsertest.Type(t, m, "#circle-poll-text", "Shall we take a break?")
	browsertest.Type(t, m, "#circle-poll-option-1", "Yes")
	browsertest.Type(t, m, "#circle-poll-option-2", "No")
	browsertest.Click(t, m, "#circle-poll-start")
	each(func(name string, ctx context.Context) {
		circleWaitText(t, ctx, "circle-poll-legend", "Shall we take a break?")
		circleWaitShown(t, ctx, "circle-poll-form", true) // a new poll: everyone may answer again
		circleWaitShown(t, ctx, "circle-poll-results", false)
	})
	browsertest.Click(t, j, "#poll-choice-1")
	browsertest.Click(t, j, "#circle-poll-send")
	circleWaitText(t, m, "circle-poll-running-text", "1 person has answered so far.")
	browsertest.Click(t, m, "#circle-poll-close")
	each(func(name string, ctx context.Context) {
		circleWaitText(t, ctx, "circle-poll-status", "Results show only when 3 or more people have answered, so these stay private.")
		circleWaitShown(t, ctx, "circle-poll-results", false)
	})

	// Breakout rooms of 2 for 5 minutes, started from the keyboard.
	circleWaitShown(t, m, "circle-breakout-details", true)
	browsertest.Click(t, m, "#circle-breakout-details summary")
	browsertest.Type(t, m, "#circle-breakout-size", "1")
	browsertest.Click(t, m, "#circle-breakout-start")
	circleWaitText(t, m, "circle-breakout-error", "Enter how many people go in each room, from 2 to 50.")
	browsertest.Type(t, m, "#circle-breakout-size", "2")
	browsertest.Type(t, m, "#circle-breakout-minutes", "5")
	browsertest.Press(t, m, browsertest.Enter)
	names := browsertest.Eval[map[string]string](t, m, `Object.fromEntries(window.__holdspaceCircle.state.members.map(x => [x.id, x.name]))`)
	circleWait(t, m, `window.__holdspaceCircle.state.breakout && window.__holdspaceCircle.state.breakout.active`, "the rooms are open")
	rooms := browsertest.Eval[[]struct {
		Members []string `json:"members"`
	}](t, m, `window.__holdspaceCircle.state.breakout.rooms`)
	if len(rooms) != 2 || len(rooms[0].Members) != 2 || len(rooms[1].Members) != 2 {
		t.Fatalf("rooms: %+v, want two rooms of 2", rooms)
	}
	each(func(name string, ctx context.Context) {
		you := browsertest.Eval[string](t, ctx, `window.__holdspaceCircle.state.you`)
		n, partner := 0, ""
		for i, room := range rooms {
			for k, id := range room.Members {
				if id == you {
					n, partner = i+1, names[room.Members[1-k]]
				}
			}
		}
		if n == 0 {
			t.Fatalf("%s is in no room: %+v", name, rooms)
		}
		circleWaitShown(t, ctx, "circle-breakout", true)
		circleWaitText(t, ctx, "circle-breakout-room", fmt.Sprintf("You are in room %d.", n))
		circleWaitText(t, ctx, "circle-breakout-with", "With you: "+partner+".")
		circleWait(t, ctx, `/^[45]:\d\d left$/.test(`+circleText("circle-breakout-timer")+`)`, name+": the time left")
		circleAnnounced(t, ctx, fmt.Sprintf("Breakout rooms have started. You are in room %d, with %s.", n, partner))
		circleWaitText(t, ctx, "circle-place", "Everyone is in breakout rooms.")
		if got, want := circleShown(t, ctx, "circle-breakout-all"), name == "Maria"; got != want {
			t.Errorf("%s: every room shown = %v", name, got)
		}
	})
	circleWaitText(t, m, "circle-breakout-rooms", "Room 1: ")
	circleWaitText(t, m, "circle-breakout-rooms", "Room 2: ")
	circleWaitShown(t, m, "circle-breakout-running", true)
	if f := browsertest.Focused(t, m); f.ID != "circle-breakout-running-text" {
		t.Errorf("Maria's focus after starting the rooms: %s", f)
	}
	first := browsertest.Eval[string](t, r, circleText("circle-breakout-timer"))
	circleWait(t, r, circleText("circle-breakout-timer")+` !== '`+first+`'`, "the rooms' timer moves")
	browsertest.CheckAxe(t, r) // a member in a breakout room

	browsertest.Click(t, m, "#circle-breakout-end")
	each(func(name string, ctx context.Context) {
		circleWaitShown(t, ctx, "circle-breakout-on", false)
		circleWaitText(t, ctx, "circle-breakout-back", "Everyone is back in the circle.")
		circleAnnounced(t, ctx, "The breakout rooms have ended. Everyone is back in the circle.")
		circleWaitNoText(t, ctx, "circle-place", "breakout")
	})
	circleWaitShown(t, m, "circle-breakout-details", true)

	// Sam asks for support; Maria opens a private side room with him.
	browsertest.Click(t, s, "#circle-support summary")
	browsertest.Type(t, s, "#circle-support-text", "Could we talk on our own?")
	browsertest.Click(t, s, "#circle-support-send")
	circleWaitText(t, m, "circle-support-list", samName+": Could we talk on our own?")
	circleWaitText(t, m, "circle-support-list", "Open a private side room with "+samName)
	browsertest.Click(t, m, "#circle-support-list button[data-act=open_side_room]")
	circleWaitText(t, m, "circle-support-list", "(a private side room is open)")
	circleAnnounced(t, m, "A private side room with "+samName+" is open.")
	circleWaitShown(t, s, "circle-side", true)
	circleWaitText(t, s, "circle-side-heading", "Private")
	circleWaitText(t, s, "circle-side", "Only you and the facilitators know about it.")
	circleAnnounced(t, s, "A facilitator opened a private side room with you.")
	for _, ctx := range []context.Context{j, r} {
		if circleShown(t, ctx, "circle-side") {
			t.Error("another member sees Sam's side room")
		}
		heard := browsertest.Eval[string](t, ctx, `['announce-polite-a', 'announce-polite-b'].map(id => document.getElementById(id).textContent).join(' | ')`)
		if strings.Contains(heard, "side room") {
			t.Errorf("another member heard of the side room: %s", heard)
		}
	}
	browsertest.CheckAxe(t, s) // the member in a side room
	browsertest.CheckAxe(t, m) // the facilitator with the side room open

	// On a phone at 320 pixels the facilitator's tools do not scroll
	// sideways; in the dark palette the private side room is axe-clean.
	browsertest.Click(t, m, "#circle-poll-details summary")
	browsertest.Click(t, m, "#circle-breakout-details summary")
	browsertest.SetViewport(t, m, 320, 800, true)
	if w := browsertest.Eval[int](t, m, `document.documentElement.scrollWidth`); w > 320 {
		t.Errorf("at 320px Maria's page is %dpx wide", w)
	}
	browsertest.SetDarkMode(t, s, true)
	browsertest.CheckAxe(t, s)

	// The side room stays after a reload, for Sam and for Maria.
	browsertest.Navigate(t, s, circleURL)
	circleConnected(t, s)
	circleWaitShown(t, s, "circle-side", true)
	browsertest.Navigate(t, m, circleURL)
	circleConnected(t, m)
	circleWaitText(t, m, "circle-support-list", "(a private side room is open)")
}

// circleTabToChoice presses Tab from the top of <main> until the radio
// button with id has focus, and checks its focus ring shows.
func circleTabToChoice(t *testing.T, ctx context.Context, id string) {
	t.Helper()
	browsertest.Eval[bool](t, ctx, `(document.getElementById('main-content').focus(), true)`)
	for i := 0; i < 80; i++ {
		browsertest.Press(t, ctx, browsertest.Tab)
		if f := browsertest.Focused(t, ctx); f.ID == id {
			ring := browsertest.Eval[string](t, ctx, `(s => s.outlineStyle + ' ' + s.outlineColor)(getComputedStyle(document.activeElement))`)
			if ring != "solid rgb(255, 221, 0)" {
				t.Errorf("focus on #%s is not visible: outline %s", id, ring)
			}
			return
		}
	}
	t.Fatalf("#%s is not reachable with Tab\npage: %s", id, circleDebug(t, ctx))
}

// circleOfFour is a live circle open in four browsers: Maria facilitating,
// Jay, and two members who have just joined, Robin and Sam, everyone
// having agreed to the group agreement and seen all four in the circle.
type circleOfFour struct {
	id         int64
	url        string
	robin, sam string
	m, j, r, s context.Context
	who        []string
	all        map[string]context.Context
}

func openCircleOfFour(t *testing.T) circleOfFour {
	t.Helper()
	b := browsertest.New(t)
	srv := startSite(t)
	maria := login(t, srv, "Maria", "demo-maria-facilitator")
	james := login(t, srv, "James", "demo-james-member")
	liveAgree(t, srv, maria, liveSlug)
	liveAgree(t, srv, james, liveSlug)
	c := circleOfFour{robin: uniqueName("Robin"), sam: uniqueName("Sam")}
	for _, name := range []string{c.robin, c.sam} {
		member := signup(t, srv, name)
		if r := call(t, member, "POST", srv.URL+"/api/v1/groups/"+liveSlug+"/join", nil); r.Status != 200 {
			t.Fatalf("%s joins: %d %s", name, r.Status, r.Raw)
		}
		liveAgree(t, srv, member, liveSlug)
	}
	c.id = liveNewSession(t, srv, maria)
	liveStartSession(t, srv, maria, c.id)
	c.url = srv.URL + fmt.Sprintf("/groups/%s/sessions/%d/circle", liveSlug, c.id)
	c.m = circleOpen(t, b, srv, "Maria", "demo-maria-facilitator", c.url)
	c.j = circleOpen(t, b, srv, "James", "demo-james-member", c.url)
	c.r = circleOpen(t, b, srv, c.robin, circlePassword, c.url)
	c.s = circleOpen(t, b, srv, c.sam, circlePassword, c.url)
	c.who = []string{"Maria", "Jay", c.robin, c.sam}
	c.all = map[string]context.Context{"Maria": c.m, "Jay": c.j, c.robin: c.r, c.sam: c.s}
	return c
}
