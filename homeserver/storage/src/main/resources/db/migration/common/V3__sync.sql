-- What sync carries besides room events: filters, account data, receipts, presence, to-device messages,
-- device-list changes, push rules and per-user notification actions. Each stream's position is allocated from
-- stream_positions inside the writing transaction; docs/architecture.md explains the sync token.

CREATE TABLE user_filters (
    user_id     TEXT NOT NULL,
    filter_id   BIGINT NOT NULL,
    filter_json TEXT NOT NULL,
    PRIMARY KEY (user_id, filter_id)
);

-- Global (room_id '') and per-room account data; the latest content per type, with the stream position of its
-- last change.
CREATE TABLE account_data (
    user_id    TEXT NOT NULL,
    room_id    TEXT NOT NULL,
    type       TEXT NOT NULL,
    content    TEXT NOT NULL,
    stream_id  BIGINT NOT NULL,
    PRIMARY KEY (user_id, room_id, type)
);
CREATE INDEX account_data_by_stream ON account_data (user_id, stream_id);

-- The latest receipt of each (room, type, user, thread).
CREATE TABLE receipts (
    room_id       TEXT NOT NULL,
    receipt_type  TEXT NOT NULL,              -- m.read, m.read.private
    user_id       TEXT NOT NULL,
    thread_id     TEXT NOT NULL,              -- '' for unthreaded receipts
    event_id      TEXT NOT NULL,
    event_stream  BIGINT,                     -- stream_ordering of the event, for unread counts
    ts            BIGINT NOT NULL,
    stream_id     BIGINT NOT NULL,
    PRIMARY KEY (room_id, receipt_type, user_id, thread_id)
);
CREATE INDEX receipts_by_stream ON receipts (stream_id);

CREATE TABLE presence (
    user_id           TEXT PRIMARY KEY,
    state             TEXT NOT NULL,          -- online, unavailable, offline
    status_msg        TEXT,
    last_active_ts    BIGINT NOT NULL,
    currently_active  BOOLEAN NOT NULL DEFAULT FALSE,
    stream_id         BIGINT NOT NULL
);
CREATE INDEX presence_by_stream ON presence (stream_id);

-- To-device messages waiting for a device; deleted once the device acknowledged them with a later since token.
CREATE TABLE device_inbox (
    user_id    TEXT NOT NULL,
    device_id  TEXT NOT NULL,
    stream_id  BIGINT NOT NULL,
    message    TEXT NOT NULL,                 -- JSON {type, sender, content}
    PRIMARY KEY (user_id, device_id, stream_id)
);

-- Whose device list changed, and when (the end-to-end encryption issue fills it).
CREATE TABLE device_list_changes (
    stream_id  BIGINT NOT NULL,
    user_id    TEXT NOT NULL,
    PRIMARY KEY (stream_id, user_id)
);
CREATE INDEX device_list_changes_by_user ON device_list_changes (user_id, stream_id);

-- Users' own push rules and their changes to the server defaults (enabled flag, actions).
CREATE TABLE push_rules (
    user_id    TEXT NOT NULL,
    kind       TEXT NOT NULL,                 -- override, content, room, sender, underride
    rule_id    TEXT NOT NULL,
    priority   INTEGER NOT NULL,              -- order within the kind, higher first
    rule_json  TEXT NOT NULL,                 -- conditions / pattern and actions
    PRIMARY KEY (user_id, kind, rule_id)
);

CREATE TABLE push_rules_enable (
    user_id  TEXT NOT NULL,
    rule_id  TEXT NOT NULL,                   -- global/<kind>/<rule_id>
    enabled  BOOLEAN NOT NULL,
    PRIMARY KEY (user_id, rule_id)
);

CREATE TABLE push_rules_actions (
    user_id  TEXT NOT NULL,
    rule_id  TEXT NOT NULL,                   -- server-default rules whose actions the user changed
    actions  TEXT NOT NULL,
    PRIMARY KEY (user_id, rule_id)
);

-- What the push rules decided for each user about each event that notifies them: unread counts and
-- /notifications read from here.
CREATE TABLE event_push_actions (
    user_id          TEXT NOT NULL,
    room_id          TEXT NOT NULL,
    event_id         TEXT NOT NULL,
    stream_ordering  BIGINT NOT NULL,
    thread_id        TEXT NOT NULL,           -- 'main' or the thread root
    actions          TEXT NOT NULL,
    notify           BOOLEAN NOT NULL,
    highlight        BOOLEAN NOT NULL,
    ts               BIGINT NOT NULL,
    PRIMARY KEY (user_id, event_id)
);
CREATE INDEX event_push_actions_by_room ON event_push_actions (user_id, room_id, stream_ordering);
CREATE INDEX event_push_actions_by_user ON event_push_actions (user_id, stream_ordering);
