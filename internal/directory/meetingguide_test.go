package directory

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"holdspace/internal/holdspace"
	"holdspace/internal/meetingguide"
)

// feedNow is a Sunday, 22 November 2026, midday UTC.
var feedNow = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

const pageURL = "https://groups.example.org/groups/"

// feedGroup returns a valid in-person group to vary, checked by Apply.
func feedGroup(t *testing.T, edit func(*Input)) holdspace.Group {
	t.Helper()
	in := Input{
		Name: sp("Tuesday Hope"), Description: sp("A sharing circle."), Category: sp("mental_health"),
		Audience: sp("lived_experience"), Format: sp("sharing_circle"), Attendance: sp("in_person"),
		Access: sp("open"), Cost: sp("free"), Languages: &[]string{"en"}, Accessibility: &[]string{},
		Venue:     &VenueInput{Type: "community_center", Address: "1 Mare Street", City: "London", Country: "GB", Lat: fp(51.545012345), Lng: fp(-0.055312345)},
		OnlineURL: sp(""), Timezone: sp("Europe/London"),
		Schedule: &ScheduleInput{RRule: "FREQ=WEEKLY;BYDAY=TU", StartTime: "19:00", DurationMinutes: 90, StartsOn: "2026-09-01"},
	}
	if edit != nil {
		edit(&in)
	}
	g, errs := Apply(holdspace.Group{Slug: "tuesday-hope"}, in)
	if len(errs) > 0 {
		t.Fatalf("Apply: %v", errs)
	}
	g.ID = 7
	g.CreatedBy = 3
	g.UpdatedAt = time.Date(2026, 10, 1, 9, 30, 15, 500, time.UTC)
	return g
}

// feedMeeting publishes g and checks the meeting is one Write accepts.
func feedMeeting(t *testing.T, g holdspace.Group, ex []holdspace.GroupException) meetingguide.Meeting {
	t.Helper()
	m, err := FeedMeeting(g, ex, pageURL+g.Slug, feedNow)
	if err != nil {
		t.Fatalf("FeedMeeting: %v", err)
	}
	if ps := meetingguide.Validate(m); len(ps) > 0 {
		t.Fatalf("meeting does not validate: %v", ps)
	}
	return m
}

func TestFeedMeetingInPerson(t *testing.T) {
	g := feedGroup(t, nil)
	got := feedMeeting(t, g, nil)
	no := false
	want := meetingguide.Meeting{
		Name: "Tuesday Hope", Slug: "tuesday-hope", Day: []int{2}, Time: "19:00", EndTime: "20:30",
		Timezone: "Europe/London", Types: []string{"O", "EN"}, Notes: "A sharing circle.",
		Address: "1 Mare Street", City: "London", Country: "GB",
		Latitude: fp(51.54501), Longitude: fp(-0.05531), Approximate: &no,
		URL: pageURL + "tuesday-hope", Updated: time.Date(2026, 10, 1, 9, 30, 15, 0, time.UTC),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("meeting (-want +got):\n%s", diff)
	}
}

