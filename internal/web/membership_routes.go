package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"holdspace/internal/holdspace"
)

// membershipRoutes registers joining, requests, the roster, roles and the
// newcomer pathway.
func (s *Server) membershipRoutes(mux *http.ServeMux) {
	mux.HandleFunc("POST /api/v1/groups/{slug}/join", s.apiGroupJoin)
	mux.HandleFunc("POST /api/v1/groups/{slug}/leave", s.apiGroupLeave)
	mux.HandleFunc("GET /api/v1/groups/{slug}/requests", s.apiRequests)
	mux.HandleFunc("POST /api/v1/groups/{slug}/requests/{member_id}/approve", s.apiRequestDecide)
	mux.HandleFunc("POST /api/v1/groups/{slug}/requests/{member_id}/decline", s.apiRequestDecide)
	mux.HandleFunc("GET /api/v1/groups/{slug}/members", s.apiRoster)
	mux.HandleFunc("PATCH /api/v1/groups/{slug}/members/{member_id}", s.apiMemberUpdate)
	mux.HandleFunc("DELETE /api/v1/groups/{slug}/members/{member_id}", s.apiMemberRemove)
	mux.HandleFunc("PATCH /api/v1/groups/{slug}/me", s.apiMyMembership)
	mux.HandleFunc("GET /api/v1/groups/{slug}/audit", s.apiAudit)

	mux.HandleFunc("GET /groups/{slug}/join", s.joinShow)
	mux.HandleFunc("POST /groups/{slug}/join", s.joinCreate)
	mux.HandleFunc("POST /groups/{slug}/leave", s.leaveCreate)
	mux.HandleFunc("GET /groups/{slug}/members", s.rosterShow)
	mux.HandleFunc("POST /groups/{slug}/requests/{member_id}", s.requestDecide)
	mux.HandleFunc("POST /groups/{slug}/members/{member_id}", s.memberUpdate)
	mux.HandleFunc("POST /groups/{slug}/me", s.myMembershipUpdate)
}

// joinInput is what a member gives when joining.
type joinInput struct {
	Note        string `json:"note"`
	DisplayName string `json:"display_name"`
}

// NoteMax bounds a join request's note.
const noteMax = 1000

// join validates and records a join: at once for an open group, a request
// for a closed one. The name defaults to the account's display name.
func (s *Server) join(r *http.Request, c groupCtx, in joinInput) (holdspace.Membership, error) {
	name := holdspace.NormalizeDisplayName(in.DisplayName)
	if name == "" {
		name = c.Member.DisplayName
	}
	if err := holdspace.ValidateDisplayName(name); err != nil {
		return holdspace.Membership{}, err
	}
	note := strings.TrimSpace(in.Note)
	if n := len([]rune(note)); n > noteMax {
		return holdspace.Membership{}, holdspace.FieldError("note", fmt.Sprintf("Note must be %d characters or less", noteMax))
	}
	return s.store.Join(r.Context(), c.Group.ID, c.Member.ID, name, note, c.Group.Access == "open")
}

// apiGroupJoin joins a group: {"status": "member"} or {"status": "requested"}.
func (s *Server) apiGroupJoin(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, true, accessSignedIn)
	if !ok {
		return
	}
	var in joinInput
	if r.ContentLength != 0 {
		if err := decodeJSON(w, r, &in); err != nil {
			s.apiError(w, r, err)
			return
		}
	}
	ms, err := s.join(r, c, in)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	status := "requested"
	if ms.Approved() {
		status = "member"
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": status, "display_name": ms.DisplayName})
}

// apiGroupLeave leaves a group (or withdraws a request).
func (s *Server) apiGroupLeave(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, true, accessSignedIn)
	if !ok {
		return
	}
	if c.Membership.Organizes() {
		n, err := s.organizerCount(r, c.Group.ID)
		if err != nil {
			s.apiError(w, r, err)
			return
		}
		if n <= 1 {
			s.apiError(w, r, holdspace.Errorf(holdspace.EConflict, "You are this group's only organizer. Make someone else an organizer before you leave"))
			return
		}
	}
	if err := s.store.Leave(r.Context(), c.Group.ID, c.Member.ID); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "left"})
}

