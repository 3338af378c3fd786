package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strings"
	"time"

	"holdspace/internal/holdspace"
)

const groupColumns = `id, slug, name, description, category, audience, format, attendance, access, cost, languages, accessibility,
	venue_type, address, city, region, country, lat, lng, online_url, timezone, rrule, start_time, duration_minutes, starts_on,
	days_mask, created_by, created_at, updated_at`

func scanGroup(row interface{ Scan(...any) error }) (holdspace.Group, error) {
	var g holdspace.Group
	var langs, access string
	var lat, lng sql.NullFloat64
	var createdBy sql.NullInt64
	var created, updated int64
	err := row.Scan(&g.ID, &g.Slug, &g.Name, &g.Description, &g.Category, &g.Audience, &g.Format, &g.Attendance, &g.Access, &g.Cost,
		&langs, &access, &g.Venue.Type, &g.Venue.Address, &g.Venue.City, &g.Venue.Region, &g.Venue.Country, &lat, &lng,
		&g.OnlineURL, &g.Timezone, &g.Schedule.RRule, &g.Schedule.StartTime, &g.Schedule.DurationMinutes, &g.Schedule.StartsOn,
		&g.DaysMask, &createdBy, &created, &updated)
	if err != nil {
		return g, err
	}
	g.Languages = splitList(langs)
	g.Accessibility = splitList(access)
	if lat.Valid && lng.Valid {
		g.Venue.Lat, g.Venue.Lng = &lat.Float64, &lng.Float64
	}
	g.CreatedBy = createdBy.Int64
	g.CreatedAt, g.UpdatedAt = fromUnix(created), fromUnix(updated)
	return g, nil
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// groupValues are the stored columns of g that CreateGroup and UpdateGroup
// both write, in the order of their column lists.
func groupValues(g holdspace.Group) []any {
	return []any{g.Slug, g.Name, g.Description, g.Category, g.Audience, g.Format, g.Attendance, g.Access, g.Cost,
		strings.Join(g.Languages, ","), strings.Join(g.Accessibility, ","), g.Venue.Type, g.Venue.Address, g.Venue.City,
		g.Venue.Region, g.Venue.Country, nullFloat(g.Venue.Lat), nullFloat(g.Venue.Lng), g.OnlineURL, g.Timezone,
		g.Schedule.RRule, g.Schedule.StartTime, g.Schedule.DurationMinutes, g.Schedule.StartsOn, g.DaysMask, latBand(g.Venue.Lat)}
}

// LatBand is the 0.1-degree latitude band a latitude falls in; the "near
// me" search seeks bands on the (lat_band, lng) index.
func LatBand(lat float64) int64 { return int64(math.Floor((lat + 90) * 10)) }

func latBand(lat *float64) sql.NullInt64 {
	if lat == nil {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: LatBand(*lat), Valid: true}
}

func nullFloat(p *float64) sql.NullFloat64 {
	if p == nil {
		return sql.NullFloat64{}
	}
	return sql.NullFloat64{Float64: *p, Valid: true}
}

// CreateGroup adds a group and makes its creator the organizer, under the
// display name given, in one transaction. A taken slug is EConflict.
func (s *Store) CreateGroup(ctx context.Context, g holdspace.Group, organizerName string) (holdspace.Group, error) {
	now := s.now().UTC().Truncate(time.Second)
	g.CreatedAt, g.UpdatedAt = now, now
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var createdBy any
		if g.CreatedBy != 0 {
			createdBy = g.CreatedBy
		}
		err := tx.QueryRowContext(ctx, s.q(`INSERT INTO groups (slug, name, description, category, audience, format, attendance, access, cost,
			languages, accessibility, venue_type, address, city, region, country, lat, lng, online_url, timezone, rrule, start_time,
			duration_minutes, starts_on, days_mask, lat_band, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			append(groupValues(g), createdBy, unix(now), unix(now))...).Scan(&g.ID)
		if err != nil {
			return err
		}
		if g.CreatedBy != 0 {
			_, err = tx.ExecContext(ctx, s.q(`INSERT INTO group_members (group_id, member_id, display_name, name_key, role, status, joined_at) VALUES (?, ?, ?, ?, ?, 'approved', ?)`),
				g.ID, g.CreatedBy, organizerName, holdspace.NameKey(organizerName), holdspace.RoleOrganizer, unix(now))
		}
		return err
	})
	if isUniqueViolation(err) {
		return holdspace.Group{}, &holdspace.Error{Code: holdspace.EConflict, Field: "slug", Message: "A group with that web address already exists"}
	}
	if err != nil {
		return holdspace.Group{}, fmt.Errorf("create group: %w", err)
	}
	return g, nil
}

// UpdateGroup saves every attribute of an existing group (found by ID),
// including a new slug.
func (s *Store) UpdateGroup(ctx context.Context, g holdspace.Group) (holdspace.Group, error) {
	g.UpdatedAt = s.now().UTC().Truncate(time.Second)
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`UPDATE groups SET slug = ?, name = ?, description = ?, category = ?, audience = ?, format = ?,
			attendance = ?, access = ?, cost = ?, languages = ?, accessibility = ?, venue_type = ?, address = ?, city = ?, region = ?,
			country = ?, lat = ?, lng = ?, online_url = ?, timezone = ?, rrule = ?, start_time = ?, duration_minutes = ?, starts_on = ?,
			days_mask = ?, lat_band = ?, updated_at = ? WHERE id = ?`), append(groupValues(g), unix(g.UpdatedAt), g.ID)...)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return holdspace.Errorf(holdspace.ENotFound, "No such group")
		}
		return nil
	})
	if isUniqueViolation(err) {
		return holdspace.Group{}, &holdspace.Error{Code: holdspace.EConflict, Field: "slug", Message: "A group with that web address already exists"}
	}
	if err != nil && holdspace.ErrorCode(err) == holdspace.EInternal {
		return holdspace.Group{}, fmt.Errorf("update group: %w", err)
	}
	return g, err
}

// SetGroupException records that one group session is cancelled or moved,
// replacing what was recorded for that date.
func (s *Store) SetGroupException(ctx context.Context, e holdspace.GroupException) error {
	var moved sql.NullInt64
	if !e.MovedTo.IsZero() {
		moved = sql.NullInt64{Int64: unix(e.MovedTo), Valid: true}
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM group_exceptions WHERE group_id = ? AND original_date = ?`), e.GroupID, e.OriginalDate); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO group_exceptions (group_id, original_date, cancelled, moved_to, moved_minutes, reason) VALUES (?, ?, ?, ?, ?, ?)`),
			e.GroupID, e.OriginalDate, e.Cancelled, moved, e.MovedMinutes, e.Reason)
		if err != nil {
			return fmt.Errorf("set group exception: %w", err)
		}
		return nil
	})
}

// DeleteGroupException puts a cancelled or moved session back as scheduled.
func (s *Store) DeleteGroupException(ctx context.Context, groupID int64, originalDate string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.q(`DELETE FROM group_exceptions WHERE group_id = ? AND original_date = ?`), groupID, originalDate)
		return err
	})
}

// GroupExceptions lists a group's cancelled and moved sessions by date.
func (s *Store) GroupExceptions(ctx context.Context, groupID int64) ([]holdspace.GroupException, error) {
	rows, err := s.read.QueryContext(ctx, s.q(`SELECT original_date, cancelled, moved_to, moved_minutes, reason FROM group_exceptions WHERE group_id = ? ORDER BY original_date`), groupID)
	if err != nil {
		return nil, fmt.Errorf("list group exceptions: %w", err)
	}
	defer rows.Close()
	var out []holdspace.GroupException
	for rows.Next() {
		e := holdspace.GroupException{GroupID: groupID}
		var moved sql.NullInt64
		if err := rows.Scan(&e.OriginalDate, &e.Cancelled, &moved, &e.MovedMinutes, &e.Reason); err != nil {
			return nil, err
		}
		if moved.Valid {
			e.MovedTo = fromUnix(moved.Int64)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// GroupBySlug finds a group by its slug.
func (s *Store) GroupBySlug(ctx context.Context, slug string) (holdspace.Group, error) {
	g, err := scanGroup(s.read.QueryRowContext(ctx, s.q(`SELECT `+groupColumns+` FROM groups WHERE slug = ?`), slug))
	return g, notFound(err, "group")
}

// RecentGroups lists up to limit groups, newest first.
func (s *Store) RecentGroups(ctx context.Context, limit int) ([]holdspace.Group, error) {
	rows, err := s.read.QueryContext(ctx, s.q(`SELECT `+groupColumns+` FROM groups ORDER BY created_at DESC, id DESC LIMIT ?`), limit)
	if err != nil {
		return nil, fmt.Errorf("list groups: %w", err)
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

// CountGroups counts every group.
func (s *Store) CountGroups(ctx context.Context) (int, error) {
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM groups`).Scan(&n)
	return n, err
}

// GroupRole returns the member's role in the group and whether they are an
// approved member of it.
func (s *Store) GroupRole(ctx context.Context, groupID, memberID int64) (role string, approved bool, err error) {
	var status string
	err = s.read.QueryRowContext(ctx, s.q(`SELECT role, status FROM group_members WHERE group_id = ? AND member_id = ?`), groupID, memberID).Scan(&role, &status)
	if err == sql.ErrNoRows {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("group role: %w", err)
	}
	return role, status == "approved", nil
}

// AddGroupMember adds an approved member to a group with a role and the
// display name they use in that group.
func (s *Store) AddGroupMember(ctx context.Context, groupID, memberID int64, displayName, role string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO group_members (group_id, member_id, display_name, name_key, role, status, joined_at) VALUES (?, ?, ?, ?, ?, 'approved', ?)`),
			groupID, memberID, displayName, holdspace.NameKey(displayName), role, unix(s.now()))
		if isUniqueViolation(err) {
			return holdspace.Errorf(holdspace.EConflict, "Already a member of this group")
		}
		return err
	})
}
