-- What the matchmaker remembers between starts: its notices room, and which notices it already gave (so admins are
-- told once). name is 'notice_room' or 'told:<key>'.
CREATE TABLE matchmaker_state (
    name  TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
);
