package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"holdspace/internal/crisis"
	"holdspace/internal/holdspace"
	"holdspace/internal/live"
	"holdspace/internal/sqlstore"
)

// circleView is the view model of the circle pages: the circle a member
// joins in the browser and the in-person circle on a facilitator's tablet.
// The page is the frame; static/circle.js fills it from the live socket.
type circleView struct {
	Group       holdspace.Group
	Item        sessionItem // when, and the session page's address
	SessionID   int64
	Status      string // as stored: scheduled, live, ended or cancelled
	Running     bool   // the live circle runs now
	Facilitator bool
	InPerson    bool
	YourName    string // the viewer's name in the group
	Help        circleHelp
	// In-person only: the people in the room the facilitator added, as
	// JSON for the script, and the count of people in the room recorded
	// when the session ended.
	GuestsJSON string
	InRoom     int
	Recorded   int
}

// CircleURL and InPersonURL are the two circle pages' addresses.
func (v circleView) CircleURL() string   { return v.Item.URL + "/circle" }
func (v circleView) InPersonURL() string { return v.Item.URL + "/in-person" }

// Startable reports whether a facilitator can start (or, after a restart,
// start again) the live circle now.
func (v circleView) Startable() bool {
	return v.Facilitator && !v.Running && (v.Status == sqlstore.SessionScheduled || v.Status == sqlstore.SessionLive)
}

// circleHelp is the compact "Get help now" panel on the circle pages: the
// crisis lines for the region the browser's language suggests.
type circleHelp struct {
	RegionName string
	Emergency  string
	Lines      []crisisLineView
}

// circleFor loads the group session in the path for a circle page. The
// circle is for the group's own approved members, under their names in the
// group (facilitators for the in-person circle): a visitor is asked to sign
// in and anyone else gets 404, as the live socket answers them. A site admin
// who is not a member has no place in it.
func (s *Server) circleFor(w http.ResponseWriter, r *http.Request, need access) (sessionCtx, bool) {
	c, ok := s.sessionFor(w, r, false, need)
	if !ok {
		return c, false
	}
	if !c.Membership.Approved() || (need == accessFacilitator && !c.Membership.Facilitates()) {
		s.notFound(w, r)
		return c, false
	}
	return c, true
}

// circleAgreed sends a member who has not agreed to the current version of
// the group agreement to read it first, as the socket would refuse them.
// It reports whether they have agreed.
func (s *Server) circleAgreed(w http.ResponseWriter, r *http.Request, c sessionCtx) bool {
	agreed, _, err := s.store.HasAcceptedCurrent(r.Context(), c.Group.ID, c.Member.ID)
	if err != nil {
		s.pageError(w, r, err)
		return false
	}
	if !agreed {
		seeOther(w, r, "/groups/"+c.Group.Slug+"/agreement?next="+url.QueryEscape(r.URL.Path))
		return false
	}
	return true
}

// circleView builds a circle page's view model.
func (s *Server) circleView(r *http.Request, c sessionCtx, inPerson bool) (circleView, error) {
	ctx := r.Context()
	v := circleView{Group: c.Group, Item: s.sessionItem(c.Group, c.Session, s.memberZone(r, c.Member)), SessionID: c.Session.ID,
		Status: c.Session.Status, Facilitator: c.Membership.Facilitates(), InPerson: inPerson, YourName: c.Membership.DisplayName}
	v.Running = v.Status == sqlstore.SessionLive && s.live.Running(c.Session.ID)
	var err error
	if v.Help, err = s.circleHelp(r); err != nil {
		return v, err
	}
	if !inPerson {
		return v, nil
	}
	guests := []live.Guest{}
	if v.Running {
		gs, err := s.live.Guests(c.Session.ID)
		if err != nil && !errors.Is(err, live.ErrNotRunning) {
			return v, err
		}
		guests = append(guests, gs...)
	}
	b, _ := json.Marshal(guests)
	v.GuestsJSON = string(b)
	v.InRoom = len(guests) + 1 // and the facilitator
	if v.Status == sqlstore.SessionEnded {
		if v.Recorded, err = s.store.InRoomCount(ctx, c.Session.ID); err != nil {
			return v, err
		}
	}
	return v, nil
}

// circleHelp finds the crisis lines for the region the browser's language
// names. With none, the panel says to call the local emergency number and
// links to the full "Get help now" page, where the visitor picks a country.
func (s *Server) circleHelp(r *http.Request) (circleHelp, error) {
	var h circleHelp
	codes, err := s.store.CrisisRegions(r.Context())
	if err != nil {
		return h, err
	}
	known := make(map[string]bool, len(codes))
	for _, c := range codes {
		known[c] = true
	}
	region := regionFromLanguage(r.Header.Get("Accept-Language"), known)
	if region == "" {
		return h, nil
	}
	lines, err := s.store.CrisisLines(r.Context(), region)
	if err != nil {
		return h, err
	}
	h.RegionName = crisis.RegionName(region)
	for _, l := range lines {
		cv := crisisLineView{CrisisLine: l, Tel: telDigits(l.Phone)}
		cv.ChatLink, cv.ChatNote = l.ChatLink()
		h.Lines = append(h.Lines, cv)
		if h.Emergency == "" {
			h.Emergency = l.EmergencyNumber
		}
	}
	return h, nil
}

// wantsJSON reports whether a form post came from the circle's script,
// which asks for a JSON answer instead of a page.
func wantsJSON(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "application/json")
}

// circleLiveError turns the hub's errors for the in-person circle into
// errors a person can act on.
func circleLiveError(err error) error {
	var refused *live.Refused
	switch {
	case errors.As(err, &refused):
		code := holdspace.EConflict
		if refused.Code == "bad_value" || refused.Code == "too_long" {
			code = holdspace.EInvalid
		}
		return &holdspace.Error{Code: code, Message: refused.Message}
	case errors.Is(err, live.ErrNotRunning):
		return holdspace.Errorf(holdspace.EConflict, "The group session is not running. Start it first")
	case errors.Is(err, live.ErrNotGuest):
		return holdspace.Errorf(holdspace.ENotFound, "That person is not in the circle any more")
	}
	return err
}
