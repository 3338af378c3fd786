package web

import (
	"net/http"

	"holdspace/internal/auth"
	"holdspace/internal/holdspace"
)

// settingsShow is the account settings page.
func (s *Server) settingsShow(w http.ResponseWriter, r *http.Request) {
	m := s.requireMember(w, r)
	if m == nil {
		return
	}
	p := page{Title: "Your account", Section: "settings", Form: map[string]string{"email": m.Email}}
	switch r.URL.Query().Get("saved") {
	case "email":
		p.Notice = "Your email address has been saved"
	case "password":
		p.Notice = "Your password has been changed. Any other devices have been signed out"
	}
	s.render(w, r, "settings", p)
}

// settingsEmailUpdate saves the optional email address.
func (s *Server) settingsEmailUpdate(w http.ResponseWriter, r *http.Request) {
	m := s.requireMember(w, r)
	if m == nil {
		return
	}
	email := holdspace.NormalizeEmail(r.PostFormValue("email"))
	p := page{Title: "Your account", Section: "settings", Form: map[string]string{"email": email}}
	if err := holdspace.ValidateEmail(email); err != nil {
		p.addError("email", holdspace.ErrorMessage(err))
		s.render(w, r, "settings", p)
		return
	}
	if err := s.store.SetEmail(r.Context(), m.ID, email); err != nil {
		s.fail(w, r, err)
		return
	}
	seeOther(w, r, "/settings?saved=email")
}

// settingsPasswordUpdate changes the password and signs out other devices.
func (s *Server) settingsPasswordUpdate(w http.ResponseWriter, r *http.Request) {
	m := s.requireMember(w, r)
	if m == nil {
		return
	}
	p := page{Title: "Your account", Section: "settings", Form: map[string]string{"email": m.Email}}
	current, next := r.PostFormValue("current_password"), r.PostFormValue("new_password")
	if err := s.checkOwnPassword(r, m, "current-password", current); err != nil {
		if holdspace.ErrorCode(err) != holdspace.EInvalid && holdspace.ErrorCode(err) != holdspace.ERateLimited {
			s.fail(w, r, err)
			return
		}
		p.addError("current-password", holdspace.ErrorMessage(err))
	}
	if err := holdspace.ValidatePassword("new_password", next); err != nil {
		p.addError("new-password", "New "+lowerFirst(holdspace.ErrorMessage(err)))
	}
	if p.HasErrors() {
		s.render(w, r, "settings", p)
		return
	}
	hash, err := auth.HashPassword(next, s.cfg.PasswordParams)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.store.SetPassword(r.Context(), m.ID, hash, currentSession(r)); err != nil {
		s.pageError(w, r, err)
		return
	}
	seeOther(w, r, "/settings?saved=password")
}

// accountDeleteShow asks the member to confirm with their password.
func (s *Server) accountDeleteShow(w http.ResponseWriter, r *http.Request) {
	if s.requireMember(w, r) == nil {
		return
	}
	s.render(w, r, "delete", page{Title: "Delete your account", Section: "settings"})
}

// accountDeleteCreate deletes the account; all its sessions end at once.
func (s *Server) accountDeleteCreate(w http.ResponseWriter, r *http.Request) {
	m := s.requireMember(w, r)
	if m == nil {
		return
	}
	p := page{Title: "Delete your account", Section: "settings"}
	if err := s.checkOwnPassword(r, m, "password", r.PostFormValue("password")); err != nil {
		if holdspace.ErrorCode(err) != holdspace.EInvalid && holdspace.ErrorCode(err) != holdspace.ERateLimited {
			s.fail(w, r, err)
			return
		}
		p.addError("password", holdspace.ErrorMessage(err))
		s.render(w, r, "delete", p)
		return
	}
	if err := s.store.DeleteMember(r.Context(), m.ID); err != nil {
		s.pageError(w, r, err)
		return
	}
	http.SetCookie(w, s.cookie(r, sessionCookie, "", -1))
	seeOther(w, r, "/?deleted=1")
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]|0x20) + s[1:]
}
