// Organisation API tokens: created (shown once), listed and revoked by the organisation's owners and
// admins, from the Integrations page (no JavaScript) or the API; a token awards and lists the
// credentials of its organisation's badges within its scopes, and nothing else; personal tokens and
// sessions work as before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../src/platform/tokens';
import { addMember, apiOf, createBadge, createOrganization, queuedMails, tutorat } from '../helpers/awards';
import { type TestPlatform, testPlatform } from '../helpers/platform';
import { type TestUser, createTestUser, signedInAgent } from '../helpers/users';

describe('organisation API tokens', () => {
  let p: TestPlatform;
  let owner: TestUser;
  let admin: TestUser;
  let issuerMember: TestUser;
  let stranger: TestUser;
  let slug = '';
  let badge = '';
  let otherBadge = '';
  const api = () => apiOf(p);
  const withToken = (token: string, method: 'GET' | 'POST', url: string, payload?: object, headers: Record<string, string> = {}) =>
    p.app.inject({ method, url, headers: { authorization: `Bearer ${token}`, ...headers }, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    p = await testPlatform();
    owner = await createTestUser(p, { email: 'owner@cfa.example' });
    admin = await createTestUser(p, { email: 'admin@cfa.example', locale: 'en' });
    issuerMember = await createTestUser(p, { email: 'issuer@cfa.example' });
    stranger = await createTestUser(p, { email: 'owner@greta.example' });
    slug = await createOrganization(p, owner, 'CFA Numérique');
    await addMember(p, slug, admin, ['admin']);
    await addMember(p, slug, issuerMember, ['issuer']);
    badge = await createBadge(p, owner, slug, tutorat);
    otherBadge = await createBadge(p, stranger, await createOrganization(p, stranger, 'GRETA'), tutorat);
  });
  afterAll(async () => {
    await p.close();
  });

  it('is made from the Integrations page without JavaScript, shown once, stored hashed, revoked there', async () => {
    const agent = signedInAgent(p, owner);
    const show = await agent.get(`/organizations/${slug}`);
    expect(show.body).toContain(`href="/organizations/${slug}/integrations"`);
    const page = await agent.get(`/organizations/${slug}/integrations`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>');
    expect(page.body).toContain('Jetons d’API de l’organisation');
    expect(page.body).toMatch(/<label for="f-name"/);
    expect(page.body).toContain('name="scopes" value="credentials:issue"');

    const refused = await agent.post(`/organizations/${slug}/integrations/tokens`, { name: 'Moodle' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Choisissez au moins un droit.');
    expect(refused.body).toContain('value="Moodle"');

    const created = await agent.post(`/organizations/${slug}/integrations/tokens`, { name: 'Moodle', scopes: ['credentials:issue', 'credentials:read'] });
    expect(created.statusCode).toBe(200);
    const token = /<code class="token">(blason_org_[\w-]+)<\/code>/.exec(created.body)?.[1];
    expect(token).toBeDefined();
    const row = await p.deps.db.selectFrom('organization_tokens').selectAll().where('name', '=', 'Moodle').executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(sha256(token!));
    expect(row.scopes).toEqual(['credentials:issue', 'credentials:read']);
    expect(row.created_by).toBe(owner.id);
    const again = await agent.get(`/organizations/${slug}/integrations`);
    expect(again.body).toContain('Moodle');
    expect(again.body).not.toContain(token!);
    expect((await withToken(token!, 'GET', `/api/v1/badges/${badge}/credentials`)).statusCode).toBe(200);

    const revoked = await agent.post(`/organizations/${slug}/integrations/tokens/${row.public_id}/revoke`, {});
    expect(revoked.statusCode).toBe(303);
    const unknown = await withToken(token!, 'GET', `/api/v1/badges/${badge}/credentials`, undefined, { 'accept-language': 'en' });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error.message).toBe('This organisation token is unknown or revoked.');
  });

  it('is managed by owners and admins only', async () => {
    const body = { name: 'Script', scopes: ['credentials:read'] };
    expect((await api()(admin, 'POST', `/organizations/${slug}/tokens`, body)).statusCode).toBe(201);
    expect((await api()(issuerMember, 'POST', `/organizations/${slug}/tokens`, body)).statusCode).toBe(403);
    expect((await api()(stranger, 'POST', `/organizations/${slug}/tokens`, body)).statusCode).toBe(403);
    expect((await api()(issuerMember, 'GET', `/organizations/${slug}/integrations`)).statusCode).toBe(403);
    expect((await signedInAgent(p, issuerMember).get(`/organizations/${slug}/integrations`)).statusCode).toBe(403);
    expect((await signedInAgent(p, issuerMember).get(`/organizations/${slug}`)).body).not.toContain('/integrations');
    expect((await api()(owner, 'POST', `/organizations/${slug}/tokens`, { name: 'x', scopes: ['badges:write'] })).statusCode).toBe(400);
    const listed = (await api()(owner, 'GET', `/organizations/${slug}/integrations`)).json().tokens;
    expect(listed.map((t: { name: string }) => t.name)).toEqual(['Script']);
    expect(JSON.stringify(listed)).not.toContain('blason_org_');
  });

  it('awards its organisation’s badges (credentials:issue) and lists them (credentials:read), nothing else', async () => {
    const make = async (scopes: string[]) => (await api()(owner, 'POST', `/organizations/${slug}/tokens`, { name: scopes.join('+'), scopes })).json().token as string;
    const issuing = await make(['credentials:issue']);
    const reading = await make(['credentials:read']);
    const awarded = await withToken(issuing, 'POST', `/api/v1/badges/${badge}/credentials`, { recipient: { email: 'ada@example.org' } });
    expect(awarded.statusCode, awarded.body).toBe(201);
    const id = awarded.json().id as string;
    expect((awarded.json().credential.issuer as { name: string }).name).toBe('CFA Numérique');
    const stored = await p.deps.db.selectFrom('credentials').select(['issued_by']).where('public_id', '=', id).executeTakeFirstOrThrow();
    expect(stored.issued_by).toBeNull();
    expect((await queuedMails(p, 'ada@example.org')).map((m) => m.template)).toContain('awards.claim');

    expect((await withToken(issuing, 'GET', `/api/v1/badges/${badge}/credentials`)).statusCode).toBe(403);
    const list = await withToken(reading, 'GET', `/api/v1/badges/${badge}/credentials`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((c: { id: string }) => c.id)).toContain(id);
    expect((await withToken(reading, 'POST', `/api/v1/badges/${badge}/credentials`, { recipient: { email: 'bob@example.org' } })).statusCode).toBe(403);
    // Another organisation's badge, and routes that take no organisation token.
    const foreign = await withToken(issuing, 'POST', `/api/v1/badges/${otherBadge}/credentials`, { recipient: { email: 'bob@example.org' } });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().error.message).toBe('Ce jeton est celui d’une autre organisation.');
    const me = await withToken(issuing, 'GET', '/api/v1/me');
    expect(me.statusCode).toBe(403);
    expect(me.json().error.message).toBe('Un jeton d’organisation ne sert pas ici : utilisez un jeton personnel.');
    expect((await withToken(issuing, 'POST', `/api/v1/organizations/${slug}/tokens`, { name: 'x', scopes: ['credentials:issue'] })).statusCode).toBe(403);
    // Public routes answer it as anyone; a page does not sign it in.
    expect((await withToken(issuing, 'GET', `/api/v1/credentials/${id}`)).statusCode).toBe(200);
    expect((await withToken(issuing, 'GET', `/organizations/${slug}/integrations`)).statusCode).toBe(303);
  });

  it('leaves personal tokens and sessions as they were', async () => {
    expect((await api()(owner, 'GET', '/me')).statusCode).toBe(200);
    expect((await p.app.inject({ url: '/api/v1/me', headers: { authorization: 'Bearer blason_nope' } })).statusCode).toBe(401);
    expect((await api()(owner, 'POST', `/badges/${badge}/credentials`, { recipient: { email: 'grace@example.org' } })).statusCode).toBe(201);
    expect((await signedInAgent(p, owner).get('/account')).statusCode).toBe(200);
  });

  it('is in English too', async () => {
    const page = await signedInAgent(p, admin).get(`/organizations/${slug}/integrations`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Organisation API tokens');
    expect(page.body).toContain('Recent deliveries');
  });
});
