-- Receiving events over federation (server-server API, "Checks performed on receipt of a PDU").
--
-- A soft-failed event passed the auth rules against its own auth events and against the state before it, but
-- not against the room's current state: it is kept (other events may build on it, other servers may ask for it)
-- but is no forward extremity, never part of the timeline and never served to clients, as in Synapse.
ALTER TABLE events ADD COLUMN soft_failed BOOLEAN NOT NULL DEFAULT FALSE;

-- PUT /_matrix/federation/v1/send/{txnId} is idempotent per origin: the answer given to a transaction is kept
-- and given again when the origin retries it.
CREATE TABLE federation_inbound_txns (
    origin       TEXT NOT NULL,
    txn_id       TEXT NOT NULL,
    response     TEXT NOT NULL,             -- the JSON answered
    received_ts  BIGINT NOT NULL,
    PRIMARY KEY (origin, txn_id)
);
-- Answers are kept for federation_receive.transaction_retention (senders retry a transaction within minutes).
CREATE INDEX federation_inbound_txns_by_ts ON federation_inbound_txns (received_ts);
