package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"

	"holdspace/internal/holdspace"
	"holdspace/internal/schedule"
)

// Group session statuses. A session is scheduled until the live circle
// opens it (live) or a facilitator cancels it; one whose end has passed
// reads as ended (see GroupSession.StatusAt).
const (
	SessionScheduled = "scheduled"
	SessionLive      = "live"
	SessionEnded     = "ended"
	SessionCancelled = "cancelled"
)

// RSVP answers. Waitlist is never given by a member: a "going" answer
// becomes it when the group's capacity is reached.
const (
	RSVPGoing    = "going"
	RSVPMaybe    = "maybe"
	RSVPNotGoing = "not_going"
	RSVPWaitlist = "waitlist"
)

// Reminder kinds, as reminders_sent stores them.
const (
	Remind24h = "24h"
	Remind1h  = "1h"
)

// GroupSession is one group session: an occurrence of the group's schedule
// (OriginalStart set) or an extra session a facilitator added. The counts
// and the viewer's own answer are filled in by the methods that list
// sessions for a member.
type GroupSession struct {
	ID              int64
	GroupID         int64
	StartsAt        time.Time // UTC
	EndsAt          time.Time // UTC
	OriginalStart   time.Time // when the schedule put it; zero for an extra session
	Status          string    // as stored; StatusAt says what it is now
	Topic           string
	FacilitatorID   int64
	FacilitatorName string // the facilitator's name in this group
	Going           int
	Maybe           int
	Waitlist        int
	MyAnswer        string // the viewer's answer, "" for none
	MyPosition      int    // the viewer's place on the waitlist, 1 first; 0 when not on it
}

// Extra reports whether a facilitator added the session outside the schedule.
func (gs GroupSession) Extra() bool { return gs.OriginalStart.IsZero() }

// StatusAt is the session's status at now: a scheduled or live session
// whose end has passed has ended.
func (gs GroupSession) StatusAt(now time.Time) string {
	if (gs.Status == SessionScheduled || gs.Status == SessionLive) && !now.Before(gs.EndsAt) {
		return SessionEnded
	}
	return gs.Status
}

// sessionSelect reads a session with its RSVP counts and the answer and
// waitlist place of the viewer given as the first three parameters.
const sessionSelect = `SELECT gs.id, gs.group_id, gs.starts_at, gs.ends_at, gs.original_start, gs.status, gs.topic,
	gs.facilitator_id, COALESCE(fm.display_name, ''),
	(SELECT COUNT(*) FROM rsvps r WHERE r.session_id = gs.id AND r.answer = 'going'),
	(SELECT COUNT(*) FROM rsvps r WHERE r.session_id = gs.id AND r.answer = 'maybe'),
	(SELECT COUNT(*) FROM rsvps r WHERE r.session_id = gs.id AND r.answer = 'waitlist'),
	COALESCE((SELECT r.answer FROM rsvps r WHERE r.session_id = gs.id AND r.member_id = ?), ''),
	(SELECT COUNT(*) FROM rsvps w JOIN rsvps me ON me.session_id = w.session_id
		WHERE w.session_id = gs.id AND me.member_id = ? AND me.answer = 'waitlist' AND w.answer = 'waitlist'
		AND (w.position < me.position OR (w.position = me.position AND w.member_id <= me.member_id)))
	FROM group_sessions gs
	LEFT JOIN group_members fm ON fm.group_id = gs.group_id AND fm.member_id = gs.facilitator_id AND fm.status = 'approved'`

func scanSession(row interface{ Scan(...any) error }) (GroupSession, error) {
	var gs GroupSession
	var starts, ends int64
	var original, facilitator sql.NullInt64
	err := row.Scan(&gs.ID, &gs.GroupID, &starts, &ends, &original, &gs.Status, &gs.Topic, &facilitator, &gs.FacilitatorName,
		&gs.Going, &gs.Maybe, &gs.Waitlist, &gs.MyAnswer, &gs.MyPosition)
	gs.StartsAt, gs.EndsAt = fromUnix(starts), fromUnix(ends)
	if original.Valid {
		gs.OriginalStart = fromUnix(original.Int64)
	}
	gs.FacilitatorID = facilitator.Int64
	return gs, err
}

// sessionSlot is one occurrence the schedule wants as a row.
type sessionSlot struct {
	start, end, original time.Time
	cancelled            bool
}

