package web

import (
	"net/http"
	"strings"

	"holdspace/internal/agreement"
	"holdspace/internal/holdspace"
)

// apiAgreementShow answers the group's current agreement, with whether the
// asking member agreed to it and what changed (members of the group).
func (s *Server) apiAgreementShow(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, true, accessMember)
	if !ok {
		return
	}
	st, err := s.agreementStateFor(r, c)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAgreementJSON(st))
}

// agreementSectionView is one section of the agreement after the ground
// rules, as paragraphs and lists.
type agreementSectionView struct {
	ID, Heading string
	Blocks      []agreement.Block
}

// proposalView is a proposal on the agreement page.
type proposalView struct {
	ID                 int64
	ProposedBy, Reason string
	On, Closes         string
	Changes            []string
	Votes              agreementVotes
	MyVote             string
	CanVote            bool
	Status             string
}

// agreementView is the agreement page's view model.
type agreementView struct {
	Group         holdspace.Group
	Version       int
	Date          string
	GroundRules   []string
	Sections      []agreementSectionView
	ChangeSummary string
	Changes       []string // from the version before
	Since         []string // since the member last agreed, or since they opened the page
	SinceHeading  string
	Stale         bool // they agreed to a version that is no longer current
	Accepted      bool
	AcceptedOn    string
	Newcomer      bool // never agreed: show what to expect at a first group session
	Member        bool // an approved member, who agrees, proposes and votes
	Facilitator   bool
	Organizer     bool
	VoteRuleText  string
	Open          []proposalView
	Decided       []proposalView
	Next          string // where agreeing leads: the group session the member was joining
}

// agreementNext is where to go once the member agrees: the next parameter
// when it is one of this group's session pages, else nowhere.
func agreementNext(r *http.Request, slug string) string {
	next := r.FormValue("next")
	if !strings.HasPrefix(next, "/groups/"+slug+"/sessions/") || strings.ContainsAny(next, "\\?#") || strings.Contains(next, "//") || strings.Contains(next, "..") {
		return ""
	}
	return next
}

// agreementNotices are the fixed words of the success banner after a
// redirect, by the code in the query.
var agreementNotices = map[string]string{
	"agreed=1":        "Thank you. You have agreed to the ground rules",
	"joined=1":        "You have joined the group",
	"saved=1":         "The new version is saved. Members will be asked to agree to it before their next group session",
	"saved=rule":      "The way the group decides on changes is saved",
	"proposed=1":      "Your proposal is open for the group to vote on",
	"voted=1":         "Your vote is saved. You can change it while voting is open",
	"closed=passed":   "The proposal passed. The ground rules have changed, and members will be asked to agree again",
	"closed=rejected": "The votes are counted. The proposal did not pass, so nothing has changed",
	"closed=same":     "The proposal passed. The ground rules already said this, so nothing has changed",
}

// agreementShow is the group agreement page.
func (s *Server) agreementShow(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, false, accessMember)
	if !ok {
		return
	}
	p, err := s.agreementPage(r, c, 0)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	for _, k := range []string{"agreed", "joined", "saved", "proposed", "voted", "closed"} {
		if v := r.URL.Query().Get(k); v != "" {
			p.Notice = agreementNotices[k+"="+v]
		}
	}
	s.render(w, r, "agreement", p)
}

// agreementPage builds the agreement page. read is the version the member
// tried to agree to when it was no longer current, or 0.
func (s *Server) agreementPage(r *http.Request, c groupCtx, read int) (page, error) {
	st, err := s.agreementStateFor(r, c)
	if err != nil {
		return page{}, err
	}
	cur := st.Current
	v := agreementView{
		Group: c.Group, Version: cur.Number, Date: cur.CreatedAt.Format("2 January 2006"),
		GroundRules: agreement.Items(cur.GroundRules), ChangeSummary: cur.ChangeSummary, Changes: agreement.Sentences(st.Changes),
		Accepted: st.Accepted(), Member: c.Membership.Approved(),
		Facilitator: c.Membership.Facilitates() || c.Member.SiteAdmin, Organizer: c.Membership.Organizes() || c.Member.SiteAdmin,
		VoteRuleText: agreement.RuleLabel(st.VoteRule), Next: agreementNext(r, c.Group.Slug),
	}
	v.Newcomer = v.Member && st.AcceptedVersion == 0 && !c.Membership.Facilitates()
	if v.Accepted {
		v.AcceptedOn = st.AcceptedAt.Format("2 January 2006")
	}
	for _, sec := range agreement.Sections[1:] {
		v.Sections = append(v.Sections, agreementSectionView{ID: sec.Field, Heading: sec.Heading, Blocks: agreement.Blocks(cur.Get(sec.Field))})
	}
	switch {
	case read > 0 && read < cur.Number:
		// They read an older version than the one now current: show what
		// changed since the one they read.
		v.Stale = true
		since, err := s.changesSince(r, c, read, cur)
		if err != nil {
			return page{}, err
		}
		v.Since, v.SinceHeading = agreement.Sentences(since), "What changed since you opened this page"
	case read > 0:
		v.Stale = true
	case !v.Accepted && len(st.SinceAccepted) > 0:
		v.Since, v.SinceHeading = agreement.Sentences(st.SinceAccepted), "What changed since you last agreed"
	}
	props, err := s.store.Proposals(r.Context(), c.Group.ID, c.Member.ID)
	if err != nil {
		return page{}, err
	}
	for _, p := range props {
		pv := proposalView{
			ID: p.ID, ProposedBy: p.ProposerName, Reason: p.Reason, On: p.CreatedAt.Format("2 January 2006"),
			Closes: p.ClosesAt.Format("2 January 2006"), Votes: agreementVotes{p.Tally.Yes, p.Tally.No, p.Tally.Abstain},
			MyVote: p.MyVote, CanVote: p.Open(s.now()) && v.Member, Status: p.Status,
		}
		if p.Status == agreement.StatusOpen {
			pv.Changes = agreement.Sentences(agreement.DiffSection(cur.GroundRules, p.GroundRules))
			v.Open = append(v.Open, pv)
		} else if len(v.Decided) < 3 {
			v.Decided = append(v.Decided, pv)
		}
	}
	return page{Title: "Our group agreement – " + c.Group.Name, Section: "groups", Data: v}, nil
}
