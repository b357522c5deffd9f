-- Search (issue "Messaging"): server-side search of room events, the user directory, and the rooms the user
-- directory counts as public. The tables are the same on both databases (SchemaParityTest); only the full-text
-- index differs, which is why this migration has a SQLite and a PostgreSQL twin instead of one common file.

-- One row per searchable event: the text of content.body (m.room.message), content.name (m.room.name) or
-- content.topic (m.room.topic). Written in the transaction that stores the event (JooqEventRepository.append).
-- Redacted events stay here and are filtered out when searching (the redactions table), as they are when served.
CREATE TABLE event_search (
    event_id          TEXT PRIMARY KEY,
    room_id           TEXT NOT NULL,
    sender            TEXT NOT NULL,
    type              TEXT NOT NULL,
    search_key        TEXT NOT NULL,          -- content.body, content.name or content.topic
    value             TEXT NOT NULL,
    stream_ordering   BIGINT NOT NULL UNIQUE,
    origin_server_ts  BIGINT NOT NULL
);
CREATE INDEX event_search_by_room ON event_search (room_id, stream_ordering);

-- The user directory: every user this server has seen join a room, with the profile it searches. search_text
-- is the lower-cased words of the display name and the user id, each preceded by a space, so a word prefix is
-- found with LIKE '% prefix%' on both databases.
CREATE TABLE user_directory (
    user_id       TEXT PRIMARY KEY,
    display_name  TEXT,
    avatar_url    TEXT,
    search_text   TEXT NOT NULL
);

-- Rooms whose members anyone may find in the user directory: join rule public, or history world_readable
-- (Synapse's users_in_public_rooms reading of "public").
CREATE TABLE user_directory_public_rooms (
    room_id  TEXT PRIMARY KEY
);

-- SQLite: an FTS5 index over event_search.value, its rowid the event's stream_ordering, kept in step by
-- triggers so the Java code writes only event_search. porter stems English words as PostgreSQL's 'english'
-- configuration does.
CREATE VIRTUAL TABLE event_search_fts USING fts5(value, tokenize = 'porter unicode61');

CREATE TRIGGER event_search_fts_insert AFTER INSERT ON event_search BEGIN
    INSERT INTO event_search_fts (rowid, value) VALUES (new.stream_ordering, new.value);
END;
CREATE TRIGGER event_search_fts_delete AFTER DELETE ON event_search BEGIN
    DELETE FROM event_search_fts WHERE rowid = old.stream_ordering;
END;

-- Events stored before this migration.
INSERT INTO event_search (event_id, room_id, sender, type, search_key, value, stream_ordering, origin_server_ts)
SELECT event_id, room_id, sender, type,
       CASE type WHEN 'm.room.message' THEN 'content.body' WHEN 'm.room.name' THEN 'content.name' ELSE 'content.topic' END,
       json_extract(json, CASE type WHEN 'm.room.message' THEN '$.content.body' WHEN 'm.room.name' THEN '$.content.name'
                                    ELSE '$.content.topic' END),
       stream_ordering, origin_server_ts
FROM events
WHERE type IN ('m.room.message', 'm.room.name', 'm.room.topic') AND stream_ordering IS NOT NULL
  AND NOT outlier AND rejected_reason IS NULL
  AND json_type(json, CASE type WHEN 'm.room.message' THEN '$.content.body' WHEN 'm.room.name' THEN '$.content.name'
                                ELSE '$.content.topic' END) = 'text';

INSERT INTO user_directory_public_rooms (room_id)
SELECT DISTINCT c.room_id FROM current_state c JOIN events e ON e.event_id = c.event_id
WHERE (c.type = 'm.room.join_rules' AND c.state_key = '' AND json_extract(e.json, '$.content.join_rule') = 'public')
   OR (c.type = 'm.room.history_visibility' AND c.state_key = ''
       AND json_extract(e.json, '$.content.history_visibility') = 'world_readable');