// MaterializeSessions makes the next n occurrences of a group's schedule
// (and any session in progress) into group_sessions rows, so members can
// answer and facilitators can plan them. It is idempotent: the unique
// (group_id, original_start) index holds one row per occurrence. It also
// follows the schedule as it changes: a moved occurrence takes its new
// time, one cancelled by the schedule is marked cancelled, and one the
// schedule no longer has is removed (or cancelled, if members answered
// it). New occurrences get their facilitator from the rota: the members
// marked as trained, in turn. It writes only when something changed.
func (s *Store) MaterializeSessions(ctx context.Context, g holdspace.Group, sch schedule.Schedule, n int) error {
	now := s.now()
	from := now.Add(-sch.Duration)
	next := sch.Next(from, n)
	if len(next) == 0 {
		return nil
	}
	to := from
	for _, o := range next {
		if o.Start.After(to) {
			to = o.Start
		}
		if o.OriginalStart.After(to) {
			to = o.OriginalStart
		}
	}
	to = to.Add(time.Second)
	want := map[int64]sessionSlot{}
	for _, o := range next {
		want[unix(o.OriginalStart)] = sessionSlot{start: o.Start, end: o.End, original: o.OriginalStart}
	}
	type existing struct {
		id           int64
		starts, ends int64
		status       string
	}
	have := map[int64]existing{}
	rows, err := s.read.QueryContext(ctx, s.q(`SELECT id, original_start, starts_at, ends_at, status FROM group_sessions
		WHERE group_id = ? AND original_start >= ?`), g.ID, unix(from))
	if err != nil {
		return fmt.Errorf("materialize sessions of group %d: %w", g.ID, err)
	}
	last := to
	for rows.Next() {
		var e existing
		var orig int64
		if err := rows.Scan(&e.id, &orig, &e.starts, &e.ends, &e.status); err != nil {
			rows.Close()
			return err
		}
		have[orig] = e
		if t := fromUnix(orig).Add(time.Second); t.After(last) {
			last = t
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	// Every original start the schedule still knows, as far as the rows
	// go: the regular and cancelled ones, and those moved anywhere.
	valid := map[int64]bool{}
	for _, o := range sch.Between(from, last) {
		valid[unix(o.OriginalStart)] = true
		if o.Cancelled && !o.OriginalStart.Before(from) && o.OriginalStart.Before(to) {
			want[unix(o.OriginalStart)] = sessionSlot{start: o.Start, end: o.End, original: o.OriginalStart, cancelled: true}
		}
	}
	for k := range want {
		valid[k] = true
	}
	for _, x := range sch.Exceptions {
		if !x.MovedTo.IsZero() {
			valid[unix(schedule.At(x.Date, sch.Start, sch.Location))] = true
		}
	}
	var insert []sessionSlot
	type change struct {
		id           int64
		starts, ends int64
		status       string
		stale        bool
	}
	var changes []change
	for orig, w := range want {
		e, ok := have[orig]
		status := SessionScheduled
		if w.cancelled {
			status = SessionCancelled
		}
		switch {
		case !ok:
			insert = append(insert, w)
		case e.status != SessionScheduled && e.status != SessionCancelled:
			// Live or ended: what happened stays as it happened.
		case e.status != status || e.starts != unix(w.start) || e.ends != unix(w.end):
			changes = append(changes, change{id: e.id, starts: unix(w.start), ends: unix(w.end), status: status})
		}
	}
	for orig, e := range have {
		if !valid[orig] && (e.status == SessionScheduled || e.status == SessionCancelled) {
			changes = append(changes, change{id: e.id, stale: true})
		}
	}
	if len(insert) == 0 && len(changes) == 0 {
		return nil
	}
	sort.Slice(insert, func(i, j int) bool { return insert[i].start.Before(insert[j].start) })
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if s.dialect == Postgres {
			// One materialisation per group at a time, so two requests
			// do not both hand out the same rota turn.
			if _, err := tx.ExecContext(ctx, s.q(`SELECT id FROM groups WHERE id = ? FOR UPDATE`), g.ID); err != nil {
				return err
			}
		}
		for _, c := range changes {
			var err error
			if c.stale {
				// Gone from the schedule: removed, unless members answered
				// it or came, who then see it cancelled.
				_, err = tx.ExecContext(ctx, s.q(`DELETE FROM group_sessions WHERE id = ? AND status IN ('scheduled', 'cancelled')
					AND NOT EXISTS (SELECT 1 FROM rsvps r WHERE r.session_id = group_sessions.id)
					AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = group_sessions.id)`), c.id)
				if err == nil {
					_, err = tx.ExecContext(ctx, s.q(`UPDATE group_sessions SET status = 'cancelled' WHERE id = ? AND status = 'scheduled'`), c.id)
				}
			} else {
				_, err = tx.ExecContext(ctx, s.q(`UPDATE group_sessions SET starts_at = ?, ends_at = ?, status = ? WHERE id = ? AND status IN ('scheduled', 'cancelled')`),
					c.starts, c.ends, c.status, c.id)
			}
			if err != nil {
				return err
			}
		}
		if len(insert) == 0 {
			return nil
		}
		rota, err := s.rota(ctx, tx, g.ID)
		if err != nil {
			return err
		}
		for _, w := range insert {
			status := SessionScheduled
			var facilitator any
			if w.cancelled {
				status = SessionCancelled
			} else if len(rota) > 0 {
				facilitator, err = s.nextOnRota(ctx, tx, g.ID, rota, w.start)
				if err != nil {
					return err
				}
			}
			_, err := tx.ExecContext(ctx, s.q(`INSERT INTO group_sessions (group_id, starts_at, ends_at, original_start, status, facilitator_id, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (group_id, original_start) DO NOTHING`),
				g.ID, unix(w.start), unix(w.end), unix(w.original), status, facilitator, unix(now))
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("materialize sessions of group %d: %w", g.ID, err)
	}
	return nil
}

// rota lists the members who take turns to facilitate: approved members
// the organizers marked as trained, in the order they joined.
func (s *Store) rota(ctx context.Context, tx *sql.Tx, groupID int64) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, s.q(`SELECT member_id FROM group_members WHERE group_id = ? AND status = 'approved' AND trained
		ORDER BY joined_at, member_id`), groupID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// nextOnRota is whose turn it is for a session starting at start: the
// trained member after whoever facilitated the session before it, or the
// first when no one did (or they left the rota).
func (s *Store) nextOnRota(ctx context.Context, tx *sql.Tx, groupID int64, rota []int64, start time.Time) (int64, error) {
	var last int64
	err := tx.QueryRowContext(ctx, s.q(`SELECT facilitator_id FROM group_sessions WHERE group_id = ? AND facilitator_id IS NOT NULL
		AND starts_at < ? AND status <> 'cancelled' ORDER BY starts_at DESC, id DESC LIMIT 1`), groupID, unix(start)).Scan(&last)
	if err != nil && err != sql.ErrNoRows {
		return 0, err
	}
	for i, id := range rota {
		if id == last {
			return rota[(i+1)%len(rota)], nil
		}
	}
	return rota[0], nil
}

// UpcomingSessions lists a group's sessions that have not ended (cancelled
// ones included, so members know), soonest first, with counts and the
// viewer's own answer.
func (s *Store) UpcomingSessions(ctx context.Context, groupID, viewerID int64, limit int) ([]GroupSession, error) {
	rows, err := s.read.QueryContext(ctx, s.q(sessionSelect+` WHERE gs.group_id = ? AND gs.ends_at > ? ORDER BY gs.starts_at, gs.id LIMIT ?`),
		viewerID, viewerID, groupID, unix(s.now()), limit)
	if err != nil {
		return nil, fmt.Errorf("upcoming sessions: %w", err)
	}
	return collectSessions(rows)
}

// RecentSessions lists a group's sessions that started in the last days
// days and have ended, newest first: the ones facilitators mark attendance
// for afterwards.
func (s *Store) RecentSessions(ctx context.Context, groupID int64, days int) ([]GroupSession, error) {
	now := s.now()
	rows, err := s.read.QueryContext(ctx, s.q(sessionSelect+` WHERE gs.group_id = ? AND gs.ends_at <= ? AND gs.starts_at >= ?
		ORDER BY gs.starts_at DESC, gs.id DESC`), 0, 0, groupID, unix(now), unix(now.AddDate(0, 0, -days)))
	if err != nil {
		return nil, fmt.Errorf("recent sessions: %w", err)
	}
	return collectSessions(rows)
}

// MemberSessions lists the sessions of every group the member belongs to
// that end after from, soonest first: what their calendar feed holds.
func (s *Store) MemberSessions(ctx context.Context, memberID int64, from time.Time, limit int) ([]GroupSession, error) {
	rows, err := s.read.QueryContext(ctx, s.q(sessionSelect+` JOIN group_members gm ON gm.group_id = gs.group_id AND gm.member_id = ? AND gm.status = 'approved'
		WHERE gs.ends_at > ? ORDER BY gs.starts_at, gs.id LIMIT ?`), memberID, memberID, memberID, unix(from), limit)
	if err != nil {
		return nil, fmt.Errorf("member sessions: %w", err)
	}
	return collectSessions(rows)
}

func collectSessions(rows *sql.Rows) ([]GroupSession, error) {
	defer rows.Close()
	var out []GroupSession
	for rows.Next() {
		gs, err := scanSession(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, gs)
	}
	return out, rows.Err()
}

// Session returns one group session with counts and the viewer's answer.
func (s *Store) Session(ctx context.Context, id, viewerID int64) (GroupSession, error) {
	gs, err := scanSession(s.read.QueryRowContext(ctx, s.q(sessionSelect+` WHERE gs.id = ?`), viewerID, viewerID, id))
	if err != nil {
		return gs, notFound(err, "group session")
	}
	return gs, nil
}

// NextScheduledSession is the group's next occurrence of its schedule that
// has not started and is not cancelled. Call MaterializeSessions first.
func (s *Store) NextScheduledSession(ctx context.Context, groupID int64) (GroupSession, error) {
	gs, err := scanSession(s.read.QueryRowContext(ctx, s.q(sessionSelect+` WHERE gs.group_id = ? AND gs.original_start IS NOT NULL
		AND gs.status = 'scheduled' AND gs.starts_at > ? ORDER BY gs.starts_at, gs.id LIMIT 1`), 0, 0, groupID, unix(s.now())))
	if err != nil {
		if err == sql.ErrNoRows {
			return gs, holdspace.FieldError("starts_at", "This group has no upcoming group sessions on its schedule. Give a start time to add one")
		}
		return gs, fmt.Errorf("next session: %w", err)
	}
	return gs, nil
}

// TopicMax bounds a session's topic.
const TopicMax = 200

// CreateExtraSession adds a session outside the schedule and returns its id.
func (s *Store) CreateExtraSession(ctx context.Context, groupID int64, start, end time.Time, topic string) (int64, error) {
	var id int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, s.q(`INSERT INTO group_sessions (group_id, starts_at, ends_at, status, topic, created_at)
			VALUES (?, ?, ?, 'scheduled', ?, ?) RETURNING id`), groupID, unix(start), unix(end), topic, unix(s.now())).Scan(&id)
	})
	if err != nil {
		return 0, fmt.Errorf("create session: %w", err)
	}
	return id, nil
}

