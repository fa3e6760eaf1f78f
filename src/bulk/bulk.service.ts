// Use cases of bulk awarding: upload a CSV (→ a batch in preview, nothing issued), confirm it (→ the
// `bulk.issue` job), cancel it, follow its progress and read its rows; and the CLI's entry point,
// which issues in process. Shared by the pages, the API and the CLI.
import { createHash } from 'node:crypto';
import { cliActor, requireBadgeIssue } from '../awards/awards.service';
import { badgeLevels } from '../awards/awards';
import type { NewBulkRow } from '../db/schema';
import { isAwardable } from '../badges/badges';
import { getAchievementDocument, getBadge } from '../badges/badges.service';
import { AppError, fail } from '../errors';
import { enqueue } from '../jobs/queue';
import { requireOrganizationAccess } from '../organizations/organizations.service';
import type { Actor, Deps } from '../platform/deps';
import { publicId as newPublicId } from '../platform/tokens';
import {
  BULK_JOB,
  BULK_MAX_ATTEMPTS,
  LOADING_STALE_MS,
  type Batch,
  type BatchJoinedRow,
  type BatchRow,
  type BulkRowStatus,
  MAX_CSV_BYTES,
  PREVIEW_ERRORS,
  dedupeKey,
  isActive,
  isConfirmable,
  rowToBatch,
  rowToBatchRow,
  rowValidator,
} from './bulk';
import {
  deleteLoadingBatch,
  deleteStaleLoadingBatches,
  findBatchByFile,
  findBatchById,
  findBatchByPublicId,
  finishLoading,
  flagAlreadyAwarded,
  insertBatch,
  insertRows,
  listRows,
  moveBatch,
  queueBatch,
} from './bulk.repository';
import { FILE_FIELD, readCsvRows } from './csv';
import { garbageCollector, yieldToEventLoop } from './memory';
import { runJobHere } from './bulk.job';
import type { IssueOptions } from './issue-batch';

export interface UploadedFile {
  bytes: Buffer;
  name?: string | undefined;
}

export interface Preview {
  batch: Batch;
  /** The first rows with errors (PREVIEW_ERRORS at most), in file order. */
  errors: BatchRow[];
  /** false: this file had been uploaded for this badge already; this is that batch. */
  created: boolean;
}

const INSERT_SLICE = 500;
/** How long an upload of a file another upload is storing waits for it, and how often it looks. */
const LOADING_WAIT_MS = 120_000;
const LOADING_POLL_MS = 100;
const FOLLOW_MS = 1000;

export function tooLargeError(): AppError {
  return new AppError('payload_too_large', 'errors.payloadTooLarge', {}, { [FILE_FIELD]: { key: 'bulk.file.tooLarge', params: { max: MAX_CSV_BYTES / 1024 / 1024 } } });
}

/** The batch, for someone who may award its badge ('badge.issue' in its organisation). */
export async function requireBatch(deps: Deps, actor: Actor | null, batchPublicId: string): Promise<{ batch: Batch; actor: Actor }> {
  const row = await findBatchByPublicId(deps.db, batchPublicId);
  // A batch whose file is still being stored is not shown (its counts are not known yet).
  if (!row || row.status === 'loading') {
    if (!actor) throw fail.unauthenticated();
    throw fail.notFound('bulk.notFound');
  }
  const access = await requireOrganizationAccess(deps, actor, row.organization_slug, 'badge.issue');
  return { batch: rowToBatch(row), actor: access.actor };
}

/**
 * Reads a CSV file into a batch in 'preview': every row stored with its error codes, nothing issued.
 * The same file for the same badge gives back the batch it made the first time. `upload` may be a
 * reader (a request's multipart stream), called after the access check.
 */
