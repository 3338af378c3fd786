package sqlstore

import (
	"context"
	"fmt"

	"holdspace/internal/holdspace"
)

// groupPage is how many groups EachGroup reads per query.
const groupPage = 500

// EachGroup calls fn for every group in id order, reading a page of groups
// at a time and closing each page's query before calling fn, so fn may use
// the store and no connection is held while it runs. An error from fn stops
// the walk and is returned as it is.
//
// Groups created or deleted during the walk may or may not be seen; each
// group is seen at most once.
func (s *Store) EachGroup(ctx context.Context, fn func(holdspace.Group) error) error {
	var after int64
	for {
		page, err := s.groupsAfter(ctx, after, groupPage)
		if err != nil {
			return err
		}
		for _, g := range page {
			if err := fn(g); err != nil {
				return err
			}
		}
		if len(page) < groupPage {
			return nil
		}
		after = page[len(page)-1].ID
	}
}

// groupsAfter lists up to limit groups with an id above after, in id order.
func (s *Store) groupsAfter(ctx context.Context, after int64, limit int) ([]holdspace.Group, error) {
	rows, err := s.read.QueryContext(ctx, s.q(`SELECT `+groupColumns+` FROM groups WHERE id > ? ORDER BY id LIMIT ?`), after, limit)
	if err != nil {
		return nil, fmt.Errorf("list groups after id %d: %w", after, err)
	}
	defer rows.Close()
	var out []holdspace.Group
	for rows.Next() {
		g, err := scanGroup(rows)
		if err != nil {
			return nil, fmt.Errorf("list groups after id %d: %w", after, err)
		}
		out = append(out, g)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list groups after id %d: %w", after, err)
	}
	return out, nil
}
