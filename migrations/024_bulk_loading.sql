-- A CSV upload is stored in slices, each committed on its own, so that other requests are served
-- while a large file is read (on PGlite, whose one connection a transaction holds, one transaction
-- for a whole file kept every other request waiting: ~8 s at 100,000 rows). The batch is 'loading'
-- until its last slice, its counts and its already-awarded rows are committed together; nothing
-- shows it or issues it until then. An upload that fails deletes its batch; one left 'loading' by
-- a stopped process is deleted by a later upload once it is 15 minutes old.
ALTER TABLE bulk_batches DROP CONSTRAINT bulk_batches_status_check;
ALTER TABLE bulk_batches ADD CONSTRAINT bulk_batches_status_check
  CHECK (status IN ('loading', 'preview', 'queued', 'running', 'done', 'failed', 'cancelled'));
CREATE INDEX bulk_batches_loading ON bulk_batches (created_at) WHERE status = 'loading';
