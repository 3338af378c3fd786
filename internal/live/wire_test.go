package live

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"holdspace/internal/circle"
)

func TestDecodeFrame(t *testing.T) {
	tests := []struct {
		name   string
		frame  string
		want   circle.Intent
		heldID string
		code   circle.ErrorCode // "" when the frame is good
		ref    string           // the ref the error echoes
	}{
		{name: "raise hand", frame: `{"op":"raise_hand"}`, want: circle.Intent{Op: circle.OpRaiseHand}},
		{name: "chat with ref", frame: `{"op":"chat","text":"hello","ref":"c1"}`,
			want: circle.Intent{Op: circle.OpChat, Text: "hello", Ref: "c1"}},
		{name: "check-in", frame: `{"op":"checkin","mood":4,"word":"tired"}`,
			want: circle.Intent{Op: circle.OpCheckIn, Mood: 4, Word: "tired"}},
		{name: "start share with note", frame: `{"op":"start_share","content_note":"loss"}`,
			want: circle.Intent{Op: circle.OpStartShare, ContentNote: "loss"}},
		{name: "give turn", frame: `{"op":"give_turn","member_id":"m-abc"}`,
			want: circle.Intent{Op: circle.OpGiveTurn, MemberID: "m-abc"}},
		{name: "extend", frame: `{"op":"extend","seconds":60}`, want: circle.Intent{Op: circle.OpExtend, Seconds: 60}},
		{name: "withdraw by id", frame: `{"op":"withdraw","id":"held-2"}`, want: circle.Intent{Op: circle.OpWithdraw}, heldID: "held-2"},
		{name: "withdraw by ref", frame: `{"op":"withdraw","ref":"c1"}`, want: circle.Intent{Op: circle.OpWithdraw, Ref: "c1"}},
		{name: "side chat names its room by id", frame: `{"op":"side_chat","id":"7:side-1","text":"hello","ref":"s1"}`,
			want: circle.Intent{Op: circle.OpSideChat, Target: "7:side-1", Text: "hello", Ref: "s1"}},
		{name: "side chat by target", frame: `{"op":"side_chat","target":"7:side-2","text":"hi"}`,
			want: circle.Intent{Op: circle.OpSideChat, Target: "7:side-2", Text: "hi"}},
		{name: "close side room", frame: `{"op":"close_side_room","id":"7:side-1"}`,
			want: circle.Intent{Op: circle.OpCloseSideRoom, Target: "7:side-1"}},
		{name: "side chat without a room goes to the engine", frame: `{"op":"side_chat","text":"hi"}`,
			want: circle.Intent{Op: circle.OpSideChat, Text: "hi"}},
		{name: "side chat text must be a string", frame: `{"op":"side_chat","id":"7:side-1","text":5,"ref":"s2"}`,
			code: CodeBadFrame, ref: "s2"},
		{name: "side chat with a writer", frame: `{"op":"side_chat","id":"7:side-1","text":"hi","from":"m-x"}`,
			code: CodeBadFrame},
		{name: "unknown op goes to the engine", frame: `{"op":"dance"}`, want: circle.Intent{Op: "dance"}},

		{name: "not JSON", frame: `raise hand`, code: CodeBadFrame},
		{name: "truncated", frame: `{"op":"chat","text":"hi`, code: CodeBadFrame},
		{name: "an array", frame: `["raise_hand"]`, code: CodeBadFrame},
		{name: "two objects", frame: `{"op":"pass"}{"op":"pass"}`, code: CodeBadFrame},
		{name: "wrong type", frame: `{"op":"checkin","mood":"good","ref":"r9"}`, code: CodeBadFrame, ref: "r9"},
		{name: "unknown field", frame: `{"op":"chat","text":"hi","from":"m-x","ref":"r1"}`, code: CodeBadFrame, ref: "r1"},
		{name: "no op", frame: `{"text":"hi"}`, code: CodeBadFrame},
		{name: "join is the connection's", frame: `{"op":"join","ref":"j"}`, code: circle.CodeUnknownOp, ref: "j"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, held, err := decodeFrame([]byte(tt.frame))
			if tt.code == "" {
				if err != nil {
					t.Fatalf("got error %v, want none", err)
				}
				if diff := cmp.Diff(tt.want, in); diff != "" {
					t.Errorf("intent (-want +got):\n%s", diff)
				}
				if held != tt.heldID {
					t.Errorf("held id: got %q, want %q", held, tt.heldID)
				}
				return
			}
			var fe *frameError
			if !errors.As(err, &fe) {
				t.Fatalf("got %v, want a frame error", err)
			}
			if fe.Code != tt.code || fe.Ref != tt.ref || fe.Message == "" {
				t.Errorf("got %q %q %q, want code %q and ref %q with a message", fe.Code, fe.Ref, fe.Message, tt.code, tt.ref)
			}
		})
	}
}