// TestFeedMeetingPrivacy: the public never sees a private home's street
// address or position, nor any online room link, in the feed.
func TestFeedMeetingPrivacy(t *testing.T) {
	const room = "https://video.example.org/secret-room"
	for _, tc := range []struct {
		name       string
		edit       func(*Input)
		online     bool
		approx     bool
		wantLat    *float64
		wantStreet string
	}{
		{"private home", func(in *Input) {
			in.Venue = &VenueInput{Type: "private_home", Address: "14 Rosemount Avenue", City: "Leeds", Country: "GB", Lat: fp(53.8180), Lng: fp(-1.5540)}
		}, false, true, fp(53.82), ""},
		{"private home, hybrid", func(in *Input) {
			in.Attendance = sp("hybrid")
			in.OnlineURL = sp(room)
			in.Venue = &VenueInput{Type: "private_home", Address: "14 Rosemount Avenue", City: "Leeds", Country: "GB", Lat: fp(53.8180), Lng: fp(-1.5540)}
		}, true, true, fp(53.82), ""},
		{"community center, hybrid", func(in *Input) {
			in.Attendance = sp("hybrid")
			in.OnlineURL = sp(room)
		}, true, false, fp(51.54501), "1 Mare Street"},
		{"online", func(in *Input) {
			in.Attendance = sp("online")
			in.OnlineURL = sp(room)
			in.Venue = &VenueInput{Type: "online", City: "Adelaide", Country: "AU"}
		}, true, true, nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := feedGroup(t, tc.edit)
			m := feedMeeting(t, g, nil)
			var buf bytes.Buffer
			if err := meetingguide.Write(&buf, []meetingguide.Meeting{m}); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			for _, secret := range []string{room, "secret-room", "14 Rosemount", "53.818", "-1.554"} {
				if strings.Contains(out, secret) {
					t.Errorf("feed shows %q: %s", secret, out)
				}
			}
			if m.Address != tc.wantStreet {
				t.Errorf("address: got %q, want %q", m.Address, tc.wantStreet)
			}
			if m.Approximate == nil || *m.Approximate != tc.approx {
				t.Errorf("approximate: got %v, want %v", m.Approximate, tc.approx)
			}
			if diff := cmp.Diff(tc.wantLat, m.Latitude); diff != "" {
				t.Errorf("latitude (-want +got):\n%s", diff)
			}
			if tc.online {
				if m.ConferenceURL != pageURL+g.Slug || m.ConferenceURL != m.URL || !strings.Contains(m.ConferenceURLNotes, "members find the link") {
					t.Errorf("online group: conference_url %q, notes %q; want the group page and a note", m.ConferenceURL, m.ConferenceURLNotes)
				}
				if m.Attendance() == meetingguide.Inactive || !m.IsOnline() {
					t.Errorf("online group reads as %q to a meeting finder", m.Attendance())
				}
			} else if m.ConferenceURL != "" || m.ConferencePhone != "" {
				t.Errorf("in-person group has conference fields: %q %q", m.ConferenceURL, m.ConferencePhone)
			}
			if g.Venue.Type == "private_home" && !strings.Contains(m.Notes, "private home") {
				t.Errorf("private home: notes %q do not say how to get the address", m.Notes)
			}
		})
	}
}

