package meetingguide

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseCSV(t *testing.T) {
	tests := []struct {
		name, in string
		want     []Meeting
		problems []string
		unused   []string
	}{
		{
			name: "template columns",
			in: "Time,End Time,Day,Name,Slug,Types,Address,Region,Sub Region\n" +
				"7:00 PM,8:30 PM,Monday,Hope,hope,\"Open, Wheelchair Access\",\"1 Main St, Town, CA 90000, USA\",Town,North\n",
			want: []Meeting{{Name: "Hope", Slug: "hope", Day: []int{1}, Time: "19:00", EndTime: "20:30",
				Types: []string{"O", "X"}, FormattedAddress: "1 Main St, Town, CA 90000, USA", Region: "Town", SubRegion: "North"}},
		},
		{
			name: "address in parts",
			in:   "Name,Slug,Address,City,State,Postal Code,Country\nHope,hope,1 Main St,Town,CA,90000,US\n",
			want: []Meeting{{Name: "Hope", Slug: "hope", Address: "1 Main St", City: "Town", State: "CA", PostalCode: "90000", Country: "US"}},
		},
		{
			name: "sheet headings, semicolons",
			in:   "ID;Name;Day;Time;Regions;Feedback Emails;Conference URL\n12;Hope;sun;9:00 AM;Illinois > Chicago;a@x.org, b@x.org;zoom.us/j/1\n",
			want: []Meeting{{Name: "Hope", Slug: "12", Day: []int{0}, Time: "09:00", Regions: []string{"Illinois", "Chicago"},
				FeedbackEmails: []string{"a@x.org", "b@x.org"}, ConferenceURL: "https://zoom.us/j/1"}},
		},
		{
			name: "tabs, byte order mark, blank rows, by appointment",
			in:   "\xEF\xBB\xBFName\tSlug\tDay\tTime\n\t\t\t\nHope\thope\t\t\n",
			want: []Meeting{{Name: "Hope", Slug: "hope"}},
		},
		{
			name: "unknown type name",
			in:   "Name,Slug,Types\nHope,hope,\"Open, Non-Smoking\"\n",
			want: []Meeting{{Name: "Hope", Slug: "hope", Types: []string{"O"}}},
			problems: []string{
				`line 2: meeting 1 "Hope": type "Non-Smoking" is not a Meeting Guide type name or code; left out`,
			},
		},
		{
			name: "bad day and short row",
			in:   "Name,Slug,Day,Time\nHope,hope,Caturday,7 PM\nFaith,faith\n",
			want: []Meeting{{Name: "Faith", Slug: "faith"}},
			problems: []string{
				`line 2: meeting 1 "Hope": day "Caturday" is not a day of the week (0 = Sunday to 6 = Saturday); meeting left out`,
			},
		},
		{
			name: "cells past the headings",
			in:   "Name,Slug\nHope,hope,stray\n",
			want: []Meeting{{Name: "Hope", Slug: "hope"}},
			problems: []string{
				`line 2: meeting 1 "Hope": the row has 1 filled cells past the last heading; left out`,
			},
		},
		{
			name:   "unknown and repeated headings",
			in:     "Name,Slug,Author,Name,\nHope,hope,me,Other,x\n",
			want:   []Meeting{{Name: "Hope", Slug: "hope"}},
			unused: []string{"Author", "Name (an earlier column gives name)"},
		},
		{
			name: "invalid UTF-8 is replaced",
			in:   "Name,Slug\nHo\xffpe,hope\n",
			want: []Meeting{{Name: "Ho\uFFFDpe", Slug: "hope"}},
		},
		{
			name: "headings only",
			in:   "Name,Slug,Day,Time\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			feed, err := ParseCSV(strings.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, feed.Meetings); diff != "" {
				t.Errorf("meetings (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.problems, problemStrings(feed.Problems)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.unused, feed.UnusedKeys); diff != "" {
				t.Errorf("unused (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseCSVSyntaxError(t *testing.T) {
	tests := []struct {
		name, in string
		want     SyntaxError
	}{
		{"empty", "", SyntaxError{Format: "CSV", Line: 1, Column: 1, Msg: "the file is empty"}},
		// Column counts characters: "Café" is four, though five bytes.
		{"bare quote", "Name,Slug\nCafé \"x\",y\n", SyntaxError{Format: "CSV", Line: 2, Column: 6, Msg: `bare " in non-quoted-field`}},
		{"unclosed quote", "Name,Slug\n\"Hope,hope\n", SyntaxError{Format: "CSV", Line: 2, Column: 12, Msg: `extraneous or missing " in quoted-field`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseCSV(strings.NewReader(tt.in))
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

func TestCSVKey(t *testing.T) {
	tests := map[string]string{
		"Conference URL":     "conference_url",
		"Contact 1 Name":     "contact_1_name",
		"  End Time ":        "end_time",
		"ID":                 "slug",
		"Full Address":       "formatted_address",
		"Website 2":          "website_2",
		"Sub-Region":         "sub_region",
		"Homegroup Online":   "homegroup_online",
		"entity_website_url": "entity_website_url",
	}
	for in, want := range tests {
		if got := csvKey(in); got != want {
			t.Errorf("csvKey(%q) = %q, want %q", in, got, want)
		}
	}
}
