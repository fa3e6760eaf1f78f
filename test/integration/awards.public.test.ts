// What the public and older backpacks fetch: the downloads baked from each kind of badge image, the
// OB 2.0 hosted Assertion / BadgeClass / Issuer (and the OB 2.0 PNG), a did:key issuer, and the
// declined credential that is gone.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerClaim } from '../../src/awards/claims.service';
import { hashIdentity, readPngCredential, readSvgCredential, verifyCredential } from '../../src/credentials';
import { apiOf, award, claimToken, communiquer, createBadge, createOrganization, platformLoader, tutorat } from '../helpers/awards';
import { type TestPlatform, testPlatform } from '../helpers/platform';
import { type TestUser, createTestUser } from '../helpers/users';

const BASE = 'http://localhost:3000';
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="5" fill="#1b3a8a"/></svg>';

describe('public forms of awarded badges', () => {
  let p: TestPlatform;
  let owner: TestUser;
  let slug = '';
  const api = () => apiOf(p);

  beforeAll(async () => {
    p = await testPlatform();
    owner = await createTestUser(p, { email: 'owner@cfa.example' });
    slug = await createOrganization(p, owner, 'CFA Numérique');
    await p.deps.db.updateTable('organizations').set({ url: 'https://cfa.example', email: 'contact@cfa.example' }).where('slug', '=', slug).execute();
  });
  afterAll(async () => {
    await p.close();
  });

  it('rasterises an SVG badge for the PNG download and keeps it as the SVG download', async () => {
    const badge = await createBadge(p, owner, slug, { ...tutorat, image: `data:image/svg+xml;base64,${Buffer.from(SVG).toString('base64')}` });
    const { id, credential } = await award(p, owner, badge, { recipient: { email: 'ada@example.org' } });
    const png = await p.app.inject({ url: `/credentials/${id}?format=png` });
    expect((await sharp(png.rawPayload).metadata()).format).toBe('png');
    expect(JSON.parse(readPngCredential(png.rawPayload)!)).toEqual(credential);
    const svg = await p.app.inject({ url: `/credentials/${id}?format=svg` });
    expect(svg.body).toContain('<circle cx="5" cy="5" r="5" fill="#1b3a8a"/>');
    expect(JSON.parse(readSvgCredential(svg.body)!)).toEqual(credential);
  });

  it('wraps a PNG badge in SVG for the SVG download; a badge without image gets a drawn disc', async () => {
    const image = await sharp({ create: { width: 64, height: 64, channels: 4, background: '#1e6b35' } }).png().toBuffer();
    const badge = await createBadge(p, owner, slug, { ...tutorat, name: 'Apprentis', image: `data:image/png;base64,${image.toString('base64')}` });
    const { id, credential } = await award(p, owner, badge, { recipient: { email: 'ada@example.org' } });
    const svg = await p.app.inject({ url: `/credentials/${id}?format=svg` });
    const href = /<image width="64" height="64" href="data:image\/png;base64,([A-Za-z0-9+/=]+)"/.exec(svg.body);
    const stored = (await p.app.inject({ url: `/badges/${badge}/image?v=1` })).rawPayload;
    expect(Buffer.from(href![1]!, 'base64').equals(stored)).toBe(true);
    expect((await verifyCredential(svg.rawPayload, { documentLoader: platformLoader(p) })).valid).toBe(true);
    expect(JSON.parse(readSvgCredential(svg.body)!)).toEqual(credential);

    const plain = await createBadge(p, owner, slug, { ...tutorat, name: 'Plan de formation' });
    const drawn = await award(p, owner, plain, { recipient: { email: 'ada@example.org' } });
    const drawnSvg = await p.app.inject({ url: `/credentials/${drawn.id}?format=svg` });
    expect(drawnSvg.body).toContain('>PD</text>');
    const drawnPng = await p.app.inject({ url: `/credentials/${drawn.id}?format=png` });
    expect(await sharp(drawnPng.rawPayload).metadata()).toMatchObject({ format: 'png', width: 512, height: 512 });
    expect((await verifyCredential(drawnPng.rawPayload, { documentLoader: platformLoader(p) })).valid).toBe(true);
  });

  it('serves the OB 2.0 Assertion, BadgeClass and Issuer, and a PNG baked with the assertion URL', async () => {
    const badge = await createBadge(p, owner, slug, { ...communiquer, tag: ['communication'], alignment: [{ targetName: 'ESCO', targetUrl: 'https://esco.ec.europa.eu/x' }] });
    const { id } = await award(p, owner, badge, { recipient: { email: 'Grace@Example.org' }, narrative: 'Bravo', evidence: ['https://example.org/e', 'Un texte'] });
    const salt = (await p.deps.db.selectFrom('credentials').select('salt').where('public_id', '=', id).executeTakeFirstOrThrow()).salt;
    const assertion = await p.app.inject({ url: `/ob2/assertions/${id}` });
    expect(assertion.statusCode).toBe(200);
    expect(assertion.json()).toEqual({
      '@context': 'https://w3id.org/openbadges/v2',
      type: 'Assertion',
      id: `${BASE}/ob2/assertions/${id}`,
      recipient: { type: 'email', hashed: true, salt, identity: hashIdentity('grace@example.org', salt) },
      badge: `${BASE}/ob2/badges/${badge}`,
      verification: { type: 'hosted' },
      issuedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/),
      expires: expect.any(String),
      image: `${BASE}/ob2/badges/${badge}/image?v=1`,
      narrative: 'Bravo',
      evidence: [{ id: 'https://example.org/e' }, { narrative: 'Un texte' }],
    });
    const badgeClass = (await p.app.inject({ url: `/ob2/badges/${badge}` })).json();
    expect(badgeClass).toEqual({
      '@context': 'https://w3id.org/openbadges/v2',
      type: 'BadgeClass',
      id: `${BASE}/ob2/badges/${badge}`,
      name: 'Communiquer',
      description: communiquer.description,
      image: `${BASE}/ob2/badges/${badge}/image?v=1`,
      criteria: { narrative: communiquer.criteria.narrative },
      issuer: `${BASE}/ob2/issuers/${slug}`,
      tags: ['communication'],
      alignment: [{ targetName: 'ESCO', targetUrl: 'https://esco.ec.europa.eu/x' }],
    });
    expect((await p.app.inject({ url: `/ob2/badges/${badge}/image?v=1` })).headers['content-type']).toBe('image/png');
    expect((await p.app.inject({ url: `/ob2/issuers/${slug}` })).json()).toEqual({
      '@context': 'https://w3id.org/openbadges/v2',
      type: 'Issuer',
      id: `${BASE}/ob2/issuers/${slug}`,
      name: 'CFA Numérique',
      url: 'https://cfa.example',
      email: 'contact@cfa.example',
    });
    const png2 = await p.app.inject({ url: `/credentials/${id}?format=png2` });
    expect(readPngCredential(png2.rawPayload, 'openbadges')).toBe(`${BASE}/ob2/assertions/${id}`);
    expect(readPngCredential(png2.rawPayload)).toBeUndefined();

    expect((await api()(owner, 'POST', `/credentials/${id}/revoke`, { reason: 'Erreur de saisie' })).statusCode).toBe(200);
    const revoked = await p.app.inject({ url: `/ob2/assertions/${id}` });
    expect(revoked.statusCode).toBe(410);
    expect(revoked.json()).toMatchObject({ id: `${BASE}/ob2/assertions/${id}`, revoked: true, revocationReason: 'Erreur de saisie' });
  });

  it('signs as did:key when the organisation chose it; its status list too', async () => {
    await p.deps.db.updateTable('organizations').set({ did_method: 'key' }).where('slug', '=', slug).execute();
    const badge = await createBadge(p, owner, slug, { ...tutorat, name: 'Accessibilité' });
    const { id, credential } = await award(p, owner, badge, { recipient: { email: 'ada@example.org' } });
    const issuer = (credential.issuer as { id: string }).id;
    expect(issuer).toMatch(/^did:key:z6Mk/);
    expect((await verifyCredential(credential, { documentLoader: platformLoader(p) })).valid).toBe(true);
    expect((await api()(owner, 'POST', `/credentials/${id}/revoke`, { reason: 'Doublon' })).statusCode).toBe(200);
    const result = await verifyCredential(credential, { documentLoader: platformLoader(p) });
    expect(result.checks.find((c) => c.id === 'status')).toMatchObject({ passed: false, code: 'status.revoked' });
    await p.deps.db.updateTable('organizations').set({ did_method: 'web' }).where('slug', '=', slug).execute();
  });

  it('answers 410 for a declined credential, in every form', async () => {
    const badge = await createBadge(p, owner, slug, { ...tutorat, name: 'Prospection' });
    const { id } = await award(p, owner, badge, { recipient: { email: 'no@example.org' } });
    await answerClaim(p.deps, await claimToken(p, 'no@example.org'), 'decline');
    expect((await p.app.inject({ url: `/credentials/${id}` })).statusCode).toBe(410);
    expect((await p.app.inject({ url: `/credentials/${id}`, headers: { accept: 'application/json' } })).json().error.code).toBe('gone');
    expect((await p.app.inject({ url: `/credentials/${id}?format=png` })).statusCode).toBe(410);
    expect((await api()(null, 'GET', `/credentials/${id}`)).statusCode).toBe(410);
    expect((await p.app.inject({ url: `/ob2/assertions/${id}` })).statusCode).toBe(410);
    expect((await p.app.inject({ url: '/credentials/nope' })).statusCode).toBe(404);
  });
});
