package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"holdspace/internal/agreement"
	"holdspace/internal/holdspace"
)

// agreementInput is an organizer's change to the agreement. Sections left
// out keep their current words, or the template's when one is named.
type agreementInput struct {
	GroundRules     *string `json:"ground_rules"`
	Confidentiality *string `json:"confidentiality"`
	Limits          *string `json:"limits"`
	Retention       *string `json:"retention"`
	ChangeSummary   string  `json:"change_summary"`
	Template        string  `json:"template"`
	VoteRule        string  `json:"vote_rule"`
	Version         int     `json:"version"` // the version the change starts from; 0 skips the check
}

// agreementChange is a checked agreementInput, ready to save.
type agreementChange struct {
	Text     agreement.Text
	Template string
	Summary  string
	VoteRule string // "" keeps the group's rule
	NewText  bool   // the text differs from the current version
}

// checkAgreementInput works out the new text from the input and the
// current version and checks it, returning every problem in form order.
func (s *Server) checkAgreementInput(r *http.Request, c groupCtx, cur agreement.Version, in agreementInput) (agreementChange, []*holdspace.Error, error) {
	var errs []*holdspace.Error
	ch := agreementChange{Text: cur.Text, Template: cur.Template, VoteRule: in.VoteRule}
	if in.Template != "" {
		t, err := s.store.AgreementTemplate(r.Context(), c.Group.ID, in.Template)
		switch {
		case holdspace.ErrorField(err) != "":
			errs = append(errs, holdspace.FieldError(holdspace.ErrorField(err), holdspace.ErrorMessage(err)))
		case err != nil:
			return ch, nil, err
		default:
			ch.Text, ch.Template = t, in.Template
		}
	}
	for field, v := range map[string]*string{"ground_rules": in.GroundRules, "confidentiality": in.Confidentiality, "limits": in.Limits, "retention": in.Retention} {
		if v == nil {
			continue
		}
		switch field {
		case "ground_rules":
			ch.Text.GroundRules = *v
		case "confidentiality":
			ch.Text.Confidentiality = *v
		case "limits":
			ch.Text.Limits = *v
		case "retention":
			ch.Text.Retention = *v
		}
	}
	ch.Text = ch.Text.Normalize()
	errs = append(errs, ch.Text.Validate()...)
	ch.NewText = !ch.Text.Equal(cur.Text)
	ch.Summary = strings.TrimSpace(in.ChangeSummary)
	switch {
	case utf8.RuneCountInString(ch.Summary) > agreement.SummaryMax:
		errs = append(errs, holdspace.FieldError("change_summary", "What changed must be 1000 characters or less"))
	case ch.Summary == "" && ch.NewText && in.Template != "" && ch.Template == in.Template:
		ch.Summary = "Started again from the " + templateLabel(in.Template) + " template"
	case ch.Summary == "" && ch.NewText:
		errs = append(errs, holdspace.FieldError("change_summary", "Enter what changed and why"))
	}
	if in.VoteRule != "" && !agreement.ValidRule(in.VoteRule) {
		errs = append(errs, holdspace.FieldError("vote_rule", "Select how the group decides on a proposed change"))
	}
	if len(errs) == 0 && !ch.NewText && in.VoteRule == "" {
		errs = append(errs, holdspace.FieldError("ground_rules", "Change at least one part of the agreement"))
	}
	sortAgreementErrors(errs)
	return ch, errs, nil
}

// agreementFieldOrder is the order of the edit form's fields.
var agreementFieldOrder = []string{"template", "ground_rules", "confidentiality", "limits", "retention", "change_summary", "vote_rule"}

func sortAgreementErrors(errs []*holdspace.Error) {
	slices.SortStableFunc(errs, func(a, b *holdspace.Error) int {
		return slices.Index(agreementFieldOrder, a.Field) - slices.Index(agreementFieldOrder, b.Field)
	})
}

func templateLabel(name string) string {
	for _, t := range agreement.Templates {
		if t.Name == name {
			return t.Label
		}
	}
	return name
}

// saveAgreementChange saves a checked change: a new version when the text
// changed, and the vote rule when it is given and different.
func (s *Server) saveAgreementChange(r *http.Request, c groupCtx, base int, ch agreementChange) error {
	if ch.NewText {
		if _, err := s.store.SaveAgreement(r.Context(), c.Group.ID, c.Member.ID, base, ch.Text, ch.Template, ch.Summary); err != nil {
			return err
		}
	}
	if ch.VoteRule != "" {
		return s.store.SetVoteRule(r.Context(), c.Group.ID, c.Member.ID, ch.VoteRule)
	}
	return nil
}

// apiAgreementUpdate saves a new version of the agreement (organizers):
// changed sections and a change summary, or {"template": "twelve_step"}
// to start again from a template. Members must agree again.
func (s *Server) apiAgreementUpdate(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, true, accessOrganizer)
	if !ok {
		return
	}
	var in agreementInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	cur, err := s.store.Agreement(r.Context(), c.Group.ID)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	ch, errs, err := s.checkAgreementInput(r, c, cur, in)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if len(errs) > 0 {
		s.apiFieldErrors(w, errs)
		return
	}
	if err := s.saveAgreementChange(r, c, in.Version, ch); err != nil {
		s.apiError(w, r, err)
		return
	}
	st, err := s.agreementStateFor(r, c)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAgreementJSON(st))
}

