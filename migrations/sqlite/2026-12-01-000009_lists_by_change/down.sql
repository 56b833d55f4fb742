DROP INDEX actions_updated;
DROP INDEX incidents_updated;
DROP INDEX clients_updated;
