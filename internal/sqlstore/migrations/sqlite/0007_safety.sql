-- Safety: reports and the moderation queue, mutes in live group sessions,
-- blocks between members, a safety plan per group, and site bans.

-- A banned member keeps their row, so the name stays taken and signing up
-- again under it fails; sign-in and session lookups treat them as unknown.
ALTER TABLE members ADD COLUMN banned_at INTEGER;
ALTER TABLE members ADD COLUMN ban_reason TEXT NOT NULL DEFAULT '';

-- A report about a message, a post or a member, for the group's
-- facilitators. reporter_id is never shown in any page or API answer: it is
-- kept only so the same person cannot report the same thing twice while
-- the first report is open (reports_once).
-- target_type: message, post, member. target_id is the thing's id as text
-- (a member's id for member). target_member_id is the member the report is
-- about, when known. reason: harassment, breaking_confidentiality, hate,
-- spam, worried_about_safety, other. status: open, dismissed, actioned.
-- action: dismiss, warn, hide, mute, remove (empty while open).
CREATE TABLE reports (
    id                INTEGER PRIMARY KEY,
    group_id          INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    reporter_id       INTEGER REFERENCES members(id) ON DELETE SET NULL,
    target_type       TEXT NOT NULL,
    target_id         TEXT NOT NULL,
    target_member_id  INTEGER REFERENCES members(id) ON DELETE SET NULL,
    reason            TEXT NOT NULL,
    note              TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL DEFAULT 'open',
    created_at        INTEGER NOT NULL,
    decided_by        INTEGER,
    decided_at        INTEGER,
    action            TEXT NOT NULL DEFAULT ''
);
CREATE INDEX reports_queue ON reports(group_id, status, id);
CREATE UNIQUE INDEX reports_once ON reports(group_id, reporter_id, target_type, target_id) WHERE status = 'open';

-- A member muted in a group's live sessions until a time.
CREATE TABLE mutes (
    group_id   INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    member_id  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    until      INTEGER NOT NULL,
    PRIMARY KEY (group_id, member_id)
);

-- blocker no longer sees blocked's posts or messages, nor blocked theirs.
CREATE TABLE blocks (
    blocker_id  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    blocked_id  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (blocker_id, blocked_id)
);
CREATE INDEX blocks_blocked ON blocks(blocked_id);

-- What the facilitators do when a group session becomes unsafe.
CREATE TABLE safety_plans (
    group_id            INTEGER PRIMARY KEY REFERENCES groups(id) ON DELETE CASCADE,
    emergency_contacts  TEXT NOT NULL,
    local_resources     TEXT NOT NULL,
    steps               TEXT NOT NULL,
    updated_by          INTEGER,
    updated_at          INTEGER NOT NULL
);
