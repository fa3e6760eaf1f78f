-- An organisation's endorsements can be withdrawn and say so to verifiers: each new one takes an
-- entry in the organisation's revocation status lists (shared with its credentials; the
-- allocation counter keeps entries unique). A person's endorsement has no status list: withdrawn,
-- it is no longer shown and its URL answers 410 Gone.
ALTER TABLE endorsements ADD COLUMN status_list_id bigint REFERENCES status_lists (id);
ALTER TABLE endorsements ADD COLUMN status_list_index integer CHECK (status_list_index >= 0);
ALTER TABLE endorsements ADD COLUMN revocation_reason text;
ALTER TABLE endorsements ADD CONSTRAINT endorsements_status_entry CHECK ((status_list_id IS NULL) = (status_list_index IS NULL));
CREATE UNIQUE INDEX endorsements_status_entry_unique ON endorsements (status_list_id, status_list_index) WHERE status_list_id IS NOT NULL;
CREATE INDEX endorsements_revoked ON endorsements (status_list_id) WHERE revoked_at IS NOT NULL;
