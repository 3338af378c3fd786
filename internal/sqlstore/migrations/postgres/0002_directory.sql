-- The directory: cancelled or moved group sessions, and the columns "near me"
-- and day-of-week search use. lat_band is floor((lat + 90) * 10): bands of
-- 0.1 degree (about 11 km), so a radius search seeks a few bands on the
-- (lat_band, lng) index. days_mask has bit d set when the group can meet on
-- weekday d (0 = Sunday) in its own time zone.
ALTER TABLE groups ADD COLUMN lat_band INTEGER;
ALTER TABLE groups ADD COLUMN days_mask INTEGER NOT NULL DEFAULT 127;
CREATE INDEX groups_geo ON groups(lat_band, lng);
DROP INDEX groups_lat_lng;

CREATE TABLE group_exceptions (
    group_id         BIGINT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    original_date    TEXT NOT NULL,
    cancelled        BOOLEAN NOT NULL DEFAULT FALSE,
    moved_to         BIGINT,
    moved_minutes    INTEGER NOT NULL DEFAULT 0,
    reason           TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (group_id, original_date)
);
