// Package circle is the sharing-circle engine: a pure state machine for one
// live group session.
//
// A transport (the WebSocket layer) feeds it intents from members and
// facilitators through [Session.Apply], calls [Session.Tick] about once a
// second for the share timer and breakout timer, and fans out the events it
// returns. The package does no I/O: it starts no goroutines, never reads the
// clock (time arrives on every intent), never logs, and uses randomness only
// through the seeded *rand.Rand in [Config]. A Session is not safe for
// concurrent use; the transport owns it from one goroutine.
//
// Every event carries a session-wide sequence number and an [Audience]. A
// [Feed] per member turns that one log into the gap-free numbering each
// client sees and resumes from. docs/circle-engine.md describes the phases,
// every op and event, the numbering, and what is kept after a session ends.
package circle

import (
	"hash/fnv"
	"math/rand/v2"
	"slices"
)

// Format is a group's meeting format; it decides the session's agenda.
type Format string

// The group formats. The values match the group directory's.
const (
	FormatSharingCircle     Format = "sharing_circle"
	FormatPsychoeducational Format = "psychoeducational"
	FormatTwelveStep        Format = "twelve_step"
	FormatOpenDiscussion    Format = "open_discussion"
)

// AllowsCrossTalk reports whether the format has an open discussion phase,
// where members may respond to each other directly.
func (f Format) AllowsCrossTalk() bool {
	return f == FormatOpenDiscussion || f == FormatPsychoeducational
}

func (f Format) valid() bool {
	switch f {
	case FormatSharingCircle, FormatPsychoeducational, FormatTwelveStep, FormatOpenDiscussion:
		return true
	}
	return false
}

// Phase is one part of a group session's agenda.
type Phase string

// The phases a session can be in. PhaseEnded is not on any agenda: it is
// where every session finishes.
const (
	PhaseGathering      Phase = "gathering"
	PhaseOpening        Phase = "opening"
	PhaseCheckIn        Phase = "check_in"
	PhaseSharing        Phase = "sharing"
	PhaseOpenDiscussion Phase = "open_discussion"
	PhaseClosing        Phase = "closing"
	PhaseFeedback       Phase = "feedback"
	PhaseEnded          Phase = "ended"
)

// label is how a phase is named in messages people read.
func (p Phase) label() string {
	switch p {
	case PhaseGathering:
		return "gathering"
	case PhaseOpening:
		return "opening"
	case PhaseCheckIn:
		return "check-in round"
	case PhaseSharing:
		return "sharing circle"
	case PhaseOpenDiscussion:
		return "open discussion"
	case PhaseClosing:
		return "closing round"
	case PhaseFeedback:
		return "feedback"
	}
	return "end"
}

// talking reports whether the talking piece (hands, the queue, shares) is
// in use during the phase.
func (p Phase) talking() bool {
	return p == PhaseSharing || p == PhaseOpenDiscussion || p == PhaseClosing
}

// holdsChat reports whether chat from others is held while someone shares.
// Open discussion is the one phase where cross-talk is the point.
func (p Phase) holdsChat() bool {
	return p == PhaseSharing || p == PhaseClosing
}

var agendas = map[Format][]Phase{
	FormatSharingCircle: {PhaseGathering, PhaseOpening, PhaseCheckIn, PhaseSharing, PhaseClosing, PhaseFeedback},
	FormatPsychoeducational: {PhaseGathering, PhaseOpening, PhaseCheckIn, PhaseSharing, PhaseOpenDiscussion,
		PhaseClosing, PhaseFeedback},
	FormatTwelveStep:     {PhaseGathering, PhaseOpening, PhaseSharing, PhaseClosing, PhaseFeedback},
	FormatOpenDiscussion: {PhaseGathering, PhaseOpening, PhaseCheckIn, PhaseOpenDiscussion, PhaseClosing, PhaseFeedback},
}

