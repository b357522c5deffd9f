-- The admin API (Synapse's /_synapse/admin subset): rooms an admin blocked, and media an admin quarantined.

-- Blocked rooms: no local user may join (403), as Synapse's blocked_rooms. Kept after the room is purged, so the
-- room id stays unusable.
CREATE TABLE blocked_rooms (
    room_id     TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL,               -- the admin who blocked it
    blocked_ts  BIGINT NOT NULL
);

-- Quarantined media, local or remote (cached or not yet fetched): downloads and thumbnails answer 404 while a row
-- is here. A separate table rather than a column of media, so remote media can be quarantined before it is cached.
CREATE TABLE quarantined_media (
    server_name     TEXT NOT NULL,
    media_id        TEXT NOT NULL,
    quarantined_by  TEXT NOT NULL,           -- the admin
    quarantined_ts  BIGINT NOT NULL,
    PRIMARY KEY (server_name, media_id)
);
