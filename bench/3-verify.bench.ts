// (c) Verification rate, one core. First Blason's `verifyCredential` against DCC's verifier-core on
// the same did:key credentials (signed here, no status entry, so that neither needs the network:
// verifier-core's OB schema fetch fails at once, as offline, and it verifies the rest). Then, on the
// credentials the bulk benchmark issued in this run (did:web, Data Integrity and VC-JWT forms), with
// their issuer's DID document and status list served by the loader, as a verifier that fetched them once.
import fs from 'node:fs';
import { verifyCredential as dccVerify } from '@digitalcredentials/verifier-core';
import {
  buildOpenBadgeCredential,
  createDocumentLoader,
  didKeySigningKey,
  generateKeyPair,
  prepareSigningKey,
  signDataIntegrity,
  verifyCredential,
} from '../src/credentials';
import { line, measure, rate, readResults, record, sampleFile } from './lib';

const ms = Number(process.env.BENCH_VERIFY_MS ?? 8000);

// ——— Blason vs verifier-core on the same did:key credentials ———
const key = await prepareSigningKey(didKeySigningKey(await generateKeyPair()));
const didKeyCredentials = await Promise.all(
  Array.from({ length: 20 }, (_, i) =>
    signDataIntegrity(
      buildOpenBadgeCredential({
        id: `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        issuer: { id: key.controller, name: 'CFA Numérique' },
        validFrom: '2025-01-10T00:00:00Z',
        recipient: { email: `p${i}@example.org`, salt: `salt${i}` },
        achievement: { id: 'https://example.org/badges/tutorat', name: 'Tutorat', description: 'Le CFA organise le tutorat à distance.', criteria: { narrative: 'Présenter le dispositif.' } },
        narrative: 'Tutorat organisé.',
      }),
      { key, created: new Date('2025-01-10T00:00:00Z') },
    ),
  ),
);
const realFetch = globalThis.fetch;
globalThis.fetch = (async (input: RequestInfo | URL) => {
  throw new TypeError(`offline: ${String(input)}`);
}) as typeof fetch;
// verifier-core logs its failed schema fetch on every call (console.log and console.error).
const quiet = { error: console.error, log: console.log };
console.error = () => undefined;
console.log = () => undefined;
const keyLoader = createDocumentLoader();
const dccResult = (await dccVerify({ credential: didKeyCredentials[0] as never, knownDIDRegistries: [] })) as { errors?: unknown[]; log?: { id: string; valid: boolean }[] };
if (dccResult.errors || !dccResult.log?.find((l) => l.id === 'valid_signature')?.valid) throw new Error(`verifier-core does not accept the sample: ${JSON.stringify(dccResult)}`);
if (!(await verifyCredential(didKeyCredentials[0], { documentLoader: keyLoader })).valid) throw new Error('Blason does not accept the sample');
const dccMs = Number(process.env.BENCH_DCC_MS ?? 6000);
const blasonKey = await measure((i) => verifyCredential(didKeyCredentials[i % didKeyCredentials.length], { documentLoader: keyLoader }), { ms, warmup: 20 });
const dccOffline = await measure((i) => dccVerify({ credential: didKeyCredentials[i % didKeyCredentials.length] as never, knownDIDRegistries: [] }), { ms: dccMs, warmup: 3, min: 5 });
// As it really runs: its fetch of the OB JSON schema goes out on every call (here, with no internet,
// it fails after name resolution; online it waits for the download).
globalThis.fetch = realFetch;
const dccAsRun = await measure((i) => dccVerify({ credential: didKeyCredentials[i % didKeyCredentials.length] as never, knownDIDRegistries: [] }), { ms: dccMs, warmup: 1, min: 5 });
console.error = quiet.error;
console.log = quiet.log;
line('Blason verifyCredential, did:key, 1 core', rate(blasonKey.perSecond), `(${blasonKey.count} verifications)`);
line('verifier-core, same credentials, as it runs', rate(dccAsRun.perSecond), `(${dccAsRun.count}; fetches the OB schema on every call)`);
line('verifier-core, its fetches failing at once', rate(dccOffline.perSecond), `(${dccOffline.count}; the cryptography alone)`);
const ratio = blasonKey.perSecond / dccAsRun.perSecond;
line('  Blason ÷ verifier-core as it runs', `${ratio.toFixed(1)}×`, ratio >= 10 ? 'target ≥ 10×: met' : 'target ≥ 10×: NOT met');
line('  Blason ÷ verifier-core without its network', `${(blasonKey.perSecond / dccOffline.perSecond).toFixed(1)}×`, '(same RDFC canonicalisation cost)');
record({ verifyRateDidKey: blasonKey.perSecond, verifyRateVerifierCore: dccAsRun.perSecond, verifyRateVerifierCoreNoNetwork: dccOffline.perSecond });

// ——— did:web credentials of the bulk benchmark ———
if (!fs.existsSync(sampleFile())) {
  console.log('  no bulk credentials to verify: run the bulk benchmark first (npm run bench runs it before this one)');
  process.exit(0);
}
const sample = JSON.parse(fs.readFileSync(sampleFile(), 'utf8')) as { credentials: { document: object; jwt: string }[]; documents: Record<string, object> };
const documentLoader = createDocumentLoader({ documents: sample.documents });
const { credentials } = sample;

for (const c of credentials.slice(0, 3)) {
  const result = await verifyCredential(c.document, { documentLoader });
  if (!result.valid) throw new Error(`A sample credential does not verify: ${JSON.stringify(result.checks.filter((x) => !x.passed))}`);
}

const di = await measure((i) => verifyCredential(credentials[i % credentials.length]!.document, { documentLoader }), { ms, warmup: 20 });
const jwt = await measure((i) => verifyCredential(credentials[i % credentials.length]!.jwt, { documentLoader }), { ms, warmup: 20 });
line('verifyCredential, Data Integrity (eddsa-rdfc-2022), 1 core', rate(di.perSecond), `(${di.count} verifications, did:web + status list)`);
line('verifyCredential, VC-JWT (EdDSA), 1 core', rate(jwt.perSecond), `(${jwt.count} verifications)`);
const { rawRateShaped } = readResults() as { rawRateShaped?: number };
if (rawRateShaped) line('  Data Integrity verification ÷ raw signing (same shape)', `${((di.perSecond / rawRateShaped) * 100).toFixed(0)} %`);
record({ verifyRateDi: di.perSecond, verifyRateJwt: jwt.perSecond });
