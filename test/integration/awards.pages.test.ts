// The pages of awarding, as a browser uses them (forms with their CSRF token): the award form on the
// badge page, the credential page, the revoke form, the claim link, "My badges" and the staff's list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, award, claimToken, communiquer, createBadge, createOrganization, tutorat } from '../helpers/awards';
import { formAgent } from '../helpers/forms';
import { type TestPlatform, testPlatform } from '../helpers/platform';
import { type TestUser, createTestUser, signedInAgent } from '../helpers/users';

describe('award pages', () => {
  let p: TestPlatform;
  let owner: TestUser;
  let reviewer: TestUser;
  let ada: TestUser;
  let slug = '';
  let badgeId = '';
  let now = new Date('2025-03-01T09:00:00Z');

  beforeAll(async () => {
    p = await testPlatform({ clock: { now: () => now } });
    owner = await createTestUser(p, { email: 'owner@region.example' });
    reviewer = await createTestUser(p, { email: 'reviewer@region.example' });
    ada = await createTestUser(p, { email: 'ada@example.org', displayName: 'Ada' });
    slug = await createOrganization(p, owner, 'Région Normandie');
    await addMember(p, slug, reviewer, ['reviewer']);
    badgeId = await createBadge(p, owner, slug, communiquer);
  });
  afterAll(async () => {
    await p.close();
  });

  it('shows the award form on the badge page to the staff only, with a level select', async () => {
    const page = await signedInAgent(p, owner).get(`/badges/${badgeId}`);
    expect(page.body).toContain('id="award-heading"');
    expect(page.body).toContain(`action="/badges/${badgeId}/award"`);
    expect(page.body).toContain('<option value="Je maîtrise">Je maîtrise</option>');
    for (const field of ['recipient_kind-email', 'recipient_kind-organization', 'email', 'organization', 'name', 'level', 'narrative', 'evidence', 'valid_until'])
      expect(page.body).toContain(`id="f-${field}"`);
    expect((await signedInAgent(p, reviewer).get(`/badges/${badgeId}`)).body).not.toContain('id="award-heading"');
    expect((await p.app.inject({ url: `/badges/${badgeId}` })).body).not.toContain('id="award-heading"');
    expect((await signedInAgent(p, reviewer).get(`/badges/${badgeId}/award`)).statusCode).toBe(403);
  });

  it('shows errors next to the fields and awards nothing on bad input', async () => {
    const agent = signedInAgent(p, owner);
    await agent.get(`/badges/${badgeId}/award`);
    const res = await agent.post(`/badges/${badgeId}/award`, { recipient_kind: 'email', email: '', name: 'Ada', valid_until: '2020-01-01' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('class="error-summary"');
    expect(res.body).toMatch(/id="f-email-error">Indiquez soit une adresse e-mail, soit une organisation\./);
    const org = await agent.post(`/badges/${badgeId}/award`, { recipient_kind: 'organization', organization: 'inconnue' });
    expect(org.body).toMatch(/id="f-organization-error">Aucune organisation ne porte cet identifiant\./);
    expect(org.body).toContain('value="inconnue"');
    expect(await p.deps.db.selectFrom('credentials').select('id').execute()).toEqual([]);
  });

  it('awards from the form and lands on the credential page with a flash; the public page hides the address', async () => {
    const agent = signedInAgent(p, owner);
    await agent.get(`/badges/${badgeId}`);
    const res = await agent.post(`/badges/${badgeId}/award`, {
      recipient_kind: 'email',
      email: 'ada@example.org',
      name: 'Ada Lovelace',
      level: 'Je pratique',
      narrative: 'Anime les réunions.',
      evidence: 'https://example.org/preuve',
      valid_until: '2026-03-01',
    });
    expect(res.statusCode, res.body).toBe(303);
    const id = String(res.headers.location).replace('/credentials/', '');
    const page = await agent.follow(res);
    expect(page.body).toContain('Badge attribué et signé.');
    expect(page.body).toContain('ada@example.org'); // staff see the address
    expect(page.body).toContain('id="revoke-heading"');
    const pub = await p.app.inject({ url: `/credentials/${id}` });
    expect(pub.headers['content-type']).toContain('text/html');
    expect(pub.body).toContain('<h1 style="margin-top:.5rem">Communiquer</h1>');
    expect(pub.body).toContain('Ada Lovelace — une adresse e-mail, inscrite chiffrée (hachée) dans le badge');
    expect(pub.body).not.toContain('ada@example.org');
    expect(pub.body).toContain('<strong>Valide</strong>');
    expect(pub.body).toContain('1 mars 2026');
    expect(pub.body).toContain('Je pratique');
    // Evidence stays private until the earner shows it (issue 6).
    expect(pub.body).not.toContain('href="https://example.org/preuve"');
    for (const format of ['png', 'svg', 'json', 'jwt', 'png2']) expect(pub.body).toContain(`href="/credentials/${id}?format=${format}"`);
    expect(pub.body).toContain(`href="/verify?url=${encodeURIComponent(`http://localhost:3000/credentials/${id}`)}"`);
    expect(pub.body).not.toContain('id="revoke-heading"');
  });

  it('lets the recipient accept with the claim link, without an account', async () => {
    const token = await claimToken(p, 'ada@example.org');
    const agent = formAgent(p.app);
    const page = await agent.get(`/claim/${token}`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.body).toContain('Vous avez reçu le badge « Communiquer »');
    expect(page.body).toContain('Ada Lovelace (ada@example.org)');
    const res = await agent.post(`/claim/${token}/accept`, {});
    expect(res.statusCode).toBe(303);
    expect((await agent.follow(res)).body).toContain('Badge accepté.');
    expect((await agent.get(`/claim/${token}`)).body).toContain('Vous avez accepté ce badge.');
    const again = await agent.post(`/claim/${token}/decline`, {});
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('Ce badge a déjà été accepté.');
    expect((await p.app.inject({ url: '/claim/not-a-real-token-at-all-xxxxxxxx' })).statusCode).toBe(404);
  });

  it('lists the recipient’s badges in “Mes badges”, to accept or decline there', async () => {
    const pending = await award(p, owner, badgeId, { recipient: { email: 'ada@example.org' } });
    const other = await award(p, owner, badgeId, { recipient: { email: 'ada@example.org' } });
    const agent = signedInAgent(p, ada);
    const mine = await agent.get('/badges/mine');
    expect(mine.body).toContain('<a href="/badges/mine">Mes badges</a>');
    expect(mine.body).toContain('À accepter (2)');
    expect(mine.body).toContain(`action="/credentials/${pending.id}/accept"`);
    expect(mine.body).toContain('Badges acceptés');
    const accepted = await agent.post(`/credentials/${pending.id}/accept`, {});
    expect(accepted.statusCode).toBe(303);
    expect(accepted.headers.location).toBe('/badges/mine');
    expect((await agent.post(`/credentials/${other.id}/decline`, {})).statusCode).toBe(303);
    const after = await agent.get('/badges/mine');
    expect(after.body).not.toContain('À accepter');
    expect(after.body).toContain(`href="/credentials/${pending.id}"`);
    expect(after.body).not.toContain(`href="/credentials/${other.id}"`);
    const api = await p.app.inject({ url: '/api/v1/me/credentials', headers: { authorization: `Bearer ${ada.token}` } });
    expect(api.json().items.map((c: { state: string }) => c.state).sort()).toEqual(['accepted', 'accepted']);
    // Someone else cannot answer for Ada; an unverified address is not enough.
    const third = await award(p, owner, badgeId, { recipient: { email: 'ada@example.org' } });
    expect((await signedInAgent(p, reviewer).post(`/credentials/${third.id}/accept`, {})).statusCode).toBe(403);
    const unverified = await createTestUser(p, { email: 'ghost@example.org', verified: false });
    await award(p, owner, badgeId, { recipient: { email: 'ghost@example.org' } });
    expect((await signedInAgent(p, unverified).get('/badges/mine')).body).toContain('Aucun badge accepté');
    expect((await signedInAgent(p, unverified).get('/badges/mine')).body).not.toContain('À accepter');
    expect((await p.app.inject({ url: '/badges/mine' })).headers.location).toBe('/signin?back=%2Fbadges%2Fmine');
  });

  it('lets the managers of a recipient organisation accept from “Mes badges”', async () => {
    const director = await createTestUser(p, { email: 'direction@cfa.example' });
    const designer = await createTestUser(p, { email: 'designer@cfa.example' });
    const cfa = await createOrganization(p, director, 'CFA du Bocage');
    await addMember(p, cfa, designer, ['designer']);
    const plain = await createBadge(p, owner, slug, tutorat);
    const { id } = await award(p, owner, plain, { recipient: { organization: cfa } });
    expect((await signedInAgent(p, designer).get('/badges/mine')).body).not.toContain(id);
    const agent = signedInAgent(p, director);
    const mine = await agent.get('/badges/mine');
    expect(mine.body).toContain(`action="/credentials/${id}/accept"`);
    expect(mine.body).toContain('CFA du Bocage');
    expect((await signedInAgent(p, designer).post(`/credentials/${id}/accept`, {})).statusCode).toBe(403);
    expect((await agent.post(`/credentials/${id}/accept`, {})).statusCode).toBe(303);
    const pub = await p.app.inject({ url: `/credentials/${id}` });
    expect(pub.body).toContain(`<a href="/organizations/${cfa}">CFA du Bocage</a>`);
  });

  it('revokes from the credential page with a reason; the status shows everywhere', async () => {
    const { id } = await award(p, owner, badgeId, { recipient: { email: 'ada@example.org' } });
    const agent = signedInAgent(p, owner);
    await agent.get(`/credentials/${id}`);
    const empty = await agent.post(`/credentials/${id}/revoke`, { reason: ' ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toMatch(/id="f-reason-error">Ce champ est obligatoire\./);
    const res = await agent.post(`/credentials/${id}/revoke`, { reason: 'Attribué par erreur' });
    expect(res.statusCode).toBe(303);
    const page = await agent.follow(res);
    expect(page.body).toContain('Badge révoqué.');
    expect(page.body).toContain('<strong>Révoqué</strong>');
    expect(page.body).toContain('motif : Attribué par erreur');
    expect(page.body).not.toContain('id="revoke-heading"');
    const english = await p.app.inject({ url: `/credentials/${id}`, headers: { 'accept-language': 'en' } });
    expect(english.body).toContain('<strong>Revoked</strong>');
    expect(english.body).toContain('reason: Attribué par erreur');
    const mine = await signedInAgent(p, ada).get('/badges/mine');
    expect(mine.body).toContain('motif : Attribué par erreur');
    const list = await agent.get(`/badges/${badgeId}/credentials`);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('motif : Attribué par erreur');
    expect(list.body).toContain('Ada Lovelace (ada@example.org)');
    expect((await signedInAgent(p, reviewer).get(`/badges/${badgeId}/credentials`)).statusCode).toBe(403);
  });

  it('expires a claim link after 60 days; the recipient can still accept from “Mes badges”', async () => {
    const { id } = await award(p, owner, badgeId, { recipient: { email: 'ada@example.org' } });
    const token = await claimToken(p, 'ada@example.org');
    const saved = now;
    now = new Date(saved.getTime() + 61 * 86_400_000);
    try {
      const res = await p.app.inject({ url: `/claim/${token}` });
      expect(res.statusCode).toBe(410);
      expect(res.body).toContain('Ce lien a expiré.');
      expect((await signedInAgent(p, ada).post(`/credentials/${id}/accept`, {})).statusCode).toBe(303);
    } finally {
      now = saved;
    }
  });
});
