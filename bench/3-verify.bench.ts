// (c) Verification rate, one core. First Blason's `verifyCredential` against DCC's verifier-core on
// the same did:key credentials, signed here (no status entry, so that neither needs a status list).
// Then, on the credentials the bulk benchmark issued in this run (did:web, Data Integrity and VC-JWT
// forms), with their issuer's DID document and status list served by the loader, as a verifier that
// fetched them once.
//
// verifier-core runs its own copy of jsonld.js (@digitalcredentials/jsonld), untouched by Blason's
// context sharing (src/credentials/jsonld-speed.ts): it is measured as it ships.
// verifier-core resolves did:key from the key and has its contexts bundled, but on every call it
// checks the credential against the 1EdTech OB 3.0 JSON schema, which it fetches (global `fetch`)
// until one download succeeds; the compiled schema is then kept for the process. So it is measured
// three ways: as it runs on this machine (with no internet, the schema fetch fails at name
// resolution on every call: the network-bound figure); with its fetches failing at once (the
// cryptography and its own work alone); and with the schema URL answered at once by a small stand-in
// schema (what it does online once it has downloaded and cached the real one; validating against the
// real, larger schema costs somewhat more, not measured here since it cannot be fetched). verifier-core
// reads no VC-JWT: that form is measured for Blason only.
import fs from 'node:fs';
import { verifyCredential as dccVerify } from '@digitalcredentials/verifier-core';
import {
  buildOpenBadgeCredential,
  createDocumentLoader,
  didKeySigningKey,
  generateKeyPair,
  prepareSigningKey,
  signDataIntegrity,
  signJwt,
  verifyCredential,
} from '../src/credentials';
import { ed25519Implementation } from '../src/credentials/ed25519';
import { line, measure, measureInTurns, rate, readResults, record, sampleFile } from './lib';

const ms = Number(process.env.BENCH_VERIFY_MS ?? 8000);
const dccMs = Number(process.env.BENCH_DCC_MS ?? 6000);

// ——— Blason vs verifier-core on the same did:key credentials ———
const key = await prepareSigningKey(didKeySigningKey(await generateKeyPair()));
const base = 'http://localhost:3000';
const unsignedKeyCredentials = Array.from({ length: 36 }, (_, i) =>
  buildOpenBadgeCredential({
    id: `${base}/credentials/didkey${String(i).padStart(8, '0')}`,
    issuer: { id: key.controller, name: 'CFA Numérique', url: `${base}/organizations/cfa-numerique` },
    validFrom: '2025-01-10T00:00:00Z',
    awardedDate: '2025-01-10T00:00:00Z',
    recipient: { email: `p${i}@example.org`, salt: `salt${i}` },
    achievement: {
      id: `${base}/badges/tutorat`,
      name: 'Tutorat',
      description: 'Le CFA accompagne ses apprentis par un tutorat en ligne.',
      criteria: { id: `${base}/badges/tutorat#criteria`, narrative: 'Présenter le dispositif de tutorat au comité.' },
    },
    narrative: `Tutorat organisé pour la promotion ${i}.`,
  }),
);
const created = new Date('2025-01-10T00:00:00Z');
const didKeyCredentials = await Promise.all(unsignedKeyCredentials.map((c) => signDataIntegrity(c, { key, created })));
const didKeyJwts = await Promise.all(unsignedKeyCredentials.map((c) => signJwt(c, { key })));
const pick = <T>(list: T[], i: number): T => list[i % list.length]!;

type DccResult = { errors?: unknown[]; log?: { id: string; valid?: boolean }[]; additionalInformation?: { results: unknown }[] };
const dccAccepts = (r: DccResult) => !r.errors && r.log?.find((l) => l.id === 'valid_signature')?.valid === true;
/** Whether verifier-core's last answer carries a schema check result (the schema could be fetched). */
let schemaChecked = false;
/** One verifier-core verification; every measured one must accept the credential. */
const dcc = async (i: number): Promise<DccResult> => {
  const result = (await dccVerify({ credential: pick(didKeyCredentials, i) as never, knownDIDRegistries: [] })) as DccResult;
  if (!dccAccepts(result)) throw new Error(`verifier-core does not accept a did:key credential: ${JSON.stringify(result)}`);
  schemaChecked = Array.isArray(result.additionalInformation?.[0]?.results);
  return result;
};
/** One Blason verification; every measured one must be valid. */
const blason = async (form: Record<string, unknown> | string): Promise<void> => {
  const result = await verifyCredential(form, { documentLoader: keyLoader });
  if (!result.valid) throw new Error(`Blason does not accept a did:key credential: ${JSON.stringify(result.checks.filter((x) => !x.passed))}`);
};
const realFetch = globalThis.fetch;
const offline = (async (input: RequestInfo | URL) => {
  throw new TypeError(`fetch failed: no network (${String(input)})`);
}) as typeof fetch;
// A stand-in for the OB JSON schema: any valid schema with the URL as its $id, answered at once.
let schemaFetches = 0;
const schemaServed = (async (input: RequestInfo | URL) => {
  schemaFetches++;
  const url = String(input);
  if (!url.startsWith('https://purl.imsglobal.org/spec/ob/v3p0/schema/')) throw new TypeError(`fetch failed: no network (${url})`);
  return Response.json({ $schema: 'https://json-schema.org/draft/2019-09/schema', $id: url, type: 'object', required: ['@context', 'type', 'issuer', 'credentialSubject'] });
}) as typeof fetch;

