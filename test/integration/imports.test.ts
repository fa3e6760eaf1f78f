// Importing badges earned elsewhere (issue 6): verified on the way in (422 and nothing stored when
// it fails), kept with the verification, checked again on demand and daily — shown revoked once
// its issuer revokes it. Through the API (JSON, JWT, image) and "Mes badges" (an uploaded PNG).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECHECK_JOB } from '../../src/backpack/imports';
import { apiOf, award, createBadge, createOrganization, tutorat, tutoratAwardedToAda } from '../helpers/awards';
import { formWithFiles } from '../helpers/forms';
import { type TestPlatform, testPlatform } from '../helpers/platform';
import { type TestUser, bearer, createTestUser, signedInAgent } from '../helpers/users';

describe('importing badges into the backpack', () => {
  let p: TestPlatform;
  let owner: TestUser;
  let ada: TestUser;
  let bob: TestUser;
  let badge: string;
  let issued: { id: string; credential: Record<string, unknown> };
  let bobs: { id: string; credential: Record<string, unknown> };
  const api = () => apiOf(p);

  beforeAll(async () => {
    p = await testPlatform();
    ({ owner, ada, bob, issued, badge } = await tutoratAwardedToAda(p));
    bobs = await award(p, owner, badge, { recipient: { email: bob.email } });
  });
  afterAll(async () => {
    await p.close();
  });

  it('imports a verified credential (JSON) of its own, once; refuses a tampered one, or one awarded to someone else, storing nothing', async () => {
    const tampered = { ...bobs.credential, name: 'Faux badge' };
    const refused = await api()(bob, 'POST', '/backpack/import', tampered);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().verification.valid).toBe(false);
    expect(refused.json().verification.checks.find((c: { id: string }) => c.id === 'proof').passed).toBe(false);

    // Ada's badge, authentic and valid, is not Bob's to show as his.
    const notHis = await api()(bob, 'POST', '/backpack/import', issued.credential);
    expect(notHis.statusCode).toBe(422);
    expect(notHis.json().error.message).toContain('attribué à une autre adresse que vos adresses e-mail vérifiées');
    expect(notHis.json().verification.checks.find((c: { id: string }) => c.id === 'subject')).toMatchObject({ passed: false, code: 'subject.recipient_mismatch' });
    const proof = notHis.json().verification.checks.find((c: { id: string }) => c.id === 'proof');
    expect(proof.passed).toBe(true);
    expect(await p.deps.db.selectFrom('imported_credentials').select('id').execute()).toEqual([]);

    const res = await api()(bob, 'POST', '/backpack/import', bobs.credential);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ name: 'Tutorat', issuer: 'Communotic', status: 'valid', format: 'json', verification: { valid: true } });
    expect((await api()(bob, 'POST', '/backpack/import', bobs.credential)).statusCode).toBe(409);
    expect((await api()(bob, 'GET', '/backpack/imports')).json().items).toHaveLength(1);
    expect((await api()(ada, 'GET', '/backpack/imports')).json().items).toHaveLength(0);
  });

  it('refuses an import by a person with no verified address yet, saying so (here in English, the language of their account)', async () => {
    const dan = await createTestUser(p, { email: 'dan@ailleurs.example', verified: false, locale: 'en' });
    const dans = await award(p, owner, badge, { recipient: { email: dan.email } });
    const res = await p.app.inject({ method: 'POST', url: '/api/v1/backpack/import', headers: bearer(dan), payload: dans.credential });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toContain('no verified e-mail address yet');
    expect(res.json().verification.checks.find((c: { id: string }) => c.id === 'subject')).toMatchObject({ passed: false, code: 'subject.recipient_unknown' });
    expect(await p.deps.db.selectFrom('imported_credentials').select('id').where('user_id', '=', dan.id).execute()).toEqual([]);
  });

  it('imports a badge as a JWT (text/plain), and a baked PNG from "Mes badges"', async () => {
    const jwt = (await p.app.inject({ url: `/credentials/${issued.id}?format=jwt` })).body;
    const viaJwt = await p.app.inject({ method: 'POST', url: '/api/v1/backpack/import', headers: bearer(ada, { 'content-type': 'text/plain' }), payload: jwt });
    expect(viaJwt.statusCode, viaJwt.body).toBe(201);
    expect(viaJwt.json().format).toBe('jwt');

    const carol = await createTestUser(p, { email: 'carol@ailleurs.example' });
    const carols = await award(p, owner, badge, { recipient: { email: carol.email } });
    const png = (await p.app.inject({ url: `/credentials/${carols.id}?format=png` })).rawPayload;
    const agent = signedInAgent(p, carol);
    const mine = await agent.get('/badges/mine');
    expect(mine.body).toContain('Badges obtenus ailleurs');
    const form = formWithFiles({}, [{ name: 'tutorat.png', type: 'image/png', bytes: png }], 'file');
    const cookie = [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await p.app.inject({ method: 'POST', url: `/backpack/import?_csrf=${encodeURIComponent(agent.csrf!)}`, headers: { ...form.headers, cookie }, payload: form.payload });
    expect(res.statusCode, res.body).toBe(303);
    const page = await agent.get('/badges/mine');
    expect(page.body).toContain('Tutorat');
    expect(page.body).toContain('Ce badge est authentique et valide.');
    const empty = await agent.post('/backpack/import', {});
    expect(empty.statusCode).toBe(400);
  });

  it('shows it revoked once its issuer revokes it: on demand, and by the daily check', async () => {
    expect((await api()(owner, 'POST', `/credentials/${bobs.id}/revoke`, { reason: 'Attribué par erreur.' })).statusCode).toBe(200);
    expect((await api()(owner, 'POST', `/credentials/${issued.id}/revoke`, { reason: 'Attribué par erreur.' })).statusCode).toBe(200);
    const [bobsImport] = (await api()(bob, 'GET', '/backpack/imports')).json().items;
    const checked = await api()(bob, 'POST', `/backpack/imports/${bobsImport.id}/verify`);
    expect(checked.json()).toMatchObject({ status: 'revoked', verification: { valid: false } });
    // Ada's (imported as a JWT) is checked by the daily job, a day later.
    const later = { ...p.deps, clock: { now: () => new Date(Date.now() + 2 * 86_400_000) } };
    await p.handlers[RECHECK_JOB]!(later, {}, { id: '0', attempts: 1, createdAt: new Date() });
    const [adas] = (await api()(ada, 'GET', '/backpack/imports')).json().items;
    expect(adas.status).toBe('revoked');
    expect((await p.deps.db.selectFrom('jobs').select('name').where('name', '=', RECHECK_JOB).execute()).length).toBeGreaterThan(0);
    // Removing it.
    expect((await p.app.inject({ method: 'DELETE', url: `/api/v1/backpack/imports/${bobsImport.id}`, headers: bearer(bob) })).statusCode).toBe(204);
    expect((await api()(bob, 'GET', '/backpack/imports')).json().items).toEqual([]);
  });
});

