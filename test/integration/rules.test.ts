// Key badges and labels on a real database (seeds 000 and 002): the award rule as a badge setting
// (checked), the key badge awarded automatically when the third badge arrives (scenario A), naming
// the credentials it rests on; re-issued when a part is renewed, shortened or lapsed when parts are
// revoked or declined; awarded once when parts arrive at the same instant; backfilled when a rule
// is set on holders from before; an organisation's label (scenario B); the backpack API.
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCredential } from '../../src/credentials';
import { settleRule } from '../../src/rules/rules.service';
import { getBadge } from '../../src/badges/badges.service';
import { addMember, apiOf, award, createBadge, createOrganization, platformLoader, queuedMails } from '../helpers/awards';
import { type TestPlatform, testPlatform } from '../helpers/platform';
import { type TestUser, createTestUser } from '../helpers/users';

const badge = (name: string, extra: object = {}) => ({
  name,
  description: `Badge ${name}.`,
  criteria: { narrative: `Critères de ${name}.` },
  blason: { status: 'published', ...extra },
});

describe('award rules: key badges and labels', () => {
  let p: TestPlatform;
  let owner: TestUser;
  let ada: TestUser;
  let slug = '';
  const ids: Record<string, string> = {};
  let now = new Date('2030-03-02T09:00:00Z');
  const api = () => apiOf(p);
  const keyCredentials = async (email: string) =>
    p.deps.db
      .selectFrom('credentials as c')
      .innerJoin('badges as b', 'b.id', 'c.badge_id')
      .select(['c.public_id', 'c.valid_until', 'c.revoked_at', 'c.revocation_reason', 'c.rule_basis', 'c.state'])
      .where('b.public_id', '=', ids.referent!)
      .where('c.recipient_email', '=', email)
      .orderBy('c.id')
      .execute();
  const current = async (email: string) => (await keyCredentials(email)).filter((c) => !c.revoked_at && c.state !== 'declined');

  beforeAll(async () => {
    // Ahead of the database's clock: jobs enqueued now are due.
    p = await testPlatform({ clock: { now: () => now } });
    owner = await createTestUser(p, { email: 'pilote@communotic.example' });
    ada = await createTestUser(p, { email: 'ada@cfa.example', displayName: 'Ada' });
    slug = await createOrganization(p, owner, 'Communotic');
    ids.ingenierie = await createBadge(p, owner, slug, badge('Référent(e) ingénierie multimodale'));
    ids.outils = await createBadge(p, owner, slug, badge('Référent(e) outils numériques pédagogiques', { validity: { years: 2 } }));
    ids.creation = await createBadge(p, owner, slug, badge('Référent(e) création ressources'));
    ids.mediation = await createBadge(p, owner, slug, badge('Référent(e) médiation numérique pédagogique', { validity: { years: 3 } }));
    ids.ambassadeur = await createBadge(p, owner, slug, badge('Ambassadeur Communotic'));
    ids.referent = await createBadge(
      p,
      owner,
      slug,
      badge('Référent(e) numérique d’organisme de formation', {
        awardRule: { mandatory: [ids.ingenierie], groups: [{ of: [ids.outils, ids.creation, ids.mediation], count: 2 }] },
      }),
    );
    await p.drain();
  });
  afterAll(async () => {
    await p.close();
  });

  it('checks the rule as a badge setting: translated errors, nothing stored', async () => {
    const unknown = await api()(owner, 'POST', `/organizations/${slug}/badges`, badge('Clé', { awardRule: { mandatory: ['nope'] } }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.fields.awardRule).toBe('Le badge « nope » n’existe pas.');
    const count = await api()(owner, 'POST', `/organizations/${slug}/badges`, badge('Clé', { awardRule: { groups: [{ of: [ids.outils], count: 2 }] } }));
    expect(count.statusCode).toBe(400);
    expect(JSON.stringify(count.json().error.fields)).toContain('dépasse le nombre de badges du groupe');
    const empty = await api()(owner, 'POST', `/organizations/${slug}/badges`, badge('Clé', { awardRule: {} }));
    expect(empty.statusCode).toBe(400);
    const self = await p.app.inject({
      method: 'PATCH',
      url: `/api/v1/badges/${ids.ambassadeur}`,
      headers: { authorization: `Bearer ${owner.token}` },
      payload: { awardRule: { mandatory: [ids.ambassadeur] } },
    });
    expect(self.statusCode).toBe(400);
    expect(self.json().error.fields.awardRule).toBe('Un badge ne peut pas être une condition de sa propre attribution.');
    expect((await getBadge(p.deps, null, ids.ambassadeur!)).settings.awardRule).toBeUndefined();
    expect((await getBadge(p.deps, null, ids.referent!)).settings.awardRule).toEqual({
      mandatory: [ids.ingenierie],
      groups: [{ of: [ids.outils, ids.creation, ids.mediation], count: 2 }],
    });
  });

  it('awards the key badge automatically with the third badge, naming the credentials it rests on (scenario A)', async () => {
    const ing = await award(p, owner, ids.ingenierie!, { recipient: { email: ada.email } });
    const outils = await award(p, owner, ids.outils!, { recipient: { email: ada.email } });
    await award(p, owner, ids.ambassadeur!, { recipient: { email: ada.email } });
    await p.drain();
    expect(await keyCredentials(ada.email)).toEqual([]);

    const creation = await award(p, owner, ids.creation!, { recipient: { email: ada.email } });
    await p.drain();
    const [key] = await current(ada.email);
    expect(key).toBeDefined();
    expect(key!.state).toBe('pending');
    expect([...key!.rule_basis!].sort()).toEqual([ing.id, outils.id, creation.id].sort());
    // Lasts as long as the set does: Outils expires in 2 years, the others never.
    expect(key!.valid_until).toEqual(new Date('2032-03-02T09:00:00Z'));
    const claim = (await queuedMails(p, ada.email)).filter((m) => m.template === 'awards.claim').at(-1)!;
    expect(claim.params.badge).toBe('Référent(e) numérique d’organisme de formation');

    const res = await api()(null, 'GET', `/credentials/${key!.public_id}`);
    const c = res.json();
    expect(c.restsOn.sort()).toEqual([ing.id, outils.id, creation.id].map((id) => `http://localhost:3000/credentials/${id}`).sort());
    expect(c.credential.evidence.map((e: { id: string }) => e.id).sort()).toEqual(c.restsOn.sort());
    expect(c.credential.evidence.map((e: { name: string }) => e.name)).toContain('Référent(e) création ressources');
    const verified = await verifyCredential(c.credential, { documentLoader: platformLoader(p), now, recipient: { value: ada.email } });
    expect(verified.checks.filter((x) => !x.passed)).toEqual([]);

    // Downloadable as a CLR 2.0 record signed by the issuer, bundling the four signed credentials.
    const clr = await p.app.inject({ url: `/credentials/${key!.public_id}?format=clr` });
    expect(clr.statusCode).toBe(200);
    expect(clr.headers['content-type']).toContain('application/jwt');
    const jwks = (await p.app.inject({ url: `/organizations/${slug}/jwks.json` })).json();
    const { payload } = await jwtVerify(clr.body, createLocalJWKSet(jwks), { currentDate: now });
    expect(payload.type).toEqual(['VerifiableCredential', 'ClrCredential']);
    const subject = payload.credentialSubject as { verifiableCredential: Record<string, unknown>[]; association: { sourceId: string; targetId: string }[]; achievement: unknown[] };
    expect(subject.verifiableCredential).toHaveLength(4);
    expect(subject.achievement).toHaveLength(4);
    expect(subject.association).toHaveLength(3);
    for (const bundled of subject.verifiableCredential) {
      const result = await verifyCredential(bundled, { documentLoader: platformLoader(p), now });
      expect(result.checks.filter((x) => !x.passed)).toEqual([]);
    }
    expect((await p.app.inject({ url: `/credentials/${ing.id}?format=clr` })).statusCode).toBe(404);
    const page = await p.app.inject({ url: `/credentials/${key!.public_id}` });
    expect(page.body).toContain('Repose sur');
    expect(page.body).toContain('?format=clr');

    // Nothing changes when nothing that counts changed.
    await award(p, owner, ids.ambassadeur!, { recipient: { email: ada.email }, issuedAt: '2030-03-01' });
    await p.drain();
    expect(await keyCredentials(ada.email)).toHaveLength(1);
  });

  it('re-issues with the later date when a part is added or renewed; the older one stays valid until its end', async () => {
    now = new Date('2030-04-01T09:00:00Z');
    await award(p, owner, ids.mediation!, { recipient: { email: ada.email } });
    await p.drain();
    // {ingénierie, création, médiation}: création and ingénierie never expire, médiation in 3 years;
    // {ingénierie, outils, création} lasts until 2032: the longest set is ingénierie + création + médiation (2033).
    const keys = await current(ada.email);
    expect(keys.map((k) => k.valid_until)).toEqual([new Date('2032-03-02T09:00:00Z'), new Date('2033-04-01T09:00:00Z')]);
  });

  it('shortens the key badge when a part it rests on is revoked, and lets it lapse when the rule no longer holds', async () => {
    now = new Date('2030-05-01T09:00:00Z');
    const mediation = (await api()(owner, 'GET', `/badges/${ids.mediation}/credentials`)).json().items[0].id;
    const revoked = await api()(owner, 'POST', `/credentials/${mediation}/revoke`, { reason: 'Attribué par erreur.' });
    expect(revoked.statusCode).toBe(200);
    await p.drain();
    let keys = await keyCredentials(ada.email);
    // The 2033 one is revoked (it promised too much); the 2032 one still holds by {ingénierie, outils, création}.
    expect(keys.filter((k) => k.revoked_at).map((k) => [k.valid_until, k.revocation_reason])).toEqual([
      [new Date('2033-04-01T09:00:00Z'), expect.stringContaining('a été révoqué')],
    ]);
    expect((await current(ada.email)).map((k) => k.valid_until)).toEqual([new Date('2032-03-02T09:00:00Z')]);

    const ingenierie = (await api()(owner, 'GET', `/badges/${ids.ingenierie}/credentials`)).json().items[0].id;
    await api()(owner, 'POST', `/credentials/${ingenierie}/revoke`, { reason: 'Retiré.' });
    await p.drain();
    keys = await keyCredentials(ada.email);
    expect(await current(ada.email)).toEqual([]);
    expect(keys.at(0)!.revocation_reason).toContain('ne sont plus tous valides');
    // Shown as revoked to anyone, with the reason.
    const shown = (await api()(null, 'GET', `/credentials/${keys.at(0)!.public_id}`)).json();
    expect(shown.status).toBe('revoked');
  });

  it('awards once when the parts arrive at the same instant, and not again once declined', async () => {
    const bob = await createTestUser(p, { email: 'bob@cfa.example', displayName: 'Bob' });
    await Promise.all([ids.ingenierie!, ids.outils!, ids.creation!].map((id) => award(p, owner, id, { recipient: { email: bob.email } })));
    const referent = await getBadge(p.deps, null, ids.referent!);
    // Three evaluations at once (as three workers would): one key badge.
    const outcomes = await Promise.all([0, 1, 2].map(() => settleRule(p.deps, referent, { email: bob.email })));
    expect(outcomes.filter((o) => o === 'issued')).toHaveLength(1);
    await p.drain();
    const [key] = await current(bob.email);
    expect(await current(bob.email)).toHaveLength(1);
    const declined = await p.app.inject({ method: 'POST', url: `/api/v1/credentials/${key!.public_id}/decline`, headers: { authorization: `Bearer ${bob.token}` } });
    expect(declined.statusCode, declined.body).toBe(200);
    await award(p, owner, ids.mediation!, { recipient: { email: bob.email } });
    await p.drain();
    expect(await current(bob.email)).toEqual([]);
    expect(await settleRule(p.deps, referent, { email: bob.email })).toBe('declined');
  });

  it('awards holders from before when a rule is set on a published badge', async () => {
    const eve = await createTestUser(p, { email: 'eve@cfa.example' });
    for (const id of [ids.ingenierie!, ids.ambassadeur!]) await award(p, owner, id, { recipient: { email: eve.email } });
    await p.drain();
    const patch = await p.app.inject({
      method: 'PATCH',
      url: `/api/v1/badges/${ids.creation}`,
      headers: { authorization: `Bearer ${owner.token}` },
      payload: { awardRule: { mandatory: [ids.ingenierie, ids.ambassadeur] } },
    });
    expect(patch.statusCode, patch.body).toBe(200);
    await p.drain();
    const held = (await api()(eve, 'GET', '/backpack')).json().items;
    const creation = held.find((c: { badge: string; restsOn?: string[] }) => c.badge === ids.creation && c.restsOn);
    expect(creation).toMatchObject({ status: 'active', state: 'pending', restsOn: expect.any(Array) });
    expect(creation.restsOn).toHaveLength(2);
    // Ada, who held ingénierie (revoked since), gets nothing.
    expect((await api()(ada, 'GET', '/backpack')).json().items.filter((c: { badge: string; restsOn?: string[] }) => c.badge === ids.creation && c.restsOn)).toEqual([]);
  });

  it('awards an organisation its label when it holds the combination (scenario B), in its backpack', async () => {
    const region = await createTestUser(p, { email: 'apprentissage@region.example' });
    const regionSlug = await createOrganization(p, region, 'Région Normandie');
    const cfaOwner = await createTestUser(p, { email: 'direction@cfa-caen.example' });
    const cfa = await createOrganization(p, cfaOwner, 'CFA de Caen');
    const parts = [];
    for (const name of ['Prospection', 'Accessibilité en ligne', 'Tutorat', 'Espaces']) parts.push(await createBadge(p, region, regionSlug, badge(name, { validity: { years: 2 } })));
    const label = await createBadge(p, region, regionSlug, badge('CFA numérique normand', { awardRule: { mandatory: parts.slice(0, 2), groups: [{ of: parts.slice(2), count: 1 }], total: 3 } }));
    for (const id of parts.slice(0, 2)) await award(p, region, id, { recipient: { organization: cfa } });
    await p.drain();
    const noLabel = (await api()(cfaOwner, 'GET', `/backpack?organization=${cfa}`)).json().items;
    expect(noLabel.map((c: { badge: string }) => c.badge)).not.toContain(label);
    await award(p, region, parts[3]!, { recipient: { organization: cfa } });
    await p.drain();
    const items = (await api()(cfaOwner, 'GET', `/backpack?organization=${cfa}`)).json().items;
    const got = items.find((c: { badge: string }) => c.badge === label);
    expect(got).toMatchObject({ recipient: { kind: 'organization', organization: cfa }, status: 'active' });
    expect(got.restsOn).toHaveLength(3);
    // It lasts as long as its parts: when the first mandatory badge expires unrenewed, the label does too.
    const firstEnd = Math.min(...items.filter((c: { restsOn?: string[] }) => !c.restsOn).map((c: { validUntil: string }) => Date.parse(c.validUntil)));
    expect(Date.parse(got.validUntil)).toBe(firstEnd);
    const saved = now;
    now = new Date(firstEnd + 1000);
    const later = (await api()(cfaOwner, 'GET', `/backpack?organization=${cfa}`)).json().items;
    expect(later.find((c: { badge: string }) => c.badge === label).status).toBe('expired');
    now = saved;
    // The CFA's managers are asked to accept it; a stranger may not read the CFA's backpack.
    expect((await queuedMails(p, cfaOwner.email)).filter((m) => m.template === 'awards.claim' && m.params.badge === 'CFA numérique normand')).toHaveLength(1);
    expect((await api()(ada, 'GET', `/backpack?organization=${cfa}`)).statusCode).toBe(403);
    await addMember(p, cfa, ada, ['reviewer']);
    expect((await api()(ada, 'GET', `/backpack?organization=${cfa}`)).statusCode).toBe(403);
  });
});