const keyLoader = createDocumentLoader();
// verifier-core logs its failed schema fetch on every call (console.log and console.error).
const quiet = { error: console.error, log: console.log };
console.error = () => undefined;
console.log = () => undefined;
let dccOffline, dccAsRun, inTurns;
let asRunNote = '';
try {
  // In this order: once verifier-core has a schema it keeps it for the process.
  // As it runs: the machine's own fetch (here, with no internet, it fails after name resolution).
  dccAsRun = await measure(dcc, { ms: dccMs, warmup: 1, min: 5 });
  asRunNote = schemaChecked ? 'the OB schema downloaded once, then cached' : 'no internet: its schema fetch fails on every call';
  globalThis.fetch = offline;
  dccOffline = await measure(dcc, { ms: dccMs, warmup: 3, min: 5 });
  // Then Blason and verifier-core with its schema cached, in turns (the ratio that matters most,
  // measured so that a change of the machine's load during the run weighs on both alike).
  globalThis.fetch = schemaServed;
  inTurns = await measureInTurns(
    { blason: (i: number) => blason(pick(didKeyCredentials, i)), dcc },
    { ms: { blason: ms, dcc: dccMs }, rounds: 6, warmup: 20 },
  );
  if (!schemaChecked) throw new Error('verifier-core did not use the schema it was served');
} finally {
  globalThis.fetch = realFetch;
  console.error = quiet.error;
  console.log = quiet.log;
}
const blasonKey = inTurns.blason;
const dccCached = inTurns.dcc;
const blasonKeyJwt = await measure((i) => blason(pick(didKeyJwts, i)), { ms, warmup: 20 });
const verdict = (ratio: number) => (ratio >= 10 ? 'target ≥ 10×: met' : 'target ≥ 10×: NOT met');
line(`Blason verifyCredential, did:key, Data Integrity, 1 core`, rate(blasonKey.perSecond), `(${blasonKey.count} verifications of ${didKeyCredentials.length} credentials; Ed25519 by ${ed25519Implementation})`);
line(`Blason verifyCredential, did:key, VC-JWT, 1 core`, rate(blasonKeyJwt.perSecond), `(${blasonKeyJwt.count}; verifier-core reads no VC-JWT)`);
line('verifier-core, same credentials, as it runs here', rate(dccAsRun.perSecond), `(${dccAsRun.count}; ${asRunNote})`);
line('verifier-core, its fetches failing at once', rate(dccOffline.perSecond), `(${dccOffline.count}; schema not checked unless cached above)`);
line('verifier-core, schema answered and cached', rate(dccCached.perSecond), `(${dccCached.count}; ${schemaFetches} schema fetch(es), as online after its first download; in turns with Blason)`);
const ratioAsRun = blasonKey.perSecond / dccAsRun.perSecond;
const ratioOffline = blasonKey.perSecond / dccOffline.perSecond;
const ratioCached = blasonKey.perSecond / dccCached.perSecond;
line('  Blason ÷ verifier-core as it runs here', `${ratioAsRun.toFixed(1)}×`, verdict(ratioAsRun));
line('  Blason ÷ verifier-core, fetches failing at once', `${ratioOffline.toFixed(1)}×`, verdict(ratioOffline));
line('  Blason ÷ verifier-core, schema cached', `${ratioCached.toFixed(1)}×`, `${verdict(ratioCached)} (both canonicalise with jsonld.js)`);
record({
  verifyRateDidKey: blasonKey.perSecond,
  verifyRateDidKeyJwt: blasonKeyJwt.perSecond,
  verifyRateVerifierCore: dccAsRun.perSecond,
  verifyRateVerifierCoreNoNetwork: dccOffline.perSecond,
  verifyRateVerifierCoreSchemaCached: dccCached.perSecond,
  verifyRatioVerifierCore: ratioAsRun,
  verifyRatioVerifierCoreNoNetwork: ratioOffline,
  verifyRatioVerifierCoreSchemaCached: ratioCached,
});

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

