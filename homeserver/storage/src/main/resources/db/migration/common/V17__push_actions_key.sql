-- event_push_actions keyed by (user_id, room_id, stream_ordering) instead of (user_id, event_id): the key then is
-- the index the unread counts read (which was a second index beside it), one B-tree fewer to write. Every message
-- adds a row per member, each on that member's own pages of every index, so a busy room's commit dirtied three
-- pages per member; now two. An event has one stream position in one room, so the key is as unique as before.
CREATE TABLE event_push_actions_new (
    user_id          TEXT NOT NULL,
    room_id          TEXT NOT NULL,
    event_id         TEXT NOT NULL,
    stream_ordering  BIGINT NOT NULL,
    thread_id        TEXT NOT NULL,           -- 'main' or the thread root
    actions          TEXT NOT NULL,
    notify           BOOLEAN NOT NULL,
    highlight        BOOLEAN NOT NULL,
    ts               BIGINT NOT NULL,
    PRIMARY KEY (user_id, room_id, stream_ordering)
);
INSERT INTO event_push_actions_new (user_id, room_id, event_id, stream_ordering, thread_id, actions, notify, highlight, ts)
    SELECT user_id, room_id, event_id, stream_ordering, thread_id, actions, notify, highlight, ts FROM event_push_actions;
DROP TABLE event_push_actions;
ALTER TABLE event_push_actions_new RENAME TO event_push_actions;
CREATE INDEX event_push_actions_by_user ON event_push_actions (user_id, stream_ordering);
