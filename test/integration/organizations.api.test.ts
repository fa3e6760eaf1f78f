import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganizationForOwnerEmail } from '../../src/organizations/organizations.service';
import { type TestPlatform, testPlatform } from '../helpers/platform';
import { type TestUser, bearer, createTestUser } from '../helpers/users';

describe('organisations API', () => {
  let p: TestPlatform;
  let owner: TestUser;
  let admin: TestUser;
  let reviewer: TestUser;
  let stranger: TestUser;
  let platformAdmin: TestUser;
  let slug: string;

  const api = (user: TestUser | null, method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT', url: string, payload?: unknown) =>
    p.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: user ? bearer(user) : {},
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });

  async function membersOf(s: string): Promise<Record<string, string[]>> {
    const res = await api(owner, 'GET', `/organizations/${s}/members`);
    expect(res.statusCode).toBe(200);
    return Object.fromEntries(res.json().members.map((m: { id: string; roles: string[] }) => [m.id, m.roles]));
  }

  beforeAll(async () => {
    p = await testPlatform();
    owner = await createTestUser(p, { email: 'owner@cfa.example', displayName: 'Olivia Owner' });
    admin = await createTestUser(p, { email: 'admin@cfa.example' });
    reviewer = await createTestUser(p, { email: 'reviewer@cfa.example' });
    stranger = await createTestUser(p, { email: 'stranger@else.example', locale: 'en' });
    platformAdmin = await createTestUser(p, { email: 'root@blason.example', admin: true });
  });
  afterAll(async () => {
    await p.close();
  });

  it('creates an organisation; the creator becomes its owner', async () => {
    const res = await api(owner, 'POST', '/organizations', {
      name: 'Région Normandie',
      description: 'La Région',
      url: 'https://www.normandie.fr',
      email: 'Badges@Normandie.FR',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ slug: 'region-normandie' });
    slug = res.json().slug;
    const me = await api(owner, 'GET', '/me');
    expect(me.json().organizations).toEqual([{ slug, name: 'Région Normandie', roles: ['owner'] }]);
    const org = await api(null, 'GET', `/organizations/${slug}`);
    expect(org.json()).toMatchObject({ slug, name: 'Région Normandie', email: 'badges@normandie.fr', logoUrl: null });
  });

  it('gives unique slugs: -2, -3 …', async () => {
    const second = await api(stranger, 'POST', '/organizations', { name: 'REGION normandie!' });
    const third = await api(stranger, 'POST', '/organizations', { name: 'Région — Normandie' });
    expect([second.json().slug, third.json().slug]).toEqual(['region-normandie-2', 'region-normandie-3']);
  });

  it('refuses bad input with translated field errors, creating nothing', async () => {
    const before = await p.deps.db.selectFrom('organizations').select('id').execute();
    // Messages are in the actor's language (English for this one).
    const res = await api(stranger, 'POST', '/organizations', { name: 'x'.repeat(201), url: 'http://insecure.example', email: 'nope' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual({
      name: 'Enter at most 200 characters.',
      url: 'Enter a valid web address (https://…).',
      email: 'Enter a valid e-mail address.',
    });
    const empty = await api(owner, 'POST', '/organizations', { name: '   ' });
    expect(empty.json().error.fields).toEqual({ name: 'Ce champ est obligatoire.' });
    expect(await p.deps.db.selectFrom('organizations').select('id').execute()).toHaveLength(before.length);
  });

  it('requires a signed-in person with a verified address to create', async () => {
    expect((await api(null, 'POST', '/organizations', { name: 'Anonymous' })).statusCode).toBe(401);
    const unverified = await createTestUser(p, { email: 'new@cfa.example', verified: false });
    const res = await api(unverified, 'POST', '/organizations', { name: 'Unverified' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toContain('Vérifiez');
  });

  it('lists organisations publicly, by slug', async () => {
    const res = await api(null, 'GET', '/organizations');
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((o: { slug: string }) => o.slug)).toEqual(['region-normandie', 'region-normandie-2', 'region-normandie-3']);
    expect(res.json()).toMatchObject({ page: 1, hasMore: false });
    expect((await api(null, 'GET', '/organizations?page=0')).statusCode).toBe(400);
  });

  it('lets owners (and platform admins) edit the profile; null clears a field; the slug stays', async () => {
    const res = await api(owner, 'PATCH', `/organizations/${slug}`, { name: 'Région Normandie (DRAJES)', url: null });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ slug, name: 'Région Normandie (DRAJES)', url: null, description: 'La Région' });
    const byAdmin = await api(platformAdmin, 'PATCH', `/organizations/${slug}`, { description: 'Mise à jour' });
    expect(byAdmin.json().description).toBe('Mise à jour');
    const bad = await api(owner, 'PATCH', `/organizations/${slug}`, { url: 'ftp://x.example' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.url).toBeDefined();
  });

  it('invites and accepts to build a team (admin, reviewer)', async () => {
    for (const [user, roles] of [
      [admin, ['admin']],
      [reviewer, ['reviewer']],
    ] as const) {
      const inv = await api(owner, 'POST', `/organizations/${slug}/invitations`, { email: user.email, roles });
      expect(inv.statusCode).toBe(201);
    }
    await p.drain();
    for (const user of [admin, reviewer]) {
      const mail = await p.deps.db.selectFrom('mails').select('text_body').where('to_address', '=', user.email).executeTakeFirstOrThrow();
      const token = /\/invitations\/([\w-]+)/.exec(mail.text_body)?.[1];
      expect((await api(user, 'POST', `/invitations/${token}/accept`)).statusCode).toBe(200);
    }
    expect(await membersOf(slug)).toEqual({ [owner.publicId]: ['owner'], [admin.publicId]: ['admin'], [reviewer.publicId]: ['reviewer'] });
  });

  it('refuses a reviewer and a stranger (403) and changes nothing', async () => {
    const before = await api(null, 'GET', `/organizations/${slug}`);
    for (const user of [reviewer, stranger]) {
      const calls = [
        await api(user, 'PATCH', `/organizations/${slug}`, { name: 'Hijacked' }),
        await api(user, 'GET', `/organizations/${slug}/members`),
        await api(user, 'PATCH', `/organizations/${slug}/members/${user.publicId}`, { roles: ['owner'] }),
        await api(user, 'DELETE', `/organizations/${slug}/members/${owner.publicId}`),
        await api(user, 'POST', `/organizations/${slug}/invitations`, { email: 'friend@else.example', roles: ['admin'] }),
        await api(user, 'GET', `/organizations/${slug}/invitations`),
      ];
      expect(calls.map((c) => c.statusCode)).toEqual([403, 403, 403, 403, 403, 403]);
    }
    expect((await api(null, 'GET', `/organizations/${slug}`)).json()).toEqual(before.json());
    expect(await membersOf(slug)).toEqual({ [owner.publicId]: ['owner'], [admin.publicId]: ['admin'], [reviewer.publicId]: ['reviewer'] });
    const invitations = await api(owner, 'GET', `/organizations/${slug}/invitations`);
    expect(invitations.json().invitations).toEqual([]);
  });

  it('lets an admin manage roles but not grant or remove owner', async () => {
    const ok = await api(admin, 'PATCH', `/organizations/${slug}/members/${reviewer.publicId}`, { roles: ['reviewer', 'issuer', 'issuer'] });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ id: reviewer.publicId, roles: ['issuer', 'reviewer'] });
    const grant = await api(admin, 'PATCH', `/organizations/${slug}/members/${reviewer.publicId}`, { roles: ['owner'] });
    expect(grant.statusCode).toBe(403);
    expect((await api(admin, 'DELETE', `/organizations/${slug}/members/${owner.publicId}`)).statusCode).toBe(403);
    const inviteOwner = await api(admin, 'POST', `/organizations/${slug}/invitations`, { email: 'boss@else.example', roles: ['owner'] });
    expect(inviteOwner.statusCode).toBe(403);
    expect(await membersOf(slug)).toMatchObject({ [owner.publicId]: ['owner'], [reviewer.publicId]: ['issuer', 'reviewer'] });
  });

  it('keeps at least one owner: the last owner can be neither demoted nor removed, even by a platform admin', async () => {
    const demote = await api(owner, 'PATCH', `/organizations/${slug}/members/${owner.publicId}`, { roles: ['admin'] });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().error.message).toBe('L’organisation doit garder au moins un propriétaire.');
    expect((await api(platformAdmin, 'DELETE', `/organizations/${slug}/members/${owner.publicId}`)).statusCode).toBe(409);
    expect((await membersOf(slug))[owner.publicId]).toEqual(['owner']);
    // With a second owner, the first may step down.
    expect((await api(owner, 'PATCH', `/organizations/${slug}/members/${admin.publicId}`, { roles: ['owner'] })).statusCode).toBe(200);
    expect((await api(owner, 'PATCH', `/organizations/${slug}/members/${owner.publicId}`, { roles: ['admin'] })).statusCode).toBe(200);
    expect((await api(admin, 'DELETE', `/organizations/${slug}/members/${admin.publicId}`)).statusCode).toBe(409);
  });

  it('keeps an owner when two owners demote each other at the same time', async () => {
    const { slug: duo } = (await api(owner, 'POST', '/organizations', { name: 'Duo' })).json();
    const orgId = (await p.deps.db.selectFrom('organizations').select('id').where('slug', '=', duo).executeTakeFirstOrThrow()).id;
    await p.deps.db.insertInto('memberships').values({ organization_id: orgId, user_id: stranger.id, roles: ['owner'] }).execute();
    const results = await Promise.all([
      api(owner, 'PATCH', `/organizations/${duo}/members/${stranger.publicId}`, { roles: ['admin'] }),
      api(stranger, 'PATCH', `/organizations/${duo}/members/${owner.publicId}`, { roles: ['admin'] }),
    ]);
    // The loser is re-checked under the lock: no longer an owner (403) or the last owner (409).
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes[0]).toBe(200);
    expect([403, 409]).toContain(codes[1]);
    const owners = Object.values(await membersOf(duo)).filter((r) => r.includes('owner'));
    expect(owners).toHaveLength(1);
  });

  it('gives distinct slugs to organisations created at the same time', async () => {
    const results = await Promise.all([1, 2, 3].map(() => api(owner, 'POST', '/organizations', { name: 'Simultané' })));
    expect(results.map((r) => r.statusCode)).toEqual([201, 201, 201]);
    expect(results.map((r) => r.json().slug).sort()).toEqual(['simultane', 'simultane-2', 'simultane-3']);
  });

  it('validates roles and finds members by public id only', async () => {
    const bad = await api(admin, 'PATCH', `/organizations/${slug}/members/${reviewer.publicId}`, { roles: ['king'] });
    expect(bad.statusCode).toBe(400);
    const none = await api(admin, 'PATCH', `/organizations/${slug}/members/${reviewer.publicId}`, { roles: [] });
    expect(none.json().error.fields).toEqual({ roles: 'Choisissez au moins un rôle.' });
    expect((await api(admin, 'PATCH', `/organizations/${slug}/members/${reviewer.id}`, { roles: ['issuer'] })).statusCode).toBe(404);
    expect((await api(admin, 'DELETE', `/organizations/${slug}/members/${stranger.publicId}`)).statusCode).toBe(404);
  });

  it('removes a member', async () => {
    expect((await api(admin, 'DELETE', `/organizations/${slug}/members/${reviewer.publicId}`)).statusCode).toBe(204);
    expect(Object.keys(await membersOf(slug)).sort()).toEqual([owner.publicId, admin.publicId].sort());
  });

  it('answers 404 for an unknown organisation', async () => {
    const res = await api(owner, 'PATCH', '/organizations/nope', { name: 'x' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.message).toBe('Organisation introuvable.');
  });

  it('creates from the CLI service for an owner e-mail, or says no such account', async () => {
    const { slug: cli } = await createOrganizationForOwnerEmail(p.deps, { name: 'CFA du Cotentin', ownerEmail: 'STRANGER@else.example' });
    expect(cli).toBe('cfa-du-cotentin');
    const mine = await api(stranger, 'GET', '/me');
    expect(mine.json().organizations).toContainEqual({ slug: cli, name: 'CFA du Cotentin', roles: ['owner'] });
    await expect(createOrganizationForOwnerEmail(p.deps, { name: 'Ghost', ownerEmail: 'ghost@nowhere.example' })).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('describes every route in the OpenAPI document', async () => {
    const doc = (await p.app.inject({ url: '/api/v1/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/organizations',
        '/organizations/{slug}',
        '/organizations/{slug}/logo',
        '/organizations/{slug}/members',
        '/organizations/{slug}/members/{userId}',
        '/organizations/{slug}/invitations',
        '/organizations/{slug}/invitations/{id}',
        '/invitations/{token}/accept',
      ]),
    );
    expect(doc.paths['/organizations/{slug}/logo'].put.requestBody.content['multipart/form-data']).toBeDefined();
    expect(doc.paths['/organizations'].post.requestBody.content['application/json'].schema.required).toEqual(['name']);
  });
});