export async function uploadCsv(deps: Deps, actor: Actor | null, badgePublicId: string, upload: UploadedFile | (() => Promise<UploadedFile>)): Promise<Preview> {
  const { badge, actor: me } = await requireBadgeIssue(deps, actor, badgePublicId);
  if (!isAwardable(badge)) throw fail.conflict('awards.notAwardable');
  // The file is read only once the actor may award the badge.
  const file = typeof upload === 'function' ? await upload() : upload;
  if (file.bytes.length === 0) throw fail.field(FILE_FIELD, 'bulk.file.required');
  if (file.bytes.length > MAX_CSV_BYTES) throw tooLargeError();
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  const now = deps.clock.now();
  await deleteStaleLoadingBatches(deps.db, new Date(now.getTime() - LOADING_STALE_MS));
  // This file for this badge again: its batch, once another upload storing it is done.
  const sameFile = async (): Promise<Preview | undefined> => {
    const row = await findBatchByFile(deps.db, badge.id, sha256);
    return row && preview(deps, rowToBatch(await loaded(deps, row.id)), false);
  };
  const existing = await sameFile();
  if (existing) return existing;

  const doc = await getAchievementDocument(deps, badge.publicId, { version: badge.version, embedded: true });
  const validate = rowValidator({ levels: badgeLevels(doc), validity: badge.settings.validity, now });
  const id = await insertBatch(deps.db, {
    publicId: newPublicId(),
    badgeId: badge.id,
    organizationId: badge.organizationId,
    uploadedBy: me.id,
    locale: me.locale,
    fileName: file.name?.slice(0, 200) ?? null,
    sha256,
    now,
  });
  // Another upload of the same file won the race (gone again if its read failed meanwhile).
  if (!id) {
    const other = await sameFile();
    if (!other) throw fail.conflict('bulk.file.retry');
    return other;
  }
  try {
    // Slices of rows, each committed by its own statement: other requests are served in between
    // (on PGlite they share its one connection). Nothing shows the batch until it leaves 'loading'.
    const counts = { rows: 0, valid: 0, invalid: 0 };
    const collectGarbage = garbageCollector(2_000);
    let pending: NewBulkRow[] = [];
    for await (const row of readCsvRows(file.bytes)) {
      const errors = validate(row);
      counts.rows++;
      if (errors.length) counts.invalid++;
      else counts.valid++;
      const { rowNumber, ...values } = row;
      pending.push({ batch_id: id, badge_id: badge.id, row_number: rowNumber, ...values, status: errors.length ? 'invalid' : 'valid', errors, dedupe_key: dedupeKey(badge.id, row) });
      if (pending.length >= INSERT_SLICE) {
        await insertRows(deps.db, pending);
        pending = [];
        // On PGlite nothing here waits on I/O: let timers and new connections in between slices.
        await yieldToEventLoop();
        collectGarbage();
      }
    }
    await insertRows(deps.db, pending);
    await deps.db.transaction().execute(async (trx) => {
      const already = await flagAlreadyAwarded(trx, id);
      await finishLoading(trx, id, { rows: counts.rows, valid: counts.valid - already, invalid: counts.invalid + already });
    });
  } catch (error) {
    // A file that cannot be read to its end leaves nothing behind: the same file can be sent again.
    await deleteLoadingBatch(deps.db, id).catch((cleanup: unknown) => deps.log.error({ err: cleanup, batch: id }, 'bulk: could not delete a batch whose file failed'));
    throw error;
  }
  const stored = await findBatchById(deps.db, id);
  if (!stored) throw new Error('The uploaded batch was not found after it was stored');
  return preview(deps, rowToBatch(stored), true);
}

/**
 * The batch once its file is read: another upload of the same file may be storing it. Waits for
 * it (LOADING_WAIT_MS at most); a batch whose upload failed meanwhile is gone: the caller is told to
 * send the file again.
 */
async function loaded(deps: Deps, batchId: string): Promise<BatchJoinedRow> {
  const until = Date.now() + LOADING_WAIT_MS;
  for (;;) {
    const row = await findBatchById(deps.db, batchId);
    if (!row) throw fail.conflict('bulk.file.retry');
    if (row.status !== 'loading') return row;
    if (Date.now() > until) throw fail.conflict('bulk.file.loading');
    await new Promise((resolve) => setTimeout(resolve, LOADING_POLL_MS));
  }
}

async function preview(deps: Deps, batch: Batch, created: boolean): Promise<Preview> {
  const rows = await listRows(deps.db, batch.id, { statuses: ['invalid', 'skipped'], limit: PREVIEW_ERRORS, offset: 0 });
  return { batch, errors: rows.map(rowToBatchRow), created };
}

