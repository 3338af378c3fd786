package holdspace

import "time"

// Option is one allowed value of a group attribute with the words members see.
type Option struct {
	Value string
	Label string
}

// The allowed values of each group attribute, in the order forms show them.
var (
	Categories = []Option{
		{"mental_health", "Mental health"},
		{"addiction_recovery", "Addiction recovery"},
		{"parenting_caregivers", "Parenting and caregivers"},
		{"chronic_illness_disability", "Chronic illness and disability"},
		{"grief_loss", "Grief and loss"},
		{"other", "Other"},
	}
	Audiences = []Option{
		{"lived_experience", "People with the lived experience"},
		{"family_supporters", "Family and supporters"},
		{"both", "Both"},
	}
	Formats = []Option{
		{"sharing_circle", "Sharing circle"},
		{"psychoeducational", "Psychoeducational"},
		{"twelve_step", "12-step"},
		{"open_discussion", "Open discussion"},
	}
	Attendances = []Option{
		{"in_person", "In person"},
		{"online", "Online"},
		{"hybrid", "In person and online"},
	}
	Accesses = []Option{
		{"open", "Open: anyone can join"},
		{"closed", "Closed: ask to join"},
	}
	Costs = []Option{
		{"free", "Free"},
		{"donation", "Donation"},
		{"fee", "Fee"},
	}
	AccessibilityOptions = []Option{
		{"captions", "Captions"},
		{"sign_language", "Sign language"},
		{"wheelchair", "Wheelchair access"},
		{"phone_dial_in", "Phone dial-in"},
		{"large_print", "Large print"},
	}
	VenueTypes = []Option{
		{"community_center", "Community center"},
		{"private_home", "Private home"},
		{"clinic", "Clinic"},
		{"place_of_worship", "Place of worship"},
		{"online", "Online only"},
	}
)

// Label returns the members' words for value among opts, or value itself.
func Label(opts []Option, value string) string {
	for _, o := range opts {
		if o.Value == value {
			return o.Label
		}
	}
	return value
}

// ValidOption reports whether value is one of opts.
func ValidOption(opts []Option, value string) bool {
	for _, o := range opts {
		if o.Value == value {
			return true
		}
	}
	return false
}

// Venue is where a group meets. A private home's street address and exact
// position are shown only to the group's approved members.
type Venue struct {
	Type    string   `json:"type"`
	Address string   `json:"address,omitempty"`
	City    string   `json:"city,omitempty"`
	Region  string   `json:"region,omitempty"`
	Country string   `json:"country,omitempty"`
	Lat     *float64 `json:"lat,omitempty"`
	Lng     *float64 `json:"lng,omitempty"`
}

// ScheduleSpec is a group's recurring time as entered: an RFC 5545 RRULE in
// the subset Holdspace supports, a local start time, a duration and the first
// day it applies, all in the group's time zone.
type ScheduleSpec struct {
	RRule           string `json:"rrule"`
	StartTime       string `json:"start_time"`
	DurationMinutes int    `json:"duration_minutes"`
	StartsOn        string `json:"starts_on"`
}

// Group is a peer support group.
type Group struct {
	ID            int64
	Slug          string
	Name          string
	Description   string
	Category      string
	Audience      string
	Format        string
	Attendance    string
	Access        string
	Cost          string
	Languages     []string
	Accessibility []string
	Venue         Venue
	OnlineURL     string
	Timezone      string
	Schedule      ScheduleSpec
	// DaysMask is derived from the schedule: bit d is set when the group
	// can meet on weekday d (0 = Sunday) in its own time zone.
	DaysMask  int
	CreatedBy int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Group roles, from least to most responsibility.
const (
	RoleMember        = "member"
	RolePeerSupporter = "peer_supporter"
	RoleCoFacilitator = "co_facilitator"
	RoleFacilitator   = "facilitator"
	RoleOrganizer     = "organizer"
)

// GroupException is a cancelled or moved group session, by the local date
// the schedule put it on.
type GroupException struct {
	GroupID      int64
	OriginalDate string // YYYY-MM-DD in the group's zone
	Cancelled    bool
	MovedTo      time.Time // zero unless moved
	MovedMinutes int       // 0 keeps the usual length
	Reason       string
}

// Membership statuses.
const (
	StatusRequested = "requested"
	StatusApproved  = "approved"
	StatusDeclined  = "declined"
	StatusRemoved   = "removed"
	StatusLeft      = "left"
)

// Roles lists the group roles in the order forms show them.
var Roles = []Option{
	{RoleMember, "Member"},
	{RolePeerSupporter, "Peer supporter"},
	{RoleCoFacilitator, "Co-facilitator"},
	{RoleFacilitator, "Facilitator"},
	{RoleOrganizer, "Organizer"},
}

// Membership is one member's place in one group. DisplayName is the name
// they use in this group, which other groups never see.
type Membership struct {
	GroupID         int64
	MemberID        int64
	DisplayName     string
	Role            string
	Status          string
	RequestNote     string
	DecisionMessage string
	JoinedAt        time.Time
	JustListening   bool
	Trained         bool
	WillingBuddy    bool
	BuddyID         int64
}

// Approved reports whether the membership is current.
func (m Membership) Approved() bool { return m.Status == StatusApproved }

// Facilitates reports whether the member runs group sessions: a
// facilitator, co-facilitator or organizer.
func (m Membership) Facilitates() bool {
	return m.Approved() && (m.Role == RoleFacilitator || m.Role == RoleCoFacilitator || m.Role == RoleOrganizer)
}

// Organizes reports whether the member is one of the group's organizers.
func (m Membership) Organizes() bool { return m.Approved() && m.Role == RoleOrganizer }

// AuditEntry is one line of a group's append-only audit log.
type AuditEntry struct {
	ID        int64
	GroupID   int64
	ActorID   int64
	Action    string
	TargetID  int64
	Reason    string
	Details   string
	CreatedAt time.Time
}