func TestFeedMeetingSchedules(t *testing.T) {
	londonAt := func(y int, mo time.Month, d, h, min int) time.Time {
		loc, _ := time.LoadLocation("Europe/London")
		return time.Date(y, mo, d, h, min, 0, 0, loc)
	}
	for _, tc := range []struct {
		name      string
		sched     ScheduleInput
		ex        []holdspace.GroupException
		day       []int
		start     string
		end       string
		notes     []string // each must be in Notes
		wantNoNew bool     // notes are only the description
	}{
		{"weekly", ScheduleInput{"FREQ=WEEKLY;BYDAY=TU", "19:00", 90, "2026-09-01"}, nil, []int{2}, "19:00", "20:30", nil, true},
		{"several days", ScheduleInput{"FREQ=WEEKLY;BYDAY=TH,MO", "07:15", 45, "2026-09-01"}, nil, []int{1, 4}, "07:15", "08:00", nil, true},
		{"past midnight", ScheduleInput{"FREQ=WEEKLY;BYDAY=SA", "23:30", 90, "2026-09-01"}, nil, []int{6}, "23:30", "01:00", nil, true},
		{"2nd Tuesday", ScheduleInput{"FREQ=MONTHLY;BYDAY=2TU", "10:30", 90, "2026-09-01"}, nil, []int{2}, "10:30", "12:00",
			[]string{"Meets on the 2nd Tuesday of each month at 10:30, not every week; next on Tuesday 8 December 2026."}, false},
		{"2nd Tuesday, next one cancelled", ScheduleInput{"FREQ=MONTHLY;BYDAY=2TU", "10:30", 90, "2026-09-01"},
			[]holdspace.GroupException{{OriginalDate: "2026-12-08", Cancelled: true}}, []int{2}, "10:30", "12:00",
			[]string{"next on Tuesday 12 January 2027"}, false},
		{"2nd Tuesday, next one moved", ScheduleInput{"FREQ=MONTHLY;BYDAY=2TU", "10:30", 90, "2026-09-01"},
			[]holdspace.GroupException{{OriginalDate: "2026-12-08", MovedTo: londonAt(2026, 12, 10, 11, 0)}}, []int{4}, "11:00", "12:30",
			[]string{"next on Thursday 10 December 2026"}, false},
		{"15th of the month", ScheduleInput{"FREQ=MONTHLY;BYMONTHDAY=15", "18:00", 60, "2026-09-01"}, nil, []int{2}, "18:00", "19:00",
			[]string{"Meets on day 15 of each month at 18:00, not every week; next on Tuesday 15 December 2026."}, false},
		{"every other week", ScheduleInput{"FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", "18:30", 75, "2026-09-02"}, nil, []int{3}, "18:30", "19:45",
			[]string{"Meets every other Wednesday at 18:30, not every week; next on Wednesday 25 November 2026."}, false},
		{"weekly until December", ScheduleInput{"FREQ=WEEKLY;BYDAY=TU;UNTIL=20261215", "19:00", 60, "2026-09-01"}, nil, []int{2}, "19:00", "20:00",
			[]string{"Meets every Tuesday at 19:00, until 15 December 2026."}, false},
		{"weekly from January", ScheduleInput{"FREQ=WEEKLY;BYDAY=TU", "19:00", 60, "2027-01-05"}, nil, []int{2}, "19:00", "20:00",
			[]string{"First session on Tuesday 5 January 2027."}, false},
		{"weekly from this Tuesday", ScheduleInput{"FREQ=WEEKLY;BYDAY=TU", "19:00", 60, "2026-11-24"}, nil, []int{2}, "19:00", "20:00", nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := feedGroup(t, func(in *Input) { s := tc.sched; in.Schedule = &s })
			m := feedMeeting(t, g, tc.ex)
			if diff := cmp.Diff(tc.day, m.Day); diff != "" {
				t.Errorf("day (-want +got):\n%s", diff)
			}
			if m.Time != tc.start || m.EndTime != tc.end {
				t.Errorf("time: got %s-%s, want %s-%s", m.Time, m.EndTime, tc.start, tc.end)
			}
			for _, n := range tc.notes {
				if !strings.Contains(m.Notes, n) {
					t.Errorf("notes %q do not contain %q", m.Notes, n)
				}
			}
			if tc.wantNoNew && m.Notes != g.Description {
				t.Errorf("notes: got %q, want only the description", m.Notes)
			}
			if !strings.HasSuffix(m.Notes, g.Description) {
				t.Errorf("notes %q lost the description", m.Notes)
			}
		})
	}

	g := feedGroup(t, func(in *Input) {
		in.Schedule = &ScheduleInput{"FREQ=WEEKLY;BYDAY=TU;UNTIL=20261001", "19:00", 60, "2026-09-01"}
	})
	if _, err := FeedMeeting(g, nil, pageURL, feedNow); !errors.Is(err, ErrNoUpcomingSessions) {
		t.Errorf("ended schedule: got %v, want ErrNoUpcomingSessions", err)
	}
	if MeetsEveryWeek(g) != true {
		t.Errorf("MeetsEveryWeek(weekly until October) = false")
	}
	if MeetsEveryWeek(feedGroup(t, func(in *Input) { in.Schedule.RRule = "FREQ=MONTHLY;BYDAY=2TU" })) {
		t.Errorf("MeetsEveryWeek(2nd Tuesday) = true")
	}
}

func TestFeedTypes(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*Input)
		want []string
	}{
		{"open, English", nil, []string{"O", "EN"}},
		{"closed", func(in *Input) { in.Access = sp("closed") }, []string{"C", "EN"}},
		{"open discussion allows cross-talk", func(in *Input) { in.Format = sp("open_discussion") }, []string{"O", "D", "XT", "EN"}},
		{"12-step is not discussion", func(in *Input) { in.Format = sp("twelve_step") }, []string{"O", "EN"}},
		{"accessibility", func(in *Input) {
			in.Accessibility = &[]string{"captions", "sign_language", "wheelchair", "large_print", "phone_dial_in"}
		}, []string{"O", "ASL", "X", "EN"}},
		{"languages", func(in *Input) {
			in.Languages = &[]string{"es-MX", "pt-BR", "fr", "de", "it", "ja", "ko", "ru", "uk", "pl"}
		}, []string{"O", "S", "POR", "FR", "DE", "ITA", "JA", "KOR", "RUS", "UK", "POL"}},
		{"more languages", func(in *Input) {
			in.Languages = &[]string{"ar", "he", "hi", "fa", "tl", "nl", "sv", "nb", "zh"}
		}, []string{"O", "AR", "HE", "HI", "FA", "TL", "NL", "SV", "NO"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := feedMeeting(t, feedGroup(t, tc.edit), nil).Types
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("types (-want +got):\n%s", diff)
			}
			for _, code := range got {
				if !meetingguide.IsKnownType(code) {
					t.Errorf("type %q is not an official code", code)
				}
			}
		})
	}
}

