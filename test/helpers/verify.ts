// The verifier under test: a platform whose verification services use a fake outbound fetcher
// (no network; it records every URL it is asked for), credentials signed in the test by one of
// the platform's organisations, and a multipart body builder. Also the independent check by DCC's
// verifier-core, run with the machine's network replaced by what the test serves.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { buildApp } from '../../src/app';
import {
  bakePng,
  bakeSvg,
  buildOpenBadgeCredential,
  didWebDocumentUrl,
  prepareSigningKey,
  signDataIntegrity,
  signJwt,
  type BuildCredentialInput,
  type PreparedSigningKey,
} from '../../src/credentials';
import { issuerSigningKey } from '../../src/issuers/issuers.service';
import { createOrganizationForOwnerEmail, getOrganization } from '../../src/organizations/organizations.service';
import type { Clock } from '../../src/platform/deps';
import type { FetchKind, FetchOutcome, OutboundFetcher } from '../../src/verify/fetcher';
import type { LocalDocumentProvider } from '../../src/verify/resolver';
import { type TestPlatform, testPlatform } from './platform';
import { createTestUser } from './users';

export const BASE = 'https://badges.example.org';

export interface FakeFetcher extends OutboundFetcher {
  /** Every URL asked for, in order, with its kind. */
  readonly seen: Array<{ url: string; kind: FetchKind }>;
  /** Serves a JSON document (or raw bytes with a content type) at a URL. */
  serve(url: string, body: object | { contentType: string; bytes: Uint8Array }): void;
  remove(url: string): void;
  /** Answers 410 Gone at a URL (an OB 2.0 hosted assertion once revoked). */
  gone(url: string): void;
}

export function fakeFetcher(): FakeFetcher {
  const served = new Map<string, { contentType: string; bytes: Uint8Array }>();
  const gone = new Set<string>();
  const seen: Array<{ url: string; kind: FetchKind }> = [];
  return {
    seen,
    serve(url, body) {
      const raw = body as { contentType?: unknown; bytes?: unknown };
      if (typeof raw.contentType === 'string' && raw.bytes instanceof Uint8Array) served.set(url, { contentType: raw.contentType, bytes: raw.bytes });
      else served.set(url, { contentType: 'application/json', bytes: Buffer.from(JSON.stringify(body)) });
    },
    remove(url) {
      served.delete(url);
    },
    gone(url) {
      served.delete(url);
      gone.add(url);
    },
    async get(url, kind): Promise<FetchOutcome> {
      seen.push({ url, kind });
      const found = served.get(url);
      if (!found && gone.has(url)) return { ok: false, reason: 'not_found', detail: `${url} answered 410`, status: 410 };
      if (!found) return { ok: false, reason: 'not_found', detail: `${url} answered 404` };
      return { ok: true, url, contentType: found.contentType, body: found.bytes };
    },
  };
}

/** Serves documents keyed by id as the web would: a did:web DID at its did.json URL, others at their id. */
export function serveDocuments(fetcher: FakeFetcher, documents: Map<string, Record<string, unknown>>): void {
  for (const [id, document] of documents) fetcher.serve(id.startsWith('did:web:') ? didWebDocumentUrl(id) : id, document);
}

export interface VerifyPlatform extends TestPlatform {
  /** The app whose verifier uses `fetcher` (and `providers`). */
  verifier: FastifyInstance;
  fetcher: FakeFetcher;
  close(): Promise<void>;
}

export async function verifyPlatform(options: { clock?: Clock; providers?: LocalDocumentProvider[]; env?: Record<string, string> } = {}): Promise<VerifyPlatform> {
  const p = await testPlatform({ env: { BASE_URL: BASE, ...options.env }, ...(options.clock ? { clock: options.clock } : {}) });
  const fetcher = fakeFetcher();
  const verifier = await buildApp(p.deps, { verify: { fetcher, ...(options.providers ? { providers: options.providers } : {}) } });
  await verifier.ready();
  return {
    ...p,
    verifier,
    fetcher,
    async close() {
      await verifier.close();
      await p.close();
    },
  };
}

/** An organisation of the platform (its owner made on the way) and its prepared signing key. */
export async function testIssuer(p: Pick<TestPlatform, 'deps'>, name = 'CFA Numérique'): Promise<{ slug: string; key: PreparedSigningKey; did: string }> {
  const email = `owner-${randomBytes(3).toString('hex')}@cfa.example`;
  await createTestUser(p, { email });
  const { slug } = await createOrganizationForOwnerEmail(p.deps, { name, ownerEmail: email });
  const key = await prepareSigningKey(await issuerSigningKey(p.deps, await getOrganization(p.deps, slug)));
  return { slug, key, did: key.controller };
}

