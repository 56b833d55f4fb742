-- Ids are UUIDv7 text (time-ordered, so they sort by creation); times are naive UTC.
CREATE TABLE clients (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    contact_email TEXT,
    preferred_language TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- A CRM reference names exactly one client: (source, external_id) is the key.
CREATE TABLE client_external_refs (
    source TEXT NOT NULL,
    external_id TEXT NOT NULL,
    client_id TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    PRIMARY KEY (source, external_id)
);
CREATE INDEX client_external_refs_client ON client_external_refs (client_id);

CREATE TABLE incidents (
    id TEXT PRIMARY KEY NOT NULL,
    client_id TEXT NOT NULL REFERENCES clients (id) ON DELETE RESTRICT,
    category TEXT NOT NULL,
    severity TEXT NOT NULL,
    status TEXT NOT NULL,
    occurred_at TIMESTAMP NOT NULL,
    reported_by TEXT NOT NULL,
    language TEXT NOT NULL,
    summary TEXT NOT NULL,
    description TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
-- Lists page newest first by (occurred_at, id); the client filter is the most common one.
CREATE INDEX incidents_occurred ON incidents (occurred_at, id);
CREATE INDEX incidents_client_occurred ON incidents (client_id, occurred_at, id);

CREATE TABLE incident_tags (
    incident_id TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (incident_id, tag)
);
CREATE INDEX incident_tags_tag ON incident_tags (tag, incident_id);

CREATE TABLE timeline_entries (
    id TEXT PRIMARY KEY NOT NULL,
    incident_id TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    occurred_at TIMESTAMP NOT NULL,
    author TEXT NOT NULL,
    body TEXT NOT NULL,
    source_ref TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX timeline_entries_incident ON timeline_entries (incident_id, occurred_at, id);