func (s *Server) organizerCount(r *http.Request, groupID int64) (int, error) {
	list, err := s.store.Memberships(r.Context(), groupID, holdspace.StatusApproved)
	n := 0
	for _, m := range list {
		if m.Role == holdspace.RoleOrganizer {
			n++
		}
	}
	return n, err
}

// requestJSON is a pending join request, for facilitators.
type requestJSON struct {
	MemberID    int64  `json:"member_id"`
	DisplayName string `json:"display_name"`
	Note        string `json:"note"`
	RequestedAt string `json:"requested_at"`
}

// apiRequests lists pending join requests (facilitators).
func (s *Server) apiRequests(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, true, accessFacilitator)
	if !ok {
		return
	}
	list, err := s.store.Memberships(r.Context(), c.Group.ID, holdspace.StatusRequested)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out := []requestJSON{}
	for _, m := range list {
		out = append(out, requestJSON{m.MemberID, m.DisplayName, m.RequestNote, m.JoinedAt.Format(time.RFC3339)})
	}
	writeJSON(w, http.StatusOK, map[string]any{"requests": out})
}

// decide approves or declines a request with a kind message and queues the
// email telling the requester.
func (s *Server) decide(r *http.Request, c groupCtx, memberID int64, approve bool, message string) error {
	message = strings.TrimSpace(message)
	if len([]rune(message)) > noteMax {
		return holdspace.FieldError("message", fmt.Sprintf("Message must be %d characters or less", noteMax))
	}
	if message == "" {
		if approve {
			message = "Welcome. We're glad you're joining us."
		} else {
			message = "Thank you for asking. This group isn't able to take you right now; you are welcome to look for another group that fits."
		}
	}
	req, err := s.store.Membership(r.Context(), c.Group.ID, memberID)
	if err != nil || req.Status != holdspace.StatusRequested {
		return holdspace.Errorf(holdspace.ENotFound, "There is no request from that member")
	}
	mail := decisionMail(c.Group, req, approve, message, s.baseURL(r))
	return s.store.Decide(r.Context(), c.Group.ID, memberID, c.Member.ID, approve, message, &mail)
}

// decisionMail tells a requester what the facilitators decided. It names
// only the group and the requester's own group name.
func decisionMail(g holdspace.Group, req holdspace.Membership, approve bool, message, base string) holdspace.Mail {
	m := holdspace.Mail{MemberID: req.MemberID}
	if approve {
		m.Kind = "join_approved"
		m.Subject = "You're in: " + g.Name
		m.Body = fmt.Sprintf("Hello %s,\n\nYour request to join %s has been accepted.\n\nA note from the facilitators:\n%s\n\nBefore your first group session, read and agree to the group's ground rules:\n%s/groups/%s/agreement\n",
			req.DisplayName, g.Name, message, base, g.Slug)
	} else {
		m.Kind = "join_declined"
		m.Subject = "About your request to join " + g.Name
		m.Body = fmt.Sprintf("Hello %s,\n\nThe facilitators of %s have replied to your request:\n%s\n\nYou can find other groups here: %s/groups\n",
			req.DisplayName, g.Name, message, base)
	}
	return m
}

// apiRequestDecide approves or declines, by the last part of the path.
func (s *Server) apiRequestDecide(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, true, accessFacilitator)
	if !ok {
		return
	}
	memberID, err := strconv.ParseInt(r.PathValue("member_id"), 10, 64)
	if err != nil {
		s.apiError(w, r, holdspace.Errorf(holdspace.ENotFound, "There is no request from that member"))
		return
	}
	var in struct {
		Message string `json:"message"`
	}
	if r.ContentLength != 0 {
		if err := decodeJSON(w, r, &in); err != nil {
			s.apiError(w, r, err)
			return
		}
	}
	approve := strings.HasSuffix(r.URL.Path, "/approve")
	if err := s.decide(r, c, memberID, approve, in.Message); err != nil {
		s.apiError(w, r, err)
		return
	}
	status := "declined"
	if approve {
		status = "member"
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": status})
}

