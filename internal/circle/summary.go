package circle

import (
	"cmp"
	"slices"
	"time"
)

// FeedbackAnswer is one member's anonymous end-of-session feedback. It
// carries no member id, and answers are kept apart from the record of who
// answered.
type FeedbackAnswer struct {
	FeltHeard     int    `json:"felt_heard"`
	FeltSafe      int    `json:"felt_safe"`
	WouldComeBack int    `json:"would_come_back"`
	Comment       string `json:"comment,omitempty"`
}

// Summary is everything about a session that may be stored once it ends:
// no chat, no check-in words, no content notes, no names.
type Summary struct {
	SessionID string `json:"session_id"`
	Format    Format `json:"format"`
	// Attended lists the member ids of everyone who joined, sorted, for
	// attendance records; AttendanceCount is its length.
	Attended        []string `json:"attended"`
	AttendanceCount int      `json:"attendance_count"`
	// MoodCounts counts check-in moods by value: MoodCounts[0] is mood 1.
	MoodCounts [5]int `json:"mood_counts"`
	// Feedback holds the answers sorted by value, so their order says
	// nothing about who gave them.
	Feedback []FeedbackAnswer `json:"feedback"`
	// Shares counts the shares that started.
	Shares int `json:"shares"`
}

// Scale summarises the answers to one 1-to-5 question.
type Scale struct {
	// Counts per answer: Counts[0] is how many answered 1.
	Counts [5]int  `json:"counts"`
	Mean   float64 `json:"mean"`
}

// FeedbackSummary is the feedback in aggregate.
type FeedbackSummary struct {
	Answered      int   `json:"answered"`
	FeltHeard     Scale `json:"felt_heard"`
	FeltSafe      Scale `json:"felt_safe"`
	WouldComeBack Scale `json:"would_come_back"`
}

// End ends the session: everyone gets an ended event, and everything
// members wrote (chat waiting to be sent, check-in words, content notes,
// support notes, poll questions), their names and the agreement text are
// dropped from memory. What may be stored stays for Summary. Ending twice
// does nothing.
//
// Go strings cannot be overwritten in place, so "dropped" means no
// reference is left for the garbage collector to keep. The transport must
// drop its own copies too: the events it buffered for resuming.
func (s *Session) End(at time.Time) []Event {
	if s.ended {
		return nil
	}
	s.ended = true
	out := s.emit(make([]Event, 0, 1), toAll(EventEnded, at))
	s.wipe()
	return out
}

func (s *Session) wipe() {
	s.speaker = nil
	s.share = share{}
	clear(s.held)
	s.held = nil
	clear(s.checkins)
	s.checkins = nil
	clear(s.support)
	s.support = nil
	clear(s.offers)
	s.offers = nil
	s.sideRooms = nil
	s.poll = nil
	s.breakout = nil
	clear(s.queue)
	s.queue = nil
	s.cfg.AgreementText = ""
	for _, m := range s.order {
		m.name = ""
		m.present = false
		m.steppedOut = false
		m.nHeld = 0
	}
}

// Summary returns what may be stored about the session.
func (s *Session) Summary() Summary {
	sum := Summary{
		SessionID:  s.cfg.SessionID,
		Format:     s.cfg.Format,
		Attended:   make([]string, len(s.order)),
		MoodCounts: s.moods,
		Feedback:   slices.Clone(s.feedback),
		Shares:     s.shares,
	}
	for i, m := range s.order {
		sum.Attended[i] = m.id
	}
	slices.Sort(sum.Attended)
	sum.AttendanceCount = len(sum.Attended)
	slices.SortFunc(sum.Feedback, func(a, b FeedbackAnswer) int {
		return cmp.Or(cmp.Compare(a.FeltHeard, b.FeltHeard), cmp.Compare(a.FeltSafe, b.FeltSafe),
			cmp.Compare(a.WouldComeBack, b.WouldComeBack), cmp.Compare(a.Comment, b.Comment))
	})
	return sum
}

// MoodCounts counts the check-in moods given so far by value: the first
// element counts mood 1. Moods are never linked to who gave them.
func (s *Session) MoodCounts() [5]int { return s.moods }

// FeedbackSummary returns the feedback in aggregate, or false while fewer
// than MinAnonymous members have answered, so no one can be singled out.
func (s *Session) FeedbackSummary() (FeedbackSummary, bool) {
	n := len(s.feedback)
	if n < MinAnonymous {
		return FeedbackSummary{Answered: n}, false
	}
	sum := FeedbackSummary{Answered: n}
	var heard, safe, back int
	for _, a := range s.feedback {
		sum.FeltHeard.Counts[a.FeltHeard-1]++
		sum.FeltSafe.Counts[a.FeltSafe-1]++
		sum.WouldComeBack.Counts[a.WouldComeBack-1]++
		heard += a.FeltHeard
		safe += a.FeltSafe
		back += a.WouldComeBack
	}
	sum.FeltHeard.Mean = float64(heard) / float64(n)
	sum.FeltSafe.Mean = float64(safe) / float64(n)
	sum.WouldComeBack.Mean = float64(back) / float64(n)
	return sum, true
}
