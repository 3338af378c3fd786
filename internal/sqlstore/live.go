package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"holdspace/internal/holdspace"
)

// SessionSummary is everything a live circle keeps once it ends: counts and
// the anonymous feedback. Nothing anyone said is in it.
type SessionSummary struct {
	SessionID int64
	EndedAt   time.Time
	// Attended lists the members who joined; each gets an attendance row
	// (source circle). AttendanceCount is how many.
	Attended        []int64
	AttendanceCount int
	// MoodCounts counts check-in moods by value: MoodCounts[0] is mood 1.
	MoodCounts [5]int
	Shares     int
	// Feedback is the anonymous answers, with no member id.
	Feedback []FeedbackAnswer
	// Answered lists who gave feedback: kept apart from the answers, only
	// so nobody answers twice. Never read back with them.
	Answered []int64
}

// FeedbackAnswer is one anonymous end-of-session answer.
type FeedbackAnswer struct {
	FeltHeard     int
	FeltSafe      int
	WouldComeBack int
	Comment       string
}

// EndLiveSession records that a live circle ended, in one transaction: the
// session's status becomes ended (a cancelled one stays cancelled), each
// member who attended gets an attendance row from the circle (a row a
// facilitator already made is kept), and the summary, the anonymous
// answers and the feedback receipts are stored. Ending twice keeps the
// first summary.
func (s *Store) EndLiveSession(ctx context.Context, sum SessionSummary) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`UPDATE group_sessions SET status = 'ended' WHERE id = ? AND status <> 'cancelled'`), sum.SessionID)
		if err != nil {
			return fmt.Errorf("end session %d: %w", sum.SessionID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			var one int
			if err := tx.QueryRowContext(ctx, s.q(`SELECT 1 FROM group_sessions WHERE id = ?`), sum.SessionID).Scan(&one); err != nil {
				return notFound(err, "group session")
			}
		}
		at := unix(sum.EndedAt)
		for _, id := range sum.Attended {
			// A member deleted since has no row to point at: skip them.
			if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO attendance (session_id, member_id, source, marked_at)
				SELECT ?, id, 'circle', ? FROM members WHERE id = ? ON CONFLICT (session_id, member_id) DO NOTHING`), sum.SessionID, at, id); err != nil {
				return fmt.Errorf("attendance: %w", err)
			}
		}
		res, err = tx.ExecContext(ctx, s.q(`INSERT INTO session_summaries (session_id, mood_1, mood_2, mood_3, mood_4, mood_5, share_count,
			attendance_count, feedback_count, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (session_id) DO NOTHING`),
			sum.SessionID, sum.MoodCounts[0], sum.MoodCounts[1], sum.MoodCounts[2], sum.MoodCounts[3], sum.MoodCounts[4], sum.Shares,
			sum.AttendanceCount, len(sum.Feedback), at)
		if err != nil {
			return fmt.Errorf("session summary: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil // ended before: the first summary stands
		}
		for _, a := range sum.Feedback {
			if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO session_feedback (session_id, felt_heard, felt_safe, would_come_back, comment)
				VALUES (?, ?, ?, ?, ?)`), sum.SessionID, a.FeltHeard, a.FeltSafe, a.WouldComeBack, a.Comment); err != nil {
				return fmt.Errorf("session feedback: %w", err)
			}
		}
		for _, id := range sum.Answered {
			if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO feedback_receipts (session_id, member_id) SELECT ?, id FROM members WHERE id = ?
				ON CONFLICT (session_id, member_id) DO NOTHING`), sum.SessionID, id); err != nil {
				return fmt.Errorf("feedback receipt: %w", err)
			}
		}
		return nil
	})
}

// LiveSummary returns what a live circle kept: its counts and the anonymous
// answers (not who gave them). ENotFound when the session has no summary.
func (s *Store) LiveSummary(ctx context.Context, sessionID int64) (SessionSummary, error) {
	sum := SessionSummary{SessionID: sessionID}
	var feedback int
	var at int64
	m := &sum.MoodCounts
	err := s.read.QueryRowContext(ctx, s.q(`SELECT mood_1, mood_2, mood_3, mood_4, mood_5, share_count, attendance_count, feedback_count, ended_at
		FROM session_summaries WHERE session_id = ?`), sessionID).Scan(&m[0], &m[1], &m[2], &m[3], &m[4], &sum.Shares, &sum.AttendanceCount, &feedback, &at)
	if err != nil {
		return sum, notFound(err, "session summary")
	}
	sum.EndedAt = fromUnix(at)
	rows, err := s.read.QueryContext(ctx, s.q(`SELECT felt_heard, felt_safe, would_come_back, comment FROM session_feedback WHERE session_id = ?
		ORDER BY felt_heard, felt_safe, would_come_back, comment`), sessionID)
	if err != nil {
		return sum, fmt.Errorf("session feedback: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a FeedbackAnswer
		if err := rows.Scan(&a.FeltHeard, &a.FeltSafe, &a.WouldComeBack, &a.Comment); err != nil {
			return sum, err
		}
		sum.Feedback = append(sum.Feedback, a)
	}
	return sum, rows.Err()
}

// GaveFeedback reports whether a member answered a session's feedback.
func (s *Store) GaveFeedback(ctx context.Context, sessionID, memberID int64) (bool, error) {
	var n int
	err := s.read.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM feedback_receipts WHERE session_id = ? AND member_id = ?`), sessionID, memberID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("feedback receipt: %w", err)
	}
	return n > 0, nil
}

// GroupForSession returns the group a group session belongs to.
func (s *Store) GroupForSession(ctx context.Context, sessionID int64) (holdspace.Group, error) {
	g, err := scanGroup(s.read.QueryRowContext(ctx, s.q(`SELECT `+prefixed("g.", groupColumns)+` FROM groups g
		JOIN group_sessions gs ON gs.group_id = g.id WHERE gs.id = ?`), sessionID))
	return g, notFound(err, "group session")
}
