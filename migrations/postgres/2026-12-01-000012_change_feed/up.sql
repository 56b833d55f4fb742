-- The change feed: one row per committed change of a client, incident, timeline entry,
-- retrospective or action, written in the transaction of the change whether or not anyone
-- listens.
--
-- Many writers commit concurrently here, so an id taken at insert is not commit order: a
-- transaction holding id 10 may commit after a reader has passed id 11. Each event's
-- `position` is therefore its transaction's id (pg_current_xact_id), raised to the position of
-- the resource's previous event when that is higher (so one resource's events keep the order
-- its row locks gave them), and readers serve only positions below the oldest transaction still
-- running (pg_snapshot_xmin): below it, nothing can still appear. Order is (position, id).
CREATE TABLE events (
    id BIGSERIAL PRIMARY KEY,
    position BIGINT NOT NULL,
    type TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    actor TEXT,
    data TEXT,
    occurred_at TIMESTAMP NOT NULL
);
-- Pages and the purge read in (position, id) order; a write looks up its resource's last
-- position. No index on time: the oldest events are the first ones in order.
CREATE INDEX events_in_order ON events (position, id);
CREATE INDEX events_of_resource ON events (resource_id, position);

-- The last position purged: a cursor before it may have missed events (410, resync).
CREATE TABLE event_horizon (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    position BIGINT NOT NULL,
    event_id BIGINT NOT NULL
);
