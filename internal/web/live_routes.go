package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"holdspace/internal/circle"
	"holdspace/internal/holdspace"
	"holdspace/internal/live"
	"holdspace/internal/sqlstore"
)

// liveRoutes registers the live sharing circle: its WebSocket
// (docs/live-protocol.md) and the facilitators' start and end.
func (s *Server) liveRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/sessions/{id}/live", s.liveConnect)
	mux.HandleFunc("POST /api/v1/sessions/{id}/start", s.liveStart)
	mux.HandleFunc("POST /api/v1/sessions/{id}/end", s.liveEnd)
}

// liveOptions are the hub's settings: what an ended session keeps goes to
// the store.
func (s *Server) liveOptions() live.Options {
	return live.Options{Now: s.now, Log: s.log, OnEnd: s.liveEnded, OnRisk: s.liveRisk}
}

// liveEnded stores what a live circle keeps when it ends, however it ended.
func (s *Server) liveEnded(ctx context.Context, e live.Ended) error {
	sum := sqlstore.SessionSummary{SessionID: e.SessionID, EndedAt: e.At, Attended: e.Attended, AttendanceCount: len(e.Attended),
		MoodCounts: e.MoodCounts, Shares: e.Shares, Answered: e.Answered}
	for _, a := range e.Feedback {
		sum.Feedback = append(sum.Feedback, sqlstore.FeedbackAnswer{FeltHeard: a.FeltHeard, FeltSafe: a.FeltSafe,
			WouldComeBack: a.WouldComeBack, Comment: a.Comment})
	}
	return s.store.EndLiveSession(ctx, sum)
}

// liveCtx is what a live circle handler knows about the request.
type liveCtx struct {
	Session    sqlstore.GroupSession
	Group      holdspace.Group
	Member     *holdspace.Member
	Membership holdspace.Membership
}

// liveSessionFor loads the group session in the path and checks the
// signed-in member's access to its group, the way groupFor does for a
// slug: a visitor is asked to sign in, and anyone without the access gets
// 404, never 403.
func (s *Server) liveSessionFor(w http.ResponseWriter, r *http.Request, need access) (liveCtx, bool) {
	var c liveCtx
	c.Member = currentMember(r)
	if c.Member == nil {
		s.apiError(w, r, holdspace.Errorf(holdspace.EUnauthorized, "Sign in first"))
		return c, false
	}
	notFound := holdspace.Errorf(holdspace.ENotFound, "No such group session")
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.apiError(w, r, notFound)
		return c, false
	}
	ctx := r.Context()
	if c.Session, err = s.store.Session(ctx, id, c.Member.ID); err != nil {
		s.apiError(w, r, err)
		return c, false
	}
	if c.Group, err = s.store.GroupForSession(ctx, id); err != nil {
		s.apiError(w, r, err)
		return c, false
	}
	c.Membership, err = s.store.Membership(ctx, c.Group.ID, c.Member.ID)
	if err != nil && holdspace.ErrorCode(err) != holdspace.ENotFound {
		s.apiError(w, r, err)
		return c, false
	}
	ok := false
	switch need {
	case accessMember:
		// The circle is for the group's own members, under their names
		// in the group: a site admin who is not one has no place in it.
		ok = c.Membership.Approved()
	case accessFacilitator:
		ok = c.Member.SiteAdmin || c.Membership.Facilitates()
	}
	if !ok {
		s.apiError(w, r, notFound)
		return c, false
	}
	return c, true
}

// errNotLive says why a session cannot be joined or ended now.
func errNotLive(status string) error {
	switch status {
	case sqlstore.SessionEnded:
		return holdspace.Errorf(holdspace.EConflict, "This group session has ended")
	case sqlstore.SessionCancelled:
		return holdspace.Errorf(holdspace.EConflict, "This group session was cancelled")
	case sqlstore.SessionLive:
		// Live in the database but not running here: the server restarted
		// (which drops what was said) and a facilitator has yet to start it
		// again.
		return holdspace.Errorf(holdspace.EConflict, "The circle is not running right now: a facilitator can start it again")
	}
	return holdspace.Errorf(holdspace.EConflict, "This group session has not started yet: a facilitator starts it")
}

// liveRoomConfig is how the engine runs a group's session.
func (s *Server) liveRoomConfig(ctx context.Context, c liveCtx) (live.RoomConfig, error) {
	cfg := live.RoomConfig{SessionID: c.Session.ID, GroupID: c.Group.ID, Format: circle.Format(c.Group.Format),
		Language: liveLanguage(c.Group)}
	v, err := s.store.Agreement(ctx, c.Group.ID)
	if err != nil {
		return cfg, err
	}
	cfg.AgreementVersion = v.Number
	var parts []string
	for _, p := range []string{v.GroundRules, v.Confidentiality, v.Limits} {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	cfg.AgreementText = strings.Join(parts, "\n\n")
	// Members who blocked one another are never put in one breakout room.
	members, err := s.store.Memberships(ctx, c.Group.ID, holdspace.StatusApproved)
	if err != nil {
		return cfg, err
	}
	ids := make([]int64, len(members))
	for i, m := range members {
		ids[i] = m.MemberID
	}
	if cfg.Blocked, err = s.store.BlockedPairs(ctx, ids); err != nil {
		return cfg, err
	}
	return cfg, nil
}

// liveStatusJSON answers start and end.
type liveStatusJSON struct {
	ID     int64  `json:"id"`
	Status string `json:"status"`
	Live   string `json:"live_url,omitempty"`
}

// isLiveNotRunning reports whether err says the hub has no room.
func isLiveNotRunning(err error) bool { return errors.Is(err, live.ErrNotRunning) }
