-- Bulk awarding from a CSV file. An upload becomes a batch in 'preview' with one row per data line
-- of the file (values as given, error codes); nothing is issued until the batch is confirmed. A
-- confirmed batch is issued by the `bulk.issue` job in chunks: each chunk commits its credentials,
-- their claim mails and the rows' credential ids together, so a job that dies resumes after the
-- last committed chunk and never issues a row twice.
--
-- Re-submitting: the same file (sha256 of its bytes) for the same badge is the same batch. Across
-- batches, a row's `dedupe_key` (sha256 of badge id, lower-cased e-mail and issue date as given
-- in the file, normalised; '' when none) can be issued once only per badge: the partial unique index below
-- refuses a second issued row with the same key, whatever the batch.
CREATE TABLE bulk_batches (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  public_id text NOT NULL UNIQUE,
  badge_id bigint NOT NULL REFERENCES badges (id) ON DELETE CASCADE,
  organization_id bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  uploaded_by bigint REFERENCES users (id) ON DELETE SET NULL,
  -- Language of the claim mails of recipients without an account (the uploader's).
  locale text NOT NULL DEFAULT 'fr' CHECK (locale IN ('fr', 'en')),
  file_name text,
  file_sha256 text NOT NULL,
  row_count integer NOT NULL DEFAULT 0,
  valid_count integer NOT NULL DEFAULT 0,
  invalid_count integer NOT NULL DEFAULT 0,
  status text NOT NULL DEFAULT 'preview'
    CHECK (status IN ('preview', 'queued', 'running', 'done', 'failed', 'cancelled')),
  -- Rows to issue when confirmed, rows issued, rows skipped at issue time (awarded meanwhile).
  progress_total integer NOT NULL DEFAULT 0,
  progress_done integer NOT NULL DEFAULT 0,
  progress_skipped integer NOT NULL DEFAULT 0,
  -- Bumped by each confirmation: a job carrying an older run stops (a cancelled run never resumes).
  run integer NOT NULL DEFAULT 0,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  confirmed_at timestamptz,
  started_at timestamptz,
  finished_at timestamptz,
  UNIQUE (badge_id, file_sha256)
);
CREATE INDEX bulk_batches_organization ON bulk_batches (organization_id, created_at DESC);

CREATE TABLE bulk_rows (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  batch_id bigint NOT NULL REFERENCES bulk_batches (id) ON DELETE CASCADE,
  badge_id bigint NOT NULL REFERENCES badges (id) ON DELETE CASCADE,
  -- Line of the spreadsheet: the header is row 1, the first data row is row 2.
  row_number integer NOT NULL CHECK (row_number >= 2),
  -- The values as given (trimmed; the e-mail lower-cased).
  email text NOT NULL DEFAULT '',
  name text NOT NULL DEFAULT '',
  narrative text NOT NULL DEFAULT '',
  evidence text NOT NULL DEFAULT '',
  level text NOT NULL DEFAULT '',
  issued text NOT NULL DEFAULT '',
  expires text NOT NULL DEFAULT '',
  -- 'invalid' rows are never issued; 'skipped' ones were awarded by another batch meanwhile.
  status text NOT NULL CHECK (status IN ('valid', 'invalid', 'issued', 'skipped')),
  errors text[] NOT NULL DEFAULT '{}',
  dedupe_key text,
  credential_id bigint REFERENCES credentials (id) ON DELETE SET NULL,
  issued_at timestamptz,
  UNIQUE (batch_id, row_number),
  CHECK ((status = 'invalid') = (cardinality(errors) > 0) OR status = 'skipped'),
  CHECK (status <> 'valid' OR dedupe_key IS NOT NULL)
);
-- The next rows to issue, in file order.
CREATE INDEX bulk_rows_pending ON bulk_rows (batch_id, row_number) WHERE status = 'valid';
-- One credential per (badge, e-mail, issue date) across every batch (also the index of the
-- "already awarded?" look-ups, which only ask about issued rows).
CREATE UNIQUE INDEX bulk_rows_awarded ON bulk_rows (badge_id, dedupe_key) WHERE status = 'issued';
