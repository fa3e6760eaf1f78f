// The RDF canonicalisation of eddsa-rdfc-2022 (RDFC-1.0 over jsonld.js's RDF conversion), for
// signing and verifying, with the same result as the cryptosuite's own `canonize` and less around it.
//
// The cryptosuite's `canonize` goes through jsonld.js's public `toRDF`, which for each document:
//  - deep-copies the whole input before expanding it (it never changes it: the expansion builds new
//    objects);
//  - sets its options up twice (`toRDF`, then `expand`), each time with a new context resolver and
//    event handler;
// and rdf-canonize hashes every blank node with a streaming `createHash` object, ~3 µs more per hash
// than Node's one-shot `crypto.hash` on these few short lines.
// Here the same steps are taken directly: jsonld.js's own expansion and RDF conversion (the modules
// its `toRDF` calls), its safe mode (the same event handler), with an options object holding only
// what they read (jsonld.js copies it at every typed node and every context it applies), then
// rdf-canonize's RDFC-1.0 with a one-shot digest (its `createMessageDigest` option); the data to
// sign is hashed the same way (the cryptosuite's `createVerifyData`). Measured on a minimal award,
// one core: a credential's canonicalisation ~15 % faster, a proof configuration's ~40 % (its cost
// was mostly the set-up), a whole verification ~20 %. Equivalence with the cryptosuite's `canonize` is tested on the 1EdTech corpus, the
// spec's test vector and Blason's credentials (test/unit/canonize.test.ts). It applies to jsonld
// 9.0.0 only (the version jsonld-speed.ts checks); otherwise the cryptosuite's `canonize` is used.
import crypto from 'node:crypto';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import jsonldContext from 'jsonld/lib/context.js';
import ContextResolver from 'jsonld/lib/ContextResolver.js';
import jsonldEvents from 'jsonld/lib/events.js';
import jsonldExpand from 'jsonld/lib/expand.js';
import jsonldToRdf from 'jsonld/lib/toRdf.js';
import * as rdfCanonize from 'rdf-canonize';
import { jsonLdSpeedInstalled } from './jsonld-speed';
import { isRecord, keepAtMost } from './model';

/** The cryptosuite's options: `documentLoader`, and `base: null`, `safe: true`, `skipExpansion: false`. */
export type CanonizeOptions = Record<string, unknown>;

// What jsonld.js keeps across operations: resolved contexts under their URL (or JSON text for an
// inline context), as its own shared cache does — least recently used out first. Bounded in count
// and in size: inline contexts come from the documents verified, so a context whose text is longer
// than 64 KB is resolved again each time rather than kept.
const RESOLVED_KEPT = 200;
const RESOLVED_KEY_MAX = 64 * 1024;
const resolvedContexts = new Map<string, unknown>();
const sharedCache = {
  get(key: string): unknown {
    const value = resolvedContexts.get(key);
    if (value !== undefined) keepAtMost(resolvedContexts, key, value, RESOLVED_KEPT);
    return value;
  },
  set(key: string, value: unknown): void {
    if (key.length <= RESOLVED_KEY_MAX) keepAtMost(resolvedContexts, key, value, RESOLVED_KEPT);
  },
};

const initialContext = (options: Record<string, unknown>) => (jsonldContext.getInitialContext as (options: Record<string, unknown>) => unknown)(options);

/**
 * SHA-256 of a text in one call: Node's one-shot `crypto.hash` (Node ≥ 20.12) costs a few µs less
 * than a `createHash` object, which counts at three to five hashes per credential.
 */
export function sha256(text: string): Buffer {
  return oneShotHash ? oneShotHash('sha256', text, 'buffer') : crypto.createHash('sha256').update(text).digest();
}
const oneShotHash = (crypto as { hash?: (algorithm: string, data: string, encoding: 'buffer') => Buffer }).hash;

