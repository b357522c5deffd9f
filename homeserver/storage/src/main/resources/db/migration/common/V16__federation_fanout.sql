-- How far the federation fan-out has queued this server's own events (a stream ordering). Events are stored, and
-- acknowledged to clients, before they are queued for other servers: at start, local events stored after this position
-- (the process died in between) are queued again. One row.
CREATE TABLE federation_fanout (
    id              INTEGER NOT NULL PRIMARY KEY,
    stream_ordering BIGINT  NOT NULL
);
