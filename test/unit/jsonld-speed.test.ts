// Blason's faster jsonld.js context handling (src/credentials/jsonld-speed.ts) changes no result:
// the same operations on the same documents give the same output — or the same error — as a plain
// jsonld.js in a worker thread. Documents: every JSON credential of the 1EdTech corpus, the spec's
// test vector, Blason's own credentials of every shape, and JSON-LD written to exercise what the
// change touches (type-scoped contexts that do not propagate, property-scoped and embedded
// contexts, protected terms, null contexts, the compaction case of jsonld.js issue #394).
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import jsonld from 'jsonld';
import { describe, expect, it } from 'vitest';
import {
  buildOpenBadgeCredential,
  didKeySigningKey,
  generateKeyPair,
  JSONLD_VERSION_CHECKED,
  jsonLdSpeedInstalled,
  prepareSigningKey,
  signDataIntegrity,
} from '../../src/credentials';
import { bundledContexts } from '../../src/credentials/contexts';
import { conformanceDir, corpusDir } from '../fixtures/credentials';
// @ts-expect-error plain JavaScript shared with the worker thread
import { contextsLoader, runAll } from '../fixtures/jsonld/cases.mjs';

type Case = { name: string; op: 'canonize' | 'toRdf' | 'expand' | 'compact'; input: unknown; context?: unknown; options?: Record<string, unknown> };

const EX = 'https://example.org/';
const exampleContexts = new Map<string, unknown>([
  [
    `${EX}ctx/protected`,
    { '@context': { '@version': 1.1, '@protected': true, id: '@id', type: '@type', label: `${EX}label`, Thing: { '@id': `${EX}Thing`, '@context': { label: `${EX}thingLabel` } } } },
  ],
  [`${EX}ctx/imported`, { '@context': { imported: `${EX}imported`, Imported: { '@id': `${EX}Imported`, '@context': { label: `${EX}importedLabel` } } } }],
]);

const scoped = {
  '@version': 1.1,
  '@vocab': `${EX}vocab#`,
  id: '@id',
  type: '@type',
  name: `${EX}name`,
  Person: { '@id': `${EX}Person`, '@context': { name: `${EX}personName`, knows: { '@id': `${EX}knows`, '@type': '@id' }, nick: { '@id': `${EX}nick`, '@language': 'fr' } } },
  Org: { '@id': `${EX}Org`, '@context': { name: `${EX}orgName`, member: `${EX}member`, Person: { '@id': `${EX}OrgPerson`, '@context': { name: `${EX}staffName` } } } },
  Deep: { '@id': `${EX}Deep`, '@context': { '@propagate': true, name: `${EX}deepName` } },
  Reset: { '@id': `${EX}Reset`, '@context': null },
  friend: { '@id': `${EX}friend`, '@context': { name: `${EX}friendName` } },
  friends: { '@id': `${EX}friends`, '@container': '@set', '@context': { name: { '@id': `${EX}friendsName`, '@type': `${EX}Name` } } },
  byType: { '@id': `${EX}byType`, '@container': '@type' },
  byLang: { '@id': `${EX}byLang`, '@container': '@language' },
  inGraph: { '@id': `${EX}inGraph`, '@container': '@graph' },
  nested: '@nest',
  json: { '@id': `${EX}json`, '@type': '@json' },
  parent: { '@reverse': `${EX}child` },
  kind: { '@id': `${EX}kind`, '@type': '@vocab' },
  created: { '@id': `${EX}created`, '@type': 'http://www.w3.org/2001/XMLSchema#dateTime' },
};

const scopedDocument = {
  '@context': scoped,
  id: `${EX}a`,
  type: 'Person',
  name: 'Alice',
  nick: 'Ali',
  knows: `${EX}b`,
  created: '2025-01-10T00:00:00Z',
  kind: 'Org',
  friend: {
    name: 'Bob',
    type: 'Org',
    member: [
      { type: 'Person', name: 'Carol', friend: { name: 'Dan' } },
      { type: ['Deep', 'Person'], name: 'Eve', member: { name: 'Frank', other: { name: 'Gus' } } },
    ],
  },
  friends: [{ name: 'Hal' }, { type: 'Person', name: 'Ida', friends: { name: 'Jo' } }],
  byType: { Person: { name: 'Kim' }, Org: { name: 'Lee' } },
  byLang: { fr: 'bonjour', en: 'hello' },
  inGraph: { type: 'Org', name: 'Mo' },
  nested: { name: 'Ned' },
  json: { any: ['thing', 1, true] },
  parent: { id: `${EX}p`, name: 'Pat' },
  other: { name: 'Quinn', sub: { type: 'Deep', name: 'Ray', more: { name: 'Sam', type: 'Person', again: { name: 'Tom' } } } },
  reset: { type: 'Reset', [`${EX}raw`]: 'kept' },
  embedded: { '@context': { name: `${EX}embeddedName` }, name: 'Una', inner: { type: 'Person', name: 'Val', back: { name: 'Wes' } } },
  '@included': [{ id: `${EX}inc`, type: 'Org', name: 'Xena' }],
};

