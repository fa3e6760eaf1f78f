// Blason's faster jsonld.js context handling (src/credentials/jsonld-speed.ts) changes no result:
// the same operations on the same documents give the same output — or the same error — as a plain
// jsonld.js in a worker thread. Documents: every JSON credential of the 1EdTech corpus, the spec's
// test vector, Blason's own credentials of every shape, and JSON-LD written to exercise what the
// change touches (type-scoped contexts that do not propagate, property-scoped and embedded
// contexts, protected terms, null contexts, the compaction case of jsonld.js issue #394).
import { Worker } from 'node:worker_threads';
import jsonld from 'jsonld';
import { describe, expect, it } from 'vitest';
import { JSONLD_VERSION_CHECKED, jsonLdSpeedInstalled } from '../../src/credentials';
import { bundledContexts } from '../../src/credentials/contexts';
import { blasonCases, corpusCases, EX, exampleContexts, handWritten, type Case } from '../fixtures/jsonld/documents';
// @ts-expect-error plain JavaScript shared with the worker thread
import { contextsLoader, runAll } from '../fixtures/jsonld/cases.mjs';

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
