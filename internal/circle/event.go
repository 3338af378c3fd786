package circle

import "time"

// EventType names what an event reports.
type EventType string

// The event types. docs/circle-engine.md lists each one's fields and audience.
const (
	EventState          EventType = "state"
	EventJoined         EventType = "joined"
	EventLeft           EventType = "left"
	EventRemoved        EventType = "removed"
	EventJustListening  EventType = "just_listening"
	EventPhase          EventType = "phase"
	EventRound          EventType = "round"
	EventQueue          EventType = "queue"
	EventPassed         EventType = "passed"
	EventShareStarted   EventType = "share_started"
	EventShareEnded     EventType = "share_ended"
	EventTimer          EventType = "timer"
	EventTimerNotice    EventType = "timer_notice"
	EventChat           EventType = "chat"
	EventChatHeld       EventType = "chat_held"
	EventChatWithdrawn  EventType = "chat_withdrawn"
	EventReaction       EventType = "reaction"
	EventCheckIn        EventType = "checkin"
	EventSteppedOut     EventType = "stepped_out"
	EventSteppedIn      EventType = "stepped_in"
	EventSupportRequest EventType = "support_request"
	EventSupportNoted   EventType = "support_noted"
	EventSupportOffer   EventType = "support_offer"
	EventRiskAlert      EventType = "risk_alert"
	EventRiskShared     EventType = "risk_shared"
	EventSideRoom       EventType = "side_room"
	EventSideChat       EventType = "side_chat"
	EventSideRoomClosed EventType = "side_room_closed"
	EventPoll           EventType = "poll"
	EventBreakout       EventType = "breakout"
	EventFeedback       EventType = "feedback_received"
	EventEnded          EventType = "ended"
	EventError          EventType = "error"
)

// Why a share ended (Event.Kind of share_ended).
const (
	EndDone       = "done"
	EndSkipped    = "skipped"
	EndLeft       = "left"
	EndSteppedOut = "stepped_out"
)

// Timer notices (Event.Kind of timer_notice). Neither ends a share.
const (
	NoticeOneMinute = "one_minute"
	NoticeTimeUp    = "time_up"
)

// AudienceKind says who receives an event.
type AudienceKind uint8

const (
	// Everyone is every member present when the event happens, including
	// those stepped out. A member is present from the joined event about
	// them up to and including the left or ended event.
	Everyone AudienceKind = iota
	// OneMember is the member named in Audience.To, present or not (a
	// removed member still gets the error refusing their intent).
	OneMember
	// Facilitators is every present member whose role facilitates.
	Facilitators
	// Members is every member listed in Audience.IDs while present: the
	// people in a private side room, or in one breakout room. The engine
	// lists them when it emits the event, so who receives it is fixed then.
	Members
)

// Audience says who receives an event.
type Audience struct {
	Kind AudienceKind
	// To is the member id when Kind is OneMember.
	To string
	// IDs are the member ids when Kind is Members.
	IDs []string
}

// Event is something that happened in the session. Only the fields its
// Type uses are set.
type Event struct {
	// Seq is the session-wide number: one more than the event before it,
	// whatever its audience. It stays on the server; clients get the gap-free
	// number a Feed gives them.
	Seq int64 `json:"-"`
	// Audience says who receives the event.
	Audience Audience `json:"-"`

	Type EventType `json:"type"`
	At   time.Time `json:"at"`
	// Ref echoes the sender's intent on events only the sender receives.
	Ref string `json:"ref,omitempty"`

	// MemberID and Name say whom the event is about.
	MemberID string `json:"member_id,omitempty"`
	Name     string `json:"name,omitempty"`
	Role     Role   `json:"role,omitempty"`

	// Text is a chat message, a held chat, a support note or an error's message.
	Text string `json:"text,omitempty"`
	// Word is a check-in word.
	Word string `json:"word,omitempty"`
	// Kind is a reaction, why a share ended, or which timer notice.
	Kind string `json:"kind,omitempty"`
	// ContentNote is the speaker's warning before a share.
	ContentNote string `json:"content_note,omitempty"`
	// Code says what went wrong, on error events.
	Code ErrorCode `json:"code,omitempty"`
	// ID is a held chat's id, a support request's id or a side room's id;
	// on a chat during breakouts, the writer's breakout room.
	ID string `json:"id,omitempty"`
	// Passed marks a check-in without a word.
	Passed bool `json:"passed,omitempty"`
	// Phase is the session's phase after a phase event.
	Phase Phase `json:"phase,omitempty"`
	// Round numbers the rounds of turns; see round events.
	Round int `json:"round,omitempty"`
	// Queue is the whole queue, first in line first, on queue events.
	Queue []string `json:"queue,omitempty"`
	// Count is how many have answered feedback, or are present.
	Count int `json:"count,omitempty"`

	Timer    *Timer        `json:"timer,omitempty"`
	Poll     *PollView     `json:"poll,omitempty"`
	Breakout *BreakoutView `json:"breakout,omitempty"`
	// State is the snapshot on state events.
	State *State `json:"state,omitempty"`
}

// Timer is the share timer everyone sees. It is a guide, never a cut-off.
type Timer struct {
	StartedAt time.Time `json:"started_at"`
	Seconds   int       `json:"seconds"`
	// Remaining is the seconds left at the moment the event was made,
	// never below zero.
	Remaining int `json:"remaining"`
}

// PollView is an anonymous poll as members see it.
type PollView struct {
	Question string   `json:"question"`
	Options  []string `json:"options"`
	Open     bool     `json:"open"`
	Answered int      `json:"answered"`
	// Counts per option appear only once the poll is closed with at least
	// MinAnonymous answers, so no single answer can be told apart.
	Counts []int `json:"counts,omitempty"`
	// YouAnswered is set only in a member's own snapshot.
	YouAnswered bool `json:"you_answered,omitempty"`
}

