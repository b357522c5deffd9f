-- Application services (spec: Application Service API).
-- Registrations added at runtime (admin API, the admin bot); those in registration files live in the files.
CREATE TABLE appservice_registrations (
    id          TEXT PRIMARY KEY,       -- the registration's id
    yaml        TEXT NOT NULL,          -- the registration as given, re-parsed at every start
    created_ts  BIGINT NOT NULL
);

-- How far each appservice has been sent the event stream: events after events_position are still to send, in
-- order. last_txn_id is the id of the last transaction acknowledged; the next one is last_txn_id + 1.
CREATE TABLE appservice_positions (
    appservice_id    TEXT PRIMARY KEY,
    events_position  BIGINT NOT NULL,
    last_txn_id      BIGINT NOT NULL
);
