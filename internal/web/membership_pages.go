package web

import (
	"net/http"
	"strconv"

	"holdspace/internal/holdspace"
)

// joinView is the join page's view model.
type joinView struct {
	Group      holdspace.Group
	Membership holdspace.Membership
	Open       bool
}

// joinShow asks the name to use in this group and, for a closed group, an
// optional note for the facilitators.
func (s *Server) joinShow(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, false, accessSignedIn)
	if !ok {
		return
	}
	if c.Membership.Status == holdspace.StatusRemoved {
		s.notFound(w, r)
		return
	}
	title := "Join " + c.Group.Name
	if c.Group.Access != "open" {
		title = "Ask to join " + c.Group.Name
	}
	s.render(w, r, "join", page{Title: title, Section: "groups", Form: map[string]string{"display_name": c.Member.DisplayName},
		Data: joinView{Group: c.Group, Membership: c.Membership, Open: c.Group.Access == "open"}})
}

// joinCreate joins or asks to join.
func (s *Server) joinCreate(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, false, accessSignedIn)
	if !ok {
		return
	}
	in := joinInput{DisplayName: r.PostFormValue("display_name"), Note: r.PostFormValue("note")}
	ms, err := s.join(r, c, in)
	if err != nil {
		if f := holdspace.ErrorField(err); f != "" {
			title := "Join " + c.Group.Name
			p := page{Title: title, Section: "groups", Form: map[string]string{"display_name": in.DisplayName, "note": in.Note},
				Data: joinView{Group: c.Group, Membership: c.Membership, Open: c.Group.Access == "open"}}
			p.addError(map[string]string{"display_name": "display-name", "note": "note"}[f], holdspace.ErrorMessage(err))
			s.render(w, r, "join", p)
			return
		}
		s.pageError(w, r, err)
		return
	}
	if ms.Approved() {
		seeOther(w, r, "/groups/"+c.Group.Slug+"/agreement?joined=1")
		return
	}
	seeOther(w, r, "/groups/"+c.Group.Slug+"?requested=1")
}

// leaveCreate leaves the group or withdraws a request.
func (s *Server) leaveCreate(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, false, accessSignedIn)
	if !ok {
		return
	}
	if c.Membership.Organizes() {
		n, err := s.organizerCount(r, c.Group.ID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if n <= 1 {
			s.renderCode(w, r, http.StatusConflict, "error", page{Title: "Nothing was changed", Data: errorPage{Kind: "invalid",
				Message: "You are this group's only organizer. Make someone else an organizer before you leave", Back: "/groups/" + c.Group.Slug + "/members"}})
			return
		}
	}
	if err := s.store.Leave(r.Context(), c.Group.ID, c.Member.ID); err != nil {
		s.pageError(w, r, err)
		return
	}
	seeOther(w, r, "/groups/"+c.Group.Slug+"?left=1")
}

// rosterView is the members page's view model.
type rosterView struct {
	Group       holdspace.Group
	Me          holdspace.Membership
	Members     []rosterEntry
	Requests    []holdspace.Membership
	Facilitator bool
	Organizer   bool
	Attended    map[int64]int
	Roles       []holdspace.Option
	Buddies     []rosterEntry
}

// rosterShow lists the group's members (by their group names) and, for
// facilitators, pending requests and newcomers' progress.
func (s *Server) rosterShow(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, false, accessMember)
	if !ok {
		return
	}
	list, err := s.roster(r, c)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := rosterView{Group: c.Group, Me: c.Membership, Members: list, Roles: holdspace.Roles,
		Facilitator: c.Membership.Facilitates() || c.Member.SiteAdmin, Organizer: c.Membership.Organizes() || c.Member.SiteAdmin}
	if v.Facilitator {
		if v.Requests, err = s.store.Memberships(r.Context(), c.Group.ID, holdspace.StatusRequested); err != nil {
			s.fail(w, r, err)
			return
		}
		if v.Attended, err = s.store.AttendanceCounts(r.Context(), c.Group.ID); err != nil {
			s.fail(w, r, err)
			return
		}
		for _, m := range list {
			if m.WillingBuddy != nil && *m.WillingBuddy {
				v.Buddies = append(v.Buddies, m)
			}
		}
	}
	p := page{Title: "Members of " + c.Group.Name, Section: "groups", Data: v}
	switch r.URL.Query().Get("done") {
	case "approved":
		p.Notice = "The request was accepted and the member has been told"
	case "declined":
		p.Notice = "The request was declined and the member has been told"
	case "saved":
		p.Notice = "Your changes have been saved"
	case "removed":
		p.Notice = "The member has been removed from the group"
	}
	s.render(w, r, "members", p)
}