// Blason and verifier-core on these awards, in turns. verifier-core resolves did:web and reads
// status lists over HTTP (global `fetch`): the issuer's DID document, the status list and the schema
// stand-in are answered at once from memory, as for a verifier with a fast network. It keeps DID
// documents (its resolver caches them) but fetches and verifies the status list again for every
// credential, as it does online; Blason keeps a list it has verified (by its exact content).
const didWebUrl = (did: string) => {
  const parts = did.slice('did:web:'.length).split(':').map(decodeURIComponent);
  return `https://${parts.join('/')}${parts.length === 1 ? '/.well-known' : ''}/did.json`;
};
const served = new Map<string, object>(Object.entries(sample.documents).map(([url, document]) => [url.startsWith('did:web:') ? didWebUrl(url) : url, document]));
const documentsServed = (async (input: RequestInfo | URL) => {
  const url = String(input instanceof Request ? input.url : input);
  const document = served.get(url);
  if (document) return Response.json(document);
  return schemaServed(input);
}) as typeof fetch;
type DccLog = { id: string; valid?: boolean };
let dccStatusChecked = false;
const dccAward = async (i: number): Promise<void> => {
  const result = (await dccVerify({ credential: credentials[i % credentials.length]!.document as never, knownDIDRegistries: [] })) as DccResult & { log?: DccLog[] };
  if (!dccAccepts(result)) throw new Error(`verifier-core does not accept a Blason award: ${JSON.stringify(result.errors ?? result.log)}`);
  dccStatusChecked = result.log?.some((l) => l.id === 'revocation_status' && l.valid === true) ?? false;
};
const blasonAward = async (i: number): Promise<void> => {
  const result = await verifyCredential(credentials[i % credentials.length]!.document, { documentLoader });
  if (!result.valid) throw new Error(`Blason does not accept a Blason award: ${JSON.stringify(result.checks.filter((x) => !x.passed))}`);
};
console.error = () => undefined;
console.log = () => undefined;
let awardsInTurns;
try {
  globalThis.fetch = documentsServed;
  awardsInTurns = await measureInTurns({ blason: blasonAward, dcc: dccAward }, { ms: { blason: ms, dcc: dccMs }, rounds: 6, warmup: 20 });
} finally {
  globalThis.fetch = realFetch;
  console.error = quiet.error;
  console.log = quiet.log;
}
const awardRatio = awardsInTurns.blason.perSecond / awardsInTurns.dcc.perSecond;
line('Blason verifyCredential, Blason awards (did:web, status list)', rate(awardsInTurns.blason.perSecond), `(${awardsInTurns.blason.count} verifications of ${credentials.length} credentials; in turns with verifier-core)`);
line('verifier-core, same awards, documents answered at once', rate(awardsInTurns.dcc.perSecond), `(${awardsInTurns.dcc.count}; status list ${dccStatusChecked ? 'fetched and verified each time' : 'NOT checked'})`);
line('  Blason ÷ verifier-core, Blason awards', `${awardRatio.toFixed(1)}×`, verdict(awardRatio));
record({ verifyRateAwards: awardsInTurns.blason.perSecond, verifyRateAwardsVerifierCore: awardsInTurns.dcc.perSecond, verifyRatioAwardsVerifierCore: awardRatio });

const di = await measure((i) => verifyCredential(credentials[i % credentials.length]!.document, { documentLoader }), { ms, warmup: 20 });
const jwt = await measure((i) => verifyCredential(credentials[i % credentials.length]!.jwt, { documentLoader }), { ms, warmup: 20 });
line('verifyCredential, Data Integrity (eddsa-rdfc-2022), 1 core', rate(di.perSecond), `(${di.count} verifications, did:web + status list)`);
line('verifyCredential, VC-JWT (EdDSA), 1 core', rate(jwt.perSecond), `(${jwt.count} verifications)`);
const { rawRateShaped } = readResults() as { rawRateShaped?: number };
if (rawRateShaped) line('  Data Integrity verification ÷ raw signing (same shape)', `${((di.perSecond / rawRateShaped) * 100).toFixed(0)} %`);
record({ verifyRateDi: di.perSecond, verifyRateJwt: jwt.perSecond });
