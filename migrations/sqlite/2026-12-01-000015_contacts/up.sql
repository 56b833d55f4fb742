-- Early warning: the contacts a CRM reports for each client (calls, meetings, e-mails, payments),
-- from which each client's own cadence is learnt, and the episodes in which a client is at risk.
CREATE TABLE client_contacts (
    id TEXT PRIMARY KEY NOT NULL,
    client_id TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    direction TEXT NOT NULL,
    occurred_at TIMESTAMP NOT NULL,
    response_minutes INTEGER,
    days_late INTEGER,
    external_ref TEXT,
    created_at TIMESTAMP NOT NULL
);
-- A CRM that sends the same contact again (its own id in `external_ref`) does not count it twice.
CREATE UNIQUE INDEX client_contacts_external_ref ON client_contacts (client_id, external_ref);
-- The list (newest first) and the history the rules read.
CREATE INDEX client_contacts_by_time ON client_contacts (client_id, occurred_at, id);

-- One row per episode: from the day a client first meets a rule to the day it meets none.
-- At most one open episode per client: the unique index is what makes `client.at_risk` go out
-- once per episode, however many replicas evaluate at the same time (the insert that opens an
-- episode does nothing when another one did it first, and only the one that inserted announces).
CREATE TABLE at_risk_episodes (
    id TEXT PRIMARY KEY NOT NULL,
    client_id TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    started_on DATE NOT NULL,
    ended_on DATE,
    reasons TEXT NOT NULL,
    evaluated_on DATE NOT NULL
);
CREATE UNIQUE INDEX at_risk_episodes_one_open ON at_risk_episodes (client_id) WHERE ended_on IS NULL;