// requestDecide approves or declines a request from the members page.
func (s *Server) requestDecide(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, false, accessFacilitator)
	if !ok {
		return
	}
	memberID, _ := strconv.ParseInt(r.PathValue("member_id"), 10, 64)
	approve := r.PostFormValue("decision") == "approve"
	if err := s.decide(r, c, memberID, approve, r.PostFormValue("message")); err != nil {
		s.pageError(w, r, err)
		return
	}
	done := "declined"
	if approve {
		done = "approved"
	}
	seeOther(w, r, "/groups/"+c.Group.Slug+"/members?done="+done)
}

// memberUpdate changes a member's role, trained mark or buddy, or removes
// them, from the members page.
func (s *Server) memberUpdate(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, false, accessFacilitator)
	if !ok {
		return
	}
	memberID, _ := strconv.ParseInt(r.PathValue("member_id"), 10, 64)
	done := "saved"
	var err error
	switch r.PostFormValue("action") {
	case "remove":
		if !c.Membership.Organizes() && !c.Member.SiteAdmin {
			s.notFound(w, r)
			return
		}
		err, done = s.removeMember(r, c, memberID, r.PostFormValue("reason")), "removed"
	case "role":
		role := r.PostFormValue("role")
		err = s.updateMember(r, c, memberID, memberUpdateInput{Role: &role})
	case "trained":
		t := r.PostFormValue("trained") == "yes"
		err = s.updateMember(r, c, memberID, memberUpdateInput{Trained: &t})
	case "buddy":
		b, perr := strconv.ParseInt(r.PostFormValue("buddy_id"), 10, 64)
		if perr != nil {
			err = holdspace.FieldError("buddy_id", "Choose a welcome buddy")
		} else {
			err = s.updateMember(r, c, memberID, memberUpdateInput{BuddyID: &b})
		}
	default:
		err = holdspace.FieldError("action", "Choose what to change")
	}
	if err != nil {
		if holdspace.ErrorCode(err) == holdspace.EInvalid {
			// Small forms in a table: say what was wrong on its own page.
			s.renderCode(w, r, http.StatusUnprocessableEntity, "error", page{Title: "Nothing was changed", Data: errorPage{Kind: "invalid", Message: holdspace.ErrorMessage(err), Back: "/groups/" + c.Group.Slug + "/members"}})
			return
		}
		s.pageError(w, r, err)
		return
	}
	seeOther(w, r, "/groups/"+c.Group.Slug+"/members?done="+done)
}

// myMembershipUpdate changes my group name and newcomer choices.
func (s *Server) myMembershipUpdate(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, false, accessMember)
	if !ok {
		return
	}
	name := r.PostFormValue("display_name")
	jl := r.PostFormValue("just_listening") == "yes"
	wb := r.PostFormValue("willing_buddy") == "yes"
	in := myMembershipInput{JustListening: &jl, WillingBuddy: &wb}
	if name != "" {
		in.DisplayName = &name
	}
	if err := s.updateMyMembership(r, c, in); err != nil {
		if holdspace.ErrorCode(err) == holdspace.EInvalid || holdspace.ErrorCode(err) == holdspace.EConflict {
			s.renderCode(w, r, http.StatusUnprocessableEntity, "error", page{Title: "Nothing was changed", Data: errorPage{Kind: "invalid", Message: holdspace.ErrorMessage(err), Back: "/groups/" + c.Group.Slug + "/members"}})
			return
		}
		s.pageError(w, r, err)
		return
	}
	seeOther(w, r, "/groups/"+c.Group.Slug+"/members?done=saved")
}
