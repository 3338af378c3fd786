package web

import (
	"net/http"
	"strconv"
	"strings"

	"holdspace/internal/holdspace"
	"holdspace/internal/sqlstore"
)

// circleInPersonEnd ends an in-person group session (facilitators): the
// facilitator says how many people were in the room, the live circle ends
// for everyone as a facilitator's end_session does (storing only its
// summary), and the count is stored as the session's in-room attendance.
// The first names typed for the people in the room are let go with the
// rest of what was said.
func (s *Server) circleInPersonEnd(w http.ResponseWriter, r *http.Request) {
	c, ok := s.circleFor(w, r, accessFacilitator)
	if !ok {
		return
	}
	form := map[string]string{"in_room": r.PostFormValue("in_room")}
	n, err := strconv.Atoi(strings.TrimSpace(form["in_room"]))
	if err != nil || n < 0 || n > sqlstore.MaxInRoom {
		s.circleInPersonRetry(w, r, c, "in-room",
			holdspace.FieldError("in_room", "Enter how many people were in the room as a number, like 8"), form)
		return
	}
	ctx := r.Context()
	switch c.Session.Status {
	case sqlstore.SessionLive:
		_, err = s.live.End(ctx, c.Session.ID)
		if isLiveNotRunning(err) {
			err = s.store.SetSessionStatus(ctx, c.Session.ID, sqlstore.SessionEnded)
		}
	case sqlstore.SessionEnded:
		// Ended already (from the circle, or another tab): the count
		// can still be put right.
	default:
		err = holdspace.Errorf(holdspace.EConflict, "This group session has not started, so it cannot end yet")
	}
	if err == nil {
		err = s.store.SetInRoomCount(ctx, c.Session.ID, n)
	}
	if err != nil {
		s.circleInPersonRetry(w, r, c, "in-room", err, form)
		return
	}
	seeOther(w, r, s.sessionItem(c.Group, c.Session, "").URL+"/in-person")
}
