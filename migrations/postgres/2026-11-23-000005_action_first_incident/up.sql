-- When the earliest incident an action answers occurred, and how many days it took from there
-- to the action being done: kept on the action so the per-gap report needs no join and no date
-- arithmetic over every row.
ALTER TABLE actions ADD COLUMN first_incident_at TIMESTAMP;
ALTER TABLE actions ADD COLUMN days_to_done DOUBLE PRECISION;
UPDATE actions SET first_incident_at = (
    SELECT MIN(i.occurred_at) FROM action_incidents ai JOIN incidents i ON i.id = ai.incident_id
    WHERE ai.action_id = actions.id
);
UPDATE actions SET days_to_done = EXTRACT(EPOCH FROM (done_at - first_incident_at)) / 86400.0
WHERE done_at IS NOT NULL AND first_incident_at IS NOT NULL;
-- Covering indexes for the per-gap counts and the median.
CREATE INDEX actions_gap_status_due ON actions (gap, status, due_date);
CREATE INDEX actions_gap_days ON actions (gap, days_to_done, first_incident_at, client_id);
