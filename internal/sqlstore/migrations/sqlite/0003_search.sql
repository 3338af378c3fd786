-- Directory search ("Find a group").
--
-- attrs packs every single-choice attribute a search can filter on into
-- one integer, one bit per value (see sqlstore/search.go for the bit
-- order): category bits 0-5, audience 6-8, format 9-12, attendance 13-15,
-- access 16-17, cost 18-20, accessibility 21-25 (a group may have several)
-- and bit 26 for a private home. A search for several values asks for
-- (attrs & wanted) = wanted. It is generated from the columns, so the
-- store's writes need not know about it, and it sits in the "near me"
-- index beside the position and days_mask, so the filters are checked
-- without reading the table.
--
-- name_key is the name in lower case, the "sort by name" order.
--
-- start_min is the local start time in minutes after midnight. With the
-- groups_start index, "today" and "starting soon" seek the rows whose
-- start time falls in the window in each time zone instead of reading
-- every group.
--
-- groups_fts indexes the words of each group's name and description for
-- searches by words without a place. It keeps no copy of the text
-- (contentless) and no word positions (detail=none: which groups have a
-- word is all a search asks), and triggers keep it in step with the
-- groups table.
ALTER TABLE groups ADD COLUMN attrs INTEGER GENERATED ALWAYS AS (
        (CASE category WHEN 'mental_health' THEN 1 WHEN 'addiction_recovery' THEN 2 WHEN 'parenting_caregivers' THEN 4 WHEN 'chronic_illness_disability' THEN 8 WHEN 'grief_loss' THEN 16 WHEN 'other' THEN 32 ELSE 0 END)
        + (CASE audience WHEN 'lived_experience' THEN 64 WHEN 'family_supporters' THEN 128 WHEN 'both' THEN 256 ELSE 0 END)
        + (CASE format WHEN 'sharing_circle' THEN 512 WHEN 'psychoeducational' THEN 1024 WHEN 'twelve_step' THEN 2048 WHEN 'open_discussion' THEN 4096 ELSE 0 END)
        + (CASE attendance WHEN 'in_person' THEN 8192 WHEN 'online' THEN 16384 WHEN 'hybrid' THEN 32768 ELSE 0 END)
        + (CASE access WHEN 'open' THEN 65536 WHEN 'closed' THEN 131072 ELSE 0 END)
        + (CASE cost WHEN 'free' THEN 262144 WHEN 'donation' THEN 524288 WHEN 'fee' THEN 1048576 ELSE 0 END)
        + (CASE WHEN instr(',' || accessibility || ',', ',captions,') > 0 THEN 2097152 ELSE 0 END)
        + (CASE WHEN instr(',' || accessibility || ',', ',sign_language,') > 0 THEN 4194304 ELSE 0 END)
        + (CASE WHEN instr(',' || accessibility || ',', ',wheelchair,') > 0 THEN 8388608 ELSE 0 END)
        + (CASE WHEN instr(',' || accessibility || ',', ',phone_dial_in,') > 0 THEN 16777216 ELSE 0 END)
        + (CASE WHEN instr(',' || accessibility || ',', ',large_print,') > 0 THEN 33554432 ELSE 0 END)
        + (CASE venue_type WHEN 'private_home' THEN 67108864 ELSE 0 END)
    ) VIRTUAL;
ALTER TABLE groups ADD COLUMN name_key TEXT GENERATED ALWAYS AS (lower(name)) VIRTUAL;
ALTER TABLE groups ADD COLUMN start_min INTEGER GENERATED ALWAYS AS (
        CAST(substr(start_time, 1, instr(start_time, ':') - 1) AS INTEGER) * 60
        + CAST(substr(start_time, instr(start_time, ':') + 1) AS INTEGER)
    ) VIRTUAL;

DROP INDEX groups_geo;
CREATE INDEX groups_near ON groups(lat_band, lng, lat, attrs, days_mask);
CREATE INDEX groups_name ON groups(name_key);
CREATE INDEX groups_start ON groups(timezone, start_min, days_mask, attrs);

CREATE VIRTUAL TABLE groups_fts USING fts5(name, description, content='', contentless_delete=1, detail=none,
    tokenize='unicode61 remove_diacritics 0');
INSERT INTO groups_fts(rowid, name, description) SELECT id, name, description FROM groups;

CREATE TRIGGER groups_fts_insert AFTER INSERT ON groups BEGIN
    INSERT INTO groups_fts(rowid, name, description) VALUES (new.id, new.name, new.description);
END;
CREATE TRIGGER groups_fts_update AFTER UPDATE OF name, description ON groups BEGIN
    DELETE FROM groups_fts WHERE rowid = old.id;
    INSERT INTO groups_fts(rowid, name, description) VALUES (new.id, new.name, new.description);
END;
CREATE TRIGGER groups_fts_delete AFTER DELETE ON groups BEGIN
    DELETE FROM groups_fts WHERE rowid = old.id;
END;
