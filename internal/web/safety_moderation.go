package web

import (
	"net/http"
	"strconv"

	"holdspace/internal/holdspace"
	"holdspace/internal/sqlstore"
)

// muteChoices are the mute lengths the moderation page offers, in minutes.
var muteChoices = []holdspace.Option{
	{Value: "15", Label: "15 minutes"},
	{Value: "60", Label: "1 hour"},
	{Value: "1440", Label: "1 day"},
	{Value: "10080", Label: "1 week"},
}

// queueItem is one report as the moderation page shows it.
type queueItem struct {
	sqlstore.Report
	MemberName  string // the name the reported member uses in the group
	ReasonLabel string
	ActionLabel string
}

// moderationView is the moderation page's view model.
type moderationView struct {
	Group       holdspace.Group
	Organizer   bool
	Open        []queueItem
	Decided     []queueItem // newest first, the last few
	MuteChoices []holdspace.Option
}

// decidedShown is how many decided reports the moderation page lists.
const decidedShown = 20

// moderationShow is the moderation queue for facilitators: open reports
// with what they can do about each, and the last decisions. It never says
// who made a report.
func (s *Server) moderationShow(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, false, accessFacilitator)
	if !ok {
		return
	}
	list, names, err := s.reportQueue(r, c, "")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := moderationView{Group: c.Group, Organizer: c.Membership.Organizes() || c.Member.SiteAdmin, MuteChoices: muteChoices}
	item := func(rep sqlstore.Report) queueItem {
		return queueItem{Report: rep, MemberName: names[rep.TargetMemberID], ReasonLabel: holdspace.Label(reportReasons, rep.Reason),
			ActionLabel: holdspace.Label(reportActions, rep.Action)}
	}
	for _, rep := range list { // oldest first: they have waited longest
		if rep.Status == sqlstore.ReportOpen {
			v.Open = append(v.Open, item(rep))
		}
	}
	for i := len(list) - 1; i >= 0 && len(v.Decided) < decidedShown; i-- {
		if list[i].Status != sqlstore.ReportOpen {
			v.Decided = append(v.Decided, item(list[i]))
		}
	}
	p := page{Title: "Reports for " + c.Group.Name, Section: "groups", Data: v}
	if a := r.URL.Query().Get("done"); a != "" {
		p.Notice = map[string]string{
			sqlstore.ActionDismiss: "The report has been dismissed",
			sqlstore.ActionWarn:    "The warning is on its way to the member",
			sqlstore.ActionHide:    "The content has been hidden",
			sqlstore.ActionMute:    "The member has been muted in group sessions",
			sqlstore.ActionRemove:  "The member has been removed from the group",
		}[a]
	}
	s.render(w, r, "moderation", p)
}

// moderationDecide carries out one of the small forms on the moderation
// page.
func (s *Server) moderationDecide(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, false, accessFacilitator)
	if !ok {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.notFound(w, r)
		return
	}
	in := reportActionInput{Action: r.PostFormValue("action"), Reason: r.PostFormValue("reason")}
	if m := r.PostFormValue("minutes"); m != "" {
		in.Minutes, _ = strconv.Atoi(m)
	}
	back := "/groups/" + c.Group.Slug + "/moderation"
	if _, err := s.actOnReport(r, c, id, in); err != nil {
		switch holdspace.ErrorCode(err) {
		case holdspace.EInvalid, holdspace.EConflict, holdspace.EForbidden:
			// Small forms in a list: say what was wrong on its own page.
			s.renderCode(w, r, statusFor(holdspace.ErrorCode(err)), "error", page{Title: "Nothing was changed",
				Data: errorPage{Kind: "invalid", Message: holdspace.ErrorMessage(err), Back: back}})
		default:
			s.pageError(w, r, err)
		}
		return
	}
	seeOther(w, r, back+"?done="+in.Action)
}
