package live

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"holdspace/internal/circle"
)

// The wire protocol: JSON text frames. docs/live-protocol.md describes every
// message; this file is the one place events become frames and frames
// become intents.

// Transport error codes, beside the engine's (circle.ErrorCode).
const (
	// CodeBadFrame: not JSON, not one object, a wrong type, an unknown
	// field, a binary frame.
	CodeBadFrame circle.ErrorCode = "bad_frame"
	// CodeTooLarge: a frame over MaxFrame bytes.
	CodeTooLarge circle.ErrorCode = "too_large"
)

// Frame size limits. A frame over MaxFrame is refused with an error and
// the socket stays open; one over HardMaxFrame closes the socket (1009),
// so no one can make the server read without end.
const (
	MaxFrame     = 16 << 10
	HardMaxFrame = 64 << 10
)

// encodeEvent turns an engine event into its wire body, without the seq.
// Most events go out as the engine spells them. The differences:
//
//   - state: the snapshot's fields sit at the top level of the frame
//     beside type and at, not under "state";
//   - chat and side_chat: the writer's member id is "from", not
//     "member_id"; a chat during breakouts names its breakout room in
//     "room", a side_chat its side room in "id";
//   - error: the text a person reads is "message", not "text".
func encodeEvent(e circle.Event) ([]byte, error) {
	var v any = e
	switch e.Type {
	case circle.EventState:
		v = stateBody(e.At, e.Ref, e.State)
	case circle.EventChat:
		v = struct {
			Type circle.EventType `json:"type"`
			At   time.Time        `json:"at"`
			From string           `json:"from"`
			Name string           `json:"name"`
			Text string           `json:"text"`
			Room string           `json:"room,omitempty"`
		}{e.Type, e.At, e.MemberID, e.Name, e.Text, e.ID}
	case circle.EventSideChat:
		v = struct {
			Type circle.EventType `json:"type"`
			At   time.Time        `json:"at"`
			ID   string           `json:"id"`
			From string           `json:"from"`
			Name string           `json:"name"`
			Text string           `json:"text"`
		}{e.Type, e.At, e.ID, e.MemberID, e.Name, e.Text}
	case circle.EventError:
		v = errorBody{Type: e.Type, At: e.At, Code: e.Code, Message: e.Text, Ref: e.Ref}
	}
	return json.Marshal(v)
}

type errorBody struct {
	Type    circle.EventType `json:"type"`
	At      time.Time        `json:"at"`
	Code    circle.ErrorCode `json:"code"`
	Message string           `json:"message"`
	Ref     string           `json:"ref,omitempty"`
}

type stateFrame struct {
	Type circle.EventType `json:"type"`
	At   time.Time        `json:"at"`
	Ref  string           `json:"ref,omitempty"`
	*circle.State
}

func stateBody(at time.Time, ref string, st *circle.State) stateFrame {
	if st == nil {
		st = &circle.State{}
	}
	return stateFrame{Type: circle.EventState, At: at, Ref: ref, State: st}
}

// numbered puts a member's number in front of an encoded body:
// {"seq":N, ...body}.
func numbered(n int64, body []byte) []byte {
	b := make([]byte, 0, len(body)+24)
	b = append(b, `{"seq":`...)
	b = strconv.AppendInt(b, n, 10)
	if len(body) > 2 {
		b = append(b, ',')
	}
	return append(b, body[1:]...)
}

// clientFrame is what a client sends: {"op": NAME, ...}. It has the
// intent's fields a client may set, and id: the held chat a withdraw is
// about, or the side room a side_chat or close_side_room is about. The
// sender, the time and a joiner's name and role come from the server's own
// records.
type clientFrame struct {
	Op            circle.Op    `json:"op"`
	Ref           string       `json:"ref"`
	ID            string       `json:"id"`
	Text          string       `json:"text"`
	ContentNote   string       `json:"content_note"`
	Kind          string       `json:"kind"`
	Mood          int          `json:"mood"`
	Word          string       `json:"word"`
	Pass          bool         `json:"pass"`
	MemberID      string       `json:"member_id"`
	Phase         circle.Phase `json:"phase"`
	Seconds       int          `json:"seconds"`
	Size          int          `json:"size"`
	Order         []string     `json:"order"`
	Target        string       `json:"target"`
	Options       []string     `json:"options"`
	Choice        int          `json:"choice"`
	FeltHeard     int          `json:"felt_heard"`
	FeltSafe      int          `json:"felt_safe"`
	WouldComeBack int          `json:"would_come_back"`
	Comment       string       `json:"comment"`
}

