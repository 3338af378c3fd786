package web

import "net/http"

// apiProposalList lists the group's proposed changes to the ground rules,
// open ones first, with the votes so far and the asking member's own vote
// (members of the group).
func (s *Server) apiProposalList(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, true, accessMember)
	if !ok {
		return
	}
	cur, err := s.store.Agreement(r.Context(), c.Group.ID)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	list, err := s.store.Proposals(r.Context(), c.Group.ID, c.Member.ID)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out := []proposalJSON{}
	for _, p := range list {
		j := s.toProposalJSON(p, cur)
		j.CanVote = j.CanVote && c.Membership.Approved()
		out = append(out, j)
	}
	writeJSON(w, http.StatusOK, map[string]any{"proposals": out})
}
