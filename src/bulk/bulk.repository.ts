// All SQL of bulk awarding: batches (state moves are single guarded UPDATEs, so two requests or two
// workers never both win), their rows, and the multi-row writes of one issued chunk (credentials,
// claim-mail jobs, row ↔ credential links) that the chunk's transaction commits together.
import { type Kysely, sql } from 'kysely';
import type { BulkBatchStatus, DB, NewBulkRow, NewCredentialRow } from '../db/schema';
import { MAIL_JOB, type MailJobPayload } from '../mail/mail.service';
import type { BatchJoinedRow, BatchRowJoined, BulkRowStatus } from './bulk';

function batches(db: Kysely<DB>) {
  return db
    .selectFrom('bulk_batches as bb')
    .innerJoin('badges as b', 'b.id', 'bb.badge_id')
    .innerJoin('organizations as o', 'o.id', 'bb.organization_id')
    .selectAll('bb')
    .select(['b.public_id as badge_public_id', 'o.slug as organization_slug']);
}

export async function findBatchByPublicId(db: Kysely<DB>, publicId: string): Promise<BatchJoinedRow | undefined> {
  return batches(db).where('bb.public_id', '=', publicId).executeTakeFirst();
}

export async function findBatchById(db: Kysely<DB>, id: string): Promise<BatchJoinedRow | undefined> {
  return batches(db).where('bb.id', '=', id).executeTakeFirst();
}

export async function findBatchByFile(db: Kysely<DB>, badgeId: string, sha256: string): Promise<BatchJoinedRow | undefined> {
  return batches(db).where('bb.badge_id', '=', badgeId).where('bb.file_sha256', '=', sha256).executeTakeFirst();
}

