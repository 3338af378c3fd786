package sqlstore_test

import (
	"testing"
	"time"

	"holdspace/internal/holdspace"
	"holdspace/internal/sqlstore/sqlstoretest"
)

func TestInRoomCount(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, dsn string) {
		f := newSessionFixture(t, dsn)
		now := f.c.Now()
		id, err := f.s.CreateExtraSession(f.ctx, f.g.ID, now, now.Add(time.Hour), "")
		if err != nil {
			t.Fatal(err)
		}
		if n, err := f.s.InRoomCount(f.ctx, id); err != nil || n != 0 {
			t.Errorf("before: got %d %v, want 0", n, err)
		}
		if err := f.s.SetInRoomCount(f.ctx, id, 7); err != nil {
			t.Fatal(err)
		}
		if n, err := f.s.InRoomCount(f.ctx, id); err != nil || n != 7 {
			t.Errorf("after: got %d %v, want 7", n, err)
		}
		for _, bad := range []int{-1, 10001} {
			if err := f.s.SetInRoomCount(f.ctx, id, bad); holdspace.ErrorCode(err) != holdspace.EInvalid {
				t.Errorf("%d: got %v, want invalid", bad, err)
			}
		}
		if n, _ := f.s.InRoomCount(f.ctx, id); n != 7 {
			t.Errorf("a refused count changed it: %d", n)
		}
		if err := f.s.SetInRoomCount(f.ctx, id+1000, 3); holdspace.ErrorCode(err) != holdspace.ENotFound {
			t.Errorf("no such session: %v", err)
		}
		if _, err := f.s.InRoomCount(f.ctx, id+1000); holdspace.ErrorCode(err) != holdspace.ENotFound {
			t.Errorf("no such session: %v", err)
		}
	})
}
