package circle

import "slices"

// Feed is one member's view of a session's event log. The session numbers
// every event it emits (Event.Seq), whatever its audience, so the numbers
// one member sees would have gaps. A Feed filters the log down to the
// events that reach its member and numbers those 1, 2, 3... with no gaps,
// which is what the client sees and resumes from. It remembers the session
// Seq behind each of its last numbers so a reconnecting client can be sent
// exactly what it missed.
//
// The transport keeps one Feed per member for the whole session (not per
// connection, so numbering survives reconnects), creates it before the
// member's join is applied, and offers it every event the session emits,
// in order, whether or not the member is connected. A Feed is pure and
// small: a few integers and a ring of keep sequence numbers.
type Feed struct {
	member  string
	role    Role
	present bool
	n       int64   // the last number handed out
	last    int64   // the session Seq of the last event offered
	hist    []int64 // hist[k%len] is the session Seq numbered k; 0 marks a baseline
	keep    int     // how long hist grows: it starts small, as most members see few events
}

// NewFeed starts a member's feed that can replay up to keep events.
func NewFeed(memberID string, keep int) *Feed {
	if keep < 1 {
		keep = 1
	}
	return &Feed{member: memberID, keep: keep, hist: make([]int64, min(keep, 8))}
}

// record notes that number k stands for the session's Seq seq. Until hist
// has grown to keep it never wraps, so number k sits at index k, and
// growing it keeps every number where it was.
func (f *Feed) record(k, seq int64) {
	if k >= int64(len(f.hist)) && len(f.hist) < f.keep {
		grown := make([]int64, min(f.keep, max(int(k)+1, 2*len(f.hist))))
		copy(grown, f.hist)
		f.hist = grown
	}
	f.hist[k%int64(len(f.hist))] = seq
}

// Member returns the member id the feed is for.
func (f *Feed) Member() string { return f.member }

// Number returns the last number handed out: what the client has seen if
// it is up to date.
func (f *Feed) Number() int64 { return f.n }

// Offer takes the session's next event. It reports whether the event
// reaches this member and, if so, the member's number for it. Events must
// be offered in Seq order; one already offered is refused.
//
// Whether an event reaches the member follows its Audience: OneMember
// events reach the member named; Everyone events reach the member while
// present, which the feed follows from the joined, left and ended events
// (the member gets the joined event about themselves and their own left
// event); Facilitators events reach the member while present if the role
// in their joined event facilitates; Members events reach the member while
// present if Audience.IDs lists them.
func (f *Feed) Offer(e Event) (n int64, ok bool) {
	if e.Seq <= f.last {
		return 0, false
	}
	f.last = e.Seq
	switch e.Audience.Kind {
	case OneMember:
		ok = e.Audience.To == f.member
	case Facilitators:
		ok = f.present && f.role.Facilitates()
	case Members:
		ok = f.present && slices.Contains(e.Audience.IDs, f.member)
	default:
		if e.Type == EventJoined && e.MemberID == f.member {
			f.present, f.role = true, e.Role
		}
		ok = f.present
		if e.Type == EventEnded || (e.Type == EventLeft && e.MemberID == f.member) {
			f.present = false
		}
	}
	if !ok {
		return 0, false
	}
	f.n++
	f.record(f.n, e.Seq)
	return f.n, true
}

// Baseline hands out the number for a fresh state snapshot sent to a client
// whose missed events can no longer be replayed (see Resume). The client
// replaces everything it knows with the snapshot and carries on from its
// number.
func (f *Feed) Baseline() int64 {
	f.n++
	f.record(f.n, 0)
	return f.n
}

// Resume returns the session Seqs of the events numbered after since, oldest
// first, for a client reconnecting after seeing number since. It reports
// false when they cannot all be replayed (too old to remember, a baseline
// among them, or since is not a number this feed gave): then send a fresh
// snapshot numbered by Baseline instead. The transport looks the events up
// by Seq in its own buffer, and must also fall back to a snapshot if its
// buffer no longer holds one of them.
func (f *Feed) Resume(since int64) ([]int64, bool) {
	if since < 0 || since > f.n || f.n-since > int64(len(f.hist)) {
		return nil, false
	}
	seqs := make([]int64, 0, f.n-since)
	for k := since + 1; k <= f.n; k++ {
		seq := f.hist[k%int64(len(f.hist))]
		if seq == 0 {
			return nil, false
		}
		seqs = append(seqs, seq)
	}
	return seqs, true
}