func TestEncodeEvent(t *testing.T) {
	at := time.Date(2026, 3, 3, 19, 0, 0, 0, time.UTC)
	st := circle.State{Phase: circle.PhaseSharing, Speaker: "m-a", Queue: []string{"m-b"}, Members: []circle.MemberView{{ID: "m-a", Name: "Jay"}}}
	tests := []struct {
		name string
		e    circle.Event
		want map[string]any
	}{
		{"state is flat", circle.Event{Type: circle.EventState, At: at, State: &st}, map[string]any{
			"seq": 7.0, "type": "state", "at": "2026-03-03T19:00:00Z", "phase": "sharing", "speaker": "m-a", "queue": []any{"m-b"},
		}},
		{"chat says from", circle.Event{Type: circle.EventChat, At: at, MemberID: "m-a", Name: "Jay", Text: "hi"}, map[string]any{
			"seq": 7.0, "type": "chat", "at": "2026-03-03T19:00:00Z", "from": "m-a", "name": "Jay", "text": "hi", "room": nil,
		}},
		{"breakout chat names its room", circle.Event{Type: circle.EventChat, At: at, MemberID: "m-a", Name: "Jay", Text: "hi", ID: "room-2"}, map[string]any{
			"type": "chat", "from": "m-a", "name": "Jay", "text": "hi", "room": "room-2",
		}},
		{"side chat says from and its room", circle.Event{Type: circle.EventSideChat, At: at, ID: "7:side-1", MemberID: "m-a", Name: "Jay", Text: "hi",
			Audience: circle.Audience{Kind: circle.Members, IDs: []string{"m-a", "m-f"}}}, map[string]any{
			"seq": 7.0, "type": "side_chat", "at": "2026-03-03T19:00:00Z", "id": "7:side-1", "from": "m-a", "name": "Jay", "text": "hi",
			"member_id": nil, "room": nil,
		}},
		{"side room closed", circle.Event{Type: circle.EventSideRoomClosed, At: at, ID: "7:side-1", MemberID: "m-a", Name: "Jay", Kind: "facilitator"}, map[string]any{
			"type": "side_room_closed", "id": "7:side-1", "member_id": "m-a", "name": "Jay", "kind": "facilitator",
		}},
		{"error says message", circle.Event{Type: circle.EventError, At: at, Code: circle.CodeWrongPhase, Text: "Not now.", Ref: "r"}, map[string]any{
			"seq": 7.0, "type": "error", "at": "2026-03-03T19:00:00Z", "code": "wrong_phase", "message": "Not now.", "ref": "r",
		}},
		{"others as the engine has them", circle.Event{Type: circle.EventReaction, At: at, MemberID: "m-a", Name: "Jay", Kind: "nod"}, map[string]any{
			"seq": 7.0, "type": "reaction", "at": "2026-03-03T19:00:00Z", "member_id": "m-a", "name": "Jay", "kind": "nod",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, err := encodeEvent(tt.e)
			if err != nil {
				t.Fatal(err)
			}
			var got map[string]any
			if err := json.Unmarshal(numbered(7, body), &got); err != nil {
				t.Fatalf("frame is not JSON: %v: %s", err, numbered(7, body))
			}
			for k, v := range tt.want {
				if diff := cmp.Diff(v, got[k]); diff != "" {
					t.Errorf("%s (-want +got):\n%s", k, diff)
				}
			}
			if tt.e.Type == circle.EventState {
				if _, nested := got["state"]; nested {
					t.Error("state frame nests the snapshot under \"state\"")
				}
				if m, _ := got["members"].([]any); len(m) != 1 {
					t.Errorf("members: %v", got["members"])
				}
			}
			if strings.Count(string(numbered(7, body)), `"seq"`) != 1 {
				t.Errorf("seq appears more than once: %s", numbered(7, body))
			}
		})
	}
}
