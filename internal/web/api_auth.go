package web

import (
	"net/http"

	"holdspace/internal/holdspace"
)

// memberJSON is how the API shows a member to themselves.
type memberJSON struct {
	ID          int64  `json:"id"`
	DisplayName string `json:"display_name"`
	Email       string `json:"email,omitempty"`
	SiteAdmin   bool   `json:"site_admin,omitempty"`
}

func toMemberJSON(m holdspace.Member) memberJSON {
	return memberJSON{ID: m.ID, DisplayName: m.DisplayName, Email: m.Email, SiteAdmin: m.SiteAdmin}
}

// apiSignup creates an account: 201 with the member, 409 for a taken name.
func (s *Server) apiSignup(w http.ResponseWriter, r *http.Request) {
	var in signupInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	if errs := in.validate(); len(errs) > 0 {
		s.apiError(w, r, errs[0])
		return
	}
	m, err := s.signup(r.Context(), r, in)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, toMemberJSON(m))
}

// apiLogin signs in and sets the session cookie.
func (s *Server) apiLogin(w http.ResponseWriter, r *http.Request) {
	var in struct {
		DisplayName string `json:"display_name"`
		Password    string `json:"password"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	if in.DisplayName == "" {
		s.apiError(w, r, holdspace.FieldError("display_name", "Enter your display name"))
		return
	}
	if in.Password == "" {
		s.apiError(w, r, holdspace.FieldError("password", "Enter your password"))
		return
	}
	m, err := s.login(r.Context(), r, in.DisplayName, in.Password)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := s.startSession(w, r, m); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toMemberJSON(m))
}

// apiLogout ends this sign-in: 204 whether or not one existed.
func (s *Server) apiLogout(w http.ResponseWriter, r *http.Request) {
	if err := s.endSession(w, r); err != nil {
		s.apiError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// apiMeShow answers who is signed in, or 401.
func (s *Server) apiMeShow(w http.ResponseWriter, r *http.Request) {
	m := currentMember(r)
	if m == nil {
		s.apiError(w, r, holdspace.Errorf(holdspace.EUnauthorized, "Sign in first"))
		return
	}
	writeJSON(w, http.StatusOK, toMemberJSON(*m))
}

// apiMeDelete deletes the signed-in account after checking its password;
// every session of the account ends at once.
func (s *Server) apiMeDelete(w http.ResponseWriter, r *http.Request) {
	m := currentMember(r)
	if m == nil {
		s.apiError(w, r, holdspace.Errorf(holdspace.EUnauthorized, "Sign in first"))
		return
	}
	var in struct {
		Password string `json:"password"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := s.checkOwnPassword(r, m, "password", in.Password); err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := s.store.DeleteMember(r.Context(), m.ID); err != nil {
		s.apiError(w, r, err)
		return
	}
	http.SetCookie(w, s.cookie(r, sessionCookie, "", -1))
	w.WriteHeader(http.StatusNoContent)
}
