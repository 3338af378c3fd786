package mail

import (
	"context"
	"log/slog"
	"time"

	"holdspace/internal/directory"
	"holdspace/internal/sqlstore"
)

// Scheduler writes session reminders into the outbox when sessions come
// near: the day-before reminder for sessions starting between one and 24
// hours from now, and the hour-before one for sessions in the next hour,
// each to the members who chose it (sqlstore.DueReminders says who), each
// once. It also keeps the next group sessions of groups with someone to
// remind made into rows, so reminders exist for sessions nobody opened.
type Scheduler struct {
	Store   *sqlstore.Store
	BaseURL string
	Log     *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// MaterializeEvery is how often the next sessions are made into rows;
	// 0 means every 15 minutes.
	MaterializeEvery time.Duration

	lastMaterialized time.Time
}

// Sessions made into rows ahead, per group.
const aheadSessions = 8

func (s *Scheduler) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// RunOnce queues the reminders due now and reports how many.
func (s *Scheduler) RunOnce(ctx context.Context) (int, error) {
	now := s.now()
	every := s.MaterializeEvery
	if every <= 0 {
		every = 15 * time.Minute
	}
	if s.lastMaterialized.IsZero() || now.Sub(s.lastMaterialized) >= every {
		if err := s.materialize(ctx); err != nil {
			return 0, err
		}
		s.lastMaterialized = now
	}
	queued := 0
	for _, w := range []struct {
		kind     string
		from, to time.Time
	}{
		{sqlstore.Remind24h, now.Add(time.Hour), now.Add(24 * time.Hour)},
		{sqlstore.Remind1h, now, now.Add(time.Hour)},
	} {
		due, err := s.Store.DueReminders(ctx, w.kind, w.from, w.to)
		if err != nil {
			return queued, err
		}
		for _, r := range due {
			ok, err := s.Store.QueueReminder(ctx, r, ReminderMail(r, s.BaseURL))
			if err != nil {
				return queued, err
			}
			if ok {
				queued++
			}
		}
	}
	return queued, nil
}

// materialize makes the next sessions of each group with someone to
// remind into rows. A group whose schedule cannot be built is logged and
// skipped; the others go on.
func (s *Scheduler) materialize(ctx context.Context) error {
	groups, err := s.Store.ReminderGroups(ctx)
	if err != nil {
		return err
	}
	for _, g := range groups {
		ex, err := s.Store.GroupExceptions(ctx, g.ID)
		if err != nil {
			return err
		}
		sch, err := directory.Schedule(g, directory.Exceptions(ex))
		if err == nil {
			err = s.Store.MaterializeSessions(ctx, g, sch, aheadSessions)
		}
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if s.Log != nil {
				s.Log.Warn("group sessions not made ready for reminders", "group", g.ID, "err", err)
			}
		}
	}
	return nil
}

// Run queues reminders every interval until ctx ends.
func (s *Scheduler) Run(ctx context.Context, interval time.Duration) {
	every(ctx, interval, func() {
		if _, err := s.RunOnce(ctx); err != nil && ctx.Err() == nil && s.Log != nil {
			s.Log.Error("reminder scheduler", "err", err)
		}
	})
}