const handWritten: Case[] = [
  ...(['expand', 'toRdf', 'canonize'] as const).map((op) => ({ name: `scoped contexts, ${op}`, op, input: scopedDocument, options: { safe: false } })),
  // Safe mode refuses it: the null type-scoped context leaves a property undefined.
  { name: 'scoped contexts, canonize in safe mode (an error)', op: 'canonize', input: scopedDocument, options: { safe: true } },
  { name: 'scoped contexts, compact', op: 'compact', input: scopedDocument, context: { '@context': scoped } },
  { name: 'scoped contexts, compact to a smaller context', op: 'compact', input: scopedDocument, context: { '@context': { '@vocab': `${EX}vocab#`, Person: `${EX}Person` } } },
  {
    name: 'a protected term redefined (an error)',
    op: 'expand',
    input: { '@context': [`${EX}ctx/protected`, { label: `${EX}other` }], label: 'x' },
  },
  {
    name: 'a protected context nullified outside a term (an error)',
    op: 'expand',
    input: { '@context': `${EX}ctx/protected`, id: `${EX}n`, [`${EX}more`]: { '@context': null, label: 'x' } },
  },
  { name: 'a protected context, type-scoped terms', op: 'toRdf', input: { '@context': `${EX}ctx/protected`, type: 'Thing', label: 'in', [`${EX}sub`]: { label: 'out' } } },
  { name: '@import', op: 'expand', input: { '@context': { '@version': 1.1, '@import': `${EX}ctx/imported`, imported: `${EX}x` }, type: 'Imported', label: 'y', imported: 'z' } },
  {
    // jsonld.js issue #394: a property-scoped empty context changed the terms compaction chose.
    name: 'compaction with a property-scoped empty context (jsonld.js #394)',
    op: 'compact',
    input: { 'https://www.w3.org/2019/wot/td#hasPropertyAffordance': [{ 'http://purl.org/dc/terms/title': 'Switch' }], 'http://purl.org/dc/terms/title': '46203' },
    context: {
      '@context': {
        td: 'https://www.w3.org/2019/wot/td#',
        dct: 'http://purl.org/dc/terms/',
        properties: { '@id': 'td:hasPropertyAffordance', '@type': '@id', '@container': '@index', '@context': {} },
        title: 'dct:title',
      },
    },
  },
  {
    // A non-propagating property-scoped context is first processed while its term is being defined
    // (to validate it), on a copy of the context under construction: what that gave must not be
    // reused once the context is complete (`later` is defined after `p`).
    name: 'a non-propagating property-scoped context validated before the terms after it',
    op: 'toRdf',
    input: {
      '@context': { '@version': 1.1, p: { '@id': `${EX}p`, '@context': { '@propagate': false, inner: `${EX}inner` } }, later: `${EX}later` },
      '@id': `${EX}s`,
      p: { inner: 'x', later: 'y', [`${EX}nested`]: { later: 'z', inner: 'w' } },
    },
  },
  { name: 'relative IRIs in safe mode (an error)', op: 'canonize', input: { '@context': { name: `${EX}name` }, '@id': 'relative', name: 'x' }, options: { safe: true } },
  { name: 'an undefined term in safe mode (an error)', op: 'canonize', input: { '@context': { name: `${EX}name` }, name: 'x', undefinedTerm: 'y' }, options: { safe: true } },
];

function corpusCases(): Case[] {
  const files = fs.readdirSync(corpusDir).filter((file) => file.endsWith('.json'));
  expect(files.length).toBeGreaterThan(30);
  const vector = JSON.parse(fs.readFileSync(path.join(conformanceDir, 'ob30-eddsa-rdfc-2022-test-vector.json'), 'utf8')) as Record<string, unknown>;
  const fromVector = Object.entries(vector)
    .filter(([, value]) => typeof value === 'object' && value !== null && '@context' in value)
    .map(([key, value]) => ({ name: `test vector: ${key}`, op: 'canonize' as const, input: value, options: { safe: true } }));
  return [
    ...files.map((file) => ({ name: `corpus: ${file}`, op: 'canonize' as const, input: JSON.parse(fs.readFileSync(path.join(corpusDir, file), 'utf8')), options: { safe: true } })),
    ...fromVector,
  ];
}

