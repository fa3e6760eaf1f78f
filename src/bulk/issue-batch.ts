// Issuing a confirmed batch: what the `bulk.issue` job runs (and the CLI, in process). Rows go in
// chunks: the main thread plans a chunk (the single-award rules), reserves its status-list indexes
// in one statement and hands it to the signing threads; while they sign the next chunk, the main
// thread commits this one — credentials, claim-mail jobs, row → credential links and progress in
// one transaction. A worker that dies resumes after the last committed chunk: issued rows are no
// longer 'valid', so they are never picked again, and the unique key refuses any second issue.
import { configuredEngine } from '../db/database';
import type { NewCredentialRow } from '../db/schema';
import { CLAIM_DAYS, CLAIM_TTL_MS, claimUrl, statusListUrl } from '../awards/awards';
import { issuingContext, planAward } from '../awards/awards.service';
import type { IssuingContext, PlannedAward } from '../awards/issue';
import { allocateStatusEntries } from '../awards/status-lists.repository';
import { isAwardable } from '../badges/badges';
import { getBadge } from '../badges/badges.service';
import { enqueueRuleEvaluation } from '../rules/triggers';
import { enqueueCredentialEvents } from '../integrations/integrations.repository';
import { refreshStatistics } from '../db/maintenance';
import { AppError } from '../errors';
import { issuerSigningKey } from '../issuers/issuers.service';
import type { MailJobPayload } from '../mail/mail.service';
import type { Deps } from '../platform/deps';
import { randomToken, sha256 } from '../platform/tokens';
import { CHUNK_SIZE, type RowError, rowToParsedAward } from './bulk';
import { garbageCollector } from './memory';
import {
  type PendingRow,
  addProgress,
  enqueueMailJobs,
  findBatchById,
  insertCredentials,
  issuedKeys,
  localesOf,
  lockBatch,
  markIssued,
  markSkipped,
  moveBatch,
  nextPendingRows,
} from './bulk.repository';
import { type SignedJson, type SigningPool, createSigningPool } from './sign-pool';

export interface IssueOptions {
  /** Signing threads (default: one per core; on PGlite one fewer, see defaultThreads). */
  threads?: number;
  /** Heap limits of each signing thread in MB (defaults in sign-pool.ts: larger is faster and takes more memory). */
  threadHeapMb?: number;
  threadYoungMb?: number;
  chunkSize?: number;
  /** Stop after this many committed chunks without finishing (tests simulate a worker dying). */
  maxChunks?: number;
  onProgress?: (progress: { done: number; skipped: number; total: number }) => void;
}

export type IssueOutcome = 'done' | 'stopped' | 'partial' | 'failed';

interface Chunk {
  lastRow: number;
  awards: { row: PendingRow; award: PlannedAward }[];
  /** Rows not issued after all, with the reason (awarded by another batch meanwhile, or no longer valid). */
  skipped: { row: PendingRow; code: RowError }[];
  signed: SignedJson[];
}

/** A full collection of the main thread's heap every few seconds of issuing (memory.ts). */
const collectGarbageNow = garbageCollector(5_000);

/** Issues the batch's remaining valid rows, unless the batch moved on (cancelled, done, a newer run). */
export async function issueBatch(deps: Deps, job: { batchId: string; run: number }, options: IssueOptions = {}): Promise<IssueOutcome> {
  const batch = await findBatchById(deps.db, job.batchId);
  if (!batch || batch.run !== job.run || (batch.status !== 'queued' && batch.status !== 'running')) return 'stopped';
  const badge = await getBadge(deps, null, batch.badge_public_id).catch(() => undefined);
  if (!badge || !isAwardable(badge)) {
    await moveBatch(deps.db, batch.id, { from: ['queued', 'running'], to: 'failed', now: deps.clock.now(), run: job.run, error: 'The badge is no longer published.' });
    return 'failed';
  }
  if (!(await moveBatch(deps.db, batch.id, { from: ['queued', 'running'], to: 'running', now: deps.clock.now(), run: job.run }))) return 'stopped';
  const ctx = await issuingContext(deps, badge);
  const pool = await createSigningPool(ctx, await issuerSigningKey(deps, ctx.organization), { threads: options.threads, engine: configuredEngine(deps.config), heapMb: options.threadHeapMb, youngMb: options.threadYoungMb });
  const progress = { done: batch.progress_done, skipped: batch.progress_skipped, total: batch.progress_total };
  const chunkSize = options.chunkSize ?? CHUNK_SIZE;
  const by = { batchId: batch.id, run: job.run, userId: batch.uploaded_by, locale: batch.locale };
  let chunks = 0;
  let signing: Promise<Chunk> | null = null;
  try {
    let planned = await planChunk(deps, ctx, batch.id, 0, chunkSize);
    signing = planned && signChunk(pool, planned);
    while (signing) {
      const chunk: Chunk = await signing;
      // Plan the next chunk (a few quick queries) and let the threads sign it while this one is stored.
      planned = await planChunk(deps, ctx, batch.id, chunk.lastRow, chunkSize);
      signing = planned && signChunk(pool, planned);
      // Its failure is reported when it is awaited; never as an unhandled rejection.
      signing?.catch(() => undefined);
      if (!(await commitChunk(deps, ctx, by, chunk))) return 'stopped';
      collectGarbageNow();
      progress.done += chunk.awards.length;
      progress.skipped += chunk.skipped.length;
      options.onProgress?.({ ...progress });
      if (options.maxChunks !== undefined && ++chunks >= options.maxChunks) return 'partial';
    }
  } finally {
    // Stop the signing threads first: a chunk still being signed then fails at once.
    await pool.close();
    await signing?.catch(() => undefined);
  }
  const finished = await moveBatch(deps.db, batch.id, { from: ['running'], to: 'done', now: deps.clock.now(), run: job.run });
  // A bulk load: the planner's statistics of what grew are stale (see db/maintenance.ts).
  if (finished) await refreshStatistics(deps.db, ['credentials', 'bulk_rows', 'jobs']);
  return finished ? 'done' : 'stopped';
}

