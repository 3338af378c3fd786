package web

import (
	"net/http"
	"net/url"
	"strings"

	"holdspace/internal/holdspace"
)

// fieldIDs maps the API's field names to the ids of the form inputs.
var fieldIDs = map[string]string{"display_name": "display-name", "password": "password", "email": "email"}

// signupShow is the sign-up form.
func (s *Server) signupShow(w http.ResponseWriter, r *http.Request) {
	if currentMember(r) != nil {
		seeOther(w, r, "/settings")
		return
	}
	s.render(w, r, "signup", page{Title: "Create an account", Section: "signup"})
}

// signupCreate creates the account, signs the new member in and goes home.
func (s *Server) signupCreate(w http.ResponseWriter, r *http.Request) {
	in := signupInput{DisplayName: r.PostFormValue("display_name"), Password: r.PostFormValue("password"), Email: r.PostFormValue("email")}
	p := page{Title: "Create an account", Section: "signup", Form: map[string]string{"display_name": in.DisplayName, "email": in.Email}}
	for _, e := range in.validate() {
		p.addError(fieldIDs[e.Field], e.Message)
	}
	if p.HasErrors() {
		s.render(w, r, "signup", p)
		return
	}
	m, err := s.signup(r.Context(), r, in)
	if err != nil {
		if f := holdspace.ErrorField(err); f != "" {
			p.addError(fieldIDs[f], holdspace.ErrorMessage(err))
			s.renderCode(w, r, statusFor(holdspace.ErrorCode(err)), "signup", p)
			return
		}
		s.pageError(w, r, err)
		return
	}
	if err := s.startSession(w, r, m); err != nil {
		s.fail(w, r, err)
		return
	}
	seeOther(w, r, "/?welcome=1")
}

// loginShow is the log-in form.
func (s *Server) loginShow(w http.ResponseWriter, r *http.Request) {
	if currentMember(r) != nil {
		seeOther(w, r, "/settings")
		return
	}
	s.render(w, r, "login", page{Title: "Log in", Section: "login", Form: map[string]string{"next": safeNext(r.URL.Query().Get("next"))}})
}

// loginCreate signs the member in.
func (s *Server) loginCreate(w http.ResponseWriter, r *http.Request) {
	name := r.PostFormValue("display_name")
	password := r.PostFormValue("password")
	next := safeNext(r.PostFormValue("next"))
	p := page{Title: "Log in", Section: "login", Form: map[string]string{"display_name": name, "next": next}}
	if strings.TrimSpace(name) == "" {
		p.addError("display-name", "Enter your display name")
	}
	if password == "" {
		p.addError("password", "Enter your password")
	}
	if p.HasErrors() {
		s.render(w, r, "login", p)
		return
	}
	m, err := s.login(r.Context(), r, name, password)
	switch holdspace.ErrorCode(err) {
	case "":
	case holdspace.EUnauthorized, holdspace.ERateLimited:
		p.addError("display-name", holdspace.ErrorMessage(err))
		s.renderCode(w, r, statusFor(holdspace.ErrorCode(err)), "login", p)
		return
	default:
		s.fail(w, r, err)
		return
	}
	if err := s.startSession(w, r, m); err != nil {
		s.fail(w, r, err)
		return
	}
	seeOther(w, r, next)
}

// logoutCreate signs this browser out.
func (s *Server) logoutCreate(w http.ResponseWriter, r *http.Request) {
	if err := s.endSession(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	seeOther(w, r, "/?signed_out=1")
}

// safeNext keeps a post-login redirect on this site.
func safeNext(next string) string {
	u, err := url.Parse(next)
	if next == "" || err != nil || u.IsAbs() || u.Host != "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.Contains(next, `\`) {
		return "/"
	}
	return next
}

// requireMember sends a visitor to the log-in page and reports false.
func (s *Server) requireMember(w http.ResponseWriter, r *http.Request) *holdspace.Member {
	m := currentMember(r)
	if m == nil {
		seeOther(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()))
	}
	return m
}
