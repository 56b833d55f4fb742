DROP TABLE webhook_attempts;
DROP TABLE webhook_deliveries;
DROP TABLE webhooks;
DROP INDEX incidents_external_ref;
ALTER TABLE incidents DROP COLUMN external_id;
ALTER TABLE incidents DROP COLUMN external_source;
ALTER TABLE actions DROP COLUMN overdue_notified_at;
DROP TABLE idempotency_keys;
DROP TABLE api_keys;
