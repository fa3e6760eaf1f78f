// Renewal (seed 002, badge Ressources): level 1 first, 2 or 3 to renew. A renewal is an application
// linked to a credential the applicant holds, decided by the badge's review policy; it may demand a
// higher level and an extra requirement; the new credential points to the one it renews, which
// stays valid until its own end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renewalLevel } from '../../src/applications/applications';
import { apiOf, award, createBadge, createOrganization } from '../helpers/awards';
import { type TestPlatform, testPlatform } from '../helpers/platform';
import { formWithFiles } from '../helpers/forms';
import { type TestUser, createTestUser, signedInAgent } from '../helpers/users';

describe('renewal level (pure)', () => {
  const levels = ['Niveau 1', 'Niveau 2', 'Niveau 3'];
  it.each([
    ['no demand: any level', false, 'Niveau 1', 'Niveau 1', 'ok'],
    ['no demand: no level', false, 'Niveau 1', null, 'ok'],
    ['higher demanded: 1 → 2', true, 'Niveau 1', 'Niveau 2', 'ok'],
    ['higher demanded: 1 → 3', true, 'Niveau 1', 'Niveau 3', 'ok'],
    ['higher demanded: 2 → 2', true, 'Niveau 2', 'Niveau 2', 'notHigher'],
    ['higher demanded: 3 → 1', true, 'Niveau 3', 'Niveau 1', 'notHigher'],
    ['higher demanded: no level asked', true, 'Niveau 1', null, 'levelRequired'],
    ['higher demanded: held without level', true, null, 'Niveau 1', 'ok'],
  ] as const)('%s', (_, higher, held, applied, expected) => {
    expect(renewalLevel(levels, held, applied, higher)).toBe(expected);
  });
  it('demands nothing of a badge without levels', () => {
    expect(renewalLevel([], 'x', null, true)).toBe('ok');
  });
});

