package web

import (
	"net/http"

	"holdspace/internal/holdspace"
)

// apiProposalClose counts the votes on a proposal by the group's vote rule
// and closes it (facilitators). Under majority_confirmed, closing is the
// facilitator's confirmation. A proposal that passes becomes a new version
// of the agreement, which every member must agree to again; the answer
// then carries that version.
func (s *Server) apiProposalClose(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, true, accessFacilitator)
	if !ok {
		return
	}
	id, err := proposalID(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	p, outcome, v, err := s.store.CloseProposal(r.Context(), c.Group.ID, id, c.Member.ID)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	cur, err := s.store.Agreement(r.Context(), c.Group.ID)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out := struct {
		proposalJSON
		Passed  bool   `json:"passed"`
		Outcome string `json:"outcome"`
		Version int    `json:"version"` // the agreement version it made; the current one when nothing changed
	}{s.toProposalJSON(p, cur), outcome.Passed, outcome.Reason, cur.Number}
	if v.Number != 0 {
		out.Version = v.Number
	}
	writeJSON(w, http.StatusOK, out)
}

// proposalClose is the facilitators' "Count the votes and close" button.
func (s *Server) proposalClose(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, false, accessFacilitator)
	if !ok {
		return
	}
	id, err := proposalID(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	back := "/groups/" + c.Group.Slug + "/agreement"
	_, outcome, v, err := s.store.CloseProposal(r.Context(), c.Group.ID, id, c.Member.ID)
	switch {
	case holdspace.ErrorCode(err) == holdspace.EConflict:
		s.renderCode(w, r, http.StatusConflict, "error", page{Title: "Nothing was changed",
			Data: errorPage{Kind: "invalid", Message: holdspace.ErrorMessage(err), Back: back}})
	case err != nil:
		s.pageError(w, r, err)
	case outcome.Passed && v.Number != 0:
		seeOther(w, r, back+"?closed=passed")
	case outcome.Passed:
		seeOther(w, r, back+"?closed=same")
	default:
		seeOther(w, r, back+"?closed=rejected")
	}
}
