import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getBadgeVersion, isAwardable, getBadge } from '../../src/badges/badges.service';
import { type TestPlatform, testPlatform } from '../helpers/platform';
import { type TestUser, bearer, createTestUser } from '../helpers/users';

const BASE = 'http://localhost:3000';

/** Communotic's badges (seed 000), abridged. */
const communotic = {
  ingenierie: {
    name: 'Référent(e) ingénierie multimodale',
    description: 'Rédige le parcours de formation en prenant en compte l’ensemble des modalités possibles.',
    criteria: { narrative: 'Présenter un parcours multimodal conçu et mis en œuvre dans sa structure.' },
    tag: ['multimodalité', 'Communotic'],
    'blason:translations': { en: { name: 'Multimodal learning design lead', description: 'Designs training paths across modalities.' } },
  },
  outils: {
    name: 'Référent(e) outils numériques pédagogiques',
    description: 'Intègre et met en œuvre les outils numériques nécessaires à une formation multimodale.',
    criteria: { narrative: 'Montrer les outils mis en œuvre et leur suivi.' },
    tag: ['outils'],
  },
};

describe('badges API', () => {
  let p: TestPlatform;
  let owner: TestUser;
  let designer: TestUser;
  let reviewer: TestUser;
  let stranger: TestUser;
  const slug = 'communotic';

  const api = (user: TestUser | null, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
    p.app.inject({ method, url: `/api/v1${url}`, headers: user ? bearer(user) : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });
  const create = async (user: TestUser, body: object, org = slug) => {
    const res = await api(user, 'POST', `/organizations/${org}/badges`, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };

  beforeAll(async () => {
    p = await testPlatform();
    owner = await createTestUser(p, { email: 'owner@communotic.example' });
    designer = await createTestUser(p, { email: 'designer@communotic.example' });
    reviewer = await createTestUser(p, { email: 'reviewer@communotic.example' });
    stranger = await createTestUser(p, { email: 'stranger@else.example', locale: 'en' });
    for (const [name, user] of [['Communotic', owner], ['Région Normandie', stranger]] as const)
      expect((await api(user, 'POST', '/organizations', { name })).statusCode).toBe(201);
    const org = await p.deps.db.selectFrom('organizations').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
    await p.deps.db
      .insertInto('memberships')
      .values([
        { organization_id: org.id, user_id: designer.id, roles: ['designer'] },
        { organization_id: org.id, user_id: reviewer.id, roles: ['reviewer', 'issuer'] },
      ])
      .execute();
  });
  afterAll(async () => {
    await p.close();
  });

  it('creates a draft (201 {id}) and returns it with its OB 3.0 Achievement', async () => {
    const id = await create(owner, { ...communotic.ingenierie, achievementType: 'Badge', blason: { review: { mode: 'holders', quorum: 2 } } });
    expect(id).toMatch(/^[a-z2-9]{16}$/);
    const res = await api(owner, 'GET', `/badges/${id}`);
    expect(res.statusCode).toBe(200);
    const badge = res.json();
    expect(badge).toMatchObject({ id, url: `${BASE}/badges/${id}`, organization: slug, status: 'draft', version: 1 });
    expect(badge.settings).toEqual({ review: { mode: 'holders', quorum: 2 } });
    expect(badge.translations.en.name).toBe('Multimodal learning design lead');
    expect(badge.achievement).toMatchObject({
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
      id: `${BASE}/badges/${id}`,
      type: ['Achievement'],
      name: communotic.ingenierie.name,
      criteria: { narrative: communotic.ingenierie.criteria.narrative },
      achievementType: 'Badge',
      tag: ['multimodalité', 'Communotic'],
      inLanguage: 'fr',
      version: '1',
      creator: { id: `${BASE}/organizations/${slug}`, type: ['Profile'], name: 'Communotic' },
      related: [{ id: `${BASE}/badges/${id}?lang=en`, type: ['Related'], inLanguage: 'en' }],
    });
    expect(badge.achievement.image).toBeUndefined();
  });

  it('lets owners and designers design; reviewers and strangers get 403, anonymous callers 401', async () => {
    expect((await api(designer, 'POST', `/organizations/${slug}/badges`, communotic.outils)).statusCode).toBe(201);
    for (const user of [reviewer, stranger]) {
      const res = await api(user, 'POST', `/organizations/${slug}/badges`, communotic.outils);
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('forbidden');
    }
    expect((await api(null, 'POST', `/organizations/${slug}/badges`, communotic.outils)).statusCode).toBe(401);
  });

  it('hides drafts from everyone but members (404), and shows published badges to all', async () => {
    const id = await create(designer, communotic.outils);
    for (const user of [stranger, null]) {
      expect((await api(user, 'GET', `/badges/${id}`)).statusCode).toBe(404);
      expect((await p.app.inject({ url: `/badges/${id}`, headers: user ? bearer(user) : {} })).statusCode).toBe(404);
      expect((await api(user, 'PATCH', `/badges/${id}`, { name: 'x' })).statusCode).toBe(user ? 404 : 401);
    }
    expect((await api(reviewer, 'GET', `/badges/${id}`)).statusCode).toBe(200);
    expect((await api(reviewer, 'PATCH', `/badges/${id}`, { name: 'x' })).statusCode).toBe(403);
    expect((await api(reviewer, 'POST', `/badges/${id}/publish`)).statusCode).toBe(403);
    expect((await api(designer, 'POST', `/badges/${id}/publish`)).statusCode).toBe(200);
    expect((await api(null, 'GET', `/badges/${id}`)).json().status).toBe('published');
    expect((await api(stranger, 'PATCH', `/badges/${id}`, { name: 'x' })).statusCode).toBe(403);
  });

  it('edits a draft in place and a published badge as a new version; old versions stay readable', async () => {
    const id = await create(owner, { ...communotic.outils, validity: { years: 2 } });
    const draft = await api(owner, 'PATCH', `/badges/${id}`, { name: 'Référent(e) outils numériques' });
    expect(draft.json()).toMatchObject({ version: 1, achievement: { name: 'Référent(e) outils numériques' } });
    await api(owner, 'POST', `/badges/${id}/publish`);
    const v2 = await api(owner, 'PATCH', `/badges/${id}`, { description: 'Nouvelle description.', blason: { validity: { months: 18 } } });
    expect(v2.json()).toMatchObject({ version: 2, status: 'published', settings: { validity: { months: 18 } }, achievement: { version: '2', description: 'Nouvelle description.' } });
    const v1 = await getBadgeVersion(p.deps, id, 1);
    expect(v1.achievement).toMatchObject({ name: 'Référent(e) outils numériques', description: communotic.outils.description });
    const old = await p.app.inject({ url: `/badges/${id}?version=1`, headers: { accept: 'application/ld+json' } });
    expect(old.json()).toMatchObject({ version: '1', description: communotic.outils.description });
    // Settings alone make no version.
    const [a, b, c] = [await create(owner, communotic.outils), await create(owner, communotic.outils), await create(owner, communotic.outils)];
    const rule = { awardRule: { mandatory: [a], groups: [{ of: [b, c], count: 1 }] } };
    const settings = await api(owner, 'PATCH', `/badges/${id}`, rule);
    expect(settings.json()).toMatchObject({ version: 2, settings: { ...rule, validity: { months: 18 } } });
    const same = await api(owner, 'PATCH', `/badges/${id}`, { description: 'Nouvelle description.' });
    expect(same.json().version).toBe(2);
    expect((await api(owner, 'PATCH', `/badges/${id}`, { status: 'archived' })).statusCode).toBe(400);
    expect((await api(owner, 'PATCH', `/badges/${id}`, { validity: { weeks: 3 } })).json().error.fields).toHaveProperty('validity');
  });

  it('publishes, archives and publishes again; archived badges stay public but cannot be awarded', async () => {
    const id = await create(owner, { ...communotic.outils, status: 'published' });
    expect((await api(owner, 'POST', `/badges/${id}/publish`)).statusCode).toBe(409);
    expect((await api(owner, 'POST', `/badges/${id}/unarchive`)).statusCode).toBe(409);
    expect((await api(owner, 'POST', `/badges/${id}/archive`)).json().status).toBe('archived');
    expect(isAwardable(await getBadge(p.deps, null, id))).toBe(false);
    expect((await api(null, 'GET', `/badges/${id}`)).statusCode).toBe(200);
    expect((await api(owner, 'POST', `/badges/${id}/unarchive`)).json().status).toBe('published');
    expect(isAwardable(await getBadge(p.deps, null, id))).toBe(true);
  });

  it('stores images from data: URIs — SVG sanitised, PNG re-encoded — and serves each version’s image', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><script>alert(1)</script><circle cx="5" cy="5" r="4" onclick="x()"/></svg>';
    const id = await create(owner, { ...communotic.outils, status: 'published', image: { id: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`, caption: 'Un engrenage' } });
    const badge = (await api(null, 'GET', `/badges/${id}`)).json();
    expect(badge.achievement.image).toEqual({ id: `${BASE}/badges/${id}/image?v=1`, type: 'Image', caption: 'Un engrenage' });
    const served = await p.app.inject({ url: `/badges/${id}/image?v=1` });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/svg+xml');
    expect(served.headers['content-security-policy']).toBe("default-src 'none'; style-src 'unsafe-inline'");
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(served.body).toContain('<circle cx="5" cy="5" r="4"/>');
    expect(served.body).not.toMatch(/script|onclick/);
    const png = await sharp({ create: { width: 64, height: 64, channels: 4, background: '#1b3a8a' } }).png().toBuffer();
    const v2 = await api(owner, 'PATCH', `/badges/${id}`, { image: `data:image/png;base64,${png.toString('base64')}` });
    expect(v2.json().version).toBe(2);
    expect((await p.app.inject({ url: `/badges/${id}/image` })).headers['content-type']).toBe('image/png');
    expect((await p.app.inject({ url: `/badges/${id}/image?v=1` })).headers['content-type']).toBe('image/svg+xml');
    const cached = await p.app.inject({ url: `/badges/${id}/image?v=2`, headers: { 'if-none-match': String((await p.app.inject({ url: `/badges/${id}/image?v=2` })).headers.etag) } });
    expect(cached.statusCode).toBe(304);
  });

  it('refuses remote images, bad data: URIs, non-images and evidence larger than the platform allows', async () => {
    const remote = await api(owner, 'POST', `/organizations/${slug}/badges`, { ...communotic.outils, image: 'https://example.org/badge.png' });
    expect(remote.statusCode).toBe(400);
    expect(remote.json().error.fields.image).toBe('Blason ne télécharge pas d’images : envoyez le fichier, ou une adresse « data: ».');
    const text = await api(owner, 'POST', `/organizations/${slug}/badges`, { ...communotic.outils, image: `data:image/png;base64,${Buffer.from('hello').toString('base64')}` });
    expect(text.json().error.fields.image).toMatch(/PNG ou SVG/);
    const evidence = await api(stranger, 'POST', '/organizations/region-normandie/badges', { ...communotic.outils, evidence: { types: ['application/pdf'], maxBytes: 10 ** 9 } });
    expect(evidence.statusCode).toBe(400);
    expect(evidence.json().error.fields['evidence.maxBytes']).toMatch(/platform’s \(2048 KB\)/);
  });

  it('answers JSON-LD on /badges/{id} with the issuer Profile as creator, and an English edition', async () => {
    const id = await create(owner, { ...communotic.ingenierie, status: 'published' });
    const res = await p.app.inject({ url: `/badges/${id}`, headers: { accept: 'application/ld+json' } });
    expect(res.headers['content-type']).toBe('application/ld+json; charset=utf-8');
    const profile = (await p.app.inject({ url: `/organizations/${slug}`, headers: { accept: 'application/ld+json' } })).json();
    const { '@context': _context, ...creator } = profile;
    expect(res.json()).toMatchObject({ id: `${BASE}/badges/${id}`, type: ['Achievement'], creator });
    const en = await p.app.inject({ url: `/badges/${id}?lang=en`, headers: { accept: 'application/json' } });
    expect(en.json()).toMatchObject({ id: `${BASE}/badges/${id}?lang=en`, name: 'Multimodal learning design lead', inLanguage: 'en' });
  });

  describe('catalogue', () => {
    beforeAll(async () => {
      const published = { status: 'published' as const };
      await create(stranger, { name: 'Communiquer', description: 'Badge régional.', criteria: { narrative: 'Je pratique ou je maîtrise.' }, tag: ['Région'], ...published }, 'region-normandie');
      await create(stranger, { name: 'Organiser', description: 'Badge régional.', criteria: { narrative: 'Planifier.' }, tag: ['région'], ...published }, 'region-normandie');
      await create(stranger, { name: 'Adapter (brouillon)', description: 'Pas encore publié.', criteria: { narrative: 'x' } }, 'region-normandie');
    });

    it('searches published badges by name in both languages, accents ignored', async () => {
      const names = async (query: string) => (await api(null, 'GET', `/badges?${query}`)).json().items.map((b: { name: string }) => b.name);
      expect(await names('q=ingenierie')).toContain('Référent(e) ingénierie multimodale');
      expect(await names('q=INGÉNIERIE%20multi')).toContain('Référent(e) ingénierie multimodale');
      expect(await names('q=design%20lead')).toContain('Référent(e) ingénierie multimodale');
      expect(await names('q=brouillon')).toEqual([]);
      expect(await names('organization=region-normandie')).toEqual(['Communiquer', 'Organiser']);
      expect(await names('tag=region')).toEqual(['Communiquer', 'Organiser']);
      expect(await names('organization=nowhere')).toEqual([]);
      expect(await names('q=%25')).toEqual([]);
    });

    it('pages with limit and offset, and names badges in the caller’s language', async () => {
      const first = (await api(null, 'GET', '/badges?organization=region-normandie&limit=1')).json();
      expect(first).toMatchObject({ hasMore: true, items: [{ name: 'Communiquer', organization: 'region-normandie', status: 'published' }] });
      const second = (await api(null, 'GET', '/badges?organization=region-normandie&limit=1&offset=1')).json();
      expect(second).toMatchObject({ hasMore: false, items: [{ name: 'Organiser' }] });
      expect((await api(null, 'GET', '/badges?limit=1000')).statusCode).toBe(400);
      const en = await p.app.inject({ url: '/api/v1/badges?q=ingenierie', headers: { 'accept-language': 'en' } });
      expect(en.json().items[0]).toMatchObject({ name: 'Multimodal learning design lead', language: 'en' });
    });

    it("lists an organisation's drafts for its members only", async () => {
      const names = async (user: TestUser | null) =>
        (await api(user, 'GET', '/organizations/region-normandie/badges')).json().items.map((b: { name: string; status: string }) => `${b.name}:${b.status}`);
      expect(await names(null)).toEqual(['Communiquer:published', 'Organiser:published']);
      expect(await names(owner)).toEqual(['Communiquer:published', 'Organiser:published']);
      expect(await names(stranger)).toEqual(['Adapter (brouillon):draft', 'Communiquer:published', 'Organiser:published']);
    });
  });

  it('describes the badge routes in the OpenAPI document', async () => {
    const doc = (await p.app.inject({ url: '/api/v1/openapi.json' })).json();
    for (const path of ['/organizations/{slug}/badges', '/badges', '/badges/{id}', '/badges/{id}/publish', '/badges/{id}/archive'])
      expect(doc.paths).toHaveProperty([path]);
  });
});
