import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestPlatform, testPlatform } from '../helpers/platform';

describe('operations', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await testPlatform();
  });
  afterAll(async () => {
    await p.close();
  });

  it('answers /healthz once the database answers', async () => {
    const res = await p.app.inject({ url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('serves the OpenAPI document describing /me with bearer auth', async () => {
    const res = await p.app.inject({ url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/me'].get.security).toContainEqual({ bearer: [] });
  });

  it('refuses /api/v1/me without credentials, in the language asked', async () => {
    const fr = await p.app.inject({ url: '/api/v1/me' });
    expect(fr.statusCode).toBe(401);
    expect(fr.json().error.message).toBe('Connectez-vous pour continuer.');
    const en = await p.app.inject({ url: '/api/v1/me', headers: { 'accept-language': 'en-GB,en;q=0.9' } });
    expect(en.json().error.message).toBe('Sign in to continue.');
  });

  it('gives request ids and keeps a sane one given by a proxy', async () => {
    const res = await p.app.inject({ url: '/healthz', headers: { 'x-request-id': 'abc-123' } });
    expect(res.statusCode).toBe(200);
  });

  it('renders the home page in French by default, escaped, with a 404 page for unknown paths', async () => {
    const home = await p.app.inject({ url: '/' });
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('<html lang="fr">');
    expect(home.body).toContain('/setup');
    const missing = await p.app.inject({ url: '/nope/<script>' });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).not.toContain('<script>');
    expect(missing.body).toContain('Page introuvable.');
  });
});
