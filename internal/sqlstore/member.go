package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"holdspace/internal/holdspace"
)

// CreateMember adds an account. A display name already taken (ignoring case)
// is an EConflict error.
func (s *Store) CreateMember(ctx context.Context, m holdspace.Member) (holdspace.Member, error) {
	m.CreatedAt = s.now().UTC().Truncate(time.Second)
	err := s.tx(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, s.q(`INSERT INTO members (display_name, name_key, email, password_hash, site_admin, created_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`),
			m.DisplayName, holdspace.NameKey(m.DisplayName), m.Email, m.PasswordHash, m.SiteAdmin, unix(m.CreatedAt)).Scan(&m.ID)
	})
	if isUniqueViolation(err) {
		return holdspace.Member{}, &holdspace.Error{Code: holdspace.EConflict, Field: "display_name", Message: "That display name is taken. Choose another one"}
	}
	if err != nil {
		return holdspace.Member{}, fmt.Errorf("create member: %w", err)
	}
	return m, nil
}

const memberColumns = `id, display_name, email, password_hash, site_admin, created_at`

func scanMember(row interface{ Scan(...any) error }) (holdspace.Member, error) {
	var m holdspace.Member
	var created int64
	err := row.Scan(&m.ID, &m.DisplayName, &m.Email, &m.PasswordHash, &m.SiteAdmin, &created)
	m.CreatedAt = fromUnix(created)
	return m, err
}

// MemberByName finds an account by display name, ignoring case.
func (s *Store) MemberByName(ctx context.Context, name string) (holdspace.Member, error) {
	m, err := scanMember(s.read.QueryRowContext(ctx, s.q(`SELECT `+memberColumns+` FROM members WHERE name_key = ? AND banned_at IS NULL`), holdspace.NameKey(name)))
	return m, notFound(err, "member")
}

// MemberByID finds an account by id.
func (s *Store) MemberByID(ctx context.Context, id int64) (holdspace.Member, error) {
	m, err := scanMember(s.read.QueryRowContext(ctx, s.q(`SELECT `+memberColumns+` FROM members WHERE id = ?`), id))
	return m, notFound(err, "member")
}

// SetPassword stores a new password hash and ends every signed-in session of
// the member except keep (the one that made the change; "" ends all).
func (s *Store) SetPassword(ctx context.Context, memberID int64, hash, keep string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`UPDATE members SET password_hash = ? WHERE id = ?`), hash, memberID)
		if err != nil {
			return fmt.Errorf("set password: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return holdspace.Errorf(holdspace.ENotFound, "That account no longer exists")
		}
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM auth_sessions WHERE member_id = ? AND token_hash <> ?`), memberID, keep); err != nil {
			return fmt.Errorf("end other sessions: %w", err)
		}
		return nil
	})
}

// SetEmail stores the member's optional email address ("" removes it).
func (s *Store) SetEmail(ctx context.Context, memberID int64, email string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.q(`UPDATE members SET email = ? WHERE id = ?`), email, memberID)
		if err != nil {
			return fmt.Errorf("set email: %w", err)
		}
		return nil
	})
}

// SetSiteAdmin grants or takes back the site admin role.
func (s *Store) SetSiteAdmin(ctx context.Context, memberID int64, admin bool) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.q(`UPDATE members SET site_admin = ? WHERE id = ?`), admin, memberID)
		return err
	})
}

// DeleteMember removes an account; its signed-in sessions end with it.
func (s *Store) DeleteMember(ctx context.Context, memberID int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM auth_sessions WHERE member_id = ?`), memberID); err != nil {
			return fmt.Errorf("end sessions: %w", err)
		}
		res, err := tx.ExecContext(ctx, s.q(`DELETE FROM members WHERE id = ?`), memberID)
		if err != nil {
			return fmt.Errorf("delete member: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return holdspace.Errorf(holdspace.ENotFound, "That account no longer exists")
		}
		return nil
	})
}

// CreateAuthSession records a signed-in session.
func (s *Store) CreateAuthSession(ctx context.Context, a holdspace.AuthSession) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO auth_sessions (token_hash, member_id, created_at, expires_at) VALUES (?, ?, ?, ?)`),
			a.TokenHash, a.MemberID, unix(a.CreatedAt), unix(a.ExpiresAt))
		if err != nil {
			return fmt.Errorf("create session: %w", err)
		}
		return nil
	})
}

// SessionMember returns the member signed in with the session whose token
// hashes to tokenHash, if it has not expired.
func (s *Store) SessionMember(ctx context.Context, tokenHash string) (holdspace.Member, holdspace.AuthSession, error) {
	row := s.readRow(ctx, `SELECT m.id, m.display_name, m.email, m.password_hash, m.site_admin, m.created_at, a.created_at, a.expires_at
		FROM auth_sessions a JOIN members m ON m.id = a.member_id
		WHERE a.token_hash = ? AND a.expires_at > ? AND m.banned_at IS NULL`, tokenHash, unix(s.now()))
	var m holdspace.Member
	var mc, ac, ae int64
	err := row.Scan(&m.ID, &m.DisplayName, &m.Email, &m.PasswordHash, &m.SiteAdmin, &mc, &ac, &ae)
	if err != nil {
		return holdspace.Member{}, holdspace.AuthSession{}, notFound(err, "session")
	}
	m.CreatedAt = fromUnix(mc)
	return m, holdspace.AuthSession{TokenHash: tokenHash, MemberID: m.ID, CreatedAt: fromUnix(ac), ExpiresAt: fromUnix(ae)}, nil
}

// ExtendAuthSession moves a session's expiry.
func (s *Store) ExtendAuthSession(ctx context.Context, tokenHash string, expires time.Time) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.q(`UPDATE auth_sessions SET expires_at = ? WHERE token_hash = ?`), unix(expires), tokenHash)
		return err
	})
}

// DeleteAuthSession ends one signed-in session.
func (s *Store) DeleteAuthSession(ctx context.Context, tokenHash string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.q(`DELETE FROM auth_sessions WHERE token_hash = ?`), tokenHash)
		return err
	})
}

// DeleteExpiredAuthSessions removes sessions past their expiry and reports
// how many.
func (s *Store) DeleteExpiredAuthSessions(ctx context.Context) (int64, error) {
	var n int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`DELETE FROM auth_sessions WHERE expires_at <= ?`), unix(s.now()))
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		return nil
	})
	return n, err
}

// CountAuthSessions counts a member's live sessions.
func (s *Store) CountAuthSessions(ctx context.Context, memberID int64) (int, error) {
	var n int
	err := s.read.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM auth_sessions WHERE member_id = ? AND expires_at > ?`), memberID, unix(s.now())).Scan(&n)
	return n, err
}

// notFound turns sql.ErrNoRows into an ENotFound error about what.
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return holdspace.Errorf(holdspace.ENotFound, "No such %s", what)
	}
	if err != nil {
		return fmt.Errorf("find %s: %w", what, err)
	}
	return nil
}
