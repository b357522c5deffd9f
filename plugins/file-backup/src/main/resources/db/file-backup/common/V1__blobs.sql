-- One row per stored blob: what the quota and the listings read. The bytes are files under the plugin's data
-- directory (users/<user>/<repo>/<type>/<name>); the node never sees anything but ciphertext.
CREATE TABLE file_backup_blobs (
    user_id    TEXT   NOT NULL,
    repo       TEXT   NOT NULL,
    blob_type  TEXT   NOT NULL,
    name       TEXT   NOT NULL,
    size       BIGINT NOT NULL,
    created_ts BIGINT NOT NULL,
    PRIMARY KEY (user_id, repo, blob_type, name)
);
