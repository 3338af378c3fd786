package web

import (
	"bytes"
	"net/http"
	"time"

	"holdspace/internal/agreement"
	"holdspace/internal/holdspace"
)

// consentJSON is one consent record.
type consentJSON struct {
	MemberID    int64  `json:"member_id"`
	DisplayName string `json:"display_name"`
	Version     int    `json:"version"`
	AcceptedAt  string `json:"accepted_at"`
}

// waitingJSON is a member who has not agreed to the current version yet.
type waitingJSON struct {
	MemberID    int64  `json:"member_id"`
	DisplayName string `json:"display_name"`
}

// consentRecords loads the group's consent records, the current version
// and the members who have not agreed to it yet.
func (s *Server) consentRecords(r *http.Request, c groupCtx) ([]agreement.Consent, int, []holdspace.Membership, error) {
	ctx := r.Context()
	cur, err := s.store.Agreement(ctx, c.Group.ID)
	if err != nil {
		return nil, 0, nil, err
	}
	list, err := s.store.Consents(ctx, c.Group.ID)
	if err != nil {
		return nil, 0, nil, err
	}
	members, err := s.store.Memberships(ctx, c.Group.ID, holdspace.StatusApproved)
	if err != nil {
		return nil, 0, nil, err
	}
	agreed := map[int64]bool{}
	for _, k := range list {
		if k.Version == cur.Number {
			agreed[k.MemberID] = true
		}
	}
	var waiting []holdspace.Membership
	for _, m := range members {
		if !agreed[m.MemberID] {
			waiting = append(waiting, m)
		}
	}
	return list, cur.Number, waiting, nil
}

// apiAgreementConsents lists the consent records (organizers): who agreed
// to which version and when, by the names they use in the group. With
// ?format=csv it is a CSV download.
func (s *Server) apiAgreementConsents(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, true, accessOrganizer)
	if !ok {
		return
	}
	list, version, waiting, err := s.consentRecords(r, c)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	switch r.URL.Query().Get("format") {
	case "", "json":
	case "csv":
		var b bytes.Buffer
		if err := agreement.WriteConsentsCSV(&b, list); err != nil {
			s.apiError(w, r, err)
			return
		}
		h := w.Header()
		h.Set("Content-Type", "text/csv; charset=utf-8")
		h.Set("Content-Disposition", `attachment; filename="`+c.Group.Slug+`-consent-records.csv"`)
		h.Set("Cache-Control", "no-store")
		w.Write(b.Bytes())
		return
	default:
		s.apiError(w, r, holdspace.FieldError("format", "Ask for format=csv, or leave format out for JSON"))
		return
	}
	out := struct {
		Version  int           `json:"version"`
		Consents []consentJSON `json:"consents"`
		Waiting  []waitingJSON `json:"not_yet_agreed"`
	}{Version: version, Consents: []consentJSON{}, Waiting: []waitingJSON{}}
	for _, k := range list {
		out.Consents = append(out.Consents, consentJSON{k.MemberID, k.DisplayName, k.Version, k.AcceptedAt.Format(time.RFC3339)})
	}
	for _, m := range waiting {
		out.Waiting = append(out.Waiting, waitingJSON{m.MemberID, m.DisplayName})
	}
	writeJSON(w, http.StatusOK, out)
}

// consentsView is the consent records page's view model.
type consentsView struct {
	Group   holdspace.Group
	Version int
	Rows    []consentRow
	Waiting []string
}

type consentRow struct {
	Name    string
	Version int
	When    string
	ISO     string
}

// agreementConsents is the consent records page (organizers).
func (s *Server) agreementConsents(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, false, accessOrganizer)
	if !ok {
		return
	}
	list, version, waiting, err := s.consentRecords(r, c)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v := consentsView{Group: c.Group, Version: version}
	loc, err := time.LoadLocation(c.Group.Timezone)
	if err != nil {
		loc = time.UTC
	}
	for i := len(list) - 1; i >= 0; i-- { // newest first
		k := list[i]
		v.Rows = append(v.Rows, consentRow{Name: k.DisplayName, Version: k.Version,
			When: k.AcceptedAt.In(loc).Format("2 January 2006, 15:04 MST"), ISO: k.AcceptedAt.Format(time.RFC3339)})
	}
	for _, m := range waiting {
		v.Waiting = append(v.Waiting, m.DisplayName)
	}
	s.render(w, r, "agreement_consents", page{Title: "Consent records – " + c.Group.Name, Section: "groups", Data: v})
}
