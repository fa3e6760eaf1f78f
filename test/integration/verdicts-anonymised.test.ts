// A deleted examiner's verdicts stay (migration 021): anonymised as "Ancien membre" / "Former
// member", vote and date kept, comment cleared; a decided application keeps its record, and a
// pending one keeps the vote towards its quorum.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/accounts/passwords';
import { apiOf, createBadge, createOrganization } from '../helpers/awards';
import { type TestPlatform, testPlatform } from '../helpers/platform';
import { type TestUser, bearer, createTestUser, signedInAgent } from '../helpers/users';

describe('verdicts of a deleted account', () => {
  let p: TestPlatform;
  let region: TestUser;
  let claire: TestUser;
  let marc: TestUser;
  let lea: TestUser;
  let ada: TestUser;
  let decided = '';
  let pending = '';
  let before: { decidedAt: string; verdicts: { verdict: string; at: string }[] };
  const api = () => apiOf(p);

  beforeAll(async () => {
    p = await testPlatform();
    region = await createTestUser(p, { email: 'region@normandie.example' });
    claire = await createTestUser(p, { email: 'claire@cfa-a.example', displayName: 'Claire Martin' });
    marc = await createTestUser(p, { email: 'marc@cfa-b.example', displayName: 'Marc' });
    lea = await createTestUser(p, { email: 'lea@cfa-c.example', displayName: 'Léa' });
    ada = await createTestUser(p, { email: 'ada@cfa.example', displayName: 'Ada' });
    const bob = await createTestUser(p, { email: 'bob@cfa.example', displayName: 'Bob' });
    const slug = await createOrganization(p, region, 'Région Normandie');
    const badge = await createBadge(p, region, slug, {
      name: 'Tutorat',
      description: 'Le CFA accompagne ses apprentis.',
      criteria: { narrative: 'Présenter le dispositif.' },
      blason: { status: 'published', review: { mode: 'committee', quorum: 2, committee: [claire.email, marc.email, lea.email] } },
    });
    const apply = async (who: TestUser) => {
      const res = await api()(who, 'POST', `/badges/${badge}/applications`, { narrative: 'Notre tutorat.', submit: true });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    decided = await apply(ada);
    pending = await apply(bob);
    const vote = async (who: TestUser, id: string, body: object) => {
      const res = await api()(who, 'POST', `/applications/${id}/verdicts`, body);
      expect(res.statusCode, res.body).toBe(201);
      return res.json().status as string;
    };
    expect(await vote(claire, decided, { verdict: 'yes', comment: 'Très bon dossier — Claire, CFA A.' })).toBe('pending');
    expect(await vote(marc, decided, { verdict: 'yes', comment: 'D’accord.' })).toBe('accepted');
    expect(await vote(claire, pending, { verdict: 'yes', comment: 'Bien, à confirmer.' })).toBe('pending');
    before = (await api()(region, 'GET', `/applications/${decided}`)).json();
    await p.deps.db.updateTable('users').set({ password_hash: await hashPassword('correct horse battery') }).where('id', '=', claire.id).execute();
    const del = await p.app.inject({ method: 'DELETE', url: '/api/v1/me', headers: bearer(claire), payload: { password: 'correct horse battery' } });
    expect(del.statusCode, del.body).toBe(204);
  });
  afterAll(async () => {
    await p.close();
  });

  it('keeps the verdict of a decided application, anonymised: vote and date kept, comment gone', async () => {
    const after = (await api()(region, 'GET', `/applications/${decided}`)).json();
    expect(after).toMatchObject({ status: 'accepted', decidedAt: before.decidedAt, verdictCount: 2 });
    expect(after.verdicts).toEqual([
      { verdict: 'yes', comment: '', criteriaMet: [], at: before.verdicts[0]!.at, examiner: { id: null, name: 'Ancien membre' } },
      { verdict: 'yes', comment: 'D’accord.', criteriaMet: [], at: before.verdicts[1]!.at, examiner: { id: marc.publicId, name: 'Marc' } },
    ]);
    const rows = await p.deps.db.selectFrom('verdicts').select(['examiner_id', 'comment']).where('examiner_id', 'is', null).execute();
    expect(rows).toEqual([
      { examiner_id: null, comment: '' },
      { examiner_id: null, comment: '' },
    ]);
    // In English, and on the page.
    await p.deps.db.updateTable('users').set({ locale: 'en' }).where('id', '=', region.id).execute();
    expect((await api()(region, 'GET', `/applications/${decided}`)).json().verdicts[0].examiner.name).toBe('Former member');
    const en = (await signedInAgent(p, region).get(`/applications/${decided}`)).body;
    expect(en).toMatch(/<ol id="verdicts">.*Former member.*Marc/s);
    await p.deps.db.updateTable('users').set({ locale: 'fr' }).where('id', '=', region.id).execute();
    const fr = (await signedInAgent(p, region).get(`/applications/${decided}`)).body;
    expect(fr).toMatch(/<ol id="verdicts">.*Ancien membre.*Marc/s);
    expect(fr).not.toContain('Claire');
    // The applicant sees the verdicts without names, as before.
    const own = (await api()(ada, 'GET', `/applications/${decided}`)).json();
    expect(own.verdicts.map((v: { verdict: string; comment: string; examiner?: unknown }) => [v.verdict, v.comment, v.examiner])).toEqual([
      ['yes', '', undefined],
      ['yes', 'D’accord.', undefined],
    ]);
  });

  it('keeps counting a deleted examiner’s verdict on a pending application towards its quorum', async () => {
    const seen = (await api()(region, 'GET', `/applications/${pending}`)).json();
    expect(seen).toMatchObject({ status: 'pending', verdictCount: 1, verdicts: [{ verdict: 'yes', comment: '', examiner: { id: null, name: 'Ancien membre' } }] });
    // One more yes reaches the quorum of 2.
    const last = await api()(lea, 'POST', `/applications/${pending}/verdicts`, { verdict: 'yes' });
    expect(last.json()).toMatchObject({ status: 'accepted', decided: true });
    const done = (await api()(region, 'GET', `/applications/${pending}`)).json();
    expect(done.verdicts.map((v: { examiner: { name: string } }) => v.examiner.name)).toEqual(['Ancien membre', 'Léa']);
  });
});
