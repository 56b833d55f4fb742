DROP TABLE action_history;
DROP TABLE action_incidents;
DROP TABLE actions;
