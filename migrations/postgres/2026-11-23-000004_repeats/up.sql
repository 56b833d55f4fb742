-- A repeat: an incident whose published retrospective confirmed a gap that an action had
-- already closed. The action's history remembers which incident reopened it.
CREATE TABLE incident_repeats (
    incident_id TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    action_id TEXT NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    earlier_incident_id TEXT REFERENCES incidents (id) ON DELETE SET NULL,
    gap TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (incident_id, action_id)
);
CREATE INDEX incident_repeats_action ON incident_repeats (action_id);

ALTER TABLE action_history ADD COLUMN repeat_incident_id TEXT;
