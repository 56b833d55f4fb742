-- The corrective-action record ISO 9001 10.2 asks for: what was done for the client at once, why
-- it was not caught earlier, and whether action is needed (and why not, when not).
ALTER TABLE retrospectives ADD COLUMN correction TEXT;
ALTER TABLE retrospectives ADD COLUMN escape_point TEXT;
ALTER TABLE retrospectives ADD COLUMN action_needed BOOLEAN;
ALTER TABLE retrospectives ADD COLUMN action_needed_rationale TEXT;

-- An action's kind and how its effectiveness is judged. Actions made before keep today's rule:
-- corrective, verified by a person.
ALTER TABLE actions ADD COLUMN kind TEXT NOT NULL DEFAULT 'corrective';
ALTER TABLE actions ADD COLUMN effectiveness TEXT NOT NULL DEFAULT 'manual';
ALTER TABLE actions ADD COLUMN window_days INTEGER;
-- The firm's day it was last done, and the last day of its effectiveness window.
ALTER TABLE actions ADD COLUMN completed_on DATE;
ALTER TABLE actions ADD COLUMN window_ends_on DATE;
ALTER TABLE actions ADD COLUMN verdict TEXT;
ALTER TABLE actions ADD COLUMN verdict_at TIMESTAMP;

-- A verdict in the history, with the window it was judged over (its note is written in the
-- reader's language).
ALTER TABLE action_history ADD COLUMN verdict TEXT;
ALTER TABLE action_history ADD COLUMN window_from DATE;
ALTER TABLE action_history ADD COLUMN window_until DATE;

-- What the housekeeping judges: done actions whose window has ended.
CREATE INDEX actions_awaiting_verdict ON actions (window_ends_on) WHERE status = 'done' AND effectiveness <> 'manual';
