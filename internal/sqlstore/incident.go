package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Incident is one entry of a group's incident log: a risk alert in a live
// circle. It says who, where, when and what kind of signal, never what was
// written (see migrations/*/0009_incidents.sql). Only the group's
// facilitators may see it.
type Incident struct {
	ID        int64
	GroupID   int64
	SessionID int64
	// MemberID is the writer's account; 0 for a guest in the room or a
	// member who has since deleted their account.
	MemberID int64
	// Name is the writer's display name in the group, "" when unknown.
	Name      string
	Category  string
	CreatedAt time.Time
	// SessionStart is when the group session was due to start.
	SessionStart time.Time
}

// AddIncident writes a risk alert to the group's incident log. It never
// takes the words.
func (s *Store) AddIncident(ctx context.Context, in Incident) error {
	var member any
	if in.MemberID != 0 {
		member = in.MemberID
	}
	at := in.CreatedAt
	if at.IsZero() {
		at = s.now()
	}
	_, err := s.write.ExecContext(ctx, s.q(`INSERT INTO incidents (group_id, session_id, member_id, category, created_at)
		VALUES (?, ?, ?, ?, ?)`), in.GroupID, in.SessionID, member, in.Category, unix(at))
	if err != nil {
		return fmt.Errorf("add incident: %w", err)
	}
	return nil
}

// Incidents lists a group's incident log, newest first, at most limit
// entries, within the group's retention period.
func (s *Store) Incidents(ctx context.Context, groupID int64, limit int) ([]Incident, error) {
	if limit <= 0 {
		limit = 200
	}
	rows, err := s.read.QueryContext(ctx, s.q(`SELECT i.id, i.group_id, i.session_id, i.member_id, COALESCE(gm.display_name, ''),
			i.category, i.created_at, gs.starts_at
		FROM incidents i
		JOIN groups g ON g.id = i.group_id
		JOIN group_sessions gs ON gs.id = i.session_id
		LEFT JOIN group_members gm ON gm.group_id = i.group_id AND gm.member_id = i.member_id
		WHERE i.group_id = ? AND i.created_at > ? - g.retention_days * 86400
		ORDER BY i.created_at DESC, i.id DESC LIMIT ?`), groupID, unix(s.now()), limit)
	if err != nil {
		return nil, fmt.Errorf("list incidents: %w", err)
	}
	defer rows.Close()
	out := []Incident{}
	for rows.Next() {
		var in Incident
		var member sql.NullInt64
		var created, start int64
		if err := rows.Scan(&in.ID, &in.GroupID, &in.SessionID, &member, &in.Name, &in.Category, &created, &start); err != nil {
			return nil, err
		}
		in.MemberID, in.CreatedAt, in.SessionStart = member.Int64, fromUnix(created), fromUnix(start)
		out = append(out, in)
	}
	return out, rows.Err()
}

// DeleteExpiredIncidents deletes incident log entries older than their
// group's retention_days, and returns how many went.
func (s *Store) DeleteExpiredIncidents(ctx context.Context) (int64, error) {
	res, err := s.write.ExecContext(ctx, s.q(`DELETE FROM incidents WHERE created_at <= ? -
		(SELECT g.retention_days FROM groups g WHERE g.id = incidents.group_id) * 86400`), unix(s.now()))
	if err != nil {
		return 0, fmt.Errorf("delete expired incidents: %w", err)
	}
	return res.RowsAffected()
}

// RetentionDays returns how many days the group keeps what it keeps (its
// incident log among it).
func (s *Store) RetentionDays(ctx context.Context, groupID int64) (int, error) {
	var days int
	if err := s.read.QueryRowContext(ctx, s.q(`SELECT retention_days FROM groups WHERE id = ?`), groupID).Scan(&days); err != nil {
		return 0, notFound(err, "group")
	}
	return days, nil
}