/** rdf-canonize's message digest, hashing once at the end (the lines it is given are short and few). */
class OneShotSha256 {
  private text = '';
  update(message: string): void {
    this.text += message;
  }
  digest(): string {
    return sha256(this.text).toString('hex');
  }
}
const createMessageDigest = () => new OneShotSha256();

/** The options the cryptosuite gives (and the ones it sets itself) that this path reproduces. */
function isPlainCall(options: CanonizeOptions): boolean {
  for (const key in options) {
    const value = options[key];
    if (key === 'documentLoader' || (key === 'base' && value === null) || (key === 'safe' && value === true) || (key === 'skipExpansion' && value === false)) continue;
    return false;
  }
  return true;
}

/** The functions this path calls exist (jsonld.js is the version checked). */
export const leanPathAvailable: boolean =
  jsonLdSpeedInstalled() &&
  typeof jsonldContext.getInitialContext === 'function' &&
  typeof jsonldExpand.expand === 'function' &&
  typeof jsonldToRdf.toRDF === 'function' &&
  typeof jsonldEvents.setupEventHandler === 'function';

/** Canonical N-Quads of a JSON-LD document (RDFC-1.0, safe mode, `rdfDirection: i18n-datatype`). */
export async function canonize(input: unknown, options: CanonizeOptions): Promise<string> {
  if (!leanPathAvailable || !isRecord(input) || !isPlainCall(options)) return eddsaRdfc2022.canonize(input, options);
  // Only what the expansion and the RDF conversion read: jsonld.js copies its options object at
  // every typed node and every context it applies, so each key costs (safe mode is the event
  // handler; `keepFreeFloatingNodes` and `produceGeneralizedRdf` are false when absent).
  const jsonldOptions: Record<string, unknown> = {
    documentLoader: options.documentLoader,
    base: null,
    rdfDirection: 'i18n-datatype',
    contextResolver: new (ContextResolver as new (options: { sharedCache: unknown }) => unknown)({ sharedCache }),
    eventHandler: jsonldEvents.setupEventHandler({ options: SAFE_MODE }),
  };
  // As jsonld.js's `expand` and `toRDF` do, minus the copy of the input.
  const activeCtx = initialContext(jsonldOptions);
  let expanded = await jsonldExpand.expand({ activeCtx, element: input, options: jsonldOptions });
  if (isRecord(expanded) && '@graph' in expanded && Object.keys(expanded).length === 1) expanded = expanded['@graph'];
  else if (expanded === null) expanded = [];
  const dataset = jsonldToRdf.toRDF(Array.isArray(expanded) ? expanded : [expanded], jsonldOptions);
  return rdfCanonize.canonize(dataset, { algorithm: 'RDFC-1.0', createMessageDigest });
}
const SAFE_MODE = Object.freeze({ safe: true });

interface VerifyDataArgs {
  document: DiJson;
  proof: DiJson;
  documentLoader: CanonizeOptions['documentLoader'];
  dataIntegrityProof: { canonizeProof(proof: DiJson, options: { document: DiJson; documentLoader: unknown }): Promise<string> };
}

/**
 * The data signed: SHA-256 of the canonical proof configuration, then of the canonical document
 * (DataIntegrityProof's own `createVerifyData`, with the one-shot hash). The proof configuration is
 * made by DataIntegrityProof itself (`canonizeProof`: the document's context, no `proofValue`).
 */
async function createVerifyData({ document, proof, documentLoader, dataIntegrityProof }: VerifyDataArgs): Promise<Uint8Array> {
  const [proofText, documentText] = await Promise.all([
    dataIntegrityProof.canonizeProof(proof, { document, documentLoader }),
    canonize(document, { documentLoader, base: null, safe: true }),
  ]);
  return new Uint8Array(Buffer.concat([sha256(proofText), sha256(documentText)]));
}

/** The eddsa-rdfc-2022 cryptosuite with this canonicalisation and hashing (for signing and verifying). */
export const eddsaRdfc2022Lean = { ...eddsaRdfc2022, canonize, createVerifyData };
