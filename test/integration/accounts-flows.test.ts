// Setup, sign-up, address verification, sign-in and out, password reset — through the pages, like a browser.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FormAgent, formAgent } from '../helpers/forms';
import { type TestPlatform, testPlatform } from '../helpers/platform';

let p: TestPlatform;

/** The newest mail sent to an address (jobs drained first), with the path of the link it carries. */
async function lastMailTo(to: string) {
  await p.drain();
  const mail = await p.deps.db.selectFrom('mails').selectAll().where('to_address', '=', to).orderBy('id', 'desc').executeTakeFirst();
  if (!mail) throw new Error(`No mail to ${to}`);
  const link = /http:\/\/localhost:3000(\/\S+)/.exec(mail.text_body)?.[1];
  if (!link) throw new Error('No link in the mail');
  return { ...mail, link };
}

async function mailCount(to: string): Promise<number> {
  await p.drain();
  const rows = await p.deps.db.selectFrom('mails').select('id').where('to_address', '=', to).execute();
  return rows.length;
}

async function signUp(agent: FormAgent, email: string, password = 'a long enough password') {
  await agent.get('/signup');
  return agent.post('/signup', { displayName: 'Someone', email, password });
}

beforeAll(async () => {
  p = await testPlatform({ env: { SIGNIN_RATE_LIMIT: '1000' } });
});
afterAll(async () => {
  await p.close();
});

describe('first setup', () => {
  it('creates exactly one administrator when two setups race, signed in and verified', async () => {
    const a = formAgent(p.app);
    const b = formAgent(p.app);
    await a.get('/setup');
    await b.get('/setup');
    const fields = (email: string) => ({ displayName: 'Admin', email, password: 'correct horse battery' });
    const [ra, rb] = await Promise.all([a.post('/setup', fields('admin@example.org')), b.post('/setup', fields('other@example.org'))]);
    expect([ra.statusCode, rb.statusCode].sort()).toEqual([303, 404]);
    const users = await p.deps.db.selectFrom('users').innerJoin('user_emails', 'user_emails.user_id', 'users.id').selectAll().execute();
    expect(users).toHaveLength(1);
    expect(users[0]?.is_admin).toBe(true);
    expect(users[0]?.verified_at).not.toBeNull();
    const winner = ra.statusCode === 303 ? a : b;
    const home = await winner.follow(ra.statusCode === 303 ? ra : rb);
    expect(home.body).toContain('Votre compte administrateur est prêt.');
    expect(home.body).toContain('href="/admin"');
    // No verification mail for the administrator: the address is verified already.
    expect(await p.deps.db.selectFrom('jobs').select('id').execute()).toHaveLength(0);
  });

  it('is closed once an account exists', async () => {
    const agent = formAgent(p.app);
    expect((await agent.get('/setup')).statusCode).toBe(404);
    await agent.get('/signin');
    const res = await agent.post('/setup', { displayName: 'X', email: 'x@example.org', password: 'another password' });
    expect(res.statusCode).toBe(404);
  });
});

