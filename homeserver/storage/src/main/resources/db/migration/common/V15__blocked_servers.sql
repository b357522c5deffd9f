-- Servers an admin blocked (admin bot: !federation block): nothing is sent to them and what they send is refused.
CREATE TABLE blocked_servers (
    server_name  TEXT PRIMARY KEY,
    blocked_by   TEXT NOT NULL,
    blocked_ts   BIGINT NOT NULL
);
