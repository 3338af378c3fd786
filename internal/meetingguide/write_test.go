package meetingguide

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestWrite(t *testing.T) {
	meetings := []Meeting{
		{
			Name: "Sunday Serenity", Slug: "sunday-serenity-14", Day: []int{0}, Time: "18:00", EndTime: "19:30",
			Timezone: "America/Los_Angeles", Types: []string{"O", "onl", "LGBTQ"}, Location: "Alano Club",
			Address: "123 Main Street", City: "Anytown", State: "CA", PostalCode: "98765", Country: "US",
			Latitude: ptr(34.0993033), Longitude: ptr(-84.579446), Approximate: ptr(false),
			Entity: "District 123", EntityWebsiteURL: "https://district123.org",
			Updated: time.Date(2014, 5, 31, 14, 32, 23, 0, time.UTC),
		},
		{Name: "By Appointment & Chat", Slug: "appt", ConferenceURL: "https://zoom.us/j/1", ConferenceURLNotes: "pw 1"},
		{Name: "Weekdays", Slug: "weekdays", Day: []int{5, 1, 3}, Time: "07:00", FormattedAddress: "Chicago, IL, USA",
			Approximate: ptr(true), Contacts: []Contact{{Name: "Ann B"}, {Phone: "555"}}},
	}
	var buf bytes.Buffer
	if err := Write(&buf, meetings); err != nil {
		t.Fatal(err)
	}
	want := `[
{"name":"By Appointment & Chat","slug":"appt","conference_url":"https://zoom.us/j/1","conference_url_notes":"pw 1"},
{"name":"Sunday Serenity","slug":"sunday-serenity-14","day":0,"time":"18:00","end_time":"19:30","timezone":"America/Los_Angeles","types":["O","ONL","LGBTQ"],"location":"Alano Club","address":"123 Main Street","city":"Anytown","state":"CA","postal_code":"98765","country":"US","latitude":34.0993033,"longitude":-84.579446,"approximate":"no","entity":"District 123","entity_url":"https://district123.org","entity_website_url":"https://district123.org","updated":"2014-05-31 14:32:23"},
{"name":"Weekdays","slug":"weekdays","day":[1,3,5],"time":"07:00","formatted_address":"Chicago, IL, USA","approximate":"yes","contact_1_name":"Ann B","contact_2_phone":"555"}
]
`
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("output (-want +got):\n%s", diff)
	}
	if meetings[2].Day[0] != 5 {
		t.Errorf("Write reordered the caller's days: %v", meetings[2].Day)
	}
}

func TestWriteEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, nil); err != nil {
		t.Fatal(err)
	}
	if got, want := buf.String(), "[\n]\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	feed, err := Parse(&buf)
	if err != nil || len(feed.Meetings) != 0 {
		t.Errorf("Parse of an empty feed: %v, %d meetings", err, len(feed.Meetings))
	}
}

func TestWriteRefuses(t *testing.T) {
	meetings := []Meeting{
		{Name: "Hope", Slug: "hope"},
		{Name: "Hope Again", Slug: "hope"},
		{Name: "", Slug: "nameless"},
	}
	var buf bytes.Buffer
	err := Write(&buf, meetings)
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("got %v, want a *ValidationError", err)
	}
	want := []string{
		`meeting 2 "Hope Again": slug "hope" is already used by meeting 1`,
		`meeting 3 (slug "nameless"): has no name`,
	}
	if diff := cmp.Diff(want, problemStrings(ve.Problems)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if buf.Len() != 0 {
		t.Errorf("Write wrote %q despite refusing", buf.String())
	}
	if got := err.Error(); !strings.HasPrefix(got, "cannot write the feed: 2 problems; meeting 2") {
		t.Errorf("error text: %s", got)
	}
}

