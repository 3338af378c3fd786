package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"holdspace/internal/holdspace"
)

// MaxInRoom bounds the number of people a facilitator can say were in the
// room at an in-person group session.
const MaxInRoom = 10000

// SetInRoomCount records how many people were in the room at a group
// session, as its facilitator counted them at the end of an in-person
// circle. Only the number is kept: the first names typed on the
// facilitator's tablet never reach the database.
func (s *Store) SetInRoomCount(ctx context.Context, sessionID int64, n int) error {
	if n < 0 || n > MaxInRoom {
		return holdspace.FieldError("in_room", fmt.Sprintf("Enter a number from 0 to %d", MaxInRoom))
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`UPDATE group_sessions SET in_room_count = ? WHERE id = ?`), n, sessionID)
		if err != nil {
			return fmt.Errorf("in-room count of session %d: %w", sessionID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return holdspace.Errorf(holdspace.ENotFound, "No such group session")
		}
		return nil
	})
}

// InRoomCount is how many people were in the room at a group session, as
// recorded by SetInRoomCount (0 when none was).
func (s *Store) InRoomCount(ctx context.Context, sessionID int64) (int, error) {
	var n int
	err := s.read.QueryRowContext(ctx, s.q(`SELECT in_room_count FROM group_sessions WHERE id = ?`), sessionID).Scan(&n)
	return n, notFound(err, "group session")
}
