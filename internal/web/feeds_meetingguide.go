package web

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"holdspace/internal/directory"
	"holdspace/internal/holdspace"
	"holdspace/internal/meetingguide"
)

// meetingGuideFeed is the public directory in Meeting Guide format, the
// JSON array that meeting finders (TSML UI, the Meeting Guide app) read.
// Each group is published as directory.FeedMeeting describes: only what a
// visitor may see, with the group page standing in for the private online
// room link and a note for schedules that are not weekly.
//
// The feed is built in memory for every group, which is fine for thousands
// of groups; a site with a million would page it (the format has no paging,
// so one file per region) or write it ahead of time. Shared caches may keep
// it five minutes.
func (s *Server) meetingGuideFeed(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	base := s.baseURL(r)
	now := s.now()
	var meetings []meetingguide.Meeting
	err := s.store.EachGroup(ctx, func(g holdspace.Group) error {
		var ex []holdspace.GroupException
		if !directory.MeetsEveryWeek(g) {
			var err error
			if ex, err = s.store.GroupExceptions(ctx, g.ID); err != nil {
				return err
			}
		}
		m, err := directory.FeedMeeting(g, ex, base+"/groups/"+url.PathEscape(g.Slug), now)
		switch {
		case errors.Is(err, directory.ErrNoUpcomingSessions):
			return nil // it no longer meets
		case err != nil:
			// One group's bad data must not take the whole directory
			// down; it is logged for the operator instead.
			s.log.Warn("group left out of the Meeting Guide feed", "group", g.ID, "err", err)
			return nil
		}
		if problems := meetingguide.Validate(m); len(problems) > 0 {
			s.log.Warn("group left out of the Meeting Guide feed", "group", g.ID, "problem", problems[0].String())
			return nil
		}
		meetings = append(meetings, m)
		return nil
	})
	if err != nil {
		s.fail(w, r, fmt.Errorf("meeting guide feed: %w", err))
		return
	}
	var buf bytes.Buffer
	if err := meetingguide.Write(&buf, meetings); err != nil {
		s.fail(w, r, fmt.Errorf("meeting guide feed: %w", err))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "public, max-age=300")
	// Meeting finders such as TSML UI fetch the feed from pages on other
	// sites. It is public and read without cookies, so any site may read it.
	h.Set("Access-Control-Allow-Origin", "*")
	w.Write(buf.Bytes())
}