// frameError is a refused frame: the error event the sender gets.
type frameError struct {
	Code    circle.ErrorCode
	Message string
	Ref     string
}

func (e *frameError) Error() string { return string(e.Code) + ": " + e.Message }

// decodeFrame reads one client frame into an intent (without From and At)
// and the held chat id a withdraw names. For side_chat and close_side_room
// the id is the side room, and goes in the intent's Target. It refuses
// anything that is not exactly one JSON object of known fields with the
// right types, and the join op, which connecting already does.
func decodeFrame(data []byte) (circle.Intent, string, error) {
	var f clientFrame
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	err := dec.Decode(&f)
	if err == nil {
		if _, terr := dec.Token(); terr != io.EOF {
			err = errors.New("trailing data")
		}
	}
	if err != nil {
		return circle.Intent{}, "", &frameError{Code: CodeBadFrame, Message: describeJSONError(err), Ref: refOf(data)}
	}
	switch {
	case f.Op == "":
		return circle.Intent{}, "", &frameError{Code: CodeBadFrame, Message: `Say what you'd like to do in "op".`, Ref: f.Ref}
	case f.Op == circle.OpJoin:
		return circle.Intent{}, "", &frameError{Code: circle.CodeUnknownOp,
			Message: "You joined when you connected; there is no join message.", Ref: f.Ref}
	}
	in := circle.Intent{
		Op: f.Op, Ref: f.Ref, Text: f.Text, ContentNote: f.ContentNote, Kind: f.Kind, Mood: f.Mood, Word: f.Word,
		Pass: f.Pass, MemberID: f.MemberID, Phase: f.Phase, Seconds: f.Seconds, Size: f.Size, Order: f.Order,
		Target: f.Target, Options: f.Options, Choice: f.Choice, FeltHeard: f.FeltHeard, FeltSafe: f.FeltSafe,
		WouldComeBack: f.WouldComeBack, Comment: f.Comment,
	}
	if (f.Op == circle.OpSideChat || f.Op == circle.OpCloseSideRoom) && in.Target == "" {
		in.Target, f.ID = f.ID, ""
	}
	return in, f.ID, nil
}

// describeJSONError says what is wrong with a frame in words a client
// developer can act on. It never quotes the frame's content.
func describeJSONError(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &typ):
		if typ.Field == "" {
			return "Send one JSON object, like {\"op\":\"raise_hand\"}."
		}
		return fmt.Sprintf("%q must be a %s.", typ.Field, kindName(typ.Type.Kind().String()))
	case errors.As(err, &syn), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return "That message isn't valid JSON. Send one JSON object, like {\"op\":\"raise_hand\"}."
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		if len(name) > 40 {
			name = name[:40] + "..."
		}
		return fmt.Sprintf("%q isn't a field any message has.", name)
	case err.Error() == "trailing data":
		return "Send one JSON object per message and nothing after it."
	}
	return "That message isn't valid JSON. Send one JSON object, like {\"op\":\"raise_hand\"}."
}

func kindName(k string) string {
	switch k {
	case "string":
		return "string"
	case "bool":
		return "true or false"
	case "slice", "array":
		return "list of strings"
	}
	return "whole number"
}

// refOf digs the ref out of a frame that did not decode, so the error can
// still be matched to it; "" when there is none to find.
func refOf(data []byte) string {
	var v struct {
		Ref any `json:"ref"`
	}
	if json.Unmarshal(data, &v) != nil {
		return ""
	}
	s, ok := v.Ref.(string)
	if !ok || len(s) > circle.MaxRef {
		return ""
	}
	return s
}
