package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"holdspace/internal/holdspace"
	"holdspace/internal/sqlstore"
)

// reportReasons are why a member reports something, in the words the
// report form shows; "other" stays last.
var reportReasons = []holdspace.Option{
	{Value: "breaking_confidentiality", Label: "Sharing what was said in the group with people outside it"},
	{Value: "harassment", Label: "Harassment or bullying"},
	{Value: "hate", Label: "Hate: attacking someone for who they are"},
	{Value: "spam", Label: "Spam or selling something"},
	{Value: "worried_about_safety", Label: "I'm worried about someone's safety"},
	{Value: "other", Label: "Something else"},
}

// reportActions are what facilitators can do about a report.
var reportActions = []holdspace.Option{
	{Value: sqlstore.ActionDismiss, Label: "Dismissed"},
	{Value: sqlstore.ActionWarn, Label: "Warned"},
	{Value: sqlstore.ActionHide, Label: "Hidden"},
	{Value: sqlstore.ActionMute, Label: "Muted"},
	{Value: sqlstore.ActionRemove, Label: "Removed from the group"},
}

// Limits on what reports and decisions carry.
const (
	reportTargetIDMax = 200
	muteMaxMinutes    = 30 * 24 * 60
)

// reportInput is a report as a member sends it. Group is a slug; without
// it a report about a member goes to every group where both are approved
// members. MemberID optionally names the author of a message or post.
type reportInput struct {
	TargetType string `json:"target_type"`
	TargetID   string `json:"target_id"`
	Reason     string `json:"reason"`
	Note       string `json:"note"`
	Group      string `json:"group"`
	MemberID   int64  `json:"member_id"`
}

// fileReport checks a report and files it in each group it belongs to.
// Anything the reporter may not know about (a group they are not in, a
// member they share no group with) is ENotFound, before the fields are
// checked, so outsiders learn nothing from the answer.
func (s *Server) fileReport(r *http.Request, me *holdspace.Member, in reportInput) error {
	ctx := r.Context()
	var group holdspace.Group
	if in.Group != "" {
		g, err := s.store.GroupBySlug(ctx, in.Group)
		if err != nil {
			return err
		}
		ms, err := s.store.Membership(ctx, g.ID, me.ID)
		if err != nil || !ms.Approved() {
			return holdspace.Errorf(holdspace.ENotFound, "No such group")
		}
		group = g
	}
	in.TargetID = strings.TrimSpace(in.TargetID)
	in.Note = strings.TrimSpace(in.Note)
	switch {
	case in.TargetType != sqlstore.TargetMessage && in.TargetType != sqlstore.TargetPost && in.TargetType != sqlstore.TargetMember:
		return holdspace.FieldError("target_type", "target_type must be message, post or member")
	case in.TargetID == "":
		return holdspace.FieldError("target_id", "Enter the id of what you are reporting")
	case len(in.TargetID) > reportTargetIDMax:
		return holdspace.FieldError("target_id", fmt.Sprintf("target_id must be %d characters or less", reportTargetIDMax))
	case !holdspace.ValidOption(reportReasons, in.Reason):
		return holdspace.FieldError("reason", "Select why you are reporting this")
	case len([]rune(in.Note)) > noteMax:
		return holdspace.FieldError("note", fmt.Sprintf("Note must be %d characters or less", noteMax))
	}
	base := sqlstore.Report{TargetType: in.TargetType, TargetID: in.TargetID, Reason: in.Reason, Note: in.Note}
	var groups []int64
	if in.TargetType == sqlstore.TargetMember {
		id, err := strconv.ParseInt(in.TargetID, 10, 64)
		if err != nil || id <= 0 {
			return holdspace.FieldError("target_id", "target_id must be the id of a member")
		}
		if id == me.ID {
			return holdspace.FieldError("target_id", "You cannot report yourself")
		}
		base.TargetID, base.TargetMemberID = strconv.FormatInt(id, 10), id
		if group.ID != 0 {
			ms, err := s.store.Membership(ctx, group.ID, id)
			if err != nil || !ms.Approved() {
				return holdspace.Errorf(holdspace.ENotFound, "No such member")
			}
			groups = []int64{group.ID}
		} else if groups, err = s.store.SharedGroups(ctx, me.ID, id); err != nil {
			return err
		} else if len(groups) == 0 {
			return holdspace.Errorf(holdspace.ENotFound, "No such member")
		}
	} else {
		// A message lives only in a live session's memory and a post on
		// the group's board, so the reporter says which group.
		if group.ID == 0 {
			return holdspace.FieldError("group", "Say which group the message or post is in")
		}
		if in.MemberID != 0 {
			if in.MemberID == me.ID {
				return holdspace.FieldError("member_id", "You cannot report yourself")
			}
			ms, err := s.store.Membership(ctx, group.ID, in.MemberID)
			if err != nil || ms.Status == holdspace.StatusRequested || ms.Status == holdspace.StatusDeclined {
				return holdspace.Errorf(holdspace.ENotFound, "No such member")
			}
			base.TargetMemberID = in.MemberID
		}
		groups = []int64{group.ID}
	}
	reports := make([]sqlstore.Report, len(groups))
	for i, g := range groups {
		reports[i] = base
		reports[i].GroupID = g
	}
	return s.store.CreateReports(ctx, me.ID, reports)
}

