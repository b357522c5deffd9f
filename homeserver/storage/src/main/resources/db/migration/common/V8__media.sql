-- The media repository ("Content repository"): local uploads and their thumbnails.
--
-- The bytes live on disk, content-addressed by their SHA-256 (media.path/content/ab/cd/<sha256>), so identical
-- uploads are stored once; these rows say which media id names which bytes. A row with a NULL sha256 is an
-- mxc:// URI created by POST /_matrix/media/v1/create whose content has not arrived yet; unused_expires_at is
-- when it stops being usable. restricted = TRUE when the media was uploaded while the unauthenticated legacy
-- endpoints were frozen (media.legacy_unauthenticated_freeze): those endpoints then answer 404 for it, as the
-- spec's v1.11 deprecation and Synapse's "restricted" column do.
CREATE TABLE media (
    server_name        TEXT NOT NULL,
    media_id           TEXT NOT NULL,
    user_id            TEXT NOT NULL,              -- the uploader (or creator of a pending id)
    content_type       TEXT,
    upload_name        TEXT,                       -- the filename the upload gave, if any
    size               BIGINT,
    sha256             TEXT,                       -- hex; NULL while pending
    created_ts         BIGINT NOT NULL,            -- ms
    unused_expires_at  BIGINT,                     -- ms; pending ids only
    last_access_ts     BIGINT,                     -- ms; last download or thumbnail
    restricted         BOOLEAN NOT NULL DEFAULT TRUE,
    PRIMARY KEY (server_name, media_id)
);
CREATE INDEX media_by_user ON media (user_id);
CREATE INDEX media_by_sha256 ON media (sha256);

-- Thumbnails generated on demand, cached on disk (content-addressed like media) under their exact parameters.
CREATE TABLE media_thumbnails (
    server_name   TEXT NOT NULL,
    media_id      TEXT NOT NULL,
    width         INTEGER NOT NULL,
    height        INTEGER NOT NULL,
    method        TEXT NOT NULL,                   -- scale, crop
    content_type  TEXT NOT NULL,
    size          BIGINT NOT NULL,
    sha256        TEXT NOT NULL,
    PRIMARY KEY (server_name, media_id, width, height, method),
    FOREIGN KEY (server_name, media_id) REFERENCES media (server_name, media_id) ON DELETE CASCADE
);
