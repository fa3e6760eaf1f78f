// The /account page: profile and language, e-mail addresses, password, personal API tokens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/accounts/accounts.service';
import { type FormAgent, formAgent } from '../helpers/forms';
import { type TestPlatform, testPlatform } from '../helpers/platform';

let p: TestPlatform;
let agent: FormAgent;

async function lastLinkTo(to: string): Promise<string> {
  await p.drain();
  const mail = await p.deps.db.selectFrom('mails').selectAll().where('to_address', '=', to).orderBy('id', 'desc').executeTakeFirst();
  const link = mail && /http:\/\/localhost:3000(\/\S+)/.exec(mail.text_body)?.[1];
  if (!link) throw new Error(`No link mailed to ${to}`);
  return link;
}

async function signedIn(email: string, password: string): Promise<FormAgent> {
  const a = formAgent(p.app);
  await a.get('/signin');
  const res = await a.post('/signin', { email, password });
  if (res.statusCode !== 303) throw new Error(`sign-in failed: ${res.statusCode}`);
  return a;
}

async function emailsOf(email: string) {
  return p.deps.db
    .selectFrom('user_emails as mine')
    .innerJoin('user_emails as all', 'all.user_id', 'mine.user_id')
    .select(['all.email', 'all.is_primary', 'all.verified_at'])
    .where('mine.email', '=', email)
    .orderBy('all.email')
    .execute();
}

beforeAll(async () => {
  p = await testPlatform({ env: { SIGNIN_RATE_LIMIT: '1000' } });
  await createUser(p.deps, { email: 'paul@example.org', password: 'paul password 1', displayName: 'Paul', verified: true });
  await createUser(p.deps, { email: 'olga@example.org', password: 'olga password 1', displayName: 'Olga', verified: true });
  agent = await signedIn('paul@example.org', 'paul password 1');
});
afterAll(async () => {
  await p.close();
});