// SessionUpdate is what facilitators change about a session; nil keeps.
type SessionUpdate struct {
	Topic *string
	// FacilitatorID is who facilitates: a trained member or one with a
	// facilitating role; 0 clears it.
	FacilitatorID *int64
	// Status is "cancelled" or "scheduled" (to undo a cancellation).
	Status *string
	// Reason says why a session is cancelled, for members.
	Reason string
}

// UpdateSession changes a session's topic, facilitator or status.
// Cancelling an occurrence of the schedule (or undoing that) is recorded as
// a schedule exception too, so the group page and its calendar feed agree.
func (s *Store) UpdateSession(ctx context.Context, id int64, u SessionUpdate) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var groupID int64
		var original sql.NullInt64
		var zone string
		err := tx.QueryRowContext(ctx, s.q(`SELECT gs.group_id, gs.original_start, g.timezone FROM group_sessions gs JOIN groups g ON g.id = gs.group_id
			WHERE gs.id = ?`), id).Scan(&groupID, &original, &zone)
		if err != nil {
			return notFound(err, "group session")
		}
		if u.Topic != nil {
			if _, err := tx.ExecContext(ctx, s.q(`UPDATE group_sessions SET topic = ? WHERE id = ?`), *u.Topic, id); err != nil {
				return err
			}
		}
		if u.FacilitatorID != nil {
			var who any
			if *u.FacilitatorID != 0 {
				var n int
				err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM group_members WHERE group_id = ? AND member_id = ? AND status = 'approved'
					AND (trained OR role IN ('facilitator', 'co_facilitator', 'organizer'))`), groupID, *u.FacilitatorID).Scan(&n)
				if err != nil {
					return err
				}
				if n == 0 {
					return holdspace.FieldError("facilitator_id", "Choose a member who is trained to facilitate or has a facilitator role")
				}
				who = *u.FacilitatorID
			}
			if _, err := tx.ExecContext(ctx, s.q(`UPDATE group_sessions SET facilitator_id = ? WHERE id = ?`), who, id); err != nil {
				return err
			}
		}
		if u.Status == nil {
			return nil
		}
		switch *u.Status {
		case SessionCancelled, SessionScheduled:
		default:
			return holdspace.FieldError("status", `Status must be "cancelled", or "scheduled" to undo a cancellation`)
		}
		res, err := tx.ExecContext(ctx, s.q(`UPDATE group_sessions SET status = ? WHERE id = ? AND status IN ('scheduled', 'cancelled')`), *u.Status, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			// The session is live or over: a conflict with its state, as
			// starting or ending it at the wrong time is.
			return &holdspace.Error{Code: holdspace.EConflict, Field: "status",
				Message: "This group session has already started or taken place, so it can no longer be cancelled"}
		}
		if !original.Valid {
			return nil
		}
		loc, err := time.LoadLocation(zone)
		if err != nil {
			return fmt.Errorf("group %d time zone: %w", groupID, err)
		}
		date := fromUnix(original.Int64).In(loc).Format("2006-01-02")
		if *u.Status == SessionScheduled {
			_, err = tx.ExecContext(ctx, s.q(`DELETE FROM group_exceptions WHERE group_id = ? AND original_date = ? AND cancelled`), groupID, date)
			return err
		}
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM group_exceptions WHERE group_id = ? AND original_date = ?`), groupID, date); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, s.q(`INSERT INTO group_exceptions (group_id, original_date, cancelled, reason) VALUES (?, ?, TRUE, ?)`), groupID, date, u.Reason)
		return err
	})
}

