package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"holdspace/internal/holdspace"
)

const membershipColumns = `group_id, member_id, display_name, role, status, request_note, decision_message, joined_at,
	just_listening, trained, willing_buddy, buddy_id`

func scanMembership(row interface{ Scan(...any) error }) (holdspace.Membership, error) {
	var m holdspace.Membership
	var joined int64
	var buddy sql.NullInt64
	err := row.Scan(&m.GroupID, &m.MemberID, &m.DisplayName, &m.Role, &m.Status, &m.RequestNote, &m.DecisionMessage, &joined,
		&m.JustListening, &m.Trained, &m.WillingBuddy, &buddy)
	m.JoinedAt = fromUnix(joined)
	m.BuddyID = buddy.Int64
	return m, err
}

// Membership returns a member's place in a group; ENotFound when they have
// never asked to join.
func (s *Store) Membership(ctx context.Context, groupID, memberID int64) (holdspace.Membership, error) {
	m, err := scanMembership(s.read.QueryRowContext(ctx, s.q(`SELECT `+membershipColumns+` FROM group_members WHERE group_id = ? AND member_id = ?`), groupID, memberID))
	return m, notFound(err, "membership")
}

// Memberships lists a group's memberships with the given status, in the
// order people joined.
func (s *Store) Memberships(ctx context.Context, groupID int64, status string) ([]holdspace.Membership, error) {
	rows, err := s.read.QueryContext(ctx, s.q(`SELECT `+membershipColumns+` FROM group_members WHERE group_id = ? AND status = ? ORDER BY joined_at, member_id`), groupID, status)
	if err != nil {
		return nil, fmt.Errorf("list memberships: %w", err)
	}
	defer rows.Close()
	var out []holdspace.Membership
	for rows.Next() {
		m, err := scanMembership(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// MemberGroups lists the groups a member belongs to (approved).
func (s *Store) MemberGroups(ctx context.Context, memberID int64) ([]holdspace.Group, error) {
	rows, err := s.read.QueryContext(ctx, s.q(`SELECT `+prefixed("g.", groupColumns)+` FROM groups g JOIN group_members gm ON gm.group_id = g.id
		WHERE gm.member_id = ? AND gm.status = 'approved' ORDER BY g.name`), memberID)
	if err != nil {
		return nil, fmt.Errorf("member groups: %w", err)
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

// prefixed qualifies a comma-separated column list with a table alias.
func prefixed(alias, cols string) string {
	parts := strings.Split(cols, ",")
	for i, p := range parts {
		parts[i] = alias + strings.TrimSpace(p)
	}
	return strings.Join(parts, ", ")
}

// Join asks to join a group under displayName. In an open group the member
// is in at once; in a closed one it is a request for a facilitator. Someone
// removed from the group cannot ask again. It returns the membership.
func (s *Store) Join(ctx context.Context, groupID, memberID int64, displayName, note string, open bool) (holdspace.Membership, error) {
	status := holdspace.StatusRequested
	if open {
		status = holdspace.StatusApproved
	}
	now := unix(s.now())
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var cur string
		err := tx.QueryRowContext(ctx, s.q(`SELECT status FROM group_members WHERE group_id = ? AND member_id = ?`), groupID, memberID).Scan(&cur)
		switch {
		case err == sql.ErrNoRows:
		case err != nil:
			return err
		case cur == holdspace.StatusRemoved:
			// Said as not found: a removed member learns nothing new.
			return holdspace.Errorf(holdspace.ENotFound, "No such group")
		case cur == holdspace.StatusApproved || cur == holdspace.StatusRequested:
			return nil
		}
		if err := s.nameFree(ctx, tx, groupID, memberID, displayName); err != nil {
			return err
		}
		if cur == "" {
			_, err = tx.ExecContext(ctx, s.q(`INSERT INTO group_members (group_id, member_id, display_name, name_key, role, status, request_note, joined_at)
				VALUES (?, ?, ?, ?, 'member', ?, ?, ?)`), groupID, memberID, displayName, holdspace.NameKey(displayName), status, note, now)
		} else {
			_, err = tx.ExecContext(ctx, s.q(`UPDATE group_members SET display_name = ?, name_key = ?, role = 'member', status = ?, request_note = ?,
				decision_message = '', decided_by = NULL, decided_at = NULL, joined_at = ? WHERE group_id = ? AND member_id = ?`),
				displayName, holdspace.NameKey(displayName), status, note, now, groupID, memberID)
		}
		return err
	})
	if err != nil {
		return holdspace.Membership{}, err
	}
	return s.Membership(ctx, groupID, memberID)
}

// nameFree checks that no other current member of the group uses the name.
func (s *Store) nameFree(ctx context.Context, tx *sql.Tx, groupID, memberID int64, name string) error {
	var n int
	err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM group_members WHERE group_id = ? AND name_key = ? AND member_id <> ?
		AND status IN ('approved', 'requested')`), groupID, holdspace.NameKey(name), memberID).Scan(&n)
	if err != nil {
		return err
	}
	if n > 0 {
		return &holdspace.Error{Code: holdspace.EConflict, Field: "display_name", Message: "Someone in this group already uses that name. Choose another one"}
	}
	return nil
}

// SetGroupDisplayName changes the name a member uses in one group.
func (s *Store) SetGroupDisplayName(ctx context.Context, groupID, memberID int64, name string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.nameFree(ctx, tx, groupID, memberID, name); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, s.q(`UPDATE group_members SET display_name = ?, name_key = ? WHERE group_id = ? AND member_id = ?`),
			name, holdspace.NameKey(name), groupID, memberID)
		return err
	})
}

// Decide approves or declines a pending request, with a message for the
// requester, records who decided, writes the audit line and queues the
// email, all in one transaction.
func (s *Store) Decide(ctx context.Context, groupID, memberID, deciderID int64, approve bool, message string, mail *holdspace.Mail) error {
	status, action := holdspace.StatusDeclined, "decline_request"
	if approve {
		status, action = holdspace.StatusApproved, "approve_request"
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`UPDATE group_members SET status = ?, decision_message = ?, decided_by = ?, decided_at = ?
			WHERE group_id = ? AND member_id = ? AND status = 'requested'`), status, message, deciderID, unix(s.now()), groupID, memberID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return holdspace.Errorf(holdspace.ENotFound, "There is no request from that member")
		}
		if err := s.audit(ctx, tx, holdspace.AuditEntry{GroupID: groupID, ActorID: deciderID, Action: action, TargetID: memberID, Reason: message}); err != nil {
			return err
		}
		return s.enqueue(ctx, tx, mail)
	})
}

// Leave takes a member out of a group at their own wish.
func (s *Store) Leave(ctx context.Context, groupID, memberID int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`UPDATE group_members SET status = 'left', role = 'member', buddy_id = NULL
			WHERE group_id = ? AND member_id = ? AND status IN ('approved', 'requested')`), groupID, memberID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return holdspace.Errorf(holdspace.ENotFound, "You are not in this group")
		}
		return nil
	})
}

// RemoveMember takes a member out of a group for a reason, for good: they
// cannot ask to join again. The removal is audited.
func (s *Store) RemoveMember(ctx context.Context, groupID, memberID, byID int64, reason string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`UPDATE group_members SET status = 'removed', role = 'member', buddy_id = NULL, decided_by = ?, decided_at = ?
			WHERE group_id = ? AND member_id = ? AND status IN ('approved', 'requested')`), byID, unix(s.now()), groupID, memberID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return holdspace.Errorf(holdspace.ENotFound, "That member is not in this group")
		}
		return s.audit(ctx, tx, holdspace.AuditEntry{GroupID: groupID, ActorID: byID, Action: "remove_member", TargetID: memberID, Reason: reason})
	})
}

// SetRole grants or takes back a role, audited.
func (s *Store) SetRole(ctx context.Context, groupID, memberID, byID int64, role, reason string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var old string
		err := tx.QueryRowContext(ctx, s.q(`SELECT role FROM group_members WHERE group_id = ? AND member_id = ? AND status = 'approved'`), groupID, memberID).Scan(&old)
		if err == sql.ErrNoRows {
			return holdspace.Errorf(holdspace.ENotFound, "That member is not in this group")
		}
		if err != nil {
			return err
		}
		if old == holdspace.RoleOrganizer && role != holdspace.RoleOrganizer {
			var n int
			if err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM group_members WHERE group_id = ? AND role = 'organizer' AND status = 'approved'`), groupID).Scan(&n); err != nil {
				return err
			}
			if n <= 1 {
				return holdspace.FieldError("role", "A group needs at least one organizer. Make someone else an organizer first")
			}
		}
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE group_members SET role = ? WHERE group_id = ? AND member_id = ?`), role, groupID, memberID); err != nil {
			return err
		}
		return s.audit(ctx, tx, holdspace.AuditEntry{GroupID: groupID, ActorID: byID, Action: "set_role", TargetID: memberID, Reason: reason, Details: old + " -> " + role})
	})
}

// SetMemberFlags sets a member's newcomer and rota flags in a group.
func (s *Store) SetMemberFlags(ctx context.Context, groupID, memberID int64, justListening, trained, willingBuddy *bool) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, f := range []struct {
			col string
			v   *bool
		}{{"just_listening", justListening}, {"trained", trained}, {"willing_buddy", willingBuddy}} {
			if f.v == nil {
				continue
			}
			if _, err := tx.ExecContext(ctx, s.q(`UPDATE group_members SET `+f.col+` = ? WHERE group_id = ? AND member_id = ?`), *f.v, groupID, memberID); err != nil {
				return err
			}
		}
		return nil
	})
}

// PairBuddy pairs a newcomer with a welcome buddy who agreed to be one.
func (s *Store) PairBuddy(ctx context.Context, groupID, newcomerID, buddyID, byID int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var willing bool
		err := tx.QueryRowContext(ctx, s.q(`SELECT willing_buddy FROM group_members WHERE group_id = ? AND member_id = ? AND status = 'approved'`), groupID, buddyID).Scan(&willing)
		if err == sql.ErrNoRows || (err == nil && !willing) {
			return holdspace.FieldError("buddy_id", "Choose a member who has agreed to be a welcome buddy")
		}
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, s.q(`UPDATE group_members SET buddy_id = ? WHERE group_id = ? AND member_id = ? AND status = 'approved'`), buddyID, groupID, newcomerID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return holdspace.Errorf(holdspace.ENotFound, "That member is not in this group")
		}
		return s.audit(ctx, tx, holdspace.AuditEntry{GroupID: groupID, ActorID: byID, Action: "pair_buddy", TargetID: newcomerID, Details: fmt.Sprint(buddyID)})
	})
}

// audit appends one line to the audit log inside tx.
func (s *Store) audit(ctx context.Context, tx *sql.Tx, e holdspace.AuditEntry) error {
	var group, actor, target any
	if e.GroupID != 0 {
		group = e.GroupID
	}
	if e.ActorID != 0 {
		actor = e.ActorID
	}
	if e.TargetID != 0 {
		target = e.TargetID
	}
	_, err := tx.ExecContext(ctx, s.q(`INSERT INTO audit_log (group_id, actor_id, action, target_id, reason, details, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`),
		group, actor, e.Action, target, e.Reason, e.Details, unix(s.now()))
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

// AuditLog lists a group's audit lines, oldest first.
func (s *Store) AuditLog(ctx context.Context, groupID int64) ([]holdspace.AuditEntry, error) {
	rows, err := s.read.QueryContext(ctx, s.q(`SELECT id, actor_id, action, target_id, reason, details, created_at FROM audit_log WHERE group_id = ? ORDER BY id`), groupID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []holdspace.AuditEntry
	for rows.Next() {
		e := holdspace.AuditEntry{GroupID: groupID}
		var actor, target sql.NullInt64
		var at int64
		if err := rows.Scan(&e.ID, &actor, &e.Action, &target, &e.Reason, &e.Details, &at); err != nil {
			return nil, err
		}
		e.ActorID, e.TargetID, e.CreatedAt = actor.Int64, target.Int64, fromUnix(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// enqueue writes a message to the outbox inside tx; nil is nothing to send.
func (s *Store) enqueue(ctx context.Context, tx *sql.Tx, m *holdspace.Mail) error {
	if m == nil {
		return nil
	}
	after := m.SendAfter
	if after.IsZero() {
		after = s.now()
	}
	_, err := tx.ExecContext(ctx, s.q(`INSERT INTO outbox (member_id, kind, subject, body, created_at, send_after) VALUES (?, ?, ?, ?, ?, ?)`),
		m.MemberID, m.Kind, m.Subject, m.Body, unix(s.now()), unix(after))
	if err != nil {
		return fmt.Errorf("queue mail: %w", err)
	}
	return nil
}

// Enqueue queues one message on its own.
func (s *Store) Enqueue(ctx context.Context, m holdspace.Mail) error {
	return s.tx(ctx, func(tx *sql.Tx) error { return s.enqueue(ctx, tx, &m) })
}

// AttendanceCounts is how many group sessions each member has attended in
// a group, for newcomers' progress (1, 2, 3+).
func (s *Store) AttendanceCounts(ctx context.Context, groupID int64) (map[int64]int, error) {
	rows, err := s.read.QueryContext(ctx, s.q(`SELECT a.member_id, COUNT(*) FROM attendance a JOIN group_sessions gs ON gs.id = a.session_id
		WHERE gs.group_id = ? GROUP BY a.member_id`), groupID)
	if err != nil {
		return nil, fmt.Errorf("attendance counts: %w", err)
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}
