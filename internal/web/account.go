package web

import (
	"context"
	"net/http"
	"strings"

	"holdspace/internal/auth"
	"holdspace/internal/holdspace"
)

// The account rules shared by the pages and the API.

// signupInput is what a new member gives.
type signupInput struct {
	DisplayName string `json:"display_name"`
	Password    string `json:"password"`
	Email       string `json:"email"`
}

// validate normalises the input and returns every problem, in form order.
func (in *signupInput) validate() []*holdspace.Error {
	in.DisplayName = holdspace.NormalizeDisplayName(in.DisplayName)
	in.Email = holdspace.NormalizeEmail(in.Email)
	var errs []*holdspace.Error
	for _, err := range []error{
		holdspace.ValidateDisplayName(in.DisplayName),
		holdspace.ValidatePassword("password", in.Password),
		holdspace.ValidateEmail(in.Email),
	} {
		if err != nil {
			errs = append(errs, err.(*holdspace.Error))
		}
	}
	if len(errs) == 0 && strings.EqualFold(strings.Join(strings.Fields(in.Password), ""), strings.ReplaceAll(in.DisplayName, " ", "")) {
		errs = append(errs, holdspace.FieldError("password", "Password must not be the same as your display name"))
	}
	return errs
}

// signup creates the account, limited per address.
func (s *Server) signup(ctx context.Context, r *http.Request, in signupInput) (holdspace.Member, error) {
	if !s.signupByAddr.Allow(s.clientAddr(r)) {
		return holdspace.Member{}, holdspace.Errorf(holdspace.ERateLimited, "Too many new accounts from here. Wait a few minutes and try again")
	}
	hash, err := auth.HashPassword(in.Password, s.cfg.PasswordParams)
	if err != nil {
		return holdspace.Member{}, err
	}
	return s.store.CreateMember(ctx, holdspace.Member{DisplayName: in.DisplayName, Email: in.Email, PasswordHash: hash})
}

// errBadCredentials is the one answer for a wrong password and an unknown
// name, so nobody can learn which names exist.
var errBadCredentials = holdspace.Errorf(holdspace.EUnauthorized, "The display name or password is not right. Check them and try again")

// login checks a name and password, limited per address and per account,
// and returns the member.
func (s *Server) login(ctx context.Context, r *http.Request, name, password string) (holdspace.Member, error) {
	key := holdspace.NameKey(name)
	if !s.loginByAddr.Allow(s.clientAddr(r)) || !s.loginByName.Allow(key) {
		return holdspace.Member{}, holdspace.Errorf(holdspace.ERateLimited, "Too many tries. Wait a few minutes, then try again")
	}
	m, err := s.store.MemberByName(ctx, name)
	hash := m.PasswordHash
	if err != nil {
		if holdspace.ErrorCode(err) != holdspace.ENotFound {
			return holdspace.Member{}, err
		}
		// Spend the same time as for a real account.
		hash = s.dummyPassword
	}
	ok, cerr := auth.CheckPassword(password, hash)
	if cerr != nil {
		return holdspace.Member{}, cerr
	}
	if err != nil || !ok {
		return holdspace.Member{}, errBadCredentials
	}
	s.loginByName.Reset(key)
	return m, nil
}

// startSession signs the member in on this browser: a new random token in an
// HttpOnly cookie, its hash in the database.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, m holdspace.Member) error {
	// A new sign-in replaces any session the browser carried.
	if old := currentSession(r); old != "" {
		s.store.DeleteAuthSession(r.Context(), old)
	}
	tok := auth.NewToken()
	now := s.now().UTC()
	if err := s.store.CreateAuthSession(r.Context(), holdspace.AuthSession{
		TokenHash: auth.HashToken(tok), MemberID: m.ID, CreatedAt: now, ExpiresAt: now.Add(s.cfg.SessionTTL),
	}); err != nil {
		return err
	}
	http.SetCookie(w, s.cookie(r, sessionCookie, tok, int(s.cfg.SessionTTL.Seconds())))
	return nil
}

// endSession signs this browser out.
func (s *Server) endSession(w http.ResponseWriter, r *http.Request) error {
	http.SetCookie(w, s.cookie(r, sessionCookie, "", -1))
	if h := currentSession(r); h != "" {
		return s.store.DeleteAuthSession(r.Context(), h)
	}
	return nil
}

// checkOwnPassword confirms the signed-in member's password before a
// sensitive change, with the same limits as signing in.
func (s *Server) checkOwnPassword(r *http.Request, m *holdspace.Member, field, password string) error {
	if !s.loginByName.Allow(holdspace.NameKey(m.DisplayName)) {
		return holdspace.Errorf(holdspace.ERateLimited, "Too many tries. Wait a few minutes, then try again")
	}
	if password == "" {
		return holdspace.FieldError(field, "Enter your password")
	}
	ok, err := auth.CheckPassword(password, m.PasswordHash)
	if err != nil {
		return err
	}
	if !ok {
		return holdspace.FieldError(field, "The password is not right")
	}
	s.loginByName.Reset(holdspace.NameKey(m.DisplayName))
	return nil
}
