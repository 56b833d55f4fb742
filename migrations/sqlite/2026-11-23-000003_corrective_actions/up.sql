-- Corrective actions: what the firm changes so that a gap is closed, for one client, answering
-- one or more of its incidents; every status change is kept in the history.
CREATE TABLE actions (
    id TEXT PRIMARY KEY NOT NULL,
    client_id TEXT NOT NULL REFERENCES clients (id) ON DELETE RESTRICT,
    gap TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT,
    owner TEXT NOT NULL,
    due_date DATE NOT NULL,
    status TEXT NOT NULL,
    completion_note TEXT,
    verification_note TEXT,
    done_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX actions_client_gap ON actions (client_id, gap, status);
CREATE INDEX actions_status_due ON actions (status, due_date);

CREATE TABLE action_incidents (
    action_id TEXT NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    incident_id TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    PRIMARY KEY (action_id, incident_id)
);
CREATE INDEX action_incidents_incident ON action_incidents (incident_id, action_id);

CREATE TABLE action_history (
    id TEXT PRIMARY KEY NOT NULL,
    action_id TEXT NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    at TIMESTAMP NOT NULL,
    changed_by TEXT,
    from_status TEXT,
    to_status TEXT NOT NULL,
    note TEXT
);
CREATE INDEX action_history_action ON action_history (action_id, at, id);