/** The batch with its first rows in error (for the preview). */
export async function getPreview(deps: Deps, actor: Actor | null, batchPublicId: string): Promise<Preview> {
  const { batch } = await requireBatch(deps, actor, batchPublicId);
  return preview(deps, batch, false);
}

export async function getBatch(deps: Deps, actor: Actor | null, batchPublicId: string): Promise<Batch> {
  return (await requireBatch(deps, actor, batchPublicId)).batch;
}

/** A page of the batch's rows in the given states (issued ones carry their credential's id). */
export async function listBatchRows(
  deps: Deps,
  actor: Actor | null,
  batchPublicId: string,
  filter: { statuses: BulkRowStatus[]; limit: number; offset: number },
): Promise<{ batch: Batch; rows: BatchRow[]; hasMore: boolean }> {
  const { batch } = await requireBatch(deps, actor, batchPublicId);
  const rows = await listRows(deps.db, batch.id, { ...filter, limit: filter.limit + 1 });
  return { batch, rows: rows.slice(0, filter.limit).map(rowToBatchRow), hasMore: rows.length > filter.limit };
}

/** Queues the batch with a new run and enqueues its job, in one transaction; the job's id, or null when it was not confirmable. */
async function queue(deps: Deps, batch: Batch): Promise<string | null> {
  if (batch.validCount === 0) throw fail.conflict('bulk.nothingToIssue');
  return deps.db.transaction().execute(async (trx) => {
    const run = await queueBatch(trx, batch.id, deps.clock.now());
    return run === undefined ? null : enqueue(trx, BULK_JOB, { batchId: batch.id, run }, { maxAttempts: BULK_MAX_ATTEMPTS });
  });
}

/**
 * Issues the batch's valid rows in the background (the `bulk.issue` job). Confirming a batch that is
 * already queued, running or done changes nothing; a cancelled or failed one resumes where it stopped.
 */
export async function confirmBatch(deps: Deps, actor: Actor | null, batchPublicId: string): Promise<Batch> {
  const { batch } = await requireBatch(deps, actor, batchPublicId);
  if (isConfirmable(batch.status)) await queue(deps, batch);
  return getBatch(deps, actor, batchPublicId);
}

/** Stops a queued or running batch after the chunk being written; what was issued stays issued. */
export async function cancelBatch(deps: Deps, actor: Actor | null, batchPublicId: string): Promise<Batch> {
  const { batch } = await requireBatch(deps, actor, batchPublicId);
  if (!(await moveBatch(deps.db, batch.id, { from: ['queued', 'running'], to: 'cancelled', now: deps.clock.now() }))) throw fail.conflict('bulk.notCancellable');
  return getBatch(deps, actor, batchPublicId);
}

/**
 * CLI and benchmarks: confirms the batch and runs its job in this process — claimed with a lease like
 * any worker does, so a worker elsewhere resumes it if this process dies. When another worker holds
 * the job already, follows its progress instead. Resolves when the batch is no longer queued or running.
 */
export async function issueBatchNow(deps: Deps, actor: Actor | null, batchPublicId: string, options: IssueOptions = {}): Promise<Batch> {
  const { batch } = await requireBatch(deps, actor, batchPublicId);
  const jobId = isConfirmable(batch.status) ? await queue(deps, batch) : null;
  if (jobId !== null) await runJobHere(deps, jobId, options);
  for (;;) {
    const current = await getBatch(deps, actor, batchPublicId);
    if (!isActive(current.status)) return current;
    options.onProgress?.(current.progress);
    await new Promise((resolve) => setTimeout(resolve, FOLLOW_MS));
  }
}

/** CLI: the preview of a file, as the badge organisation's first owner (who then confirms it). */
export async function uploadCsvFromCli(deps: Deps, input: { badge: string; file: UploadedFile }): Promise<{ preview: Preview; actor: Actor }> {
  const badge = await getBadge(deps, null, input.badge);
  const actor = await cliActor(deps, badge.organizationSlug);
  return { preview: await uploadCsv(deps, actor, input.badge, input.file), actor };
}
