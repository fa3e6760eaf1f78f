// Applications and their review through the JSON API, on a real database: scenario A (holders vote
// to a quorum of 2: no, yes, yes → accepted; the new holder examines the next application), a
// committee (scenario B), staff review, evidence files and who may read them, late and double
// votes, withdrawal and applying again, immediate mails and the daily digest re-checked at sending.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCredential } from '../../src/credentials';
import { addMember, apiOf, award, createBadge, createOrganization, platformLoader } from '../helpers/awards';
import { formWithFiles } from '../helpers/forms';
import { type TestPlatform, testPlatform } from '../helpers/platform';
import { type TestUser, bearer, createTestUser } from '../helpers/users';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 1)]);


/** Sent mails (the outbox) of a template, to an address. */
async function sentMails(p: TestPlatform, to: string, subjectPart?: string) {
  const rows = await p.deps.db.selectFrom('mails').select(['to_address', 'subject', 'text_body']).where('to_address', '=', to).orderBy('id').execute();
  return subjectPart ? rows.filter((r) => r.subject.includes(subjectPart)) : rows;
}

describe('applications reviewed by the badge’s holders (scenario A)', () => {
  let p: TestPlatform;
  let owner: TestUser;
  let holders: TestUser[];
  let ada: TestUser;
  let bob: TestUser;
  let stranger: TestUser;
  let slug = '';
  let badgeId = '';
  let now = new Date('2026-03-02T09:00:00Z');
  const api = () => apiOf(p);

  beforeAll(async () => {
    p = await testPlatform({ clock: { now: () => now } });
    owner = await createTestUser(p, { email: 'pilote@communotic.example' });
    holders = await Promise.all(['h1', 'h2', 'h3'].map((h) => createTestUser(p, { email: `${h}@cfa.example`, displayName: `Holder ${h}` })));
    ada = await createTestUser(p, { email: 'ada@cfa.example', displayName: 'Ada', locale: 'en' });
    bob = await createTestUser(p, { email: 'bob@cfa.example', displayName: 'Bob' });
    stranger = await createTestUser(p, { email: 'stranger@else.example' });
    slug = await createOrganization(p, owner, 'Communotic');
    badgeId = await createBadge(p, owner, slug, {
      name: 'Ingénierie multimodale',
      description: 'Concevoir une formation multimodale.',
      criteria: { narrative: 'Présenter une ingénierie de formation multimodale réalisée.' },
      blason: {
        status: 'published',
        review: { mode: 'holders', quorum: 2 },
        evidence: { types: ['application/pdf', 'image/png'], maxBytes: 100_000, maxCount: 3 },
        checklist: { items: ['Objectifs', 'Modalités', 'Évaluation'], threshold: 2 },
      },
    });
    // Bootstrapping: the organisation awards the first holders directly.
    for (const h of holders) await award(p, owner, badgeId, { recipient: { email: h.email } });
    await p.drain();
  });
  afterAll(async () => {
    await p.close();
  });

  let applicationId = '';

  it('refuses a file of a type the badge does not take, with a clear message, and stores nothing', async () => {
    const form = formWithFiles({ narrative: 'Mon ingénierie', submit: 'true' }, [
      { name: 'plan.pdf', type: 'application/pdf', bytes: PDF },
      { name: 'setup.pdf', type: 'application/pdf', bytes: EXE },
    ]);
    const res = await p.app.inject({ method: 'POST', url: `/api/v1/badges/${badgeId}/applications`, headers: { ...bearer(ada), ...form.headers, 'accept-language': 'en' }, payload: form.payload });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.fields.files).toContain('“setup.pdf” is not of a type this badge accepts');
    expect(await p.deps.db.selectFrom('applications').selectAll().execute()).toHaveLength(0);
  });

  it('takes an application with evidence (multipart), as a draft, then submits it', async () => {
    const form = formWithFiles({ narrative: 'J’ai conçu le parcours hybride du CFA.', links: 'https://example.org/parcours', checklist: '0' }, [
      { name: 'plan.pdf', type: 'application/octet-stream', bytes: PDF },
    ]);
    const res = await p.app.inject({ method: 'POST', url: `/api/v1/badges/${badgeId}/applications`, headers: { ...bearer(ada), ...form.headers }, payload: form.payload });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().status).toBe('draft');
    applicationId = res.json().id;
    // Drafts are the applicant's alone.
    expect((await api()(holders[0]!, 'GET', `/applications/${applicationId}`)).statusCode).toBe(404);
    expect((await api()(holders[0]!, 'GET', '/reviews')).json().items).toEqual([]);
    const again = await api()(ada, 'POST', `/badges/${badgeId}/applications`, { narrative: 'Encore', submit: true });
    expect(again.statusCode).toBe(409);

    const submitted = await api()(ada, 'POST', `/applications/${applicationId}/submit`);
    expect(submitted.statusCode, submitted.body).toBe(200);
    const mine = (await api()(ada, 'GET', `/applications/${applicationId}`)).json();
    expect(mine).toMatchObject({ status: 'pending', review: { mode: 'holders', quorum: 2 }, links: ['https://example.org/parcours'], checklist: [0], verdicts: [] });
    expect(mine.files).toEqual([expect.objectContaining({ filename: 'plan.pdf', mediaType: 'application/pdf', size: PDF.length })]);
  });

  it('reaches every holder at once (in the app), and by mail once the jobs run', async () => {
    for (const h of holders) {
      const list = (await api()(h, 'GET', '/reviews')).json();
      expect(list.total).toBe(1);
      expect(list.items[0]).toMatchObject({ id: applicationId, status: 'pending', applicant: { name: 'Ada' } });
    }
    for (const u of [ada, stranger, owner]) expect((await api()(u, 'GET', '/reviews')).json().total).toBe(0);
    await p.drain();
    for (const h of holders) {
      const mails = await sentMails(p, h.email, 'Nouvelle demande à examiner');
      expect(mails).toHaveLength(1);
      expect(mails[0]!.text_body).toContain(`/applications/${applicationId}`);
    }
    expect(await sentMails(p, stranger.email)).toHaveLength(0);
  });

  it('lets the evidence file be read by the applicant, the examiners and the staff — nobody else', async () => {
    const file = (await api()(ada, 'GET', `/applications/${applicationId}`)).json().files[0];
    const path = new URL(file.url).pathname;
    for (const u of [ada, holders[0]!, owner]) {
      const res = await p.app.inject({ method: 'GET', url: path, headers: { cookie: u.sessionCookie } });
      expect(res.statusCode, `${u.email}: ${res.body.slice(0, 200)}`).toBe(200);
      expect(res.rawPayload.equals(PDF)).toBe(true);
      expect(res.headers['content-disposition']).toContain('attachment');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
    expect((await p.app.inject({ method: 'GET', url: path, headers: { cookie: stranger.sessionCookie } })).statusCode).toBe(404);
    expect([302, 303, 401]).toContain((await p.app.inject({ method: 'GET', url: path })).statusCode);
    // Guessing another file id of the same application finds nothing either.
    expect((await p.app.inject({ method: 'GET', url: path.replace(file.id, 'abcdefghjkmnpqrs'), headers: { cookie: ada.sessionCookie } })).statusCode).toBe(404);
  });

  it('refuses verdicts from the applicant and from strangers (403), and a yes below the checklist threshold', async () => {
    expect((await api()(ada, 'POST', `/applications/${applicationId}/verdicts`, { verdict: 'yes' })).statusCode).toBe(403);
    expect((await api()(stranger, 'POST', `/applications/${applicationId}/verdicts`, { verdict: 'yes' })).statusCode).toBe(403);
    const low = await api()(holders[1]!, 'POST', `/applications/${applicationId}/verdicts`, { verdict: 'yes', criteriaMet: [0] });
    expect(low.statusCode).toBe(400);
    expect(low.json().error.fields.criteriaMet).toBeTruthy();
  });

  it('decides by the rule: no, yes, yes → accepted on the third verdict, once; the credential is issued and verifies', async () => {
    const v1 = await api()(holders[0]!, 'POST', `/applications/${applicationId}/verdicts`, { verdict: 'no', comment: 'Il manque l’évaluation.' });
    expect(v1.statusCode, v1.body).toBe(201);
    expect(v1.json()).toEqual({ status: 'pending', decided: false, credentialId: null });
    expect((await api()(holders[0]!, 'POST', `/applications/${applicationId}/verdicts`, { verdict: 'yes' })).statusCode).toBe(409);
    // A voter's list no longer shows it; the others' still do.
    expect((await api()(holders[0]!, 'GET', '/reviews')).json().total).toBe(0);
    const v2 = await api()(holders[1]!, 'POST', `/applications/${applicationId}/verdicts`, { verdict: 'yes', comment: 'Très complet.', criteriaMet: [0, 1] });
    expect(v2.json().status).toBe('pending');
    const v3 = await api()(holders[2]!, 'POST', `/applications/${applicationId}/verdicts`, { verdict: 'yes', comment: 'Bravo.', criteriaMet: [0, 1, 2] });
    expect(v3.statusCode).toBe(201);
    expect(v3.json()).toMatchObject({ status: 'accepted', decided: true, credentialId: expect.any(String) });

    const view = (await api()(ada, 'GET', `/applications/${applicationId}`)).json();
    expect(view.status).toBe('accepted');
    expect(view.credentialId).toBe(v3.json().credentialId);
    expect(view.verdicts.map((v: { verdict: string }) => v.verdict)).toEqual(['no', 'yes', 'yes']);
    expect(view.verdicts[0]).toMatchObject({ comment: 'Il manque l’évaluation.' });
    expect(view.verdicts[0].examiner).toBeUndefined();

    const credentials = await p.deps.db.selectFrom('credentials').selectAll().where('recipient_email', '=', ada.email).execute();
    expect(credentials).toHaveLength(1);
    expect(credentials[0]!.state).toBe('accepted');
    const result = await verifyCredential(credentials[0]!.document as object, { documentLoader: platformLoader(p) });
    expect(result.valid, JSON.stringify(result.checks)).toBe(true);
    const evidence = (credentials[0]!.document as { evidence?: { description?: string; id?: string }[] }).evidence ?? [];
    expect(evidence.map((e) => e.id)).toContain('https://example.org/parcours');
    expect(evidence.some((e) => e.description?.includes('2'))).toBe(true);
  });

  it('refuses a late verdict with a clear message and changes nothing; the application left every list', async () => {
    const late = await api()(holders[0]!, 'POST', `/applications/${applicationId}/verdicts`, { verdict: 'no' });
    expect(late.statusCode).toBe(409);
    const extra = await createTestUser(p, { email: 'h4@cfa.example', locale: 'en' });
    await award(p, owner, badgeId, { recipient: { email: extra.email } });
    const res = await p.app.inject({
      method: 'POST',
      url: `/api/v1/applications/${applicationId}/verdicts`,
      headers: { ...bearer(extra), 'accept-language': 'en' },
      payload: { verdict: 'no' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toBe('This application has already been decided: your verdict was not counted.');
    expect(await p.deps.db.selectFrom('verdicts').selectAll().execute()).toHaveLength(3);
    for (const h of holders) expect((await api()(h, 'GET', '/reviews')).json().total).toBe(0);
  });

  it('tells the applicant (mail with the comments, in their language), and the new holder examines the next application', async () => {
    // Bob applies before Ada's decision mail goes out: Ada, now a holder, gets what awaits her.
    const bobs = await api()(bob, 'POST', `/badges/${badgeId}/applications`, { narrative: 'Mon parcours.', submit: true });
    expect(bobs.statusCode).toBe(201);
    expect((await api()(ada, 'GET', '/reviews')).json().items.map((i: { id: string }) => i.id)).toEqual([bobs.json().id]);
    await p.drain();
    const decided = await sentMails(p, ada.email, 'Your application is accepted');
    expect(decided).toHaveLength(1);
    expect(decided[0]!.text_body).toContain('Il manque l’évaluation.');
    expect(decided[0]!.text_body).toContain('/credentials/');
    const welcome = await sentMails(p, ada.email, 'You now examine the badge');
    expect(welcome).toHaveLength(1);
    expect(welcome[0]!.text_body).toContain(`/applications/${bobs.json().id}`);
    expect((await sentMails(p, ada.email, 'New application to review')).length).toBe(1);
  });

  it('does not send a new-application mail that lost its reason before it left (decided meanwhile)', async () => {
    const carol = await createTestUser(p, { email: 'carol@cfa.example' });
    const res = await api()(carol, 'POST', `/badges/${badgeId}/applications`, { narrative: 'Carol', submit: true });
    const id = res.json().id;
    // Fan-out only: the mails are queued, not yet sent.
    const fanout = await p.deps.db.selectFrom('jobs').select('id').where('name', '=', 'applications.fanout').where('status', '=', 'queued').execute();
    expect(fanout).toHaveLength(1);
    await p.handlers['applications.fanout']!(p.deps, JSON.parse(JSON.stringify({ application: (await p.deps.db.selectFrom('applications').select('id').where('public_id', '=', id).executeTakeFirstOrThrow()).id })), { id: fanout[0]!.id, attempts: 1 } as never);
    await p.deps.db.updateTable('jobs').set({ status: 'done' }).where('id', '=', fanout[0]!.id).execute();
    const before = (await p.deps.db.selectFrom('mails').select('id').execute()).length;
    await api()(holders[0]!, 'POST', `/applications/${id}/verdicts`, { verdict: 'no' });
    await api()(holders[1]!, 'POST', `/applications/${id}/verdicts`, { verdict: 'no' });
    await p.drain();
    const after = await p.deps.db.selectFrom('mails').select(['to_address', 'subject']).where('id', '>', String(before) as never).execute();
    expect(after.filter((m) => m.subject.includes('Nouvelle demande') || m.subject.includes('New application'))).toEqual([]);
    expect(after.filter((m) => m.to_address === carol.email)).toHaveLength(1);
  });

  it('lets a refused applicant apply again, and an applicant withdraw', async () => {
    const carol = (await p.deps.db.selectFrom('users').innerJoin('user_emails', 'user_emails.user_id', 'users.id').select('users.id').where('email', '=', 'carol@cfa.example').executeTakeFirstOrThrow()).id;
    expect(carol).toBeTruthy();
    const dave = await createTestUser(p, { email: 'dave@cfa.example' });
    const first = (await api()(dave, 'POST', `/badges/${badgeId}/applications`, { narrative: 'Dave', submit: true })).json();
    expect((await api()(dave, 'POST', `/applications/${first.id}/withdraw`)).json().status).toBe('withdrawn');
    expect((await api()(holders[0]!, 'POST', `/applications/${first.id}/verdicts`, { verdict: 'yes', criteriaMet: [0, 1] })).statusCode).toBe(409);
    const second = await api()(dave, 'POST', `/badges/${badgeId}/applications`, { narrative: 'Dave again', submit: true });
    expect(second.statusCode).toBe(201);
  });

  it('a holder whose badge is revoked or expired examines no more', async () => {
    const list = (await api()(holders[2]!, 'GET', '/reviews')).json();
    expect(list.total).toBeGreaterThan(0);
    const cred = await p.deps.db.selectFrom('credentials').select('public_id').where('recipient_email', '=', holders[2]!.email).executeTakeFirstOrThrow();
    const revoked = await api()(owner, 'POST', `/credentials/${cred.public_id}/revoke`, { reason: 'Erreur' });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect((await api()(holders[2]!, 'GET', '/reviews')).json().total).toBe(0);
  });
});

describe('committee and staff review', () => {
  let p: TestPlatform;
  let region: TestUser;
  let member1: TestUser;
  let member2: TestUser;
  let reviewer: TestUser;
  let cfa: TestUser;
  let committeeBadge = '';
  let staffBadge = '';
  let cfaSlug = '';
  const api = () => apiOf(p);

  beforeAll(async () => {
    p = await testPlatform();
    region = await createTestUser(p, { email: 'region@normandie.example' });
    member1 = await createTestUser(p, { email: 'pilote1@cfa-a.example' });
    member2 = await createTestUser(p, { email: 'pilote2@cfa-b.example' });
    reviewer = await createTestUser(p, { email: 'reviewer@normandie.example' });
    cfa = await createTestUser(p, { email: 'direction@cfa-c.example' });
    const slug = await createOrganization(p, region, 'Région Normandie');
    await addMember(p, slug, reviewer, ['reviewer']);
    cfaSlug = await createOrganization(p, cfa, 'CFA du Cotentin');
    committeeBadge = await createBadge(p, region, slug, {
      name: 'Tutorat',
      description: 'Le CFA accompagne ses apprentis par un tutorat en ligne.',
      criteria: { narrative: 'Présenter le dispositif.' },
      blason: { status: 'published', review: { mode: 'committee', quorum: 2, committee: ['Pilote1@cfa-a.example', 'pilote2@cfa-b.example', 'region@normandie.example'] } },
    });
    staffBadge = await createBadge(p, region, slug, {
      name: 'Prospection',
      description: 'Le CFA prospecte.',
      criteria: { narrative: 'Décrire la prospection.' },
      blason: { status: 'published' },
    });
  });
  afterAll(async () => {
    await p.close();
  });

  it('refuses a committee smaller than the quorum when the badge is designed', async () => {
    const slug = (await p.deps.db.selectFrom('organizations').select('slug').where('name', '=', 'Région Normandie').executeTakeFirstOrThrow()).slug;
    const bad = await api()(region, 'POST', `/organizations/${slug}/badges`, {
      name: 'X',
      description: 'X',
      criteria: { narrative: 'X' },
      blason: { review: { mode: 'committee', quorum: 3, committee: ['a@x.example'] } },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('a CFA applies on behalf of the organisation; committee members from several organisations decide (yes, no, yes)', async () => {
    const res = await api()(cfa, 'POST', `/badges/${committeeBadge}/applications`, { narrative: 'Notre tutorat en ligne.', organization: cfaSlug, submit: true });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id;
    expect((await api()(reviewer, 'POST', `/applications/${id}/verdicts`, { verdict: 'yes' })).statusCode).toBe(403);
    for (const m of [member1, member2, region]) expect((await api()(m, 'GET', '/reviews')).json().total).toBe(1);
    expect((await api()(member1, 'POST', `/applications/${id}/verdicts`, { verdict: 'yes' })).json().status).toBe('pending');
    expect((await api()(member2, 'POST', `/applications/${id}/verdicts`, { verdict: 'no', comment: 'Pas encore.' })).json().status).toBe('pending');
    // Staff and fellow examiners who voted see who said what.
    const seen = (await api()(member1, 'GET', `/applications/${id}`)).json();
    expect(seen.verdicts.map((v: { examiner?: { name: string } }) => v.examiner?.name)).toEqual(['pilote1', 'pilote2']);
    const last = await api()(region, 'POST', `/applications/${id}/verdicts`, { verdict: 'yes' });
    expect(last.json()).toMatchObject({ status: 'accepted', decided: true });
    const credential = await p.deps.db
      .selectFrom('credentials')
      .innerJoin('organizations', 'organizations.id', 'credentials.recipient_organization_id')
      .select(['organizations.slug', 'credentials.state'])
      .executeTakeFirstOrThrow();
    expect(credential).toEqual({ slug: cfaSlug, state: 'accepted' });
  });

  it('staff review: one reviewer of the issuing organisation decides alone', async () => {
    const res = await api()(cfa, 'POST', `/badges/${staffBadge}/applications`, { narrative: 'Prospection.', submit: true });
    const id = res.json().id;
    expect((await api()(member1, 'GET', '/reviews')).json().total).toBe(0);
    expect((await api()(reviewer, 'GET', '/reviews')).json().total).toBe(1);
    const v = await api()(reviewer, 'POST', `/applications/${id}/verdicts`, { verdict: 'no', comment: 'Précisez la démarche.' });
    expect(v.json()).toMatchObject({ status: 'refused', decided: true, credentialId: null });
    await p.drain();
    const mails = await sentMails(p, cfa.email, 'n’est pas retenue');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text_body).toContain('Précisez la démarche.');
    // Refused: may apply again.
    expect((await api()(cfa, 'POST', `/badges/${staffBadge}/applications`, { narrative: 'Prospection, mieux décrite.', submit: true })).statusCode).toBe(201);
  });

  it('daily digests list only what is still undecided when they are sent', async () => {
    await p.deps.db.updateTable('users').set({ review_digest: 'daily' }).where('id', '=', reviewer.id).execute();
    const open = await api()(member1, 'POST', `/badges/${staffBadge}/applications`, { narrative: 'Autre CFA.', submit: true });
    const closing = await api()(member2, 'POST', `/badges/${staffBadge}/applications`, { narrative: 'Encore un.', submit: true });
    await p.drain();
    // Daily: no immediate mail for these.
    expect(await sentMails(p, reviewer.email, 'Nouvelle demande')).toHaveLength(0);
    const handler = p.handlers['applications.digest']!;
    await handler(p.deps, { day: '2099-01-01' }, { id: '0', attempts: 1 } as never);
    // Decided between the digest's fan-out and the mail leaving (the region owns the issuer: staff): not listed.
    expect((await api()(region, 'POST', `/applications/${closing.json().id}/verdicts`, { verdict: 'yes' })).statusCode).toBe(201);
    await p.drain();
    const digest = await sentMails(p, reviewer.email, 'attendent votre avis');
    expect(digest).toHaveLength(1);
    expect(digest[0]!.text_body).toContain(`/applications/${open.json().id}`);
    expect(digest[0]!.text_body).not.toContain(`/applications/${closing.json().id}`);
    // The next digest is scheduled, at REVIEW_DIGEST_HOUR (7 UTC by default), in the future.
    const next = await p.deps.db.selectFrom('jobs').select('run_at').where('name', '=', 'applications.digest').where('status', '=', 'queued').execute();
    expect(next).toHaveLength(1);
    expect(next[0]!.run_at.getUTCHours()).toBe(7);
    expect(next[0]!.run_at.getTime()).toBeGreaterThan(Date.now());
  });
});
