// Outbound fetches of other issuers' documents (DID documents, keys, status lists) and of credentials
// given by URL. Everything the verifier asks of the network goes through this interface, so that
// tests replace it; the production fetcher is careful: https only (http only for the loopback when
// allowed), public addresses only, a timeout, a size limit, JSON-ish content types (plus JWT and
// images for credentials), redirects followed by hand and checked, and a small cache. It is never
// asked for a JSON-LD context: the document loader answers those from its bundle.
import net from 'node:net';
import { keepAtMost } from '../credentials/model';
import { isPrivateAddress, isPrivateAddressRefusal, publicFetch, resolveWithDns } from '../platform/public-network';

export { isPrivateAddress };

export type FetchKind = 'document' | 'credential';
export type FetchFailure = 'invalid_url' | 'refused' | 'not_found' | 'unreachable' | 'timeout' | 'too_large' | 'unsupported_type';
export type FetchOutcome =
  | { ok: true; url: string; contentType: string; body: Uint8Array }
  /** `status`: the HTTP status of a `not_found` answer (404 or 410: an OB 2.0 hosted assertion answers 410 when revoked). */
  | { ok: false; reason: FetchFailure; detail: string; status?: number };

export interface OutboundFetcher {
  /** GET `url` as a document (JSON) or as a credential (JSON, JWT, PNG, SVG); never throws. */
  get(url: string, kind: FetchKind): Promise<FetchOutcome>;
}

export interface OutboundFetcherOptions {
  fetch?: typeof globalThis.fetch;
  /** Resolves a host name to its addresses (to refuse private networks); DNS by default. */
  lookup?: (host: string) => Promise<string[]>;
  timeoutMs?: number;
  maxBytes?: number;
  /** Allow http:// and loopback addresses for localhost/127.0.0.1 (tests, development). */
  allowLocalHttp?: boolean;
  maxRedirects?: number;
  cacheTtlMs?: number;
  cacheEntries?: number;
  now?: () => number;
}

const JSON_TYPE = /^application\/([\w.+-]+\+)?json$/;
const CREDENTIAL_TYPES = new Set(['text/plain', 'application/jwt', 'application/vc+jwt', 'image/png', 'image/svg+xml']);
const ACCEPT: Record<FetchKind, string> = {
  document: 'application/did+json, application/did+ld+json, application/ld+json, application/json;q=0.9',
  credential: 'application/vc+ld+json, application/ld+json, application/json;q=0.9, application/vc+jwt;q=0.8, image/png;q=0.7, image/svg+xml;q=0.7, text/plain;q=0.5',
};
/** Bodies larger than this are not kept in the cache. */
const MAX_CACHED_BYTES = 256 * 1024;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function acceptsContentType(kind: FetchKind, header: string | null): boolean {
  const type = (header ?? '').split(';')[0]!.trim().toLowerCase();
  return JSON_TYPE.test(type) || (kind === 'credential' && CREDENTIAL_TYPES.has(type));
}

function failure(reason: FetchFailure, detail: string): FetchOutcome {
  return { ok: false, reason, detail };
}

/**
 * The production fetcher (connections guarded against private addresses when they are made, so a
 * name cannot resolve to a public address for the check and a private one for the connection;
 * AbortSignal.timeout); options exist for tests and development.
 */
