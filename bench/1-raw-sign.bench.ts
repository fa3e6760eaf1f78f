// (a) The library's raw rate: `@digitalbazaar/vc` `issue` with a DataIntegrityProof (eddsa-rdfc-2022),
// one core, the key imported once, the bundled contexts — the library as it ships: this process
// never loads Blason's loader, hence neither its jsonld.js context sharing
// (src/credentials/jsonld-speed.ts) nor its key-object signer. Blason's own `signDataIntegrity` is
// then measured on the same credential in a child process. Two credentials: a minimal OB 3.0 one (as in
// STACK-NOTES) and one shaped like what a Blason bulk row produces (achievement with levels, result,
// narrative, evidence, status entry, hashed e-mail), since canonicalisation cost grows with size.
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { spawn } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as vc from '@digitalbazaar/vc';
import { buildOpenBadgeCredential } from '../src/credentials/build';
import { bundledContexts } from '../src/credentials/contexts';
import { didKeySigningKey, generateKeyPair } from '../src/credentials/keys';
import { line, measure, pct, rate, record } from './lib';

const signingKey = didKeySigningKey(await generateKeyPair());
const key = { controller: signingKey.controller, signer: (await Ed25519Multikey.from({ type: 'Multikey', ...signingKey })).signer() };
const contextLoader = async (url: string) => {
  const document = bundledContexts.get(url);
  if (!document) throw new Error(`Not a bundled context: ${url}`);
  return { contextUrl: null, documentUrl: url, document };
};
const issuer = { id: key.controller, name: 'Bench' };
const achievement = { id: 'https://example.org/badges/a', name: 'A', description: 'D', criteria: { narrative: 'C' } };

const minimal = buildOpenBadgeCredential({ id: 'urn:uuid:9f5a9e0e-9b8f-4a8e-8c6f-1b2c3d4e5f60', issuer, validFrom: '2025-01-10T00:00:00Z', recipient: { id: 'did:example:ebfeb1f712ebc6f1c276e12ec21' }, achievement });

const base = 'http://localhost:3000';
const blasonShaped = buildOpenBadgeCredential({
  id: `${base}/credentials/abcdefghijkmnpqr`,
  issuer: { id: key.controller, name: 'Région Normandie', url: `${base}/organizations/region-normandie` },
  validFrom: '2025-01-10T00:00:00Z',
  validUntil: '2028-01-10T00:00:00Z',
  awardedDate: '2025-01-10T00:00:00Z',
  recipient: { email: 'p1@example.org' },
  achievement: {
    id: `${base}/badges/b`,
    name: 'Communiquer',
    description: 'Badge régional « La Normandie badge les compétences ».',
    criteria: { id: `${base}/badges/b#criteria`, narrative: 'Montrer, en situation, sa façon de communiquer.' },
    achievementType: 'Competency',
    resultDescription: [
      {
        id: `${base}/badges/b#levels`,
        name: 'Niveau',
        resultType: 'RubricCriterionLevel',
        rubricCriterionLevel: [
          { id: `${base}/badges/b#level-1`, level: 'I', name: 'Je pratique', description: 'Interagir avec autrui de manière adaptée.' },
          { id: `${base}/badges/b#level-2`, level: 'II', name: 'Je maîtrise', description: 'Adapter sa communication.' },
        ],
      },
    ],
  },
  results: [{ resultDescription: `${base}/badges/b#levels`, achievedLevel: `${base}/badges/b#level-2` }],
  narrative: 'Bravo',
  evidence: [{ id: 'https://example.org/p/1' }],
  credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListCredential: `${base}/organizations/region-normandie/status/1`, statusListIndex: 1 },
});

async function issue(credential: typeof minimal): Promise<void> {
  const suite = new DataIntegrityProof({ signer: key.signer, cryptosuite: eddsaRdfc2022, date: new Date() });
  await vc.issue({ credential: structuredClone(credential) as unknown as Record<string, unknown>, suite, documentLoader: contextLoader });
}

const ms = Number(process.env.BENCH_SIGN_MS ?? 8000);
if (process.env.BENCH_RAW_CHILD === 'blason') {
  // Blason's own signing of the same credential (its loader, context sharing and signer).
  const { prepareSigningKey, signDataIntegrity } = await import('../src/credentials');
  const prepared = await prepareSigningKey(signingKey);
  const shaped = await measure(() => signDataIntegrity(blasonShaped, { key: prepared }), { ms, warmup: 30 });
  console.log(JSON.stringify({ perSecond: shaped.perSecond }));
  process.exit(0);
}
if (process.env.BENCH_RAW_CHILD) {
  // One of the processes signing at the same time: prints its own rate.
  const shaped = await measure(() => issue(blasonShaped), { ms, warmup: 30 });
  console.log(JSON.stringify({ perSecond: shaped.perSecond }));
  process.exit(0);
}
const small = await measure(() => issue(minimal), { ms, warmup: 30 });
const shaped = await measure(() => issue(blasonShaped), { ms, warmup: 30 });
line('vc.issue eddsa-rdfc-2022, minimal OB credential, 1 core', rate(small.perSecond), `(${small.count} signatures)`);
line('vc.issue eddsa-rdfc-2022, Blason-shaped credential, 1 core', rate(shaped.perSecond), `(${shaped.count} signatures)`);

// What this machine really gives on all its cores at once: one signing process per core, together.
const cores = os.availableParallelism();
const child = (mode: string) =>
  new Promise<number>((resolve, reject) => {
    const process_ = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], { env: { ...process.env, BENCH_RAW_CHILD: mode }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    process_.stdout.on('data', (d: Buffer) => (out += d.toString()));
    process_.on('exit', (code) => (code === 0 ? resolve((JSON.parse(out.trim().split('\n').at(-1)!) as { perSecond: number }).perSecond) : reject(new Error(`child exited ${code}`))));
  });
const parallel = (await Promise.all(Array.from({ length: cores }, () => child('library')))).reduce((a, b) => a + b, 0);
line(`vc.issue, Blason-shaped, ${cores} processes at once (sum)`, rate(parallel), `(${pct(parallel / (shaped.perSecond * cores))} of 1-core rate × ${cores})`);
const blason = await child('blason');
line('Blason signDataIntegrity, Blason-shaped, 1 core', rate(blason), `(${(blason / shaped.perSecond).toFixed(1)}× the library's raw rate)`);
record({ rawRateMinimal: small.perSecond, rawRateShaped: shaped.perSecond, rawRateShapedAllCores: parallel, blasonSignRateShaped: blason, cores });
