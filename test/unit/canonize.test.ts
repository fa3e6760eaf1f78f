// Blason's eddsa-rdfc-2022 canonicalisation (src/credentials/canonize.ts) gives what the
// cryptosuite's own `canonize` gives — the same N-Quads, or an error where it errs — and the same
// bytes to sign, on the 1EdTech corpus, the spec's test vector, Blason's credentials and JSON-LD
// written to exercise scoped contexts and safe mode. (That Blason's jsonld.js gives what a plain
// one gives is jsonld-speed.test.ts.)
import crypto from 'node:crypto';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as libraryCryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { describe, expect, it } from 'vitest';
import { canonize, eddsaRdfc2022Lean, leanPathAvailable, sha256 } from '../../src/credentials/canonize';
import { bundledContexts } from '../../src/credentials/contexts';
import { isRecord, type JsonRecord } from '../../src/credentials/model';
import { blasonCases, corpusCases, EX, exampleContexts, handWritten } from '../fixtures/jsonld/documents';
// @ts-expect-error plain JavaScript shared with the worker thread
import { contextsLoader } from '../fixtures/jsonld/cases.mjs';

const documentLoader = contextsLoader(new Map<string, unknown>([...bundledContexts, ...exampleContexts])) as (url: string) => Promise<unknown>;

/** The N-Quads, or the error's name and code. */
async function outcome(run: () => Promise<string>): Promise<string> {
  try {
    return await run();
  } catch (error) {
    const e = error as { name?: string; details?: { code?: string; event?: { code?: string } } };
    return `error: ${e.name} ${e.details?.code ?? ''} ${e.details?.event?.code ?? ''}`.trim();
  }
}

async function documents(): Promise<Array<{ name: string; input: JsonRecord }>> {
  const cases = [...handWritten, ...corpusCases(), ...(await blasonCases())].filter((c) => c.op === 'canonize' || c.op === 'toRdf');
  const list: Array<{ name: string; input: JsonRecord }> = [
    {
      // A base direction: eddsa-rdfc-2022 writes it as an i18n datatype (`rdfDirection`).
      name: 'a value with a base direction',
      input: {
        '@context': ['https://www.w3.org/ns/credentials/v2', { '@version': 1.1, title: `${EX}title` }],
        id: `${EX}credential`,
        type: ['VerifiableCredential'],
        issuer: `${EX}issuer`,
        title: { '@value': 'شارة التواصل', '@language': 'ar', '@direction': 'rtl' },
        credentialSubject: { id: `${EX}subject` },
      },
    },
  ];
  for (const c of cases) {
    if (!isRecord(c.input)) continue;
    list.push({ name: c.name, input: c.input });
    // What a verifier canonicalises: the document without its proofs, and each proof's configuration.
    const { proof, ...document } = c.input;
    if (proof === undefined) continue;
    list.push({ name: `${c.name}, without its proof`, input: document });
    for (const [i, p] of (Array.isArray(proof) ? proof : [proof]).entries()) {
      if (!isRecord(p)) continue;
      const { proofValue: _value, ...config } = p;
      list.push({ name: `${c.name}, proof configuration ${i}`, input: { '@context': c.input['@context'], ...config } });
    }
  }
  return list;
}

describe('eddsa-rdfc-2022 canonicalisation', () => {
  it('takes its own path on this jsonld.js (the comparison below is not the library against itself)', () => {
    expect(leanPathAvailable).toBe(true);
  });

  it('gives the N-Quads (or the error) the cryptosuite gives, and leaves its input as it was', async () => {
    const list = await documents();
    expect(list.length).toBeGreaterThan(100);
    const differing: string[] = [];
    let errors = 0;
    for (const { name, input } of list) {
      const before = structuredClone(input);
      const ours = await outcome(() => canonize(input, { documentLoader, base: null, safe: true }));
      expect(input, name).toEqual(before);
      const theirs = await outcome(() => libraryCryptosuite.canonize(structuredClone(input), { documentLoader }));
      if (ours !== theirs) differing.push(`${name}:\n  ours   ${ours.slice(0, 300)}\n  theirs ${theirs.slice(0, 300)}`);
      if (ours.startsWith('error:')) errors++;
    }
    expect(differing).toEqual([]);
    // Safe mode's refusals are among them (undefined terms, relative IRIs).
    expect(errors).toBeGreaterThanOrEqual(3);
  });

  it('gives the cryptosuite’s result for options it does not reproduce itself', async () => {
    const input = { '@context': { name: `${EX}name` }, '@id': 'relative', name: 'x' };
    const options = { documentLoader, base: 'https://example.org/base/', safe: false };
    const ours = await canonize(input, options);
    expect(ours).toBe(await libraryCryptosuite.canonize(input, options));
    expect(ours).toContain('<https://example.org/base/relative>');
  });

  it('makes the bytes DataIntegrityProof itself makes to sign and verify', async () => {
    const suite = new DataIntegrityProof({ cryptosuite: libraryCryptosuite });
    const library = suite as unknown as { createVerifyData(args: object): Promise<Uint8Array> };
    const signed = (await blasonCases()).map((c) => c.input).filter((c): c is JsonRecord => isRecord(c) && isRecord(c.proof));
    expect(signed.length).toBeGreaterThan(0);
    for (const credential of signed) {
      const { proof, ...document } = credential as JsonRecord & { proof: JsonRecord };
      const args = { document, proof: { '@context': document['@context'], ...proof }, documentLoader };
      const theirs = await library.createVerifyData({ ...structuredClone({ document: args.document, proof: args.proof }), documentLoader });
      const ours = await eddsaRdfc2022Lean.createVerifyData({ ...args, dataIntegrityProof: suite as never });
      expect(Buffer.from(ours).toString('hex')).toBe(Buffer.from(theirs).toString('hex'));
      expect(ours.length).toBe(64);
    }
  });

  it('hashes with SHA-256', () => {
    expect(sha256('abc').toString('hex')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const text = 'Présenter le dispositif « tutorat » 🎓';
    expect(sha256(text).equals(crypto.createHash('sha256').update(text, 'utf8').digest())).toBe(true);
  });
});