// SetSessionStatus records what the live circle did with a session: live
// when it opens, ended when it closes. A cancelled session stays cancelled.
func (s *Store) SetSessionStatus(ctx context.Context, id int64, status string) error {
	switch status {
	case SessionLive, SessionEnded, SessionScheduled:
	default:
		return holdspace.FieldError("status", "Status must be scheduled, live or ended")
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`UPDATE group_sessions SET status = ? WHERE id = ? AND status <> 'cancelled'`), status, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return holdspace.Errorf(holdspace.ENotFound, "No such group session")
		}
		return nil
	})
}

// GroupCapacity is how many members can say they are going to one of the
// group's sessions; 0 means no limit.
func (s *Store) GroupCapacity(ctx context.Context, groupID int64) (int, error) {
	var n int
	err := s.read.QueryRowContext(ctx, s.q(`SELECT capacity FROM groups WHERE id = ?`), groupID).Scan(&n)
	return n, notFound(err, "group")
}

// SetGroupCapacity sets the group's size limit (0: none). Raising it lets
// waitlisted members in at once, each told by email through build.
func (s *Store) SetGroupCapacity(ctx context.Context, groupID, byID int64, capacity int, build func(Promotion) holdspace.Mail) error {
	if capacity < 0 {
		return holdspace.FieldError("capacity", "Capacity must be 0 (no limit) or more")
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		var old int
		if err := tx.QueryRowContext(ctx, s.q(`SELECT capacity FROM groups WHERE id = ?`), groupID).Scan(&old); err != nil {
			return notFound(err, "group")
		}
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE groups SET capacity = ? WHERE id = ?`), capacity, groupID); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, holdspace.AuditEntry{GroupID: groupID, ActorID: byID, Action: "set_capacity", Details: fmt.Sprintf("%d -> %d", old, capacity)}); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, s.q(`SELECT DISTINCT session_id FROM rsvps r JOIN group_sessions gs ON gs.id = r.session_id
			WHERE gs.group_id = ? AND r.answer = 'waitlist' AND gs.ends_at > ?`), groupID, unix(s.now()))
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		for _, id := range ids {
			if err := s.promote(ctx, tx, id, capacity, build); err != nil {
				return err
			}
		}
		return nil
	})
}

// Promotion is a waitlisted member who got a place, for the email that
// tells them.
type Promotion struct {
	MemberID       int64
	DisplayName    string // their name in the group
	MemberTimezone string // their own zone; "" means the group's
	Group          holdspace.Group
	Session        GroupSession
}

// RSVPResult is a member's answer as it stands after RSVP.
type RSVPResult struct {
	Answer   string // going, maybe, not_going or waitlist
	Position int    // place on the waitlist, 1 first; 0 when not on it
}

// RSVP records a member's answer to a session. When the group has a
// capacity and it is reached, "going" becomes a place on the waitlist. When
// someone going changes their answer, the first on the waitlist takes the
// place and is told by the mail build returns, queued in the same
// transaction. Members outside the group get ENotFound.
func (s *Store) RSVP(ctx context.Context, sessionID, memberID int64, answer string, build func(Promotion) holdspace.Mail) (RSVPResult, error) {
	switch answer {
	case RSVPGoing, RSVPMaybe, RSVPNotGoing:
	default:
		return RSVPResult{}, holdspace.FieldError("answer", `Answer "going", "maybe" or "not_going"`)
	}
	var res RSVPResult
	err := s.tx(ctx, func(tx *sql.Tx) error {
		lock := ""
		if s.dialect == Postgres {
			// Answers to one session queue up here, so two people
			// cannot both take the last place.
			lock = " FOR UPDATE OF gs"
		}
		var groupID, ends int64
		var status string
		var capacity int
		err := tx.QueryRowContext(ctx, s.q(`SELECT gs.group_id, gs.ends_at, gs.status, g.capacity FROM group_sessions gs JOIN groups g ON g.id = gs.group_id
			WHERE gs.id = ?`+lock), sessionID).Scan(&groupID, &ends, &status, &capacity)
		if err != nil {
			return notFound(err, "group session")
		}
		var approved int
		if err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM group_members WHERE group_id = ? AND member_id = ? AND status = 'approved'`), groupID, memberID).Scan(&approved); err != nil {
			return err
		}
		if approved == 0 {
			return holdspace.Errorf(holdspace.ENotFound, "No such group session")
		}
		if answer != RSVPNotGoing {
			switch {
			case status == SessionCancelled:
				return holdspace.FieldError("answer", "This group session is cancelled")
			case ends <= unix(s.now()):
				return holdspace.FieldError("answer", "This group session has ended")
			}
		}
		var cur string
		var pos int
		err = tx.QueryRowContext(ctx, s.q(`SELECT answer, position FROM rsvps WHERE session_id = ? AND member_id = ?`), sessionID, memberID).Scan(&cur, &pos)
		if err != nil && err != sql.ErrNoRows {
			return err
		}
		next, nextPos := answer, 0
		if answer == RSVPGoing {
			switch cur {
			case RSVPGoing:
			case RSVPWaitlist:
				next, nextPos = RSVPWaitlist, pos
			default:
				var going int
				if err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM rsvps WHERE session_id = ? AND answer = 'going'`), sessionID).Scan(&going); err != nil {
					return err
				}
				if capacity > 0 && going >= capacity {
					next = RSVPWaitlist
					if err := tx.QueryRowContext(ctx, s.q(`SELECT COALESCE(MAX(position), 0) + 1 FROM rsvps WHERE session_id = ?`), sessionID).Scan(&nextPos); err != nil {
						return err
					}
				}
			}
		}
		now := unix(s.now())
		if cur == "" {
			_, err = tx.ExecContext(ctx, s.q(`INSERT INTO rsvps (session_id, member_id, answer, position, updated_at) VALUES (?, ?, ?, ?, ?)`),
				sessionID, memberID, next, nextPos, now)
		} else if cur != next || pos != nextPos {
			_, err = tx.ExecContext(ctx, s.q(`UPDATE rsvps SET answer = ?, position = ?, updated_at = ? WHERE session_id = ? AND member_id = ?`),
				next, nextPos, now, sessionID, memberID)
		}
		if err != nil {
			return err
		}
		if cur == RSVPGoing && next != RSVPGoing {
			if err := s.promote(ctx, tx, sessionID, capacity, build); err != nil {
				return err
			}
		}
		res.Answer = next
		if next == RSVPWaitlist {
			return tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM rsvps WHERE session_id = ? AND answer = 'waitlist'
				AND (position < ? OR (position = ? AND member_id <= ?))`), sessionID, nextPos, nextPos, memberID).Scan(&res.Position)
		}
		return nil
	})
	return res, err
}