func TestLanguageCodes(t *testing.T) {
	for _, lc := range languageCodes {
		if !meetingguide.IsLanguageType(lc.code) {
			t.Errorf("%s is not a Meeting Guide language code", lc.code)
		}
		tag, ok := languageTagOf(lc.code)
		if !ok || tag != lc.tag {
			t.Errorf("languageTagOf(%s) = %q, %v", lc.code, tag, ok)
		}
		// The tag is stored as Apply normalises it, and maps back.
		g := feedGroup(t, func(in *Input) { in.Languages = &[]string{lc.tag} })
		if g.Languages[0] != lc.tag {
			t.Errorf("Apply stores %q as %q; the table should use the stored form", lc.tag, g.Languages[0])
		}
		if code, ok := languageCodeOf(g.Languages[0]); !ok || code != lc.code {
			t.Errorf("languageCodeOf(%q) = %q, %v; want %s", g.Languages[0], code, ok, lc.code)
		}
	}
}

func TestSplitAddress(t *testing.T) {
	for _, tc := range []struct {
		in                            string
		street, city, region, country string
	}{
		{"5881 Old Bascomb Rd, Acworth, GA 30102, USA", "5881 Old Bascomb Rd", "Acworth", "GA", "USA"},
		{"100 Main St, Tupelo, MS", "100 Main St", "Tupelo", "MS", ""},
		{"Anytown, OK 12345, USA", "", "Anytown", "OK", "USA"},
		{"Suite 2, 1 King St W, Toronto, ON M5H 1A1, Canada", "Suite 2, 1 King St W", "Toronto", "ON", "Canada"},
		{"10 Downing St, London SW1A 2AA, UK", "10 Downing St", "London SW1A 2AA", "", "UK"},
		{"123 Main St", "123 Main St", "", "", ""},
		{"Online", "Online", "", "", ""},
	} {
		s, c, r, k := splitAddress(tc.in)
		if s != tc.street || c != tc.city || r != tc.region || k != tc.country {
			t.Errorf("splitAddress(%q) = %q, %q, %q, %q; want %q, %q, %q, %q", tc.in, s, c, r, k, tc.street, tc.city, tc.region, tc.country)
		}
	}
}

var importOpts = ImportOptions{Category: "addiction_recovery", Format: "twelve_step", Timezone: "America/Chicago",
	Today: time.Date(2026, 11, 22, 3, 0, 0, 0, time.UTC)} // still the 21st in Chicago

