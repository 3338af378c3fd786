package web

import (
	"net/http"

	"holdspace/internal/sqlstore"
)

// circleStart is the facilitators' "Start the group session" button on the
// circle pages: it opens the live circle as POST /api/v1/sessions/{id}/start
// does, and goes back to the page it came from.
func (s *Server) circleStart(w http.ResponseWriter, r *http.Request) {
	c, ok := s.circleFor(w, r, accessFacilitator)
	if !ok {
		return
	}
	back := s.sessionItem(c.Group, c.Session, "").URL + "/circle"
	if r.PostFormValue("to") == "in-person" {
		back = s.sessionItem(c.Group, c.Session, "").URL + "/in-person"
	}
	switch c.Session.Status {
	case sqlstore.SessionScheduled, sqlstore.SessionLive:
	default:
		seeOther(w, r, back) // the page says it has ended or was cancelled
		return
	}
	ctx := r.Context()
	cfg, err := s.liveRoomConfig(ctx, liveCtx{Session: c.Session, Group: c.Group, Member: c.Member, Membership: c.Membership})
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	if err := s.store.SetSessionStatus(ctx, c.Session.ID, sqlstore.SessionLive); err != nil {
		s.pageError(w, r, err)
		return
	}
	if err := s.live.Open(cfg); err != nil {
		s.pageError(w, r, err)
		return
	}
	seeOther(w, r, back)
}
