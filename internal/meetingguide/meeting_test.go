package meetingguide

import "testing"

func TestEnd(t *testing.T) {
	tests := []struct {
		m    Meeting
		want string
	}{
		{Meeting{Day: []int{1}, Time: "19:00", EndTime: "20:30"}, "20:30"},
		{Meeting{Day: []int{1}, Time: "19:15"}, "20:15"},
		{Meeting{Day: []int{1}, Time: "23:30"}, "00:30"},
		{Meeting{}, ""},
	}
	for _, tt := range tests {
		if got := tt.m.End(); got != tt.want {
			t.Errorf("End() of %q-%q = %q, want %q", tt.m.Time, tt.m.EndTime, got, tt.want)
		}
	}
}

func TestAttendance(t *testing.T) {
	street := "123 Main St, Anytown, OK 12345, USA"
	tests := []struct {
		name string
		m    Meeting
		want AttendanceOption
	}{
		{"street address", Meeting{FormattedAddress: street}, InPerson},
		{"street address and zoom", Meeting{FormattedAddress: street, ConferenceURL: "https://zoom.us/j/1"}, Hybrid},
		{"phone only, city", Meeting{FormattedAddress: "Anytown, OK, USA", ConferencePhone: "+15555555555"}, Online},
		{"temporarily closed", Meeting{FormattedAddress: street, Types: []string{TypeTemporarilyClosed}}, Inactive},
		{"closed but online", Meeting{FormattedAddress: street, Types: []string{"TC"}, ConferenceURL: "https://zoom.us/j/1"}, Online},
		{"approximate city", Meeting{FormattedAddress: "Anytown, OK 12345, USA"}, Inactive},
		{"says approximate", Meeting{FormattedAddress: street, Approximate: ptr(true)}, Inactive},
		{"says precise", Meeting{City: "Anytown", Approximate: ptr(false)}, InPerson},
		{"coordinates", Meeting{Address: "1 Main St", Latitude: ptr(1.0), Longitude: ptr(2.0)}, InPerson},
		{"address in parts", Meeting{Address: "1 Main St", City: "Anytown", State: "OK", PostalCode: "1", Country: "US"}, InPerson},
		{"no address", Meeting{}, Inactive},
		{"ONL alone is not online", Meeting{Types: []string{TypeOnline}}, Inactive},
	}
	for _, tt := range tests {
		if got := tt.m.Attendance(); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}
