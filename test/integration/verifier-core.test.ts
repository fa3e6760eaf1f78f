// The third independent verifier: DCC's @digitalcredentials/verifier-core (its own JSON-LD stack,
// cryptosuites and status-list client, nothing shared with ours) accepts what Blason issues for a
// did:key issuer — signature, expiry, revocation status — and refuses an altered copy and a
// revoked credential. There is no network here: the global `fetch` it uses answers this platform's
// URLs from the app itself (as the platform would over HTTP) and fails every other request, as
// an offline machine would (its schema fetch for OB 3.0 then reports no schema result).
import { verifyCredential as dccVerify } from '@digitalcredentials/verifier-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiOf, award, createBadge, createOrganization, tutorat } from '../helpers/awards';
import { type TestPlatform, testPlatform } from '../helpers/platform';
import { type TestUser, createTestUser } from '../helpers/users';

const BASE = 'http://localhost:3000';

interface DccLog {
  id: string;
  valid?: boolean;
  error?: { name?: string; message?: string };
}
interface DccResult {
  errors?: { message?: string; name?: string }[];
  log?: DccLog[];
}

describe('verifier-core (DCC) accepts Blason credentials of a did:key issuer', () => {
  let p: TestPlatform;
  let owner: TestUser;
  let slug = '';
  let badgeId = '';
  const realFetch = globalThis.fetch;
  const fetched: string[] = [];

  beforeAll(async () => {
    p = await testPlatform();
    // verifier-core logs its failed schema fetch on every call: expected offline, kept out of the output.
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      fetched.push(url);
      if (!url.startsWith(`${BASE}/`)) throw new TypeError(`fetch failed (offline): ${url}`);
      const res = await p.app.inject({ method: 'GET', url: url.slice(BASE.length), headers: { accept: 'application/json', ...((init?.headers as Record<string, string>) ?? {}) } });
      return new Response(new Uint8Array(res.rawPayload), { status: res.statusCode, headers: { 'content-type': String(res.headers['content-type'] ?? 'application/json') } });
    }) as typeof fetch;
    owner = await createTestUser(p, { email: 'owner@cfa.example' });
    slug = await createOrganization(p, owner, 'CFA Numérique');
    await p.deps.db.updateTable('organizations').set({ did_method: 'key' }).where('slug', '=', slug).execute();
    badgeId = await createBadge(p, owner, slug, tutorat);
  });
  afterAll(async () => {
    globalThis.fetch = realFetch;
    vi.restoreAllMocks();
    await p.close();
  });

  const verify = async (credential: object): Promise<DccResult> => (await dccVerify({ credential: credential as never, knownDIDRegistries: [] })) as DccResult;
  const step = (r: DccResult, id: string) => r.log?.find((l) => l.id === id);

  it('verifies the signature, the validity period and the revocation status', async () => {
    const { credential } = await award(p, owner, badgeId, { recipient: { email: 'ada@example.org' }, narrative: 'Tutorat à distance organisé.' });
    expect((credential.issuer as { id: string }).id).toMatch(/^did:key:z6Mk/);
    const result = await verify(credential);
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    expect(step(result, 'valid_signature')?.valid).toBe(true);
    expect(step(result, 'expiration')?.valid).toBe(true);
    expect(step(result, 'revocation_status')?.valid).toBe(true);
    // The status list was read from the platform; the DID came from the key itself.
    expect(fetched.some((u) => u.startsWith(`${BASE}/organizations/${slug}/status/`))).toBe(true);
  });

  it('refuses an altered copy', async () => {
    const { credential } = await award(p, owner, badgeId, { recipient: { email: 'bob@example.org' } });
    const altered = structuredClone(credential) as { credentialSubject: { achievement: { name: string } } };
    altered.credentialSubject.achievement.name = 'Badge contrefait';
    const result = await verify(altered);
    const signature = step(result, 'valid_signature');
    const refused = (result.errors?.length ?? 0) > 0 || signature?.valid === false;
    expect(refused, JSON.stringify(result)).toBe(true);
  });

  it('sees a revocation', async () => {
    const { id, credential } = await award(p, owner, badgeId, { recipient: { email: 'eve@example.org' } });
    expect((await apiOf(p)(owner, 'POST', `/credentials/${id}/revoke`, { reason: 'Erreur' })).statusCode).toBe(200);
    const result = await verify(credential);
    expect(step(result, 'valid_signature')?.valid).toBe(true);
    expect(step(result, 'revocation_status')?.valid).toBe(false);
  });
});
