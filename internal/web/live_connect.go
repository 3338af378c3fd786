package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/coder/websocket"

	"holdspace/internal/circle"
	"holdspace/internal/holdspace"
	"holdspace/internal/live"
	"holdspace/internal/mail"
	"holdspace/internal/sqlstore"
)

// liveConnect opens a member's WebSocket to a live group session. Only the
// group's members who agreed to the current version of its agreement get
// in; ?since=N resumes after the last number the client saw.
//
// Refusals come before the upgrade, as JSON: another site's page (403),
// not signed in (401), not in the group (404), the agreement not agreed to
// (403), the session not live (409).
func (s *Server) liveConnect(w http.ResponseWriter, r *http.Request) {
	// The socket carries the member's cookie, so a page on another site
	// must not open it. Browsers always send Origin on a WebSocket; the
	// check is ours rather than the library's so it honours TrustProxy.
	if origin := r.Header.Get("Origin"); origin != "" && !s.sameOrigin(r, origin) {
		s.apiError(w, r, holdspace.Errorf(holdspace.EForbidden, "Connections from another site are not accepted"))
		return
	}
	c, ok := s.liveSessionFor(w, r, accessMember)
	if !ok {
		return
	}
	ctx := r.Context()
	agreed, version, err := s.store.HasAcceptedCurrent(ctx, c.Group.ID, c.Member.ID)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if !agreed {
		s.apiError(w, r, &holdspace.Error{Code: holdspace.EForbidden, Field: "agreement",
			Message: "Please read the group agreement (version " + strconv.Itoa(version) + ") and agree to it before you join"})
		return
	}
	if c.Session.Status != sqlstore.SessionLive || !s.live.Running(c.Session.ID) {
		s.apiError(w, r, errNotLive(c.Session.Status))
		return
	}
	since := int64(-1)
	if v := r.URL.Query().Get("since"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			s.apiError(w, r, holdspace.FieldError("since", "since must be the last seq you received: a whole number, 0 or more"))
			return
		}
		since = n
	}
	// The crisis lines a support offer shows, for this browser's region.
	support := s.liveSupport(r, c.Group)
	// A mute from the moderation queue holds in the circle.
	mutedUntil, _, err := s.store.Muted(r.Context(), c.Group.ID, c.Member.ID)
	if err != nil {
		s.log.Warn("live: read mute", "session_id", c.Session.ID, "err", err)
	}
	sock, err := live.Accept(w, r, &websocket.AcceptOptions{InsecureSkipVerify: true}) // Origin checked above
	if err != nil {
		return // Accept has answered
	}
	m := live.Member{AccountID: c.Member.ID, Name: c.Membership.DisplayName, Role: circle.Role(c.Membership.Role),
		JustListening: c.Membership.JustListening, MutedUntil: mutedUntil, Support: support}
	lc, err := s.live.Connect(sock, c.Session.ID, m, since)
	if err != nil {
		return // Connect closed the socket with a code that says why
	}
	// Joining the circle marks attendance (and may queue a newcomer's
	// third-session check-in, as a facilitator's marking does), once the
	// member is really in: a handshake that failed marks nothing. A session
	// opened early is not yet markable; attendance never keeps anyone out.
	rctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	checkin := mail.NewcomerCheckin(s.mailBase(r))
	if err := s.store.MarkAttendance(rctx, c.Session.ID, c.Member.ID, true, "circle", checkin); err != nil &&
		holdspace.ErrorCode(err) == holdspace.EInternal {
		s.log.Warn("live: mark attendance", "session_id", c.Session.ID, "err", err)
	}
	// A removal between the checks above and the attach would have found
	// no socket to close: look once more, now that Kick would find it.
	ms, err := s.store.Membership(rctx, c.Group.ID, c.Member.ID)
	cancel()
	switch {
	case err == nil && !ms.Approved(), holdspace.ErrorCode(err) == holdspace.ENotFound:
		s.live.Kick(c.Group.ID, c.Member.ID)
	case err != nil:
		s.log.Warn("live: check membership", "session_id", c.Session.ID, "err", err)
	}
	// The socket is read on a goroutine of its own, so the handler's
	// stack, grown while checking and joining, is not kept for as long as
	// the member stays: an idle member costs that goroutine's small stack.
	go lc.Run()
}