export function badgeInput(issuerId: string, overrides: Partial<BuildCredentialInput> = {}): BuildCredentialInput {
  const achievement = `${BASE}/badges/robotique-1`;
  return {
    id: `urn:uuid:${crypto.randomUUID()}`,
    issuer: { id: issuerId, name: 'CFA Numérique', url: `${BASE}/organizations/cfa-numerique` },
    validFrom: '2025-01-01T09:00:00Z',
    recipient: { email: 'ada.lovelace@example.org', salt: 'poivre' },
    achievement: {
      id: achievement,
      name: 'Robotique — niveau 1',
      description: 'Assembler et programmer un robot simple.',
      criteria: { narrative: 'Construire un robot suiveur de ligne.' },
    },
    ...overrides,
  };
}

export interface SignedForms {
  credential: Record<string, unknown>;
  jwt: string;
  png: Buffer;
  svg: string;
}

export const SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4" fill="#1b3a8a"/></svg>';

export async function smallPng(): Promise<Buffer> {
  return sharp({ create: { width: 8, height: 8, channels: 4, background: '#1b3a8a' } }).png().toBuffer();
}

/** One credential in the four forms a verifier receives. */
export async function signedForms(key: PreparedSigningKey, input: BuildCredentialInput): Promise<SignedForms> {
  const unsigned = buildOpenBadgeCredential(input);
  const credential = (await signDataIntegrity(unsigned, { key })) as unknown as Record<string, unknown>;
  const jwt = await signJwt(unsigned, { key });
  return { credential, jwt, png: bakePng(await smallPng(), credential), svg: bakeSvg(SVG, jwt) };
}

export { multipart } from './forms';

// ——— DCC's @digitalcredentials/verifier-core as an independent verifier ———

/** One step of verifier-core's `log` (valid_signature, expiration, revocation_status, registered_issuer). */
export interface VerifierCoreStep {
  id: string;
  valid?: boolean;
  error?: { name?: string; message?: string };
  matchingIssuers?: Array<{ issuer: { federation_entity?: { organization_name?: string } }; registry: unknown }>;
  uncheckedRegistries?: unknown[];
}

/** What verifier-core answers: fatal `errors` (no log), or a `log` of steps and `additionalInformation` (the schema check). */
export interface VerifierCoreResult {
  errors?: Array<{ name?: string; message?: string }>;
  log?: VerifierCoreStep[];
  additionalInformation?: Array<{ id: string; results: unknown }>;
}

/** A "dcc-legacy" issuer registry: a JSON document `{registry: {<did>: {name, url, location}}}` at `url`. */
export interface VerifierCoreRegistry {
  type: 'dcc-legacy';
  name: string;
  url: string;
}

export interface VerifierCoreOutcome {
  result: VerifierCoreResult;
  /** Every URL verifier-core asked the network for, in order. */
  fetched: string[];
  step(id: string): VerifierCoreStep | undefined;
}

/**
 * Verifies with verifier-core. There is no network here, and verifier-core fetches with the global
 * `fetch` (contexts are bundled in it, did:key is resolved from the key): for the duration of the
 * call the global `fetch` is replaced by `serve`, and a URL it does not answer fails at once with a
 * network error, as on an offline machine. verifier-core's console messages about those failures
 * (the OB JSON schema it fetches on every call) are silenced for the call.
 */
export async function verifyWithVerifierCore(
  credential: unknown,
  options: { serve?: (url: string, init?: RequestInit) => Promise<Response | undefined>; registries?: VerifierCoreRegistry[] } = {},
): Promise<VerifierCoreOutcome> {
  // Imported here, not at the top: the other users of these helpers need not load its JSON-LD stack.
  const { verifyCredential: verifierCoreVerify } = await import('@digitalcredentials/verifier-core');
  const fetched: string[] = [];
  const realFetch = globalThis.fetch;
  const quiet = { log: console.log, error: console.error };
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    fetched.push(url);
    const answer = await options.serve?.(url, init);
    if (!answer) throw new TypeError(`fetch failed: no network (${url})`);
    return answer;
  }) as typeof fetch;
  console.log = () => undefined;
  console.error = () => undefined;
  try {
    const result = (await verifierCoreVerify({ credential: credential as never, knownDIDRegistries: options.registries ?? [] })) as VerifierCoreResult;
    return { result, fetched, step: (id) => result.log?.find((s) => s.id === id) };
  } finally {
    globalThis.fetch = realFetch;
    console.log = quiet.log;
    console.error = quiet.error;
  }
}

/** Serves a platform's own URLs (status lists…) from its app, as it would answer over HTTP. */
export function servePlatform(p: Pick<TestPlatform, 'app' | 'deps'>): (url: string, init?: RequestInit) => Promise<Response | undefined> {
  const base = p.deps.config.baseUrl;
  return async (url, init) => {
    if (!url.startsWith(`${base}/`)) return undefined;
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, name) => (headers[name] = value));
    const res = await p.app.inject({ method: 'GET', url: url.slice(base.length), headers });
    return new Response(new Uint8Array(res.rawPayload), { status: res.statusCode, headers: { 'content-type': String(res.headers['content-type'] ?? 'application/octet-stream') } });
  };
}
