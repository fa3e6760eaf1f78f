// Where the verifier's document loader finds what a credential names. Contexts never come here (the
// loader answers them from its bundle, and anything that is or looks like a context is refused).
// This platform's own documents — its organisations' did:web DID documents, and whatever other
// modules answer for URLs under BASE_URL — are answered locally, without HTTP. Other issuers'
// documents (did:web of another host, https keys and issuers, their status lists) go through the
// OutboundFetcher.
import type { FastifyInstance } from 'fastify';
import { didWebDocumentUrl, isRecord, type DocumentResolver, type JsonRecord } from '../credentials';
import { AppError } from '../errors';
import { organizationDidDocument } from '../issuers/issuers.service';
import type { Deps } from '../platform/deps';
import { acceptsContentType, type OutboundFetcher } from './fetcher';
import { contextUrlsOf, isOwnUrl, looksLikeContext, organizationSlugOf, ownPath } from './verify';

/**
 * Answers a URL under BASE_URL (or a did:web DID of this host) from this platform's own data:
 * a JSON document, or — for credentials given by URL — the bytes of a JWT or a baked image.
 * `undefined` when the URL is not one it knows.
 */
export type LocalDocumentProvider = (url: string, deps: Deps) => Promise<object | undefined>;

/** did:web:<our host>:organizations:<slug> (and <BASE_URL>/organizations/<slug>/did.json): the organisation's DID document. */
export const organizationDocuments: LocalDocumentProvider = async (url, deps) => {
  const slug = organizationSlugOf(deps.config.baseUrl, url);
  if (slug === undefined) return undefined;
  try {
    return await organizationDidDocument(deps, slug);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') return undefined;
    throw error;
  }
};

const LOCAL_ACCEPT = 'application/ld+json, application/json;q=0.9, application/vc+jwt;q=0.8, image/png;q=0.7, image/svg+xml;q=0.7';

/**
 * Answers any public JSON document of this platform (status lists, credentials, issuer profiles…)
 * by asking its own routes in-process (`app.inject`: no socket, no network). The verification
 * routes themselves and the API are left out.
 */
export function localRoutesProvider(app: FastifyInstance): LocalDocumentProvider {
  return async (url, deps) => {
    const path = ownPath(deps.config.baseUrl, url);
    if (path === undefined) return undefined;
    const prefix = new URL(deps.config.baseUrl).pathname.replace(/\/+$/, '');
    const route = path.slice(prefix.length) || '/';
    if (/^\/(api|verify)(\/|\?|$)/.test(route)) return undefined;
    const response = await app.inject({ method: 'GET', url: route, headers: { accept: LOCAL_ACCEPT } });
    const type = String(response.headers['content-type'] ?? '');
    if (response.statusCode !== 200 || !acceptsContentType('credential', type)) return undefined;
    if (!/json/i.test(type.split(';')[0]!)) return response.rawPayload;
    try {
      const parsed: unknown = JSON.parse(response.body);
      return isRecord(parsed) ? parsed : undefined;
    } catch {
      return undefined;
    }
  };
}

/** The first answer of the providers, in order. */
export async function localDocument(deps: Deps, providers: readonly LocalDocumentProvider[], url: string): Promise<object | undefined> {
  for (const provider of providers) {
    const found = await provider(url, deps);
    if (found !== undefined) return found;
  }
  return undefined;
}

export interface ResolverContext {
  deps: Deps;
  fetcher: OutboundFetcher;
  providers: readonly LocalDocumentProvider[];
  /** URLs met under an `@context` (of the input or of any document fetched since): never fetched. */
  denied: Set<string>;
}

/**
 * The resolver of one verification (it remembers what it answered, and the contexts it has seen).
 * A URL with a fragment is left to the loader, which asks again for the document without it.
 */
export function verificationResolver(context: ResolverContext): DocumentResolver {
  const { deps, fetcher, providers, denied } = context;
  const answers = new Map<string, Promise<JsonRecord | undefined>>();

  async function resolve(url: string): Promise<JsonRecord | undefined> {
    if (url.includes('#') || denied.has(url) || looksLikeContext(url)) return undefined;
    if (isOwnUrl(deps.config.baseUrl, url)) {
      const local = await localDocument(deps, providers, url);
      return accept(local instanceof Uint8Array ? undefined : local);
    }
    let target: string;
    if (url.startsWith('did:web:')) {
      try {
        target = didWebDocumentUrl(url);
      } catch {
        return undefined;
      }
    } else if (/^https?:\/\//i.test(url)) {
      target = url;
    } else {
      return undefined;
    }
    const outcome = await fetcher.get(target, 'document');
    if (!outcome.ok) {
      if (outcome.reason === 'not_found') return undefined;
      throw new Error(`${outcome.reason}: ${outcome.detail}`);
    }
    let document: unknown;
    try {
      document = JSON.parse(Buffer.from(outcome.body).toString('utf8'));
    } catch {
      throw new Error(`${target} is not JSON`);
    }
    if (!isRecord(document)) throw new Error(`${target} is not a JSON object`);
    if (url.startsWith('did:web:') && document.id !== url) throw new Error(`${target} describes ${String(document.id)}, not ${url}`);
    return accept(document);
  }

  /** A document is used as is; its contexts join the ones never to fetch. */
  function accept(document: object | undefined): JsonRecord | undefined {
    if (!isRecord(document)) return undefined;
    contextUrlsOf(document, denied);
    return document;
  }

  return (url: string) => {
    let answer = answers.get(url);
    if (!answer) {
      answer = resolve(url);
      answers.set(url, answer);
    }
    return answer;
  };
}
