// Awarding through the API, end to end: every issued form verifies — with Blason's verifier (its
// loader serving the organisation's DID document and status list), with jose against the JWKS, and
// from the baked PNG and SVG — and a revocation turns the status check red everywhere.
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPngCredential, readSvgCredential, verifyCredential } from '../../src/credentials';
import { organizationDid } from '../../src/issuers/issuers.service';
import { addMember, apiOf, award, claimToken, communiquer, createBadge, createOrganization, platformLoader, queuedMails, tutorat } from '../helpers/awards';
import { type TestPlatform, testPlatform } from '../helpers/platform';
import { type TestUser, createTestUser } from '../helpers/users';

const BASE = 'http://localhost:3000';

describe('awarding and verifying credentials', () => {
  let p: TestPlatform;
  let owner: TestUser;
  let issuer: TestUser;
  let reviewer: TestUser;
  let stranger: TestUser;
  let slug = '';
  let badgeId = '';
  let plainBadgeId = '';
  let now = new Date('2025-01-15T10:00:00Z');
  const api = () => apiOf(p);

  beforeAll(async () => {
    p = await testPlatform({ clock: { now: () => now } });
    owner = await createTestUser(p, { email: 'owner@region.example' });
    issuer = await createTestUser(p, { email: 'issuer@region.example', locale: 'en' });
    reviewer = await createTestUser(p, { email: 'reviewer@region.example' });
    stranger = await createTestUser(p, { email: 'stranger@else.example' });
    slug = await createOrganization(p, owner, 'Région Normandie');
    await addMember(p, slug, issuer, ['issuer']);
    await addMember(p, slug, reviewer, ['reviewer']);
    badgeId = await createBadge(p, owner, slug, communiquer);
    plainBadgeId = await createBadge(p, owner, slug, tutorat);
  });
  afterAll(async () => {
    await p.close();
  });

  it('issues an OB 3.0 credential (201 {id, credential}) that verifies, with the level and the default expiry', async () => {
    const { id, credential } = await award(p, issuer, badgeId, {
      recipient: { email: 'Ada@Example.org', name: 'Ada Lovelace' },
      narrative: 'Anime les réunions de l’équipe.',
      level: 'Je maîtrise',
      evidence: 'https://example.org/portfolio/ada',
    });
    expect(id).toMatch(/^[a-z2-9]{16}$/);
    const did = organizationDid(BASE, slug);
    expect(credential).toMatchObject({
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
      id: `${BASE}/credentials/${id}`,
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: { id: did, type: ['Profile'], name: 'Région Normandie', url: `${BASE}/organizations/${slug}` },
      validFrom: '2025-01-15T10:00:00Z',
      validUntil: '2028-01-15T10:00:00Z',
      credentialSubject: {
        achievement: { id: `${BASE}/badges/${badgeId}`, name: 'Communiquer' },
        result: [{ type: ['Result'], resultDescription: `${BASE}/badges/${badgeId}#levels`, achievedLevel: `${BASE}/badges/${badgeId}#level-2` }],
        narrative: 'Anime les réunions de l’équipe.',
      },
      evidence: [{ type: ['Evidence'], id: 'https://example.org/portfolio/ada' }],
      credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '0' },
      proof: { type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', verificationMethod: `${did}#key-1` },
    });
    const subject = credential.credentialSubject as { identifier: { identityHash: string; salt: string }[] };
    expect(JSON.stringify(credential)).not.toContain('ada@example.org');
    expect(subject.identifier[0]!.identityHash).toMatch(/^sha256\$[0-9a-f]{64}$/);

    const result = await verifyCredential(credential, { documentLoader: platformLoader(p), now, recipient: { value: 'ada@example.org' } });
    expect(result.checks.filter((c) => !c.passed)).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.valid).toBe(true);

    const stored = await api()(null, 'GET', `/credentials/${id}`);
    expect(stored.json()).toMatchObject({ id, status: 'active', state: 'pending', level: 'Je maîtrise', recipient: { kind: 'email', name: 'Ada Lovelace' } });
    expect(stored.json().recipient.email).toBeUndefined(); // the public never sees the address
    expect((await api()(issuer, 'GET', `/credentials/${id}`)).json().recipient.email).toBe('ada@example.org');
  });

  it('mails the claim link to the recipient, in the same transaction as the credential', async () => {
    const mails = (await queuedMails(p, 'ada@example.org')).filter((m) => m.template === 'awards.claim');
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ locale: 'en', params: { badge: 'Communiquer', issuer: 'Région Normandie', days: '60', organization: '' } });
    expect(mails[0]!.params.url).toMatch(new RegExp(`^${BASE}/claim/[\\w-]{43}$`));
    await p.drain();
    const sent = await p.deps.db.selectFrom('mails').selectAll().where('to_address', '=', 'ada@example.org').execute();
    expect(sent[0]!.subject).toBe('You have received the badge “Communiquer”');
    expect(sent[0]!.text_body).toContain(`/claim/${await claimToken(p, 'ada@example.org')}`);
  });

  it('serves the JSON-LD at the credential URL and the VC-JWT, which verifies with jose against the JWKS', async () => {
    const { id } = await award(p, issuer, plainBadgeId, { recipient: { email: 'grace@example.org' } });
    const ld = await p.app.inject({ url: `/credentials/${id}`, headers: { accept: 'application/ld+json' } });
    expect(ld.statusCode).toBe(200);
    expect(ld.headers['content-type']).toContain('application/ld+json');
    expect(ld.json().id).toBe(`${BASE}/credentials/${id}`);
    expect(ld.json()).not.toHaveProperty('validUntil'); // the badge has no validity
    const jwtRes = await p.app.inject({ url: `/credentials/${id}?format=jwt` });
    expect(jwtRes.headers['content-disposition']).toBe(`attachment; filename="tutorat-${id}.jwt"`);
    const jwks = (await p.app.inject({ url: `/organizations/${slug}/jwks.json` })).json();
    const { payload, protectedHeader } = await jwtVerify(jwtRes.body, createLocalJWKSet(jwks), { issuer: organizationDid(BASE, slug), currentDate: now });
    expect(protectedHeader.alg).toBe('EdDSA');
    expect(payload.jti).toBe(`${BASE}/credentials/${id}`);
    expect(payload.credentialSubject).toEqual(ld.json().credentialSubject);
    const result = await verifyCredential(jwtRes.body, { documentLoader: platformLoader(p), now });
    expect(result.checks.filter((c) => !c.passed)).toEqual([]);
    expect(result.format).toBe('jwt');
  });

  it('bakes the credential into PNG and SVG downloads that verify', async () => {
    const { id, credential } = await award(p, owner, badgeId, { recipient: { email: 'ada@example.org' } });
    const png = await p.app.inject({ url: `/credentials/${id}?format=png` });
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.headers['content-disposition']).toBe(`attachment; filename="communiquer-${id}.png"`);
    expect(JSON.parse(readPngCredential(png.rawPayload)!)).toEqual(credential);
    const svg = await p.app.inject({ url: `/credentials/${id}?format=svg` });
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    expect(JSON.parse(readSvgCredential(svg.body)!)).toEqual(credential);
    for (const file of [png.rawPayload, svg.rawPayload]) {
      const result = await verifyCredential(new Uint8Array(file), { documentLoader: platformLoader(p), now });
      expect(result.checks.filter((c) => !c.passed)).toEqual([]);
    }
  });

  it('revokes with a reason: the status list says so, the verifier reports status.revoked, the API and the revocation list too', async () => {
    const { id, credential } = await award(p, issuer, badgeId, { recipient: { email: 'eve@example.org' }, level: 'I' });
    expect((await api()(issuer, 'POST', `/credentials/${id}/revoke`, { reason: '' })).statusCode).toBe(400);
    expect((await api()(issuer, 'POST', `/credentials/${id}/revoke`, { reason: 'x'.repeat(501) })).json().error.fields.reason).toBe('Enter at most 500 characters.');
    expect((await api()(reviewer, 'POST', `/credentials/${id}/revoke`, { reason: 'Fraude' })).statusCode).toBe(403);
    const res = await api()(issuer, 'POST', `/credentials/${id}/revoke`, { reason: 'Preuves falsifiées' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id, status: 'revoked', revocationReason: 'Preuves falsifiées', level: 'Je pratique' });
    expect((await api()(issuer, 'POST', `/credentials/${id}/revoke`, { reason: 'Encore' })).statusCode).toBe(409);

    const result = await verifyCredential(credential, { documentLoader: platformLoader(p), now });
    expect(result.valid).toBe(false);
    expect(result.checks.find((c) => c.id === 'status')).toMatchObject({ passed: false, code: 'status.revoked' });
    expect(result.checks.filter((c) => !c.passed).map((c) => c.id)).toEqual(['status']);

    const entry = credential.credentialStatus as { statusListCredential: string };
    const list = await p.app.inject({ url: entry.statusListCredential.slice(BASE.length) });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({ type: ['VerifiableCredential', 'BitstringStatusListCredential'], issuer: organizationDid(BASE, slug), credentialSubject: { statusPurpose: 'revocation' } });
    const revocations = (await p.app.inject({ url: `/organizations/${slug}/revocations` })).json();
    expect(revocations.revokedCredential).toEqual([{ id: `${BASE}/credentials/${id}`, revoked: true, revocationReason: 'Preuves falsifiées' }]);
    // The other credentials of the same list are still valid.
    const other = await award(p, issuer, badgeId, { recipient: { email: 'frank@example.org' } });
    expect((await verifyCredential(other.credential, { documentLoader: platformLoader(p), now })).valid).toBe(true);
  });

  it('takes expiry from the badge validity and reports expired once the clock passes it', async () => {
    const { id } = await award(p, issuer, badgeId, { recipient: { email: 'old@example.org' }, issuedAt: '2024-12-31' });
    const view = (await api()(null, 'GET', `/credentials/${id}`)).json();
    expect(view).toMatchObject({ validFrom: '2024-12-31T00:00:00.000Z', validUntil: '2027-12-31T00:00:00.000Z', status: 'active' });
    const saved = now;
    now = new Date('2028-01-02T00:00:00Z');
    try {
      expect((await api()(null, 'GET', `/credentials/${id}`)).json().status).toBe('expired');
      expect((await p.app.inject({ url: `/credentials/${id}` })).body).toContain('Expiré');
    } finally {
      now = saved;
    }
    const custom = await award(p, issuer, badgeId, { recipient: { email: 'old@example.org' }, validUntil: '2025-06-30' });
    expect(custom.credential.validUntil).toBe('2025-06-30T00:00:00Z');
    const none = await award(p, issuer, badgeId, { recipient: { email: 'old@example.org' }, validUntil: null });
    expect(none.credential).not.toHaveProperty('validUntil');
  });

  it('validates the input, in the issuer’s language: levels against the badge’s, dates, recipient, evidence', async () => {
    const bad = async (badge: string, body: object) => {
      const res = await api()(issuer, 'POST', `/badges/${badge}/credentials`, body);
      expect(res.statusCode, res.body).toBe(400);
      return res.json().error.fields as Record<string, string>;
    };
    expect((await bad(badgeId, { recipient: { email: 'a@example.org' }, level: 'Expert' })).level).toBe('Choose one of the badge’s levels: Je pratique, Je maîtrise.');
    expect((await bad(plainBadgeId, { recipient: { email: 'a@example.org' }, level: 'I' })).level).toBe('This badge has no levels.');
    expect((await bad(badgeId, { recipient: { email: 'a@example.org' }, validUntil: '2024-01-01' })).validUntil).toBe('The end of validity must come after the award date.');
    expect((await bad(badgeId, { recipient: { email: 'a@example.org' }, issuedAt: '2030-01-01' })).issuedAt).toBe('The award date cannot be in the future.');
    expect((await bad(badgeId, { recipient: { email: 'a@example.org' }, issuedAt: 'hier' })).issuedAt).toBe('Enter a date (YYYY-MM-DD).');
    expect((await bad(badgeId, { recipient: {} }))['recipient.email']).toBe('Give either an e-mail address or an organisation.');
    expect((await bad(badgeId, { recipient: { email: 'pas-une-adresse' } }))['recipient.email']).toBe('Enter a valid e-mail address.');
    expect((await bad(badgeId, { recipient: { organization: 'nulle-part' } }))['recipient.organization']).toBe('No organisation has this identifier.');
    expect(Object.keys(await bad(badgeId, { recipient: { email: 'a@example.org' }, evidence: [{ name: 'sans lien' }] }))).toEqual(['evidence.0']);
    expect(await p.deps.db.selectFrom('credentials').select('id').where('recipient_email', '=', 'a@example.org').execute()).toEqual([]);
  });

  it('awards to an organisation: the subject is its DID, the claim mail goes to its owners and admins', async () => {
    const cfaOwner = await createTestUser(p, { email: 'direction@cfa.example' });
    const cfaAdmin = await createTestUser(p, { email: 'admin@cfa.example', locale: 'en' });
    const cfaDesigner = await createTestUser(p, { email: 'designer@cfa.example' });
    const cfa = await createOrganization(p, cfaOwner, 'CFA du Bocage');
    await addMember(p, cfa, cfaAdmin, ['admin']);
    await addMember(p, cfa, cfaDesigner, ['designer']);
    const { id, credential } = await award(p, issuer, plainBadgeId, { recipient: { organization: cfa } });
    expect(credential.credentialSubject).toMatchObject({ id: organizationDid(BASE, cfa) });
    expect(credential.credentialSubject).not.toHaveProperty('identifier');
    expect((await verifyCredential(credential, { documentLoader: platformLoader(p), now })).valid).toBe(true);
    const claims = (await queuedMails(p)).filter((m) => m.template === 'awards.claim' && m.params.organization === 'CFA du Bocage');
    expect(claims.map((m) => [m.to, m.locale])).toEqual([
      ['direction@cfa.example', 'fr'],
      ['admin@cfa.example', 'en'],
    ]);
    const view = (await api()(null, 'GET', `/credentials/${id}`)).json();
    expect(view.recipient).toEqual({ kind: 'organization', organization: cfa, name: null });
  });

  it('checks permissions: reviewers and strangers get 403, drafts and archived badges 409', async () => {
    const body = { recipient: { email: 'z@example.org' } };
    expect((await api()(reviewer, 'POST', `/badges/${badgeId}/credentials`, body)).statusCode).toBe(403);
    expect((await api()(stranger, 'POST', `/badges/${badgeId}/credentials`, body)).statusCode).toBe(403);
    expect((await api()(null, 'POST', `/badges/${badgeId}/credentials`, body)).statusCode).toBe(401);
    const draft = await createBadge(p, owner, slug, { ...tutorat, name: 'Brouillon', blason: {} });
    const res = await api()(issuer, 'POST', `/badges/${draft}/credentials`, body);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toBe('Only a published badge can be awarded (this one is a draft or archived).');
    expect((await api()(stranger, 'POST', `/badges/${draft}/credentials`, body)).statusCode).toBe(404); // drafts are hidden
    expect((await api()(owner, 'POST', `/badges/${plainBadgeId}/archive`)).statusCode).toBe(200);
    expect((await api()(issuer, 'POST', `/badges/${plainBadgeId}/credentials`, body)).statusCode).toBe(409);
    expect((await api()(owner, 'POST', `/badges/${plainBadgeId}/unarchive`)).statusCode).toBe(200);
    const list = await api()(issuer, 'GET', `/badges/${badgeId}/credentials`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.length).toBeGreaterThan(3);
    expect((await api()(reviewer, 'GET', `/badges/${badgeId}/credentials`)).statusCode).toBe(403);
  });

  it('describes its routes in the OpenAPI document', async () => {
    const { paths } = (await p.app.inject({ url: '/api/v1/openapi.json' })).json();
    expect(Object.keys(paths['/badges/{id}/credentials'])).toEqual(['post', 'get']);
    expect(paths['/credentials/{id}'].get.security).toEqual([]);
    for (const path of ['/credentials/{id}/revoke', '/credentials/{id}/accept', '/credentials/{id}/decline']) expect(paths[path].post).toBeDefined();
    expect(paths['/me/credentials'].get).toBeDefined();
  });

  it('gives every credential its own status list index, atomically, even at once', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => award(p, issuer, plainBadgeId, { recipient: { email: `many${i}@example.org` } })));
    const indexes = results.map((r) => (r.credential.credentialStatus as { statusListIndex: string }).statusListIndex);
    expect(new Set(indexes).size).toBe(6);
    const rows = await p.deps.db.selectFrom('credentials').select(['status_list_id', 'status_list_index']).execute();
    expect(new Set(rows.map((r) => `${r.status_list_id}:${r.status_list_index}`)).size).toBe(rows.length);
  });
});