// rosterEntry is one member as the group sees them: only the group name.
type rosterEntry struct {
	MemberID      int64  `json:"member_id"`
	DisplayName   string `json:"display_name"`
	Role          string `json:"role"`
	JustListening *bool  `json:"just_listening,omitempty"` // facilitators only
	Trained       *bool  `json:"trained,omitempty"`        // facilitators only
	WillingBuddy  *bool  `json:"willing_buddy,omitempty"`
	BuddyID       int64  `json:"buddy_id,omitempty"`
	You           bool   `json:"you,omitempty"`
}

// roster lists the group's members as the viewer may see them.
func (s *Server) roster(r *http.Request, c groupCtx) ([]rosterEntry, error) {
	list, err := s.store.Memberships(r.Context(), c.Group.ID, holdspace.StatusApproved)
	if err != nil {
		return nil, err
	}
	fac := c.Membership.Facilitates() || c.Member.SiteAdmin
	out := []rosterEntry{}
	for _, m := range list {
		e := rosterEntry{MemberID: m.MemberID, DisplayName: m.DisplayName, Role: m.Role, You: m.MemberID == c.Member.ID}
		if fac || e.You {
			jl, tr := m.JustListening, m.Trained
			e.JustListening, e.Trained = &jl, &tr
			e.BuddyID = m.BuddyID
		}
		wb := m.WillingBuddy
		e.WillingBuddy = &wb
		out = append(out, e)
	}
	return out, nil
}

// apiRoster is the roster, for the group's members.
func (s *Server) apiRoster(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, true, accessMember)
	if !ok {
		return
	}
	list, err := s.roster(r, c)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"members": list})
}

// memberUpdateInput is what organizers (role, trained) and facilitators
// (buddy) may change about a member.
type memberUpdateInput struct {
	Role    *string `json:"role"`
	Trained *bool   `json:"trained"`
	BuddyID *int64  `json:"buddy_id"`
	Reason  string  `json:"reason"`
}

// updateMember applies a memberUpdateInput with the right permission for
// each part.
func (s *Server) updateMember(r *http.Request, c groupCtx, memberID int64, in memberUpdateInput) error {
	organizer := c.Membership.Organizes() || c.Member.SiteAdmin
	if (in.Role != nil || in.Trained != nil) && !organizer {
		return holdspace.Errorf(holdspace.ENotFound, "No such group")
	}
	target, err := s.store.Membership(r.Context(), c.Group.ID, memberID)
	if err != nil || !target.Approved() {
		return holdspace.Errorf(holdspace.ENotFound, "That member is not in this group")
	}
	if in.Role != nil {
		if !holdspace.ValidOption(holdspace.Roles, *in.Role) {
			return holdspace.FieldError("role", "Select a role: member, peer_supporter, co_facilitator, facilitator or organizer")
		}
		if err := s.store.SetRole(r.Context(), c.Group.ID, memberID, c.Member.ID, *in.Role, in.Reason); err != nil {
			return err
		}
	}
	if in.Trained != nil {
		if err := s.store.SetMemberFlags(r.Context(), c.Group.ID, memberID, nil, in.Trained, nil); err != nil {
			return err
		}
	}
	if in.BuddyID != nil {
		if err := s.store.PairBuddy(r.Context(), c.Group.ID, memberID, *in.BuddyID, c.Member.ID); err != nil {
			return err
		}
	}
	return nil
}

