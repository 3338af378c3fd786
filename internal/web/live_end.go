package web

import (
	"net/http"

	"holdspace/internal/sqlstore"
)

// liveEnd ends a group session's live circle (facilitators): everyone gets
// the ended event and their socket closes, everything said is let go, and
// only the engine's summary is stored (attendance, mood counts, shares,
// anonymous feedback). Ending an ended session is harmless.
func (s *Server) liveEnd(w http.ResponseWriter, r *http.Request) {
	c, ok := s.liveSessionFor(w, r, accessFacilitator)
	if !ok {
		return
	}
	switch c.Session.Status {
	case sqlstore.SessionLive, sqlstore.SessionEnded:
	default:
		s.apiError(w, r, errNotLive(c.Session.Status))
		return
	}
	_, err := s.live.End(r.Context(), c.Session.ID)
	if isLiveNotRunning(err) {
		// No circle is running (the server restarted, or it ended
		// already): what it kept was stored when it ended, or is gone.
		err = s.store.SetSessionStatus(r.Context(), c.Session.ID, sqlstore.SessionEnded)
	}
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, liveStatusJSON{ID: c.Session.ID, Status: sqlstore.SessionEnded})
}
