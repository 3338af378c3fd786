package circle

import "time"

// Op names what an intent asks for.
type Op string

// The ops a member may send.
const (
	OpJoin          Op = "join"
	OpLeave         Op = "leave"
	OpRaiseHand     Op = "raise_hand"
	OpLowerHand     Op = "lower_hand"
	OpPass          Op = "pass"
	OpStartShare    Op = "start_share"
	OpEndShare      Op = "end_share"
	OpChat          Op = "chat"
	OpWithdraw      Op = "withdraw"
	OpReact         Op = "react"
	OpCheckIn       Op = "checkin"
	OpStepOut       Op = "step_out"
	OpStepIn        Op = "step_in"
	OpNeedSupport   Op = "need_support"
	OpPollAnswer    Op = "poll_answer"
	OpFeedback      Op = "feedback"
	OpPollOpen      Op = "poll_open"
	OpPollClose     Op = "poll_close"
	OpBreakoutStart Op = "breakout_start"
	OpBreakoutEnd   Op = "breakout_end"
	// OpShareWithFacilitator and OpReachFacilitator answer a support
	// offer (see EventSupportOffer): the writer lets the facilitators read
	// the words that raised it, or asks to talk with a facilitator.
	OpShareWithFacilitator Op = "share_with_facilitator"
	OpReachFacilitator     Op = "reach_facilitator"
	// OpSideChat writes in a private side room (Target names it) and
	// OpCloseSideRoom closes one: the room's member and the facilitators
	// may do both.
	OpSideChat      Op = "side_chat"
	OpCloseSideRoom Op = "close_side_room"
)

// The ops only facilitators, co-facilitators and organizers may send.
const (
	OpAdvance      Op = "advance"
	OpGiveTurn     Op = "give_turn"
	OpSkip         Op = "skip"
	OpReorder      Op = "reorder"
	OpExtend       Op = "extend"
	OpEndSession   Op = "end_session"
	OpRemove       Op = "remove"
	OpOpenSideRoom Op = "open_side_room"
)

// Reaction kinds: silent support, sent even while someone shares.
const (
	ReactNod   = "nod"
	ReactHeart = "heart"
)

// Limits on what members write, counted in characters (runes).
const (
	MaxChat        = 2000
	MaxName        = 60
	MaxWord        = 40
	MaxContentNote = 200
	MaxSupportNote = 500
	MaxComment     = 1000
	MaxQuestion    = 300
	MaxOption      = 100
	MaxOptions     = 6
	MaxRef         = 64
	MaxExtend      = 3600 // seconds one extend may add
	MaxBreakout    = 7200 // seconds a breakout may last
	MaxRoomSize    = 50
)

// Intent is one request from a member. The transport decodes it from the
// client and must set From, At, and for a join Name, Role and JustListening
// from its own records: those fields are never taken from the client, which
// is why they carry no JSON name.
type Intent struct {
	// From is the member id of the sender.
	From string `json:"-"`
	// Op is what the sender asks for.
	Op Op `json:"op"`
	// At is when the transport received the intent.
	At time.Time `json:"-"`
	// Ref is the client's own reference, echoed on the events answering
	// only the sender (errors, held chat, support notes). At most MaxRef bytes.
	Ref string `json:"ref,omitempty"`

	// Name, Role and JustListening describe a joining member.
	Name          string `json:"-"`
	Role          Role   `json:"-"`
	JustListening bool   `json:"just_listening,omitempty"`

	// Text is a chat message, a support note, or a poll question.
	Text string `json:"text,omitempty"`
	// ContentNote warns before a heavy share ("this touches on loss").
	ContentNote string `json:"content_note,omitempty"`
	// Kind is a reaction: ReactNod or ReactHeart.
	Kind string `json:"kind,omitempty"`
	// Mood (1 to 5) and Word are a check-in; Pass checks in without them.
	Mood int    `json:"mood,omitempty"`
	Word string `json:"word,omitempty"`
	Pass bool   `json:"pass,omitempty"`
	// MemberID is whom a facilitator's give_turn, remove or open_side_room
	// is about.
	MemberID string `json:"member_id,omitempty"`
	// Phase is where advance should go; empty means the next phase.
	Phase Phase `json:"phase,omitempty"`
	// Seconds is an extend's extra time or a breakout's length.
	Seconds int `json:"seconds,omitempty"`
	// Size is how many people share a breakout room.
	Size int `json:"size,omitempty"`
	// Order is the whole queue in its new order, for reorder.
	Order []string `json:"order,omitempty"`
	// Target is the id of a held chat to withdraw, of a support offer to
	// answer, or of the side room a side_chat or close_side_room is about.
	Target string `json:"target,omitempty"`
	// Options are a poll's answers; Choice picks one, counting from 1.
	Options []string `json:"options,omitempty"`
	Choice  int      `json:"choice,omitempty"`
	// FeltHeard, FeltSafe and WouldComeBack (each 1 to 5) and an optional
	// Comment are the anonymous end-of-session feedback.
	FeltHeard     int    `json:"felt_heard,omitempty"`
	FeltSafe      int    `json:"felt_safe,omitempty"`
	WouldComeBack int    `json:"would_come_back,omitempty"`
	Comment       string `json:"comment,omitempty"`

	// Risk is the category of a risk signal the transport's detector found
	// in Text (chat) or Word (check-in), empty for none. Only the transport
	// sets it, never the client; the engine does not look at the words
	// itself. A chat or check-in with Risk set is carried out exactly as
	// without it, and the writer alone also gets a support offer and the
	// facilitators alone a risk alert.
	Risk string `json:"-"`
}