describe('account page', () => {
  it('needs a signed-in person', async () => {
    const res = await p.app.inject({ url: '/account' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/signin?back=%2Faccount');
  });

  it('changes the display name and the language, with errors shown next to the field', async () => {
    const page = await agent.get('/account');
    expect(page.body).toContain('value="Paul"');
    const bad = await agent.post('/account/profile', { displayName: '  ', locale: 'fr' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/id="f-displayName-error"[^>]*>Ce champ est obligatoire\./);
    const res = await agent.post('/account/profile', { displayName: 'Paul <b>Martin</b>', locale: 'en' });
    expect(res.statusCode).toBe(303);
    const after = await agent.follow(res);
    expect(after.body).toContain('<html lang="en">');
    expect(after.body).toContain('Changes saved.');
    expect(after.body).toContain('Paul &lt;b>Martin&lt;/b>');
    await agent.post('/account/profile', { displayName: 'Paul', locale: 'fr' });
  });

  it('adds an address, verifies it from the mail, makes it primary and removes the old one', async () => {
    const added = await agent.post('/account/emails', { email: ' Paul.Pro@Example.org ' });
    expect(added.statusCode).toBe(303);
    expect((await agent.follow(added)).body).toContain('Adresse ajoutée.');
    const unverified = await agent.post('/account/emails/primary', { email: 'paul.pro@example.org' });
    expect(unverified.statusCode).toBe(409);
    expect(unverified.body).toContain('Vérifiez cette adresse avant d’en faire votre adresse principale.');

    await agent.post('/account/emails/resend', { email: 'paul.pro@example.org' });
    const link = await lastLinkTo('paul.pro@example.org');
    expect((await agent.get(link)).headers.location).toBe('/account');
    const primary = await agent.post('/account/emails/primary', { email: 'paul.pro@example.org' });
    expect(primary.statusCode).toBe(303);
    const cannot = await agent.post('/account/emails/remove', { email: 'paul.pro@example.org' });
    expect(cannot.statusCode).toBe(409);
    expect(cannot.body).toContain('L’adresse principale ne peut pas être supprimée');
    const removed = await agent.post('/account/emails/remove', { email: 'paul@example.org' });
    expect(removed.statusCode).toBe(303);
    const rows = await emailsOf('paul.pro@example.org');
    expect(rows.map((r) => [r.email, r.is_primary, r.verified_at !== null])).toEqual([['paul.pro@example.org', true, true]]);
    // The old address is free again, and signing in works with the new one.
    expect((await signedIn('paul.pro@example.org', 'paul password 1')).cookies.has('blason_session')).toBe(true);
  });

  it('does not let anyone claim an address that another account holds', async () => {
    const olga = await signedIn('olga@example.org', 'olga password 1');
    await olga.get('/account');
    const taken = await olga.post('/account/emails', { email: 'PAUL.PRO@example.org' });
    expect(taken.statusCode).toBe(400);
    expect(taken.body).toContain('Cette adresse est déjà utilisée par un compte.');
    const mine = await olga.post('/account/emails', { email: 'olga@example.org' });
    expect(mine.body).toContain('Cette adresse figure déjà dans votre compte.');
    const notMine = await olga.post('/account/emails/remove', { email: 'paul.pro@example.org' });
    expect(notMine.statusCode).toBe(404);
    expect((await emailsOf('paul.pro@example.org')).length).toBe(1);
  });

  it('frees an address left unverified by another account once its link has expired', async () => {
    const olga = await signedIn('olga@example.org', 'olga password 1');
    await olga.get('/account');
    await olga.post('/account/emails', { email: 'shared@example.org' });
    const olgaLink = await lastLinkTo('shared@example.org');
    const early = await agent.post('/account/emails', { email: 'shared@example.org' });
    expect(early.statusCode).toBe(400);
    await p.deps.db
      .updateTable('user_emails')
      .set({ created_at: new Date(Date.now() - 49 * 3600_000) })
      .where('email', '=', 'shared@example.org')
      .execute();
    expect((await agent.post('/account/emails', { email: 'shared@example.org' })).statusCode).toBe(303);
    expect((await emailsOf('olga@example.org')).map((r) => r.email)).toEqual(['olga@example.org']);
    // Olga's old link no longer verifies anything.
    expect((await olga.get(olgaLink)).statusCode).toBe(410);
  });

  it('changes the password only with the current one, and ends the other sessions', async () => {
    const other = await signedIn('paul.pro@example.org', 'paul password 1');
    const wrong = await agent.post('/account/password', { currentPassword: 'nope', password: 'paul password 2' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('Le mot de passe actuel est incorrect.');
    const short = await agent.post('/account/password', { currentPassword: 'paul password 1', password: 'short' });
    expect(short.body).toContain('Choisissez un mot de passe d’au moins 10 caractères.');
    const ok = await agent.post('/account/password', { currentPassword: 'paul password 1', password: 'paul password 2' });
    expect(ok.statusCode).toBe(303);
    expect((await agent.get('/account')).statusCode).toBe(200);
    expect((await other.get('/account')).statusCode).toBe(303);
    await signedIn('paul.pro@example.org', 'paul password 2');
  });
});

describe('personal API tokens', () => {
  it('shows a new token once, lets it call the API, lists its use, and revokes it', async () => {
    const created = await agent.post('/account/tokens', { name: 'CI <script>' });
    expect(created.statusCode).toBe(200);
    const token = /<code class="token">([^<]+)<\/code>/.exec(created.body)?.[1];
    expect(token).toMatch(/^blason_/);
    expect(created.body).toContain('CI &lt;script>');
    expect((await agent.get('/account')).body).not.toContain(token);

    const me = await p.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ displayName: 'Paul', isAdmin: false });
    expect(me.json().emails[0]).toEqual({ email: 'paul.pro@example.org', primary: true, verified: true });
    const row = await p.deps.db.selectFrom('api_tokens').selectAll().where('name', '=', 'CI <script>').executeTakeFirstOrThrow();
    expect(row.last_used_at).not.toBeNull();
    const listed = /<tr><td>CI &lt;script><\/td>.*?<\/tr>/.exec((await agent.get('/account')).body)?.[0];
    expect(listed).toBeDefined();
    expect(listed).not.toContain('Jamais');

    expect(row.token_hash).not.toContain(token);
    const revoked = await agent.post('/account/tokens/revoke', { id: row.public_id });
    expect(revoked.statusCode).toBe(303);
    const after = await p.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('unauthenticated');
    const again = await agent.post('/account/tokens/revoke', { id: row.public_id });
    expect(again.statusCode).toBe(404);
  });

  it('refuses an empty token name and an unknown token', async () => {
    const bad = await agent.post('/account/tokens', { name: ' ' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Ce champ est obligatoire.');
    const unknown = await p.app.inject({ url: '/api/v1/me', headers: { authorization: 'Bearer blason_unknown' } });
    expect(unknown.statusCode).toBe(401);
  });
});
