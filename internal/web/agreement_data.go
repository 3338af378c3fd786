package web

import (
	"net/http"
	"strconv"
	"time"

	"holdspace/internal/agreement"
	"holdspace/internal/holdspace"
)

// agreementState is the current agreement as one member sees it: what
// changed from the version before, and what they agreed to.
type agreementState struct {
	Current         agreement.Version
	Changes         []agreement.Change // from the version before
	AcceptedVersion int                // newest they agreed to; 0 for never
	AcceptedAt      time.Time
	SinceAccepted   []agreement.Change // from the version they agreed to, when older
	VoteRule        string
}

// Accepted reports whether the member agreed to the current version.
func (a agreementState) Accepted() bool { return a.AcceptedVersion == a.Current.Number }

// agreementStateFor loads the group's current agreement (making version 1
// on first use) and the member's consent.
func (s *Server) agreementStateFor(r *http.Request, c groupCtx) (agreementState, error) {
	ctx := r.Context()
	var st agreementState
	var err error
	if st.Current, err = s.store.Agreement(ctx, c.Group.ID); err != nil {
		return st, err
	}
	if st.Current.Number > 1 {
		prev, err := s.store.AgreementVersion(ctx, c.Group.ID, st.Current.Number-1)
		if err != nil {
			return st, err
		}
		st.Changes = agreement.Diff(prev.Text, st.Current.Text)
	}
	if st.AcceptedVersion, st.AcceptedAt, err = s.store.AcceptedVersion(ctx, c.Group.ID, c.Member.ID); err != nil {
		return st, err
	}
	if st.SinceAccepted, err = s.changesSince(r, c, st.AcceptedVersion, st.Current); err != nil {
		return st, err
	}
	st.VoteRule, err = s.store.VoteRule(ctx, c.Group.ID)
	return st, err
}

// changesSince lists what changed from an older version to the current
// one; nothing when from is 0 or current.
func (s *Server) changesSince(r *http.Request, c groupCtx, from int, cur agreement.Version) ([]agreement.Change, error) {
	if from < 1 || from >= cur.Number {
		return nil, nil
	}
	old, err := s.store.AgreementVersion(r.Context(), c.Group.ID, from)
	if err != nil {
		return nil, err
	}
	return agreement.Diff(old.Text, cur.Text), nil
}

// agreementJSON is the agreement as the API shows it to a member.
type agreementJSON struct {
	Version              int      `json:"version"`
	Template             string   `json:"template"`
	GroundRules          string   `json:"ground_rules"`
	Confidentiality      string   `json:"confidentiality"`
	Limits               string   `json:"limits"`
	Retention            string   `json:"retention"`
	ChangeSummary        string   `json:"change_summary"`
	Changes              []string `json:"changes"`
	CreatedAt            string   `json:"created_at"`
	Accepted             bool     `json:"accepted"`
	AcceptedVersion      int      `json:"accepted_version"`
	AcceptedAt           *string  `json:"accepted_at"`
	ChangesSinceAccepted []string `json:"changes_since_accepted"`
	VoteRule             string   `json:"vote_rule"`
	VoteRuleText         string   `json:"vote_rule_text"`
}

func toAgreementJSON(st agreementState) agreementJSON {
	v := st.Current
	out := agreementJSON{
		Version: v.Number, Template: v.Template,
		GroundRules: v.GroundRules, Confidentiality: v.Confidentiality, Limits: v.Limits, Retention: v.Retention,
		ChangeSummary: v.ChangeSummary, Changes: agreement.Sentences(st.Changes), CreatedAt: v.CreatedAt.Format(time.RFC3339),
		Accepted: st.Accepted(), AcceptedVersion: st.AcceptedVersion, ChangesSinceAccepted: agreement.Sentences(st.SinceAccepted),
		VoteRule: st.VoteRule, VoteRuleText: agreement.RuleLabel(st.VoteRule),
	}
	if st.AcceptedVersion > 0 {
		at := st.AcceptedAt.Format(time.RFC3339)
		out.AcceptedAt = &at
	}
	return out
}

// proposalJSON is a proposed change to the ground rules.
type proposalJSON struct {
	ID          int64          `json:"id"`
	GroundRules string         `json:"ground_rules"`
	Reason      string         `json:"reason"`
	ProposedBy  string         `json:"proposed_by"` // their name in the group
	Status      string         `json:"status"`
	Changes     []string       `json:"changes"` // what it changes in the current ground rules
	Votes       agreementVotes `json:"votes"`
	MyVote      string         `json:"my_vote"`
	CanVote     bool           `json:"can_vote"`
	CreatedAt   string         `json:"created_at"`
	ClosesAt    string         `json:"closes_at"`
	DecidedAt   *string        `json:"decided_at"`
}

type agreementVotes struct {
	Yes     int `json:"yes"`
	No      int `json:"no"`
	Abstain int `json:"abstain"`
}

func (s *Server) toProposalJSON(p agreement.Proposal, current agreement.Version) proposalJSON {
	out := proposalJSON{
		ID: p.ID, GroundRules: p.GroundRules, Reason: p.Reason, ProposedBy: p.ProposerName, Status: p.Status,
		Changes: []string{}, Votes: agreementVotes{p.Tally.Yes, p.Tally.No, p.Tally.Abstain}, MyVote: p.MyVote,
		CanVote: p.Open(s.now()), CreatedAt: p.CreatedAt.Format(time.RFC3339), ClosesAt: p.ClosesAt.Format(time.RFC3339),
	}
	if p.Status == agreement.StatusOpen {
		out.Changes = agreement.Sentences(agreement.DiffSection(current.GroundRules, p.GroundRules))
	}
	if !p.DecidedAt.IsZero() {
		at := p.DecidedAt.Format(time.RFC3339)
		out.DecidedAt = &at
	}
	return out
}

// proposalID reads the proposal id in the path; anything else is not
// found.
func proposalID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return 0, holdspace.Errorf(holdspace.ENotFound, "No such proposal")
	}
	return id, nil
}

// memberOnly refuses, as not found, someone who is not an approved member
// of the group: a site admin may read a group's agreement but does not
// agree, propose or vote for its members.
func memberOnly(c groupCtx) error {
	if !c.Membership.Approved() {
		return holdspace.Errorf(holdspace.ENotFound, "No such group")
	}
	return nil
}
