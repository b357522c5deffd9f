-- Federation sending: what is queued for each destination server, and each destination's retry state.
-- Rows of federation_outbox are deleted only once the destination answered 200 to the transaction that carried
-- them, so a restart or an outage loses nothing; position comes from stream_positions ('federation_outbox'),
-- allocated on the ordered writer, so rows of one destination are read back in the order they were queued.
CREATE TABLE federation_outbox (
    destination  TEXT NOT NULL,
    position     BIGINT NOT NULL,
    kind         TEXT NOT NULL,                -- pdu, edu
    edu_type     TEXT,                         -- m.receipt, m.direct_to_device, ... (NULL for a PDU)
    json         TEXT NOT NULL,                -- the PDU as stored, or the EDU's content
    queued_ts    BIGINT NOT NULL,
    PRIMARY KEY (destination, position)
);
CREATE INDEX federation_outbox_by_kind ON federation_outbox (destination, kind, position);

-- Destinations that failed: how many transactions failed in a row and when the next attempt is due.
-- A row is deleted when a transaction to it succeeds.
CREATE TABLE federation_destinations (
    destination      TEXT PRIMARY KEY,
    failures         INTEGER NOT NULL,
    last_failure_ts  BIGINT NOT NULL,
    retry_at         BIGINT NOT NULL
);

-- m.direct_to_device messages received, by (origin, message_id): a transaction retried by its sender delivers
-- its to-device messages once.
CREATE TABLE federation_received_to_device (
    origin       TEXT NOT NULL,
    message_id   TEXT NOT NULL,
    received_ts  BIGINT NOT NULL,
    PRIMARY KEY (origin, message_id)
);

-- What this server last announced of each local user's devices (m.device_list_update) and cross-signing keys
-- (m.signing_key_update, device_id ''): a digest of what was sent and the stream_id it was sent with, so the
-- next change sends only what differs, with prev_id set to the update before it.
CREATE TABLE federation_device_list_outbound (
    user_id    TEXT NOT NULL,
    device_id  TEXT NOT NULL,
    digest     TEXT NOT NULL,
    stream_id  BIGINT NOT NULL,
    PRIMARY KEY (user_id, device_id)
);

-- Remote users' devices as their server announced them (m.device_list_update), for sync's device_lists and a
-- later refresh through /user/devices: stale is set when an update's prev_id named an update never seen, so the
-- list must be fetched whole before it is trusted.
CREATE TABLE federation_remote_device_lists (
    user_id     TEXT PRIMARY KEY,
    origin      TEXT NOT NULL,
    stream_id   BIGINT NOT NULL,
    stale       BOOLEAN NOT NULL,
    updated_ts  BIGINT NOT NULL
);

CREATE TABLE federation_remote_devices (
    user_id       TEXT NOT NULL,
    device_id     TEXT NOT NULL,
    display_name  TEXT,
    keys          TEXT,                       -- the device keys JSON, NULL when the update carried none
    deleted       BOOLEAN NOT NULL,
    stream_id     BIGINT NOT NULL,
    PRIMARY KEY (user_id, device_id)
);

-- Remote users' cross-signing keys as announced by m.signing_key_update (key_type: master, self_signing).
CREATE TABLE federation_remote_cross_signing_keys (
    user_id     TEXT NOT NULL,
    key_type    TEXT NOT NULL,
    key_json    TEXT NOT NULL,
    updated_ts  BIGINT NOT NULL,
    PRIMARY KEY (user_id, key_type)
);
