// The JSON API of accounts (/api/v1/me…, /api/v1/accounts) and the service functions the CLI calls.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiTokenForEmail, createUser, verifiedEmails } from '../../src/accounts/accounts.service';
import { AppError } from '../../src/errors';
import { formAgent } from '../helpers/forms';
import { type TestPlatform, testPlatform } from '../helpers/platform';

let p: TestPlatform;
let token: string;

function api(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: unknown, headers: Record<string, string> = {}) {
  return p.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: { authorization: `Bearer ${token}`, ...headers },
    ...(body !== undefined ? { payload: body as object } : {}),
  });
}

async function caught(run: () => Promise<unknown>): Promise<AppError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

beforeAll(async () => {
  p = await testPlatform({ env: { SIGNIN_RATE_LIMIT: '1000' } });
  await createUser(p.deps, { email: 'Ada@Example.org ', password: 'ada password 1', displayName: 'Ada', verified: true, locale: 'en' });
  token = (await createApiTokenForEmail(p.deps, 'ADA@example.org', 'tests')).token;
});
afterAll(async () => {
  await p.close();
});

describe('service functions for the CLI', () => {
  it('creates users with the sign-up rules and refuses a taken address', async () => {
    const user = await createUser(p.deps, { email: 'cli@example.org', password: 'cli password 1', admin: true });
    expect(user.publicId).toMatch(/^[a-z2-9]{16}$/);
    const row = await p.deps.db.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ display_name: 'cli', is_admin: true, locale: 'fr' });
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(await verifiedEmails(p.deps.db, user.id)).toEqual([]);
    await p.drain();
    const mail = await p.deps.db.selectFrom('mails').selectAll().where('to_address', '=', 'cli@example.org').executeTakeFirstOrThrow();
    expect(mail.subject).toBe('Confirmez votre adresse e-mail');

    const taken = await caught(() => createUser(p.deps, { email: ' CLI@example.org', password: 'cli password 2' }));
    expect(taken.code).toBe('validation');
    expect(taken.fields.email?.key).toBe('accounts.email.taken');
    const short = await caught(() => createUser(p.deps, { email: 'new@example.org', password: 'short' }));
    expect(short.fields.password?.key).toBe('accounts.password.tooShort');
  });

  it('creates tokens by address, not_found for an unknown one', async () => {
    const error = await caught(() => createApiTokenForEmail(p.deps, 'nobody@example.org'));
    expect(error.code).toBe('not_found');
    const { token: t } = await createApiTokenForEmail(p.deps, 'cli@example.org');
    const me = await p.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${t}` } });
    expect(me.json().isAdmin).toBe(true);
  });
});

describe('/api/v1/me', () => {
  it('changes the profile, with translated field errors', async () => {
    const res = await api('PATCH', '/me', { displayName: ' Ada L. ', locale: 'fr' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ displayName: 'Ada L.', locale: 'fr' });
    const bad = await api('PATCH', '/me', { locale: 'de' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.locale).toBe('Choisissez une des valeurs proposées.');
  });

  it('lists, adds and removes e-mail addresses', async () => {
    const added = await api('POST', '/me/emails', { email: 'Ada.Work@example.org' });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toEqual({ email: 'ada.work@example.org', verified: false, primary: false });
    const list = await api('GET', '/me/emails');
    expect(list.json()).toEqual([
      { email: 'ada@example.org', verified: true, primary: true },
      { email: 'ada.work@example.org', verified: false, primary: false },
    ]);
    const primary = await api('POST', `/me/emails/${encodeURIComponent('ada.work@example.org')}/primary`);
    expect(primary.statusCode).toBe(409);
    expect((await api('POST', '/me/emails/ada.work%40example.org/verification')).statusCode).toBe(202);
    await p.drain();
    const mails = await p.deps.db.selectFrom('mails').select('subject').where('to_address', '=', 'ada.work@example.org').execute();
    expect(mails).toHaveLength(2);
    const taken = await api('POST', '/me/emails', { email: 'cli@example.org' });
    expect(taken.statusCode).toBe(400);
    expect(taken.json().error.fields.email).toBe('Cette adresse est déjà utilisée par un compte.');
    expect((await api('DELETE', '/me/emails/ada%40example.org')).statusCode).toBe(409);
    expect((await api('DELETE', '/me/emails/ada.work%40example.org')).statusCode).toBe(204);
    expect((await api('DELETE', '/me/emails/cli%40example.org')).statusCode).toBe(404);
    expect(await verifiedEmails(p.deps.db, (await p.deps.db.selectFrom('user_emails').select('user_id').where('email', '=', 'ada@example.org').executeTakeFirstOrThrow()).user_id)).toEqual(['ada@example.org']);
  });

  it('creates, lists and revokes personal tokens', async () => {
    const created = await api('POST', '/me/tokens', { name: 'deploy' });
    expect(created.statusCode).toBe(201);
    const { id, name, token: secret } = created.json();
    expect(name).toBe('deploy');
    expect(secret).toMatch(/^blason_/);
    const list = (await api('GET', '/me/tokens')).json() as { id: string; name: string; createdAt: string; lastUsedAt: string | null }[];
    expect(list.map((t) => t.name)).toEqual(['deploy', 'tests']);
    expect(JSON.stringify(list)).not.toContain(secret);
    expect(list.find((t) => t.name === 'tests')?.lastUsedAt).not.toBeNull();
    const other = await p.app.inject({ method: 'DELETE', url: `/api/v1/me/tokens/${id}`, headers: { authorization: `Bearer ${secret}` } });
    expect(other.statusCode).toBe(204);
    const again = await p.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${secret}` } });
    expect(again.statusCode).toBe(401);
    // A refused token is answered in the language asked for: nobody is known yet.
    const english = await p.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${secret}`, 'accept-language': 'en' } });
    expect(english.statusCode).toBe(401);
    expect(english.json().error.message).not.toBe(again.json().error.message);
    expect(english.json().error.message).toMatch(/sign in|signed in|authenticat/i);
    expect((await api('DELETE', `/me/tokens/${id}`)).statusCode).toBe(404);
    const empty = await api('POST', '/me/tokens', { name: '' });
    expect(empty.json().error.fields.name).toBe('Ce champ est obligatoire.');
  });

  it('changes the password with the current one', async () => {
    const wrong = await api('PUT', '/me/password', { currentPassword: 'nope', password: 'ada password 2' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields.currentPassword).toBe('Le mot de passe actuel est incorrect.');
    expect((await api('PUT', '/me/password', { currentPassword: 'ada password 1', password: 'ada password 2' })).statusCode).toBe(204);
    const agent = formAgent(p.app);
    await agent.get('/signin');
    expect((await agent.post('/signin', { email: 'ada@example.org', password: 'ada password 2' })).statusCode).toBe(303);
  });

  it('needs the CSRF header when called with a session cookie', async () => {
    const agent = formAgent(p.app);
    await agent.get('/signin');
    await agent.post('/signin', { email: 'ada@example.org', password: 'ada password 2' });
    const cookie = [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const forged = await p.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie }, payload: { displayName: 'Eve' } });
    expect(forged.statusCode).toBe(403);
    const ok = await agent.json('PATCH', '/api/v1/me', { displayName: 'Ada' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().displayName).toBe('Ada');
  });
});

describe('POST /api/v1/accounts', () => {
  it('signs up without a session and mails the verification link in the language asked', async () => {
    const res = await p.app.inject({
      method: 'POST',
      url: '/api/v1/accounts',
      headers: { 'accept-language': 'en' },
      payload: { email: 'Grace@example.org', password: 'grace password', displayName: 'Grace' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ id: expect.stringMatching(/^[a-z2-9]{16}$/) });
    expect(res.cookies).toHaveLength(0);
    await p.drain();
    const mail = await p.deps.db.selectFrom('mails').selectAll().where('to_address', '=', 'grace@example.org').executeTakeFirstOrThrow();
    expect(mail.subject).toBe('Confirm your e-mail address');
    expect(mail.text_body).toMatch(/http:\/\/localhost:3000\/verify\?token=\S+/);

    const dup = await p.app.inject({
      method: 'POST',
      url: '/api/v1/accounts',
      payload: { email: 'grace@example.org', password: 'grace password', displayName: 'Grace', locale: 'fr' },
    });
    expect(dup.statusCode).toBe(400);
    expect(dup.json().error.fields.email).toBe('Cette adresse est déjà utilisée par un compte.');
    const invalid = await p.app.inject({ method: 'POST', url: '/api/v1/accounts', payload: { email: 'x', password: 'y' } });
    expect(Object.keys(invalid.json().error.fields).sort()).toEqual(['displayName', 'email', 'password']);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await p.app.inject({ url: '/api/v1/openapi.json' })).json();
    expect(doc.paths['/accounts'].post.security).toEqual([]);
    expect(Object.keys(doc.paths['/me']).sort()).toEqual(['delete', 'get', 'patch']);
    expect(doc.paths['/me/tokens/{id}'].delete.responses['204']).toBeDefined();
    expect(doc.paths['/me/emails'].post.requestBody.content['application/json'].schema.properties.email).toBeDefined();
  });
});