// apiReportCreate files a report: 201 whether or not the same person
// already had it open, so the answer says nothing about earlier reports.
func (s *Server) apiReportCreate(w http.ResponseWriter, r *http.Request) {
	me := currentMember(r)
	if me == nil {
		s.apiError(w, r, holdspace.Errorf(holdspace.EUnauthorized, "Sign in first"))
		return
	}
	var in reportInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := s.fileReport(r, me, in); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]string{
		"status":  "received",
		"message": "Thank you. The facilitators will look at your report. They will not be told who sent it.",
	})
}

// reportJSON is a report as facilitators see it: never who made it.
type reportJSON struct {
	ID          int64  `json:"id"`
	TargetType  string `json:"target_type"`
	TargetID    string `json:"target_id"`
	MemberID    int64  `json:"member_id,omitempty"`
	MemberName  string `json:"member_name,omitempty"` // the name they use in this group
	Reason      string `json:"reason"`
	ReasonLabel string `json:"reason_label"`
	Note        string `json:"note,omitempty"`
	Status      string `json:"status"`
	CreatedAt   string `json:"created_at"`
	Action      string `json:"action,omitempty"`
	DecidedAt   string `json:"decided_at,omitempty"`
}

// reportQueue lists a group's reports with a status ("" for all) that the viewer
// may decide: never reports about the viewer, who must not judge their
// own case nor guess from it who reported them.
func (s *Server) reportQueue(r *http.Request, c groupCtx, status string) ([]sqlstore.Report, map[int64]string, error) {
	list, err := s.store.Reports(r.Context(), c.Group.ID, status)
	if err != nil {
		return nil, nil, err
	}
	names, err := s.store.GroupNames(r.Context(), c.Group.ID)
	if err != nil {
		return nil, nil, err
	}
	out := list[:0]
	for _, rep := range list {
		if rep.TargetMemberID != c.Member.ID {
			out = append(out, rep)
		}
	}
	return out, names, nil
}

func toReportJSON(rep sqlstore.Report, names map[int64]string) reportJSON {
	j := reportJSON{ID: rep.ID, TargetType: rep.TargetType, TargetID: rep.TargetID, MemberID: rep.TargetMemberID, MemberName: names[rep.TargetMemberID],
		Reason: rep.Reason, ReasonLabel: holdspace.Label(reportReasons, rep.Reason), Note: rep.Note, Status: rep.Status,
		CreatedAt: rep.CreatedAt.Format(time.RFC3339), Action: rep.Action}
	if !rep.DecidedAt.IsZero() {
		j.DecidedAt = rep.DecidedAt.Format(time.RFC3339)
	}
	return j
}

// apiReportList is the moderation queue (facilitators): open reports by
// default, or ?status=dismissed, actioned or all.
func (s *Server) apiReportList(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, true, accessFacilitator)
	if !ok {
		return
	}
	status := r.URL.Query().Get("status")
	switch status {
	case "":
		status = sqlstore.ReportOpen
	case "all":
		status = ""
	case sqlstore.ReportOpen, sqlstore.ReportDismissed, sqlstore.ReportActioned:
	default:
		s.apiError(w, r, holdspace.FieldError("status", "status must be open, dismissed, actioned or all"))
		return
	}
	list, names, err := s.reportQueue(r, c, status)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out := []reportJSON{}
	for _, rep := range list {
		out = append(out, toReportJSON(rep, names))
	}
	writeJSON(w, http.StatusOK, map[string]any{"reports": out})
}

// reportActionInput is a facilitator's decision on a report.
type reportActionInput struct {
	Action  string `json:"action"`
	Minutes int    `json:"minutes"`
	Reason  string `json:"reason"`
}

// validate checks what can be checked without the report.
func (in *reportActionInput) validate() error {
	in.Reason = strings.TrimSpace(in.Reason)
	switch {
	case !holdspace.ValidOption(reportActions, in.Action):
		return holdspace.FieldError("action", "Choose what to do: dismiss, warn, hide, mute or remove")
	case in.Action == sqlstore.ActionMute && (in.Minutes < 1 || in.Minutes > muteMaxMinutes):
		return holdspace.FieldError("minutes", fmt.Sprintf("Choose how long to mute for, from 1 minute to 30 days (%d minutes)", muteMaxMinutes))
	case in.Reason == "" && in.Action != sqlstore.ActionDismiss:
		return holdspace.FieldError("reason", "Enter the reason for this decision. It goes in the group's audit log")
	case len([]rune(in.Reason)) > noteMax:
		return holdspace.FieldError("reason", fmt.Sprintf("Reason must be %d characters or less", noteMax))
	}
	return nil
}

