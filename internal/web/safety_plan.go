package web

import (
	"net/http"
	"time"

	"holdspace/internal/holdspace"
	"holdspace/internal/safetyplan"
	"holdspace/internal/sqlstore"
)

// safetyPlanJSON is a group's safety plan in the API.
type safetyPlanJSON struct {
	EmergencyContacts string   `json:"emergency_contacts"`
	LocalResources    string   `json:"local_resources"`
	Steps             string   `json:"steps"`
	FromTemplate      bool     `json:"from_template"` // nobody has changed it yet
	Unfilled          []string `json:"unfilled"`      // sections with [parts] still to fill in
	UpdatedAt         string   `json:"updated_at"`
}

func toSafetyPlanJSON(p sqlstore.SafetyPlan) safetyPlanJSON {
	unfilled := p.Unfilled()
	if unfilled == nil {
		unfilled = []string{}
	}
	return safetyPlanJSON{EmergencyContacts: p.EmergencyContacts, LocalResources: p.LocalResources, Steps: p.Steps,
		FromTemplate: p.UpdatedBy == 0, Unfilled: unfilled, UpdatedAt: p.UpdatedAt.Format(time.RFC3339)}
}

// apiSafetyPlanShow is the group's safety plan (facilitators), made from
// the template the first time anyone reads it.
func (s *Server) apiSafetyPlanShow(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, true, accessFacilitator)
	if !ok {
		return
	}
	p, err := s.store.SafetyPlan(r.Context(), c.Group.ID)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toSafetyPlanJSON(p))
}

// saveSafetyPlan normalizes, checks and stores a plan; the errors are one
// per wrong section, in page order.
func (s *Server) saveSafetyPlan(r *http.Request, c groupCtx, p safetyplan.Plan) (sqlstore.SafetyPlan, []*holdspace.Error, error) {
	p = p.Normalize()
	if errs := p.Validate(); len(errs) > 0 {
		return sqlstore.SafetyPlan{}, errs, nil
	}
	saved, err := s.store.SaveSafetyPlan(r.Context(), c.Group.ID, c.Member.ID, p)
	return saved, nil, err
}

// apiSafetyPlanUpdate replaces the group's safety plan (organizers). All
// three sections are sent; local_resources may be empty.
func (s *Server) apiSafetyPlanUpdate(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, true, accessOrganizer)
	if !ok {
		return
	}
	var in struct {
		EmergencyContacts string `json:"emergency_contacts"`
		LocalResources    string `json:"local_resources"`
		Steps             string `json:"steps"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	saved, errs, err := s.saveSafetyPlan(r, c, safetyplan.Plan{EmergencyContacts: in.EmergencyContacts, LocalResources: in.LocalResources, Steps: in.Steps})
	if len(errs) > 0 {
		s.apiFieldErrors(w, errs)
		return
	}
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toSafetyPlanJSON(saved))
}

// safetyPlanSection is one section of the plan as the pages show it.
type safetyPlanSection struct {
	safetyplan.Section
	ID       string // the form field's id
	Lines    []string
	Text     string
	Unfilled bool
}

// safetyPlanView is the safety plan pages' view model.
type safetyPlanView struct {
	Group     holdspace.Group
	Organizer bool
	Sections  []safetyPlanSection
	Unfilled  bool
	UpdatedAt time.Time
	Changed   bool // someone has changed it from the template
}

func newSafetyPlanView(c groupCtx, p sqlstore.SafetyPlan) safetyPlanView {
	v := safetyPlanView{Group: c.Group, Organizer: c.Membership.Organizes() || c.Member.SiteAdmin, UpdatedAt: p.UpdatedAt, Changed: p.UpdatedBy != 0}
	unfilled := map[string]bool{}
	for _, f := range p.Unfilled() {
		unfilled[f] = true
		v.Unfilled = true
	}
	for _, sec := range safetyplan.Sections {
		v.Sections = append(v.Sections, safetyPlanSection{Section: sec, ID: safetyPlanFieldID(sec.Field), Lines: p.Lines(sec.Field), Text: p.Get(sec.Field), Unfilled: unfilled[sec.Field]})
	}
	return v
}

// safetyPlanFieldID is a section's form field id: the field name with
// hyphens, as the other forms spell ids.
func safetyPlanFieldID(field string) string {
	return map[string]string{"emergency_contacts": "emergency-contacts", "local_resources": "local-resources", "steps": "steps"}[field]
}

// safetyPlanShow is the safety plan for facilitators: what to do and who
// to call when a group session becomes unsafe.
func (s *Server) safetyPlanShow(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, false, accessFacilitator)
	if !ok {
		return
	}
	p, err := s.store.SafetyPlan(r.Context(), c.Group.ID)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	pg := page{Title: "Safety plan for " + c.Group.Name, Section: "groups", Data: newSafetyPlanView(c, p)}
	if r.URL.Query().Get("saved") == "1" {
		pg.Notice = "The safety plan has been saved"
	}
	s.render(w, r, "safety_plan", pg)
}

// safetyPlanEdit is the organizers' form for the safety plan.
func (s *Server) safetyPlanEdit(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, false, accessOrganizer)
	if !ok {
		return
	}
	p, err := s.store.SafetyPlan(r.Context(), c.Group.ID)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, "safety_plan_edit", page{Title: "Change the safety plan", Section: "groups", Data: newSafetyPlanView(c, p)})
}

// safetyPlanUpdate saves the organizers' form, or shows it again with
// what was typed and what to put right.
func (s *Server) safetyPlanUpdate(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, false, accessOrganizer)
	if !ok {
		return
	}
	in := map[string]string{}
	for _, sec := range safetyplan.Sections {
		in[sec.Field] = r.PostFormValue(sec.Field)
	}
	typed := safetyplan.Plan{EmergencyContacts: in["emergency_contacts"], LocalResources: in["local_resources"], Steps: in["steps"]}
	_, errs, err := s.saveSafetyPlan(r, c, typed)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	if len(errs) > 0 {
		v := newSafetyPlanView(c, sqlstore.SafetyPlan{Plan: typed})
		for i := range v.Sections {
			v.Sections[i].Text = in[v.Sections[i].Field]
		}
		pg := page{Title: "Change the safety plan", Section: "groups", Data: v}
		for _, e := range errs {
			pg.addError(safetyPlanFieldID(e.Field), e.Message)
		}
		s.render(w, r, "safety_plan_edit", pg)
		return
	}
	seeOther(w, r, "/groups/"+c.Group.Slug+"/safety-plan?saved=1")
}
