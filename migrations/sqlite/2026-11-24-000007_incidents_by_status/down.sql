DROP INDEX incidents_status_occurred;
