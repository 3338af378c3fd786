package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"holdspace/internal/holdspace"
)

// PendingMail lists up to limit queued messages whose time has come, oldest
// first. Rows stay in the outbox after sending, marked sent, so nothing
// acknowledged is ever lost.
func (s *Store) PendingMail(ctx context.Context, limit int) ([]holdspace.Mail, error) {
	rows, err := s.read.QueryContext(ctx, s.q(`SELECT id, member_id, kind, subject, body, send_after, attempts FROM outbox
		WHERE sent_at IS NULL AND send_after <= ? ORDER BY send_after, id LIMIT ?`), unix(s.now()), limit)
	if err != nil {
		return nil, fmt.Errorf("pending mail: %w", err)
	}
	defer rows.Close()
	var out []holdspace.Mail
	for rows.Next() {
		var m holdspace.Mail
		var member sql.NullInt64
		var after int64
		if err := rows.Scan(&m.ID, &member, &m.Kind, &m.Subject, &m.Body, &after, &m.Attempts); err != nil {
			return nil, err
		}
		m.MemberID, m.SendAfter = member.Int64, fromUnix(after)
		out = append(out, m)
	}
	return out, rows.Err()
}

// ClaimMail takes a pending message for one sender until until, so that
// two servers sharing a database never send it twice; it reports false when
// another sender took it first. A sender that dies while holding it lets
// the claim lapse, and the message is tried again.
func (s *Store) ClaimMail(ctx context.Context, m holdspace.Mail, until time.Time) (bool, error) {
	claimed := false
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`UPDATE outbox SET send_after = ? WHERE id = ? AND sent_at IS NULL AND send_after = ?`),
			unix(until), m.ID, unix(m.SendAfter))
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		claimed = n == 1
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("claim mail %d: %w", m.ID, err)
	}
	return claimed, nil
}

// MarkMailSent records that a message is done: sent, or skipped for the
// reason in note (no address, email turned off).
func (s *Store) MarkMailSent(ctx context.Context, id int64, note string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if note == "" {
			// Sent: keep the last failure, if any, for the record.
			_, err = tx.ExecContext(ctx, s.q(`UPDATE outbox SET sent_at = ? WHERE id = ?`), unix(s.now()), id)
		} else {
			_, err = tx.ExecContext(ctx, s.q(`UPDATE outbox SET sent_at = ?, last_error = ? WHERE id = ?`), unix(s.now()), note, id)
		}
		if err != nil {
			return fmt.Errorf("mark mail %d sent: %w", id, err)
		}
		return nil
	})
}

// MarkMailFailed records a failed attempt and when to try again.
func (s *Store) MarkMailFailed(ctx context.Context, id int64, reason string, retryAt time.Time) error {
	if len(reason) > 500 {
		reason = reason[:500]
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.q(`UPDATE outbox SET attempts = attempts + 1, last_error = ?, send_after = ? WHERE id = ? AND sent_at IS NULL`),
			reason, unix(retryAt), id)
		if err != nil {
			return fmt.Errorf("mark mail %d failed: %w", id, err)
		}
		return nil
	})
}

// OutboxEntry is a queued or sent message with its delivery record.
type OutboxEntry struct {
	holdspace.Mail
	SentAt    time.Time // zero while waiting
	LastError string    // why the last try failed, or why it was skipped
}

// MailFor lists every message queued for a member, oldest first.
func (s *Store) MailFor(ctx context.Context, memberID int64) ([]OutboxEntry, error) {
	rows, err := s.read.QueryContext(ctx, s.q(`SELECT id, kind, subject, body, send_after, attempts, sent_at, last_error FROM outbox
		WHERE member_id = ? ORDER BY id`), memberID)
	if err != nil {
		return nil, fmt.Errorf("mail for member %d: %w", memberID, err)
	}
	defer rows.Close()
	var out []OutboxEntry
	for rows.Next() {
		e := OutboxEntry{Mail: holdspace.Mail{MemberID: memberID}}
		var after int64
		var sent sql.NullInt64
		if err := rows.Scan(&e.ID, &e.Kind, &e.Subject, &e.Body, &after, &e.Attempts, &sent, &e.LastError); err != nil {
			return nil, err
		}
		e.SendAfter = fromUnix(after)
		if sent.Valid {
			e.SentAt = fromUnix(sent.Int64)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// MailRecipient is where and whether to send a member's mail.
type MailRecipient struct {
	Email            string // "" when they gave none
	EmailOff         bool   // they turned email off
	UnsubscribeToken string // for the link every message carries
}

// MailRecipient returns a member's address, whether they turned email off,
// and their unsubscribe secret (set to fresh the first time).
func (s *Store) MailRecipient(ctx context.Context, memberID int64, fresh string) (MailRecipient, error) {
	var r MailRecipient
	err := s.read.QueryRowContext(ctx, s.q(`SELECT email, email_off FROM members WHERE id = ?`), memberID).Scan(&r.Email, &r.EmailOff)
	if err != nil {
		return r, notFound(err, "member")
	}
	if r.Email == "" || r.EmailOff {
		return r, nil
	}
	r.UnsubscribeToken, err = s.UnsubscribeToken(ctx, memberID, fresh)
	return r, err
}
