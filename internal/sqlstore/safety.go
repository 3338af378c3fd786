package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"

	"holdspace/internal/holdspace"
	"holdspace/internal/safetyplan"
)

// Report targets, statuses and actions.
const (
	TargetMessage = "message"
	TargetPost    = "post"
	TargetMember  = "member"

	ReportOpen      = "open"
	ReportDismissed = "dismissed"
	ReportActioned  = "actioned"

	ActionDismiss = "dismiss"
	ActionWarn    = "warn"
	ActionHide    = "hide"
	ActionMute    = "mute"
	ActionRemove  = "remove"
)

// Report is one report in a group's moderation queue. It has no field for
// the member who made it: the store keeps the reporter only to refuse a
// second open report of the same thing by the same person, and never
// gives it back.
type Report struct {
	ID         int64
	GroupID    int64
	TargetType string // message, post, member
	TargetID   string // the message's, post's or member's id, as text
	// TargetMemberID is the member the report is about (the author of a
	// message or post); 0 when nobody knows.
	TargetMemberID int64
	Reason         string
	Note           string
	Status         string // open, dismissed, actioned
	CreatedAt      time.Time
	DecidedBy      int64
	DecidedAt      time.Time // zero while open
	Action         string    // the decision; "" while open
}

const reportColumns = `id, group_id, target_type, target_id, target_member_id, reason, note, status, created_at, decided_by, decided_at, action`

func scanReport(row interface{ Scan(...any) error }) (Report, error) {
	var r Report
	var target, by, decided sql.NullInt64
	var created int64
	err := row.Scan(&r.ID, &r.GroupID, &r.TargetType, &r.TargetID, &target, &r.Reason, &r.Note, &r.Status, &created, &by, &decided, &r.Action)
	r.TargetMemberID, r.DecidedBy, r.CreatedAt = target.Int64, by.Int64, fromUnix(created)
	if decided.Valid {
		r.DecidedAt = fromUnix(decided.Int64)
	}
	return r, err
}

// CreateReports files reports by reporterID, all in one transaction (a
// report about a member can go to several groups at once). A report the
// same person already has open about the same thing in the same group is
// not filed again, and that is not an error: the reporter learns nothing
// from the difference.
func (s *Store) CreateReports(ctx context.Context, reporterID int64, reports []Report) error {
	now := unix(s.now())
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, r := range reports {
			var target any
			if r.TargetMemberID != 0 {
				target = r.TargetMemberID
			}
			// The partial unique index reports_once is what makes a
			// duplicate do nothing.
			_, err := tx.ExecContext(ctx, s.q(`INSERT INTO reports (group_id, reporter_id, target_type, target_id, target_member_id, reason, note, status, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?) ON CONFLICT DO NOTHING`),
				r.GroupID, reporterID, r.TargetType, r.TargetID, target, r.Reason, r.Note, now)
			if err != nil {
				return fmt.Errorf("file report: %w", err)
			}
		}
		return nil
	})
}

