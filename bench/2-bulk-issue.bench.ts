// (b) Blason's bulk issue, end to end: a CSV file on disk → preview (parsed, validated, stored rows)
// → issued (signed in worker threads, stored with claim-mail jobs) — for BENCH_ROWS rows (default
// 10,000 and 100,000), on PGlite in a temporary data folder, and on PostgreSQL when
// BENCH_DATABASE_URL is set. Prints the rate, its ratio to the raw signing rate times the threads
// used (target ≥ 80 %), and the peak RSS of the process, worker threads included (target < 400 MB
// at 100,000 rows). Leaves a sample of the credentials for the verification benchmark.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { localStatusDocument } from '../src/awards/revocation.service';
import { createBadgeFromCli, getBadge } from '../src/badges/badges.service';
import { issueBatchNow, uploadCsvFromCli } from '../src/bulk/bulk.service';
import { DEFAULT_HEAP_MB, DEFAULT_YOUNG_MB, defaultThreads } from '../src/bulk/sign-pool';
import { createUser } from '../src/accounts/accounts.service';
import { loadConfig } from '../src/config';
import { organizationDid, organizationDidDocument } from '../src/issuers/issuers.service';
import { createOrganizationForOwnerEmail } from '../src/organizations/organizations.service';
import { openPlatform } from '../src/platform/runtime';
import { freshPostgres, benchRows, line, mb, pct, rate, readResults, record, rssSampler, sampleFile } from './lib';

const badgeBody = {
  name: 'Communiquer',
  description: 'Badge régional « La Normandie badge les compétences ».',
  criteria: { narrative: 'Montrer, en situation, sa façon de communiquer.' },
  achievementType: 'Competency',
  resultDescription: [
    {
      name: 'Niveau',
      resultType: 'RubricCriterionLevel',
      rubricCriterionLevel: [
        { level: 'I', name: 'Je pratique', description: 'Interagir avec autrui de manière adaptée.' },
        { level: 'II', name: 'Je maîtrise', description: 'Adapter sa communication.' },
      ],
    },
  ],
  blason: { validity: { years: 3 }, status: 'published' },
};

function writeCsv(file: string, rows: number): void {
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, 'email;nom;récit;preuve;niveau;date\n');
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    chunk += `personne${i}@example.org;Personne ${i};Anime les réunions de l’équipe;https://example.org/portfolio/${i};${i % 2 ? 'II' : 'I'};10/01/2025\n`;
    if (chunk.length > 1 << 20) {
      fs.writeSync(fd, chunk);
      chunk = '';
    }
  }
  fs.writeSync(fd, chunk);
  fs.closeSync(fd);
}


