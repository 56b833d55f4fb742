DROP INDEX actions_gap_days;
DROP INDEX actions_gap_status_due;
ALTER TABLE actions DROP COLUMN days_to_done;
ALTER TABLE actions DROP COLUMN first_incident_at;
