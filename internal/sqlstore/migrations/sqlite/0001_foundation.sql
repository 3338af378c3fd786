-- Accounts, signed-in sessions, crisis lines and the group directory.
-- Times are Unix seconds (UTC) in both dialects, so one set of queries serves both.
CREATE TABLE members (
    id                  INTEGER PRIMARY KEY,
    display_name        TEXT NOT NULL,
    name_key            TEXT NOT NULL UNIQUE,
    email               TEXT NOT NULL DEFAULT '',
    password_hash       TEXT NOT NULL,
    site_admin          BOOLEAN NOT NULL DEFAULT FALSE,
    created_at          INTEGER NOT NULL
);

CREATE TABLE auth_sessions (
    token_hash  TEXT PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
);
CREATE INDEX auth_sessions_member ON auth_sessions(member_id);

CREATE TABLE crisis_lines (
    id               INTEGER PRIMARY KEY,
    region           TEXT NOT NULL,
    name             TEXT NOT NULL,
    phone            TEXT NOT NULL DEFAULT '',
    text_line        TEXT NOT NULL DEFAULT '',
    chat_url         TEXT NOT NULL DEFAULT '',
    hours            TEXT NOT NULL DEFAULT '',
    languages        TEXT NOT NULL DEFAULT '',
    emergency_number TEXT NOT NULL DEFAULT '',
    confidence       TEXT NOT NULL DEFAULT '',
    sources          TEXT NOT NULL DEFAULT '',
    position         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX crisis_lines_region ON crisis_lines(region, position);

CREATE TABLE groups (
    id               INTEGER PRIMARY KEY,
    slug             TEXT NOT NULL UNIQUE,
    name             TEXT NOT NULL,
    description      TEXT NOT NULL DEFAULT '',
    category         TEXT NOT NULL,
    audience         TEXT NOT NULL,
    format           TEXT NOT NULL,
    attendance       TEXT NOT NULL,
    access           TEXT NOT NULL,
    cost             TEXT NOT NULL,
    languages        TEXT NOT NULL DEFAULT '',
    accessibility    TEXT NOT NULL DEFAULT '',
    venue_type       TEXT NOT NULL,
    address          TEXT NOT NULL DEFAULT '',
    city             TEXT NOT NULL DEFAULT '',
    region           TEXT NOT NULL DEFAULT '',
    country          TEXT NOT NULL DEFAULT '',
    lat              REAL,
    lng              REAL,
    online_url       TEXT NOT NULL DEFAULT '',
    timezone         TEXT NOT NULL,
    rrule            TEXT NOT NULL,
    start_time       TEXT NOT NULL,
    duration_minutes INTEGER NOT NULL,
    starts_on        TEXT NOT NULL,
    created_by       INTEGER REFERENCES members(id) ON DELETE SET NULL,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE INDEX groups_category ON groups(category);
CREATE INDEX groups_lat_lng ON groups(lat, lng);

CREATE TABLE group_members (
    group_id     INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    member_id    INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    display_name TEXT NOT NULL,
    role         TEXT NOT NULL,
    status       TEXT NOT NULL,
    joined_at    INTEGER NOT NULL,
    PRIMARY KEY (group_id, member_id)
);
CREATE INDEX group_members_member ON group_members(member_id);
