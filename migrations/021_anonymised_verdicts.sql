-- A verdict outlives its examiner's account: the record of a decision keeps its votes. Deleting an
-- account sets the examiner of their verdicts to NULL (shown as "Former member"); the vote, the
-- criteria found met and the date stay, the comment (personal data) is cleared by the deletion
-- service before, which the CHECK enforces. A deleted examiner's verdict on a still-pending
-- application keeps counting towards its quorum: it was cast by an examiner of the application,
-- and a decision's verdicts never change once given. UNIQUE (application_id, examiner_id) still
-- holds one verdict per living examiner (NULLs are distinct: several former members may remain).
ALTER TABLE verdicts ALTER COLUMN examiner_id DROP NOT NULL;
ALTER TABLE verdicts DROP CONSTRAINT verdicts_examiner_id_fkey;
ALTER TABLE verdicts ADD CONSTRAINT verdicts_examiner_id_fkey
  FOREIGN KEY (examiner_id) REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE verdicts ADD CONSTRAINT verdicts_former_examiner_no_comment
  CHECK (examiner_id IS NOT NULL OR comment = '');
