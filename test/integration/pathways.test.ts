// Pathways (scenario D) through the API and their page: created from existing badges, refused with
// unknown badges, read by anyone, with the signed-in earner's progress and what comes next.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiOf, award, createBadge, createOrganization } from '../helpers/awards';
import { type TestPlatform, testPlatform } from '../helpers/platform';
import { type TestUser, createTestUser, signedInAgent } from '../helpers/users';

describe('pathways', () => {
  let p: TestPlatform;
  let owner: TestUser;
  let ada: TestUser;
  let slug = '';
  const ids: string[] = [];
  const api = () => apiOf(p);

  beforeAll(async () => {
    p = await testPlatform();
    owner = await createTestUser(p, { email: 'canope@reseau.example' });
    ada = await createTestUser(p, { email: 'ada@ecole.example' });
    slug = await createOrganization(p, owner, 'Réseau Canopé');
    for (const name of ['Découvrir la robotique', 'Programmer par blocs', 'Thymio', 'mBot', 'Animer un atelier'])
      ids.push(await createBadge(p, owner, slug, { name, description: `Badge ${name}.`, criteria: { narrative: 'Critères.' }, blason: { status: 'published' } }));
  });
  afterAll(async () => {
    await p.close();
  });

  it('creates a pathway from existing badges and shows an earner where they are', async () => {
    const bad = await api()(owner, 'POST', `/organizations/${slug}/pathways`, { name: 'Robotique éducative', steps: [{ name: 'Découvrir', badges: ['nope'] }] });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().error.fields)).toContain('Le badge « nope » n’existe pas.');
    expect((await api()(ada, 'POST', `/organizations/${slug}/pathways`, { name: 'x', steps: [{ name: 'a', badges: [ids[0]] }] })).statusCode).toBe(403);

    const res = await api()(owner, 'POST', `/organizations/${slug}/pathways`, {
      name: 'Robotique éducative',
      description: 'Pour les enseignants du premier degré.',
      steps: [
        { name: 'Découvrir', badges: [ids[0], ids[1]] },
        { name: 'Construire', badges: [ids[2], ids[3]], count: 1 },
        { name: 'Transmettre', badges: [ids[4]] },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id;
    expect((await api()(null, 'GET', `/pathways/${id}`)).json()).toMatchObject({ name: 'Robotique éducative', progress: null });

    for (const badge of [ids[0]!, ids[1]!, ids[3]!]) await award(p, owner, badge, { recipient: { email: ada.email } });
    const mine = (await api()(ada, 'GET', `/pathways/${id}`)).json();
    expect(mine.progress).toMatchObject({ next: [2], complete: false });
    expect(mine.progress.steps.map((s: { state: string }) => s.state)).toEqual(['done', 'done', 'open']);

    const page = await signedInAgent(p, ada).get(`/pathways/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Votre progression : 2 étape(s) sur 3. Et maintenant : Étape 3 : Transmettre.');
    expect(page.body).toContain('Obtenir 1 de ces badges.');
    expect(page.body).toMatch(/mBot<\/a><strong> ✓ obtenu/);
    const anonymous = await p.app.inject({ url: `/pathways/${id}` });
    expect(anonymous.body).toContain('Connectez-vous pour voir où vous en êtes.');
    expect((await p.app.inject({ url: '/pathways/nope' })).statusCode).toBe(404);
    // Found from the organisation's page.
    const org = await p.app.inject({ url: `/organizations/${slug}` });
    expect(org.body).toContain(`<a href="/pathways/${id}">Robotique éducative</a>`);
  });
});