// Reports lists a group's reports with the given status ("" for all),
// oldest first.
func (s *Store) Reports(ctx context.Context, groupID int64, status string) ([]Report, error) {
	query, args := `SELECT `+reportColumns+` FROM reports WHERE group_id = ?`, []any{groupID}
	if status != "" {
		query, args = query+` AND status = ?`, append(args, status)
	}
	rows, err := s.read.QueryContext(ctx, s.q(query+` ORDER BY id`), args...)
	if err != nil {
		return nil, fmt.Errorf("list reports: %w", err)
	}
	defer rows.Close()
	var out []Report
	for rows.Next() {
		r, err := scanReport(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Report returns one of a group's reports.
func (s *Store) Report(ctx context.Context, groupID, id int64) (Report, error) {
	r, err := scanReport(s.read.QueryRowContext(ctx, s.q(`SELECT `+reportColumns+` FROM reports WHERE group_id = ? AND id = ?`), groupID, id))
	return r, notFound(err, "report")
}

// Decision is what a facilitator decided about a report.
type Decision struct {
	Action    string // dismiss, warn, hide, mute, remove
	Reason    string // why, for the audit log
	MuteUntil time.Time
	// Mail is queued in the same transaction (a warning); nil sends none.
	Mail *holdspace.Mail
}

// DecideReport records a decision on an open report, and on every other
// open report about the same thing in the group, so the facilitators do
// not decide it twice. It applies a mute, queues the mail and audits the
// decision, all in one transaction. A removal is done first with
// RemoveMember, which audits it; DecideReport then only closes the
// reports. A report already decided is EConflict.
func (s *Store) DecideReport(ctx context.Context, groupID, reportID, byID int64, d Decision) (Report, error) {
	status := ReportActioned
	if d.Action == ActionDismiss {
		status = ReportDismissed
	}
	now := s.now()
	err := s.tx(ctx, func(tx *sql.Tx) error {
		r, err := scanReport(tx.QueryRowContext(ctx, s.q(`SELECT `+reportColumns+` FROM reports WHERE group_id = ? AND id = ?`), groupID, reportID))
		if err != nil {
			return notFound(err, "report")
		}
		if r.Status != ReportOpen {
			return holdspace.Errorf(holdspace.EConflict, "This report has already been decided")
		}
		res, err := tx.ExecContext(ctx, s.q(`UPDATE reports SET status = ?, action = ?, decided_by = ?, decided_at = ?
			WHERE group_id = ? AND status = 'open' AND (id = ? OR (target_type = ? AND target_id = ?))`),
			status, d.Action, byID, unix(now), groupID, reportID, r.TargetType, r.TargetID)
		if err != nil {
			return fmt.Errorf("decide report: %w", err)
		}
		closed, _ := res.RowsAffected()
		if d.Action == ActionMute {
			if r.TargetMemberID == 0 {
				return holdspace.FieldError("action", "This report does not say who wrote it, so there is nobody to mute")
			}
			_, err := tx.ExecContext(ctx, s.q(`INSERT INTO mutes (group_id, member_id, until) VALUES (?, ?, ?)
				ON CONFLICT (group_id, member_id) DO UPDATE SET until = excluded.until`), groupID, r.TargetMemberID, unix(d.MuteUntil))
			if err != nil {
				return fmt.Errorf("mute: %w", err)
			}
		}
		if d.Action != ActionRemove {
			details := fmt.Sprintf("report %d: %s %s (%s)", r.ID, r.TargetType, r.TargetID, r.Reason)
			if closed > 1 {
				details += fmt.Sprintf("; %d reports about it closed", closed)
			}
			if d.Action == ActionMute {
				details += "; muted until " + d.MuteUntil.UTC().Format(time.RFC3339)
			}
			action := map[string]string{ActionDismiss: "dismiss_report", ActionWarn: "warn_member", ActionHide: "hide_content", ActionMute: "mute_member"}[d.Action]
			if action == "" {
				return fmt.Errorf("decide report: unknown action %q", d.Action)
			}
			if err := s.audit(ctx, tx, holdspace.AuditEntry{GroupID: groupID, ActorID: byID, Action: action, TargetID: r.TargetMemberID, Reason: d.Reason, Details: details}); err != nil {
				return err
			}
		}
		return s.enqueue(ctx, tx, d.Mail)
	})
	if err != nil {
		return Report{}, err
	}
	return s.Report(ctx, groupID, reportID)
}

// HiddenTargets returns the ids of a group's messages or posts
// (targetType) that facilitators hid after a report, for the board and
// the live circle to leave out.
func (s *Store) HiddenTargets(ctx context.Context, groupID int64, targetType string) (map[string]bool, error) {
	rows, err := s.read.QueryContext(ctx, s.q(`SELECT DISTINCT target_id FROM reports WHERE group_id = ? AND target_type = ? AND action = 'hide'`), groupID, targetType)
	if err != nil {
		return nil, fmt.Errorf("hidden content: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}

// Muted reports whether a member is muted in a group's live sessions, and
// until when.
func (s *Store) Muted(ctx context.Context, groupID, memberID int64) (until time.Time, muted bool, err error) {
	var u int64
	err = s.read.QueryRowContext(ctx, s.q(`SELECT until FROM mutes WHERE group_id = ? AND member_id = ?`), groupID, memberID).Scan(&u)
	if err == sql.ErrNoRows {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, fmt.Errorf("find mute: %w", err)
	}
	until = fromUnix(u)
	if !until.After(s.now()) {
		return time.Time{}, false, nil
	}
	return until, true, nil
}

// SharedGroups lists the groups (by id, in order) where both members are
// approved members.
func (s *Store) SharedGroups(ctx context.Context, a, b int64) ([]int64, error) {
	rows, err := s.read.QueryContext(ctx, s.q(`SELECT x.group_id FROM group_members x JOIN group_members y ON y.group_id = x.group_id
		WHERE x.member_id = ? AND y.member_id = ? AND x.status = 'approved' AND y.status = 'approved' ORDER BY x.group_id`), a, b)
	if err != nil {
		return nil, fmt.Errorf("shared groups: %w", err)
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

// GroupNames maps every member who has ever had a place in a group
// (including those who left or were removed) to the name they use there,
// for pages that must name people without their account names.
func (s *Store) GroupNames(ctx context.Context, groupID int64) (map[int64]string, error) {
	rows, err := s.read.QueryContext(ctx, s.q(`SELECT member_id, display_name FROM group_members WHERE group_id = ?`), groupID)
	if err != nil {
		return nil, fmt.Errorf("group names: %w", err)
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		out[id] = name
	}
	return out, rows.Err()
}

// Block is one member a member has blocked.
type Block struct {
	BlockedID int64
	CreatedAt time.Time
}

// Block stops two members seeing each other's posts and messages. Blocking
// again changes nothing.
func (s *Store) Block(ctx context.Context, blockerID, blockedID int64) error {
	if blockerID == blockedID {
		return holdspace.FieldError("member_id", "You cannot block yourself")
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`),
			blockerID, blockedID, unix(s.now()))
		if err != nil {
			return fmt.Errorf("block: %w", err)
		}
		return nil
	})
}

// Unblock ends a block the member made; ENotFound when there is none.
func (s *Store) Unblock(ctx context.Context, blockerID, blockedID int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`DELETE FROM blocks WHERE blocker_id = ? AND blocked_id = ?`), blockerID, blockedID)
		if err != nil {
			return fmt.Errorf("unblock: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return holdspace.Errorf(holdspace.ENotFound, "You have not blocked that member")
		}
		return nil
	})
}

// Blocks lists the members a member has blocked, oldest first. It never
// says who has blocked them.
func (s *Store) Blocks(ctx context.Context, blockerID int64) ([]Block, error) {
	rows, err := s.read.QueryContext(ctx, s.q(`SELECT blocked_id, created_at FROM blocks WHERE blocker_id = ? ORDER BY created_at, blocked_id`), blockerID)
	if err != nil {
		return nil, fmt.Errorf("list blocks: %w", err)
	}
	defer rows.Close()
	var out []Block
	for rows.Next() {
		var b Block
		var at int64
		if err := rows.Scan(&b.BlockedID, &at); err != nil {
			return nil, err
		}
		b.CreatedAt = fromUnix(at)
		out = append(out, b)
	}
	return out, rows.Err()
}

// BlockedWith lists the members who must not see memberID's posts and
// messages, nor memberID theirs: those they blocked and those who blocked
// them, in order.
func (s *Store) BlockedWith(ctx context.Context, memberID int64) ([]int64, error) {
	rows, err := s.read.QueryContext(ctx, s.q(`SELECT blocked_id FROM blocks WHERE blocker_id = ?
		UNION SELECT blocker_id FROM blocks WHERE blocked_id = ? ORDER BY 1`), memberID, memberID)
	if err != nil {
		return nil, fmt.Errorf("blocked with: %w", err)
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

// BlockedPairs returns each block among memberIDs (the people in one live
// circle) as {blocker, blocked}, sorted, so the circle can keep each pair
// from seeing the other's messages.
func (s *Store) BlockedPairs(ctx context.Context, memberIDs []int64) ([][2]int64, error) {
	if len(memberIDs) == 0 {
		return nil, nil
	}
	in := map[int64]bool{}
	var args []any
	for _, id := range memberIDs {
		if !in[id] {
			in[id] = true
			args = append(args, id)
		}
	}
	// Only the blocker side is in the query, so a circle of any size stays
	// well under the databases' limits on parameters per statement.
	var out [][2]int64
	for start := 0; start < len(args); start += 500 {
		chunk := args[start:min(start+500, len(args))]
		rows, err := s.read.QueryContext(ctx, s.q(`SELECT blocker_id, blocked_id FROM blocks WHERE blocker_id IN (?`+strings.Repeat(", ?", len(chunk)-1)+`)`), chunk...)
		if err != nil {
			return nil, fmt.Errorf("blocked pairs: %w", err)
		}
		for rows.Next() {
			var p [2]int64
			if err := rows.Scan(&p[0], &p[1]); err != nil {
				rows.Close()
				return nil, err
			}
			if in[p[1]] {
				out = append(out, p)
			}
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, err
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i][0] != out[j][0] {
			return out[i][0] < out[j][0]
		}
		return out[i][1] < out[j][1]
	})
	return out, nil
}

// BanMember bans a member from the whole site, in one transaction: the
// account is marked banned (the row stays, so the name stays taken), every
// signed-in session ends, and every group place they hold is removed, so
// rosters and circles drop them. It returns the groups they were removed
// from. The site-wide audit line keeps the reason; each group's log gets a
// line without it, because the reason may speak of another group and
// groups must not be linked through a member.
func (s *Store) BanMember(ctx context.Context, memberID, byID int64, reason string) ([]int64, error) {
	var groups []int64
	now := unix(s.now())
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var banned sql.NullInt64
		err := tx.QueryRowContext(ctx, s.q(`SELECT banned_at FROM members WHERE id = ?`), memberID).Scan(&banned)
		if err != nil {
			return notFound(err, "member")
		}
		if banned.Valid {
			return holdspace.Errorf(holdspace.EConflict, "That member is already banned")
		}
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE members SET banned_at = ?, ban_reason = ? WHERE id = ?`), now, reason, memberID); err != nil {
			return fmt.Errorf("ban: %w", err)
		}
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM auth_sessions WHERE member_id = ?`), memberID); err != nil {
			return fmt.Errorf("end sessions: %w", err)
		}
		rows, err := tx.QueryContext(ctx, s.q(`SELECT group_id FROM group_members WHERE member_id = ? AND status IN ('approved', 'requested') ORDER BY group_id`), memberID)
		if err != nil {
			return fmt.Errorf("ban: %w", err)
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			groups = append(groups, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE group_members SET status = 'removed', role = 'member', buddy_id = NULL, decided_by = ?, decided_at = ?
			WHERE member_id = ? AND status IN ('approved', 'requested')`), byID, now, memberID); err != nil {
			return fmt.Errorf("ban: %w", err)
		}
		if err := s.audit(ctx, tx, holdspace.AuditEntry{ActorID: byID, Action: "ban_member", TargetID: memberID, Reason: reason}); err != nil {
			return err
		}
		for _, g := range groups {
			if err := s.audit(ctx, tx, holdspace.AuditEntry{GroupID: g, ActorID: byID, Action: "ban_member", TargetID: memberID,
				Details: "banned from the site by a site admin"}); err != nil {
				return err
			}
		}
		return nil
	})
	return groups, err
}

// SafetyPlan is a group's safety plan as stored.
type SafetyPlan struct {
	GroupID int64
	safetyplan.Plan
	UpdatedBy int64 // 0 while it is the template
	UpdatedAt time.Time
}

// SafetyPlan returns a group's safety plan, making it from the template
// the first time anyone asks. Two first asks at once both try; the second
// insert does nothing.
func (s *Store) SafetyPlan(ctx context.Context, groupID int64) (SafetyPlan, error) {
	p, err := s.safetyPlan(ctx, groupID)
	if holdspace.ErrorCode(err) != holdspace.ENotFound {
		return p, err
	}
	t := safetyplan.Template()
	err = s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO safety_plans (group_id, emergency_contacts, local_resources, steps, updated_at)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`), groupID, t.EmergencyContacts, t.LocalResources, t.Steps, unix(s.now()))
		return err
	})
	if err != nil {
		if strings.Contains(err.Error(), "FOREIGN KEY") || strings.Contains(err.Error(), "SQLSTATE 23503") {
			return SafetyPlan{}, holdspace.Errorf(holdspace.ENotFound, "No such group")
		}
		return SafetyPlan{}, fmt.Errorf("create safety plan: %w", err)
	}
	return s.safetyPlan(ctx, groupID)
}

func (s *Store) safetyPlan(ctx context.Context, groupID int64) (SafetyPlan, error) {
	p := SafetyPlan{GroupID: groupID}
	var by sql.NullInt64
	var at int64
	err := s.read.QueryRowContext(ctx, s.q(`SELECT emergency_contacts, local_resources, steps, updated_by, updated_at FROM safety_plans WHERE group_id = ?`), groupID).
		Scan(&p.EmergencyContacts, &p.LocalResources, &p.Steps, &by, &at)
	p.UpdatedBy, p.UpdatedAt = by.Int64, fromUnix(at)
	return p, notFound(err, "safety plan")
}

// SaveSafetyPlan stores an organizer's version of the group's safety plan
// and audits the change. The plan must be normalized and valid.
func (s *Store) SaveSafetyPlan(ctx context.Context, groupID, byID int64, p safetyplan.Plan) (SafetyPlan, error) {
	if _, err := s.SafetyPlan(ctx, groupID); err != nil {
		return SafetyPlan{}, err
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.q(`UPDATE safety_plans SET emergency_contacts = ?, local_resources = ?, steps = ?, updated_by = ?, updated_at = ?
			WHERE group_id = ?`), p.EmergencyContacts, p.LocalResources, p.Steps, byID, unix(s.now()), groupID)
		if err != nil {
			return fmt.Errorf("save safety plan: %w", err)
		}
		return s.audit(ctx, tx, holdspace.AuditEntry{GroupID: groupID, ActorID: byID, Action: "update_safety_plan"})
	})
	if err != nil {
		return SafetyPlan{}, err
	}
	return s.safetyPlan(ctx, groupID)
}
