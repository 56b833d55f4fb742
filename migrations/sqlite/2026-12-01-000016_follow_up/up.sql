-- Reminders fired: a rule fires once per occasion (an action's due date, its n-th overdue
-- reminder, a retrospective's due date). The key makes "once" hold across replicas: of two
-- inserting the same occasion, one inserts and announces, the other inserts nothing.
CREATE TABLE reminders (
    rule TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    occasion DATE NOT NULL,
    fired_at TIMESTAMP NOT NULL,
    PRIMARY KEY (rule, subject_id, occasion)
);

-- Overdue actions already announced keep their announcement: the first overdue occasion is
-- the day after the due date.
INSERT INTO reminders (rule, subject_id, occasion, fired_at)
    SELECT 'action.overdue', id, date(due_date, '+1 day'), overdue_notified_at
    FROM actions WHERE overdue_notified_at IS NOT NULL;