func TestImportMeeting(t *testing.T) {
	lat, lng := 44.4759824, -77.3114402
	yes, no := true, false
	base := meetingguide.Meeting{Name: "Tweed Group", Slug: "8", Day: []int{2}, Time: "19:30",
		Location: "St Andrews Church", Address: "55 Victoria St N", City: "Tweed", Country: "CA",
		Latitude: &lat, Longitude: &lng, Types: []string{"C"}}
	baseInput := Input{
		Name: sp("Tweed Group"), Description: sp(""), Category: sp("addiction_recovery"), Audience: sp("lived_experience"),
		Format: sp("twelve_step"), Attendance: sp("in_person"), Access: sp("closed"), Cost: sp("free"),
		Languages: &[]string{"en"}, Accessibility: &[]string{},
		Venue:     &VenueInput{Type: "community_center", Address: "St Andrews Church, 55 Victoria St N", City: "Tweed", Country: "CA", Lat: &lat, Lng: &lng},
		OnlineURL: sp(""), Timezone: sp("America/Chicago"),
		Schedule: &ScheduleInput{RRule: "FREQ=WEEKLY;BYDAY=TU", StartTime: "19:30", DurationMinutes: 60, StartsOn: "2026-11-21"},
	}
	for _, tc := range []struct {
		name     string
		edit     func(*meetingguide.Meeting)
		want     func(*Input) // applied to baseInput
		slug     string       // "" means the meeting's slug
		skip     string       // SkipError.Field
		notes    []string     // each in some note
		notKept  []string
		applyErr bool
	}{
		{name: "in person with coordinates", notKept: nil},
		{name: "types", edit: func(m *meetingguide.Meeting) {
			m.Types = []string{"O", "X", "ASL", "S", "FR", "D", "W", "DB"}
		}, want: func(in *Input) {
			in.Access, in.Cost = sp("open"), sp("donation")
			in.Languages, in.Accessibility = &[]string{"es", "fr"}, &[]string{"wheelchair", "sign_language"}
		}, notKept: []string{"type D", "type W"}},
		{name: "open and closed", edit: func(m *meetingguide.Meeting) { m.Types = []string{"O", "C"} },
			want: func(in *Input) { in.Access = sp("open") }, notes: []string{"both open (O) and closed (C)"}},
		{name: "7th Tradition", edit: func(m *meetingguide.Meeting) { m.Venmo = "@tweed" },
			want: func(in *Input) { in.Cost = sp("donation") }, notKept: []string{"7th Tradition handles (the group is marked donation)"}},
		{name: "several days and an end time", edit: func(m *meetingguide.Meeting) {
			m.Day, m.Time, m.EndTime = []int{0, 3, 6}, "23:00", "00:30"
		}, want: func(in *Input) {
			in.Schedule.RRule, in.Schedule.StartTime, in.Schedule.DurationMinutes = "FREQ=WEEKLY;BYDAY=SU,WE,SA", "23:00", 90
		}},
		{name: "the meeting's own zone", edit: func(m *meetingguide.Meeting) { m.Timezone = "America/Toronto" },
			want: func(in *Input) { in.Timezone, in.Schedule.StartsOn = sp("America/Toronto"), "2026-11-21" }},
		{name: "zone east of UTC starts on its own date", edit: func(m *meetingguide.Meeting) { m.Timezone = "Europe/Paris" },
			want: func(in *Input) { in.Timezone, in.Schedule.StartsOn = sp("Europe/Paris"), "2026-11-22" }},
		{name: "notes", edit: func(m *meetingguide.Meeting) { m.Notes, m.LocationNotes = " Rear door. ", "Parking behind." },
			want: func(in *Input) { in.Description = sp("Rear door.\n\nParking behind.") }},
		{name: "one-line address", edit: func(m *meetingguide.Meeting) {
			m.Address, m.City, m.Country, m.Latitude, m.Longitude = "", "", "", nil, nil
			m.Location, m.FormattedAddress = "H.O.W. Place", "5881 Old Bascomb Rd, Acworth, GA 30102, USA"
		}, want: func(in *Input) {
			in.Venue = &VenueInput{Type: "community_center", Address: "H.O.W. Place, 5881 Old Bascomb Rd", City: "Acworth", Region: "GA", Country: "US"}
		}},
		{name: "street address without a country", edit: func(m *meetingguide.Meeting) {
			m.Address, m.City, m.Country, m.Location, m.Latitude, m.Longitude = "100 Main St, Tupelo, MS", "", "", "", nil, nil
		}, want: func(in *Input) {
			in.Venue = &VenueInput{Type: "community_center", Address: "100 Main St", City: "Tupelo", Region: "MS"}
		}},
		{name: "country by name", edit: func(m *meetingguide.Meeting) { m.Country = "Canada" }},
		{name: "unknown country", edit: func(m *meetingguide.Meeting) { m.Country = "Narnia" },
			want: func(in *Input) { in.Venue.Country = "" }, notes: []string{`country "Narnia"`}},
		{name: "hybrid", edit: func(m *meetingguide.Meeting) { m.ConferenceURL = "https://zoom.us/j/1" },
			want: func(in *Input) { in.Attendance, in.OnlineURL = sp("hybrid"), sp("https://zoom.us/j/1") }},
		{name: "online with an approximate place", edit: func(m *meetingguide.Meeting) {
			m.ConferenceURL, m.ConferencePhone, m.Approximate = "https://zoom.us/j/1", "+1 555 0100", &yes
		}, want: func(in *Input) {
			in.Attendance, in.OnlineURL = sp("online"), sp("https://zoom.us/j/1")
			in.Venue = &VenueInput{Type: "online", City: "Tweed", Country: "CA"}
			in.Accessibility = &[]string{"phone_dial_in"}
		}, notKept: []string{"conference_phone"}},
		{name: "temporarily closed but online", edit: func(m *meetingguide.Meeting) {
			m.Types, m.ConferenceURL = []string{"C", "TC"}, "https://zoom.us/j/1"
		}, want: func(in *Input) {
			in.Attendance, in.OnlineURL = sp("online"), sp("https://zoom.us/j/1")
			in.Venue = &VenueInput{Type: "online", City: "Tweed", Country: "CA"}
		}},
		{name: "phone and a street address", edit: func(m *meetingguide.Meeting) { m.ConferencePhone = "+1 555 0100" },
			want:    func(in *Input) { in.Accessibility = &[]string{"phone_dial_in"} },
			notes:   []string{"conference phone but no conference URL"},
			notKept: []string{"conference_phone"}},
		{name: "explicitly precise", edit: func(m *meetingguide.Meeting) { m.Latitude, m.Longitude, m.Approximate = nil, nil, &no },
			want: func(in *Input) { in.Venue.Lat, in.Venue.Lng = nil, nil }},
		{name: "reserved slug", edit: func(m *meetingguide.Meeting) { m.Slug = "New" }, slug: "new-meeting",
			notes: []string{`slug "New" becomes "new-meeting"`}},
		{name: "slug made safe", edit: func(m *meetingguide.Meeting) { m.Slug = "Sunday_Serenity 14" }, slug: "sunday-serenity-14"},
		{name: "long name", edit: func(m *meetingguide.Meeting) { m.Name = strings.Repeat("n", 120) },
			want: func(in *Input) { in.Name = sp(strings.Repeat("n", 99) + "…") }, notes: []string{"name is 120 characters; cut to 100"}},
		{name: "contacts are never imported", edit: func(m *meetingguide.Meeting) {
			m.Contacts = []meetingguide.Contact{{Name: "John D", Email: "johnd@example.com"}}
		}, notKept: []string{"contacts (never imported: no names, emails or phone numbers of people)"}},

		{name: "by appointment", edit: func(m *meetingguide.Meeting) { m.Day, m.Time = nil, "" }, skip: "day"},
		{name: "no time zone", edit: func(m *meetingguide.Meeting) { m.Timezone = "" }, skip: "timezone"},
		{name: "unknown time zone", edit: func(m *meetingguide.Meeting) { m.Timezone = "Mars/Olympus_Mons" }, skip: "timezone"},
		{name: "temporarily closed", edit: func(m *meetingguide.Meeting) { m.Types = []string{"TC"} }, skip: "types"},
		{name: "ONL without a room", edit: func(m *meetingguide.Meeting) {
			m.Types, m.Address, m.Latitude, m.Longitude = []string{"ONL"}, "Online", nil, nil
		}, skip: "conference_url"},
		{name: "phone only", edit: func(m *meetingguide.Meeting) {
			m.ConferencePhone, m.Approximate = "+1 555 0100", &yes
		}, skip: "conference_url"},
		{name: "only a city", edit: func(m *meetingguide.Meeting) {
			m.Address, m.Location, m.Latitude, m.Longitude = "", "", nil, nil
		}, skip: "address"},
		{name: "nowhere at all", edit: func(m *meetingguide.Meeting) {
			m.Address, m.City, m.Country, m.Location, m.Latitude, m.Longitude = "", "", "", "", nil, nil
		}, skip: "address"},
		{name: "no town", edit: func(m *meetingguide.Meeting) { m.City = "" }, skip: "city"},
		{name: "Apply still checks", edit: func(m *meetingguide.Meeting) { m.Address = strings.Repeat("a", 300) }, applyErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := base
			m.Types = append([]string(nil), base.Types...)
			if tc.edit != nil {
				tc.edit(&m)
			}
			if opts := importOpts; tc.skip == "timezone" {
				opts.Timezone = ""
				_, err := ImportMeeting(m, opts)
				var se *SkipError
				if !errors.As(err, &se) || se.Field != "timezone" {
					t.Errorf("got %v, want a timezone skip", err)
				}
				return
			}
			got, err := ImportMeeting(m, importOpts)
			if tc.skip != "" {
				var se *SkipError
				if !errors.As(err, &se) || se.Field != tc.skip || se.Reason == "" {
					t.Fatalf("got %v, want a skip about %s", err, tc.skip)
				}
				return
			}
			if err != nil {
				t.Fatalf("ImportMeeting: %v", err)
			}
			want := baseInput
			v, s := *want.Venue, *want.Schedule
			want.Venue, want.Schedule = &v, &s
			if tc.want != nil {
				tc.want(&want)
			}
			if tc.applyErr {
				if _, errs := Apply(holdspace.Group{}, got.Input); len(errs) == 0 {
					t.Errorf("Apply accepted %+v", got.Input.Venue)
				}
				return
			}
			if diff := cmp.Diff(want, got.Input); diff != "" {
				t.Errorf("input (-want +got):\n%s", diff)
			}
			wantSlug := tc.slug
			if wantSlug == "" {
				wantSlug = m.Slug
			}
			if got.Slug != wantSlug {
				t.Errorf("slug: got %q, want %q", got.Slug, wantSlug)
			}
			for _, n := range tc.notes {
				if !strings.Contains(strings.Join(got.Notes, "\n"), n) {
					t.Errorf("notes %q do not mention %q", got.Notes, n)
				}
			}
			if diff := cmp.Diff(tc.notKept, got.NotKept); diff != "" {
				t.Errorf("not kept (-want +got):\n%s", diff)
			}
			if _, errs := Apply(holdspace.Group{Slug: got.Slug}, got.Input); len(errs) > 0 {
				t.Errorf("Apply refuses the import: %v", errs)
			}
		})
	}
}