export function createOutboundFetcher(options: OutboundFetcherOptions = {}): OutboundFetcher {
  const lookup = options.lookup ?? resolveWithDns;
  const fetchImpl = options.fetch ?? publicFetch({ resolve: lookup, allowLoopback: options.allowLocalHttp === true });
  const timeoutMs = options.timeoutMs ?? 5000;
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const maxRedirects = options.maxRedirects ?? 3;
  const ttl = options.cacheTtlMs ?? 5 * 60_000;
  const capacity = options.cacheEntries ?? 100;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { expires: number; outcome: FetchOutcome }>();

  /** Why a URL may not be fetched, or undefined when it may. */
  async function refusal(url: URL): Promise<FetchOutcome | undefined> {
    const local = options.allowLocalHttp === true && LOOPBACK_HOSTS.has(url.hostname);
    if (url.protocol !== 'https:' && !(local && url.protocol === 'http:')) return failure('refused', `${url.protocol} is not https`);
    if (url.username || url.password) return failure('refused', 'credentials in the URL');
    if (local) return undefined;
    const host = url.hostname.replace(/^\[|\]$/g, '');
    let addresses: string[];
    try {
      addresses = net.isIP(host) ? [host] : await lookup(host);
    } catch (error) {
      return failure('unreachable', `${host}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (addresses.length === 0 || addresses.some(isPrivateAddress)) return failure('refused', `${host} is not a public address`);
    return undefined;
  }

  async function readLimited(response: Response): Promise<Uint8Array | undefined> {
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) {
      await response.body?.cancel();
      return undefined;
    }
    if (!response.body) return new Uint8Array();
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel();
        return undefined;
      }
      chunks.push(value);
    }
    return Buffer.concat(chunks);
  }

  async function fetchOnce(start: string, kind: FetchKind): Promise<FetchOutcome> {
    const signal = AbortSignal.timeout(timeoutMs);
    let current: URL;
    try {
      current = new URL(start);
    } catch {
      return failure('invalid_url', start);
    }
    for (let hop = 0; hop <= maxRedirects; hop++) {
      const refused = await refusal(current);
      if (refused) return refused;
      let response: Response;
      try {
        response = await fetchImpl(current.href, {
          redirect: 'manual',
          signal,
          headers: { accept: ACCEPT[kind], 'user-agent': 'Blason-Verifier/1.0' },
        });
      } catch (error) {
        if (signal.aborted) return failure('timeout', `no answer from ${current.host} within ${timeoutMs} ms`);
        if (isPrivateAddressRefusal(error)) return failure('refused', `${current.hostname} is not a public address`);
        return failure('unreachable', `${current.host}: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (response.status >= 300 && response.status < 400) {
        const location = response.headers.get('location');
        await response.body?.cancel();
        if (!location) return failure('unreachable', `redirect without a location from ${current.href}`);
        try {
          current = new URL(location, current);
        } catch {
          return failure('unreachable', `bad redirect location ${location}`);
        }
        continue;
      }
      if (response.status === 404 || response.status === 410) {
        await response.body?.cancel();
        return { ok: false, reason: 'not_found', detail: `${current.href} answered ${response.status}`, status: response.status };
      }
      if (!response.ok) {
        await response.body?.cancel();
        return failure('unreachable', `${current.href} answered ${response.status}`);
      }
      const contentType = response.headers.get('content-type');
      if (!acceptsContentType(kind, contentType)) {
        await response.body?.cancel();
        return failure('unsupported_type', `${current.href} is ${contentType ?? 'untyped'}`);
      }
      try {
        const body = await readLimited(response);
        if (!body) return failure('too_large', `${current.href} is larger than ${maxBytes} bytes`);
        return { ok: true, url: current.href, contentType: contentType ?? '', body };
      } catch (error) {
        if (signal.aborted) return failure('timeout', `${current.host} was too slow to send ${current.href}`);
        return failure('unreachable', error instanceof Error ? error.message : String(error));
      }
    }
    return failure('unreachable', `more than ${maxRedirects} redirects from ${start}`);
  }

  return {
    async get(url, kind) {
      const key = `${kind} ${url}`;
      const hit = cache.get(key);
      if (hit && hit.expires > now()) return hit.outcome;
      if (hit) cache.delete(key);
      const outcome = await fetchOnce(url, kind);
      // Answers are cached, good and "not found" alike (large bodies excepted, so the cache stays
      // small); network trouble is retried next time.
      if (outcome.ok ? outcome.body.byteLength <= MAX_CACHED_BYTES : outcome.reason === 'not_found') {
        keepAtMost(cache, key, { expires: now() + ttl, outcome }, capacity);
      }
      return outcome;
    },
  };
}
