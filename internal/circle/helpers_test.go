package circle

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 3, 3, 19, 0, 0, 0, time.UTC)

// harness drives a session the way the transport does, one second per
// intent, and checks the session sequence as it goes.
type harness struct {
	t   *testing.T
	s   *Session
	now time.Time
	seq int64
}

func newHarness(t *testing.T, cfg Config) *harness {
	t.Helper()
	if cfg.SessionID == "" {
		cfg.SessionID = "s1"
	}
	if cfg.Rand == nil {
		cfg.Rand = rand.New(rand.NewPCG(1, 2))
	}
	return &harness{t: t, s: New(cfg), now: t0}
}

// circleOf joins a facilitator f and members a, b, c.
func circleOf(t *testing.T, f Format) *harness {
	t.Helper()
	h := newHarness(t, Config{Format: f})
	h.join("f", "Maria", RoleFacilitator, false)
	h.join("a", "Alex", RoleMember, false)
	h.join("b", "Bo", RoleMember, false)
	h.join("c", "Cam", RoleMember, false)
	return h
}

func (h *harness) check(evs []Event) []Event {
	h.t.Helper()
	for _, e := range evs {
		h.seq++
		if e.Seq != h.seq {
			h.t.Fatalf("event %s has seq %d, want %d", e.Type, e.Seq, h.seq)
		}
	}
	return evs
}

// apply sends an intent at the harness's clock, then moves the clock on.
func (h *harness) apply(in Intent) []Event {
	h.t.Helper()
	if in.At.IsZero() {
		in.At = h.now
	}
	h.now = h.now.Add(time.Second)
	return h.check(h.s.Apply(in))
}

// ok sends an intent that must be accepted.
func (h *harness) ok(in Intent) []Event {
	h.t.Helper()
	evs := h.apply(in)
	for _, e := range evs {
		if e.Type == EventError {
			h.t.Fatalf("%s from %q: got error %s (%s), want it accepted", in.Op, in.From, e.Code, e.Text)
		}
	}
	return evs
}

// refused sends an intent that must be refused with code, and checks the
// refusal is one error event to the sender that changes nothing.
func (h *harness) refused(in Intent, code ErrorCode) Event {
	h.t.Helper()
	views := []string{in.From, "f", "a"}
	before := make([]State, len(views))
	for i, id := range views {
		before[i] = h.s.Snapshot(id)
	}
	moods, shares, fb := h.s.MoodCounts(), h.s.shares, len(h.s.feedback)
	evs := h.apply(in)
	if len(evs) != 1 || evs[0].Type != EventError {
		h.t.Fatalf("%s from %q: got %v, want one error event", in.Op, in.From, types(evs))
	}
	e := evs[0]
	if e.Code != code {
		h.t.Fatalf("%s from %q: got code %s (%q), want %s", in.Op, in.From, e.Code, e.Text, code)
	}
	if !toOnly(e.Audience, in.From) {
		h.t.Errorf("error audience: got %+v, want the sender %q alone", e.Audience, in.From)
	}
	if e.Text == "" {
		h.t.Errorf("error %s has no message", code)
	}
	if e.Ref != in.Ref && len(in.Ref) <= MaxRef {
		h.t.Errorf("error ref: got %q, want %q", e.Ref, in.Ref)
	}
	for i, id := range views {
		if diff := diffState(before[i], h.s.Snapshot(id)); diff != "" {
			h.t.Errorf("refused %s changed %q's snapshot (-before +after):\n%s", in.Op, id, diff)
		}
	}
	if h.s.MoodCounts() != moods || h.s.shares != shares || len(h.s.feedback) != fb {
		h.t.Errorf("refused %s changed the counts", in.Op)
	}
	return e
}

func (h *harness) join(id, name string, r Role, listening bool) []Event {
	h.t.Helper()
	return h.ok(Intent{From: id, Op: OpJoin, Name: name, Role: r, JustListening: listening})
}

func (h *harness) do(from string, op Op) []Event {
	h.t.Helper()
	return h.ok(Intent{From: from, Op: op})
}

// advanceTo moves the session to phase p.
func (h *harness) advanceTo(p Phase) {
	h.t.Helper()
	h.ok(Intent{From: "f", Op: OpAdvance, Phase: p})
}

// share lets id raise a hand (if needed), get the turn, share and finish.
func (h *harness) share(id string) {
	h.t.Helper()
	if h.s.queueIndex(h.s.members[id]) < 0 {
		h.do(id, OpRaiseHand)
	}
	if h.s.queue[0].id != id {
		h.ok(Intent{From: "f", Op: OpGiveTurn, MemberID: id})
	}
	h.do(id, OpStartShare)
	h.do(id, OpEndShare)
}

func (h *harness) queue() []string { return h.s.queueIDs() }

func types(evs []Event) []string {
	var out []string
	for _, e := range evs {
		out = append(out, string(e.Type))
	}
	return out
}

func find(evs []Event, t EventType) (Event, bool) {
	for _, e := range evs {
		if e.Type == t {
			return e, true
		}
	}
	return Event{}, false
}

func diffState(a, b State) string {
	if reflect.DeepEqual(a, b) {
		return ""
	}
	return fmt.Sprintf("before: %+v\nafter:  %+v", a, b)
}

// strs collects every string reachable from v, unexported fields included.
func strs(v reflect.Value, seen map[uintptr]bool, out *[]string) {
	switch v.Kind() {
	case reflect.String:
		if s := v.String(); s != "" {
			*out = append(*out, s)
		}
	case reflect.Pointer:
		if v.IsNil() || seen[v.Pointer()] {
			return
		}
		if v.Type() == reflect.TypeFor[*rand.Rand]() {
			return
		}
		seen[v.Pointer()] = true
		strs(v.Elem(), seen, out)
	case reflect.Interface:
		if !v.IsNil() {
			strs(v.Elem(), seen, out)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			strs(v.Field(i), seen, out)
		}
	case reflect.Slice:
		// Walk the whole backing array: a truncated slice can still hold
		// text past its length.
		full := v.Slice3(0, v.Cap(), v.Cap())
		for i := range full.Len() {
			strs(full.Index(i), seen, out)
		}
	case reflect.Array:
		for i := range v.Len() {
			strs(v.Index(i), seen, out)
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			strs(it.Key(), seen, out)
			strs(it.Value(), seen, out)
		}
	}
}

// leftoverText returns the strings in the session that contain marker.
func leftoverText(s *Session, marker string) []string {
	var all []string
	strs(reflect.ValueOf(s), map[uintptr]bool{}, &all)
	var bad []string
	for _, x := range all {
		if strings.Contains(x, marker) {
			bad = append(bad, x)
		}
	}
	return bad
}

// toOnly reports whether an event goes to member id alone.
func toOnly(a Audience, id string) bool {
	return a.Kind == OneMember && a.To == id && a.IDs == nil
}
