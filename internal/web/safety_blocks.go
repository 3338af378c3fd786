package web

import (
	"net/http"
	"strconv"
	"time"

	"holdspace/internal/holdspace"
)

// blockJSON is one member the signed-in member has blocked, named only by
// the names they use in groups the two share, never by account name.
type blockJSON struct {
	MemberID  int64           `json:"member_id"`
	Names     []blockNameJSON `json:"names"`
	BlockedAt string          `json:"blocked_at"`
}

type blockNameJSON struct {
	Group       string `json:"group"`
	GroupName   string `json:"group_name"`
	DisplayName string `json:"display_name"`
}

// apiBlockList lists the members I have blocked. It never says who has
// blocked me.
func (s *Server) apiBlockList(w http.ResponseWriter, r *http.Request) {
	me := currentMember(r)
	if me == nil {
		s.apiError(w, r, holdspace.Errorf(holdspace.EUnauthorized, "Sign in first"))
		return
	}
	ctx := r.Context()
	blocks, err := s.store.Blocks(ctx, me.ID)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out := []blockJSON{}
	if len(blocks) > 0 {
		groups, err := s.store.MemberGroups(ctx, me.ID)
		if err != nil {
			s.apiError(w, r, err)
			return
		}
		names := make([]map[int64]string, len(groups))
		for i, g := range groups {
			if names[i], err = s.store.GroupNames(ctx, g.ID); err != nil {
				s.apiError(w, r, err)
				return
			}
		}
		for _, b := range blocks {
			j := blockJSON{MemberID: b.BlockedID, Names: []blockNameJSON{}, BlockedAt: b.CreatedAt.Format(time.RFC3339)}
			for i, g := range groups {
				if n, ok := names[i][b.BlockedID]; ok {
					j.Names = append(j.Names, blockNameJSON{Group: g.Slug, GroupName: g.Name, DisplayName: n})
				}
			}
			out = append(out, j)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"blocks": out})
}

// apiBlockCreate blocks a member I share a group with, so neither of us
// sees the other's posts or messages. Blocking again changes nothing.
func (s *Server) apiBlockCreate(w http.ResponseWriter, r *http.Request) {
	me := currentMember(r)
	if me == nil {
		s.apiError(w, r, holdspace.Errorf(holdspace.EUnauthorized, "Sign in first"))
		return
	}
	var in struct {
		MemberID int64 `json:"member_id"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	switch {
	case in.MemberID <= 0:
		s.apiError(w, r, holdspace.FieldError("member_id", "member_id must be the id of a member"))
		return
	case in.MemberID == me.ID:
		s.apiError(w, r, holdspace.FieldError("member_id", "You cannot block yourself"))
		return
	}
	// Only someone I share a group with: anyone else could be used to
	// find out which ids belong to members.
	shared, err := s.store.SharedGroups(r.Context(), me.ID, in.MemberID)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if len(shared) == 0 {
		s.apiError(w, r, holdspace.Errorf(holdspace.ENotFound, "No such member"))
		return
	}
	if err := s.store.Block(r.Context(), me.ID, in.MemberID); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"member_id": in.MemberID, "status": "blocked"})
}

// apiBlockDelete ends one of my blocks: 204, or 404 when there is none.
func (s *Server) apiBlockDelete(w http.ResponseWriter, r *http.Request) {
	me := currentMember(r)
	if me == nil {
		s.apiError(w, r, holdspace.Errorf(holdspace.EUnauthorized, "Sign in first"))
		return
	}
	id, err := strconv.ParseInt(r.PathValue("member_id"), 10, 64)
	if err != nil {
		s.apiError(w, r, holdspace.Errorf(holdspace.ENotFound, "You have not blocked that member"))
		return
	}
	if err := s.store.Unblock(r.Context(), me.ID, id); err != nil {
		s.apiError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
