// (c) Verification rate of Blason's `verifyCredential`, one core, on credentials the bulk benchmark
// issued in the same run (Data Integrity and VC-JWT forms), with their issuer's DID document and
// status list served by the document loader (no network), as a verifier that fetched them once.
import fs from 'node:fs';
import { createDocumentLoader, verifyCredential } from '../src/credentials';
import { line, measure, pct, rate, readResults, record, sampleFile } from './lib';

if (!fs.existsSync(sampleFile())) {
  console.log('  no credentials to verify: run the bulk benchmark first (npm run bench runs it before this one)');
  process.exit(0);
}
const sample = JSON.parse(fs.readFileSync(sampleFile(), 'utf8')) as { credentials: { document: object; jwt: string }[]; documents: Record<string, object> };
const documentLoader = createDocumentLoader({ documents: sample.documents });
const { credentials } = sample;

for (const c of credentials.slice(0, 3)) {
  const result = await verifyCredential(c.document, { documentLoader });
  if (!result.valid) throw new Error(`A sample credential does not verify: ${JSON.stringify(result.checks.filter((x) => !x.passed))}`);
}

const ms = Number(process.env.BENCH_VERIFY_MS ?? 8000);
const di = await measure((i) => verifyCredential(credentials[i % credentials.length]!.document, { documentLoader }), { ms, warmup: 20 });
const jwt = await measure((i) => verifyCredential(credentials[i % credentials.length]!.jwt, { documentLoader }), { ms, warmup: 20 });
line('verifyCredential, Data Integrity (eddsa-rdfc-2022), 1 core', rate(di.perSecond), `(${di.count} verifications)`);
line('verifyCredential, VC-JWT (EdDSA), 1 core', rate(jwt.perSecond), `(${jwt.count} verifications)`);
const { rawRateShaped } = readResults() as { rawRateShaped?: number };
if (rawRateShaped) line('  Data Integrity verification ÷ raw signing (same shape)', pct(di.perSecond / rawRateShaped));
record({ verifyRateDi: di.perSecond, verifyRateJwt: jwt.perSecond });
