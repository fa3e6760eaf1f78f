-- A webhook endpoint may be paused by its organisation: while `paused_at` is set, no delivery is
-- made for it (events are not queued for it, and queued ones are not sent). Removed endpoints stay
-- `active = false` as before.
ALTER TABLE webhook_endpoints ADD COLUMN paused_at timestamptz;
