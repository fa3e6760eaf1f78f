// The worker loop: claims ready jobs, runs their named handler, finishes or schedules a retry.
// Runs in the app process by default, or alone (`npm run worker`), several at once on PostgreSQL.
import { hostname } from 'node:os';
import type { JobRow } from '../db/schema';
import type { Deps } from '../platform/deps';
import { claimJob, completeJob, failJob } from './jobs.repository';
import { nextRunAt } from './retry';

export interface JobContext {
  id: string;
  attempts: number;
}

export type JobHandler = (deps: Deps, payload: unknown, job: JobContext) => Promise<void>;
export type JobHandlers = Readonly<Record<string, JobHandler>>;

const LEASE_MS = 5 * 60_000;

export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
}

/** Claims and runs one job; false when none was ready. */
export async function runNextJob(deps: Deps, handlers: JobHandlers, workerId: string): Promise<boolean> {
  const job = await claimJob(deps.db, workerId, deps.clock.now(), LEASE_MS);
  if (!job) return false;
  await runJob(deps, handlers, workerId, job);
  return true;
}

async function runJob(deps: Deps, handlers: JobHandlers, workerId: string, job: JobRow): Promise<void> {
  const log = deps.log.child({ job: job.id, jobName: job.name, attempt: job.attempts });
  const handler = handlers[job.name];
  try {
    if (!handler) throw new Error(`No handler for job ${job.name}`);
    await handler(deps, job.payload, { id: job.id, attempts: job.attempts });
    await completeJob(deps.db, job.id, workerId, deps.clock.now());
    log.debug('job done');
  } catch (error) {
    const now = deps.clock.now();
    const retryAt = handler ? nextRunAt(now, job.attempts, job.max_attempts) : null;
    log.warn({ err: error, retryAt }, 'job failed');
    await failJob(deps.db, job, workerId, now, String((error as Error)?.stack ?? error).slice(0, 4000), retryAt);
  }
}

/** Runs every ready job until none is left (tests, CLI). Returns how many ran. */
export async function drainJobs(deps: Deps, handlers: JobHandlers, workerId = newWorkerId()): Promise<number> {
  let count = 0;
  while (await runNextJob(deps, handlers, workerId)) count++;
  return count;
}

export interface Worker {
  /** Wakes the loop now (after enqueueing, to avoid waiting for the next poll). */
  poke(): void;
  /** Stops claiming; resolves once the running jobs have finished. */
  stop(): Promise<void>;
}

export function startWorker(deps: Deps, handlers: JobHandlers, options: { concurrency: number; pollMs: number }): Worker {
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
        ran = await runNextJob(deps, handlers, workerId);
      } catch (error) {
        deps.log.error({ err: error }, 'worker could not claim a job');
      }
      if (!ran && !stopping) await sleep(options.pollMs);
    }
  };
  const loops = Array.from({ length: options.concurrency }, () => loop());
  deps.log.info({ workerId, concurrency: options.concurrency }, 'worker started');
  return {
    poke: wakeAll,
    async stop() {
      stopping = true;
      wakeAll();
      await Promise.all(loops);
    },
  };
}