async function blasonCases(): Promise<Case[]> {
  const key = await prepareSigningKey(didKeySigningKey(await generateKeyPair()));
  const base = 'https://blason.example';
  const achievement = {
    id: `${base}/badges/b`,
    name: 'Communiquer',
    description: 'Badge régional.',
    criteria: { id: `${base}/badges/b#criteria`, narrative: 'Montrer sa façon de communiquer.' },
    achievementType: 'Competency',
    alignment: [{ targetName: 'ESCO', targetUrl: 'http://data.europa.eu/esco/skill/abc', targetType: 'ceasn:Competency' }],
    resultDescription: [
      {
        id: `${base}/badges/b#levels`,
        name: 'Niveau',
        resultType: 'RubricCriterionLevel',
        rubricCriterionLevel: [
          { id: `${base}/badges/b#level-1`, level: 'I', name: 'Je pratique', description: 'x' },
          { id: `${base}/badges/b#level-2`, level: 'II', name: 'Je maîtrise', description: 'y' },
        ],
      },
    ],
  };
  const issuer = { id: key.controller, name: 'Région Normandie', url: `${base}/organizations/region` };
  const shapes = [
    { id: `${base}/credentials/1`, issuer, validFrom: '2025-01-10T00:00:00Z', recipient: { email: 'p1@example.org' }, achievement: { id: `${base}/badges/a`, name: 'A', description: 'D', criteria: { narrative: 'C' } } },
    {
      id: `${base}/credentials/2`,
      issuer,
      validFrom: '2025-01-10T00:00:00Z',
      validUntil: '2028-01-10T00:00:00Z',
      awardedDate: '2025-01-10T00:00:00Z',
      recipient: { email: 'p2@example.org', salt: 's' },
      achievement,
      results: [{ resultDescription: `${base}/badges/b#levels`, achievedLevel: `${base}/badges/b#level-2` }],
      narrative: 'Bravo',
      evidence: [{ id: 'https://example.org/p/1', name: 'Portfolio' }],
      credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListCredential: `${base}/status/1`, statusListIndex: 7 },
    },
    { id: `${base}/credentials/3`, issuer, validFrom: '2025-01-10T00:00:00Z', recipient: { id: 'did:example:org' }, achievement },
  ];
  const signed = await Promise.all(shapes.map((shape) => signDataIntegrity(buildOpenBadgeCredential(shape as never), { key, created: '2025-01-10T00:00:00Z' })));
  return signed.flatMap((credential, i) => [
    { name: `Blason credential ${i + 1}, canonize`, op: 'canonize' as const, input: credential, options: { safe: true } },
    { name: `Blason credential ${i + 1}, expand`, op: 'expand' as const, input: credential },
  ]);
}

function inWorker(cases: Case[], contexts: Map<string, unknown>): Promise<{ patched: boolean; results: string[] }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('../fixtures/jsonld/plain.worker.mjs', import.meta.url), {
      workerData: { cases: cases.map(({ name: _name, ...rest }) => rest), contexts: [...contexts] },
    });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`worker exited ${code}`)));
  });
}

describe('jsonld.js context sharing', () => {
  it('is installed on the jsonld.js version it was checked against', async () => {
    const { version } = (await import('jsonld/package.json', { with: { type: 'json' } })).default;
    expect(version, 'another jsonld.js: check src/credentials/jsonld-speed.ts against it, then update JSONLD_VERSION_CHECKED').toBe(JSONLD_VERSION_CHECKED);
    expect(jsonLdSpeedInstalled()).toBe(true);
  });

  it('gives every result a plain jsonld.js gives, errors included, on cold and warm caches', async () => {
    const cases: Case[] = [...handWritten, ...corpusCases(), ...(await blasonCases())];
    const contexts = new Map<string, unknown>([...bundledContexts, ...exampleContexts]);
    const plain = await inWorker(cases, contexts);
    expect(plain.patched).toBe(false);
    const ours: string[] = await runAll(jsonld, contextsLoader(contexts), cases);
    const names = [...cases, ...cases].map((c) => c.name);
    const differing = names.filter((_, i) => ours[i] !== plain.results[i]);
    expect(differing).toEqual([]);
    expect(ours).toEqual(plain.results);
    // The cases do what they are meant to: outputs, and the errors expected.
    const byName = new Map(names.map((name, i) => [name, ours[i]!]));
    expect(byName.get('a protected term redefined (an error)')).toMatch(/^error: jsonld\.SyntaxError protected term redefinition/);
    expect(byName.get('a protected context nullified outside a term (an error)')).toMatch(/^error: jsonld\.SyntaxError invalid context nullification/);
    expect(byName.get('relative IRIs in safe mode (an error)')).toMatch(/^error: jsonld\.ValidationError/);
    expect(byName.get('scoped contexts, canonize in safe mode (an error)')).toMatch(/^error: jsonld\.ValidationError/);
    // Non-propagating and propagating type-scoped contexts and property-scoped ones as JSON-LD 1.1 says.
    const quads = JSON.parse(byName.get('scoped contexts, canonize')!) as string;
    for (const quad of [`<${EX}friendName> "Dan"`, `<${EX}deepName> "Tom"`, `<${EX}name> "Quinn"`, `<${EX}staffName> "Kim"`, `<${EX}personName> "Ned"`, `<${EX}embeddedName> "Wes"`]) {
      expect(quads).toContain(quad);
    }
    expect(byName.get('compaction with a property-scoped empty context (jsonld.js #394)')).toContain('"title":"46203"');
    const late = JSON.parse(byName.get('a non-propagating property-scoped context validated before the terms after it')!) as string;
    expect(late).toContain(`<${EX}later> "y"`);
    expect(late).toContain(`<${EX}later> "z"`);
    expect(ours.filter((r) => r.startsWith('error:')).length).toBeGreaterThanOrEqual(4);
    expect(ours.filter((r) => !r.startsWith('error:')).length).toBeGreaterThan(cases.length);
  });
});
