// This platform's own documents are answered locally, never fetched: organisations' DID documents,
// other modules' documents through LocalDocumentProviders (here a status list and a credential, as
// the awards module serves them), and any public JSON route of the app (in-process).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildOpenBadgeCredential,
  buildStatusListCredential,
  controlledSigningKey,
  generateKeyPair,
  createStatusBits,
  prepareSigningKey,
  setRevoked,
  signDataIntegrity,
  type PreparedSigningKey,
} from '../../src/credentials';
import type { LocalDocumentProvider } from '../../src/verify/resolver';
import { BASE, badgeInput, testIssuer, verifyPlatform, type VerifyPlatform } from '../helpers/verify';

const STATUS_URL = `${BASE}/test-status/1`;
const CREDENTIAL_URL = `${BASE}/test-credentials/ada`;

describe('verification of this platform’s own documents', () => {
  let p: VerifyPlatform;
  let issuer: { slug: string; key: PreparedSigningKey; did: string };
  const served = new Map<string, object>();
  const asked: string[] = [];
  const provider: LocalDocumentProvider = async (url) => {
    asked.push(url);
    return served.get(url);
  };

  beforeAll(async () => {
    p = await verifyPlatform({ providers: [provider] });
    issuer = await testIssuer(p);
    const bits = createStatusBits();
    setRevoked(bits, 7);
    const list = buildStatusListCredential({ id: STATUS_URL, issuer: issuer.did, validFrom: '2025-01-01T00:00:00Z', bits });
    served.set(STATUS_URL, await signDataIntegrity(list, { key: issuer.key }));
  });
  afterAll(async () => {
    await p?.close();
  });

  async function signedWithStatus(index: number) {
    const input = badgeInput(issuer.did, { credentialStatus: { type: 'BitstringStatusListEntry', statusListCredential: STATUS_URL, statusListIndex: index } });
    return signDataIntegrity(buildOpenBadgeCredential(input), { key: issuer.key });
  }

  const post = async (payload: object) =>
    (await p.verifier.inject({ method: 'POST', url: '/api/v1/verify', headers: { 'accept-language': 'fr' }, payload })).json();

  it('reads the status list from a local provider: revoked and not revoked', async () => {
    const revoked = await post(await signedWithStatus(7));
    expect(revoked).toMatchObject({ valid: false, verdict: 'revoked', message: 'Ce badge a été révoqué par son émetteur.' });
    expect(revoked.checks[3]).toMatchObject({ id: 'status', passed: false, code: 'status.revoked' });
    const fine = await post(await signedWithStatus(3));
    expect(fine).toMatchObject({ valid: true, verdict: 'valid' });
    expect(asked).toContain(STATUS_URL);
    expect(p.fetcher.seen).toEqual([]);
  });

  it('verifies a credential given by one of our URLs, answered by a provider', async () => {
    served.set(CREDENTIAL_URL, await signedWithStatus(3));
    const res = await p.verifier.inject({ url: `/verify?url=${encodeURIComponent(CREDENTIAL_URL)}`, headers: { accept: 'application/json' } });
    expect(res.json()).toMatchObject({ valid: true, source: { url: CREDENTIAL_URL }, credential: { issuer: { id: issuer.did } } });
    expect(p.fetcher.seen).toEqual([]);
  });

  it('answers public JSON routes of the app in-process (never over the network)', async () => {
    const jwks = await post({ url: `${BASE}/organizations/${issuer.slug}/jwks.json` });
    // Found locally (so not "not found"), but a key set is not a credential.
    expect(jwks).toMatchObject({ valid: false, verdict: 'not_authentic', source: { url: `${BASE}/organizations/${issuer.slug}/jwks.json` } });
    expect(jwks.checks[0].code).toBe('schema.context');
    expect(jwks.checks[2].code).toBe('proof.missing');
    const unknownOrg = await post({ url: `${BASE}/organizations/nobody-here/jwks.json` });
    expect(unknownOrg.checks[0].code).toBe('input.url_not_found');
    expect(p.fetcher.seen).toEqual([]);
  });

  it('never asks the network for a DID of this host, even an unknown one', async () => {
    const other = await prepareSigningKey(controlledSigningKey('did:web:badges.example.org:organizations:gone', await generateKeyPair(), 'key-1'));
    const credential = await signDataIntegrity(buildOpenBadgeCredential(badgeInput(other.controller)), { key: other });
    const result = await post(credential);
    expect(result.checks[2]).toMatchObject({ id: 'proof', passed: false, code: 'proof.method_not_found' });
    expect(p.fetcher.seen).toEqual([]);
  });
});
