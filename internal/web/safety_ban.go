package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"holdspace/internal/holdspace"
)

// apiMemberBan bans a member from the whole site (site admins; everyone
// else, signed in or not, gets 404). Every session of theirs ends in the
// same transaction, their places in groups are removed, and their name
// stays taken, so signing up again under it fails.
func (s *Server) apiMemberBan(w http.ResponseWriter, r *http.Request) {
	me := currentMember(r)
	if me == nil || !me.SiteAdmin {
		s.apiNotFound(w, r)
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.apiError(w, r, holdspace.Errorf(holdspace.ENotFound, "No such member"))
		return
	}
	var in struct {
		Reason string `json:"reason"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	in.Reason = strings.TrimSpace(in.Reason)
	switch {
	case in.Reason == "":
		s.apiError(w, r, holdspace.FieldError("reason", "Enter the reason for the ban. Only site admins see it"))
		return
	case len([]rune(in.Reason)) > noteMax:
		s.apiError(w, r, holdspace.FieldError("reason", fmt.Sprintf("Reason must be %d characters or less", noteMax)))
		return
	case id == me.ID:
		s.apiError(w, r, holdspace.FieldError("id", "You cannot ban yourself"))
		return
	}
	groups, err := s.store.BanMember(r.Context(), id, me.ID, in.Reason)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	for _, g := range groups {
		s.live.Kick(g, id) // their live-circle sockets close at once
	}
	writeJSON(w, http.StatusOK, map[string]any{"member_id": id, "status": "banned", "banned_at": s.now().UTC().Format(time.RFC3339)})
}