type Planned = Omit<Chunk, 'signed'> & { now: Date };

/** Reads and plans the next chunk after `afterRow` and reserves its status-list indexes; null when none is left. */
async function planChunk(deps: Deps, ctx: IssuingContext, batchId: string, afterRow: number, size: number): Promise<Planned | null> {
  const rows = await nextPendingRows(deps.db, batchId, afterRow, size);
  if (rows.length === 0) return null;
  const now = deps.clock.now();
  const taken = await issuedKeys(deps.db, ctx.badgeId, rows.map((r) => r.dedupe_key));
  const skipped: Chunk['skipped'] = [];
  const planned: { row: PendingRow; plan: Omit<PlannedAward, 'status'> }[] = [];
  for (const row of rows) {
    if (taken.has(row.dedupe_key)) {
      skipped.push({ row, code: 'already_awarded' });
      continue;
    }
    try {
      planned.push({ row, plan: planAward(ctx, rowToParsedAward(row), { kind: 'email', email: row.email, name: row.name || undefined }, now) });
    } catch (error) {
      // Checked at upload; only a badge edited since (a level removed) or a clock moved back gets here.
      if (!(error instanceof AppError)) throw error;
      const field = Object.keys(error.fields)[0];
      skipped.push({ row, code: field === 'level' ? 'unknown_level' : field === 'issuedAt' ? 'future_issued' : 'expires_before_issued' });
    }
  }
  const entries = await allocateStatusEntries(deps.db, { organizationId: ctx.organization.id, issuerId: ctx.issuer.id, now }, planned.length);
  const awards = planned.map(({ row, plan }, i) => {
    const entry = entries[i]!;
    return { row, award: { ...plan, status: { ...entry, url: statusListUrl(ctx.baseUrl, ctx.organization.slug, entry.listId) } } };
  });
  return { lastRow: rows.at(-1)!.row_number, awards, skipped, now };
}

async function signChunk(pool: SigningPool, planned: Planned): Promise<Chunk> {
  const signed = await pool.sign(
    planned.awards.map((a) => a.award),
    planned.now,
  );
  return { ...planned, signed };
}

/** Stores one signed chunk with its claim mails; false when the batch was cancelled or re-run meanwhile. */
async function commitChunk(
  deps: Deps,
  ctx: IssuingContext,
  by: { batchId: string; run: number; userId: string | null; locale: 'fr' | 'en' },
  chunk: Chunk,
): Promise<boolean> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const batch = await lockBatch(trx, by.batchId);
    if (!batch || batch.status !== 'running' || batch.run !== by.run) return false;
    const tokens = chunk.awards.map(() => randomToken());
    const rows: NewCredentialRow[] = chunk.awards.map(({ award }, i) => credentialRow(ctx, award, chunk.signed[i]!, tokens[i]!, by.userId, now));
    const ids = await insertCredentials(trx, rows);
    const locales = await localesOf(trx, [...new Set(chunk.awards.map((a) => a.row.email))]);
    const mails: MailJobPayload[] = chunk.awards.map(({ row }, i) => ({
      to: row.email,
      locale: locales.get(row.email) ?? by.locale,
      template: 'awards.claim',
      params: { badge: ctx.badgeName, issuer: ctx.organization.name, url: claimUrl(deps.config.baseUrl, tokens[i]!), days: String(CLAIM_DAYS), organization: '' },
    }));
    await enqueueMailJobs(trx, mails);
    const links = chunk.awards.map(({ row, award }) => ({ rowId: row.id, credentialId: ids.get(award.publicId)! }));
    if ((await markIssued(trx, links, now)) !== links.length) throw new Error('Rows of this chunk were issued by another run; the chunk is rolled back.');
    for (const code of new Set(chunk.skipped.map((s) => s.code)))
      await markSkipped(
        trx,
        chunk.skipped.filter((s) => s.code === code).map((s) => s.row.id),
        code,
      );
    await addProgress(trx, by.batchId, chunk.awards.length, chunk.skipped.length);
    await enqueueRuleEvaluation(trx, [...ids.values()]);
    await enqueueCredentialEvents(trx, 'credential.issued', [...ids.values()], { baseUrl: deps.config.baseUrl, now, organizationId: ctx.organization.id });
    return true;
  });
}

/** The stored form of a signed award, as the single-award path (`recordAward`) stores it. */
function credentialRow(ctx: IssuingContext, award: PlannedAward, signed: SignedJson, claimToken: string, issuedBy: string | null, now: Date): NewCredentialRow {
  const { recipient } = award;
  return {
    public_id: award.publicId,
    badge_id: ctx.badgeId,
    badge_version: ctx.badgeVersion,
    organization_id: ctx.organization.id,
    recipient_kind: recipient.kind,
    recipient_email: recipient.kind === 'email' ? recipient.email : null,
    recipient_organization_id: null,
    recipient_name: recipient.name ?? null,
    salt: award.salt,
    narrative: award.narrative ?? null,
    level: award.level?.name ?? null,
    evidence: JSON.stringify(award.evidence),
    issued_at: award.issuedAt,
    valid_from: award.validFrom,
    valid_until: award.validUntil,
    claim_token_hash: sha256(claimToken),
    claim_expires_at: new Date(now.getTime() + CLAIM_TTL_MS),
    status_list_id: award.status.listId,
    status_list_index: award.status.index,
    document: signed.json,
    jwt: signed.jwt,
    issued_by: issuedBy,
    created_at: now,
  };
}
