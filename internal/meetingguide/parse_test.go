package meetingguide

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// parseOne parses a feed holding one meeting whose fields are fields (a JSON
// object body without braces) and returns the meeting, if kept, and the
// problem messages.
func parseOne(t *testing.T, fields string) (m Meeting, kept bool, problems []string) {
	t.Helper()
	feed, err := Parse(strings.NewReader("[{" + fields + "}]"))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	for _, p := range feed.Problems {
		problems = append(problems, p.Message)
	}
	if len(feed.Meetings) == 1 {
		return feed.Meetings[0], true, problems
	}
	return Meeting{}, false, problems
}

const base = `"name":"Hope","slug":"hope"`

func TestParseDay(t *testing.T) {
	tests := []struct {
		name, fields string
		want         []int // nil: by appointment
		skipped      bool
		problems     []string
	}{
		{"integer", `"day":0,"time":"19:00"`, []int{0}, false, nil},
		{"string", `"day":"1","time":"19:00"`, []int{1}, false, nil},
		{"one-element array", `"day":[1],"time":"19:00"`, []int{1}, false, nil},
		{"mixed array", `"day":["5",3,"Monday"],"time":"19:00"`, []int{1, 3, 5}, false, nil},
		{"repeats", `"day":[3,3],"time":"19:00"`, []int{3}, false, nil},
		{"comma string", `"day":"Monday, Wednesday","time":"19:00"`, []int{1, 3}, false, nil},
		{"abbreviation", `"day":"tues","time":"19:00"`, []int{2}, false, nil},
		{"Spanish name", `"day":"sábado","time":"19:00"`, []int{6}, false, nil},
		{"float", `"day":1.0,"time":"19:00"`, []int{1}, false, nil},
		{"PHP object list", `"day":{"1":4,"0":2},"time":"19:00"`, []int{2, 4}, false, nil},
		{"absent", ``, nil, false, nil},
		{"null", `"day":null,"time":null`, nil, false, nil},
		{"empty string", `"day":"","time":""`, nil, false, nil},
		{"empty array", `"day":[]`, nil, false, nil},
		{"misspelt", `"day":"Tusday","time":"19:00"`, nil, true,
			[]string{`day "Tusday" is not a day of the week (0 = Sunday to 6 = Saturday); meeting left out`}},
		{"seven", `"day":"7","time":"19:00"`, nil, true,
			[]string{`day "7" is not a day of the week (0 = Sunday to 6 = Saturday); meeting left out`}},
		{"one bad of two", `"day":[1,9],"time":"19:00"`, []int{1}, false,
			[]string{`day 9 is not a day of the week (0 = Sunday to 6 = Saturday); left out`}},
		{"boolean", `"day":true,"time":"19:00"`, nil, true,
			[]string{`day true is not a day of the week (0 = Sunday to 6 = Saturday); meeting left out`}},
		{"nested list", `"day":[[1]],"time":"19:00"`, nil, true,
			[]string{`day a list is not a day of the week (0 = Sunday to 6 = Saturday); meeting left out`}},
		{"day without time", `"day":1`, nil, true,
			[]string{`has a day but no time; a weekly meeting needs both; meeting left out`}},
		{"time without day", `"time":"19:00"`, nil, true,
			[]string{`has a time but no day; a weekly meeting needs both; meeting left out`}},
		{"end time alone", `"end_time":"20:00"`, nil, false,
			[]string{`end_time without a day and time (the meeting is by appointment); left out`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fields := base
			if tt.fields != "" {
				fields += "," + tt.fields
			}
			m, kept, problems := parseOne(t, fields)
			if kept == tt.skipped {
				t.Errorf("kept = %v, want %v", kept, !tt.skipped)
			}
			if diff := cmp.Diff(tt.want, m.Day); diff != "" {
				t.Errorf("day (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.problems, problems); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseTime(t *testing.T) {
	tests := []struct {
		in, want string // want "" means the meeting is left out
	}{
		{`"19:00"`, "19:00"},
		{`"7:00"`, "07:00"},
		{`"7:00 PM"`, "19:00"},
		{`"7:00PM"`, "19:00"},
		{`"7 pm"`, "19:00"},
		{`"7:30 p.m."`, "19:30"},
		{`"6:45 a"`, "06:45"},
		{`"12:00 AM"`, "00:00"},
		{`"12:15 PM"`, "12:15"},
		{`"19:00:00"`, "19:00"},
		{`"1900"`, "19:00"},
		{`"700"`, "07:00"},
		{`1900`, "19:00"},
		{`"19h30"`, "19:30"},
		{`"7.30 pm"`, "19:30"},
		{`"Noon"`, "12:00"},
		{`"midnight"`, "00:00"},
		{`" 09:05 "`, "09:05"},
		{`"25:00"`, ""},
		{`"24:00"`, ""},
		{`"7"`, ""},
		{`"13:00 PM"`, ""},
		{`"19:60"`, ""},
		{`"7:0"`, ""},
		{`"soon"`, ""},
		{`["19:00"]`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			m, kept, problems := parseOne(t, base+`,"day":1,"time":`+tt.in)
			if tt.want == "" {
				if kept || len(problems) != 1 || !strings.HasPrefix(problems[0], "time ") {
					t.Errorf("got kept %v (time %q), problems %q; want the meeting left out for its time", kept, m.Time, problems)
				}
				return
			}
			if !kept || m.Time != tt.want || problems != nil {
				t.Errorf("got time %q (kept %v, problems %q), want %q", m.Time, kept, problems, tt.want)
			}
		})
	}
}

func TestParseEndTime(t *testing.T) {
	tests := []struct {
		in, want, problem string
	}{
		{`"20:30"`, "20:30", ""},
		{`"8:30 PM"`, "20:30", ""},
		{`"24:00"`, "00:00", ""}, // midnight, at the end of the day
		{`"nope"`, "", `end_time "nope" is not a time of day like "20:00" or "8:00 PM"; left out`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			m, kept, problems := parseOne(t, base+`,"day":1,"time":"19:00","end_time":`+tt.in)
			if !kept || m.EndTime != tt.want {
				t.Errorf("got end %q (kept %v), want %q", m.EndTime, kept, tt.want)
			}
			var want []string
			if tt.problem != "" {
				want = []string{tt.problem}
			}
			if diff := cmp.Diff(want, problems); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseTypes(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
		problems []string
	}{
		{"array", `["O","C"]`, []string{"O", "C"}, nil},
		{"comma string", `"O, X"`, []string{"O", "X"}, nil},
		{"lowercase codes", `"o,onl,12X12"`, []string{"O", "ONL", "12x12"}, nil},
		{"names", `["Open","Wheelchair Access","Abierta","Step Meeting"]`, []string{"O", "X", "ST"}, nil},
		{"repeats", `["O","O"]`, []string{"O"}, nil},
		{"comma inside an item", `["O,D"]`, []string{"O", "D"}, nil},
		{"numbers", `[11]`, []string{"11"}, nil},
		{"PHP object list", `{"0":"O","2":"D"}`, []string{"O", "D"}, nil},
		{"blanks", `["", null, " "]`, nil, nil},
		{"custom code kept", `["NA","O"]`, []string{"NA", "O"},
			[]string{`type "NA" is not in the Meeting Guide type list; kept as given`}},
		{"object inside", `["O",{"x":1}]`, []string{"O"},
			[]string{`an item of types is an object, not text; left out`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, kept, problems := parseOne(t, base+`,"types":`+tt.in)
			if !kept {
				t.Fatalf("meeting left out: %q", problems)
			}
			if diff := cmp.Diff(tt.want, m.Types); diff != "" {
				t.Errorf("types (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.problems, problems); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

// TestParseFields covers the other messy shapes, one field at a time.
func TestParseFields(t *testing.T) {
	tests := []struct {
		name, fields string
		want         Meeting // compared with Name and Slug filled in
		skipped      bool
		problems     []string
	}{
		{"integer slug", `"name":"Hope","slug":8`, Meeting{Slug: "8"}, false, nil},
		{"padded slug", `"name":" Hope ","slug":" hope "`, Meeting{}, false, nil},
		{"boolean slug", `"name":"Hope","slug":true`, Meeting{}, true,
			[]string{`slug is true or false, not text or a number; meeting left out`}},
		{"no slug", `"name":"Hope"`, Meeting{}, true, []string{`has no slug; meeting left out`}},
		{"blank slug", `"name":"Hope","slug":" "`, Meeting{}, true, []string{`slug is blank; meeting left out`}},
		{"no name", `"slug":"hope"`, Meeting{}, true, []string{`has no name; meeting left out`}},
		{"long name", `"name":"` + strings.Repeat("x", 256) + `","slug":"hope"`, Meeting{}, true,
			[]string{`name is longer than 255 characters; meeting left out`}},
		{"null postcode", base + `,"postal_code":null`, Meeting{}, false, nil},
		{"numeric postcode", base + `,"postal_code":12345`, Meeting{PostalCode: "12345"}, false, nil},
		{"PHP false", base + `,"notes":false`, Meeting{}, false, nil},
		{"list for text", base + `,"notes":["a"]`, Meeting{}, false, []string{`notes is a list, not text; left out`}},
		{"coordinates as strings", base + `,"latitude":"40.7","longitude":" -74.0 "`,
			Meeting{Latitude: ptr(40.7), Longitude: ptr(-74.0)}, false, nil},
		{"latitude out of range", base + `,"latitude":91,"longitude":0`, Meeting{}, false,
			[]string{`latitude 91 is not between -90 and 90; coordinates left out`}},
		{"latitude alone", base + `,"latitude":40`, Meeting{}, false,
			[]string{`longitude is missing while latitude is given; coordinates left out`}},
		{"coordinate not a number", base + `,"latitude":"north","longitude":1`, Meeting{}, false,
			[]string{`latitude "north" is not a number; coordinates left out`}},
		{"empty coordinates", base + `,"latitude":"","longitude":""`, Meeting{}, false, nil},
		{"approximate yes", base + `,"approximate":"yes"`, Meeting{Approximate: ptr(true)}, false, nil},
		{"approximate No", base + `,"approximate":"No"`, Meeting{Approximate: ptr(false)}, false, nil},
		{"approximate boolean", base + `,"approximate":true`, Meeting{Approximate: ptr(true)}, false, nil},
		{"approximate maybe", base + `,"approximate":"maybe"`, Meeting{}, false,
			[]string{`approximate "maybe" is not "yes" or "no"; left out`}},
		{"updated spec", base + `,"updated":"2024-03-08 01:55:57"`,
			Meeting{Updated: time.Date(2024, 3, 8, 1, 55, 57, 0, time.UTC)}, false, nil},
		{"updated RFC 3339 with offset", base + `,"updated":"2024-03-08T03:55:57.25+02:00"`,
			Meeting{Updated: time.Date(2024, 3, 8, 1, 55, 57, 0, time.UTC)}, false, nil},
		{"updated date", base + `,"updated":"2024-03-08"`,
			Meeting{Updated: time.Date(2024, 3, 8, 0, 0, 0, 0, time.UTC)}, false, nil},
		{"updated sheet", base + `,"updated":"3/8/2024"`,
			Meeting{Updated: time.Date(2024, 3, 8, 0, 0, 0, 0, time.UTC)}, false, nil},
		{"updated glued", base + `,"updated":"2020-04-0416:50:58"`,
			Meeting{Updated: time.Date(2020, 4, 4, 16, 50, 58, 0, time.UTC)}, false, nil},
		{"updated nonsense", base + `,"updated":"yesterday"`, Meeting{}, false,
			[]string{`updated "yesterday" is not a date and time like "2024-03-08 01:55:57"; left out`}},
		{"regions sheet style", base + `,"regions":"Illinois > Chicago"`,
			Meeting{Regions: []string{"Illinois", "Chicago"}}, false, nil},
		{"regions with blanks", base + `,"regions":["A"," ","B"]`, Meeting{Regions: []string{"A", "B"}}, false, nil},
		{"feedback emails string", base + `,"feedback_emails":"a@x.org, b@x.org"`,
			Meeting{FeedbackEmails: []string{"a@x.org", "b@x.org"}}, false, nil},
		{"entity_url", base + `,"entity":"District 1","entity_url":"https://d1.org"`,
			Meeting{Entity: "District 1", EntityWebsiteURL: "https://d1.org"}, false, nil},
		{"entity urls differ", base + `,"entity":"D","entity_url":"https://a.org","entity_website_url":"https://b.org"`,
			Meeting{Entity: "D", EntityWebsiteURL: "https://b.org"}, false,
			[]string{`entity_url "https://a.org" differs from entity_website_url "https://b.org"; entity_url left out`}},
		{"entity fields without entity", base + `,"entity_email":"a@b.org","entity_phone":"1"`, Meeting{}, false,
			[]string{`entity fields are given without entity (the service entity's name); the other entity fields left out`}},
		{"bare host", base + `,"website":"howplace.org/meetings"`, Meeting{Website: "https://howplace.org/meetings"}, false, nil},
		{"script link", base + `,"conference_url":"javascript:alert(1)"`, Meeting{}, false,
			[]string{`conference_url "javascript:alert(1)" is not a web address (http or https); left out`}},
		{"relative link", base + `,"url":"/meetings/hope"`, Meeting{}, false,
			[]string{`url "/meetings/hope" is not a web address (http or https); left out`}},
		{"mailto feedback", base + `,"feedback_url":"mailto:web@d1.org?subject=hope"`,
			Meeting{FeedbackURL: "mailto:web@d1.org?subject=hope"}, false, nil},
		{"notes without conference url", base + `,"conference_url_notes":"pw 123"`, Meeting{}, false,
			[]string{`conference_url_notes without a conference_url; left out`}},
		{"conference fields", base + `,"conference_url":"https://zoom.us/j/1","conference_url_notes":"pw","conference_phone":"+1555,,1#","conference_phone_notes":"id 1"`,
			Meeting{ConferenceURL: "https://zoom.us/j/1", ConferenceURLNotes: "pw", ConferencePhone: "+1555,,1#", ConferencePhoneNotes: "id 1"}, false, nil},
		{"attendance", base + `,"attendance_option":"In Person"`, Meeting{AttendanceOption: InPerson}, false, nil},
		{"attendance unknown", base + `,"attendance_option":"sometimes"`, Meeting{}, false,
			[]string{`attendance_option "sometimes" is not in_person, online, hybrid or inactive; left out`}},
		{"timezone", base + `,"timezone":"America/Port-au-Prince"`, Meeting{Timezone: "America/Port-au-Prince"}, false, nil},
		{"timezone prose", base + `,"timezone":"Eastern Time"`, Meeting{}, false,
			[]string{`timezone "Eastern Time" is not a time zone name like "America/New_York"; left out`}},
		{"second contact only", base + `,"contact_2_name":"Ann B","contact_2_phone":"555"`,
			Meeting{Contacts: []Contact{{Name: "Ann B", Phone: "555"}}}, false, nil},
		{"plugin fields", base + `,"district":"D5","sub_district":"5a","website_2":"https://b.org","email":"g@h.org","phone":"555","mailing_address":"PO Box 1","group_notes":"gn","venmo":"@h","square":"$h","paypal":"h","homegroup_online":"h"`,
			Meeting{District: "D5", SubDistrict: "5a", Website2: "https://b.org", Email: "g@h.org", Phone: "555",
				MailingAddress: "PO Box 1", GroupNotes: "gn", Venmo: "@h", Square: "$h", PayPal: "h", HomegroupOnline: "h"}, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, kept, problems := parseOne(t, tt.fields)
			if kept == tt.skipped {
				t.Errorf("kept = %v, want %v (problems %q)", kept, !tt.skipped, problems)
			}
			if kept {
				want := tt.want
				want.Name = "Hope"
				if want.Slug == "" {
					want.Slug = "hope"
				}
				if diff := cmp.Diff(want, m); diff != "" {
					t.Errorf("meeting (-want +got):\n%s", diff)
				}
			}
			if diff := cmp.Diff(tt.problems, problems); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseFeedShapes(t *testing.T) {
	tests := []struct {
		name, in string
		meetings int
		problems []string
		err      error // matched with errors.Is; nil for success
	}{
		{"empty array", `[]`, 0, nil, nil},
		{"byte order mark", "\xEF\xBB\xBF[{" + base + "}]", 1, nil, nil},
		{"object wrapper", `{"meetings":[{` + base + `}]}`, 0, nil, ErrNotAFeed},
		{"single meeting", `{` + base + `}`, 0, nil, ErrNotAFeed},
		{"null", `null`, 0, nil, ErrNotAFeed},
		{"not objects", "[1,\n\"x\",\n{" + base + "},\nnull]", 1, []string{
			`line 1: meeting 1: is a number, not a meeting (a JSON object); meeting left out`,
			`line 2: meeting 2: is a string, not a meeting (a JSON object); meeting left out`,
			`line 4: meeting 4: is null, not a meeting (a JSON object); meeting left out`,
		}, nil},
		{"duplicate slug", "[\n{" + base + "},\n{\"name\":\"Hope Again\",\"slug\":\"hope\"}\n]", 1, []string{
			`line 3: meeting 2 "Hope Again": slug "hope" is already used by meeting 1; meeting left out`,
		}, nil},
		{"duplicate integer slug", `[{"name":"A","slug":1},{"name":"B","slug":"1"}]`, 1, []string{
			`line 1: meeting 2 "B": slug "1" is already used by meeting 1; meeting left out`,
		}, nil},
		{"unknown keys", `[{` + base + `,"id":5,"Name":"x"}]`, 1, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			feed, err := Parse(strings.NewReader(tt.in))
			if !errors.Is(err, tt.err) {
				t.Fatalf("got error %v, want %v", err, tt.err)
			}
			if got := len(feed.Meetings); got != tt.meetings {
				t.Errorf("got %d meetings, want %d", got, tt.meetings)
			}
			if diff := cmp.Diff(tt.problems, problemStrings(feed.Problems)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseUnusedKeys(t *testing.T) {
	feed, err := Parse(strings.NewReader(`[{` + base + `,"id":5,"Name":"x"},{` + `"name":"B","slug":"b","id":6,"author":"me"}]`))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"Name", "author", "id"}, feed.UnusedKeys); diff != "" {
		t.Errorf("unused keys (-want +got):\n%s", diff)
	}
}

func TestParseSyntaxError(t *testing.T) {
	tests := []struct {
		name, in string
		want     SyntaxError
	}{
		{"trailing comma", "[\n  {\"name\": \"é\",}\n]", SyntaxError{Format: "JSON", Line: 2, Column: 16, Offset: 18,
			Msg: "invalid character '}' looking for beginning of object key string"}},
		{"unclosed", "[1,2", SyntaxError{Format: "JSON", Line: 1, Column: 5, Offset: 4, Msg: "unexpected end of JSON input"}},
		{"unclosed at line end", "[\n", SyntaxError{Format: "JSON", Line: 2, Column: 1, Offset: 2, Msg: "unexpected end of JSON input"}},
		{"empty", "", SyntaxError{Format: "JSON", Line: 1, Column: 1, Msg: "the feed is empty"}},
		{"blank", " \n ", SyntaxError{Format: "JSON", Line: 1, Column: 1, Msg: "the feed is empty"}},
		{"after a BOM", "\xEF\xBB\xBF[}", SyntaxError{Format: "JSON", Line: 1, Column: 3, Offset: 4,
			Msg: "invalid character '}' looking for beginning of value"}},
		{"garbage after the array", "[]\nx", SyntaxError{Format: "JSON", Line: 2, Column: 1, Offset: 3,
			Msg: "invalid character 'x' after top-level value"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tt.in))
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("got %v, want a *SyntaxError", err)
			}
			if diff := cmp.Diff(&tt.want, se); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestSyntaxErrorMessage(t *testing.T) {
	_, err := Parse(strings.NewReader("[\n  {\"a\": 1,}\n]"))
	want := `feed is not valid JSON: line 2, column 11: invalid character '}' looking for beginning of object key string`
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

func TestProblemString(t *testing.T) {
	tests := []struct {
		p    Problem
		want string
	}{
		{Problem{Index: 2, Line: 40, Name: "Tuesday Night Hope", Slug: "tnh", Field: "day",
			Message: `day "Tusday" is not a day of the week; meeting left out`},
			`line 40: meeting 3 "Tuesday Night Hope": day "Tusday" is not a day of the week; meeting left out`},
		{Problem{Index: 0, Slug: "tnh", Message: "has no name"}, `meeting 1 (slug "tnh"): has no name`},
		{Problem{Index: 4, Message: "has no name"}, `meeting 5: has no name`},
	}
	for _, tt := range tests {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("got %s\nwant %s", got, tt.want)
		}
	}
}

// TestParseReadError makes sure a failing reader is an error, not a feed.
func TestParseReadError(t *testing.T) {
	_, err := Parse(errReader{})
	if err == nil || !strings.Contains(err.Error(), "read feed") {
		t.Errorf("got %v, want a read error", err)
	}
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }
