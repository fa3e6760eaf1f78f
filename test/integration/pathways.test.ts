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

  it('creates a pathway from the form (empty rows ignored, translated errors), as a template', async () => {
    const agent = signedInAgent(p, owner);
    const form = await agent.get(`/organizations/${slug}/pathways/new`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Publier comme modèle');
    expect((await signedInAgent(p, ada).get(`/organizations/${slug}/pathways/new`)).statusCode).toBe(404);
    const bad = await agent.post(`/organizations/${slug}/pathways`, { name: '', step0_name: 'Découvrir' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Donnez un nom au parcours.');
    expect(bad.body).toContain('Cochez au moins un badge pour l’étape.');
    const ok = await agent.post(`/organizations/${slug}/pathways`, {
      name: 'Robotique — modèle national',
      template: 'on',
      step0_name: 'Découvrir',
      step0_badges: [ids[0]!, ids[1]!],
      step1_name: 'Construire',
      step1_badges: [ids[2]!, ids[3]!],
      step1_count: '1',
      step2_name: 'Partager',
      step2_badges: ids[4]!,
      step2_open: 'on',
    });
    expect(ok.statusCode, ok.body).toBe(303);
    const id = ok.headers.location!.split('/').pop()!;
    const body = (await api()(null, 'GET', `/pathways/${id}`)).json();
    expect(body).toMatchObject({ template: true, status: 'published', source: null });
    expect(body.steps).toEqual([
      { name: 'Découvrir', badges: [ids[0], ids[1]] },
      { name: 'Construire', badges: [ids[2], ids[3]], count: 1 },
      { name: 'Partager', badges: [ids[4]], requires: [] },
    ]);
  });

  it('copies a template into another organisation: its badges as drafts linked to their source, the pathway linked to the template', async () => {
    const template = (await api()(owner, 'POST', `/organizations/${slug}/pathways`, { name: 'Modèle robotique', template: true, steps: [{ name: 'Découvrir', badges: [ids[0], ids[1]] }, { name: 'Transmettre', badges: [ids[4]] }] })).json();
    const plain = (await api()(owner, 'POST', `/organizations/${slug}/pathways`, { name: 'Pas un modèle', steps: [{ name: 'a', badges: [ids[0]] }] })).json();
    const dept = await createTestUser(p, { email: 'numerique@departement.example' });
    const deptSlug = await createOrganization(p, dept, 'Département de la Manche');
    expect((await api()(dept, 'POST', `/pathways/${plain.id}/copy`, { organization: deptSlug })).statusCode).toBe(409);
    expect((await api()(dept, 'POST', `/pathways/${template.id}/copy`, { organization: slug })).statusCode).toBe(403);
    // The department's designer copies it from the template's page.
    const agent = signedInAgent(p, dept);
    const page = await agent.get(`/pathways/${template.id}`);
    expect(page.body).toContain('Copier ce modèle de parcours');
    const copied = await agent.post(`/pathways/${template.id}/copy`, { organization: deptSlug });
    expect(copied.statusCode, copied.body).toBe(303);
    const copyId = copied.headers.location!.split('/').pop()!;
    const copy = (await api()(dept, 'GET', `/pathways/${copyId}`)).json();
    expect(copy).toMatchObject({ organization: deptSlug, status: 'draft', source: template.id, template: false, name: 'Modèle robotique' });
    const copiedBadges: string[] = copy.steps.flatMap((s: { badges: string[] }) => s.badges);
    expect(copiedBadges).toHaveLength(3);
    expect(copiedBadges.some((b) => ids.includes(b))).toBe(false);
    const rows = await p.deps.db
      .selectFrom('badges as b')
      .innerJoin('badges as src', 'src.id', 'b.source_badge_id')
      .innerJoin('organizations as o', 'o.id', 'b.organization_id')
      .select(['b.public_id', 'b.status', 'src.public_id as source', 'o.slug'])
      .where('b.public_id', 'in', copiedBadges)
      .execute();
    expect(rows.map((r) => r.source).sort()).toEqual([ids[0], ids[1], ids[4]].sort());
    expect(new Set(rows.map((r) => `${r.status}:${r.slug}`))).toEqual(new Set([`draft:${deptSlug}`]));
    // A draft until published; then public.
    expect((await p.app.inject({ url: `/pathways/${copyId}` })).statusCode).toBe(404);
    expect((await agent.get(`/pathways/${copyId}`)).body).toContain('Copié du modèle');
    expect((await api()(dept, 'POST', `/pathways/${copyId}/publish`)).statusCode).toBe(200);
    expect((await p.app.inject({ url: `/pathways/${copyId}` })).statusCode).toBe(200);
  });
});
