ALTER TABLE action_history DROP COLUMN repeat_incident_id;
DROP TABLE incident_repeats;
