package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"holdspace/internal/holdspace"
)

const crisisColumns = `id, region, name, phone, text_line, chat_url, hours, languages, emergency_number, confidence, sources, position`

// ReplaceCrisisLines swaps the whole crisis table for lines, in one
// transaction, so visitors never see a half-imported table.
func (s *Store) ReplaceCrisisLines(ctx context.Context, lines []holdspace.CrisisLine) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM crisis_lines`); err != nil {
			return fmt.Errorf("clear crisis lines: %w", err)
		}
		stmt, err := tx.PrepareContext(ctx, s.q(`INSERT INTO crisis_lines (region, name, phone, text_line, chat_url, hours, languages, emergency_number, confidence, sources, position)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`))
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, l := range lines {
			if _, err := stmt.ExecContext(ctx, l.Region, l.Name, l.Phone, l.Text, l.ChatURL, l.Hours, l.Languages, l.EmergencyNumber, l.Confidence, l.Sources, l.Position); err != nil {
				return fmt.Errorf("add crisis line %q: %w", l.Name, err)
			}
		}
		return nil
	})
}

// CrisisLines lists the lines for a region ("" for every region), in the
// operator's order.
func (s *Store) CrisisLines(ctx context.Context, region string) ([]holdspace.CrisisLine, error) {
	query := `SELECT ` + crisisColumns + ` FROM crisis_lines`
	var args []any
	if region != "" {
		query += ` WHERE region = ?`
		args = append(args, region)
	}
	query += ` ORDER BY region, position, id`
	rows, err := s.read.QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return nil, fmt.Errorf("list crisis lines: %w", err)
	}
	defer rows.Close()
	var out []holdspace.CrisisLine
	for rows.Next() {
		var l holdspace.CrisisLine
		if err := rows.Scan(&l.ID, &l.Region, &l.Name, &l.Phone, &l.Text, &l.ChatURL, &l.Hours, &l.Languages, &l.EmergencyNumber, &l.Confidence, &l.Sources, &l.Position); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// CrisisRegions lists the region codes that have at least one line.
func (s *Store) CrisisRegions(ctx context.Context) ([]string, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT DISTINCT region FROM crisis_lines ORDER BY region`)
	if err != nil {
		return nil, fmt.Errorf("list crisis regions: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
