-- Webhook hygiene: the language of a subscription's labels; a subscription the service stopped
-- (its receiver answered 410 Gone, or failed for too long) or an admin paused, why and since
-- when; and since when its deliveries have failed with no success between.
ALTER TABLE webhooks ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
ALTER TABLE webhooks ADD COLUMN disabled_at TIMESTAMP;
ALTER TABLE webhooks ADD COLUMN disabled_reason TEXT;
ALTER TABLE webhooks ADD COLUMN failing_since TIMESTAMP;
