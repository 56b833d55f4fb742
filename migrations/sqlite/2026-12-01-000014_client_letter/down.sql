DROP TABLE retrospective_shares;
ALTER TABLE retrospectives DROP COLUMN next_answer_on;
ALTER TABLE retrospectives DROP COLUMN client_summary;
ALTER TABLE clients DROP COLUMN account_owner;
