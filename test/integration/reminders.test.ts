// Expiry reminders on a real database: the hourly job mails each holder once per threshold (90, 30
// and 7 days), to the managers for an organisation, never for a revoked credential, and a reminder
// whose credential was renewed meanwhile does not leave.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REMINDERS_JOB } from '../../src/awards/reminders';
import { drainJobs } from '../../src/jobs/worker';
import { apiOf, award, createBadge, createOrganization, queuedMails } from '../helpers/awards';
import { type TestPlatform, testPlatform } from '../helpers/platform';
import { type TestUser, createTestUser } from '../helpers/users';

const DAY = 86_400_000;

describe('expiry reminders', () => {
  let p: TestPlatform;
  let owner: TestUser;
  let slug = '';
  let badgeId = '';
  // Ahead of the database's clock: the jobs enqueued now are due.
  let now = new Date('2030-01-10T08:00:00Z');
  const expiring = async (to: string) => (await queuedMails(p, to)).filter((m) => m.template === 'awards.expiring');
  const runReminders = async () => {
    await p.handlers[REMINDERS_JOB]!(p.deps, {}, { id: '0', attempts: 1, createdAt: now });
    await drainJobs(p.deps, p.handlers);
  };

  beforeAll(async () => {
    p = await testPlatform({ clock: { now: () => now } });
    owner = await createTestUser(p, { email: 'apprentissage@region.example' });
    slug = await createOrganization(p, owner, 'Région Normandie');
    badgeId = await createBadge(p, owner, slug, { name: 'Tutorat', description: 'Le tutorat des apprentis.', criteria: { narrative: 'Un tuteur par apprenti.' }, blason: { status: 'published', validity: { years: 1 } } });
  });
  afterAll(async () => {
    await p.close();
  });

  it('reminds once per threshold, in the holder’s language, with the link to renew', async () => {
    const ada = await createTestUser(p, { email: 'ada@cfa.example', locale: 'en' });
    await award(p, owner, badgeId, { recipient: { email: ada.email } });
    await drainJobs(p.deps, p.handlers);
    now = new Date(Date.parse('2031-01-10T08:00:00Z') - 100 * DAY);
    await runReminders();
    expect(await expiring(ada.email)).toEqual([]);
    now = new Date(Date.parse('2031-01-10T08:00:00Z') - 89 * DAY);
    await runReminders();
    await runReminders();
    const [first, ...more] = await expiring(ada.email);
    expect(more).toEqual([]);
    expect(first).toMatchObject({ locale: 'en', params: { badge: 'Tutorat', date: '10 January 2031', renewUrl: `http://localhost:3000/badges/${badgeId}/apply` } });
    const sent = await p.deps.db.selectFrom('mails').select(['subject', 'text_body']).where('to_address', '=', ada.email).where('subject', 'like', '%expires%').execute();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.subject).toBe('Your badge “Tutorat” expires on 10 January 2031');
    now = new Date(Date.parse('2031-01-10T08:00:00Z') - 29 * DAY);
    await runReminders();
    now = new Date(Date.parse('2031-01-10T08:00:00Z') - 6 * DAY);
    await runReminders();
    expect(await expiring(ada.email)).toHaveLength(3);
  });

  it('mails an organisation’s managers; never a revoked credential; not once renewed', async () => {
    now = new Date('2030-02-01T08:00:00Z');
    const cfaOwner = await createTestUser(p, { email: 'direction@cfa.example' });
    const cfa = await createOrganization(p, cfaOwner, 'CFA de Caen');
    await award(p, owner, badgeId, { recipient: { organization: cfa } });
    const bob = await createTestUser(p, { email: 'bob@cfa.example' });
    const revoked = await award(p, owner, badgeId, { recipient: { email: bob.email } });
    await apiOf(p)(owner, 'POST', `/credentials/${revoked.id}/revoke`, { reason: 'Erreur.' });
    const eve = await createTestUser(p, { email: 'eve@cfa.example' });
    await award(p, owner, badgeId, { recipient: { email: eve.email } });
    await drainJobs(p.deps, p.handlers);

    now = new Date(Date.parse('2031-02-01T08:00:00Z') - 80 * DAY);
    // Eve renews before the reminder leaves: enqueued, then dropped at sending time.
    await p.handlers[REMINDERS_JOB]!(p.deps, {}, { id: '0', attempts: 1, createdAt: now });
    await award(p, owner, badgeId, { recipient: { email: eve.email } });
    await drainJobs(p.deps, p.handlers);
    expect((await expiring(cfaOwner.email)).map((m) => m.params.badge)).toEqual(['Tutorat']);
    expect(await expiring(bob.email)).toEqual([]);
    const toEve = await p.deps.db.selectFrom('mails').select('subject').where('to_address', '=', eve.email).where('subject', 'like', '%expire%').execute();
    expect(toEve).toEqual([]);
    expect(await expiring(eve.email)).toHaveLength(1); // it was enqueued, and did not leave
  });
});
