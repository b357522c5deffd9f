-- Relations between events (client-server API "Event relationships"): one row per event whose content carries
-- m.relates_to with an event_id and a rel_type, written in the transaction that stores the event. Rejected
-- events get no row. A redacted child loses its relationship: readers leave out children that have a row in
-- redactions (the row stays, so the redaction's own validity rules can be applied at read time later).
CREATE TABLE event_relations (
    event_id          TEXT PRIMARY KEY,        -- the child (the relating event)
    relates_to_id     TEXT NOT NULL,           -- the parent (m.relates_to.event_id)
    rel_type          TEXT NOT NULL,           -- m.thread, m.replace, m.annotation, m.reference, ...
    aggregation_key   TEXT,                    -- m.relates_to.key, for annotations
    room_id           TEXT NOT NULL,
    sender            TEXT NOT NULL,
    type              TEXT NOT NULL,           -- the child's event type
    origin_server_ts  BIGINT NOT NULL,
    stream_ordering   BIGINT NOT NULL
);
CREATE INDEX event_relations_by_parent ON event_relations (relates_to_id, rel_type, stream_ordering);
CREATE INDEX event_relations_by_room ON event_relations (room_id, rel_type, stream_ordering);
