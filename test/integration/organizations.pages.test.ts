import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formAgent } from '../helpers/forms';
import { type TestPlatform, testPlatform } from '../helpers/platform';
import { type TestUser, bearer, createTestUser, signedInAgent } from '../helpers/users';

describe('organisation pages', () => {
  let p: TestPlatform;
  let owner: TestUser;
  let member: TestUser;
  let stranger: TestUser;
  let slug: string;

  const roles = async (user: TestUser) =>
    (await p.deps.db.selectFrom('memberships').select('roles').where('user_id', '=', user.id).executeTakeFirst())?.roles;

  beforeAll(async () => {
    p = await testPlatform();
    owner = await createTestUser(p, { email: 'claire@cfa-caen.example', displayName: 'Claire Martin' });
    member = await createTestUser(p, { email: 'marc@cfa-caen.example', displayName: 'Marc Durand' });
    stranger = await createTestUser(p, { email: 'eve@else.example', displayName: 'Eve', locale: 'en' });
  });
  afterAll(async () => {
    await p.close();
  });

  it('lists no organisations at first, publicly', async () => {
    const res = await p.app.inject({ url: '/organizations' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Aucune organisation pour l’instant.');
    expect(res.body).not.toContain('href="/organizations/new"');
  });

  it('sends a signed-out visitor of the creation page to sign in and back', async () => {
    const res = await p.app.inject({ url: '/organizations/new' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/signin?back=%2Forganizations%2Fnew');
  });

  it('creates an organisation from the form, with errors shown next to the fields first', async () => {
    const agent = signedInAgent(p, owner);
    const page = await agent.get('/organizations/new');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<label for="f-name">');
    const bad = await agent.post('/organizations', { name: '', url: 'http://cfa-caen.example', description: 'Gardé <b>' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="f-name-error"');
    expect(bad.body).toContain('Ce champ est obligatoire.');
    expect(bad.body).toContain('Saisissez une adresse web valide (https://…).');
    expect(bad.body).toContain('Gardé &lt;b>');
    expect(await p.deps.db.selectFrom('organizations').select('id').execute()).toHaveLength(0);

    const ok = await agent.post('/organizations', {
      name: 'CFA de Caen',
      description: 'Centre de formation.\n\nApprentissage.',
      url: 'https://cfa-caen.example',
      email: 'contact@cfa-caen.example',
    });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/organizations/cfa-de-caen');
    slug = 'cfa-de-caen';
    const shown = await agent.follow(ok);
    expect(shown.body).toContain('Organisation créée.');
    expect(shown.body).toContain('<h1 style="margin-top:.5rem">CFA de Caen</h1>');
    expect(shown.body).toContain(`href="/organizations/${slug}/settings"`);
    expect(shown.body).toContain(`href="/organizations/${slug}/members"`);
    expect(await roles(owner)).toEqual(['owner']);
  });

  it('shows the public page to everyone, without management links', async () => {
    const res = await p.app.inject({ url: `/organizations/${slug}`, headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('Apprentissage.');
    expect(res.body).toContain('href="https://cfa-caen.example"');
    expect(res.body).toContain('href="mailto:contact@cfa-caen.example"');
    expect(res.body).not.toContain('/settings');
    const list = await p.app.inject({ url: '/organizations' });
    expect(list.body).toContain(`href="/organizations/${slug}"`);
  });

  it('answers the OB 3.0 issuer Profile as JSON-LD to machines', async () => {
    const res = await p.app.inject({ url: `/organizations/${slug}`, headers: { accept: 'application/ld+json' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/ld+json; charset=utf-8');
    expect(res.headers.vary).toContain('Accept');
    expect(res.json()).toEqual({
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
      id: `http://localhost:3000/organizations/${slug}`,
      type: ['Profile'],
      name: 'CFA de Caen',
      description: 'Centre de formation.\n\nApprentissage.',
      url: 'https://cfa-caen.example',
      email: 'contact@cfa-caen.example',
    });
    const json = await p.app.inject({ url: `/organizations/${slug}`, headers: { accept: 'application/json' } });
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(json.json().id).toBe(`http://localhost:3000/organizations/${slug}`);
    const missing = await p.app.inject({ url: '/organizations/nope', headers: { accept: 'application/ld+json' } });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('not_found');
  });

  it('edits the profile from the settings page; errors keep the input; the slug stays', async () => {
    const agent = signedInAgent(p, owner);
    const settings = await agent.get(`/organizations/${slug}/settings`);
    expect(settings.statusCode).toBe(200);
    expect(settings.body).toContain('value="CFA de Caen"');
    const bad = await agent.post(`/organizations/${slug}/settings`, { name: 'CFA Caen Normandie', email: 'not-an-email' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('value="CFA Caen Normandie"');
    expect(bad.body).toContain('Saisissez une adresse e-mail valide.');
    const ok = await agent.post(`/organizations/${slug}/settings`, { name: 'CFA Caen Normandie', description: '', url: '', email: '' });
    expect(ok.statusCode).toBe(303);
    expect((await agent.follow(ok)).body).toContain('Modifications enregistrées.');
    const profile = (await p.app.inject({ url: `/organizations/${slug}`, headers: { accept: 'application/ld+json' } })).json();
    expect(profile).toEqual({
      '@context': profile['@context'],
      id: `http://localhost:3000/organizations/${slug}`,
      type: ['Profile'],
      name: 'CFA Caen Normandie',
    });
  });

  it('refuses settings and members to strangers, and redirects the signed-out to sign in', async () => {
    const agent = signedInAgent(p, stranger);
    expect((await agent.get(`/organizations/${slug}/settings`)).statusCode).toBe(403);
    expect((await agent.get(`/organizations/${slug}/members`)).statusCode).toBe(403);
    await agent.get('/organizations');
    const post = await agent.post(`/organizations/${slug}/settings`, { name: 'Hijacked' });
    expect(post.statusCode).toBe(403);
    expect(post.body).toContain('You are not allowed to do this.');
    const anonymous = await formAgent(p.app).get(`/organizations/${slug}/members`);
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe(`/signin?back=${encodeURIComponent(`/organizations/${slug}/members`)}`);
    const org = await p.deps.db.selectFrom('organizations').select('name').where('slug', '=', slug).executeTakeFirstOrThrow();
    expect(org.name).toBe('CFA Caen Normandie');
  });

  it('manages members from the members page: roles, last owner, removal', async () => {
    const orgId = (await p.deps.db.selectFrom('organizations').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
    await p.deps.db.insertInto('memberships').values({ organization_id: orgId, user_id: member.id, roles: ['reviewer'] }).execute();
    const agent = signedInAgent(p, owner);
    const page = await agent.get(`/organizations/${slug}/members`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Marc Durand');
    expect(page.body).toContain('marc@cfa-caen.example');
    expect(page.body).toContain(`action="/organizations/${slug}/members/${member.publicId}/roles"`);

    const changed = await agent.post(`/organizations/${slug}/members/${member.publicId}/roles`, { roles: ['issuer', 'designer'] });
    expect(changed.statusCode).toBe(303);
    expect(await roles(member)).toEqual(['designer', 'issuer']);

    const none = await agent.post(`/organizations/${slug}/members/${member.publicId}/roles`, {});
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Choisissez au moins un rôle.');

    const lastOwner = await agent.post(`/organizations/${slug}/members/${owner.publicId}/roles`, { roles: ['admin'] });
    expect(lastOwner.statusCode).toBe(409);
    expect(lastOwner.body).toContain('L’organisation doit garder au moins un propriétaire.');
    expect(await roles(owner)).toEqual(['owner']);

    const removed = await agent.post(`/organizations/${slug}/members/${member.publicId}/remove`);
    expect(removed.statusCode).toBe(303);
    expect(await roles(member)).toBeUndefined();
  });

  it('a designer cannot use the members forms', async () => {
    const orgId = (await p.deps.db.selectFrom('organizations').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
    await p.deps.db.insertInto('memberships').values({ organization_id: orgId, user_id: member.id, roles: ['designer'] }).execute();
    const agent = signedInAgent(p, member);
    const show = await agent.get(`/organizations/${slug}`);
    expect(show.body).not.toContain(`/organizations/${slug}/members"`);
    const res = await agent.post(`/organizations/${slug}/members/${owner.publicId}/remove`);
    expect(res.statusCode).toBe(403);
    const invite = await agent.post(`/organizations/${slug}/invitations`, { email: 'x@else.example', roles: 'admin' });
    expect(invite.statusCode).toBe(403);
    expect(await roles(owner)).toEqual(['owner']);
    expect(await p.deps.db.selectFrom('invitations').select('id').execute()).toHaveLength(0);
  });

  it('invites from the members page, lists the pending invitation, and revokes it', async () => {
    const agent = signedInAgent(p, owner);
    await agent.get(`/organizations/${slug}/members`);
    const bad = await agent.post(`/organizations/${slug}/invitations`, { email: 'nope' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Saisissez une adresse e-mail valide.');
    expect(bad.body).toContain('Choisissez au moins un rôle.');
    const ok = await agent.post(`/organizations/${slug}/invitations`, { email: 'Nadia@CFA-caen.example', roles: ['issuer', 'reviewer'] });
    expect(ok.statusCode).toBe(303);
    const page = await agent.follow(ok);
    expect(page.body).toContain('Invitation envoyée.');
    expect(page.body).toContain('nadia@cfa-caen.example');
    const listed = await p.app.inject({ url: `/api/v1/organizations/${slug}/invitations`, headers: bearer(owner) });
    const [invitation] = listed.json().invitations;
    expect(invitation).toMatchObject({ email: 'nadia@cfa-caen.example', roles: ['issuer', 'reviewer'], status: 'pending', invitedBy: 'Claire Martin' });
    expect(page.body).toContain(`/invitations/${invitation.id}/revoke`);
    const revoked = await agent.post(`/organizations/${slug}/invitations/${invitation.id}/revoke`);
    expect(revoked.statusCode).toBe(303);
    const after = await p.app.inject({ url: `/api/v1/organizations/${slug}/invitations`, headers: bearer(owner) });
    expect(after.json().invitations).toEqual([]);
  });

  it('speaks English to an English speaker', async () => {
    const res = await signedInAgent(p, stranger).get('/organizations/new');
    expect(res.body).toContain('<html lang="en">');
    expect(res.body).toContain('Create an organisation');
    expect(res.body).toContain('Contact e-mail');
  });
});
