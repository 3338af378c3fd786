-- Group sessions and mail: a per-member secret for the one-click
-- unsubscribe link every email carries (kept apart from the calendar
-- token, so resetting one never breaks the other), and the index the
-- upcoming-sessions list reads.
ALTER TABLE members ADD COLUMN unsubscribe_token TEXT;
CREATE UNIQUE INDEX members_unsubscribe_token ON members(unsubscribe_token);
CREATE INDEX group_sessions_group_starts ON group_sessions(group_id, starts_at);
