// Shared pieces of the benchmarks: the results file that later benchmarks read (ratios are computed
// from figures measured in the same `npm run bench`), a peak-RSS sampler, and number formatting.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export type Results = Record<string, number | string>;

const resultsFile = () => process.env.BENCH_RESULTS ?? path.join(os.tmpdir(), `blason-bench-${process.pid}.json`);

export function readResults(): Results {
  try {
    return JSON.parse(fs.readFileSync(resultsFile(), 'utf8')) as Results;
  } catch {
    return {};
  }
}

export function record(values: Results): void {
  fs.writeFileSync(resultsFile(), JSON.stringify({ ...readResults(), ...values }, null, 2));
}

/** Where a benchmark leaves signed credentials for the verification benchmark. */
export const sampleFile = () => `${resultsFile()}.sample.json`;

/** Rows of the bulk benchmark: BENCH_ROWS="10000,100000" (default) or one number for a quick run. */
export function benchRows(): number[] {
  const raw = process.env.BENCH_ROWS ?? '10000,100000';
  return raw
    .split(',')
    .map((v) => Number(v.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
}

/** Samples process.memoryUsage().rss every 100 ms (worker threads live in the process: included). */
export function rssSampler(): { stop(): number; peak(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  timer.unref();
  return {
    peak: () => Math.max(peak, process.memoryUsage().rss),
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}

export const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
export const rate = (n: number) => `${n.toFixed(n < 100 ? 1 : 0)}/s`;
export const pct = (ratio: number) => `${(ratio * 100).toFixed(0)} %`;

export function line(label: string, value: string, note = ''): void {
  console.log(`  ${label.padEnd(52)} ${value.padStart(12)}${note ? `  ${note}` : ''}`);
}

/** Runs `fn` repeatedly for about `ms` milliseconds (after `warmup` calls); calls per second. */
export async function measure(fn: (i: number) => Promise<unknown>, options: { ms: number; warmup: number; min?: number }): Promise<{ count: number; perSecond: number }> {
  for (let i = 0; i < options.warmup; i++) await fn(i);
  const start = performance.now();
  let count = 0;
  while (performance.now() - start < options.ms || count < (options.min ?? 1)) await fn(count++);
  return { count, perSecond: count / ((performance.now() - start) / 1000) };
}

/**
 * Measures several functions in turns — `rounds` rounds of about `ms / rounds` milliseconds each —
 * so that their ratio holds even when the machine's load changes during the run; calls per second
 * of each, over its own turns only.
 */
export async function measureInTurns<K extends string>(
  fns: Record<K, (i: number) => Promise<unknown>>,
  options: { ms: Record<K, number>; rounds: number; warmup: number },
): Promise<Record<K, { count: number; perSecond: number }>> {
  const names = Object.keys(fns) as K[];
  const totals = Object.fromEntries(names.map((name) => [name, { count: 0, seconds: 0 }])) as Record<K, { count: number; seconds: number }>;
  for (const name of names) for (let i = 0; i < options.warmup; i++) await fns[name](i);
  for (let round = 0; round < options.rounds; round++) {
    for (const name of names) {
      const turn = await measure((i) => fns[name](totals[name].count + i), { ms: options.ms[name] / options.rounds, warmup: 0 });
      totals[name].count += turn.count;
      totals[name].seconds += turn.count / turn.perSecond;
    }
  }
  return Object.fromEntries(names.map((name) => [name, { count: totals[name].count, perSecond: totals[name].count / totals[name].seconds }])) as Record<K, { count: number; perSecond: number }>;
}

/** A scratch PostgreSQL database next to `url`, dropped by `drop()`. */
export async function freshPostgres(url: string, name: string): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
