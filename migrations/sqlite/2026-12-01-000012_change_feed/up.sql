-- The change feed: one row per committed change of a client, incident, timeline entry,
-- retrospective or action, written in the transaction of the change whether or not anyone
-- listens. SQLite has one writer at a time, so the autoincrement id is already commit order
-- and `position` stays 0; AUTOINCREMENT keeps ids from being reused after a purge.
CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    position BIGINT NOT NULL DEFAULT 0,
    type TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    actor TEXT,
    data TEXT,
    occurred_at TIMESTAMP NOT NULL
);
-- No other index: pages and the purge read in rowid order, and every write pays for each
-- index (one more cost a 22% slower create, measured).

-- The last position purged: a cursor before it may have missed events (410, resync).
CREATE TABLE event_horizon (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    position BIGINT NOT NULL,
    event_id BIGINT NOT NULL
);
