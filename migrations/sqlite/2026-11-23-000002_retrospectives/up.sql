-- One retrospective per incident; its whys in order, and the gaps it confirmed as rows that
-- incidents can be filtered by.
CREATE TABLE retrospectives (
    incident_id TEXT PRIMARY KEY NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    what_happened TEXT NOT NULL,
    client_view TEXT,
    our_view TEXT,
    lessons TEXT,
    status TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE retrospective_whys (
    incident_id TEXT NOT NULL REFERENCES retrospectives (incident_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (incident_id, position)
);

CREATE TABLE retrospective_gaps (
    incident_id TEXT NOT NULL REFERENCES retrospectives (incident_id) ON DELETE CASCADE,
    gap TEXT NOT NULL,
    is_primary BOOLEAN NOT NULL,
    note TEXT,
    PRIMARY KEY (incident_id, gap)
);
CREATE INDEX retrospective_gaps_gap ON retrospective_gaps (gap, incident_id);