describe('sign-up and verification', () => {
  it('creates an unverified account, signs in, and verifies the address from the mail', async () => {
    const agent = formAgent(p.app);
    const res = await signUp(agent, '  Alice@Example.ORG ');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/signup/check-mail');
    const check = await agent.follow(res);
    expect(check.body).toContain('alice@example.org');
    const account = await agent.get('/account');
    expect(account.statusCode).toBe(200);
    expect(account.body).toContain('n’est pas encore vérifiée');

    const mail = await lastMailTo('alice@example.org');
    expect(mail.subject).toBe('Confirmez votre adresse e-mail');
    expect(mail.link).toMatch(/^\/verify\?token=/);
    const verified = await agent.get(mail.link);
    expect(verified.statusCode).toBe(303);
    expect(verified.headers.location).toBe('/account');
    const after = await agent.follow(verified);
    expect(after.body).toContain('Votre adresse e-mail est vérifiée.');
    expect(after.body).not.toContain('n’est pas encore vérifiée');
    const row = await p.deps.db.selectFrom('user_emails').selectAll().where('email', '=', 'alice@example.org').executeTakeFirstOrThrow();
    expect(row.verified_at).not.toBeNull();

    const again = await agent.get(mail.link);
    expect(again.statusCode).toBe(410);
    expect(again.body).toContain('Ce lien n’est pas valide ou a expiré.');
  });

  it('refuses an expired verification link', async () => {
    const agent = formAgent(p.app);
    await signUp(agent, 'late@example.org');
    const mail = await lastMailTo('late@example.org');
    await p.deps.db.updateTable('email_tokens').set({ expires_at: new Date(Date.now() - 1000) }).where('email', '=', 'late@example.org').execute();
    expect((await agent.get(mail.link)).statusCode).toBe(410);
    const row = await p.deps.db.selectFrom('user_emails').selectAll().where('email', '=', 'late@example.org').executeTakeFirstOrThrow();
    expect(row.verified_at).toBeNull();
  });

  it('shows translated field errors and creates nothing for bad input', async () => {
    const before = await p.deps.db.selectFrom('users').select('id').execute();
    const agent = formAgent(p.app);
    const taken = await signUp(agent, 'ALICE@example.org');
    expect(taken.statusCode).toBe(400);
    expect(taken.body).toContain('Cette adresse est déjà utilisée par un compte.');
    expect(taken.body).toContain('value="ALICE@example.org"');
    expect(taken.body).not.toContain('a long enough password');
    const short = await agent.post('/signup', { displayName: 'Bob', email: 'bob@example.org', password: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('Choisissez un mot de passe d’au moins 10 caractères.');
    const bad = await agent.post('/signup', { displayName: '', email: 'not-an-address', password: 'long enough password' });
    expect(bad.body).toContain('Saisissez une adresse e-mail valide.');
    expect(bad.body).toContain('Ce champ est obligatoire.');
    expect(await p.deps.db.selectFrom('users').select('id').execute()).toHaveLength(before.length);
  });

  it('speaks English when the browser asks, in pages and in the mail', async () => {
    const agent = formAgent(p.app, { headers: { 'accept-language': 'en-GB,en;q=0.9' } });
    const page = await agent.get('/signup');
    expect(page.body).toContain('<html lang="en">');
    expect(page.body).toContain('Create an account');
    const res = await agent.post('/signup', { displayName: 'Emma', email: 'emma@example.org', password: 'short' });
    expect(res.body).toContain('Choose a password of at least 10 characters.');
    await agent.post('/signup', { displayName: 'Emma', email: 'emma@example.org', password: 'long enough password' });
    const mail = await lastMailTo('emma@example.org');
    expect(mail.subject).toBe('Confirm your e-mail address');
    expect(mail.text_body).toContain('Hello Emma,');
    const user = await p.deps.db.selectFrom('users').select('locale').where('display_name', '=', 'Emma').executeTakeFirstOrThrow();
    expect(user.locale).toBe('en');
  });
});

describe('sign-in and sign-out', () => {
  it('signs in and goes back to the page asked, same-site only', async () => {
    const agent = formAgent(p.app);
    const page = await agent.get('/signin?back=/account');
    expect(page.body).toContain('name="back" value="/account"');
    const res = await agent.post('/signin', { email: ' Alice@example.org', password: 'a long enough password', back: '/account' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/account');
    const cookie = res.cookies.find((c) => c.name === 'blason_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/', maxAge: 30 * 86400 });
    expect(cookie?.secure).toBeFalsy();
    expect((await agent.get('/account')).statusCode).toBe(200);

    const other = formAgent(p.app);
    await other.get('/signin');
    const evil = await other.post('/signin', { email: 'alice@example.org', password: 'a long enough password', back: '//evil.example' });
    expect(evil.headers.location).toBe('/');
  });

  it('gives the same answer for a wrong password and an unknown address', async () => {
    const agent = formAgent(p.app);
    await agent.get('/signin');
    const wrong = await agent.post('/signin', { email: 'alice@example.org', password: 'not the password' });
    const unknown = await agent.post('/signin', { email: 'nobody@example.org', password: 'not the password' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    for (const res of [wrong, unknown]) {
      expect(res.body).toContain('Adresse e-mail ou mot de passe incorrect.');
      expect(res.cookies.find((c) => c.name === 'blason_session')).toBeUndefined();
    }
    expect(wrong.body.replace(/value="[^"]*"/g, '')).toBe(unknown.body.replace(/value="[^"]*"/g, ''));
  });

  it('lets unverified people sign in', async () => {
    const agent = formAgent(p.app);
    await agent.get('/signin');
    const res = await agent.post('/signin', { email: 'late@example.org', password: 'a long enough password' });
    expect(res.statusCode).toBe(303);
    expect((await agent.get('/account')).body).toContain('n’est pas encore vérifiée');
  });

  it('refuses a form without its CSRF token, translated', async () => {
    const agent = formAgent(p.app);
    await agent.get('/signin');
    const missing = await agent.post('/signin', { email: 'alice@example.org', password: 'a long enough password' }, { csrf: false });
    expect(missing.statusCode).toBe(403);
    expect(missing.body).toContain('Le formulaire a expiré.');
    const forged = await agent.post('/signin', { _csrf: 'forged', email: 'alice@example.org', password: 'a long enough password' });
    expect(forged.statusCode).toBe(403);
    const fresh = formAgent(p.app, { headers: { 'accept-language': 'en' } });
    const noCookie = await fresh.post('/signin', { email: 'a@b.c', password: 'x' }, { csrf: false });
    expect(noCookie.statusCode).toBe(403);
    expect(noCookie.body).toContain('The form has expired.');
  });

  it('signs out: the session ends on the server too', async () => {
    const agent = formAgent(p.app);
    await agent.get('/signin');
    await agent.post('/signin', { email: 'alice@example.org', password: 'a long enough password' });
    const token = agent.cookies.get('blason_session');
    expect(token).toBeDefined();
    const count = async () => (await p.deps.db.selectFrom('sessions').select('id').execute()).length;
    const before = await count();
    await agent.get('/account');
    const out = await agent.post('/signout');
    expect(out.statusCode).toBe(303);
    expect(agent.cookies.has('blason_session')).toBe(false);
    expect(await count()).toBe(before - 1);
    const replay = await p.app.inject({ url: '/account', cookies: { blason_session: token ?? '' } });
    expect(replay.statusCode).toBe(303);
    expect(replay.headers.location).toBe('/signin?back=%2Faccount');
  });
});

describe('password reset', () => {
  it('answers the same whether or not the address has an account', async () => {
    const agent = formAgent(p.app);
    await agent.get('/forgot');
    const res = await agent.post('/forgot', { email: 'nobody@example.org' });
    expect(res.statusCode).toBe(303);
    expect((await agent.follow(res)).body).toContain('Si un compte existe avec cette adresse');
    expect(await mailCount('nobody@example.org')).toBe(0);
  });

  it('mails a one-hour link that sets a new password, ends every session and signs in', async () => {
    const elsewhere = formAgent(p.app);
    await elsewhere.get('/signin');
    await elsewhere.post('/signin', { email: 'alice@example.org', password: 'a long enough password' });
    expect((await elsewhere.get('/account')).statusCode).toBe(200);

    const agent = formAgent(p.app);
    await agent.get('/forgot');
    const sent = await agent.post('/forgot', { email: 'ALICE@example.org' });
    expect(sent.headers.location).toBe('/forgot/sent');
    const mail = await lastMailTo('alice@example.org');
    expect(mail.subject).toBe('Choisissez un nouveau mot de passe');
    expect(mail.link).toMatch(/^\/reset\?token=/);
    const token = await p.deps.db.selectFrom('email_tokens').selectAll().where('purpose', '=', 'reset').executeTakeFirstOrThrow();
    expect(token.expires_at.getTime() - token.created_at.getTime()).toBeGreaterThan(59 * 60_000);
    expect(token.expires_at.getTime() - token.created_at.getTime()).toBeLessThanOrEqual(61 * 60_000);

    const form = await agent.get(mail.link);
    expect(form.statusCode).toBe(200);
    const tokenValue = new URL(mail.link, 'http://x').searchParams.get('token') ?? '';
    const short = await agent.post('/reset', { token: tokenValue, password: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('Choisissez un mot de passe d’au moins 10 caractères.');
    const done = await agent.post('/reset', { token: tokenValue, password: 'a brand new password' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/account');
    expect((await agent.follow(done)).body).toContain('Votre mot de passe est changé');

    expect((await elsewhere.get('/account')).statusCode).toBe(303);
    expect((await agent.get(mail.link)).statusCode).toBe(410);
    const again = await agent.post('/reset', { token: tokenValue, password: 'yet another password' });
    expect(again.statusCode).toBe(410);

    const check = formAgent(p.app);
    await check.get('/signin');
    expect((await check.post('/signin', { email: 'alice@example.org', password: 'a long enough password' })).statusCode).toBe(401);
    expect((await check.post('/signin', { email: 'alice@example.org', password: 'a brand new password' })).statusCode).toBe(303);
  });

  it('refuses an unknown or expired reset link', async () => {
    const agent = formAgent(p.app);
    expect((await agent.get('/reset?token=nope')).statusCode).toBe(410);
    await agent.get('/forgot');
    await agent.post('/forgot', { email: 'emma@example.org' });
    const mail = await lastMailTo('emma@example.org');
    await p.deps.db.updateTable('email_tokens').set({ expires_at: new Date(Date.now() - 1) }).where('purpose', '=', 'reset').execute();
    const res = await agent.get(mail.link);
    expect(res.statusCode).toBe(410);
  });
});
