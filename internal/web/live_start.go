package web

import (
	"net/http"
	"strconv"

	"holdspace/internal/sqlstore"
)

// liveStart opens a group session's live circle (facilitators): the
// session becomes live and members can connect. Starting a live session
// again is harmless, and after a restart opens a fresh circle for it.
func (s *Server) liveStart(w http.ResponseWriter, r *http.Request) {
	c, ok := s.liveSessionFor(w, r, accessFacilitator)
	if !ok {
		return
	}
	switch c.Session.Status {
	case sqlstore.SessionScheduled, sqlstore.SessionLive:
	default:
		s.apiError(w, r, errNotLive(c.Session.Status))
		return
	}
	cfg, err := s.liveRoomConfig(r.Context(), c)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := s.store.SetSessionStatus(r.Context(), c.Session.ID, sqlstore.SessionLive); err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := s.live.Open(cfg); err != nil {
		s.apiError(w, r, err)
		return
	}
	id := strconv.FormatInt(c.Session.ID, 10)
	writeJSON(w, http.StatusOK, liveStatusJSON{ID: c.Session.ID, Status: sqlstore.SessionLive, Live: "/api/v1/sessions/" + id + "/live"})
}
