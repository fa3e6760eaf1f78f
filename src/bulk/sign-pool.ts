// A pool of signing threads (node:worker_threads), one per core by default (on PGlite, one per core
// but the one the database takes). Data Integrity signing is CPU-bound (RDF canonicalisation), so a
// batch signs on every core while the main thread reads rows and writes chunks. Each thread gets
// the issuing context and the key material once, imports the key, and signs the slices of awards it
// is sent; results come back in order.
// A thread runs sign.worker.ts bundled into one ES module by esbuild (once per process, in the
// temporary folder): loading the sources through tsx in every thread cost ~25 MB more per thread.
// Nor does a thread inherit the process's preloads (tsx's `--import`): see threadExecArgv.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import type { IssuingContext, PlannedAward } from '../awards/issue';
import type { SigningKey } from '../credentials';
import type { Engine } from '../db/database';

/** What a thread receives at start: everything of the context but the prepared key, and the key itself. */
export interface ThreadInit {
  context: Omit<IssuingContext, 'key'>;
  key: SigningKey;
}

export interface SignRequest {
  id: number;
  awards: PlannedAward[];
  created: Date;
}

export type SignResponse = { id: number; signed: SignedJson[] } | { id: number; error: string };

/** A signed award: the Data Integrity credential as JSON text, and the same award as a VC-JWT. */
export interface SignedJson {
  json: string;
  jwt: string;
}

export interface SigningPool {
  readonly threads: number;
  /** Signs the awards on the pool's threads; results in the same order. */
  sign(awards: PlannedAward[], created: Date): Promise<SignedJson[]>;
  close(): Promise<void>;
}

/**
 * Signing threads when none are asked for: one per core on PostgreSQL, whose server works in
 * processes of its own. PGlite runs the database in the main thread, where every chunk is stored:
 * it takes a core, so one core fewer (at least one). Each thread costs ~65 MB at its peak.
 * Measured on 2 cores, PGlite, 20,000 rows: 1 thread 342/s, 94 MB added; 2 threads 402/s, 161 MB.
 */
export function defaultThreads(engine: Engine, cores = os.availableParallelism()): number {
  return Math.max(1, engine === 'pglite' ? cores - 1 : cores);
}

const PRELOADS = new Set(['--import', '--require', '-r', '--loader', '--experimental-loader']);

/**
 * The process's Node options for a signing thread, without those that load modules first
 * (`--import`, `--require`, `--loader`): the thread runs a bundle that needs none of them, and
 * tsx's loader, run again in each thread, made a thread settle at +31–34 MB instead of +21 MB.
 */
export function threadExecArgv(execArgv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i]!;
    const [name] = arg.split('=', 1);
    if (!PRELOADS.has(name!)) kept.push(arg);
    // `--import x`: its value is the next argument.
    else if (!arg.includes('=')) i++;
  }
  return kept;
}

let bundled: Promise<string> | undefined;

/** The path of the signing thread's bundled code, built on first use and removed when the process exits. */
function workerEntry(): Promise<string> {
  bundled ??= (async () => {
    const outfile = path.join(os.tmpdir(), `blason-sign-worker-${process.pid}-${randomUUID()}.mjs`);
    await build({
      entryPoints: [fileURLToPath(new URL('./sign.worker.ts', import.meta.url))],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      // CommonJS dependencies inside an ES module still call require() for Node's built-ins.
      banner: { js: "import { createRequire as __blasonRequire } from 'node:module'; const require = __blasonRequire(import.meta.url);" },
      logLevel: 'silent',
    });
    process.once('exit', () => fs.rmSync(outfile, { force: true }));
    return outfile;
  })();
  // A failed build is tried again by the next pool.
  bundled.catch(() => {
    bundled = undefined;
  });
  return bundled;
}
/** Awards per message: small enough to balance the threads, large enough to keep messaging cheap. */
const SLICE = 10;

interface Pending {
  resolve(signed: SignedJson[]): void;
  reject(error: Error): void;
}