// promote fills free places from the waitlist, first come first served,
// and queues each promoted member's email inside tx.
func (s *Store) promote(ctx context.Context, tx *sql.Tx, sessionID int64, capacity int, build func(Promotion) holdspace.Mail) error {
	for {
		var going int
		if err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM rsvps WHERE session_id = ? AND answer = 'going'`), sessionID).Scan(&going); err != nil {
			return err
		}
		if capacity > 0 && going >= capacity {
			return nil
		}
		var memberID int64
		// The first on the waitlist who is still in the group.
		err := tx.QueryRowContext(ctx, s.q(`SELECT r.member_id FROM rsvps r JOIN group_sessions gs ON gs.id = r.session_id
			JOIN group_members gm ON gm.group_id = gs.group_id AND gm.member_id = r.member_id AND gm.status = 'approved'
			WHERE r.session_id = ? AND r.answer = 'waitlist' ORDER BY r.position, r.member_id LIMIT 1`), sessionID).Scan(&memberID)
		if err == sql.ErrNoRows {
			return nil
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE rsvps SET answer = 'going', position = 0, updated_at = ? WHERE session_id = ? AND member_id = ?`),
			unix(s.now()), sessionID, memberID); err != nil {
			return err
		}
		if build == nil {
			continue
		}
		p := Promotion{MemberID: memberID}
		gs, err := scanSession(tx.QueryRowContext(ctx, s.q(sessionSelect+` WHERE gs.id = ?`), memberID, memberID, sessionID))
		if err != nil {
			return err
		}
		p.Session = gs
		if p.Group, err = scanGroup(tx.QueryRowContext(ctx, s.q(`SELECT `+groupColumns+` FROM groups WHERE id = ?`), gs.GroupID)); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, s.q(`SELECT gm.display_name, m.timezone FROM group_members gm JOIN members m ON m.id = gm.member_id
			WHERE gm.group_id = ? AND gm.member_id = ?`), gs.GroupID, memberID).Scan(&p.DisplayName, &p.MemberTimezone); err != nil {
			return err
		}
		m := build(p)
		m.MemberID = memberID
		if m.Kind == "" {
			m.Kind = "waitlist_promoted"
		}
		if err := s.enqueue(ctx, tx, &m); err != nil {
			return err
		}
	}
}

