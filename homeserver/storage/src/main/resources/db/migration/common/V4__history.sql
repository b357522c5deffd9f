-- History: GET /timestamp_to_event looks events up by room and origin_server_ts. (/messages pages by
-- events_by_room_depth of V2.)
CREATE INDEX events_by_room_ts ON events (room_id, origin_server_ts, stream_ordering);
