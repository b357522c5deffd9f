-- The greeter's tables. Every name starts with the plugin's table prefix (example_greeter_), and only TEXT, BIGINT
-- and INTEGER are used, so this one file serves SQLite and PostgreSQL alike (db/example-greeter/common/).

CREATE TABLE example_greeter_guestbook (
    id         BIGINT NOT NULL PRIMARY KEY,   -- assigned by the plugin: max + 1, in the writing transaction
    user_id    TEXT   NOT NULL,
    message    TEXT   NOT NULL,
    created_ts BIGINT NOT NULL                -- ms since the epoch
);

CREATE INDEX example_greeter_guestbook_created ON example_greeter_guestbook (created_ts);

-- One row per scheduled job: how many times it ran, and when last.
CREATE TABLE example_greeter_ticks (
    job     TEXT    NOT NULL PRIMARY KEY,
    count   BIGINT  NOT NULL,
    last_ts BIGINT
);

INSERT INTO example_greeter_ticks (job, count, last_ts) VALUES ('ticker', 0, NULL);
