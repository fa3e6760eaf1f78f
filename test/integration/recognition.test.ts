// Open recognition (seed 003): a person endorses someone else's credential with a comment — a signed
// EndorsementCredential from that person's did:key; the earner is told, and chooses whether it is
// shown (page, /credentials/{id}/endorsements, the verifier).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCredential } from '../../src/credentials';
import { apiOf, award, createBadge, createOrganization, platformLoader, queuedMails, tutorat } from '../helpers/awards';
import { type TestPlatform, testPlatform } from '../helpers/platform';
import { type TestUser, createTestUser, signedInAgent } from '../helpers/users';

describe('open recognition', () => {
  let p: TestPlatform;
  let owner: TestUser;
  let ada: TestUser;
  let yann: TestUser;
  let credential = '';
  const api = () => apiOf(p);

  beforeAll(async () => {
    p = await testPlatform();
    owner = await createTestUser(p, { email: 'pilote@reseau.example' });
    ada = await createTestUser(p, { email: 'ada@cfa.example', displayName: 'Ada' });
    yann = await createTestUser(p, { email: 'yann@greta.example', displayName: 'Yann Morel' });
    const slug = await createOrganization(p, owner, 'Communotic');
    const badge = await createBadge(p, owner, slug, tutorat);
    credential = (await award(p, owner, badge, { recipient: { email: ada.email } })).id;
  });
  afterAll(async () => {
    await p.close();
  });

  it('signs the endorsement as the person; hidden until the earner shows it; once per person; not one’s own', async () => {
    expect((await api()(yann, 'POST', `/credentials/${credential}/endorsements`, { comment: ' ' })).statusCode).toBe(400);
    expect((await api()(ada, 'POST', `/credentials/${credential}/endorsements`, { comment: 'Moi-même.' })).statusCode).toBe(409);
    const res = await api()(yann, 'POST', `/credentials/${credential}/endorsements`, { comment: 'Ada a formé toute notre équipe au tutorat en ligne.' });
    expect(res.statusCode, res.body).toBe(201);
    expect((await api()(yann, 'POST', `/credentials/${credential}/endorsements`, { comment: 'Encore.' })).statusCode).toBe(409);
    const { id, url } = res.json();

    const doc = (await p.app.inject({ url: new URL(url).pathname })).json();
    expect(doc.type).toEqual(['VerifiableCredential', 'EndorsementCredential']);
    expect(doc.issuer.id).toMatch(/^did:key:z6Mk/);
    expect(doc.issuer.name).toBe('Yann Morel');
    expect(doc.credentialSubject).toMatchObject({ id: `http://localhost:3000/credentials/${credential}`, endorsementComment: 'Ada a formé toute notre équipe au tutorat en ligne.' });
    expect((await verifyCredential(doc, { documentLoader: platformLoader(p) })).valid).toBe(true);
    // Ada is told; it stays hidden until she shows it.
    const mail = (await queuedMails(p, ada.email)).find((m) => m.template === 'networks.endorsed');
    expect(mail?.params).toMatchObject({ endorser: 'Yann Morel', badge: 'Tutorat' });
    expect((await api()(null, 'GET', `/credentials/${credential}/endorsements`)).json().items).toEqual([]);
    expect((await api()(ada, 'GET', `/credentials/${credential}/endorsements`)).json().items).toMatchObject([{ id, displayed: false, endorser: { name: 'Yann Morel', organization: null } }]);
    expect((await api()(yann, 'POST', `/endorsements/${id}/display`, { displayed: true })).statusCode).toBe(404);

    // She shows it from the credential's page: now public, and the verifier checks it.
    const agent = signedInAgent(p, ada);
    const page = await agent.get(`/credentials/${credential}`);
    expect(page.body).toContain('masqué');
    const shown = await agent.post(`/endorsements/${id}/show`, {});
    expect(shown.statusCode).toBe(303);
    expect((await api()(null, 'GET', `/credentials/${credential}/endorsements`)).json().items).toMatchObject([{ id, displayed: true }]);
    const publicPage = await p.app.inject({ url: `/credentials/${credential}` });
    expect(publicPage.body).toContain('Ada a formé toute notre équipe au tutorat en ligne.');
    const signed = (await api()(ada, 'GET', `/credentials/${credential}`)).json().credential;
    const report = (await api()(null, 'POST', '/verify', signed)).json();
    expect(report.credential.endorsements.items).toMatchObject([{ issuer: { name: 'Yann Morel' }, comment: 'Ada a formé toute notre équipe au tutorat en ligne.', valid: true, source: 'earner' }]);
    // Hidden again: gone from the verifier.
    expect((await api()(ada, 'POST', `/endorsements/${id}/display`, { displayed: false })).statusCode).toBe(204);
    expect((await api()(null, 'POST', '/verify', signed)).json().credential.endorsements.count).toBe(0);
  });

  it('endorses from the credential’s page (form), with a translated error for an empty comment', async () => {
    const other = await createTestUser(p, { email: 'ines@cfa-pilote.example', displayName: 'Inès Garnier' });
    const agent = signedInAgent(p, other);
    const page = await agent.get(`/credentials/${credential}`);
    expect(page.body).toContain('Endosser ce badge');
    const empty = await agent.post(`/credentials/${credential}/endorse`, { comment: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Écrivez quelques mots d’endossement.');
    const sent = await agent.post(`/credentials/${credential}/endorse`, { comment: 'Une tutrice remarquable.' });
    expect(sent.statusCode).toBe(303);
    expect((await api()(ada, 'GET', `/credentials/${credential}/endorsements`)).json().items).toHaveLength(2);
  });

  it('is withdrawn by the person who gave it, from the credential’s page: gone everywhere; they may endorse again', async () => {
    const id = (await api()(ada, 'GET', `/credentials/${credential}/endorsements`)).json().items.find((e: { endorser: { name: string } }) => e.endorser.name === 'Yann Morel').id as string;
    const yanns = signedInAgent(p, yann);
    const page = await yanns.get(`/credentials/${credential}`);
    expect(page.body).toContain('Vous avez endossé ce badge.');
    expect(page.body).toContain(`/endorsements/${id}/withdraw`);
    expect(page.body).not.toContain(`/credentials/${credential}/endorse"`);
    // Not the earner's to withdraw.
    expect((await api()(ada, 'POST', `/endorsements/${id}/withdraw`, {})).statusCode).toBe(403);

    const withdrawn = await yanns.post(`/endorsements/${id}/withdraw`, {});
    expect(withdrawn.statusCode).toBe(303);
    expect(withdrawn.headers.location).toBe(`/credentials/${credential}#endorsements`);
    expect((await p.app.inject({ url: `/endorsements/${id}` })).statusCode).toBe(410);
    const left = (await api()(ada, 'GET', `/credentials/${credential}/endorsements`)).json().items as Array<{ id: string }>;
    expect(left.map((e) => e.id)).not.toContain(id);
    const after = await yanns.get(`/credentials/${credential}`);
    expect(after.body).not.toContain('Vous avez endossé ce badge.');
    expect(after.body).toContain(`/credentials/${credential}/endorse"`);
    // The form sent again (a second click): told on the page, not an error page.
    const again = await yanns.post(`/endorsements/${id}/withdraw`, {});
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe(`/credentials/${credential}#endorsements`);
    expect((await yanns.get(`/credentials/${credential}`)).body).toContain('Cet endossement est déjà retiré.');
    expect((await api()(yann, 'POST', `/credentials/${credential}/endorsements`, { comment: 'Je le redis autrement.' })).statusCode).toBe(201);
  });
});
