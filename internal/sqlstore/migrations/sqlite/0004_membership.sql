-- Membership and onboarding: join requests and decisions, per-group names,
-- roles and the facilitation rota, the newcomer pathway, the versioned group
-- agreement with consent records and proposals, group sessions with RSVP,
-- waitlist and attendance, reminders and their outbox, and the audit log.

-- group_members.status is requested, approved, declined, removed or left.
ALTER TABLE group_members ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
ALTER TABLE group_members ADD COLUMN request_note TEXT NOT NULL DEFAULT '';
ALTER TABLE group_members ADD COLUMN decision_message TEXT NOT NULL DEFAULT '';
ALTER TABLE group_members ADD COLUMN decided_by INTEGER;
ALTER TABLE group_members ADD COLUMN decided_at INTEGER;
ALTER TABLE group_members ADD COLUMN just_listening BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE group_members ADD COLUMN trained BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE group_members ADD COLUMN willing_buddy BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE group_members ADD COLUMN buddy_id INTEGER;
ALTER TABLE group_members ADD COLUMN checkin_sent_at INTEGER;
UPDATE group_members SET name_key = lower(display_name);
CREATE INDEX group_members_status ON group_members(group_id, status);

-- Group settings for membership and the circle.
ALTER TABLE groups ADD COLUMN capacity INTEGER NOT NULL DEFAULT 0;          -- 0: no cap
ALTER TABLE groups ADD COLUMN vote_rule TEXT NOT NULL DEFAULT 'majority_confirmed';
ALTER TABLE groups ADD COLUMN retention_days INTEGER NOT NULL DEFAULT 90;
ALTER TABLE groups ADD COLUMN share_seconds INTEGER NOT NULL DEFAULT 300;

-- Members' own settings.
ALTER TABLE members ADD COLUMN timezone TEXT NOT NULL DEFAULT '';
ALTER TABLE members ADD COLUMN remind_24h BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE members ADD COLUMN remind_1h BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE members ADD COLUMN email_off BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE members ADD COLUMN calendar_token TEXT;
CREATE UNIQUE INDEX members_calendar_token ON members(calendar_token);

CREATE TABLE agreements (
    group_id        INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    version         INTEGER NOT NULL,
    template        TEXT NOT NULL DEFAULT '',
    ground_rules    TEXT NOT NULL,
    confidentiality TEXT NOT NULL,
    limits          TEXT NOT NULL,
    retention       TEXT NOT NULL,
    change_summary  TEXT NOT NULL DEFAULT '',
    created_by      INTEGER,
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (group_id, version)
);

CREATE TABLE consents (
    group_id    INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    member_id   INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    accepted_at INTEGER NOT NULL,
    PRIMARY KEY (group_id, member_id, version)
);

CREATE TABLE proposals (
    id            INTEGER PRIMARY KEY,
    group_id      INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    proposed_by   INTEGER REFERENCES members(id) ON DELETE SET NULL,
    ground_rules  TEXT NOT NULL,
    reason        TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL,               -- open, passed, rejected, withdrawn
    created_at    INTEGER NOT NULL,
    closes_at     INTEGER NOT NULL,
    decided_at    INTEGER,
    confirmed_by  INTEGER
);
CREATE INDEX proposals_group ON proposals(group_id, status);

CREATE TABLE votes (
    proposal_id INTEGER NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
    member_id   INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    vote        TEXT NOT NULL,                  -- yes, no, abstain
    voted_at    INTEGER NOT NULL,
    PRIMARY KEY (proposal_id, member_id)
);

-- A group session is one occurrence of the schedule (original_start set) or
-- an extra one a facilitator added. status: scheduled, live, ended, cancelled.
CREATE TABLE group_sessions (
    id              INTEGER PRIMARY KEY,
    group_id        INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    starts_at       INTEGER NOT NULL,
    ends_at         INTEGER NOT NULL,
    original_start  INTEGER,
    status          TEXT NOT NULL DEFAULT 'scheduled',
    topic           TEXT NOT NULL DEFAULT '',
    facilitator_id  INTEGER REFERENCES members(id) ON DELETE SET NULL,
    in_room_count   INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL
);
CREATE UNIQUE INDEX group_sessions_occurrence ON group_sessions(group_id, original_start);
CREATE INDEX group_sessions_starts ON group_sessions(starts_at);

-- answer: going, maybe, not_going, waitlist. position orders the waitlist.
CREATE TABLE rsvps (
    session_id  INTEGER NOT NULL REFERENCES group_sessions(id) ON DELETE CASCADE,
    member_id   INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    answer      TEXT NOT NULL,
    position    INTEGER NOT NULL DEFAULT 0,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (session_id, member_id)
);

CREATE TABLE attendance (
    session_id  INTEGER NOT NULL REFERENCES group_sessions(id) ON DELETE CASCADE,
    member_id   INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    source      TEXT NOT NULL,                  -- facilitator, circle
    marked_at   INTEGER NOT NULL,
    PRIMARY KEY (session_id, member_id)
);
CREATE INDEX attendance_member ON attendance(member_id);

-- Reminders sent, so each is sent once.
CREATE TABLE reminders_sent (
    session_id  INTEGER NOT NULL REFERENCES group_sessions(id) ON DELETE CASCADE,
    member_id   INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,                  -- 24h, 1h
    sent_at     INTEGER NOT NULL,
    PRIMARY KEY (session_id, member_id, kind)
);

-- Mail waiting to go out. A message is written here in the same transaction
-- as the change it reports, so nothing acknowledged is lost if the mail
-- server is down; the sender retries.
CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER REFERENCES members(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    send_after  INTEGER NOT NULL,
    sent_at     INTEGER,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_pending ON outbox(sent_at, send_after);

-- Append-only: every moderation action and role change, who, what, when, why.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    group_id    INTEGER REFERENCES groups(id) ON DELETE CASCADE,
    actor_id    INTEGER,
    action      TEXT NOT NULL,
    target_id   INTEGER,
    reason      TEXT NOT NULL DEFAULT '',
    details     TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL
);
CREATE INDEX audit_log_group ON audit_log(group_id, id);
