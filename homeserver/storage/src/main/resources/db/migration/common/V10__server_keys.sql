-- Other servers' signing keys (server-server API, "Retrieving server keys"), as fetched from the server itself or
-- through a notary. One row per (server, key id): the newest document that carried the key wins. valid_until_ts is
-- the document's; expired_ts is set for a key listed in old_verify_keys (it may be used for what was signed before
-- then). key_json is the whole signed key document, kept so this node can answer notary queries for it.
CREATE TABLE server_keys (
    server_name     TEXT NOT NULL,
    key_id          TEXT NOT NULL,
    verify_key      TEXT NOT NULL,      -- unpadded base64 Ed25519 public key
    valid_until_ts  BIGINT NOT NULL,    -- ms
    expired_ts      BIGINT,             -- ms; NULL unless an old key
    fetched_ts      BIGINT NOT NULL,    -- ms; when this node got the document
    key_json        TEXT NOT NULL,
    PRIMARY KEY (server_name, key_id)
);
