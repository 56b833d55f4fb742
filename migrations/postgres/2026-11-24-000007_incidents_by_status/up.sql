-- The incident list filtered by status (the most common filter: "what is still open") pages in
-- time order from this index, whatever the share of the status; without it a small table is
-- scanned and sorted on every page.
CREATE INDEX incidents_status_occurred ON incidents (status, occurred_at, id);