// Agenda returns the phases of a format's group session, in order, or nil
// for an unknown format.
func Agenda(f Format) []Phase {
	return slices.Clone(agendas[f])
}

// goesAround reports whether entering the phase lines up every present
// member (except those just listening) in the queue, in the order they
// arrived, as a round that goes around the circle. In other phases members
// raise a hand.
func goesAround(f Format, p Phase) bool {
	return p == PhaseClosing || (p == PhaseSharing && f == FormatSharingCircle)
}

// Role is what a member does in the group.
type Role string

// The roles. The values match the group roster's.
const (
	RoleMember        Role = "member"
	RolePeerSupporter Role = "peer_supporter"
	RoleFacilitator   Role = "facilitator"
	RoleCoFacilitator Role = "co_facilitator"
	RoleOrganizer     Role = "organizer"
)

// Facilitates reports whether the role may run the session: move between
// phases, give turns, remove members and see support requests.
func (r Role) Facilitates() bool {
	return r == RoleFacilitator || r == RoleCoFacilitator || r == RoleOrganizer
}

func (r Role) valid() bool {
	return r == RoleMember || r == RolePeerSupporter || r.Facilitates()
}

// Member is a person taking part, as the transport knows them from the
// group's roster.
type Member struct {
	// ID is opaque to the engine and is shown to the session's other
	// members (it is how they refer to each other), so it should be a
	// per-group membership id, never an account id that would link groups.
	ID string
	// Name is the member's display name in this group.
	Name string
	// Role is the member's role in the group. It is fixed for the session
	// at the member's first join.
	Role Role
	// JustListening marks a newcomer who would rather listen for now: the
	// engine never lines them up to share, and only facilitators see the mark.
	JustListening bool
}

// Config describes one group session.
type Config struct {
	// SessionID names the session; side room ids are built from it.
	SessionID string
	// Format decides the agenda. An unknown format runs as a sharing
	// circle, the strictest: no cross-talk.
	Format Format
	// ShareSeconds is the time each share is given; 300 when zero or less.
	ShareSeconds int
	// AgreementVersion and AgreementText summarise the group agreement
	// shown at the opening.
	AgreementVersion int
	AgreementText    string
	// Blocked lists pairs of member ids never put in the same breakout
	// room. Session.Block adds more.
	Blocked [][2]string
	// Rand shuffles breakout rooms. When nil, a generator seeded from the
	// session id is used, so a session is reproducible either way.
	Rand *rand.Rand
	// MaxMembers caps how many different members may join; 500 when zero
	// or less.
	MaxMembers int
}

// Defaults applied by New.
const (
	DefaultShareSeconds = 300
	DefaultMaxMembers   = 500
)

// New starts a session in its first phase, gathering.
func New(cfg Config) *Session {
	if !cfg.Format.valid() {
		cfg.Format = FormatSharingCircle
	}
	if cfg.ShareSeconds <= 0 {
		cfg.ShareSeconds = DefaultShareSeconds
	}
	if cfg.MaxMembers <= 0 {
		cfg.MaxMembers = DefaultMaxMembers
	}
	rng := cfg.Rand
	if rng == nil {
		h := fnv.New64a()
		h.Write([]byte(cfg.SessionID))
		rng = rand.New(rand.NewPCG(h.Sum64(), 0x686f6c64))
	}
	s := &Session{
		cfg:     cfg,
		agenda:  agendas[cfg.Format],
		members: make(map[string]*member),
		removed: make(map[string]bool),
		blocked: make(map[[2]string]bool),
		rng:     rng,
		round:   1,
	}
	for _, p := range cfg.Blocked {
		s.Block(p[0], p[1])
	}
	s.cfg.Blocked = nil
	return s
}

// Block keeps two members out of the same breakout room from now on.
func (s *Session) Block(a, b string) {
	if a == b {
		return
	}
	s.blocked[pairKey(a, b)] = true
}

func pairKey(a, b string) [2]string {
	if b < a {
		a, b = b, a
	}
	return [2]string{a, b}
}
