package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"holdspace/internal/holdspace"
)

// LoadMember is an account `holdspace loadgen` signs in as: an approved
// member of one group who agreed to its agreement, with a signed-in session.
type LoadMember struct {
	GroupID     int64
	DisplayName string // unique on the site; also the name in the group
	Role        string // holdspace.RoleMember, holdspace.RoleOrganizer...
	// PasswordHash is stored as it is: the load generator hashes one
	// password once, since its members never sign in with it.
	PasswordHash string
	// TokenHash is auth.HashToken of the session cookie the load
	// generator connects with.
	TokenHash string
	// Agreement is the version of the group's agreement they agreed to.
	Agreement int
}

// AddLoadMembers writes the rows that signing up, joining a group, agreeing
// to its agreement and signing in would write, for thousands of members in
// one transaction, and returns their account ids in order. It exists for
// the load generator, which needs members faster than signing up allows
// (argon2id alone costs 20 to 50 ms per account); nothing else calls it.
func (s *Store) AddLoadMembers(ctx context.Context, ms []LoadMember, expires time.Time) ([]int64, error) {
	now := unix(s.now())
	ids := make([]int64, 0, len(ms))
	err := s.tx(ctx, func(tx *sql.Tx) error {
		member, err := tx.PrepareContext(ctx, s.q(`INSERT INTO members (display_name, name_key, email, password_hash, site_admin, created_at)
			VALUES (?, ?, '', ?, FALSE, ?) RETURNING id`))
		if err != nil {
			return err
		}
		defer member.Close()
		join, err := tx.PrepareContext(ctx, s.q(`INSERT INTO group_members (group_id, member_id, display_name, name_key, role, status, joined_at)
			VALUES (?, ?, ?, ?, ?, 'approved', ?)`))
		if err != nil {
			return err
		}
		defer join.Close()
		consent, err := tx.PrepareContext(ctx, s.q(`INSERT INTO consents (group_id, member_id, version, accepted_at) VALUES (?, ?, ?, ?)`))
		if err != nil {
			return err
		}
		defer consent.Close()
		signin, err := tx.PrepareContext(ctx, s.q(`INSERT INTO auth_sessions (token_hash, member_id, created_at, expires_at) VALUES (?, ?, ?, ?)`))
		if err != nil {
			return err
		}
		defer signin.Close()
		for _, m := range ms {
			key := holdspace.NameKey(m.DisplayName)
			var id int64
			if err := member.QueryRowContext(ctx, m.DisplayName, key, m.PasswordHash, now).Scan(&id); err != nil {
				return fmt.Errorf("member %q: %w", m.DisplayName, err)
			}
			if _, err := join.ExecContext(ctx, m.GroupID, id, m.DisplayName, key, m.Role, now); err != nil {
				return fmt.Errorf("membership of %q: %w", m.DisplayName, err)
			}
			if _, err := consent.ExecContext(ctx, m.GroupID, id, m.Agreement, now); err != nil {
				return fmt.Errorf("consent of %q: %w", m.DisplayName, err)
			}
			if _, err := signin.ExecContext(ctx, m.TokenHash, id, now, unix(expires)); err != nil {
				return fmt.Errorf("sign-in of %q: %w", m.DisplayName, err)
			}
			ids = append(ids, id)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("add load members: %w", err)
	}
	return ids, nil
}
