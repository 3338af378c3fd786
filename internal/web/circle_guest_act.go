package web

import (
	"net/http"
	"strconv"

	"holdspace/internal/circle"
)

// circleGuestAct does for a person in the room what they would do for
// themselves at the circle (facilitators): raise or lower a hand, pass,
// start or end a share (with a content note), check in (mood and word, or
// pass), step out or back in, leave. The form has member_id (the guest's
// id in the session), op, and the op's fields. Everyone in the circle sees
// it happen; a refusal comes back as JSON to the script with the words to
// show, or without the script the form returns to the in-person page.
func (s *Server) circleGuestAct(w http.ResponseWriter, r *http.Request) {
	c, ok := s.circleFor(w, r, accessFacilitator)
	if !ok {
		return
	}
	mood, _ := strconv.Atoi(r.PostFormValue("mood"))
	in := circle.Intent{
		Op:          circle.Op(r.PostFormValue("op")),
		Mood:        mood,
		Word:        r.PostFormValue("word"),
		Pass:        r.PostFormValue("pass") == "true",
		ContentNote: r.PostFormValue("content_note"),
	}
	err := circleLiveError(s.live.ActAsGuest(c.Session.ID, r.PostFormValue("member_id"), in))
	switch {
	case err != nil && wantsJSON(r):
		s.apiError(w, r, err)
	case err != nil:
		s.circleInPersonRetry(w, r, c, "inperson-people", err, nil)
	case wantsJSON(r):
		w.WriteHeader(http.StatusNoContent)
	default:
		seeOther(w, r, s.sessionItem(c.Group, c.Session, "").URL+"/in-person")
	}
}
