// Package loadcircle puts the live circle under load: thousands of real
// WebSocket clients over the loopback interface, each a signed-in member in
// a live group session, who raise hands, share in turn, react and chat
// (chat during a share is held and released when it ends), while the
// package counts every frame the members receive, checks that each
// member's numbers run without a gap or a duplicate, and times chat from
// the sender's send to each other member's receipt.
//
// The same clients can drive internal/barehub, a bare WebSocket broadcast
// hub with no rules, so what the circle's rules cost can be measured
// against it on the same machine in the same run.
//
// Everything is bounded: targets must be loopback addresses, every phase
// has a deadline, every loop a count or a clock. `holdspace loadgen` is the
// command that runs it; docs/benchmarks.md has the figures.
package loadcircle

import (
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
)

// Kind is which server the clients talk to.
type Kind int

const (
	// Holdspace is the real server: the live circle at
	// /api/v1/sessions/{id}/live, signed in with a session cookie.
	Holdspace Kind = iota
	// Bare is the baseline, internal/barehub, at /rooms/{id}/live.
	Bare
)

func (k Kind) String() string {
	if k == Bare {
		return "bare hub (baseline)"
	}
	return "holdspace"
}

// Member is one member the load generator connects as.
type Member struct {
	// Token is the value of the member's sign-in cookie (Holdspace only).
	Token string
}

// Room is one live group session (or, on the bare hub, one room) and the
// members who connect to it. Members[0] facilitates: it moves the circle
// into the sharing round and watches the room's state for the driver.
type Room struct {
	ID      int64
	Members []Member
}

// Target is a server under load.
type Target struct {
	Kind Kind
	// URL is the server's base, like http://127.0.0.1:41234. Its host must
	// be a loopback address.
	URL string
}

// CheckLoopback refuses any URL that would send traffic off this machine:
// its host must be a loopback IP address (127.0.0.0/8 or ::1) or
// "localhost".
func CheckLoopback(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("loadcircle: target %q: %w", raw, err)
	}
	switch u.Scheme {
	case "http", "ws":
	default:
		return fmt.Errorf("loadcircle: target %q: use http:// (or ws://) on the loopback interface", raw)
	}
	host := u.Hostname()
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("loadcircle: target %q: the host must be a loopback address such as 127.0.0.1; this tool never loads another machine", raw)
}

// socketURL is where a member of room connects; since >= 0 resumes.
func (t Target) socketURL(room int64, since int64) string {
	base := "ws" + strings.TrimPrefix(strings.TrimSuffix(t.URL, "/"), "http")
	var u string
	if t.Kind == Bare {
		u = base + "/rooms/" + strconv.FormatInt(room, 10) + "/live"
	} else {
		u = base + "/api/v1/sessions/" + strconv.FormatInt(room, 10) + "/live"
	}
	if since >= 0 {
		u += "?since=" + strconv.FormatInt(since, 10)
	}
	return u
}
