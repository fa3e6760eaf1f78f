// The /verify pages as a browser without JavaScript uses them: paste a JSON or a JWT, upload a baked
// PNG (multipart, CSRF token in the query string), give a URL (GET /verify?url=…).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PreparedSigningKey } from '../../src/credentials';
import { formAgent } from '../helpers/forms';
import { createTestUser, signedInAgent } from '../helpers/users';
import { BASE, badgeInput, multipart, signedForms, testIssuer, verifyPlatform, type SignedForms, type VerifyPlatform } from '../helpers/verify';

describe('the /verify pages', () => {
  let p: VerifyPlatform;
  let issuer: { slug: string; key: PreparedSigningKey; did: string };
  let forms: SignedForms;

  beforeAll(async () => {
    p = await verifyPlatform();
    issuer = await testIssuer(p);
    forms = await signedForms(issuer.key, badgeInput(issuer.did, { validUntil: '2099-12-31T00:00:00Z' }));
  });
  afterAll(async () => {
    await p?.close();
  });

  it('offers three ways in, each a labelled form, linked from every page', async () => {
    const home = await p.verifier.inject({ url: '/' });
    expect(home.body).toContain('href="/verify"');
    expect(home.body).toContain('Vérifier un badge');
    const page = await p.verifier.inject({ url: '/verify' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('enctype="multipart/form-data"');
    expect(page.body).toMatch(/action="\/verify\?_csrf=[^"]+"/);
    expect(page.body).toContain('<label for="f-file">');
    expect(page.body).toContain('<label for="f-text">');
    expect(page.body).toContain('<label for="f-url">');
    expect(page.body).toContain('method="get" action="/verify"');
  });

  it('verifies a pasted JSON credential and shows the verdict, the badge and every check', async () => {
    const agent = formAgent(p.verifier, { headers: { 'accept-language': 'fr' } });
    await agent.get('/verify');
    const res = await agent.post('/verify', { text: JSON.stringify(forms.credential) });
    expect(res.statusCode).toBe(200);
    const body = res.body;
    expect(body).toContain('Ce badge est authentique et valide.');
    expect(body.indexOf('Ce badge est authentique')).toBeLessThan(body.indexOf('Contrôles effectués'));
    expect(body).toContain('Robotique — niveau 1');
    expect(body).toContain('CFA Numérique');
    expect(body).toContain(issuer.did);
    expect(body).toContain('1 janvier 2025');
    expect(body).toContain('31 décembre 2099');
    expect(body).toContain('Désigné par une empreinte de son adresse e-mail (non divulgué)');
    expect(body).toContain('0 endossement(s), dont 0 valide(s)');
    // Each check: a mark hidden from screen readers, and the words.
    expect(body.match(/<span aria-hidden="true">✓ <\/span>/g)).toHaveLength(6);
    expect(body).toContain('Signature — Réussi :');
    expect(body).toContain('href="/verify"');
  });

  it('verifies a pasted JWT in English', async () => {
    const agent = formAgent(p.verifier, { headers: { 'accept-language': 'en' } });
    const res = await agent.post('/verify', { text: forms.jwt });
    expect(res.body).toContain('This badge is genuine and valid.');
    expect(res.body).toContain('Signature — Passed:');
    expect(res.body).toContain('Format</dt><dd>JWT');
  });

  it('verifies an uploaded PNG (multipart, CSRF token in the query string)', async () => {
    const agent = formAgent(p.verifier);
    const page = await agent.get('/verify');
    const action = /<form method="post" action="(\/verify\?_csrf=[^"]+)"/.exec(page.body)![1]!.replace(/&amp;/g, '&');
    const body = multipart([
      { name: '_csrf', data: agent.csrf ?? '' },
      { name: 'file', filename: 'badge.png', type: 'image/png', data: forms.png },
    ]);
    const cookie = [...agent.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const res = await p.verifier.inject({ method: 'POST', url: action, payload: body.payload, headers: { ...body.headers, cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Ce badge est authentique et valide.');
    expect(res.body).toContain('Format</dt><dd>PNG');

    const withoutToken = await p.verifier.inject({ method: 'POST', url: '/verify', payload: body.payload, headers: { ...body.headers, cookie } });
    expect(withoutToken.statusCode).toBe(403);
  });

  it('says when the upload is missing or the paste is empty, next to the field', async () => {
    const agent = formAgent(p.verifier);
    const empty = await agent.post('/verify', { text: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('class="error-summary"');
    expect(empty.body).toContain('id="f-text-error"');
    expect(empty.body).toContain('Collez le contenu d’un badge.');
  });

  it('says clearly what is wrong with an altered badge', async () => {
    const agent = formAgent(p.verifier);
    const res = await agent.post('/verify', { text: JSON.stringify({ ...forms.credential, name: 'Autre badge' }) });
    expect(res.body).toContain("Ce badge n'est pas authentique : la signature ne correspond pas : le badge a été modifié ou falsifié.");
    expect(res.body).toContain('<span aria-hidden="true">✗ </span>');
    expect(res.body).toContain('Signature — Échec :');
  });

  it('says when garbage is not a badge at all', async () => {
    const agent = formAgent(p.verifier);
    const res = await agent.post('/verify', { text: 'hello' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("Aucun badge n'a pu être lu : ce contenu n'est ni un badge (JSON), ni un JWT, ni une image PNG ou SVG.");
    expect(res.body).toContain('Non vérifié');
  });

  it('verifies a URL given in the query, and says when nothing is there', async () => {
    const unknown = await p.verifier.inject({ url: `/verify?url=${encodeURIComponent(`${BASE}/credentials/does-not-exist`)}` });
    expect(unknown.statusCode).toBe(200);
    expect(unknown.body).toContain("Aucun badge n'a pu être lu : aucun badge n'a été trouvé à cette adresse.");
    expect(unknown.body).toContain(`${BASE}/credentials/does-not-exist`);
    expect(p.fetcher.seen).toEqual([]);

    const notUrl = await p.verifier.inject({ url: '/verify?url=javascript%3Aalert(1)' });
    expect(notUrl.statusCode).toBe(400);
    expect(notUrl.body).toContain('id="f-url-error"');

    p.fetcher.serve('https://other.example/ada.svg', { contentType: 'image/svg+xml', bytes: Buffer.from(forms.svg) });
    const remote = await p.verifier.inject({ url: '/verify?url=https%3A%2F%2Fother.example%2Fada.svg', headers: { 'accept-language': 'en' } });
    expect(remote.body).toContain('This badge is genuine and valid.');
  });

  it('lets a signed-in person use the API from the browser with the CSRF header', async () => {
    const user = await createTestUser(p, { email: 'reader@example.org' });
    const agent = signedInAgent({ app: p.verifier }, user);
    await agent.get('/verify');
    const res = await agent.json('POST', '/api/v1/verify', forms.credential);
    expect(res.statusCode).toBe(200);
    expect(res.json().valid).toBe(true);
  });

  it('still hands e-mail verification links (/verify?token=…) to the accounts module', async () => {
    const res = await p.verifier.inject({ url: '/verify?token=not-a-real-token' });
    expect(res.statusCode).not.toBe(200);
    expect(res.body).not.toContain('Vérifier un badge</h1>');
  });
});
