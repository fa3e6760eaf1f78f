// The W3C VC API at the root: POST /credentials/issue (an organisation token with the scope
// credentials:issue; 201 {verifiableCredential}, 400 for a malformed credential or another issuer,
// 401 without a working token, 403 without the scope) and POST /credentials/verify (200 verified,
// 400 not, with checks, warnings and errors), as the W3C vc-api issuer and verifier suites expect.
// What it issues verifies with our verifier, @digitalbazaar/vc and DCC's verifier-core.
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenBadgeCredential } from '../../src/credentials';
import { chooseDidMethod, issuerSigningKey } from '../../src/issuers/issuers.service';
import { getOrganization } from '../../src/organizations/organizations.service';
import { apiOf, createOrganization, platformLoader } from '../helpers/awards';
import { type TestPlatform, testPlatform } from '../helpers/platform';
import { type TestUser, createTestUser } from '../helpers/users';
import { badgeInput, verifyWithVerifierCore } from '../helpers/verify';

const V2 = 'https://www.w3.org/ns/credentials/v2';

describe('VC API: /credentials/issue and /credentials/verify', () => {
  let p: TestPlatform;
  let owner: TestUser;
  let slug = '';
  let did = '';
  let token = '';
  let readOnly = '';
  let other = '';

  const post = (url: string, body: unknown, bearerToken?: string) =>
    p.app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(bearerToken ? { authorization: `Bearer ${bearerToken}` } : {}) },
      payload: JSON.stringify(body),
    });
  const plain = (extra: Record<string, unknown> = {}) => ({
    '@context': [V2],
    id: `urn:uuid:${crypto.randomUUID()}`,
    type: ['VerifiableCredential'],
    credentialSubject: { id: 'did:example:ebfeb1f712ebc6f1c276e12ec21' },
    ...extra,
  });
  const newToken = async (user: TestUser, org: string, scopes: string[]) => {
    const res = await apiOf(p)(user, 'POST', `/organizations/${org}/tokens`, { name: scopes.join(' '), scopes });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().token as string;
  };

  beforeAll(async () => {
    p = await testPlatform();
    owner = await createTestUser(p, { email: 'owner@cfa.example' });
    slug = await createOrganization(p, owner, 'CFA Numérique');
    did = (await issuerSigningKey(p.deps, await getOrganization(p.deps, slug))).controller;
    token = await newToken(owner, slug, ['credentials:issue']);
    readOnly = await newToken(owner, slug, ['credentials:read']);
    const stranger = await createTestUser(p, { email: 'owner@greta.example' });
    other = await newToken(stranger, await createOrganization(p, stranger, 'GRETA'), ['credentials:issue']);
  });
  afterAll(async () => {
    await p.close();
  });

  it('issues: 201 with a verifiableCredential signed eddsa-rdfc-2022 by the organisation’s did:web', async () => {
    const res = await post('/credentials/issue', { credential: plain({ issuer: did }), options: {} }, token);
    expect(res.statusCode, res.body).toBe(201);
    const { verifiableCredential } = res.json();
    expect(verifiableCredential.issuer).toBe(did);
    expect(verifiableCredential.proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'assertionMethod' });
    expect(verifiableCredential.proof.verificationMethod.startsWith(`${did}#`)).toBe(true);
    // Independent verification (@digitalbazaar/vc), the DID document answered by the platform.
    const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
    const independent = await vc.verifyCredential({ credential: verifiableCredential, suite, documentLoader: platformLoader(p) });
    expect(independent.verified, JSON.stringify(independent.error ?? independent.results)).toBe(true);
    // Our verify endpoint: 200, the proof among the checks passed.
    const verified = await post('/credentials/verify', { verifiableCredential, options: { checks: ['proof'] } });
    expect(verified.statusCode, verified.body).toBe(200);
    expect(verified.json()).toMatchObject({ verified: true, errors: [] });
    expect(verified.json().checks).toContain('proof');
    expect(Array.isArray(verified.json().warnings)).toBe(true);
    // An altered copy fails everywhere: 400 with the proof error.
    const altered = { ...verifiableCredential, credentialSubject: { id: 'did:example:mallory' } };
    const refused = await post('/credentials/verify', { verifiableCredential: altered });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().verified).toBe(false);
    expect(refused.json().errors.some((e: { check?: string }) => e.check === 'proof')).toBe(true);
    expect((await vc.verifyCredential({ credential: altered, suite, documentLoader: platformLoader(p) })).verified).toBe(false);
  });

  it('issues the VCDM 2.0 test suite’s alumni credential (the W3C examples context is bundled)', async () => {
    const credential = {
      '@context': [V2, 'https://www.w3.org/ns/credentials/examples/v2'],
      id: 'http://university.example/credentials/1872',
      type: ['VerifiableCredential', 'ExampleAlumniCredential'],
      issuer: did,
      validFrom: '2023-07-01T19:23:24Z',
      credentialSubject: { id: 'did:example:ebfeb1f712ebc6f1c276e12ec21', alumniOf: { name: 'Example University' } },
    };
    const res = await post('/credentials/issue', { credential }, token);
    expect(res.statusCode, res.body).toBe(201);
    const { verifiableCredential } = res.json();
    expect(verifiableCredential.credentialSubject).toEqual(credential.credentialSubject);
    const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
    const independent = await vc.verifyCredential({ credential: verifiableCredential, suite, documentLoader: platformLoader(p) });
    expect(independent.verified, JSON.stringify(independent.error ?? independent.results)).toBe(true);
    const verified = await post('/credentials/verify', { verifiableCredential });
    expect(verified.statusCode, verified.body).toBe(200);
  });

  it('fills in a missing issuer (the Profile for an Open Badge), keeps one naming the organisation, refuses another', async () => {
    const missing = await post('/credentials/issue', { credential: plain() }, token);
    expect(missing.statusCode, missing.body).toBe(201);
    expect(missing.json().verifiableCredential.issuer).toBe(did);
    const asObject = await post('/credentials/issue', { credential: plain({ issuer: { id: did } }) }, token);
    expect(asObject.statusCode, asObject.body).toBe(201);
    const ob = buildOpenBadgeCredential(badgeInput(did)) as unknown as Record<string, unknown>;
    delete ob.issuer;
    const filled = await post('/credentials/issue', { credential: ob }, token);
    expect(filled.statusCode, filled.body).toBe(201);
    expect(filled.json().verifiableCredential.issuer).toMatchObject({ id: did, type: ['Profile'], name: 'CFA Numérique' });
    const verified = await post('/credentials/verify', { verifiableCredential: filled.json().verifiableCredential });
    expect(verified.statusCode, verified.body).toBe(200);
    expect(verified.json().checks).toEqual(expect.arrayContaining(['schema', 'subject', 'proof', 'status', 'validity']));
    const another = await post('/credentials/issue', { credential: plain({ issuer: 'did:example:someone-else' }) }, token);
    expect(another.statusCode).toBe(400);
    expect(another.json().error.fields['credential.issuer']).toContain(did);
  });

  it('answers 400 for each malformed credential the W3C issuer suite sends', async () => {
    const bad: Array<[string, unknown]> = [
      ['no credential', undefined],
      ['a string', 'nope'],
      ['no @context', plain({ '@context': undefined })],
      ['@context not an array', plain({ '@context': V2 })],
      ['@context of numbers', plain({ '@context': [4] })],
      ['VC 1.1 context first', plain({ '@context': ['https://www.w3.org/2018/credentials/v1'] })],
      ['no type', plain({ type: undefined })],
      ['type a string', plain({ type: 'VerifiableCredential' })],
      ['type without VerifiableCredential', plain({ type: ['Other'] })],
      ['id not a URL', plain({ id: 'not a url' })],
      ['id a number', plain({ id: 4 })],
      ['issuer a number', plain({ issuer: 4 })],
      ['issuer object with a numeric id', plain({ issuer: { id: 4 } })],
      ['no credentialSubject', plain({ credentialSubject: undefined })],
      ['empty credentialSubject', plain({ credentialSubject: {} })],
      ['credentialSubject a string', plain({ credentialSubject: 'x' })],
      ['validFrom not a date', plain({ validFrom: 'yesterday' })],
      ['validUntil a number', plain({ validUntil: 1 })],
      ['already a proof', plain({ proof: { type: 'DataIntegrityProof' } })],
      ['an undefined term (JSON-LD safe mode)', plain({ credentialSubject: { id: 'did:example:1', undefinedTerm: 'x' } })],
      ['an unknown context', plain({ '@context': [V2, 'https://contexts.example/unknown.jsonld'] })],
    ];
    for (const [why, credential] of bad) {
      const res = await post('/credentials/issue', credential === undefined ? {} : { credential }, token);
      expect(res.statusCode, `${why}: ${res.body}`).toBe(400);
      expect(res.json().error.code, why).toBe('validation');
    }
    expect((await post('/credentials/issue', { credential: plain(), options: 'x' }, token)).statusCode).toBe(400);
  });

  it('answers 401 without a working token and 403 without the scope or with a personal token', async () => {
    const body = { credential: plain() };
    const none = await p.app.inject({ method: 'POST', url: '/credentials/issue', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('unauthenticated');
    const unknown = await post('/credentials/issue', body, 'blason_org_nope');
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error.message).toBe('Ce jeton d’organisation est inconnu ou révoqué.');
    const scoped = await post('/credentials/issue', body, readOnly);
    expect(scoped.statusCode).toBe(403);
    expect(scoped.json().error.message).toContain('credentials:issue');
    expect((await post('/credentials/issue', body, owner.token)).statusCode).toBe(403);
    // Another organisation's token signs as that organisation: our DID is another issuer to it.
    expect((await post('/credentials/issue', { credential: plain({ issuer: did }) }, other)).statusCode).toBe(400);
  });

  it('verify: 400 without a credential, for a credential without proof, for garbage', async () => {
    for (const body of [{}, { verifiableCredential: 4 }, { verifiableCredential: plain() }, { verifiableCredential: 'not.a.jwt' }]) {
      const res = await post('/credentials/verify', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json()).toMatchObject({ verified: false });
      expect(res.json().errors.length).toBeGreaterThan(0);
      expect(Array.isArray(res.json().checks)).toBe(true);
      expect(Array.isArray(res.json().warnings)).toBe(true);
    }
  });

  it('is described in the OpenAPI document, at the root', async () => {
    const doc = (await p.app.inject({ url: '/api/v1/openapi.json' })).json();
    expect(doc.paths['/credentials/issue'].post.tags).toEqual(['vc-api']);
    expect(doc.paths['/credentials/issue'].servers).toEqual([{ url: p.deps.config.baseUrl }]);
    expect(doc.paths['/credentials/verify'].post.responses['400']).toBeDefined();
  });

  it('issues for a did:key organisation what DCC’s verifier-core accepts; a revoked token stops working', async () => {
    await chooseDidMethod(p.deps, { id: owner.id, publicId: owner.publicId, displayName: owner.displayName, isAdmin: false, locale: 'fr' }, slug, 'key');
    const didKey = (await issuerSigningKey(p.deps, await getOrganization(p.deps, slug))).controller;
    expect(didKey).toMatch(/^did:key:z6Mk/);
    const ob = buildOpenBadgeCredential(badgeInput(didKey)) as unknown as Record<string, unknown>;
    const res = await post('/credentials/issue', { credential: ob }, token);
    expect(res.statusCode, res.body).toBe(201);
    const credential = res.json().verifiableCredential;
    const { result, step } = await verifyWithVerifierCore(credential);
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    expect(step('valid_signature')?.valid).toBe(true);
    expect(step('expiration')?.valid).toBe(true);
    const altered = { ...credential, name: 'Autre chose' };
    expect((await verifyWithVerifierCore(altered)).step('valid_signature')?.valid).not.toBe(true);
    expect((await post('/credentials/verify', { verifiableCredential: credential })).statusCode).toBe(200);

    const list = (await apiOf(p)(owner, 'GET', `/organizations/${slug}/integrations`)).json().tokens as { id: string; name: string; lastUsedAt: string | null }[];
    expect(list).toHaveLength(2);
    const issuing = list.find((t) => t.name === 'credentials:issue')!;
    expect(issuing.lastUsedAt).not.toBeNull();
    const revoke = await p.app.inject({ method: 'DELETE', url: `/api/v1/organizations/${slug}/tokens/${issuing.id}`, headers: { authorization: `Bearer ${owner.token}` } });
    expect(revoke.statusCode).toBe(204);
    expect((await post('/credentials/issue', { credential: plain() }, token)).statusCode).toBe(401);
  });
});