// agreementEditView is the change form's view model.
type agreementEditView struct {
	Group       holdspace.Group
	Base        int    // the version the form started from
	Template    string // the template the boxes were filled from, if any
	FromLabel   string
	Templates   []choice
	VoteRules   []agreementRuleChoice
	GroundRules string
	Confid      string
	Limits      string
	Retention   string
	Summary     string
}

// agreementRuleChoice is one vote rule radio, with its hint.
type agreementRuleChoice struct {
	choice
	Hint string
}

func agreementEditData(g holdspace.Group, base int, tmpl string, t agreement.Text, summary, rule string) agreementEditView {
	v := agreementEditView{Group: g, Base: base, Template: tmpl, GroundRules: t.GroundRules, Confid: t.Confidentiality,
		Limits: t.Limits, Retention: t.Retention, Summary: summary}
	if tmpl != "" {
		v.FromLabel = templateLabel(tmpl)
	}
	var opts []holdspace.Option
	for _, t := range agreement.Templates {
		opts = append(opts, holdspace.Option{Value: t.Name, Label: t.Label})
	}
	v.Templates = choices("template", opts, func(o string) bool { return o == tmpl })
	opts = nil
	for _, r := range agreement.Rules {
		opts = append(opts, holdspace.Option{Value: r.Value, Label: r.Label})
	}
	for i, ch := range choices("vote-rule", opts, func(o string) bool { return o == rule }) {
		v.VoteRules = append(v.VoteRules, agreementRuleChoice{ch, agreement.Rules[i].Hint})
	}
	return v
}

// agreementEdit is the form to change the agreement (organizers). With
// ?template=name the boxes hold that template's words, ready to edit.
func (s *Server) agreementEdit(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, false, accessOrganizer)
	if !ok {
		return
	}
	cur, err := s.store.Agreement(r.Context(), c.Group.ID)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	rule, err := s.store.VoteRule(r.Context(), c.Group.ID)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p := page{Title: "Change the group agreement", Section: "groups"}
	text, tmpl := cur.Text, ""
	if name := r.URL.Query().Get("template"); name != "" {
		t, err := s.store.AgreementTemplate(r.Context(), c.Group.ID, name)
		switch {
		case holdspace.ErrorField(err) != "":
			p.addError("template", holdspace.ErrorMessage(err))
		case err != nil:
			s.pageError(w, r, err)
			return
		default:
			text, tmpl = t, name
		}
	}
	p.Data = agreementEditData(c.Group, cur.Number, tmpl, text, "", rule)
	s.render(w, r, "agreement_edit", p)
}

// agreementFieldIDs maps the API's field names to the form's input ids.
var agreementFieldIDs = map[string]string{
	"template": "template", "ground_rules": "ground-rules", "confidentiality": "confidentiality", "limits": "limits",
	"retention": "retention", "change_summary": "change-summary", "vote_rule": "vote-rule", "version": "ground-rules",
}

// agreementUpdate saves the change form.
func (s *Server) agreementUpdate(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, false, accessOrganizer)
	if !ok {
		return
	}
	str := func(name string) *string { v := r.PostFormValue(name); return &v }
	base, _ := strconv.Atoi(r.PostFormValue("version"))
	tmpl := r.PostFormValue("template")
	if !agreement.ValidTemplate(tmpl) {
		tmpl = ""
	}
	// The four boxes always come with the form, so a template named here
	// only records where the words started and gives the default summary.
	in := agreementInput{
		GroundRules: str("ground_rules"), Confidentiality: str("confidentiality"), Limits: str("limits"), Retention: str("retention"),
		ChangeSummary: r.PostFormValue("change_summary"), VoteRule: r.PostFormValue("vote_rule"), Version: base, Template: tmpl,
	}
	cur, err := s.store.Agreement(r.Context(), c.Group.ID)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	rule, err := s.store.VoteRule(r.Context(), c.Group.ID)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	if in.VoteRule == rule {
		in.VoteRule = "" // unchanged
	}
	ch, errs, err := s.checkAgreementInput(r, c, cur, in)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	if len(errs) == 0 {
		err = s.saveAgreementChange(r, c, base, ch)
		if err == nil {
			saved := "1"
			if !ch.NewText {
				saved = "rule"
			}
			seeOther(w, r, "/groups/"+c.Group.Slug+"/agreement?saved="+saved)
			return
		}
		if holdspace.ErrorCode(err) != holdspace.EInvalid && holdspace.ErrorCode(err) != holdspace.EConflict {
			s.pageError(w, r, err)
			return
		}
		errs = []*holdspace.Error{{Code: holdspace.ErrorCode(err), Field: holdspace.ErrorField(err), Message: holdspace.ErrorMessage(err)}}
	}
	formRule := r.PostFormValue("vote_rule")
	if formRule == "" {
		formRule = rule
	}
	p := page{Title: "Change the group agreement", Section: "groups",
		Data: agreementEditData(c.Group, base, tmpl, agreement.Text{GroundRules: *in.GroundRules, Confidentiality: *in.Confidentiality,
			Limits: *in.Limits, Retention: *in.Retention}, in.ChangeSummary, formRule)}
	for _, e := range errs {
		id := agreementFieldIDs[e.Field]
		if id == "" {
			id = "ground-rules"
		}
		p.addError(id, e.Message)
	}
	s.render(w, r, "agreement_edit", p)
}
