// The JSON-LD document loader: bundled contexts, did:key resolved locally, and whatever the caller
// supplies (its own DID documents, issuer profiles, keys, status lists). It never uses the network:
// any other URL is refused with a DocumentNotFoundError.
import { bundledContexts } from './contexts';
import './jsonld-speed';
import { driver as didKeyDriver } from '@digitalbazaar/did-method-key';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { asArray, ED25519_2020_CONTEXT, isRecord, JWK_CONTEXT, keepAtMost, MULTIKEY_CONTEXT, type JsonRecord } from './model';

/** URLs of the JSON-LD contexts bundled with Blason (VC 1.1/2.0, OB 3.0.x and extensions, DI, Multikey…). */
export const bundledContextUrls: readonly string[] = Object.freeze([...bundledContexts.keys()]);

const didKeys = didKeyDriver();
didKeys.use({ multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from });

export interface RemoteDocument {
  contextUrl: null;
  documentUrl: string;
  document: JsonRecord;
  /**
   * `static` on the bundled contexts: they never change, so jsonld.js keeps them resolved across
   * operations (its shared cache) instead of resolving them again at each canonicalisation.
   */
  tag?: 'static';
}

export type DocumentLoader = (url: string) => Promise<RemoteDocument>;

/** Documents the caller knows, by URL (a DID for a DID document). */
export type DocumentSource = Readonly<Record<string, object>> | ReadonlyMap<string, object>;

/** Looks a URL up in the caller's own store (database, cache, fixtures); `undefined` when unknown. */
export type DocumentResolver = (url: string) => Promise<object | undefined> | object | undefined;

export interface DocumentLoaderOptions {
  /** Fixed documents by URL: issuer DID documents, controller documents, keys, status lists. */
  documents?: DocumentSource;
  /** Asked for any URL that is neither a bundled context, a did:key nor in `documents`. */
  resolve?: DocumentResolver;
}

/** The loader was asked for a document it does not have (it never fetches anything). */
export class DocumentNotFoundError extends Error {
  readonly code = 'loader.not_found';
  constructor(
    readonly url: string,
    reason?: string,
  ) {
    super(`Document not available offline: ${url}${reason ? ` (${reason})` : ''}`);
    this.name = 'DocumentNotFoundError';
  }
}

/**
 * Creates a document loader for signing and verifying. Build it once and reuse it: it holds no
 * per-call state. A URL with a fragment (`https://host/issuer#key-1`, `did:web:host#key-1`) is
 * answered with the matching verification method of the document at the URL without fragment.
 */
export function createDocumentLoader(options: DocumentLoaderOptions = {}): DocumentLoader {
  const documents = toMap(options.documents);
  const lookup = async (url: string): Promise<JsonRecord | undefined> => {
    const known = documents.get(url);
    if (isRecord(known)) return known;
    if (!options.resolve) return undefined;
    try {
      const resolved = await options.resolve(url);
      return isRecord(resolved) ? resolved : undefined;
    } catch (error) {
      throw new DocumentNotFoundError(url, error instanceof Error ? error.message : String(error));
    }
  };

  return async function documentLoader(url: string): Promise<RemoteDocument> {
    if (typeof url !== 'string' || url === '') throw new DocumentNotFoundError(String(url), 'not a URL');
    const context = bundledContexts.get(url);
    if (context) return { ...remote(url, context), tag: 'static' };
    if (url.startsWith('did:key:')) return remote(url, await resolveDidKey(url));

    const document = await lookup(url);
    if (document) return remote(url, document);
    const hash = url.indexOf('#');
    if (hash > 0) {
      const base = await lookup(url.slice(0, hash));
      const method = base && findVerificationMethod(base, url);
      if (method) return remote(url, method);
    }
    throw new DocumentNotFoundError(url);
  };
}

/** A loader of the bundled contexts only (and did:key): enough to sign, built once. */
export const contextLoader: DocumentLoader = createDocumentLoader();

/**
 * The verification method `methodUrl` (absolute, or `#fragment` relative to the document) listed in
 * a DID or controller document, with a JSON-LD context matching its type and its controller set.
 */
export function findVerificationMethod(document: JsonRecord, methodUrl: string): JsonRecord | undefined {
  const documentId = typeof document.id === 'string' ? document.id : undefined;
  const hash = methodUrl.indexOf('#');
  const fragment = hash >= 0 ? methodUrl.slice(hash) : undefined;
  const candidates = ['verificationMethod', 'assertionMethod', 'authentication', 'publicKey']
    .flatMap((property) => asArray(document[property]))
    .filter(isRecord);
  const method = candidates.find((candidate) => {
    const id = candidate.id;
    if (typeof id !== 'string') return false;
    return id === methodUrl || (fragment !== undefined && (id === fragment || (documentId !== undefined && documentId + id === methodUrl)));
  });
  if (!method) return undefined;
  return {
    '@context': contextForMethodType(method.type),
    ...method,
    id: methodUrl,
    controller: typeof method.controller === 'string' ? method.controller : (documentId ?? methodUrl.slice(0, Math.max(hash, 0))),
  };
}

function contextForMethodType(type: unknown): string {
  if (type === 'Ed25519VerificationKey2020') return ED25519_2020_CONTEXT;
  if (type === 'JsonWebKey' || type === 'JsonWebKey2020') return JWK_CONTEXT;
  return MULTIKEY_CONTEXT;
}

// A did:key document is a pure function of the DID: the last ones built are kept (a verification
// asks for its issuer's several times), frozen, and shared by every caller (as the caller's own
// documents are).
const DID_KEY_DOCUMENTS_KEPT = 1000;
const didKeyDocuments = new Map<string, JsonRecord>();

async function resolveDidKey(url: string): Promise<JsonRecord> {
  let document = didKeyDocuments.get(url);
  if (!document) {
    try {
      document = (await didKeys.get({ url })) as JsonRecord;
    } catch (error) {
      throw new DocumentNotFoundError(url, error instanceof Error ? error.message : String(error));
    }
    document = deepFreeze(document);
    keepAtMost(didKeyDocuments, url, document, DID_KEY_DOCUMENTS_KEPT);
  }
  return document;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

function toMap(source: DocumentSource | undefined): ReadonlyMap<string, unknown> {
  if (!source) return new Map();
  if (source instanceof Map) return source;
  return new Map(Object.entries(source));
}

function remote(url: string, document: DiJson): RemoteDocument {
  return { contextUrl: null, documentUrl: url, document: document as JsonRecord };
}