// Attendee is one member marked present at a session.
type Attendee struct {
	MemberID    int64
	DisplayName string // their name in the group
	Source      string // facilitator or circle
	MarkedAt    time.Time
}

// Attendance lists who was at a session.
func (s *Store) Attendance(ctx context.Context, sessionID int64) ([]Attendee, error) {
	rows, err := s.read.QueryContext(ctx, s.q(`SELECT a.member_id, COALESCE(gm.display_name, ''), a.source, a.marked_at FROM attendance a
		JOIN group_sessions gs ON gs.id = a.session_id
		LEFT JOIN group_members gm ON gm.group_id = gs.group_id AND gm.member_id = a.member_id
		WHERE a.session_id = ? ORDER BY gm.name_key, a.member_id`), sessionID)
	if err != nil {
		return nil, fmt.Errorf("attendance: %w", err)
	}
	defer rows.Close()
	var out []Attendee
	for rows.Next() {
		var a Attendee
		var at int64
		if err := rows.Scan(&a.MemberID, &a.DisplayName, &a.Source, &at); err != nil {
			return nil, err
		}
		a.MarkedAt = fromUnix(at)
		out = append(out, a)
	}
	return out, rows.Err()
}

// Checkin is a newcomer who has just come to their third group session,
// for the gentle check-in email.
type Checkin struct {
	MemberID    int64
	DisplayName string // their name in the group
	Group       holdspace.Group
	Sessions    int // how many sessions they have come to
}

// AttendanceEarly is how long before its start a session's attendance can
// be marked (people arriving).
const AttendanceEarly = time.Hour

