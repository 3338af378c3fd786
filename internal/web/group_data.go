package web

import (
	"net/http"
	"time"

	"holdspace/internal/directory"
	"holdspace/internal/holdspace"
	"holdspace/internal/schedule"
)

// groupJSON is a group as the API shows it, already trimmed to what the
// viewer may see (directory.Public).
type groupJSON struct {
	Slug           string                 `json:"slug"`
	Name           string                 `json:"name"`
	Description    string                 `json:"description"`
	Category       string                 `json:"category"`
	Audience       string                 `json:"audience"`
	Format         string                 `json:"format"`
	Attendance     string                 `json:"attendance"`
	Access         string                 `json:"access"`
	Cost           string                 `json:"cost"`
	Languages      []string               `json:"languages"`
	Accessibility  []string               `json:"accessibility"`
	Venue          holdspace.Venue        `json:"venue"`
	OnlineURL      string                 `json:"online_url,omitempty"`
	Timezone       string                 `json:"timezone"`
	Schedule       holdspace.ScheduleSpec `json:"schedule"`
	ScheduleText   string                 `json:"schedule_text"`
	NextOccurrence *string                `json:"next_occurrence"`
	Exceptions     []exceptionJSON        `json:"exceptions,omitempty"`
	DistanceKM     *float64               `json:"distance_km,omitempty"`
	URL            string                 `json:"url"`
	Calendar       string                 `json:"calendar_url"`
}

// exceptionJSON is a cancelled or moved group session.
type exceptionJSON struct {
	Date      string `json:"date"`
	Cancelled bool   `json:"cancelled,omitempty"`
	MovedTo   string `json:"moved_to,omitempty"`
	Reason    string `json:"reason,omitempty"`
}

// viewerOf finds the requester's relation to a group.
func (s *Server) viewerOf(r *http.Request, g holdspace.Group) (directory.Viewer, error) {
	m := currentMember(r)
	if m == nil {
		return directory.Viewer{}, nil
	}
	role, approved, err := s.store.GroupRole(r.Context(), g.ID, m.ID)
	if err != nil {
		return directory.Viewer{}, err
	}
	return directory.Viewer{Member: approved, Organizer: approved && role == holdspace.RoleOrganizer}, nil
}

// groupSchedule builds a group's schedule with its exceptions.
func (s *Server) groupSchedule(r *http.Request, g holdspace.Group) (schedule.Schedule, []holdspace.GroupException, error) {
	ex, err := s.store.GroupExceptions(r.Context(), g.ID)
	if err != nil {
		return schedule.Schedule{}, nil, err
	}
	sch, err := directory.Schedule(g, directory.Exceptions(ex))
	return sch, ex, err
}

// toGroupJSON shows g to viewer v. sch may be the zero Schedule when it
// could not be built; next is then null.
func (s *Server) toGroupJSON(g holdspace.Group, v directory.Viewer, sch schedule.Schedule, ex []holdspace.GroupException) groupJSON {
	g = directory.Public(g, v)
	out := groupJSON{
		Slug: g.Slug, Name: g.Name, Description: g.Description, Category: g.Category, Audience: g.Audience, Format: g.Format,
		Attendance: g.Attendance, Access: g.Access, Cost: g.Cost, Languages: g.Languages, Accessibility: g.Accessibility,
		Venue: g.Venue, OnlineURL: g.OnlineURL, Timezone: g.Timezone, Schedule: g.Schedule,
		URL: "/groups/" + g.Slug, Calendar: "/groups/" + g.Slug + "/calendar.ics",
	}
	if out.Languages == nil {
		out.Languages = []string{}
	}
	if out.Accessibility == nil {
		out.Accessibility = []string{}
	}
	if !sch.IsZero() {
		out.ScheduleText = sch.Describe()
		if o, ok := sch.NextOne(s.now()); ok {
			t := o.Start.Format(time.RFC3339)
			out.NextOccurrence = &t
		}
	}
	for _, e := range ex {
		j := exceptionJSON{Date: e.OriginalDate, Cancelled: e.Cancelled, Reason: e.Reason}
		if !e.MovedTo.IsZero() && sch.Location != nil {
			j.MovedTo = e.MovedTo.In(sch.Location).Format(time.RFC3339)
		}
		out.Exceptions = append(out.Exceptions, j)
	}
	return out
}
