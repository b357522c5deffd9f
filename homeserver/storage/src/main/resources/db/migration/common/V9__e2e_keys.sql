-- End-to-end encryption keys (client-server API "End-to-End Encryption" and "Cross-signing").
--
-- Device keys, one-time keys and fallback keys belong to a device: deleting the device deletes them. Key
-- objects are stored as the JSON the client uploaded (their signatures cover exactly that), keyed so the
-- server can count, claim and replace them without parsing.
CREATE TABLE e2e_device_keys (
    user_id     TEXT NOT NULL,
    device_id   TEXT NOT NULL,
    key_json    TEXT NOT NULL,            -- the DeviceKeys object as uploaded (with the device's own signature)
    ts          BIGINT NOT NULL,
    PRIMARY KEY (user_id, device_id),
    FOREIGN KEY (user_id, device_id) REFERENCES devices (user_id, device_id) ON DELETE CASCADE
);

-- A one-time key is handed out once (/keys/claim deletes it in the claiming transaction).
CREATE TABLE e2e_one_time_keys (
    user_id     TEXT NOT NULL,
    device_id   TEXT NOT NULL,
    algorithm   TEXT NOT NULL,            -- signed_curve25519
    key_id      TEXT NOT NULL,
    key_json    TEXT NOT NULL,            -- a string (unsigned key) or a KeyObject, as JSON
    ts          BIGINT NOT NULL,
    PRIMARY KEY (user_id, device_id, algorithm, key_id),
    FOREIGN KEY (user_id, device_id) REFERENCES devices (user_id, device_id) ON DELETE CASCADE
);

-- One fallback key per device and algorithm; claiming marks it used but keeps it until the device replaces it.
CREATE TABLE e2e_fallback_keys (
    user_id     TEXT NOT NULL,
    device_id   TEXT NOT NULL,
    algorithm   TEXT NOT NULL,
    key_id      TEXT NOT NULL,
    key_json    TEXT NOT NULL,
    used        BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (user_id, device_id, algorithm),
    FOREIGN KEY (user_id, device_id) REFERENCES devices (user_id, device_id) ON DELETE CASCADE
);

-- A user's cross-signing keys: master, self_signing, user_signing (the latest of each).
CREATE TABLE e2e_cross_signing_keys (
    user_id     TEXT NOT NULL,
    key_type    TEXT NOT NULL,
    key_json    TEXT NOT NULL,
    ts          BIGINT NOT NULL,
    PRIMARY KEY (user_id, key_type)
);

-- Signatures uploaded later through /keys/signatures/upload: by signer_user_id's key signer_key_id
-- (ed25519:<public key>) over target_user_id's device or cross-signing key target_key_id (a device ID or the
-- public key). /keys/query merges them into the signed objects.
CREATE TABLE e2e_signatures (
    signer_user_id  TEXT NOT NULL,
    signer_key_id   TEXT NOT NULL,
    target_user_id  TEXT NOT NULL,
    target_key_id   TEXT NOT NULL,
    signature       TEXT NOT NULL,
    PRIMARY KEY (signer_user_id, signer_key_id, target_user_id, target_key_id)
);
CREATE INDEX e2e_signatures_by_target ON e2e_signatures (target_user_id);

-- Server-side key backup ("Server-side key backups"): a user's backup versions (numbered per user and never
-- reused: a deleted version keeps its row) and the encrypted room keys in each. etag changes whenever a
-- version's keys do.
CREATE TABLE e2e_room_key_versions (
    user_id     TEXT NOT NULL,
    version     BIGINT NOT NULL,
    algorithm   TEXT NOT NULL,
    auth_data   TEXT NOT NULL,
    etag        BIGINT NOT NULL DEFAULT 0,
    deleted     BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (user_id, version)
);

CREATE TABLE e2e_room_keys (
    user_id              TEXT NOT NULL,
    version              BIGINT NOT NULL,
    room_id              TEXT NOT NULL,
    session_id           TEXT NOT NULL,
    first_message_index  BIGINT NOT NULL,
    forwarded_count      BIGINT NOT NULL,
    is_verified          BOOLEAN NOT NULL,
    session_data         TEXT NOT NULL,    -- the encrypted session_data object as JSON
    PRIMARY KEY (user_id, version, room_id, session_id),
    FOREIGN KEY (user_id, version) REFERENCES e2e_room_key_versions (user_id, version) ON DELETE CASCADE
);
