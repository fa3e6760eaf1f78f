// `npm run bench`: runs bench/*.bench.ts one after the other, each in its own process (so that memory
// figures are its own), sharing one results file so that later benchmarks print ratios against
// figures measured earlier in the same run. Not part of `npm test`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
const results = path.join(os.tmpdir(), `blason-bench-${process.pid}.json`);

console.log(`Blason benchmarks — Node ${process.version}, ${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? '?'}), ${Math.round(os.totalmem() / 1024 ** 3)} GB`);
let failed = 0;
for (const file of files) {
  console.log(`\n▶ ${file}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, file)], { stdio: 'inherit', env: { ...process.env, BENCH_RESULTS: results } });
  if (run.status !== 0) {
    failed++;
    console.log(`  ✗ ${file} exited with ${run.status ?? run.signal}`);
  }
}
console.log(`\nFigures of this run: ${results}`);
fs.rmSync(`${results}.sample.json`, { force: true });
process.exit(failed ? 1 : 0);