describe('renewing a badge', () => {
  let p: TestPlatform;
  let owner: TestUser;
  let ada: TestUser;
  let bob: TestUser;
  let badgeId = '';
  let held = '';
  let now = new Date('2030-03-02T09:00:00Z');
  const api = () => apiOf(p);

  beforeAll(async () => {
    p = await testPlatform({ clock: { now: () => now } });
    owner = await createTestUser(p, { email: 'apprentissage@region.example' });
    ada = await createTestUser(p, { email: 'ada@cfa.example', displayName: 'Ada' });
    bob = await createTestUser(p, { email: 'bob@cfa.example' });
    const slug = await createOrganization(p, owner, 'Région Normandie');
    badgeId = await createBadge(p, owner, slug, {
      name: 'Ressources',
      description: 'Les ressources pédagogiques numériques du CFA.',
      criteria: { narrative: 'Un catalogue de ressources à jour.' },
      resultDescription: [
        {
          name: 'Niveau',
          resultType: 'RubricCriterionLevel',
          rubricCriterionLevel: [{ name: 'Niveau 1' }, { name: 'Niveau 2' }, { name: 'Niveau 3' }],
        },
      ],
      blason: { status: 'published', validity: { years: 2 }, renewal: { higherLevel: true, requirement: 'Montrer les ressources ajoutées depuis le premier badge.' } },
    });
    held = (await award(p, owner, badgeId, { recipient: { email: ada.email }, level: 'Niveau 1' })).id;
  });
  afterAll(async () => {
    await p.close();
  });

  it('keeps the renewal rules as a badge setting', async () => {
    const badge = (await api()(null, 'GET', `/badges/${badgeId}`)).json();
    expect(badge.settings.renewal).toEqual({ higherLevel: true, requirement: 'Montrer les ressources ajoutées depuis le premier badge.' });
    const bad = await p.app.inject({ method: 'PATCH', url: `/api/v1/badges/${badgeId}`, headers: { authorization: `Bearer ${owner.token}` }, payload: { renewal: { higherLevel: 'oui' } } });
    expect(bad.statusCode).toBe(400);
  });

  it('refuses a first application from a holder, a renewal of someone else’s badge, and one at the same level', async () => {
    const again = await api()(ada, 'POST', `/badges/${badgeId}/applications`, { narrative: 'Encore.', level: 'Niveau 2', submit: true });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('demandez plutôt son renouvellement');
    const notMine = await api()(bob, 'POST', `/badges/${badgeId}/applications`, { narrative: 'Le sien.', level: 'Niveau 2', renews: held, submit: true });
    expect(notMine.statusCode).toBe(400);
    expect(notMine.json().error.fields.renews).toContain('n’est pas l’un des vôtres');
    const same = await api()(ada, 'POST', `/badges/${badgeId}/applications`, { narrative: 'Pareil.', level: 'Niveau 1', renews: held, submit: true });
    expect(same.statusCode).toBe(400);
    expect(same.json().error.fields.level).toBe('Le renouvellement de ce badge demande un niveau supérieur à celui détenu (Niveau 1).');
    expect(await p.deps.db.selectFrom('applications').select('id').execute()).toEqual([]);
  });

  it('renews at a higher level, decided by the staff; the new credential points to the old one, which stays valid', async () => {
    now = new Date('2030-03-20T09:00:00Z');
    const res = await api()(ada, 'POST', `/badges/${badgeId}/applications`, { narrative: 'Trente ressources ajoutées.', level: 'Niveau 2', renews: held, submit: true });
    expect(res.statusCode, res.body).toBe(201);
    const shown = (await api()(owner, 'GET', `/applications/${res.json().id}`)).json();
    expect(shown).toMatchObject({ status: 'pending', level: 'Niveau 2', renews: `http://localhost:3000/credentials/${held}` });
    const page = await signedInAgent(p, owner).get(`/applications/${res.json().id}`);
    expect(page.body).toContain('Renouvellement du badge obtenu le 2 mars 2030 (Niveau 1).');
    expect(page.body).toContain('Exigence du renouvellement : Montrer les ressources ajoutées depuis le premier badge.');

    const vote = await api()(owner, 'POST', `/applications/${res.json().id}/verdicts`, { verdict: 'yes', comment: 'Belle progression.' });
    expect(vote.statusCode, vote.body).toBe(201);
    await p.drain();
    const decided = (await api()(ada, 'GET', `/applications/${res.json().id}`)).json();
    expect(decided.status).toBe('accepted');
    const renewed = (await api()(null, 'GET', `/credentials/${decided.credentialId}`)).json();
    expect(renewed).toMatchObject({ level: 'Niveau 2', validUntil: '2032-03-20T09:00:00.000Z' });
    expect(renewed.credential.evidence).toContainEqual({ id: `http://localhost:3000/credentials/${held}`, name: 'Badge renouvelé', type: ['Evidence'] });
    const old = (await api()(null, 'GET', `/credentials/${held}`)).json();
    expect(old).toMatchObject({ status: 'active', validUntil: '2032-03-02T09:00:00.000Z' });
  });

  it('offers the renewal on the apply page (the reminder’s link), refusing the same level next to its field', async () => {
    const eve = await createTestUser(p, { email: 'eve@cfa.example' });
    const hers = (await award(p, owner, badgeId, { recipient: { email: eve.email }, level: 'Niveau 2' })).id;
    const agent = signedInAgent(p, eve);
    const page = await agent.get(`/badges/${badgeId}/apply`);
    expect(page.body).toMatch(new RegExp(`name="renews" value="${hers}" checked`));
    expect(page.body).toContain('Renouveler le badge obtenu le 20 mars 2030 (Niveau 2), valide jusqu’au 20 mars 2032');
    expect(page.body).toContain('Exigence du renouvellement : Montrer les ressources ajoutées depuis le premier badge.');
    const post = (fields: Record<string, string>) => {
      const form = formWithFiles(fields);
      const cookie = [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      return p.app.inject({ method: 'POST', url: `/badges/${badgeId}/apply?_csrf=${encodeURIComponent(agent.csrf!)}`, headers: { ...form.headers, cookie }, payload: form.payload });
    };
    const same = await post({ narrative: 'Toujours là.', level: 'Niveau 2', renews: hers, submit: 'true' });
    expect(same.statusCode).toBe(400);
    expect(same.body).toMatch(/id="f-level-error">Le renouvellement de ce badge demande un niveau supérieur à celui détenu \(Niveau 2\)\./);
    const higher = await post({ narrative: 'Niveau expert.', level: 'Niveau 3', renews: hers, submit: 'true' });
    expect(higher.statusCode, higher.body).toBe(303);
    const application = (await agent.follow(higher)).body;
    expect(application).toContain('Renouvellement du badge obtenu le 20 mars 2030 (Niveau 2).');
  });

  it('sets the renewal rules from the badge form', async () => {
    const form = await signedInAgent(p, owner).get(`/badges/${badgeId}/edit`);
    expect(form.body).toMatch(/id="f-renewal_higher" name="renewal_higher" value="true" checked/);
    expect(form.body).toContain('Montrer les ressources ajoutées depuis le premier badge.</textarea>');
  });
});
