-- What the gap finder learned from this installation: the primary gap each published
-- retrospective confirmed, with its incident's text (bounded). The finder weighs new incidents
-- against these on top of its shipped weights; a retrospective taken back to draft removes its row.
CREATE TABLE finder_examples (
    incident_id TEXT PRIMARY KEY NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    gap TEXT NOT NULL,
    language TEXT NOT NULL,
    text TEXT NOT NULL,
    learned_at TIMESTAMP NOT NULL
);
CREATE INDEX finder_examples_learned ON finder_examples (learned_at);