/**
 * Heap limits of each signing thread. Signing makes mostly short-lived garbage; V8's default young
 * generation lets it pile up to ~100 MB a thread. Measured at 3,000 rows, 2 threads (PostgreSQL):
 * default young generation 126–133/s at 390 MB peak RSS, 16 MB 115–118/s at 343 MB, 8 MB
 * 107–113/s at 330 MB. The defaults keep a 100,000-row batch under 400 MB for ~10 % of speed.
 * Measured again once signing got ~7× faster (jsonld-speed.ts; 20,000 rows, 2 threads, PostgreSQL):
 * young 16 MB 683/s at 341 MB peak, 48 MB 677/s at 379 MB — the limit now costs no speed.
 */
export const DEFAULT_HEAP_MB = 128;
export const DEFAULT_YOUNG_MB = 16;

export interface PoolOptions {
  /** Threads (default: defaultThreads(engine)). */
  threads?: number | undefined;
  /** The database engine, for the default number of threads (default: PostgreSQL's, one per core). */
  engine?: Engine | undefined;
  /** Old-generation heap limit of each thread, in MB (default DEFAULT_HEAP_MB). */
  heapMb?: number | undefined;
  /** Young-generation limit of each thread, in MB (default DEFAULT_YOUNG_MB). */
  youngMb?: number | undefined;
}

export async function createSigningPool(ctx: IssuingContext, key: SigningKey, options: PoolOptions = {}): Promise<SigningPool> {
  if (key.publicKeyMultibase !== ctx.key.publicKeyMultibase) throw new Error('The signing key is not the context’s key');
  const entry = await workerEntry();
  const { key: _prepared, ...context } = ctx;
  const init: ThreadInit = { context, key };
  const execArgv = threadExecArgv(process.execArgv);
  const resourceLimits = { maxOldGenerationSizeMb: options.heapMb ?? DEFAULT_HEAP_MB, maxYoungGenerationSizeMb: options.youngMb ?? DEFAULT_YOUNG_MB };
  const workers = Array.from({ length: Math.max(1, options.threads ?? defaultThreads(options.engine ?? 'postgres')) }, () => new Worker(entry, { workerData: init, resourceLimits, execArgv }));
  const idle: Worker[] = [...workers];
  const queue: { request: SignRequest; pending: Pending }[] = [];
  const running = new Map<Worker, { request: SignRequest; pending: Pending }>();
  let failure: Error | null = null;
  let nextId = 0;

  const dispatch = () => {
    while (!failure && idle.length && queue.length) {
      const worker = idle.pop()!;
      const task = queue.shift()!;
      running.set(worker, task);
      worker.postMessage(task.request);
    }
  };
  const breakPool = (error: Error) => {
    failure ??= error;
    for (const task of [...running.values(), ...queue]) task.pending.reject(failure);
    running.clear();
    queue.length = 0;
  };
  for (const worker of workers) {
    worker.on('message', (response: SignResponse) => {
      const task = running.get(worker);
      running.delete(worker);
      idle.push(worker);
      if (task) {
        if ('error' in response) task.pending.reject(new Error(`Signing failed in a worker thread: ${response.error}`));
        else task.pending.resolve(response.signed);
      }
      dispatch();
    });
    worker.on('error', (error) => breakPool(error));
    worker.on('exit', (code) => {
      if (code !== 0) breakPool(new Error(`A signing thread stopped (exit code ${code})`));
    });
  }

  const signSlice = (awards: PlannedAward[], created: Date) =>
    new Promise<SignedJson[]>((resolve, reject) => {
      if (failure) return reject(failure);
      queue.push({ request: { id: nextId++, awards, created }, pending: { resolve, reject } });
      dispatch();
    });

  return {
    threads: workers.length,
    async sign(awards, created) {
      const slices: Promise<SignedJson[]>[] = [];
      for (let at = 0; at < awards.length; at += SLICE) slices.push(signSlice(awards.slice(at, at + SLICE), created));
      return (await Promise.all(slices)).flat();
    },
    async close() {
      failure ??= new Error('The signing pool is closed');
      breakPool(failure);
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
