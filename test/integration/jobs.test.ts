// The job queue and its worker on a real database: retries with backoff, permanent failures,
// leases of dead workers, dedupe keys, graceful shutdown, and (PostgreSQL) many workers at once.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PermanentJobError } from '../../src/jobs/jobs';
import { claimJob, completeJob } from '../../src/jobs/jobs.repository';
import { enqueue } from '../../src/jobs/queue';
import { drainJobs, type JobHandlers, startWorker } from '../../src/jobs/worker';
import { engine } from '../helpers/database';
import { type TestPlatform, testPlatform } from '../helpers/platform';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}

describe('job worker', () => {
  let p: TestPlatform;
  // The application clock runs ahead of the database's: fresh jobs are due all the same.
  let now = new Date(Date.now() + 1000);
  const job = (id: string) => p.deps.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const advance = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };

  beforeAll(async () => {
    p = await testPlatform({ clock: { now: () => now } });
  });
  beforeEach(() => advance(60_000));
  afterAll(async () => {
    await p.close();
  });

  it('retries a failing job with exponential backoff, then marks it failed after max_attempts', async () => {
    const attempts: number[] = [];
    const handlers: JobHandlers = {
      'test.flaky': async (_deps, payload, ctx) => {
        expect(payload).toEqual({ n: 1 });
        attempts.push(ctx.attempts);
        throw new Error(`boom ${ctx.attempts}`);
      },
    };
    const id = (await enqueue(p.deps.db, 'test.flaky', { n: 1 }, { maxAttempts: 3 }))!;

    expect(await drainJobs(p.deps, handlers)).toBe(1);
    let row = await job(id);
    expect(row).toMatchObject({ status: 'queued', attempts: 1, last_error: 'boom 1', locked_by: null });
    expect(row.run_at.getTime()).toBe(now.getTime() + 5_000);

    advance(4_999);
    expect(await drainJobs(p.deps, handlers)).toBe(0);
    advance(1);
    expect(await drainJobs(p.deps, handlers)).toBe(1);
    row = await job(id);
    expect(row).toMatchObject({ status: 'queued', attempts: 2, last_error: 'boom 2' });
    expect(row.run_at.getTime()).toBe(now.getTime() + 10_000);

    advance(10_000);
    expect(await drainJobs(p.deps, handlers)).toBe(1);
    row = await job(id);
    expect(row).toMatchObject({ status: 'failed', attempts: 3, last_error: 'boom 3', locked_by: null, locked_until: null });
    expect(row.finished_at?.getTime()).toBe(now.getTime());

    advance(3_600_000);
    expect(await drainJobs(p.deps, handlers)).toBe(0);
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('completes a job that succeeds on a later attempt and clears its last error', async () => {
    let calls = 0;
    const handlers: JobHandlers = {
      'test.second-time': async () => {
        calls++;
        if (calls === 1) throw new Error('not yet');
      },
    };
    const id = (await enqueue(p.deps.db, 'test.second-time', {}))!;
    await drainJobs(p.deps, handlers);
    advance(5_000);
    await drainJobs(p.deps, handlers);
    expect(await job(id)).toMatchObject({ status: 'done', attempts: 2, last_error: null });
    expect(calls).toBe(2);
  });

  it('fails at once a job with no handler, or whose handler says retrying cannot help', async () => {
    const unknown = (await enqueue(p.deps.db, 'test.nobody-handles-this', {}))!;
    const permanent = (await enqueue(p.deps.db, 'test.permanent', {}))!;
    const handlers: JobHandlers = {
      'test.permanent': async () => {
        throw new PermanentJobError('the payload points to nothing');
      },
    };
    expect(await drainJobs(p.deps, handlers)).toBe(2);
    expect(await job(unknown)).toMatchObject({ status: 'failed', attempts: 1 });
    expect((await job(unknown)).last_error).toContain('No handler for the job named test.nobody-handles-this');
    expect(await job(permanent)).toMatchObject({ status: 'failed', attempts: 1 });
    expect((await job(permanent)).last_error).toContain('the payload points to nothing');
  });

  it('claims again a job whose worker died once its lease has run out; the dead claim cannot finish it', async () => {
    const ran: number[] = [];
    const handlers: JobHandlers = { 'test.lease': async (_d, _p, ctx) => void ran.push(ctx.attempts) };
    const id = (await enqueue(p.deps.db, 'test.lease', {}))!;
    const dead = await claimJob(p.deps.db, 'dead-worker', now, 60_000);
    expect(dead).toMatchObject({ id, status: 'running', attempts: 1, locked_by: 'dead-worker' });

    expect(await drainJobs(p.deps, handlers, 'w2', { leaseMs: 60_000 })).toBe(0); // still leased
    advance(60_001);
    expect(await drainJobs(p.deps, handlers, 'w2', { leaseMs: 60_000 })).toBe(1);
    expect(ran).toEqual([2]);
    expect(await job(id)).toMatchObject({ status: 'done', attempts: 2 });
    expect(await completeJob(p.deps.db, { id, workerId: 'dead-worker', attempts: 1 }, now)).toBe(false);
  });

  it('fails, rather than runs again, a job whose worker died during its last allowed attempt', async () => {
    const handlers: JobHandlers = { 'test.poison': async () => expect.unreachable('must not run again') };
    const id = (await enqueue(p.deps.db, 'test.poison', {}, { maxAttempts: 1 }))!;
    await claimJob(p.deps.db, 'dead-worker', now, 1_000);
    advance(1_001);
    expect(await drainJobs(p.deps, handlers)).toBe(0);
    const row = await job(id);
    expect(row).toMatchObject({ status: 'failed', attempts: 1, locked_by: null });
    expect(row.last_error).toContain('lease expired');
  });

  it('enqueues a job with a dedupe key once only', async () => {
    let runs = 0;
    const handlers: JobHandlers = { 'test.once': async () => void runs++ };
    const first = await enqueue(p.deps.db, 'test.once', {}, { dedupeKey: 'award:42' });
    const second = await p.deps.db.transaction().execute((trx) => enqueue(trx, 'test.once', {}, { dedupeKey: 'award:42' }));
    expect(first).not.toBeNull();
    expect(second).toBeNull();
    expect(await p.deps.db.selectFrom('jobs').select('id').where('dedupe_key', '=', 'award:42').execute()).toHaveLength(1);
    await drainJobs(p.deps, handlers);
    expect(runs).toBe(1);
  });

  it('does not run a job scheduled for later before its time', async () => {
    let runs = 0;
    const handlers: JobHandlers = { 'test.later': async () => void runs++ };
    await enqueue(p.deps.db, 'test.later', {}, { runAt: new Date(now.getTime() + 60_000) });
    expect(await drainJobs(p.deps, handlers)).toBe(0);
    advance(60_000);
    expect(await drainJobs(p.deps, handlers)).toBe(1);
    expect(runs).toBe(1);
  });

  it('runs jobs two at a time and, on stop(), waits for the running ones to finish', async () => {
    const started: string[] = [];
    const release = new Map<string, () => void>();
    const handlers: JobHandlers = {
      'test.slow': async (_d, _p, ctx) => {
        started.push(ctx.id);
        await new Promise<void>((resolve) => release.set(ctx.id, resolve));
      },
    };
    const a = (await enqueue(p.deps.db, 'test.slow', {}))!;
    const b = (await enqueue(p.deps.db, 'test.slow', {}))!;
    const worker = startWorker(p.deps, handlers, { concurrency: 2, pollMs: 20 });
    await until(() => started.length === 2);
    expect((await job(a)).status).toBe('running');
    expect((await job(b)).status).toBe('running');

    let stopped = false;
    const stopping = worker.stop().then(() => {
      stopped = true;
    });
    await sleep(100);
    expect(stopped).toBe(false);
    release.get(a)!();
    await sleep(50);
    expect(stopped).toBe(false);
    release.get(b)!();
    await stopping;
    expect((await job(a)).status).toBe('done');
    expect((await job(b)).status).toBe('done');

    const c = (await enqueue(p.deps.db, 'test.slow', {}))!;
    await sleep(100);
    expect((await job(c)).status).toBe('queued'); // a stopped worker claims nothing
    await p.deps.db.deleteFrom('jobs').where('id', '=', c).execute();
  });

  it('wakes up at once when poked instead of waiting for the next poll', async () => {
    let runs = 0;
    const handlers: JobHandlers = { 'test.poked': async () => void runs++ };
    const worker = startWorker(p.deps, handlers, { concurrency: 1, pollMs: 60_000 });
    await sleep(50); // the loop found nothing and sleeps for a minute
    await enqueue(p.deps.db, 'test.poked', {});
    worker.poke();
    await until(() => runs === 1, 2000);
    await worker.stop();
  });

  it.runIf(engine === 'postgres')('runs each of 200 jobs exactly once with several workers sharing the pool', async () => {
    const executions = new Map<string, number>();
    const handlers: JobHandlers = {
      'test.count': async (_d, _p, ctx) => {
        executions.set(ctx.id, (executions.get(ctx.id) ?? 0) + 1);
        await sleep(Math.floor(Math.random() * 3));
      },
    };
    const ids = await p.deps.db.transaction().execute(async (trx) => {
      const out: string[] = [];
      for (let i = 0; i < 200; i++) out.push((await enqueue(trx, 'test.count', { i }))!);
      return out;
    });
    const workers = Array.from({ length: 3 }, () => startWorker(p.deps, handlers, { concurrency: 4, pollMs: 10 }));
    const loops = Array.from({ length: 3 }, (_, i) => drainJobs(p.deps, handlers, `drainer-${i}`));
    await Promise.all(loops);
    await until(async () => {
      const row = await p.deps.db
        .selectFrom('jobs')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('name', '=', 'test.count')
        .where('status', '=', 'done')
        .executeTakeFirstOrThrow();
      return Number(row.n) === 200;
    }, 30_000);
    await Promise.all(workers.map((w) => w.stop()));
    expect(executions.size).toBe(200);
    for (const id of ids) expect(executions.get(id), `job ${id}`).toBe(1);
  });
});
