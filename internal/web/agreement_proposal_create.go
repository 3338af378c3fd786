package web

import (
	"net/http"
	"strconv"

	"holdspace/internal/agreement"
	"holdspace/internal/holdspace"
)

// proposalInput is a member's proposed change to the ground rules.
type proposalInput struct {
	GroundRules string `json:"ground_rules"`
	Reason      string `json:"reason"`
}

// checkProposal checks a proposal against the current ground rules,
// returning every problem.
func checkProposal(cur agreement.Version, in proposalInput) []*holdspace.Error {
	rules := agreement.Text{GroundRules: in.GroundRules}.Normalize().GroundRules
	return agreement.ValidateProposal(rules, in.Reason, cur.GroundRules)
}

// apiProposalCreate opens a proposed change to the ground rules for the
// group to vote on (members): {"ground_rules": "...", "reason": "..."}.
func (s *Server) apiProposalCreate(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, true, accessMember)
	if !ok {
		return
	}
	if err := memberOnly(c); err != nil {
		s.apiError(w, r, err)
		return
	}
	var in proposalInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	cur, err := s.store.Agreement(r.Context(), c.Group.ID)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if errs := checkProposal(cur, in); len(errs) > 0 {
		s.apiFieldErrors(w, errs)
		return
	}
	p, err := s.store.CreateProposal(r.Context(), c.Group.ID, c.Member.ID, in.GroundRules, in.Reason)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, s.toProposalJSON(p, cur))
}

// proposeView is the proposal form's view model.
type proposeView struct {
	Group   holdspace.Group
	Version int
	Current []string
}

// proposalNew is the form to propose a change to the ground rules,
// starting from the current ones (members).
func (s *Server) proposalNew(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, false, accessMember)
	if !ok {
		return
	}
	if err := memberOnly(c); err != nil {
		s.pageError(w, r, err)
		return
	}
	cur, err := s.store.Agreement(r.Context(), c.Group.ID)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, "agreement_propose", page{Title: "Propose a change to the ground rules", Section: "groups",
		Form: map[string]string{"ground_rules": cur.GroundRules},
		Data: proposeView{Group: c.Group, Version: cur.Number, Current: agreement.Items(cur.GroundRules)}})
}

// proposalCreate opens the proposal from the form.
func (s *Server) proposalCreate(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, false, accessMember)
	if !ok {
		return
	}
	if err := memberOnly(c); err != nil {
		s.pageError(w, r, err)
		return
	}
	in := proposalInput{GroundRules: r.PostFormValue("ground_rules"), Reason: r.PostFormValue("reason")}
	cur, err := s.store.Agreement(r.Context(), c.Group.ID)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	errs := checkProposal(cur, in)
	if len(errs) == 0 {
		_, err = s.store.CreateProposal(r.Context(), c.Group.ID, c.Member.ID, in.GroundRules, in.Reason)
		if err == nil {
			seeOther(w, r, "/groups/"+c.Group.Slug+"/agreement?proposed=1")
			return
		}
		if f := holdspace.ErrorCode(err); f != holdspace.EInvalid && f != holdspace.EConflict {
			s.pageError(w, r, err)
			return
		}
		errs = []*holdspace.Error{{Field: holdspace.ErrorField(err), Message: holdspace.ErrorMessage(err)}}
	}
	p := page{Title: "Propose a change to the ground rules", Section: "groups",
		Form: map[string]string{"ground_rules": in.GroundRules, "reason": in.Reason},
		Data: proposeView{Group: c.Group, Version: cur.Number, Current: agreement.Items(cur.GroundRules)}}
	for _, e := range errs {
		id := map[string]string{"reason": "reason"}[e.Field]
		if id == "" {
			id = "ground-rules"
		}
		p.addError(id, e.Message)
	}
	s.render(w, r, "agreement_propose", p)
}

// proposalAnchor is where a proposal sits on the agreement page.
func proposalAnchor(id int64) string { return "#proposal-" + strconv.FormatInt(id, 10) }