// apiMemberUpdate changes a member's role, trained mark or buddy.
func (s *Server) apiMemberUpdate(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, true, accessFacilitator)
	if !ok {
		return
	}
	memberID, err := strconv.ParseInt(r.PathValue("member_id"), 10, 64)
	if err != nil {
		s.apiError(w, r, holdspace.Errorf(holdspace.ENotFound, "That member is not in this group"))
		return
	}
	var in memberUpdateInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := s.updateMember(r, c, memberID, in); err != nil {
		s.apiError(w, r, err)
		return
	}
	s.apiRoster(w, r)
}

// apiMemberRemove removes a member for a reason (organizers; audited).
func (s *Server) apiMemberRemove(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, true, accessOrganizer)
	if !ok {
		return
	}
	memberID, err := strconv.ParseInt(r.PathValue("member_id"), 10, 64)
	if err != nil {
		s.apiError(w, r, holdspace.Errorf(holdspace.ENotFound, "That member is not in this group"))
		return
	}
	var in struct {
		Reason string `json:"reason"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := s.removeMember(r, c, memberID, in.Reason); err != nil {
		s.apiError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) removeMember(r *http.Request, c groupCtx, memberID int64, reason string) error {
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return holdspace.FieldError("reason", "Enter the reason for removing this member. Only organizers see it")
	case len([]rune(reason)) > noteMax:
		return holdspace.FieldError("reason", fmt.Sprintf("Reason must be %d characters or less", noteMax))
	case memberID == c.Member.ID:
		return holdspace.FieldError("member_id", "You cannot remove yourself. Leave the group instead")
	}
	if err := s.store.RemoveMember(r.Context(), c.Group.ID, memberID, c.Member.ID, reason); err != nil {
		return err
	}
	s.live.Kick(c.Group.ID, memberID) // their live circle sockets close at once
	return nil
}

// myMembershipInput is what a member changes about themselves in a group.
type myMembershipInput struct {
	DisplayName   *string `json:"display_name"`
	JustListening *bool   `json:"just_listening"`
	WillingBuddy  *bool   `json:"willing_buddy"`
}

func (s *Server) updateMyMembership(r *http.Request, c groupCtx, in myMembershipInput) error {
	if in.DisplayName != nil {
		name := holdspace.NormalizeDisplayName(*in.DisplayName)
		if err := holdspace.ValidateDisplayName(name); err != nil {
			return err
		}
		if err := s.store.SetGroupDisplayName(r.Context(), c.Group.ID, c.Member.ID, name); err != nil {
			return err
		}
	}
	return s.store.SetMemberFlags(r.Context(), c.Group.ID, c.Member.ID, in.JustListening, nil, in.WillingBuddy)
}

// apiMyMembership changes my group name, "I'll just listen for now" and
// whether I will be a welcome buddy.
func (s *Server) apiMyMembership(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, true, accessMember)
	if !ok {
		return
	}
	var in myMembershipInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := s.updateMyMembership(r, c, in); err != nil {
		s.apiError(w, r, err)
		return
	}
	ms, err := s.store.Membership(r.Context(), c.Group.ID, c.Member.ID)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"display_name": ms.DisplayName, "role": ms.Role, "just_listening": ms.JustListening, "willing_buddy": ms.WillingBuddy})
}

// apiAudit is the group's audit log (organizers).
func (s *Server) apiAudit(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, true, accessOrganizer)
	if !ok {
		return
	}
	list, err := s.store.AuditLog(r.Context(), c.Group.ID)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	type entry struct {
		ID       int64  `json:"id"`
		ActorID  int64  `json:"actor_id,omitempty"`
		Action   string `json:"action"`
		TargetID int64  `json:"target_id,omitempty"`
		Reason   string `json:"reason,omitempty"`
		Details  string `json:"details,omitempty"`
		At       string `json:"at"`
	}
	out := []entry{}
	for _, e := range list {
		out = append(out, entry{e.ID, e.ActorID, e.Action, e.TargetID, e.Reason, e.Details, e.CreatedAt.Format(time.RFC3339)})
	}
	writeJSON(w, http.StatusOK, map[string]any{"entries": out})
}
