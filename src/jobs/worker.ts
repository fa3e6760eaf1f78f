// The worker loop: claims due jobs, runs their named handler, finishes them or schedules a retry.
// Runs in the app process by default, or alone (`npm run worker`), several at once on PostgreSQL.
//
// Guarantees: a job runs until one attempt succeeds (at least once); while a handler runs, its
// lease is renewed, so no other worker takes the job unless this one died; a job whose worker
// died is claimed again once the lease has run out. Handlers must therefore be idempotent.
import { hostname } from 'node:os';
import type { JobRow } from '../db/schema';
import type { Deps } from '../platform/deps';
import { describeJobError, PermanentJobError } from './jobs';
import { type Claim, claimJob, completeJob, failAbandonedJobs, failJob, renewLease } from './jobs.repository';
import { nextRunAt } from './retry';

export interface JobContext {
  id: string;
  /** 1 on the first attempt. */
  attempts: number;
  createdAt: Date;
}

/** A named job's work. Reload what the payload points to, skip what is gone or already done. */
export type JobHandler = (deps: Deps, payload: unknown, job: JobContext) => Promise<void>;
export type JobHandlers = Readonly<Record<string, JobHandler>>;

export interface RunOptions {
  /** How long a claim lasts without renewal (default 5 minutes); renewed every third of it. */
  leaseMs?: number;
}

export const DEFAULT_LEASE_MS = 5 * 60_000;

export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
}

/** Claims and runs one job; false when none was due. */
export async function runNextJob(
  deps: Deps,
  handlers: JobHandlers,
  workerId: string,
  options: RunOptions = {},
): Promise<boolean> {
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const now = deps.clock.now();
  const abandoned = await failAbandonedJobs(deps.db, now);
  if (abandoned > 0) deps.log.warn({ count: abandoned }, 'jobs failed: their worker died during the last attempt');
  const job = await claimJob(deps.db, workerId, now, leaseMs);
  if (!job) return false;
  await runJob(deps, handlers, { id: job.id, workerId, attempts: job.attempts }, job, leaseMs);
  return true;
}

async function runJob(deps: Deps, handlers: JobHandlers, claim: Claim, job: JobRow, leaseMs: number): Promise<void> {
  const log = deps.log.child({ job: job.id, jobName: job.name, attempt: job.attempts });
  const handler = Object.hasOwn(handlers, job.name) ? handlers[job.name] : undefined;
  const stopRenewing = keepLease(deps, claim, leaseMs, log);
  let error: unknown = null;
  try {
    if (!handler) throw new PermanentJobError(`No handler for the job named ${job.name}`);
    await handler(deps, job.payload, { id: job.id, attempts: job.attempts, createdAt: job.created_at });
  } catch (caught) {
    error = caught ?? new Error('Job failed');
  } finally {
    stopRenewing();
  }
  const now = deps.clock.now();
  if (error === null) {
    if (await completeJob(deps.db, claim, now)) log.debug('job done');
    else log.warn('job done, but its lease had been lost: another worker may run it again');
    return;
  }
  const retryAt = error instanceof PermanentJobError ? null : nextRunAt(now, job.attempts, job.max_attempts);
  log.warn({ err: error, retryAt }, retryAt ? 'job failed, will retry' : 'job failed for good');
  if (!(await failJob(deps.db, claim, now, describeJobError(error), retryAt))) log.warn('job failure not recorded: lease lost');
}

/** Renews the claim's lease every third of it while the handler runs; returns the stopper. */
function keepLease(deps: Deps, claim: Claim, leaseMs: number, log: Deps['log']): () => void {
  const timer = setInterval(() => {
    renewLease(deps.db, claim, new Date(deps.clock.now().getTime() + leaseMs)).then(
      (kept) => {
        if (!kept) log.warn('job lease lost while running');
      },
      (error: unknown) => log.warn({ err: error }, 'could not renew the job lease'),
    );
  }, Math.max(1000, Math.floor(leaseMs / 3)));
  timer.unref();
  return () => clearInterval(timer);
}

/** Runs every due job until none is left (tests, CLI). Returns how many ran. */
export async function drainJobs(
  deps: Deps,
  handlers: JobHandlers,
  workerId = newWorkerId(),
  options: RunOptions = {},
): Promise<number> {
  let count = 0;
  while (await runNextJob(deps, handlers, workerId, options)) count++;
  return count;
}

export interface Worker {
  /** Wakes the idle loops now (after enqueueing, to avoid waiting for the next poll). */
  poke(): void;
  /** Stops claiming; resolves once the running jobs have finished. */
  stop(): Promise<void>;
}

export interface WorkerOptions extends RunOptions {
  concurrency: number;
  pollMs: number;
}

export function startWorker(deps: Deps, handlers: JobHandlers, options: WorkerOptions): Worker {
  const workerId = newWorkerId();
  let stopping = false;
  const sleepers = new Set<() => void>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      sleepers.add(done);
    });
  const wakeAll = () => {
    for (const wake of [...sleepers]) wake();
  };
  const loop = async () => {
    while (!stopping) {
      let ran = false;
      try {
        ran = await runNextJob(deps, handlers, workerId, options);
      } catch (error) {
        // The database is unreachable or similar: wait and try again; a claimed job's lease runs out.
        deps.log.error({ err: error }, 'worker could not claim or finish a job');
      }
      if (!ran && !stopping) await sleep(options.pollMs);
    }
  };
  const loops = Array.from({ length: Math.max(1, options.concurrency) }, () => loop());
  deps.log.info({ workerId, concurrency: options.concurrency }, 'worker started');
  let stopped: Promise<void> | null = null;
  return {
    poke: wakeAll,
    stop() {
      stopping = true;
      wakeAll();
      stopped ??= Promise.all(loops).then(() => deps.log.info({ workerId }, 'worker stopped'));
      return stopped;
    },
  };
}
