package web

import (
	"net/http"

	"holdspace/internal/holdspace"
)

// unsubscribeView is the unsubscribe page's view model. It names no one:
// whoever holds a forwarded email learns nothing about its reader.
type unsubscribeView struct {
	Token string
	Done  bool // email is off
}

// unsubscribeShow asks to confirm turning email off, from the link at the
// foot of every email. An unknown link is a 404.
func (s *Server) unsubscribeShow(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	m, err := s.store.MemberByUnsubscribeToken(r.Context(), token)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	rs, err := s.store.ReminderSettings(r.Context(), m.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	title := "Stop emails from Holdspace"
	if rs.EmailOff {
		title = "You will not get any more emails"
	}
	s.render(w, r, "reminders_unsubscribe", page{Title: title, Data: unsubscribeView{Token: token, Done: rs.EmailOff}})
}

// unsubscribeCreate turns every email off for the link's member. It is also
// the one-click unsubscribe of RFC 8058: mail programs post to it with no
// cookie and no form token (middleware lets this path through), so it
// answers 200 with the confirmation rather than a redirect.
func (s *Server) unsubscribeCreate(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	if err := s.store.Unsubscribe(r.Context(), token); err != nil {
		if holdspace.ErrorCode(err) == holdspace.ENotFound {
			s.notFound(w, r)
			return
		}
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, "reminders_unsubscribe", page{Title: "You will not get any more emails", Data: unsubscribeView{Token: token, Done: true}})
}
