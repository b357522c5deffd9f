-- Rooms: the event graph, room state as deltas with periodic snapshots, current state, memberships, aliases.
-- docs/architecture.md explains the design.

CREATE TABLE rooms (
    room_id       TEXT PRIMARY KEY,
    room_version  TEXT NOT NULL,
    creator       TEXT NOT NULL,            -- sender of the create event
    created_ts    BIGINT NOT NULL,
    is_public     BOOLEAN NOT NULL DEFAULT FALSE,  -- published in the room directory
    state_group   BIGINT                    -- the state group of the room's current (resolved) state
);

-- Every event this server knows. stream_ordering is the global order in which events became part of a room's
-- timeline here (what sync streams); NULL for outliers, which are known (e.g. auth chains fetched over
-- federation) but not part of the timeline. The JSON is the full PDU, unredacted: redactions apply when served.
CREATE TABLE events (
    event_id             TEXT PRIMARY KEY,
    room_id              TEXT NOT NULL,
    stream_ordering      BIGINT UNIQUE,
    depth                BIGINT NOT NULL,
    type                 TEXT NOT NULL,
    state_key            TEXT,              -- NULL: not a state event
    sender               TEXT NOT NULL,
    origin_server_ts     BIGINT NOT NULL,
    received_ts          BIGINT NOT NULL,
    json                 TEXT NOT NULL,
    outlier              BOOLEAN NOT NULL DEFAULT FALSE,
    rejected_reason      TEXT,              -- not NULL: failed the auth rules; kept, never served
    state_before         BIGINT,            -- state group of the room state before the event
    state_after          BIGINT,            -- ... and after it (the same group for non-state events)
    replaces_state       TEXT,              -- for state events: the event it replaced (unsigned.prev_content)
    membership           TEXT               -- for m.room.member: content.membership, for quick filtering
);
CREATE INDEX events_by_room_stream ON events (room_id, stream_ordering);
CREATE INDEX events_by_room_depth ON events (room_id, depth, stream_ordering);
CREATE INDEX events_by_member_target ON events (state_key, stream_ordering) WHERE type = 'm.room.member';

-- The DAG: prev_events and auth_events of each event.
CREATE TABLE event_edges (
    event_id       TEXT NOT NULL,
    prev_event_id  TEXT NOT NULL,
    PRIMARY KEY (event_id, prev_event_id)
);
CREATE INDEX event_edges_by_prev ON event_edges (prev_event_id);

CREATE TABLE event_auth_edges (
    event_id       TEXT NOT NULL,
    auth_event_id  TEXT NOT NULL,
    PRIMARY KEY (event_id, auth_event_id)
);

-- The events of a room that no other event points at yet: the prev_events of the next event.
CREATE TABLE room_forward_extremities (
    room_id   TEXT NOT NULL,
    event_id  TEXT NOT NULL,
    PRIMARY KEY (room_id, event_id)
);

-- Room state at events. A group is created only when state changes; it stores its entries as a delta against
-- prev_group, and a full snapshot whenever the chain of deltas would grow past the configured length, so
-- reading the state at any event reads at most that many small deltas. An entry with a NULL event_id removes
-- the key.
CREATE TABLE state_groups (
    state_group   BIGINT PRIMARY KEY,
    room_id       TEXT NOT NULL,
    prev_group    BIGINT,                   -- NULL: a snapshot
    chain_length  INTEGER NOT NULL          -- deltas since the last snapshot (0 for a snapshot)
);
CREATE INDEX state_groups_by_room ON state_groups (room_id);

CREATE TABLE state_group_entries (
    state_group  BIGINT NOT NULL,
    type         TEXT NOT NULL,
    state_key    TEXT NOT NULL,
    event_id     TEXT,
    PRIMARY KEY (state_group, type, state_key)
);

-- The resolved state of each room now, for the hot paths.
CREATE TABLE current_state (
    room_id    TEXT NOT NULL,
    type       TEXT NOT NULL,
    state_key  TEXT NOT NULL,
    event_id   TEXT NOT NULL,
    PRIMARY KEY (room_id, type, state_key)
);

-- Each user's current membership of each room (local and remote users), from current_state.
CREATE TABLE room_memberships (
    room_id          TEXT NOT NULL,
    user_id          TEXT NOT NULL,
    membership       TEXT NOT NULL,
    event_id         TEXT NOT NULL,
    stream_ordering  BIGINT NOT NULL,
    forgotten        BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (room_id, user_id)
);
CREATE INDEX room_memberships_by_user ON room_memberships (user_id, membership);

-- PUT /send/{type}/{txnId} is idempotent per device.
CREATE TABLE event_txn_ids (
    user_id     TEXT NOT NULL,
    device_id   TEXT NOT NULL,
    txn_id      TEXT NOT NULL,
    event_id    TEXT NOT NULL,
    created_ts  BIGINT NOT NULL,
    PRIMARY KEY (user_id, device_id, txn_id)
);
CREATE INDEX event_txn_ids_by_event ON event_txn_ids (event_id);

-- Redaction events and what they redact; applied when events are served.
CREATE TABLE redactions (
    redaction_event_id  TEXT PRIMARY KEY,
    redacts             TEXT NOT NULL,
    room_id             TEXT NOT NULL
);
CREATE INDEX redactions_by_target ON redactions (redacts);

CREATE TABLE room_aliases (
    room_alias  TEXT PRIMARY KEY,
    room_id     TEXT NOT NULL,
    creator     TEXT NOT NULL,
    created_ts  BIGINT NOT NULL
);
CREATE INDEX room_aliases_by_room ON room_aliases (room_id);
