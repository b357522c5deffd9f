-- Accounts: users, their devices and tokens, profiles, third-party ids, user-interactive auth, registration tokens.
-- Written once for SQLite and PostgreSQL: TEXT, BIGINT, INTEGER and BOOLEAN only; ids stored in full string form;
-- timestamps are milliseconds since the epoch (BIGINT). docs/architecture.md describes the whole schema plan.

-- Every user ever registered on this node. Rows are never deleted: a deactivated name is never reissued.
CREATE TABLE users (
    user_id        TEXT PRIMARY KEY,          -- @localpart:server_name
    password_hash  TEXT,                      -- PHC string ($argon2id$...); NULL: no password login
    created_ts     BIGINT NOT NULL,
    is_admin       BOOLEAN NOT NULL DEFAULT FALSE,
    is_guest       BOOLEAN NOT NULL DEFAULT FALSE,
    user_type      TEXT,                      -- NULL, 'bot' or 'support' (as Synapse)
    deactivated    BOOLEAN NOT NULL DEFAULT FALSE,
    appservice_id  TEXT                       -- the appservice that registered this user, if any
);

-- Profile fields (displayname, avatar_url, m.tz, ...); value is the field's JSON.
CREATE TABLE profiles (
    user_id  TEXT NOT NULL REFERENCES users (user_id),
    field    TEXT NOT NULL,
    value    TEXT NOT NULL,
    PRIMARY KEY (user_id, field)
);

CREATE TABLE devices (
    user_id              TEXT NOT NULL REFERENCES users (user_id),
    device_id            TEXT NOT NULL,
    display_name         TEXT,
    created_ts           BIGINT NOT NULL,
    last_seen_ts         BIGINT,
    last_seen_ip         TEXT,
    last_seen_user_agent TEXT,
    PRIMARY KEY (user_id, device_id)
);

-- Bearer tokens are stored as SHA-256 hex; the token itself never touches the database.
-- Deleting a device deletes its tokens.
CREATE TABLE refresh_tokens (
    token_hash       TEXT PRIMARY KEY,
    user_id          TEXT NOT NULL,
    device_id        TEXT NOT NULL,
    created_ts       BIGINT NOT NULL,
    next_token_hash  TEXT,                    -- set once this token has been exchanged
    FOREIGN KEY (user_id, device_id) REFERENCES devices (user_id, device_id) ON DELETE CASCADE
);

CREATE TABLE access_tokens (
    token_hash          TEXT PRIMARY KEY,
    user_id             TEXT NOT NULL,
    device_id           TEXT NOT NULL,
    created_ts          BIGINT NOT NULL,
    expires_ts          BIGINT,               -- NULL: never expires (no refresh token asked for)
    refresh_token_hash  TEXT,                 -- the refresh token issued with it
    used                BOOLEAN NOT NULL DEFAULT FALSE,
    FOREIGN KEY (user_id, device_id) REFERENCES devices (user_id, device_id) ON DELETE CASCADE
);
CREATE INDEX access_tokens_by_device ON access_tokens (user_id, device_id);
CREATE INDEX refresh_tokens_by_device ON refresh_tokens (user_id, device_id);

-- Registration tokens (spec: m.login.registration_token; admin API as Synapse's).
CREATE TABLE registration_tokens (
    token         TEXT PRIMARY KEY,
    uses_allowed  INTEGER,                    -- NULL: unlimited
    pending       INTEGER NOT NULL DEFAULT 0, -- used in a UIA session that has not finished yet
    completed     INTEGER NOT NULL DEFAULT 0,
    expiry_ts     BIGINT,                     -- NULL: never expires
    created_ts    BIGINT NOT NULL
);

-- User-interactive authentication sessions, kept in the database so they survive a restart.
CREATE TABLE ui_auth_sessions (
    session_id   TEXT PRIMARY KEY,
    created_ts   BIGINT NOT NULL,
    method       TEXT NOT NULL,
    uri          TEXT NOT NULL,
    clientdict   TEXT NOT NULL,               -- JSON: the parameters of the first request
    user_id      TEXT                         -- the user it authenticates, once known
);

CREATE TABLE ui_auth_stages (
    session_id  TEXT NOT NULL REFERENCES ui_auth_sessions (session_id) ON DELETE CASCADE,
    stage       TEXT NOT NULL,
    result      TEXT NOT NULL,                -- JSON: what the stage established (user id, threepid, token)
    PRIMARY KEY (session_id, stage)
);

-- Third-party ids bound to accounts (email addresses).
CREATE TABLE user_threepids (
    medium        TEXT NOT NULL,
    address       TEXT NOT NULL,
    user_id       TEXT NOT NULL REFERENCES users (user_id),
    validated_ts  BIGINT NOT NULL,
    added_ts      BIGINT NOT NULL,
    PRIMARY KEY (medium, address)
);
CREATE INDEX user_threepids_by_user ON user_threepids (user_id);

-- Ownership checks in progress: a token was sent to an address and is waiting to be submitted.
CREATE TABLE threepid_validation_sessions (
    session_id     TEXT PRIMARY KEY,
    medium         TEXT NOT NULL,
    address        TEXT NOT NULL,
    client_secret  TEXT NOT NULL,
    purpose        TEXT NOT NULL,             -- 'register', 'add_threepid', 'password_reset'
    token_hash     TEXT NOT NULL,
    send_attempt   INTEGER NOT NULL,
    next_link      TEXT,
    created_ts     BIGINT NOT NULL,
    expires_ts     BIGINT NOT NULL,
    validated_ts   BIGINT
);
CREATE INDEX threepid_validation_by_secret ON threepid_validation_sessions (client_secret, medium, address, purpose);

-- Position counters for the server's streams (events, to-device, device lists, account data, ...).
-- Allocation is a row update inside the writing transaction, so it works the same on both databases
-- and with several writers on PostgreSQL.
CREATE TABLE stream_positions (
    stream    TEXT PRIMARY KEY,
    position  BIGINT NOT NULL
);
