package web

import (
	"net/http"
	"strconv"

	"holdspace/internal/holdspace"
	"holdspace/internal/sqlstore"
)

// reportFormView is the report page's view model.
type reportFormView struct {
	Group    holdspace.Group
	MemberID int64
	Name     string // the name the reported member uses in this group
	Reasons  []choice
	Self     bool // the member asked to report themselves
	Sent     bool
}

// reportTarget finds the member a report page is about: an approved member
// of the group, by the name they use in it.
func (s *Server) reportTarget(r *http.Request, c groupCtx, raw string) (holdspace.Membership, error) {
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		return holdspace.Membership{}, holdspace.Errorf(holdspace.ENotFound, "No such member")
	}
	ms, err := s.store.Membership(r.Context(), c.Group.ID, id)
	if err != nil || !ms.Approved() {
		return holdspace.Membership{}, holdspace.Errorf(holdspace.ENotFound, "No such member")
	}
	return ms, nil
}

// reportNew asks why a member is being reported, with a note. After a
// report is sent (?sent=1) it says so, and that the reporter stays
// anonymous.
func (s *Server) reportNew(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, false, accessMember)
	if !ok {
		return
	}
	if r.URL.Query().Get("sent") == "1" {
		s.render(w, r, "safety_report", page{Title: "Your report has been sent", Section: "groups", Data: reportFormView{Group: c.Group, Sent: true}})
		return
	}
	target, err := s.reportTarget(r, c, r.URL.Query().Get("member_id"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v := reportFormView{Group: c.Group, MemberID: target.MemberID, Name: target.DisplayName, Self: target.MemberID == c.Member.ID,
		Reasons: choices("reason", reportReasons, func(string) bool { return false })}
	title := "Why are you reporting " + target.DisplayName + "?"
	if v.Self {
		title = "You cannot report yourself"
	}
	s.render(w, r, "safety_report", page{Title: title, Section: "groups", Data: v})
}

// reportCreate files the report from the form.
func (s *Server) reportCreate(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, false, accessMember)
	if !ok {
		return
	}
	target, err := s.reportTarget(r, c, r.PostFormValue("member_id"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	reason, note := r.PostFormValue("reason"), r.PostFormValue("note")
	err = s.fileReport(r, c.Member, reportInput{Group: c.Group.Slug, TargetType: sqlstore.TargetMember,
		TargetID: strconv.FormatInt(target.MemberID, 10), Reason: reason, Note: note})
	if f := holdspace.ErrorField(err); f == "reason" || f == "note" || f == "target_id" {
		v := reportFormView{Group: c.Group, MemberID: target.MemberID, Name: target.DisplayName, Self: target.MemberID == c.Member.ID,
			Reasons: choices("reason", reportReasons, func(o string) bool { return o == reason })}
		p := page{Title: "Why are you reporting " + target.DisplayName + "?", Section: "groups", Form: map[string]string{"note": note}, Data: v}
		msg := holdspace.ErrorMessage(err)
		if f == "reason" {
			msg = "Select why you are reporting " + target.DisplayName
		}
		p.addError(map[string]string{"reason": "reason", "note": "note", "target_id": "reason"}[f], msg)
		s.render(w, r, "safety_report", p)
		return
	}
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	seeOther(w, r, "/groups/"+c.Group.Slug+"/report?sent=1")
}
