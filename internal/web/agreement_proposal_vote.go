package web

import (
	"net/http"

	"holdspace/internal/holdspace"
)

// apiProposalVote records the member's vote on an open proposal:
// {"vote": "yes" | "no" | "abstain"}. Voting again changes the vote while
// the proposal is open (members).
func (s *Server) apiProposalVote(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, true, accessMember)
	if !ok {
		return
	}
	if err := memberOnly(c); err != nil {
		s.apiError(w, r, err)
		return
	}
	id, err := proposalID(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	var in struct {
		Vote string `json:"vote"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	p, err := s.store.Vote(r.Context(), c.Group.ID, id, c.Member.ID, in.Vote)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	cur, err := s.store.Agreement(r.Context(), c.Group.ID)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.toProposalJSON(p, cur))
}

// proposalVote is a vote button on the agreement page.
func (s *Server) proposalVote(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, false, accessMember)
	if !ok {
		return
	}
	if err := memberOnly(c); err != nil {
		s.pageError(w, r, err)
		return
	}
	id, err := proposalID(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	back := "/groups/" + c.Group.Slug + "/agreement"
	_, err = s.store.Vote(r.Context(), c.Group.ID, id, c.Member.ID, r.PostFormValue("vote"))
	switch holdspace.ErrorCode(err) {
	case "":
		seeOther(w, r, back+"?voted=1"+proposalAnchor(id))
	case holdspace.EInvalid, holdspace.EConflict:
		s.renderCode(w, r, statusFor(holdspace.ErrorCode(err)), "error", page{Title: "Nothing was changed",
			Data: errorPage{Kind: "invalid", Message: holdspace.ErrorMessage(err), Back: back}})
	default:
		s.pageError(w, r, err)
	}
}
