-- Pushers (client-server API "Push Notifications") and content reports ("Reporting content").
--
-- A pusher belongs to the device that set it: deleting the device (logout, DELETE /devices) deletes its pushers,
-- as Synapse does. (app_id, pushkey) names a pusher within one user; the same pair may belong to several users
-- only when they were added with append=true. last_stream_ordering is the durable delivery position: the
-- events stream position of the last notification handed to the gateway (or given up on), so a restart
-- resumes where delivery stopped instead of losing or repeating notifications. A new pusher starts at the
-- events stream head, so it never pushes the past.
CREATE TABLE pushers (
    user_id               TEXT NOT NULL,
    device_id             TEXT NOT NULL,
    access_token_hash     TEXT,                     -- the token that set it (informational)
    kind                  TEXT NOT NULL,            -- http, email
    app_id                TEXT NOT NULL,
    pushkey               TEXT NOT NULL,
    app_display_name      TEXT NOT NULL,
    device_display_name   TEXT NOT NULL,
    profile_tag           TEXT,
    lang                  TEXT NOT NULL,
    data                  TEXT NOT NULL,            -- the data object as JSON
    pushkey_ts            BIGINT NOT NULL,          -- ms; when this user last set the pusher
    last_stream_ordering  BIGINT NOT NULL,
    failing_since         BIGINT,                   -- ms; first failed attempt of the current notification
    PRIMARY KEY (user_id, app_id, pushkey),
    FOREIGN KEY (user_id, device_id) REFERENCES devices (user_id, device_id) ON DELETE CASCADE
);
CREATE INDEX pushers_by_key ON pushers (app_id, pushkey);
CREATE INDEX pushers_by_device ON pushers (user_id, device_id);

-- Reports of events, rooms and users, kept for server admins (Synapse's admin API reads the event reports).
-- ids come from stream_positions ('content_reports').
CREATE TABLE content_reports (
    id              BIGINT PRIMARY KEY,
    kind            TEXT NOT NULL,                  -- event, room, user
    reporter        TEXT NOT NULL,
    room_id         TEXT,                           -- event and room reports
    event_id        TEXT,                           -- event reports
    target_user_id  TEXT,                           -- user reports
    reason          TEXT,
    score           BIGINT,
    received_ts     BIGINT NOT NULL
);
CREATE INDEX content_reports_by_kind ON content_reports (kind, id);
