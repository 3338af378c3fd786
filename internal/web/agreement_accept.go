package web

import (
	"net/http"
	"strconv"

	"holdspace/internal/holdspace"
)

// apiAgreementAccept records that the member agrees to a version of the
// agreement: {"version": N}. Only the current version can be agreed to; an
// older one answers 409, so the member reads what changed first.
func (s *Server) apiAgreementAccept(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, true, accessMember)
	if !ok {
		return
	}
	if err := memberOnly(c); err != nil {
		s.apiError(w, r, err)
		return
	}
	var in struct {
		Version *int `json:"version"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	if in.Version == nil {
		s.apiError(w, r, holdspace.FieldError("version", "Say which version of the agreement you agree to"))
		return
	}
	if _, err := s.store.AcceptAgreement(r.Context(), c.Group.ID, c.Member.ID, *in.Version); err != nil {
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

// agreementAccept is the "I agree to these ground rules" button. The form
// carries the version the member read; if the agreement changed since,
// the page shows the new version again, with what changed, and records
// nothing.
func (s *Server) agreementAccept(w http.ResponseWriter, r *http.Request) {
	c, ok := s.groupFor(w, r, false, accessMember)
	if !ok {
		return
	}
	if err := memberOnly(c); err != nil {
		s.pageError(w, r, err)
		return
	}
	read, _ := strconv.Atoi(r.PostFormValue("version"))
	_, err := s.store.AcceptAgreement(r.Context(), c.Group.ID, c.Member.ID, read)
	switch holdspace.ErrorCode(err) {
	case "":
		if next := agreementNext(r, c.Group.Slug); next != "" {
			seeOther(w, r, next) // back to the group session they were joining
			return
		}
		seeOther(w, r, "/groups/"+c.Group.Slug+"/agreement?agreed=1")
	case holdspace.EConflict, holdspace.EInvalid:
		p, perr := s.agreementPage(r, c, max(read, 1))
		if perr != nil {
			s.pageError(w, r, perr)
			return
		}
		s.renderCode(w, r, http.StatusConflict, "agreement", p)
	default:
		s.pageError(w, r, err)
	}
}
