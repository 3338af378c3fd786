package web

import (
	"net/http"

	"holdspace/internal/holdspace"
)

// Access levels a group page or endpoint asks for.
type access int

const (
	accessSignedIn    access = iota // any signed-in member, in the group or not
	accessMember                    // an approved member
	accessFacilitator               // facilitator, co-facilitator or organizer
	accessOrganizer                 // organizer
)

// groupCtx is what a group handler knows about the request.
type groupCtx struct {
	Group      holdspace.Group
	Member     *holdspace.Member    // signed in
	Membership holdspace.Membership // zero Status when none
}

// groupFor loads the group in the path and checks the signed-in member's
// access. A visitor is asked to sign in (401 in the API, the log-in page
// otherwise); anyone without the access gets 404, never 403, so nothing
// private is confirmed to outsiders. A site admin has every access.
func (s *Server) groupFor(w http.ResponseWriter, r *http.Request, api bool, need access) (groupCtx, bool) {
	var c groupCtx
	fail := func(err error) {
		if api {
			s.apiError(w, r, err)
		} else {
			s.pageError(w, r, err)
		}
	}
	c.Member = currentMember(r)
	if c.Member == nil {
		if api {
			s.apiError(w, r, holdspace.Errorf(holdspace.EUnauthorized, "Sign in first"))
		} else {
			s.requireMember(w, r)
		}
		return c, false
	}
	g, err := s.store.GroupBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		fail(err)
		return c, false
	}
	c.Group = g
	ms, err := s.store.Membership(r.Context(), g.ID, c.Member.ID)
	if err != nil && holdspace.ErrorCode(err) != holdspace.ENotFound {
		fail(err)
		return c, false
	}
	c.Membership = ms
	ok := c.Member.SiteAdmin
	switch need {
	case accessSignedIn:
		ok = true
	case accessMember:
		ok = ok || ms.Approved()
	case accessFacilitator:
		ok = ok || ms.Facilitates()
	case accessOrganizer:
		ok = ok || ms.Organizes()
	}
	if !ok {
		fail(holdspace.Errorf(holdspace.ENotFound, "No such group"))
		return c, false
	}
	return c, true
}
