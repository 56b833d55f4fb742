-- The client's letter: who at the firm owns the client, what the client is told of a
-- retrospective and when it hears from us next, and the links that open the letter without a key.
ALTER TABLE clients ADD COLUMN account_owner TEXT;
ALTER TABLE retrospectives ADD COLUMN client_summary TEXT;
ALTER TABLE retrospectives ADD COLUMN next_answer_on DATE;

-- A share link: only the SHA-256 of its token is kept, and the token is found by that hash.
-- It hangs on the incident, not on the retrospective row, which a PUT replaces.
CREATE TABLE retrospective_shares (
    id TEXT PRIMARY KEY NOT NULL,
    incident_id TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    format TEXT NOT NULL,
    language TEXT NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX retrospective_shares_incident ON retrospective_shares (incident_id, id);
