-- The incident log: one row per risk alert in a live circle (a chat or
-- check-in word the risk detector flagged), for the group's facilitators
-- only: who, in which group session, when, and what kind of signal.
--
-- text stays NULL. Live chat never touches disk, so not even words the
-- writer chose to share with the facilitators are kept here: they read
-- them in the circle, and they are gone when the session ends. The column
-- exists so that a group could one day agree to keep shared words, and
-- then only those.
--
-- Rows older than the group's retention_days are deleted by the hourly
-- sweep (DeleteExpiredIncidents).
CREATE TABLE incidents (
    id          INTEGER PRIMARY KEY,
    group_id    INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    session_id  INTEGER NOT NULL REFERENCES group_sessions(id) ON DELETE CASCADE,
    member_id   INTEGER REFERENCES members(id) ON DELETE SET NULL,
    category    TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    text        TEXT
);
CREATE INDEX incidents_group ON incidents(group_id, created_at);
