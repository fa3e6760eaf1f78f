import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../src/platform/tokens';
import { formAgent } from '../helpers/forms';
import { type TestPlatform, testPlatform } from '../helpers/platform';
import { type TestUser, bearer, createTestUser, signedInAgent } from '../helpers/users';

describe('invitations', () => {
  let p: TestPlatform;
  let now = new Date('2030-03-01T09:00:00Z');
  let owner: TestUser;
  const slug = 'reseau-communotic';

  const invite = (email: string, roles: string[], by: TestUser = owner) =>
    p.app.inject({ method: 'POST', url: `/api/v1/organizations/${slug}/invitations`, headers: bearer(by), payload: { email, roles } });

  /** Runs the mail jobs and returns the last invitation mail sent to `to`, with the token of its link. */
  async function mailTo(to: string): Promise<{ subject: string; text: string; token: string }> {
    await p.drain();
    const mail = await p.deps.db
      .selectFrom('mails')
      .select(['subject', 'text_body'])
      .where('to_address', '=', to)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const match = /http:\/\/localhost:3000\/invitations\/([\w-]+)/.exec(mail.text_body);
    if (!match?.[1]) throw new Error(`no link in ${mail.text_body}`);
    return { subject: mail.subject, text: mail.text_body, token: match[1] };
  }

  const rolesOf = async (user: TestUser) =>
    (await p.deps.db.selectFrom('memberships').select('roles').where('user_id', '=', user.id).executeTakeFirst())?.roles;
  const emailsOf = async (user: TestUser) =>
    (await p.deps.db.selectFrom('user_emails').select(['email', 'verified_at']).where('user_id', '=', user.id).orderBy('email').execute()).map(
      (e) => `${e.email}${e.verified_at ? '' : ' (unverified)'}`,
    );

  beforeAll(async () => {
    p = await testPlatform({ clock: { now: () => now } });
    owner = await createTestUser(p, { email: 'anne@communotic.example', displayName: 'Anne Leroy' });
    const res = await p.app.inject({ method: 'POST', url: '/api/v1/organizations', headers: bearer(owner), payload: { name: 'Réseau Communotic' } });
    expect(res.json().slug).toBe(slug);
  });
  afterAll(async () => {
    await p.close();
  });

  it('mails a link that a signed-out visitor can open, to sign in or sign up and come back', async () => {
    const res = await invite('Paul@Example.org', ['reviewer', 'issuer']);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ email: 'paul@example.org', roles: ['issuer', 'reviewer'], status: 'pending' });
    expect(res.json().expiresAt).toBe('2030-03-15T09:00:00.000Z');
    expect(JSON.stringify(res.json())).not.toMatch(/token/i);
    const mail = await mailTo('paul@example.org');
    // No account for this address: the mail is in the inviter's language.
    expect(mail.subject).toBe('Invitation à rejoindre Réseau Communotic sur Blason');
    expect(mail.text).toContain('Anne Leroy vous invite à rejoindre Réseau Communotic');
    expect(mail.text).toContain('Émetteur, Examinateur');
    const row = await p.deps.db.selectFrom('invitations').select('token_hash').where('email', '=', 'paul@example.org').executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(sha256(mail.token));

    const page = await formAgent(p.app).get(`/invitations/${mail.token}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Invitation à rejoindre Réseau Communotic');
    expect(page.body).toContain('paul@example.org');
    const back = encodeURIComponent(`/invitations/${mail.token}`);
    expect(page.body).toContain(`href="/signin?back=${back}"`);
    expect(page.body).toContain(`href="/signup?back=${back}"`);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
  });

  it('lets the invited person accept once signed in: member with the roles, address added as verified', async () => {
    const paul = await createTestUser(p, { email: 'paul.perso@example.net', displayName: 'Paul' });
    const { token } = await mailTo('paul@example.org');
    const agent = signedInAgent(p, paul);
    const page = await agent.get(`/invitations/${token}`);
    expect(page.body).toContain(`action="/invitations/${token}/accept"`);
    const accepted = await agent.post(`/invitations/${token}/accept`);
    expect(accepted.statusCode).toBe(303);
    expect(accepted.headers.location).toBe(`/organizations/${slug}`);
    expect((await agent.follow(accepted)).body).toContain('Bienvenue ! Vous êtes maintenant membre.');
    expect(await rolesOf(paul)).toEqual(['issuer', 'reviewer']);
    expect(await emailsOf(paul)).toEqual(['paul.perso@example.net', 'paul@example.org']);
    const inv = await p.deps.db.selectFrom('invitations').selectAll().where('email', '=', 'paul@example.org').executeTakeFirstOrThrow();
    expect(inv.accepted_at).toEqual(now);
    expect(inv.accepted_by).toBe(paul.id);

    // A used link is refused, on the page and through the API.
    const again = await agent.get(`/invitations/${token}`);
    expect(again.statusCode).toBe(410);
    expect(again.body).toContain('Cette invitation a déjà été utilisée.');
    const other = await createTestUser(p, { email: 'other@example.net' });
    const api = await p.app.inject({ method: 'POST', url: `/api/v1/invitations/${token}/accept`, headers: bearer(other) });
    expect(api.statusCode).toBe(410);
    expect(api.json().error.message).toBe('Cette invitation a déjà été utilisée.');
    expect(await rolesOf(other)).toBeUndefined();
  });

  it('writes to a known invitee in their own language, and merges roles with those they have', async () => {
    const en = await createTestUser(p, { email: 'jane@example.co.uk', locale: 'en' });
    await invite(en.email, ['designer']);
    const first = await mailTo(en.email);
    expect(first.subject).toBe('Invitation to join Réseau Communotic on Blason');
    expect(first.text).toContain('Roles offered: Badge designer.');
    expect((await p.app.inject({ method: 'POST', url: `/api/v1/invitations/${first.token}/accept`, headers: bearer(en) })).json()).toEqual({
      organization: { slug, name: 'Réseau Communotic' },
      roles: ['designer'],
    });
    await invite(en.email, ['reviewer', 'designer']);
    const second = await mailTo(en.email);
    const res = await p.app.inject({ method: 'POST', url: `/api/v1/invitations/${second.token}/accept`, headers: bearer(en) });
    expect(res.json().roles).toEqual(['designer', 'reviewer']);
    expect(await emailsOf(en)).toEqual(['jane@example.co.uk']);
  });

  it('verifies the invitee’s own unverified address when they accept', async () => {
    const unverified = await createTestUser(p, { email: 'luc@example.org', verified: false });
    await invite('luc@example.org', ['reviewer']);
    const { token } = await mailTo('luc@example.org');
    expect((await p.app.inject({ method: 'POST', url: `/api/v1/invitations/${token}/accept`, headers: bearer(unverified) })).statusCode).toBe(200);
    expect(await emailsOf(unverified)).toEqual(['luc@example.org']);
  });

  it('refuses an address that another account has verified, changing nothing', async () => {
    await createTestUser(p, { email: 'owned@example.org' });
    const intruder = await createTestUser(p, { email: 'intruder@example.org' });
    await invite('owned@example.org', ['admin']);
    const { token } = await mailTo('owned@example.org');
    const page = await signedInAgent(p, intruder).get(`/invitations/${token}`);
    expect(page.statusCode).toBe(200);
    const agent = signedInAgent(p, intruder);
    await agent.get(`/invitations/${token}`);
    const res = await agent.post(`/invitations/${token}/accept`);
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('L’adresse invitée appartient à un autre compte.');
    expect(await rolesOf(intruder)).toBeUndefined();
    expect(await emailsOf(intruder)).toEqual(['intruder@example.org']);
    const inv = await p.deps.db.selectFrom('invitations').select('accepted_at').where('email', '=', 'owned@example.org').executeTakeFirstOrThrow();
    expect(inv.accepted_at).toBeNull();
  });

  it('replaces a pending invitation when the same address is invited again', async () => {
    await invite('twice@example.org', ['reviewer']);
    const first = await mailTo('twice@example.org');
    await invite('twice@example.org', ['admin']);
    const second = await mailTo('twice@example.org');
    expect(second.token).not.toBe(first.token);
    const listed = (await p.app.inject({ url: `/api/v1/organizations/${slug}/invitations`, headers: bearer(owner) })).json().invitations;
    expect(listed.filter((i: { email: string }) => i.email === 'twice@example.org')).toMatchObject([{ roles: ['admin'] }]);
    const page = await formAgent(p.app).get(`/invitations/${first.token}`);
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('Cette invitation a été annulée.');
    const twice = await createTestUser(p, { email: 'twice@example.org' });
    expect((await p.app.inject({ method: 'POST', url: `/api/v1/invitations/${first.token}/accept`, headers: bearer(twice) })).statusCode).toBe(410);
    expect((await p.app.inject({ method: 'POST', url: `/api/v1/invitations/${second.token}/accept`, headers: bearer(twice) })).statusCode).toBe(200);
    expect(await rolesOf(twice)).toEqual(['admin']);
  });

  it('refuses a revoked invitation', async () => {
    const created = await invite('revoked@example.org', ['issuer']);
    const { token } = await mailTo('revoked@example.org');
    const del = await p.app.inject({ method: 'DELETE', url: `/api/v1/organizations/${slug}/invitations/${created.json().id}`, headers: bearer(owner) });
    expect(del.statusCode).toBe(204);
    const again = await p.app.inject({ method: 'DELETE', url: `/api/v1/organizations/${slug}/invitations/${created.json().id}`, headers: bearer(owner) });
    expect(again.statusCode).toBe(409);
    const user = await createTestUser(p, { email: 'revoked@example.org' });
    const res = await p.app.inject({ method: 'POST', url: `/api/v1/invitations/${token}/accept`, headers: bearer(user) });
    expect(res.statusCode).toBe(410);
    expect(await rolesOf(user)).toBeUndefined();
  });

  it('refuses an expired invitation (after 14 days) and an unknown token', async () => {
    await invite('late@example.org', ['reviewer']);
    const { token } = await mailTo('late@example.org');
    const late = await createTestUser(p, { email: 'late@example.org' });
    now = new Date(now.getTime() + 14 * 86_400_000 + 1000);
    const page = await signedInAgent(p, late).get(`/invitations/${token}`);
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('Cette invitation a expiré.');
    expect(page.body).not.toContain('/accept');
    const res = await p.app.inject({ method: 'POST', url: `/api/v1/invitations/${token}/accept`, headers: bearer(late) });
    expect(res.statusCode).toBe(410);
    expect(res.json().error.message).toBe('Cette invitation a expiré. Demandez-en une nouvelle.');
    expect(await rolesOf(late)).toBeUndefined();
    const listed = (await p.app.inject({ url: `/api/v1/organizations/${slug}/invitations`, headers: bearer(owner) })).json().invitations;
    expect(listed.map((i: { email: string }) => i.email)).not.toContain('late@example.org');
    expect((await formAgent(p.app).get('/invitations/not-a-real-token')).statusCode).toBe(404);
  });

  it('requires a signed-in person to accept', async () => {
    await invite('anon@example.org', ['reviewer']);
    const { token } = await mailTo('anon@example.org');
    const api = await p.app.inject({ method: 'POST', url: `/api/v1/invitations/${token}/accept` });
    expect(api.statusCode).toBe(401);
    const agent = formAgent(p.app);
    await agent.get(`/invitations/${token}`);
    const page = await agent.post(`/invitations/${token}/accept`);
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe(`/signin?back=${encodeURIComponent(`/invitations/${token}`)}`);
  });
});