/** A new batch, 'loading' until its rows are stored; undefined when this file was uploaded for this badge already. */
export async function insertBatch(
  db: Kysely<DB>,
  batch: { publicId: string; badgeId: string; organizationId: string; uploadedBy: string; locale: 'fr' | 'en'; fileName: string | null; sha256: string; now: Date },
): Promise<string | undefined> {
  const row = await db
    .insertInto('bulk_batches')
    .values({
      public_id: batch.publicId,
      badge_id: batch.badgeId,
      organization_id: batch.organizationId,
      uploaded_by: batch.uploadedBy,
      locale: batch.locale,
      file_name: batch.fileName,
      file_sha256: batch.sha256,
      status: 'loading',
      created_at: batch.now,
    })
    .onConflict((oc) => oc.columns(['badge_id', 'file_sha256']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export async function insertRows(db: Kysely<DB>, rows: NewBulkRow[]): Promise<void> {
  if (rows.length) await db.insertInto('bulk_rows').values(rows).execute();
}

/** Valid rows whose key was issued by another batch of the badge become invalid (`already_awarded`). */
export async function flagAlreadyAwarded(db: Kysely<DB>, batchId: string): Promise<number> {
  const result = await sql`
    UPDATE bulk_rows r SET status = 'invalid', errors = array_append(r.errors, 'already_awarded')
    WHERE r.batch_id = ${batchId} AND r.status = 'valid'
      AND EXISTS (SELECT 1 FROM bulk_rows o WHERE o.badge_id = r.badge_id AND o.dedupe_key = r.dedupe_key AND o.status = 'issued')`.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}

/** A loading batch's rows are all stored: its counts, and it is shown as a preview. */
export async function finishLoading(db: Kysely<DB>, id: string, counts: { rows: number; valid: number; invalid: number }): Promise<void> {
  await db
    .updateTable('bulk_batches')
    .set({ status: 'preview', row_count: counts.rows, valid_count: counts.valid, invalid_count: counts.invalid, progress_total: counts.valid })
    .where('id', '=', id)
    .where('status', '=', 'loading')
    .execute();
}

/** Deletes a batch still loading (its rows go with it); the others are never deleted. */
export async function deleteLoadingBatch(db: Kysely<DB>, id: string): Promise<void> {
  await db.deleteFrom('bulk_batches').where('id', '=', id).where('status', '=', 'loading').execute();
}

/** Deletes the batches left loading since before `before` (by a process that stopped mid-file). */
export async function deleteStaleLoadingBatches(db: Kysely<DB>, before: Date): Promise<number> {
  const result = await db.deleteFrom('bulk_batches').where('status', '=', 'loading').where('created_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** preview / cancelled / failed → queued, with a new run number; undefined when not in those states. */
export async function queueBatch(db: Kysely<DB>, id: string, now: Date): Promise<number | undefined> {
  const row = await db
    .updateTable('bulk_batches')
    .set((eb) => ({ status: 'queued', run: eb('run', '+', 1), confirmed_at: now, finished_at: null, last_error: null }))
    .where('id', '=', id)
    .where('status', 'in', ['preview', 'cancelled', 'failed'])
    .returning('run')
    .executeTakeFirst();
  return row?.run;
}

/** Moves a batch of the given run from one of `from` to `to`; false when it was not there. */
export async function moveBatch(
  db: Kysely<DB>,
  id: string,
  change: { from: BulkBatchStatus[]; to: BulkBatchStatus; now: Date; run?: number; error?: string },
): Promise<boolean> {
  let query = db
    .updateTable('bulk_batches')
    .set((eb) => ({
      status: change.to,
      ...(change.to === 'running' ? { started_at: eb.fn.coalesce('started_at', sql<Date>`${change.now}`) } : {}),
      ...(['done', 'failed', 'cancelled'].includes(change.to) ? { finished_at: change.now } : {}),
      ...(change.error !== undefined ? { last_error: change.error } : {}),
    }))
    .where('id', '=', id)
    .where('status', 'in', change.from);
  if (change.run !== undefined) query = query.where('run', '=', change.run);
  return (await query.executeTakeFirst()).numUpdatedRows > 0n;
}

export async function recordError(db: Kysely<DB>, id: string, run: number, error: string): Promise<void> {
  await db.updateTable('bulk_batches').set({ last_error: error }).where('id', '=', id).where('run', '=', run).execute();
}

/** Locks the batch row for the chunk's transaction (serialises with cancel); its status and run. */
export async function lockBatch(db: Kysely<DB>, id: string): Promise<{ status: BulkBatchStatus; run: number } | undefined> {
  return db.selectFrom('bulk_batches').select(['status', 'run']).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function addProgress(db: Kysely<DB>, id: string, done: number, skipped: number): Promise<void> {
  await db
    .updateTable('bulk_batches')
    .set((eb) => ({ progress_done: eb('progress_done', '+', done), progress_skipped: eb('progress_skipped', '+', skipped) }))
    .where('id', '=', id)
    .execute();
}

export interface PendingRow {
  id: string;
  row_number: number;
  email: string;
  name: string;
  narrative: string;
  evidence: string;
  level: string;
  issued: string;
  expires: string;
  dedupe_key: string;
}

/** The next rows to issue after `afterRow`, in file order. */
export async function nextPendingRows(db: Kysely<DB>, batchId: string, afterRow: number, limit: number): Promise<PendingRow[]> {
  const rows = await db
    .selectFrom('bulk_rows')
    .select(['id', 'row_number', 'email', 'name', 'narrative', 'evidence', 'level', 'issued', 'expires', 'dedupe_key'])
    .where('batch_id', '=', batchId)
    .where('status', '=', 'valid')
    .where('row_number', '>', afterRow)
    .orderBy('row_number')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, dedupe_key: r.dedupe_key ?? '' }));
}

/** Which of these keys another batch of the badge has issued already. */
export async function issuedKeys(db: Kysely<DB>, badgeId: string, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db
    .selectFrom('bulk_rows')
    .select('dedupe_key')
    .where('badge_id', '=', badgeId)
    .where('status', '=', 'issued')
    .where('dedupe_key', 'in', keys)
    .execute();
  return new Set(rows.map((r) => r.dedupe_key ?? ''));
}

export async function insertCredentials(db: Kysely<DB>, rows: NewCredentialRow[]): Promise<Map<string, string>> {
  if (rows.length === 0) return new Map();
  const inserted = await db.insertInto('credentials').values(rows).returning(['id', 'public_id']).execute();
  return new Map(inserted.map((r) => [r.public_id, r.id]));
}

/** Enqueues `mail.send` jobs (the payload mail.service defines), in the caller's transaction. */
export async function enqueueMailJobs(db: Kysely<DB>, mails: MailJobPayload[]): Promise<void> {
  if (mails.length) await db.insertInto('jobs').values(mails.map((m) => ({ name: MAIL_JOB, payload: JSON.stringify(m) }))).execute();
}

/** Links valid rows to their credentials; returns how many rows moved (fewer: another run got there). */
export async function markIssued(db: Kysely<DB>, links: { rowId: string; credentialId: string }[], now: Date): Promise<number> {
  if (links.length === 0) return 0;
  const values = sql.join(links.map((l) => sql`(${l.rowId}::bigint, ${l.credentialId}::bigint)`));
  const result = await sql`
    UPDATE bulk_rows r SET status = 'issued', credential_id = v.credential_id, issued_at = ${now}
    FROM (VALUES ${values}) AS v(row_id, credential_id)
    WHERE r.id = v.row_id AND r.status = 'valid'`.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}

export async function markSkipped(db: Kysely<DB>, rowIds: string[], code: string): Promise<void> {
  if (rowIds.length === 0) return;
  await db
    .updateTable('bulk_rows')
    .set({ status: 'skipped', errors: sql<string[]>`array_append(errors, ${code})` })
    .where('id', 'in', rowIds)
    .where('status', '=', 'valid')
    .execute();
}

/** The account language of these verified addresses (claim mails go out in it). */
export async function localesOf(db: Kysely<DB>, emails: string[]): Promise<Map<string, 'fr' | 'en'>> {
  if (emails.length === 0) return new Map();
  const rows = await db
    .selectFrom('user_emails as e')
    .innerJoin('users as u', 'u.id', 'e.user_id')
    .select(['e.email', 'u.locale'])
    .where('e.email', 'in', emails)
    .where('e.verified_at', 'is not', null)
    .execute();
  return new Map(rows.map((r) => [r.email, r.locale]));
}

/** Rows of a batch in the given states, in file order, with their credential's public id. */
export async function listRows(
  db: Kysely<DB>,
  batchId: string,
  filter: { statuses: BulkRowStatus[]; limit: number; offset: number },
): Promise<BatchRowJoined[]> {
  return db
    .selectFrom('bulk_rows as r')
    .leftJoin('credentials as c', 'c.id', 'r.credential_id')
    .select(['r.row_number', 'r.email', 'r.name', 'r.narrative', 'r.evidence', 'r.level', 'r.issued', 'r.expires', 'r.status', 'r.errors', 'c.public_id as credential_public_id'])
    .where('r.batch_id', '=', batchId)
    .where('r.status', 'in', filter.statuses)
    .orderBy('r.row_number')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
}

/** Claims one queued job by id for this process (the CLI runs its batch's job itself), with a lease. */
export async function claimJobById(db: Kysely<DB>, id: string, workerId: string, until: Date) {
  return db
    .updateTable('jobs')
    .set((eb) => ({ status: 'running', attempts: eb('attempts', '+', 1), locked_by: workerId, locked_until: until }))
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .returning(['attempts', 'max_attempts', 'payload', 'created_at'])
    .executeTakeFirst();
}
