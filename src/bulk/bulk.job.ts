// The `bulk.issue` job: issues a confirmed batch (idempotent and resumable, see issue-batch.ts).
// Also runs one such job in the calling process (the CLI), under the queue's lease protocol.
// And the hourly `bulk.cleanup`: deletes what a stopped process left loading.
import { z } from 'zod';
import { describeJobError, PermanentJobError } from '../jobs/jobs';
import { completeJob, failJob, renewLease } from '../jobs/jobs.repository';
import { nextRunAt } from '../jobs/retry';
import { enqueue, startOfNextHour } from '../jobs/queue';
import { DEFAULT_LEASE_MS, type JobHandler, newWorkerId } from '../jobs/worker';
import type { Deps } from '../platform/deps';
import { BULK_CLEANUP_JOB, BULK_MAX_ATTEMPTS, LOADING_STALE_MS } from './bulk';
import { claimJobById, deleteStaleLoadingBatches, moveBatch, recordError } from './bulk.repository';
import { type IssueOptions, issueBatch } from './issue-batch';

const payloadSchema = z.object({ batchId: z.string().regex(/^\d{1,18}$/), run: z.number().int().min(1) });

export function bulkJobHandler(options: IssueOptions = {}): JobHandler {
  return async (deps, payload, job) => {
    const parsed = payloadSchema.safeParse(payload);
    if (!parsed.success) throw new PermanentJobError('Malformed bulk.issue payload');
    const { batchId, run } = parsed.data;
    try {
      await issueBatch(deps, parsed.data, options);
    } catch (error) {
      const message = describeJobError(error);
      // The batch shows the error; after the last attempt it is 'failed' (confirming it again resumes it).
      if (job.attempts >= BULK_MAX_ATTEMPTS) await moveBatch(deps.db, batchId, { from: ['queued', 'running'], to: 'failed', now: deps.clock.now(), run, error: message });
      else await recordError(deps.db, batchId, run, message);
      throw error;
    }
  };
}

/** Claims the job (if still queued) and runs it here, renewing its lease; a worker elsewhere resumes it if this process dies. */
export async function runJobHere(deps: Deps, jobId: string, options: IssueOptions = {}): Promise<boolean> {
  const workerId = newWorkerId();
  const leaseUntil = () => new Date(deps.clock.now().getTime() + DEFAULT_LEASE_MS);
  const job = await claimJobById(deps.db, jobId, workerId, leaseUntil());
  if (!job) return false;
  const claim = { id: jobId, workerId, attempts: job.attempts };
  const timer = setInterval(() => {
    renewLease(deps.db, claim, leaseUntil()).catch((error: unknown) => deps.log.warn({ err: error }, 'could not renew the bulk job lease'));
  }, DEFAULT_LEASE_MS / 3);
  timer.unref();
  try {
    await bulkJobHandler(options)(deps, job.payload, { id: jobId, attempts: job.attempts, createdAt: job.created_at });
    await completeJob(deps.db, claim, deps.clock.now());
    return true;
  } catch (error) {
    const now = deps.clock.now();
    await failJob(deps.db, claim, now, describeJobError(error), nextRunAt(now, job.attempts, job.max_attempts));
    throw error;
  } finally {
    clearInterval(timer);
  }
}

/** Enqueues the `bulk.cleanup` run of the hour `at` starts, once (several processes may call this). */
export async function scheduleBulkCleanup(db: Deps['db'], at: Date): Promise<void> {
  await enqueue(db, BULK_CLEANUP_JOB, { at: at.toISOString() }, { runAt: at, dedupeKey: `${BULK_CLEANUP_JOB}:${at.toISOString()}` });
}

/**
 * `bulk.cleanup`: deletes the batches left loading for LOADING_STALE_MS (a process stopped while it
 * stored a file: its rows would otherwise stay until the same file is sent again), then schedules
 * the next hour's run.
 */
export function bulkCleanupJobHandler(): JobHandler {
  return async (deps) => {
    const now = deps.clock.now();
    const deleted = await deleteStaleLoadingBatches(deps.db, new Date(now.getTime() - LOADING_STALE_MS));
    if (deleted > 0) deps.log.info({ deleted }, 'bulk: deleted batches left loading by a stopped process');
    await scheduleBulkCleanup(deps.db, startOfNextHour(now));
  };
}