// MarkAttendance records that a member was (present) or was not at a
// session; source says who marked it: "facilitator", or "circle" when they
// joined the live circle. When a newcomer's attendance in the group reaches
// three sessions, the check-in email build returns is queued, once, in the
// same transaction (group_members.checkin_sent_at guards it). People who
// facilitate are not newcomers and get none.
func (s *Store) MarkAttendance(ctx context.Context, sessionID, memberID int64, present bool, source string, build func(Checkin) holdspace.Mail) error {
	if source != "facilitator" && source != "circle" {
		return fmt.Errorf("mark attendance: unknown source %q", source)
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		var groupID, starts int64
		var status string
		err := tx.QueryRowContext(ctx, s.q(`SELECT group_id, starts_at, status FROM group_sessions WHERE id = ?`), sessionID).Scan(&groupID, &starts, &status)
		if err != nil {
			return notFound(err, "group session")
		}
		var role string
		var checkedIn sql.NullInt64
		err = tx.QueryRowContext(ctx, s.q(`SELECT role, checkin_sent_at FROM group_members WHERE group_id = ? AND member_id = ? AND status = 'approved'`),
			groupID, memberID).Scan(&role, &checkedIn)
		if err == sql.ErrNoRows {
			return holdspace.FieldError("member_id", "That member is not in this group")
		}
		if err != nil {
			return err
		}
		if !present {
			_, err := tx.ExecContext(ctx, s.q(`DELETE FROM attendance WHERE session_id = ? AND member_id = ?`), sessionID, memberID)
			return err
		}
		switch {
		case status == SessionCancelled:
			return holdspace.FieldError("present", "This group session is cancelled")
		case s.now().Add(AttendanceEarly).Unix() < starts:
			return holdspace.FieldError("present", "You can mark attendance from an hour before the group session starts")
		}
		res, err := tx.ExecContext(ctx, s.q(`INSERT INTO attendance (session_id, member_id, source, marked_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (session_id, member_id) DO NOTHING`), sessionID, memberID, source, unix(s.now()))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 || checkedIn.Valid || build == nil {
			return nil
		}
		switch role {
		case holdspace.RoleFacilitator, holdspace.RoleCoFacilitator, holdspace.RoleOrganizer:
			return nil
		}
		var count int
		if err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM attendance a JOIN group_sessions gs ON gs.id = a.session_id
			WHERE gs.group_id = ? AND a.member_id = ?`), groupID, memberID).Scan(&count); err != nil {
			return err
		}
		if count < 3 {
			return nil
		}
		upd, err := tx.ExecContext(ctx, s.q(`UPDATE group_members SET checkin_sent_at = ? WHERE group_id = ? AND member_id = ? AND checkin_sent_at IS NULL`),
			unix(s.now()), groupID, memberID)
		if err != nil {
			return err
		}
		if n, _ := upd.RowsAffected(); n == 0 {
			return nil
		}
		c := Checkin{MemberID: memberID, Sessions: count}
		if c.Group, err = scanGroup(tx.QueryRowContext(ctx, s.q(`SELECT `+groupColumns+` FROM groups WHERE id = ?`), groupID)); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, s.q(`SELECT display_name FROM group_members WHERE group_id = ? AND member_id = ?`), groupID, memberID).Scan(&c.DisplayName); err != nil {
			return err
		}
		m := build(c)
		m.MemberID = memberID
		if m.Kind == "" {
			m.Kind = "newcomer_checkin"
		}
		return s.enqueue(ctx, tx, &m)
	})
}

// Reminder is one reminder due to one member for one session.
type Reminder struct {
	Kind           string // Remind24h or Remind1h
	Session        GroupSession
	Group          holdspace.Group
	MemberID       int64
	DisplayName    string // their name in the group
	MemberTimezone string // their own zone; "" means the group's
	Answer         string // their RSVP: going, maybe or ""
}

// DueReminders lists the reminders of kind due for sessions starting after
// from and at or before to: to each approved member of the group who chose
// that reminder, has an email address and email on, and has not said they
// are not going (nor is waiting on the waitlist), and who has not had it.
func (s *Store) DueReminders(ctx context.Context, kind string, from, to time.Time) ([]Reminder, error) {
	var choice string
	switch kind {
	case Remind24h:
		choice = "m.remind_24h"
	case Remind1h:
		choice = "m.remind_1h"
	default:
		return nil, fmt.Errorf("due reminders: unknown kind %q", kind)
	}
	rows, err := s.read.QueryContext(ctx, s.q(`SELECT gs.id, gm.member_id, gm.display_name, m.timezone, COALESCE(r.answer, ''), `+prefixed("g.", groupColumns)+`
		FROM group_sessions gs
		JOIN groups g ON g.id = gs.group_id
		JOIN group_members gm ON gm.group_id = gs.group_id AND gm.status = 'approved'
		JOIN members m ON m.id = gm.member_id
		LEFT JOIN rsvps r ON r.session_id = gs.id AND r.member_id = gm.member_id
		WHERE gs.status = 'scheduled' AND gs.starts_at > ? AND gs.starts_at <= ?
			AND `+choice+` AND NOT m.email_off AND m.email <> ''
			AND (r.answer IS NULL OR r.answer IN ('going', 'maybe'))
			AND NOT EXISTS (SELECT 1 FROM reminders_sent rs WHERE rs.session_id = gs.id AND rs.member_id = gm.member_id AND rs.kind = ?)
		ORDER BY gs.starts_at, gs.id, gm.member_id`), unix(from), unix(to), kind)
	if err != nil {
		return nil, fmt.Errorf("due reminders: %w", err)
	}
	type due struct {
		sessionID int64
		r         Reminder
	}
	var list []due
	for rows.Next() {
		var d due
		d.r.Kind = kind
		var answer string
		dest := []any{&d.sessionID, &d.r.MemberID, &d.r.DisplayName, &d.r.MemberTimezone, &answer}
		g, err := scanGroup(prefixScanner{rows, dest})
		if err != nil {
			rows.Close()
			return nil, err
		}
		d.r.Group, d.r.Answer = g, answer
		list = append(list, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]Reminder, 0, len(list))
	for _, d := range list {
		gs, err := s.Session(ctx, d.sessionID, d.r.MemberID)
		if err != nil {
			return nil, err
		}
		d.r.Session = gs
		out = append(out, d.r)
	}
	return out, nil
}

// prefixScanner scans some leading columns into dest and passes the rest
// to a scan function written for the remaining columns.
type prefixScanner struct {
	row  interface{ Scan(...any) error }
	dest []any
}

func (p prefixScanner) Scan(rest ...any) error {
	return p.row.Scan(append(append([]any{}, p.dest...), rest...)...)
}

// QueueReminder records the reminder as sent and queues its mail, in one
// transaction; it reports false, queuing nothing, when the member already
// had this reminder for this session.
func (s *Store) QueueReminder(ctx context.Context, r Reminder, m holdspace.Mail) (bool, error) {
	queued := false
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`INSERT INTO reminders_sent (session_id, member_id, kind, sent_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`),
			r.Session.ID, r.MemberID, r.Kind, unix(s.now()))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		m.MemberID = r.MemberID
		if m.Kind == "" {
			m.Kind = "reminder_" + r.Kind
		}
		queued = true
		return s.enqueue(ctx, tx, &m)
	})
	if err != nil {
		return false, fmt.Errorf("queue reminder: %w", err)
	}
	return queued, nil
}

// ReminderSettings are a member's choices about reminders and email.
type ReminderSettings struct {
	Remind24h bool
	Remind1h  bool
	Timezone  string // IANA name; "" shows each group's own time
	EmailOff  bool   // the member turned every email off
	Email     string // read only: the address on the account
}

// ReminderSettings returns a member's reminder choices.
func (s *Store) ReminderSettings(ctx context.Context, memberID int64) (ReminderSettings, error) {
	var rs ReminderSettings
	err := s.read.QueryRowContext(ctx, s.q(`SELECT remind_24h, remind_1h, timezone, email_off, email FROM members WHERE id = ?`), memberID).
		Scan(&rs.Remind24h, &rs.Remind1h, &rs.Timezone, &rs.EmailOff, &rs.Email)
	return rs, notFound(err, "member")
}

// SetReminderSettings saves a member's reminder choices (Email is ignored).
func (s *Store) SetReminderSettings(ctx context.Context, memberID int64, rs ReminderSettings) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`UPDATE members SET remind_24h = ?, remind_1h = ?, timezone = ?, email_off = ? WHERE id = ?`),
			rs.Remind24h, rs.Remind1h, rs.Timezone, rs.EmailOff, memberID)
		if err != nil {
			return fmt.Errorf("set reminders: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return holdspace.Errorf(holdspace.ENotFound, "That account no longer exists")
		}
		return nil
	})
}

// memberToken returns the member's token in column col, setting it to
// fresh first when there is none (or always, when reset).
func (s *Store) memberToken(ctx context.Context, col string, memberID int64, fresh string, reset bool) (string, error) {
	if strings.TrimSpace(fresh) == "" {
		return "", fmt.Errorf("member token: empty")
	}
	if !reset {
		var cur sql.NullString
		err := s.read.QueryRowContext(ctx, s.q(`SELECT `+col+` FROM members WHERE id = ?`), memberID).Scan(&cur)
		if err != nil {
			return "", notFound(err, "member")
		}
		if cur.Valid && cur.String != "" {
			return cur.String, nil
		}
	}
	var tok string
	err := s.tx(ctx, func(tx *sql.Tx) error {
		cond := ""
		if !reset {
			cond = ` AND (` + col + ` IS NULL OR ` + col + ` = '')`
		}
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE members SET `+col+` = ? WHERE id = ?`+cond), fresh, memberID); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, s.q(`SELECT `+col+` FROM members WHERE id = ?`), memberID).Scan(&tok)
	})
	if err != nil {
		return "", notFound(err, "member")
	}
	return tok, nil
}

