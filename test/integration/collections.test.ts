// The earner's side of the backpack (issue 6): who sees each credential (private, link, public),
// named and ordered collections, and the opt-in public profile — through the API and the pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiOf, award, createBadge, createOrganization, tutorat } from '../helpers/awards';
import { type TestPlatform, testPlatform } from '../helpers/platform';
import { type TestUser, bearer, createTestUser, signedInAgent } from '../helpers/users';

describe('visibility, collections and the public profile', () => {
  let p: TestPlatform;
  let owner: TestUser;
  let ada: TestUser;
  let bob: TestUser;
  const ids: string[] = [];
  const api = () => apiOf(p);

  beforeAll(async () => {
    p = await testPlatform();
    owner = await createTestUser(p, { email: 'pilote@reseau.example' });
    ada = await createTestUser(p, { email: 'ada@cfa.example', displayName: 'Ada Lovelace' });
    bob = await createTestUser(p, { email: 'bob@ailleurs.example' });
    const slug = await createOrganization(p, owner, 'Communotic');
    for (const name of ['Tutorat', 'Médiation', 'Ingénierie']) {
      const badge = await createBadge(p, owner, slug, { ...tutorat, name });
      ids.push((await award(p, owner, badge, { recipient: { email: ada.email } })).id);
    }
  });
  afterAll(async () => {
    await p.close();
  });

  it('a private credential is found only by its earner and its issuer; link (default) by anyone; only its earner chooses', async () => {
    expect((await api()(null, 'GET', `/credentials/${ids[0]}`)).json().visibility).toBe('link');
    expect((await api()(bob, 'POST', `/credentials/${ids[0]}/visibility`, { visibility: 'private' })).statusCode).toBe(404);
    expect((await api()(owner, 'POST', `/credentials/${ids[0]}/visibility`, { visibility: 'private' })).statusCode).toBe(404);
    expect((await api()(ada, 'POST', `/credentials/${ids[0]}/visibility`, { visibility: 'secret' })).statusCode).toBe(400);
    expect((await api()(ada, 'POST', `/credentials/${ids[0]}/visibility`, { visibility: 'private' })).statusCode).toBe(200);
    expect((await p.app.inject({ url: `/credentials/${ids[0]}` })).statusCode).toBe(404);
    expect((await api()(bob, 'GET', `/credentials/${ids[0]}`)).statusCode).toBe(404);
    expect((await api()(ada, 'GET', `/credentials/${ids[0]}`)).statusCode).toBe(200);
    expect((await api()(owner, 'GET', `/credentials/${ids[0]}`)).statusCode).toBe(200);
    // The earner sets it from the credential's page.
    const agent = signedInAgent(p, ada);
    const page = await agent.get(`/credentials/${ids[1]}`);
    expect(page.body).toContain('Qui voit ce badge');
    expect((await agent.post(`/credentials/${ids[1]}/visibility`, { visibility: 'public' })).statusCode).toBe(303);
    expect((await api()(ada, 'GET', '/backpack')).json().items.find((c: { id: string }) => c.id === ids[1]).visibility).toBe('public');
  });

  it('files credentials in ordered collections; only the owner’s credentials; the page edits it', async () => {
    expect((await api()(ada, 'POST', '/collections', { name: '' })).statusCode).toBe(400);
    const other = (await award(p, owner, (await api()(owner, 'GET', `/credentials/${ids[0]}`)).json().badge, { recipient: { email: bob.email } })).id;
    expect((await api()(ada, 'POST', '/collections', { name: 'x', items: [other] })).statusCode).toBe(400);
    const res = await api()(ada, 'POST', '/collections', { name: 'Numérique éducatif', items: [ids[2], ids[1], ids[0]] });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().items).toEqual([ids[2], ids[1], ids[0]]);
    const id = res.json().id;
    // Reordered from its page, by rank.
    const agent = signedInAgent(p, ada);
    expect((await agent.get(`/collections/${id}`)).body).toContain('Badges de la collection');
    const saved = await agent.post(`/collections/${id}`, { name: 'Numérique éducatif', items: [ids[0]!, ids[1]!], [`rank_${ids[0]}`]: '2', [`rank_${ids[1]}`]: '1' });
    expect(saved.statusCode).toBe(303);
    expect((await api()(ada, 'GET', `/collections/${id}`)).json().items).toEqual([ids[1], ids[0]]);
    // Not public while the profile is not.
    expect((await api()(null, 'GET', `/collections/${id}`)).statusCode).toBe(404);
    expect((await api()(ada, 'GET', '/collections')).json().items).toHaveLength(1);
  });

  it('the public profile shows public credentials and collections holding some, once opted in', async () => {
    const me = (await api()(ada, 'GET', '/me')).json();
    const profileId = me.id ?? me.publicId;
    expect((await p.app.inject({ url: `/people/${profileId}` })).statusCode).toBe(404);
    const res = await p.app.inject({ method: 'PUT', url: '/api/v1/me/profile', headers: bearer(ada), payload: { public: true, bio: 'Formatrice au CFA.' } });
    expect(res.statusCode, res.body).toBe(200);
    const url = new URL(res.json().url);
    const page = await p.app.inject({ url: url.pathname });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Ada Lovelace');
    expect(page.body).toContain('Formatrice au CFA.');
    expect(page.body).toContain('Médiation');
    expect(page.body).not.toContain('>Tutorat<');
    const profile = (await api()(null, 'GET', `/people/${url.pathname.split('/').pop()}`)).json();
    expect(profile.credentials).toEqual([ids[1]]);
    expect(profile.collections).toMatchObject([{ name: 'Numérique éducatif', items: [ids[1]] }]);
    // Mes badges shows the collections and the profile settings.
    const mine = await signedInAgent(p, ada).get('/badges/mine');
    expect(mine.body).toContain('Mes collections');
    expect(mine.body).toContain('Voir mon profil public');
  });

  it('shares: OpenGraph tags on the page, and for its earner the link, LinkedIn’s certification fields and share links; a private one asks not to be indexed', async () => {
    const page = await p.app.inject({ url: `/credentials/${ids[1]}` });
    expect(page.body).toContain('<meta property="og:title" content="Médiation"/>');
    expect(page.body).toContain(`<meta property="og:url" content="http://localhost:3000/credentials/${ids[1]}"/>`);
    expect(page.body).toMatch(/<meta property="og:image" content="http:\/\/localhost:3000\/ob2\/badges\/[^"]+\/image\?v=1"\/>/);
    expect(page.body).not.toContain('Partager ce badge');
    const mine = await signedInAgent(p, ada).get(`/credentials/${ids[1]}`);
    expect(mine.body).toContain('Partager ce badge');
    const linkedIn = /href="(https:\/\/www\.linkedin\.com\/profile\/add\?[^"]+)"/.exec(mine.body)![1]!.replace(/&amp;/g, '&');
    const q = new URL(linkedIn).searchParams;
    expect(Object.fromEntries(q)).toMatchObject({ startTask: 'CERTIFICATION_NAME', name: 'Médiation', organizationName: 'Communotic', certUrl: `http://localhost:3000/credentials/${ids[1]}`, certId: ids[1] });
    const hidden = await signedInAgent(p, ada).get(`/credentials/${ids[0]}`);
    expect(hidden.body).toContain('<meta name="robots" content="noindex, nofollow"/>');
    expect(hidden.body).not.toContain('og:title');
  });

  it('exports everything one holds in one ZIP archive whose signed files verify', async () => {
    const res = await p.app.inject({ url: '/api/v1/backpack/export', headers: bearer(ada) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    const { unzipSync, strFromU8 } = await import('fflate');
    const files = unzipSync(new Uint8Array(res.rawPayload));
    const account = JSON.parse(strFromU8(files['account.json']!));
    expect(account).toMatchObject({ name: 'Ada Lovelace', emails: [ada.email], profile: { public: true } });
    const index = JSON.parse(strFromU8(files['credentials/index.json']!));
    expect(index.map((c: { id: string }) => c.id).sort()).toEqual([...ids].sort());
    for (const id of ids) {
      expect(JSON.parse(strFromU8(files[`credentials/${id}.json`]!)).proof).toBeTruthy();
      expect(strFromU8(files[`credentials/${id}.jwt`]!).split('.')).toHaveLength(3);
    }
    expect(JSON.parse(strFromU8(files['collections.json']!))).toMatchObject([{ name: 'Numérique éducatif' }]);
    expect(JSON.parse(strFromU8(files['imported/index.json']!))).toEqual([]);
    const signed = JSON.parse(strFromU8(files[`credentials/${ids[2]}.json`]!));
    expect((await apiOf(p)(null, 'POST', '/verify', signed)).json().valid).toBe(true);
    // From "Mes badges" too.
    const page = await signedInAgent(p, ada).get('/badges/mine/export');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-disposition']).toMatch(/^attachment; filename="blason-.*\.zip"$/);
  });

  it('deletes an account once its password confirms it — refused to an organisation’s last owner; the credentials issued stay verifiable', async () => {
    const { hashPassword } = await import('../../src/accounts/passwords');
    const setPassword = async (user: TestUser) => p.deps.db.updateTable('users').set({ password_hash: await hashPassword('correct horse battery') }).where('id', '=', user.id).execute();
    await setPassword(ada);
    await setPassword(owner);
    const del = (user: TestUser, password: string) => p.app.inject({ method: 'DELETE', url: '/api/v1/me', headers: bearer(user), payload: { password } });
    expect((await del(ada, 'wrong password')).statusCode).toBe(400);
    const refused = await del(owner, 'correct horse battery');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('Communotic');
    // From the account page.
    const agent = signedInAgent(p, ada);
    expect((await agent.get('/account')).body).toContain('Supprimer mon compte');
    const done = await agent.post('/account/delete', { deletePassword: 'correct horse battery' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/');
    expect(await p.deps.db.selectFrom('users').select('id').where('id', '=', ada.id).execute()).toEqual([]);
    expect(await p.deps.db.selectFrom('collections').select('id').execute()).toEqual([]);
    expect((await api()(ada, 'GET', '/me')).statusCode).toBe(401);
    // The credentials issued to her stay, and verify.
    const signed = (await api()(owner, 'GET', `/credentials/${ids[2]}`)).json().credential;
    expect((await api()(null, 'POST', '/verify', signed)).json().valid).toBe(true);
  });

  it('keeps a credential’s evidence off its public page until its earner shows it', async () => {
    const carol = await createTestUser(p, { email: 'carol@cfa.example' });
    const badge = (await api()(owner, 'GET', `/credentials/${ids[2]}`)).json().badge;
    const { id } = await award(p, owner, badge, { recipient: { email: carol.email }, evidence: ['https://example.org/preuves/carol-portfolio'] });
    const url = 'https://example.org/preuves/carol-portfolio';
    expect((await p.app.inject({ url: `/credentials/${id}` })).body).not.toContain(url);
    expect((await signedInAgent(p, carol).get(`/credentials/${id}`)).body).toContain(url);
    expect((await signedInAgent(p, owner).get(`/credentials/${id}`)).body).toContain(url);
    const agent = signedInAgent(p, carol);
    await agent.get(`/credentials/${id}`);
    expect((await agent.post(`/credentials/${id}/visibility`, { visibility: 'link', evidenceField: '1', showEvidence: 'on' })).statusCode).toBe(303);
    expect((await p.app.inject({ url: `/credentials/${id}` })).body).toContain(url);
    expect((await api()(carol, 'POST', `/credentials/${id}/visibility`, { visibility: 'link', showEvidence: false })).statusCode).toBe(200);
    expect((await p.app.inject({ url: `/credentials/${id}` })).body).not.toContain(url);
  });
});
