DROP TABLE retrospective_gaps;
DROP TABLE retrospective_whys;
DROP TABLE retrospectives;
