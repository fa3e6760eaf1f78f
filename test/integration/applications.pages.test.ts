// The application pages without a browser: the way back after signing in, a refused file that
// keeps everything typed, drafts edited then sent, who may open an application page, a vote that
// comes too late (409 on the page, nothing changed), the lists, the mail preference, and the
// review policy fields of the badge form.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiOf, award, createBadge, createOrganization } from '../helpers/awards';
import { type FormAgent, formAgent, formWithFiles } from '../helpers/forms';

const cookieOf = (agent: FormAgent) => [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
import { type TestPlatform, testPlatform } from '../helpers/platform';
import { type TestUser, createTestUser, signedInAgent } from '../helpers/users';


describe('application pages', () => {
  let p: TestPlatform;
  let owner: TestUser;
  let holder: TestUser;
  let ada: TestUser;
  let stranger: TestUser;
  let slug = '';
  let badgeId = '';

  beforeAll(async () => {
    p = await testPlatform();
    owner = await createTestUser(p, { email: 'owner@communotic.example' });
    holder = await createTestUser(p, { email: 'holder@cfa.example', displayName: 'Holder' });
    ada = await createTestUser(p, { email: 'ada@cfa.example', displayName: 'Ada' });
    stranger = await createTestUser(p, { email: 'stranger@else.example' });
    slug = await createOrganization(p, owner, 'Communotic');
    badgeId = await createBadge(p, owner, slug, {
      name: 'Création ressources',
      description: 'Crée des ressources pédagogiques multimédia.',
      criteria: { narrative: 'Montrer des ressources créées.' },
      blason: { status: 'published', review: { mode: 'holders', quorum: 1 }, evidence: { types: ['application/pdf'], maxCount: 1 } },
    });
    await award(p, owner, badgeId, { recipient: { email: holder.email } });
  });
  afterAll(async () => {
    await p.close();
  });

  it('sends a signed-out visitor to sign in, with the way back to the form', async () => {
    const res = await formAgent(p.app).get(`/badges/${badgeId}/apply`);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/signin?back=${encodeURIComponent(`/badges/${badgeId}/apply`)}`);
  });

  it('shows the apply form; a refused file gives its message and keeps what was typed, storing nothing', async () => {
    const agent = signedInAgent(p, ada);
    const page = await agent.get(`/badges/${badgeId}/apply`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Ce qui justifie votre demande');
    const csrf = agent.csrf!;
    const form = formWithFiles({ narrative: 'Mes vidéos de formation', links: 'https://example.org/videos', submit: 'true' }, [
      { name: 'video.png', type: 'image/png', bytes: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex') },
    ]);
    const res = await p.app.inject({
      method: 'POST',
      url: `/badges/${badgeId}/apply?_csrf=${encodeURIComponent(csrf)}`,
      headers: { ...form.headers, cookie: cookieOf(agent) },
      payload: form.payload,
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Le fichier « video.png » n’est pas d’un type accepté pour ce badge (application/pdf).');
    expect(res.body).toContain('choisissez-les de nouveau');
    expect(res.body).toContain('Mes vidéos de formation');
    expect(res.body).toContain('https://example.org/videos');
    expect(await p.deps.db.selectFrom('applications').selectAll().execute()).toHaveLength(0);
  });

  let applicationId = '';

  it('saves a draft, edits it, then sends it', async () => {
    const agent = signedInAgent(p, ada);
    const page = await agent.get(`/badges/${badgeId}/apply`);
    const csrf = agent.csrf!;
    const draft = formWithFiles({ narrative: 'Brouillon', submit: 'false' });
    const saved = await p.app.inject({ method: 'POST', url: `/badges/${badgeId}/apply?_csrf=${encodeURIComponent(csrf)}`, headers: { ...draft.headers, cookie: cookieOf(agent) }, payload: draft.payload });
    expect(saved.statusCode).toBe(303);
    applicationId = saved.headers.location!.split('/').pop()!;
    const shown = await agent.get(`/applications/${applicationId}`);
    expect(shown.body).toContain('Modifier ma demande');
    // Coming back to the apply link leads to the open application.
    expect((await agent.get(`/badges/${badgeId}/apply`)).headers.location).toBe(`/applications/${applicationId}`);
    const csrf2 = agent.csrf!;
    const edit = formWithFiles({ narrative: 'Mes ressources H5P pour les apprentis.', submit: 'true' }, [{ name: 'ressources.pdf', type: 'application/pdf', bytes: Buffer.from('%PDF-1.4\n%%EOF\n') }]);
    const sent = await p.app.inject({ method: 'POST', url: `/applications/${applicationId}/edit?_csrf=${encodeURIComponent(csrf2)}`, headers: { ...edit.headers, cookie: cookieOf(agent) }, payload: edit.payload });
    expect(sent.statusCode, sent.body.slice(0, 500)).toBe(303);
    const after = await agent.get(`/applications/${applicationId}`);
    expect(after.body).toContain('En cours d’examen');
    expect(after.body).toContain('ressources.pdf');
    expect(after.body).toContain('Mes ressources H5P pour les apprentis.');
  });

  it('opens the page to the applicant, the examiners and the staff only', async () => {
    expect((await signedInAgent(p, holder).get(`/applications/${applicationId}`)).body).toContain('Donner mon avis');
    expect((await signedInAgent(p, owner).get(`/applications/${applicationId}`)).statusCode).toBe(200);
    expect((await signedInAgent(p, stranger).get(`/applications/${applicationId}`)).statusCode).toBe(404);
    const reviews = await signedInAgent(p, holder).get('/reviews');
    expect(reviews.body).toContain('1 demande(s) attendent votre avis.');
    expect(reviews.body).toContain('Ada');
    expect((await signedInAgent(p, ada).get('/applications')).body).toContain('Création ressources');
  });

  it('shows a late vote’s 409 on the page and changes nothing', async () => {
    const agent = signedInAgent(p, holder);
    await agent.get(`/applications/${applicationId}`);
    // Decided meanwhile, by the API.
    const second = await createTestUser(p, { email: 'holder2@cfa.example' });
    await award(p, owner, badgeId, { recipient: { email: second.email } });
    expect((await apiOf(p)(second, 'POST', `/applications/${applicationId}/verdicts`, { verdict: 'yes', comment: 'Oui' })).json().status).toBe('accepted');
    const res = await agent.post(`/applications/${applicationId}/verdicts`, { verdict: 'no', comment: 'Non' });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('Cette demande a déjà été décidée : votre avis n’a pas été pris en compte.');
    expect(await p.deps.db.selectFrom('verdicts').select('verdict').execute()).toEqual([{ verdict: 'yes' }]);
  });

  it('saves the mail preference', async () => {
    const agent = signedInAgent(p, holder);
    await agent.get('/reviews');
    expect((await agent.post('/reviews/digest', { digest: 'daily' })).statusCode).toBe(303);
    expect((await p.deps.db.selectFrom('users').select('review_digest').where('id', '=', holder.id).executeTakeFirstOrThrow()).review_digest).toBe('daily');
    expect((await agent.get('/reviews')).body).toMatch(/id="f-digest-daily"[^>]*checked/);
    const api = await p.app.inject({ method: 'PUT', url: '/api/v1/me/review-digest', headers: { authorization: `Bearer ${holder.token}` }, payload: { digest: 'immediate' } });
    expect(api.json()).toEqual({ digest: 'immediate' });
  });

  it('takes the review policy from the badge form', async () => {
    const agent = signedInAgent(p, owner);
    await agent.get(`/organizations/${slug}/badges/new`);
    const res = await agent.post(`/organizations/${slug}/badges`, {
      name_fr: 'Label',
      description_fr: 'Un label.',
      criteria_fr: 'Des critères.',
      review_mode: 'committee',
      review_quorum: '2',
      review_committee: 'Pilote1@cfa.example\npilote2@cfa.example',
    });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
    const id = res.headers.location!.split('/').pop()!;
    const badge = (await apiOf(p)(owner, 'GET', `/badges/${id}`)).json();
    expect(badge.settings.review).toEqual({ mode: 'committee', quorum: 2, committee: ['pilote1@cfa.example', 'pilote2@cfa.example'] });
    const edit = await agent.get(`/badges/${id}/edit`);
    expect(edit.body).toMatch(/id="f-review_mode-committee"[^>]*checked/);
    expect(edit.body).toContain('pilote2@cfa.example');
    const bad = await agent.post(`/organizations/${slug}/badges`, { name_fr: 'X', description_fr: 'X', criteria_fr: 'X', review_mode: 'committee', review_quorum: '3', review_committee: 'a@x.example' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Le comité doit compter au moins autant de membres que d’avis concordants demandés.');
  });
});