describe('the PDF certificate', () => {
  it('is one page with the badge, its holder, issuer, dates and a QR code to its verification page, in the reader’s language', async () => {
    const p = await testPlatform();
    try {
      const owner = await createTestUser(p, { email: 'pilote@reseau.example' });
      const slug = await createOrganization(p, owner, 'Communotic');
      const badge = await createBadge(p, owner, slug, { ...tutorat, name: 'Tutorat en ligne — niveau « expert » ✓' });
      const { id } = await award(p, owner, badge, { recipient: { email: 'ada@cfa.example', name: 'Ada Lovelace' } });
      const res = await p.app.inject({ url: `/credentials/${id}?format=pdf` });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toMatch(/attachment; filename=".*\.pdf"/);
      const { PDFDocument } = await import('pdf-lib');
      const pdf = await PDFDocument.load(res.rawPayload);
      expect(pdf.getPageCount()).toBe(1);
      expect(pdf.getTitle()).toContain('Tutorat en ligne');
      expect(pdf.getSubject()).toBe('Certificat — Open Badge vérifiable');
      const english = await p.app.inject({ url: `/credentials/${id}?format=pdf`, headers: { 'accept-language': 'en' } });
      expect((await PDFDocument.load(english.rawPayload)).getSubject()).toBe('Certificate — verifiable Open Badge');
      expect((await p.app.inject({ url: `/credentials/${id}` })).body).toContain(`/credentials/${id}?format=pdf`);
    } finally {
      await p.close();
    }
  });
});
