-- What a live circle keeps once it ends, and nothing more: counts and the
-- anonymous feedback. Chat, held messages, content notes and check-in words
-- are never written anywhere.

-- One row per ended session: check-in moods counted by value (never with
-- who gave them), how many shares started, how many attended.
CREATE TABLE session_summaries (
    session_id       INTEGER PRIMARY KEY REFERENCES group_sessions(id) ON DELETE CASCADE,
    mood_1           INTEGER NOT NULL DEFAULT 0,
    mood_2           INTEGER NOT NULL DEFAULT 0,
    mood_3           INTEGER NOT NULL DEFAULT 0,
    mood_4           INTEGER NOT NULL DEFAULT 0,
    mood_5           INTEGER NOT NULL DEFAULT 0,
    share_count      INTEGER NOT NULL DEFAULT 0,
    attendance_count INTEGER NOT NULL DEFAULT 0,
    feedback_count   INTEGER NOT NULL DEFAULT 0,
    ended_at         INTEGER NOT NULL
);

-- The anonymous end-of-session feedback: one row per answer, no member id,
-- written in order of value so the order gives nothing away.
CREATE TABLE session_feedback (
    session_id      INTEGER NOT NULL REFERENCES group_sessions(id) ON DELETE CASCADE,
    felt_heard      INTEGER NOT NULL,
    felt_safe       INTEGER NOT NULL,
    would_come_back INTEGER NOT NULL,
    comment         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX session_feedback_session ON session_feedback(session_id);

-- Who answered, kept apart from the answers, only so nobody answers twice.
CREATE TABLE feedback_receipts (
    session_id  INTEGER NOT NULL REFERENCES group_sessions(id) ON DELETE CASCADE,
    member_id   INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    PRIMARY KEY (session_id, member_id)
);
