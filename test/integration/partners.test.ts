// Partners and organisations' endorsements: organisations list each other as partners, ask a
// partner to endorse a badge (its managers are mailed and answer), and endorse another organisation
// or its badges directly — signed EndorsementCredentials shown on the badge's and the organisation's pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCredential } from '../../src/credentials';
import { apiOf, createBadge, createOrganization, platformLoader, queuedMails, tutorat } from '../helpers/awards';
import { type TestPlatform, testPlatform } from '../helpers/platform';
import { type TestUser, createTestUser, signedInAgent } from '../helpers/users';

describe('partners and endorsements by organisations', () => {
  let p: TestPlatform;
  let cfaUser: TestUser;
  let gretaUser: TestUser;
  let cfa = '';
  let greta = '';
  let badge = '';
  const api = () => apiOf(p);

  beforeAll(async () => {
    p = await testPlatform();
    cfaUser = await createTestUser(p, { email: 'direction@cfa.example' });
    gretaUser = await createTestUser(p, { email: 'direction@greta.example' });
    cfa = await createOrganization(p, cfaUser, 'CFA de Caen');
    greta = await createOrganization(p, gretaUser, 'GRETA de Rouen');
    badge = await createBadge(p, cfaUser, cfa, tutorat);
  });
  afterAll(async () => {
    await p.close();
  });

  it('adds partners (mutual when both do), refuses itself and strangers', async () => {
    expect((await api()(cfaUser, 'POST', `/organizations/${cfa}/partners`, { partner: cfa })).statusCode).toBe(400);
    expect((await api()(cfaUser, 'POST', `/organizations/${cfa}/partners`, { partner: 'nope' })).statusCode).toBe(400);
    expect((await api()(gretaUser, 'POST', `/organizations/${cfa}/partners`, { partner: greta })).statusCode).toBe(403);
    expect((await api()(cfaUser, 'POST', `/organizations/${cfa}/partners`, { partner: greta })).statusCode).toBe(204);
    expect((await api()(null, 'GET', `/organizations/${cfa}/partners`)).json().items).toEqual([{ organization: greta, name: 'GRETA de Rouen', mutual: false }]);
    expect((await api()(gretaUser, 'POST', `/organizations/${greta}/partners`, { partner: cfa })).statusCode).toBe(204);
    expect((await api()(null, 'GET', `/organizations/${cfa}/partners`)).json().items[0].mutual).toBe(true);
  });

  it('asks a partner to endorse a badge; the partner accepts with its words: signed, shown on the badge', async () => {
    const res = await api()(cfaUser, 'POST', `/organizations/${cfa}/endorsement-requests`, { endorser: greta, badge, message: 'Notre tutorat en ligne, que vous connaissez.' });
    expect(res.statusCode, res.body).toBe(201);
    expect((await api()(cfaUser, 'POST', `/organizations/${cfa}/endorsement-requests`, { endorser: greta, badge })).statusCode).toBe(409);
    const mail = (await queuedMails(p, gretaUser.email)).find((m) => m.template === 'networks.endorsementRequest');
    expect(mail?.params).toMatchObject({ requester: 'CFA de Caen', subject: 'Tutorat' });
    const received = (await api()(gretaUser, 'GET', `/organizations/${greta}/endorsement-requests`)).json().items;
    expect(received).toMatchObject([{ id: res.json().id, requester: cfa, badge, status: 'pending' }]);
    expect((await api()(cfaUser, 'POST', `/endorsement-requests/${res.json().id}/answer`, { accept: true, comment: 'x' })).statusCode).toBe(403);
    expect((await api()(gretaUser, 'POST', `/endorsement-requests/${res.json().id}/answer`, { accept: true })).statusCode).toBe(400);
    const answered = await api()(gretaUser, 'POST', `/endorsement-requests/${res.json().id}/answer`, { accept: true, comment: 'Un tutorat exemplaire, nous l’avons vu à l’œuvre.' });
    expect(answered.statusCode, answered.body).toBe(200);
    expect((await api()(gretaUser, 'POST', `/endorsement-requests/${res.json().id}/answer`, { accept: false })).statusCode).toBe(409);
    const doc = (await p.app.inject({ url: `/endorsements/${answered.json().endorsement}` })).json();
    expect(doc.issuer.name).toBe('GRETA de Rouen');
    expect(doc.credentialSubject.id).toBe(`http://localhost:3000/badges/${badge}`);
    expect((await verifyCredential(doc, { documentLoader: platformLoader(p) })).valid).toBe(true);
    const page = await p.app.inject({ url: `/badges/${badge}` });
    expect(page.body).toContain('Un tutorat exemplaire, nous l’avons vu à l’œuvre.');
  });

  it('endorses another organisation directly from its partners page; never itself; once', async () => {
    expect((await api()(cfaUser, 'POST', `/organizations/${cfa}/endorsements`, { organization: cfa, comment: 'Moi.' })).statusCode).toBe(409);
    const agent = signedInAgent(p, cfaUser);
    const page = await agent.get(`/organizations/${greta}/partners`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Signer l’endossement');
    const empty = await agent.post(`/organizations/${greta}/endorse`, { as: cfa, what: '', comment: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Écrivez quelques mots d’endossement.');
    const sent = await agent.post(`/organizations/${greta}/endorse`, { as: cfa, what: '', comment: 'Un partenaire fiable depuis dix ans.' });
    expect(sent.statusCode).toBe(303);
    expect((await api()(null, 'GET', `/organizations/${greta}/endorsements`)).json().items).toMatchObject([{ endorser: { organization: cfa }, comment: 'Un partenaire fiable depuis dix ans.' }]);
    expect((await api()(cfaUser, 'POST', `/organizations/${cfa}/endorsements`, { organization: greta, comment: 'Encore.' })).statusCode).toBe(409);
    const shown = await p.app.inject({ url: `/organizations/${greta}/partners` });
    expect(shown.body).toContain('Un partenaire fiable depuis dix ans.');
    expect((await p.app.inject({ url: `/organizations/${greta}` })).body).toContain(`/organizations/${greta}/partners`);
    // Removing a partner.
    expect((await p.app.inject({ method: 'DELETE', url: `/api/v1/organizations/${cfa}/partners/${greta}`, headers: { authorization: `Bearer ${cfaUser.token}` } })).statusCode).toBe(204);
    expect((await api()(null, 'GET', `/organizations/${cfa}/partners`)).json().items).toEqual([]);
  });

  it('withdraws an endorsement: its endorser only, once; no longer shown, 410 at its URL, revoked in the endorser’s status list', async () => {
    const row = await p.deps.db
      .selectFrom('endorsements as e')
      .innerJoin('organizations as o', 'o.id', 'e.endorser_organization_id')
      .select(['e.public_id', 'e.status_list_id'])
      .where('o.slug', '=', greta)
      .where('e.badge_id', 'is not', null)
      .executeTakeFirstOrThrow();
    const id = row.public_id;
    expect(row.status_list_id).not.toBeNull();
    const doc = (await p.app.inject({ url: `/endorsements/${id}` })).json();
    expect(doc.credentialStatus).toMatchObject({ type: 'BitstringStatusListEntry', statusPurpose: 'revocation' });
    expect(doc.credentialStatus.statusListCredential).toContain(`/organizations/${greta}/`);
    const before = await verifyCredential(doc, { documentLoader: platformLoader(p) });
    expect(before.valid).toBe(true);
    expect(before.checks.find((c) => c.id === 'status')?.passed).toBe(true);

    // Its managers see it among the endorsements given, with a form to withdraw it.
    const agent = signedInAgent(p, gretaUser);
    expect((await agent.get(`/organizations/${greta}/partners`)).body).toContain(`/organizations/${greta}/endorsements/${id}/withdraw`);
    // Not the endorsed organisation, not an outsider.
    expect((await api()(cfaUser, 'POST', `/endorsements/${id}/withdraw`, { reason: 'x' })).statusCode).toBe(403);
    expect((await api()(null, 'POST', `/endorsements/${id}/withdraw`, {})).statusCode).toBe(401);

    const withdrawn = await agent.post(`/organizations/${greta}/endorsements/${id}/withdraw`, { reason: 'Partenariat terminé' });
    expect(withdrawn.statusCode).toBe(303);
    expect((await api()(gretaUser, 'POST', `/endorsements/${id}/withdraw`, {})).statusCode).toBe(409);
    expect((await agent.get(`/organizations/${greta}/partners`)).body).not.toContain(`/endorsements/${id}/withdraw`);

    const gone = await p.app.inject({ url: `/endorsements/${id}` });
    expect(gone.statusCode).toBe(410);
    expect(gone.json().error.message).toBe('Cet endossement a été retiré par son auteur.');
    expect((await p.app.inject({ url: `/badges/${badge}` })).body).not.toContain('Un tutorat exemplaire, nous l’avons vu à l’œuvre.');
    // A copy kept elsewhere is now revoked for any verifier.
    const after = await verifyCredential(doc, { documentLoader: platformLoader(p) });
    expect(after.valid).toBe(false);
    expect(after.checks.find((c) => c.id === 'status')?.problems.map((x) => x.code)).toEqual(['status.revoked']);
    // The reason is kept with it.
    const stored = await p.deps.db.selectFrom('endorsements').select(['revocation_reason']).where('public_id', '=', id).executeTakeFirstOrThrow();
    expect(stored.revocation_reason).toBe('Partenariat terminé');
  });
});