async function runOnce(engine: 'pglite' | 'postgres', rows: number, keepSample: boolean): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'blason-bench-'));
  const pgdb = engine === 'postgres' ? await freshPostgres(process.env.BENCH_DATABASE_URL!, `blason_bench_${process.pid}`) : undefined;
  const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'warn', BASE_URL: 'http://localhost:3000', ...(pgdb ? { DATABASE_URL: pgdb.url } : {}) });
  const platform = await openPlatform(config);
  if (process.env.BENCH_DEBUG) console.log(`    platform open, rss ${mb(process.memoryUsage().rss)}`);
  const { deps } = platform;
  try {
    await createUser(deps, { email: 'owner@bench.example', password: 'correct horse battery', verified: true });
    const { slug } = await createOrganizationForOwnerEmail(deps, { name: 'Région Normandie', ownerEmail: 'owner@bench.example' });
    const badge = await createBadgeFromCli(deps, { slug, body: badgeBody });
    const file = path.join(dir, 'awards.csv');
    writeCsv(file, rows);
    const threads = process.env.BENCH_THREADS ? Number(process.env.BENCH_THREADS) : defaultThreads(engine);

    const baseline = process.memoryUsage().rss;
    const rss = rssSampler();
    const t0 = performance.now();
    const { preview, actor } = await uploadCsvFromCli(deps, { badge: badge.publicId, file: { bytes: fs.readFileSync(file), name: 'awards.csv' } });
    const t1 = performance.now();
    const debug = process.env.BENCH_DEBUG ? (what: string) => console.log(`    ${what} at ${((performance.now() - t0) / 1000).toFixed(1)} s, rss ${mb(process.memoryUsage().rss)}, main heap ${mb(process.memoryUsage().heapUsed)}/${mb(process.memoryUsage().heapTotal)}, external ${mb(process.memoryUsage().external)}`) : undefined;
    debug?.("preview done");
    const heap = {
      ...(process.env.BENCH_THREAD_HEAP_MB ? { threadHeapMb: Number(process.env.BENCH_THREAD_HEAP_MB) } : {}),
      ...(process.env.BENCH_THREAD_YOUNG_MB ? { threadYoungMb: Number(process.env.BENCH_THREAD_YOUNG_MB) } : {}),
    };
    const done = await issueBatchNow(deps, actor, preview.batch.publicId, { threads, ...heap, ...(debug ? { onProgress: (p: { done: number }) => debug(`${p.done} issued`) } : {}) });
    const t2 = performance.now();
    const peak = rss.stop();
    if (done.status !== 'done' || done.progress.done !== rows) throw new Error(`Batch ended ${done.status} with ${done.progress.done}/${rows}`);
    const stored = await deps.db.selectFrom('credentials').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    if (Number(stored.n) !== rows) throw new Error(`${stored.n} credentials stored for ${rows} rows`);

    const total = (t2 - t0) / 1000;
    const endToEnd = rows / total;
    const { rawRateMinimal, rawRateShaped, rawRateShapedAllCores } = readResults() as { rawRateMinimal?: number; rawRateShaped?: number; rawRateShapedAllCores?: number };
    const label = `${engine}, ${rows.toLocaleString('en')} rows, ${threads} threads${process.env.BENCH_THREAD_HEAP_MB || process.env.BENCH_THREAD_YOUNG_MB ? ` (thread heap ${process.env.BENCH_THREAD_HEAP_MB ?? DEFAULT_HEAP_MB} MB, young ${process.env.BENCH_THREAD_YOUNG_MB ?? DEFAULT_YOUNG_MB} MB)` : ''}`;
    line(`bulk issue ${label}`, rate(endToEnd), `(${total.toFixed(1)} s: preview ${((t1 - t0) / 1000).toFixed(1)} s, issue ${((t2 - t1) / 1000).toFixed(1)} s)`);
    if (rawRateShaped) line('  ÷ (raw rate, Blason-shaped credential × threads)', pct(endToEnd / (rawRateShaped * threads)), `target ≥ 80 %  ${endToEnd / (rawRateShaped * threads) >= 0.8 ? '✓' : '✗'}`);
    if (rawRateMinimal) line('  ÷ (raw rate, minimal credential × threads)', pct(endToEnd / (rawRateMinimal * threads)), `target ≥ 80 %  ${endToEnd / (rawRateMinimal * threads) >= 0.8 ? '✓' : '✗'}`);
    if (rawRateShapedAllCores) line('  ÷ (raw rate, Blason-shaped, measured on all cores at once)', pct(endToEnd / rawRateShapedAllCores), '(what this machine gives in parallel)');
    line('  peak RSS (process, worker threads included)', mb(peak), rows >= 100_000 ? `target < 400 MB  ${peak < 400 * 1024 * 1024 ? '✓' : '✗'}` : '');
    line('  RSS with the platform open, before the upload', mb(baseline), engine === 'pglite' ? '(PGlite runs in this process)' : '');
    line('  peak RSS added by the bulk run', mb(peak - baseline));
    record({ [`bulk.${engine}.${rows}.rate`]: endToEnd, [`bulk.${engine}.${rows}.peakRssMb`]: Math.round(peak / 1024 / 1024), [`bulk.${engine}.${rows}.baselineRssMb`]: Math.round(baseline / 1024 / 1024), [`bulk.${engine}.${rows}.threads`]: threads });

    if (keepSample) {
      const sample = await deps.db.selectFrom('credentials').select(['document', 'jwt']).orderBy('id').limit(1000).execute();
      const org = (await getBadge(deps, null, badge.publicId)).organizationSlug;
      const statusUrl = (sample[0]!.document as { credentialStatus: { statusListCredential: string } }).credentialStatus.statusListCredential;
      const documents: Record<string, unknown> = {
        [organizationDid(config.baseUrl, org)]: await organizationDidDocument(deps, org),
        [statusUrl]: await localStatusDocument(deps, statusUrl),
      };
      fs.writeFileSync(sampleFile(), JSON.stringify({ credentials: sample.map((s) => ({ document: s.document, jwt: s.jwt })), documents }));
    }
  } finally {
    await platform.close();
    await pgdb?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Each case runs in its own process, so that its peak RSS is its own.
const one = /^(pglite|postgres):(\d+):(sample)?$/.exec(process.env.BENCH_ONE ?? '');
if (one) {
  await runOnce(one[1] as 'pglite' | 'postgres', Number(one[2]), one[3] === 'sample');
} else {
  const engines = process.env.BENCH_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
  let first = true;
  let failed = false;
  for (const engine of engines) {
    for (const rows of benchRows()) {
      const env = { ...process.env, BENCH_ONE: `${engine}:${rows}:${first ? 'sample' : ''}` };
      const run = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], { stdio: 'inherit', env });
      if (run.status !== 0) failed = true;
      first = false;
    }
  }
  if (failed) process.exit(1);
}