func TestValidate(t *testing.T) {
	ok := Meeting{Name: "Hope", Slug: "hope", Day: []int{1}, Time: "19:00"}
	tests := []struct {
		name   string
		change func(m *Meeting)
		want   []string // messages; nil means valid
	}{
		{"valid", func(m *Meeting) {}, nil},
		{"by appointment", func(m *Meeting) { m.Day, m.Time = nil, "" }, nil},
		{"blank name", func(m *Meeting) { m.Name = "  " }, []string{"has no name"}},
		{"long name", func(m *Meeting) { m.Name = strings.Repeat("é", 256) }, []string{"name is longer than 255 characters"}},
		{"no slug", func(m *Meeting) { m.Slug = "" }, []string{"has no slug"}},
		{"day 7", func(m *Meeting) { m.Day = []int{7} }, []string{"day 7 is not a day of the week (0 = Sunday to 6 = Saturday)"}},
		{"day twice", func(m *Meeting) { m.Day = []int{2, 2} }, []string{"day 2 is listed twice"}},
		{"12-hour time", func(m *Meeting) { m.Time = "7:00 PM" }, []string{`time "7:00 PM" is not "HH:MM" on a 24-hour clock`}},
		{"bad end", func(m *Meeting) { m.EndTime = "24:00" }, []string{`end_time "24:00" is not "HH:MM" on a 24-hour clock`}},
		{"day without time", func(m *Meeting) { m.Time = "" }, []string{"has a day but no time; a weekly meeting needs both"}},
		{"time without day", func(m *Meeting) { m.Day = nil }, []string{"has a time but no day; a weekly meeting needs both"}},
		{"end without start", func(m *Meeting) { m.Day, m.Time, m.EndTime = nil, "", "20:00" },
			[]string{"end_time without a day and time (the meeting is by appointment)"}},
		{"timezone", func(m *Meeting) { m.Timezone = "EST 5" }, []string{`timezone "EST 5" is not a time zone name like "America/New_York"`}},
		{"type with comma", func(m *Meeting) { m.Types = []string{"O,C"} }, []string{`type "O,C" is blank, padded or holds a comma`}},
		{"type twice", func(m *Meeting) { m.Types = []string{"O", "O"} }, []string{`type "O" is listed twice`}},
		{"latitude alone", func(m *Meeting) { m.Latitude = ptr(1.0) }, []string{"latitude and longitude go together; only one is set"}},
		{"NaN", func(m *Meeting) { m.Latitude, m.Longitude = ptr(math.NaN()), ptr(200.0) },
			[]string{"latitude NaN is not between -90 and 90", "longitude 200 is not between -180 and 180"}},
		{"padded region", func(m *Meeting) { m.Regions = []string{" A"} }, []string{`region " A" is blank or padded`}},
		{"two emails in one", func(m *Meeting) { m.FeedbackEmails = []string{"a@b.c,d@e.f"} },
			[]string{`feedback email "a@b.c,d@e.f" is blank, padded or holds a separator`}},
		{"phone notes alone", func(m *Meeting) { m.ConferencePhoneNotes = "id 1" }, []string{"conference_phone_notes without a conference_phone"}},
		{"script link", func(m *Meeting) { m.ConferenceURL = "javascript:alert(1)" },
			[]string{`conference_url "javascript:alert(1)" is not an absolute http or https address`}},
		{"mailto website", func(m *Meeting) { m.Website = "mailto:a@b.c" },
			[]string{`website "mailto:a@b.c" is not an absolute http or https address`}},
		{"mailto feedback", func(m *Meeting) { m.FeedbackURL = "mailto:a@b.c" }, nil},
		{"four contacts", func(m *Meeting) { m.Contacts = make([]Contact, 4) }, []string{"has 4 contacts; the format holds 3"}},
		{"entity missing", func(m *Meeting) { m.EntityPhone = "1" }, []string{"entity fields are given without entity (the service entity's name)"}},
		{"local updated", func(m *Meeting) { m.Updated = time.Date(2024, 1, 1, 0, 0, 0, 0, time.FixedZone("X", 3600)) },
			[]string{"updated 2024-01-01 00:00:00 +0100 X is not a UTC time to the second between the years 1 and 9999"}},
		{"attendance", func(m *Meeting) { m.AttendanceOption = "sometimes" },
			[]string{`attendance_option "sometimes" is not in_person, online, hybrid or inactive`}},
		{"invalid UTF-8", func(m *Meeting) { m.Notes = "\xff" }, []string{"notes is not valid UTF-8 text"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := ok
			m.Day = append([]int(nil), ok.Day...)
			tt.change(&m)
			var got []string
			for _, p := range Validate(m) {
				got = append(got, p.Message)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