// actOnReport carries out a facilitator's decision on a report in the
// group. Removing a member needs an organizer.
func (s *Server) actOnReport(r *http.Request, c groupCtx, id int64, in reportActionInput) (sqlstore.Report, error) {
	if err := in.validate(); err != nil {
		return sqlstore.Report{}, err
	}
	ctx := r.Context()
	rep, err := s.store.Report(ctx, c.Group.ID, id)
	if err != nil || rep.TargetMemberID == c.Member.ID {
		return sqlstore.Report{}, holdspace.Errorf(holdspace.ENotFound, "No such report")
	}
	if rep.Status != sqlstore.ReportOpen {
		return sqlstore.Report{}, holdspace.Errorf(holdspace.EConflict, "This report has already been decided")
	}
	d := sqlstore.Decision{Action: in.Action, Reason: in.Reason}
	switch in.Action {
	case sqlstore.ActionHide:
		if rep.TargetType == sqlstore.TargetMember {
			return sqlstore.Report{}, holdspace.FieldError("action", "Hide works on a message or a post. For a member, choose warn, mute or remove")
		}
	case sqlstore.ActionWarn, sqlstore.ActionMute, sqlstore.ActionRemove:
		if rep.TargetMemberID == 0 {
			return sqlstore.Report{}, holdspace.FieldError("action", "This report does not say who wrote it. Dismiss it or hide the content")
		}
	}
	switch in.Action {
	case sqlstore.ActionMute:
		d.MuteUntil = s.now().Add(time.Duration(in.Minutes) * time.Minute)
	case sqlstore.ActionWarn:
		target, err := s.store.Membership(ctx, c.Group.ID, rep.TargetMemberID)
		if err != nil {
			return sqlstore.Report{}, err
		}
		mail := warningMail(c.Group, target, in.Reason, s.baseURL(r))
		d.Mail = &mail
	case sqlstore.ActionRemove:
		if !c.Membership.Organizes() && !c.Member.SiteAdmin {
			return sqlstore.Report{}, holdspace.Errorf(holdspace.EForbidden, "Only an organizer can remove a member. Ask an organizer, or mute them for now")
		}
		// removeMember also closes their live-circle sockets at once.
		if err := s.removeMember(r, c, rep.TargetMemberID, in.Reason); err != nil {
			// Removed already (a retry after a failure, or by hand on the
			// members page): close the report all the same.
			ms, merr := s.store.Membership(ctx, c.Group.ID, rep.TargetMemberID)
			if holdspace.ErrorCode(err) != holdspace.ENotFound || merr != nil || ms.Status != holdspace.StatusRemoved {
				return sqlstore.Report{}, err
			}
		}
	}
	decided, err := s.store.DecideReport(ctx, c.Group.ID, id, c.Member.ID, d)
	if err == nil && in.Action == sqlstore.ActionMute {
		// The mute takes hold in a circle that is running now, too.
		s.live.Mute(c.Group.ID, rep.TargetMemberID, d.MuteUntil)
	}
	return decided, err
}

// warningMail is a kind note to a member about their behaviour. It never
// says who reported them or what was reported.
func warningMail(g holdspace.Group, target holdspace.Membership, message, base string) holdspace.Mail {
	return holdspace.Mail{
		MemberID: target.MemberID,
		Kind:     "warning",
		Subject:  "A message from the facilitators of " + g.Name,
		Body: fmt.Sprintf("Hello %s,\n\nThe facilitators of %s are writing to you about something that happened in the group.\n\n%s\n\n"+
			"We want everyone in the group to feel safe and respected, you included. Before your next group session, please read the group's agreement again:\n%s/groups/%s/agreement\n\n"+
			"If you think something has been misunderstood, you can talk to a facilitator at your next group session.\n\n"+
			"If things are hard for you right now, you can find people to talk to here: %s/help\n",
			target.DisplayName, g.Name, message, base, g.Slug, base),
	}
}

// apiReportAction decides a report (facilitators; remove needs an
// organizer).
func (s *Server) apiReportAction(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, true, accessFacilitator)
	if !ok {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.apiError(w, r, holdspace.Errorf(holdspace.ENotFound, "No such report"))
		return
	}
	var in reportActionInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	rep, err := s.actOnReport(r, c, id, in)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	names, err := s.store.GroupNames(r.Context(), c.Group.ID)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toReportJSON(rep, names))
}
