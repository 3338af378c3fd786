package web

import (
	"context"
	"fmt"
	"net/http"

	"holdspace/internal/directory"
	"holdspace/internal/holdspace"
)

// maxGroupBody is larger than other bodies so that an oversized
// description is refused by name ("description must be ...") rather than
// as an oversized body.
const maxGroupBody = 8 << 20

// canCreateGroups reports whether m may create a group on this site.
func (s *Server) canCreateGroups(m *holdspace.Member) bool {
	return m != nil && (s.cfg.AllowGroupCreation || m.SiteAdmin)
}

// createGroup validates in and creates the group with m as its organizer,
// choosing a free slug from the name. Field problems come back as a list.
func (s *Server) createGroup(ctx context.Context, m *holdspace.Member, in directory.Input) (holdspace.Group, []*holdspace.Error, error) {
	g, errs := directory.Apply(holdspace.Group{}, in)
	if len(errs) > 0 {
		return g, errs, nil
	}
	g.CreatedBy = m.ID
	base := directory.Slug(g.Name)
	if directory.ReservedSlug(base) {
		// "/groups/new" is the create form: such a group gets "new-group".
		base += "-group"
	}
	for i := 1; i <= 50; i++ {
		g.Slug = base
		if i > 1 {
			g.Slug = fmt.Sprintf("%s-%d", base, i)
		}
		created, err := s.store.CreateGroup(ctx, g, m.DisplayName)
		if holdspace.ErrorCode(err) == holdspace.EConflict {
			continue
		}
		return created, nil, err
	}
	return g, nil, holdspace.Errorf(holdspace.EConflict, "Too many groups have that name. Choose a more specific one")
}

// apiGroupCreate creates a group: 201 with the group and its slug.
func (s *Server) apiGroupCreate(w http.ResponseWriter, r *http.Request) {
	m := currentMember(r)
	if m == nil {
		s.apiError(w, r, holdspace.Errorf(holdspace.EUnauthorized, "Sign in first"))
		return
	}
	if !s.canCreateGroups(m) {
		s.apiError(w, r, holdspace.Errorf(holdspace.EForbidden, "On this site only site admins can create groups"))
		return
	}
	var in directory.Input
	if err := decodeJSONLimit(w, r, &in, maxGroupBody); err != nil {
		s.apiError(w, r, err)
		return
	}
	g, errs, err := s.createGroup(r.Context(), m, in)
	if len(errs) > 0 {
		s.apiFieldErrors(w, errs)
		return
	}
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	sch, ex, _ := s.groupSchedule(r, g)
	writeJSON(w, http.StatusCreated, s.toGroupJSON(g, directory.Viewer{Member: true, Organizer: true}, sch, ex))
}

// apiGroupShow shows one group, trimmed to what the viewer may see.
func (s *Server) apiGroupShow(w http.ResponseWriter, r *http.Request) {
	g, err := s.store.GroupBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	v, err := s.viewerOf(r, g)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	sch, ex, _ := s.groupSchedule(r, g)
	writeJSON(w, http.StatusOK, s.toGroupJSON(g, v, sch, ex))
}

// apiGroupUpdate changes the fields given. Only the group's organizers may;
// to anyone else the group's edit endpoint does not exist.
func (s *Server) apiGroupUpdate(w http.ResponseWriter, r *http.Request) {
	g, v, ok := s.organizerGroup(w, r, true)
	if !ok {
		return
	}
	var in directory.Input
	if err := decodeJSONLimit(w, r, &in, maxGroupBody); err != nil {
		s.apiError(w, r, err)
		return
	}
	updated, errs := directory.Apply(g, in)
	if len(errs) > 0 {
		s.apiFieldErrors(w, errs)
		return
	}
	updated, err := s.store.UpdateGroup(r.Context(), updated)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	sch, ex, _ := s.groupSchedule(r, updated)
	writeJSON(w, http.StatusOK, s.toGroupJSON(updated, v, sch, ex))
}

// organizerGroup loads the group named in the path and checks that the
// signed-in member organizes it. Visitors and non-organizers get 404 (for
// the API, 401 for a visitor) so that nothing private is confirmed.
func (s *Server) organizerGroup(w http.ResponseWriter, r *http.Request, api bool) (holdspace.Group, directory.Viewer, bool) {
	fail := func(err error) {
		if api {
			s.apiError(w, r, err)
		} else {
			s.pageError(w, r, err)
		}
	}
	m := currentMember(r)
	if m == nil {
		if api {
			s.apiError(w, r, holdspace.Errorf(holdspace.EUnauthorized, "Sign in first"))
		} else {
			s.requireMember(w, r)
		}
		return holdspace.Group{}, directory.Viewer{}, false
	}
	g, err := s.store.GroupBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		fail(err)
		return g, directory.Viewer{}, false
	}
	v, err := s.viewerOf(r, g)
	if err != nil {
		fail(err)
		return g, v, false
	}
	if !v.Organizer && !m.SiteAdmin {
		fail(holdspace.Errorf(holdspace.ENotFound, "No such group"))
		return g, v, false
	}
	return g, directory.Viewer{Member: true, Organizer: true}, true
}

// apiFieldErrors answers 422 with the first problem as the error and every
// problem listed, so a program can show them all.
func (s *Server) apiFieldErrors(w http.ResponseWriter, errs []*holdspace.Error) {
	type item struct {
		Field   string `json:"field"`
		Message string `json:"message"`
	}
	body := struct {
		Error  apiErrorDetail `json:"error"`
		Errors []item         `json:"errors"`
	}{Error: apiErrorDetail{Code: holdspace.EInvalid, Message: errs[0].Message, Field: errs[0].Field}}
	for _, e := range errs {
		body.Errors = append(body.Errors, item{e.Field, e.Message})
	}
	writeJSON(w, http.StatusUnprocessableEntity, body)
}
