package live

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"holdspace/internal/circle"
)

// TestGuests: a facilitator adds people in the room by first name and acts
// for them; everyone connected sees it; the grace period never takes them
// out; what they may do is limited; refusals come back to the caller; and
// the end lists only accounts as attending, with their moods counted.
func TestGuests(t *testing.T) {
	th := startHub(t, Options{Grace: 50 * time.Millisecond, TickEvery: 10 * time.Millisecond})
	maria := th.dial(t, 1, "Maria", "organizer", -1)
	mID := me(t, maria.until("state"))
	jay := th.dial(t, 2, "Jay", "member", -1)
	jay.until("state")
	maria.until("joined")

	ana, err := th.JoinGuest(testSession, "Ana")
	if err != nil || ana.Name != "Ana" || ana.ID == "" {
		t.Fatalf("JoinGuest: %+v %v", ana, err)
	}
	if f := jay.until("joined"); f["member_id"] != ana.ID || f["name"] != "Ana" || f["role"] != "member" {
		t.Errorf("jay sees %v", f)
	}
	ben, err := th.JoinGuest(testSession, "Ben")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := th.JoinGuest(testSession, "  "); !isRefused(err, circle.CodeBadValue) {
		t.Errorf("an empty name: %v", err)
	}
	time.Sleep(100 * time.Millisecond) // longer than the grace period
	gs, err := th.Guests(testSession)
	if err != nil || fmt.Sprint(gs) != fmt.Sprint([]Guest{ana, ben}) {
		t.Errorf("Guests: %v %v", gs, err)
	}

	// The check-in, for a guest, reaches everyone; a second one is refused
	// to the caller, and nobody's socket hears of it.
	maria.send(map[string]string{"op": "advance", "phase": "check_in"})
	jay.until("phase")
	if err := th.ActAsGuest(testSession, ana.ID, circle.Intent{Op: circle.OpCheckIn, Mood: 4, Word: "calm"}); err != nil {
		t.Fatal(err)
	}
	if f := jay.until("checkin"); f["member_id"] != ana.ID || f["word"] != "calm" {
		t.Errorf("check-in: %v", f)
	}
	if err := th.ActAsGuest(testSession, ana.ID, circle.Intent{Op: circle.OpCheckIn, Pass: true}); !isRefused(err, circle.CodeAlreadyDone) {
		t.Errorf("checking in twice: %v", err)
	}

	// Only a person's own doings; only guests; only while running.
	for _, in := range []circle.Intent{{Op: circle.OpAdvance}, {Op: circle.OpChat, Text: "hi"}, {Op: circle.OpEndSession},
		{Op: circle.OpFeedback, FeltHeard: 5, FeltSafe: 5, WouldComeBack: 5}} {
		if err := th.ActAsGuest(testSession, ana.ID, in); !isRefused(err, circle.CodeNotAllowed) {
			t.Errorf("%s for a guest: %v", in.Op, err)
		}
	}
	if err := th.ActAsGuest(testSession, mID, circle.Intent{Op: circle.OpPass}); !errors.Is(err, ErrNotGuest) {
		t.Errorf("acting for a member with an account: %v", err)
	}
	if err := th.ActAsGuest(testSession+1, ana.ID, circle.Intent{Op: circle.OpPass}); !errors.Is(err, ErrNotRunning) {
		t.Errorf("another session: %v", err)
	}

	// A share with the timer, in the go-around.
	maria.send(map[string]string{"op": "advance", "phase": "sharing"})
	jay.until("phase")
	maria.send(map[string]string{"op": "give_turn", "member_id": ana.ID})
	for f := jay.until("queue"); f["member_id"] != ana.ID; f = jay.until("queue") {
	}
	if err := th.ActAsGuest(testSession, ana.ID, circle.Intent{Op: circle.OpStartShare}); err != nil {
		t.Fatal(err)
	}
	if f := jay.until("share_started"); f["member_id"] != ana.ID || f["timer"] == nil {
		t.Errorf("share_started: %v", f)
	}
	if err := th.ActAsGuest(testSession, ana.ID, circle.Intent{Op: circle.OpEndShare}); err != nil {
		t.Fatal(err)
	}
	jay.until("share_ended")

	// Ben leaves; he can no longer be acted for.
	if err := th.ActAsGuest(testSession, ben.ID, circle.Intent{Op: circle.OpLeave}); err != nil {
		t.Fatal(err)
	}
	if f := jay.until("left"); f["member_id"] != ben.ID {
		t.Errorf("left: %v", f)
	}
	if err := th.ActAsGuest(testSession, ben.ID, circle.Intent{Op: circle.OpPass}); !errors.Is(err, ErrNotGuest) {
		t.Errorf("acting for a guest who left: %v", err)
	}
	if gs, _ := th.Guests(testSession); len(gs) != 1 || gs[0] != ana {
		t.Errorf("guests after Ben left: %v", gs)
	}

	if _, err := th.End(context.Background(), testSession); err != nil {
		t.Fatal(err)
	}
	e := <-th.ended
	if fmt.Sprint(e.Attended) != "[1 2]" || e.MoodCounts != [5]int{0, 0, 0, 1, 0} || e.Shares != 1 {
		t.Errorf("ended: %+v", e)
	}
	if _, err := th.JoinGuest(testSession, "Cleo"); !errors.Is(err, ErrNotRunning) {
		t.Errorf("after the end: %v", err)
	}
	if _, err := th.Guests(testSession); !errors.Is(err, ErrNotRunning) {
		t.Errorf("Guests after the end: %v", err)
	}
}

func isRefused(err error, code circle.ErrorCode) bool {
	var r *Refused
	return errors.As(err, &r) && r.Code == code && r.Message != ""
}