// TestImportThenPublish: a meeting imported and published again keeps what
// Holdspace models, and importing the published meeting changes nothing.
func TestImportThenPublish(t *testing.T) {
	lat, lng := 34.0993033, -84.579446
	src := meetingguide.Meeting{Name: "Early Sunday Morning", Slug: "early-sunday-morning", Day: []int{0, 3}, Time: "09:00", EndTime: "10:15",
		Types: []string{"C", "D", "X", "S"}, Location: "H.O.W. Place", FormattedAddress: "5881 Old Bascomb Rd, Acworth, GA 30102, USA",
		Latitude: &lat, Longitude: &lng, ConferenceURL: "https://zoom.us/j/5", Notes: "Dr. Bob Room"}
	im, err := ImportMeeting(src, importOpts)
	if err != nil {
		t.Fatal(err)
	}
	g, errs := Apply(holdspace.Group{Slug: im.Slug}, im.Input)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	g.UpdatedAt = feedNow
	out := feedMeeting(t, g, nil)
	if out.Slug != src.Slug || out.Name != src.Name || out.Time != src.Time || out.EndTime != src.EndTime || out.Timezone != "America/Chicago" {
		t.Errorf("got %+v", out)
	}
	if diff := cmp.Diff(src.Day, out.Day); diff != "" {
		t.Errorf("day (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"C", "X", "S"}, out.Types); diff != "" {
		t.Errorf("types (-want +got):\n%s", diff)
	}
	if *out.Latitude != 34.0993 || *out.Longitude != -84.57945 {
		t.Errorf("coordinates: got %v, %v", *out.Latitude, *out.Longitude)
	}
	if strings.Contains(out.ConferenceURL, "zoom") || !out.IsOnline() || !out.IsInPerson() {
		t.Errorf("hybrid group published as %q with conference_url %q", out.Attendance(), out.ConferenceURL)
	}

	// Our own feed, imported into another Holdspace, is the same group.
	again, err := ImportMeeting(out, importOpts)
	if err != nil {
		t.Fatal(err)
	}
	g2, errs := Apply(holdspace.Group{Slug: again.Slug}, again.Input)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if g2.Schedule != g.Schedule || g2.Access != g.Access || g2.Venue.City != g.Venue.City || g2.Venue.Region != g.Venue.Region {
		t.Errorf("re-import differs: %+v\nwant %+v", g2, g)
	}
}

func TestSameGroup(t *testing.T) {
	a := feedGroup(t, nil)
	b := feedGroup(t, nil)
	b.ID, b.CreatedBy, b.UpdatedAt = 99, 0, time.Time{}
	lat := *a.Venue.Lat
	b.Venue.Lat = &lat
	if !SameGroup(a, b) {
		t.Errorf("SameGroup is false for the same attributes")
	}
	for name, edit := range map[string]func(*holdspace.Group){
		"name":      func(g *holdspace.Group) { g.Name += "!" },
		"languages": func(g *holdspace.Group) { g.Languages = []string{"en", "es"} },
		"latitude":  func(g *holdspace.Group) { v := lat + 1e-9; g.Venue.Lat = &v },
		"no lat":    func(g *holdspace.Group) { g.Venue.Lat = nil },
		"schedule":  func(g *holdspace.Group) { g.Schedule.StartTime = "19:01" },
		"online":    func(g *holdspace.Group) { g.OnlineURL = "https://x.example" },
	} {
		c := b
		c.Languages = append([]string(nil), b.Languages...)
		edit(&c)
		if SameGroup(a, c) {
			t.Errorf("%s: SameGroup is true after a change", name)
		}
	}
}
