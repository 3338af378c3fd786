package web

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"holdspace/internal/holdspace"
)

// guestNameMax bounds a first name typed for a person in the room.
const guestNameMax = 40

// circleGuestCreate adds a person in the room to the in-person circle by
// first name (facilitators). They have no account and nothing about them
// is stored; the hub forgets them when the session ends. The circle's
// script asks for JSON ({"member_id", "name"}, 201); without the script the
// form comes back to the in-person page.
func (s *Server) circleGuestCreate(w http.ResponseWriter, r *http.Request) {
	c, ok := s.circleFor(w, r, accessFacilitator)
	if !ok {
		return
	}
	name := strings.Join(strings.Fields(r.PostFormValue("name")), " ")
	var err error
	switch {
	case name == "":
		err = holdspace.FieldError("name", "Enter a first name")
	case utf8.RuneCountInString(name) > guestNameMax:
		err = holdspace.FieldError("name", "First name must be 40 characters or fewer")
	}
	if err == nil {
		g, jerr := s.live.JoinGuest(c.Session.ID, name)
		if jerr == nil {
			if wantsJSON(r) {
				writeJSON(w, http.StatusCreated, g)
				return
			}
			seeOther(w, r, s.sessionItem(c.Group, c.Session, "").URL+"/in-person")
			return
		}
		err = circleLiveError(jerr)
		if holdspace.ErrorCode(err) == holdspace.EInvalid {
			err = &holdspace.Error{Code: holdspace.EInvalid, Field: "name", Message: holdspace.ErrorMessage(err)}
		}
	}
	if wantsJSON(r) {
		s.apiError(w, r, err)
		return
	}
	s.circleInPersonRetry(w, r, c, "inperson-name", err, map[string]string{"name": name})
}

// circleInPersonRetry shows the in-person page again with what went wrong
// in its error summary and the values typed.
func (s *Server) circleInPersonRetry(w http.ResponseWriter, r *http.Request, c sessionCtx, field string, err error, form map[string]string) {
	switch holdspace.ErrorCode(err) {
	case holdspace.EInvalid, holdspace.EConflict:
	default:
		s.pageError(w, r, err)
		return
	}
	v, verr := s.circleView(r, c, true)
	if verr != nil {
		s.fail(w, r, verr)
		return
	}
	p := page{Title: "In-person circle – " + c.Group.Name, Section: "groups", Data: v, Form: form}
	p.addError(field, strings.TrimSuffix(holdspace.ErrorMessage(err), "."))
	s.renderCode(w, r, http.StatusUnprocessableEntity, "circle", p)
}
