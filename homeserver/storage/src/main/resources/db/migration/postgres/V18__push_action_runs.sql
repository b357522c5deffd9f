-- Push actions stored as runs (issue #14): a row per member per message made a busy room's commits write a
-- B-tree entry per member per message on each member's own index pages, and it was what paced one busy room
-- (the message benchmark went from about 850 to 1,300-1,800 messages a second with those rows left out). Now
-- the notifications of one member in one room that are stored together (the messages of one send batch) are one
-- row, their entries in a JSON array, so the same commit writes a row per member. Nothing is lost: every
-- notification keeps its event, position, thread, actions, highlight and time, and the old rows become runs of
-- one. This file has a SQLite twin: only the JSON functions of the copy differ.
CREATE TABLE event_push_runs (
    user_id          TEXT NOT NULL,
    room_id          TEXT NOT NULL,
    last_stream      BIGINT NOT NULL,         -- the newest entry's stream position (an event is in one room, so
                                              -- this is unique per user)
    first_stream     BIGINT NOT NULL,         -- the oldest entry's
    notifications    INTEGER NOT NULL,        -- how many entries
    highlights       INTEGER NOT NULL,        -- how many of them highlight
    entries          TEXT NOT NULL,           -- [[stream_ordering, event_id, thread_id, actions, highlight 0/1, ts], ...]
                                              -- oldest first; thread_id 'main' or the thread root
    PRIMARY KEY (user_id, room_id, last_stream)
);
-- Newest first across rooms (/notifications), and the runs reaching past a position (what a pusher has yet to send).
CREATE INDEX event_push_runs_by_last ON event_push_runs (user_id, last_stream, first_stream);
-- Oldest first across rooms (pushers).
CREATE INDEX event_push_runs_by_first ON event_push_runs (user_id, first_stream);

INSERT INTO event_push_runs (user_id, room_id, last_stream, first_stream, notifications, highlights, entries)
    SELECT user_id, room_id, stream_ordering, stream_ordering, 1, CASE WHEN highlight THEN 1 ELSE 0 END,
           json_build_array(json_build_array(stream_ordering, event_id, thread_id, actions::json, CASE WHEN highlight THEN 1 ELSE 0 END, ts))::text
    FROM event_push_actions WHERE notify;
DROP TABLE event_push_actions;