// BreakoutView is the current set of breakout rooms.
type BreakoutView struct {
	Active bool      `json:"active"`
	Rooms  []Room    `json:"rooms,omitempty"`
	EndsAt time.Time `json:"ends_at"`
}

// Room is one breakout room.
type Room struct {
	ID      string   `json:"id"`
	Members []string `json:"members"`
}

// MemberView is a member as the snapshot shows them.
type MemberView struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Role       Role   `json:"role"`
	Present    bool   `json:"present"`
	SteppedOut bool   `json:"stepped_out,omitempty"`
	// JustListening is shown only to facilitators and to the member.
	JustListening bool `json:"just_listening,omitempty"`
	// HadTurn says the member has shared or passed this round.
	HadTurn bool `json:"had_turn,omitempty"`
}

// CheckInView is one member's check-in as everyone sees it: never the mood.
type CheckInView struct {
	MemberID string `json:"member_id"`
	Name     string `json:"name"`
	Word     string `json:"word,omitempty"`
	Passed   bool   `json:"passed,omitempty"`
}

// HeldChat is a chat message waiting for the current share to end.
type HeldChat struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

// SupportRequest is a member's private "I need support" signal.
type SupportRequest struct {
	ID       string    `json:"id"`
	MemberID string    `json:"member_id"`
	Name     string    `json:"name"`
	Text     string    `json:"text,omitempty"`
	At       time.Time `json:"at"`
	// Room is set once a facilitator opened a side room for it.
	Room string `json:"room,omitempty"`
}

// SideRoom is a private room between one member and the facilitators.
type SideRoom struct {
	ID       string `json:"id"`
	MemberID string `json:"member_id"`
	// Closed is set once the member or a facilitator closed the room; no
	// one can write in it after that.
	Closed bool `json:"closed,omitempty"`
}

// Agreement is the group agreement's summary shown at the opening.
type Agreement struct {
	Version int    `json:"version"`
	Text    string `json:"text"`
}

// State is the snapshot a member needs to draw the whole session: what a
// state event carries and what Session.Snapshot returns.
type State struct {
	SessionID string    `json:"session_id"`
	Format    Format    `json:"format"`
	Phase     Phase     `json:"phase"`
	Agenda    []Phase   `json:"agenda"`
	Agreement Agreement `json:"agreement"`
	Round     int       `json:"round"`
	// Speaker is the member sharing now, if anyone.
	Speaker     string `json:"speaker,omitempty"`
	ContentNote string `json:"content_note,omitempty"`
	Timer       *Timer `json:"timer,omitempty"`
	// Queue is who is waiting to share, first in line first.
	Queue    []string      `json:"queue"`
	Members  []MemberView  `json:"members"`
	CheckIns []CheckInView `json:"checkins,omitempty"`
	Poll     *PollView     `json:"poll,omitempty"`
	Breakout *BreakoutView `json:"breakout,omitempty"`
	// FeedbackCount is how many have answered the feedback.
	FeedbackCount int  `json:"feedback_count,omitempty"`
	Ended         bool `json:"ended,omitempty"`

	// For the member asking only.
	You           string     `json:"you,omitempty"`
	Held          []HeldChat `json:"held,omitempty"`
	CheckedIn     bool       `json:"checked_in,omitempty"`
	FeedbackGiven bool       `json:"feedback_given,omitempty"`
	SideRooms     []SideRoom `json:"side_rooms,omitempty"`
	// Support is shown to facilitators only.
	Support []SupportRequest `json:"support,omitempty"`
	// Offers are the member's own open support offers; Alerts, shown to
	// facilitators only, are the risk alerts of this session (never the
	// words, unless the writer shared them).
	Offers []string    `json:"offers,omitempty"`
	Alerts []RiskAlert `json:"alerts,omitempty"`
}

// RiskAlert is a facilitators' private heads-up that a member's words
// carried a risk signal: who, when and what kind, and the words only if
// the writer chose to share them.
type RiskAlert struct {
	ID       string    `json:"id"`
	MemberID string    `json:"member_id"`
	Name     string    `json:"name"`
	Category string    `json:"category"`
	At       time.Time `json:"at"`
	Text     string    `json:"text,omitempty"`
}

// ErrorCode says why an intent was refused.
type ErrorCode string

// The error codes. Every refusal also carries a message a person can act on.
const (
	CodeNotJoined      ErrorCode = "not_joined"
	CodeLeft           ErrorCode = "left"
	CodeRemoved        ErrorCode = "removed"
	CodeEnded          ErrorCode = "ended"
	CodeUnknownOp      ErrorCode = "unknown_op"
	CodeNotAllowed     ErrorCode = "not_allowed"
	CodeWrongPhase     ErrorCode = "wrong_phase"
	CodeSomeoneSharing ErrorCode = "someone_sharing"
	CodeNotYourTurn    ErrorCode = "not_your_turn"
	CodeNotSharing     ErrorCode = "not_sharing"
	CodeBadValue       ErrorCode = "bad_value"
	CodeTooLong        ErrorCode = "too_long"
	CodeAlreadyDone    ErrorCode = "already_done"
	CodeNotFound       ErrorCode = "not_found"
	CodeSteppedOut     ErrorCode = "stepped_out"
	CodeInBreakout     ErrorCode = "in_breakout"
	CodeFull           ErrorCode = "full"
	CodeClosed         ErrorCode = "closed"
)

// MinAnonymous is the fewest answers before a poll's counts or the
// feedback's figures are shown, so no one can be singled out.
const MinAnonymous = 3