// CalendarToken returns the secret of the member's personal calendar
// feed, making it fresh the first time.
func (s *Store) CalendarToken(ctx context.Context, memberID int64, fresh string) (string, error) {
	return s.memberToken(ctx, "calendar_token", memberID, fresh, false)
}

// ResetCalendarToken replaces the calendar secret, so the old feed
// address stops working.
func (s *Store) ResetCalendarToken(ctx context.Context, memberID int64, fresh string) (string, error) {
	return s.memberToken(ctx, "calendar_token", memberID, fresh, true)
}

// MemberByCalendarToken finds whose calendar feed a secret opens.
func (s *Store) MemberByCalendarToken(ctx context.Context, token string) (holdspace.Member, error) {
	if token == "" {
		return holdspace.Member{}, holdspace.Errorf(holdspace.ENotFound, "No such calendar")
	}
	m, err := scanMember(s.read.QueryRowContext(ctx, s.q(`SELECT `+memberColumns+` FROM members WHERE calendar_token = ?`), token))
	return m, notFound(err, "calendar")
}

// UnsubscribeToken returns the secret of the member's unsubscribe link,
// making it fresh the first time.
func (s *Store) UnsubscribeToken(ctx context.Context, memberID int64, fresh string) (string, error) {
	return s.memberToken(ctx, "unsubscribe_token", memberID, fresh, false)
}

// MemberByUnsubscribeToken finds whose unsubscribe link a secret is.
func (s *Store) MemberByUnsubscribeToken(ctx context.Context, token string) (holdspace.Member, error) {
	if token == "" {
		return holdspace.Member{}, holdspace.Errorf(holdspace.ENotFound, "No such link")
	}
	m, err := scanMember(s.read.QueryRowContext(ctx, s.q(`SELECT `+memberColumns+` FROM members WHERE unsubscribe_token = ?`), token))
	return m, notFound(err, "link")
}

// Unsubscribe turns every email off for the member whose unsubscribe
// secret token is. Doing it twice is harmless.
func (s *Store) Unsubscribe(ctx context.Context, token string) error {
	if token == "" {
		return holdspace.Errorf(holdspace.ENotFound, "No such link")
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`UPDATE members SET email_off = TRUE WHERE unsubscribe_token = ?`), token)
		if err != nil {
			return fmt.Errorf("unsubscribe: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return holdspace.Errorf(holdspace.ENotFound, "No such link")
		}
		return nil
	})
}

// ReminderGroups lists the groups with at least one approved member who
// can get email: the only groups whose sessions reminders need as rows.
func (s *Store) ReminderGroups(ctx context.Context) ([]holdspace.Group, error) {
	rows, err := s.read.QueryContext(ctx, s.q(`SELECT `+groupColumns+` FROM groups g WHERE EXISTS (
		SELECT 1 FROM group_members gm JOIN members m ON m.id = gm.member_id
		WHERE gm.group_id = g.id AND gm.status = 'approved' AND m.email <> '' AND NOT m.email_off) ORDER BY id`))
	if err != nil {
		return nil, fmt.Errorf("reminder groups: %w", err)
	}
	defer rows.Close()
	var out []holdspace.Group
	for rows.Next() {
		g, err := scanGroup(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// SessionGroup returns the group a session belongs to.
func (s *Store) SessionGroup(ctx context.Context, sessionID int64) (holdspace.Group, error) {
	g, err := scanGroup(s.read.QueryRowContext(ctx, s.q(`SELECT `+prefixed("g.", groupColumns)+` FROM groups g
		JOIN group_sessions gs ON gs.group_id = g.id WHERE gs.id = ?`), sessionID))
	return g, notFound(err, "group session")
}
