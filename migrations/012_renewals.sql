-- Renewal: an application may renew a credential its applicant holds (the new credential points to it).
ALTER TABLE applications ADD COLUMN renews_credential_id bigint REFERENCES credentials (id) ON DELETE SET NULL;
