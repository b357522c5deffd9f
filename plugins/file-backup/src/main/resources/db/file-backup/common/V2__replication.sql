-- Partner side: the blobs other servers (partners) replicate here, keyed by the origin server. The owner is a
-- pseudonym of the origin's member (a hash of the user id), so a partner does not even learn who backs up.
CREATE TABLE file_backup_replicas (
    origin     TEXT   NOT NULL,
    owner      TEXT   NOT NULL,
    repo       TEXT   NOT NULL,
    blob_type  TEXT   NOT NULL,
    name       TEXT   NOT NULL,
    size       BIGINT NOT NULL,
    created_ts BIGINT NOT NULL,
    PRIMARY KEY (origin, owner, repo, blob_type, name)
);

-- Origin side: the durable push queue, in order per partner (seq). op is 'put' or 'delete'; a delete waits until
-- due_ts (the grace period); a failed item waits until next_try_ts and blocks the items behind it.
CREATE TABLE file_backup_queue (
    seq         BIGINT  NOT NULL PRIMARY KEY,
    partner     TEXT    NOT NULL,
    op          TEXT    NOT NULL,
    user_id     TEXT    NOT NULL,
    repo        TEXT    NOT NULL,
    blob_type   TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    due_ts      BIGINT  NOT NULL,
    next_try_ts BIGINT  NOT NULL,
    attempts    INTEGER NOT NULL,
    last_error  TEXT
);

-- Origin side: what each partner holds (acknowledged puts), for bytes replicated and for picking challenges.
CREATE TABLE file_backup_replicated (
    partner    TEXT   NOT NULL,
    user_id    TEXT   NOT NULL,
    repo       TEXT   NOT NULL,
    blob_type  TEXT   NOT NULL,
    name       TEXT   NOT NULL,
    size       BIGINT NOT NULL,
    pushed_ts  BIGINT NOT NULL,
    PRIMARY KEY (partner, user_id, repo, blob_type, name)
);

-- Origin side: the history of proof-of-storage challenges.
CREATE TABLE file_backup_challenges (
    partner   TEXT    NOT NULL,
    ts        BIGINT  NOT NULL,
    user_id   TEXT    NOT NULL,
    repo      TEXT    NOT NULL,
    blob_type TEXT    NOT NULL,
    name      TEXT    NOT NULL,
    ok        BOOLEAN NOT NULL,
    detail    TEXT    NOT NULL
);
