// OAuth 2.0 for the Open Badges 3.0 API (issue 7), as an outside client does it: discovery,
// dynamic registration, consent in the browser (signed in), the code exchanged with its PKCE
// verifier, API calls, refresh with rotation, revocation — and every way it must refuse: no PKCE,
// plain PKCE, a wrong verifier, a wrong return address, a code used twice, a refresh token used
// twice, a scope not granted. Secrets are stored hashed only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../src/platform/tokens';
import { award, createBadge, createOrganization, heldElsewhere, tutorat } from '../helpers/awards';
import type { FormAgent } from '../helpers/forms';
import { ALL_SCOPES, OutsideClient, SCOPE, type Tokens, consent, injectSend, pathOf, pkcePair } from '../helpers/oauth';
import { type TestPlatform, testPlatform } from '../helpers/platform';
import { type TestUser, bearer, createTestUser, signedInAgent } from '../helpers/users';

const CALLBACK = 'https://horizon.example/callback';
describe('OAuth 2.0 for the OB 3.0 API: the round trip of an outside client', () => {
  let p: TestPlatform;
  let ada: TestUser;
  let agent: FormAgent;
  let client: OutsideClient;
  let elsewhere: Record<string, unknown>;

  beforeAll(async () => {
    p = await testPlatform();
    const owner = await createTestUser(p, { email: 'pilote@communotic.example' });
    ada = await createTestUser(p, { email: 'ada@cfa.example', displayName: 'Ada Lovelace' });
    const slug = await createOrganization(p, owner, 'Communotic');
    const badge = await createBadge(p, owner, slug, tutorat);
    await award(p, owner, badge, { recipient: { email: ada.email } });
    await award(p, owner, badge, { recipient: { email: ada.email } });
    // A credential Ada holds elsewhere: awarded to her address by another issuer (a did:key).
    elsewhere = await heldElsewhere(ada.email);
    agent = signedInAgent(p, ada);
    client = new OutsideClient(injectSend(p.app), p.deps.config.baseUrl, CALLBACK);
  });
  afterAll(async () => {
    await p.close();
  });

  it('registers (RFC 7591) from the service description, with the fields OB 3.0 requires', async () => {
    const res = await client.register();
    expect(res.status, res.text).toBe(201);
    expect(res.json()).toMatchObject({
      client_name: 'Portfolio Horizon',
      redirect_uris: [CALLBACK],
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      client_secret_expires_at: 0,
    });
    expect(typeof res.json().client_id_issued_at).toBe('number');
    const row = await p.deps.db.selectFrom('oauth_clients').selectAll().where('client_id', '=', client.clientId).executeTakeFirstOrThrow();
    expect(row.secret_hash).toBe(sha256(client.clientSecret));
    expect(JSON.stringify(row)).not.toContain(client.clientSecret);

    const other = new OutsideClient(client.send, client.baseUrl, CALLBACK);
    const noLogo = await other.register({ logo_uri: undefined });
    expect(noLogo.status).toBe(400);
    expect(noLogo.json().error).toBe('invalid_client_metadata');
    const plainHttp = await other.register({ redirect_uris: ['http://horizon.example/callback'] });
    expect(plainHttp.json().error).toBe('invalid_redirect_uri');
    expect((await other.register({ scope: 'admin' })).json().error).toBe('invalid_client_metadata');
    expect((await other.register({ response_types: ['token'] })).status).toBe(400);
    expect((await other.register({ redirect_uris: ['http://localhost:8123/cb'] })).status).toBe(201);
  });

  it('sends a person who is not signed in to sign in and back; shows the consent page in French and English', async () => {
    const { challenge } = pkcePair();
    const url = client.authorizeUrl({ challenge });
    const anonymous = await p.app.inject({ url: pathOf(url) });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe(`/signin?back=${encodeURIComponent(pathOf(url))}`);

    const page = await agent.get(pathOf(url));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Autoriser une application');
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.body).toContain('Portfolio Horizon');
    expect(page.body).toContain('lire les badges que vous partagez');
    expect(page.body).toContain('https://horizon.example/terms');
    expect(page.body).toContain('horizon.example');
    const grace = await createTestUser(p, { email: 'grace@navy.example', locale: 'en' });
    const english = await signedInAgent(p, grace).get(pathOf(url));
    expect(english.body).toContain('Authorise an application');
    expect(english.body).toContain('read the badges you share');
    expect(english.body).toContain('Deny');
  });

  let tokens: Tokens;

  it('gives a code for the consent, exchanged once with its PKCE verifier and client_secret_basic', async () => {
    const { verifier, challenge } = pkcePair();
    const back = await consent(agent, client.authorizeUrl({ challenge }));
    expect(back.origin + back.pathname).toBe(CALLBACK);
    expect(back.searchParams.get('state')).toBe('etat-42');
    const code = back.searchParams.get('code')!;
    expect(code).toBeTruthy();

    expect((await client.exchange(code, verifier, 'https://horizon.example/elsewhere')).json().error).toBe('invalid_request');
    // The failed attempt consumed the code (PKCE and address are checked after it is spent).
    expect((await client.exchange(code, verifier)).json().error).toBe('invalid_grant');

    const { verifier: v2, challenge: c2 } = pkcePair();
    const code2 = (await consent(agent, client.authorizeUrl({ challenge: c2 }))).searchParams.get('code')!;
    const res = await client.exchange(code2, v2);
    expect(res.status, res.text).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    tokens = res.json();
    expect(tokens).toMatchObject({ token_type: 'Bearer', scope: ALL_SCOPES });
    expect(tokens.expires_in).toBeGreaterThan(3500);
    expect(tokens.refresh_token).toBeTruthy();
    const stored = await p.deps.db.selectFrom('oauth_tokens').select(['token_hash', 'kind']).execute();
    expect(stored.map((t) => t.token_hash)).toContain(sha256(tokens.access_token));
    expect(JSON.stringify(stored)).not.toContain(tokens.access_token);
    expect(JSON.stringify(await p.deps.db.selectFrom('oauth_codes').selectAll().execute())).not.toContain(code2);
  });

  it('reads the credentials with paging headers, upserts one held elsewhere (201, then 200) and reads it back', async () => {
    const first = await client.api(tokens.access_token, 'GET', '/credentials?limit=1');
    expect(first.status, first.text).toBe(200);
    expect(first.headers['x-total-count']).toBe('2');
    expect(first.headers.link).toContain('rel="next"');
    expect(first.json().credential).toHaveLength(1);
    expect(first.json().compactJwsStrings).toEqual([]);

    const created = await client.api(tokens.access_token, 'POST', '/credentials', { type: 'application/json', content: JSON.stringify(elsewhere) });
    expect(created.status, created.text).toBe(201);
    expect(created.json()).toEqual(elsewhere);
    const replaced = await client.api(tokens.access_token, 'POST', '/credentials', { type: 'application/json', content: JSON.stringify(elsewhere) });
    expect(replaced.status, replaced.text).toBe(200);
    const all = (await client.api(tokens.access_token, 'GET', '/credentials')).json();
    expect(all.credential).toHaveLength(3);
    expect(all.credential.map((c: { id: string }) => c.id)).toContain(elsewhere.id);
    expect((await p.deps.db.selectFrom('imported_credentials').select('id').where('user_id', '=', ada.id).execute()).length).toBe(1);
  });

  it('refreshes with rotation: the new pair works, the old refresh token does not; revocation ends the family', async () => {
    const res = await client.refresh(tokens.refresh_token);
    expect(res.status, res.text).toBe(200);
    const next: Tokens = res.json();
    expect(next.refresh_token).not.toBe(tokens.refresh_token);
    expect((await client.api(next.access_token, 'GET', '/profile')).status).toBe(200);

    expect((await client.revoke(next.refresh_token, 'refresh_token')).status).toBe(200);
    const after = await client.api(next.access_token, 'GET', '/profile');
    expect(after.status).toBe(401);
    expect(after.json().imsx_codeMajor).toBe('failure');
    expect(after.headers['www-authenticate']).toContain('invalid_token');
    expect((await client.refresh(next.refresh_token)).json().error).toBe('invalid_grant');
    // Unknown tokens are "revoked" too (RFC 7009 §2.2), and the endpoint wants the client's credentials.
    expect((await client.revoke('nothing-like-a-token')).status).toBe(200);
    const anonymous = await client.send('POST', `${client.baseUrl}/ims/ob/v3p0/revoke`, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'token=x' });
    expect(anonymous.status).toBe(401);
  });

  it('revokes the whole family when a rotated refresh token comes back (it was stolen)', async () => {
    const { verifier, challenge } = pkcePair();
    const code = (await consent(agent, client.authorizeUrl({ challenge }))).searchParams.get('code')!;
    const a: Tokens = (await client.exchange(code, verifier)).json();
    const b: Tokens = (await client.refresh(a.refresh_token)).json();
    expect((await client.api(b.access_token, 'GET', '/credentials')).status).toBe(200);
    expect((await client.refresh(a.refresh_token)).json().error).toBe('invalid_grant');
    expect((await client.api(b.access_token, 'GET', '/credentials')).status).toBe(401);
    expect((await client.refresh(b.refresh_token)).json().error).toBe('invalid_grant');
  });

  it('refuses a code used twice, and takes back what its first use gave', async () => {
    const { verifier, challenge } = pkcePair();
    const code = (await consent(agent, client.authorizeUrl({ challenge }))).searchParams.get('code')!;
    const first: Tokens = (await client.exchange(code, verifier)).json();
    expect((await client.api(first.access_token, 'GET', '/credentials')).status).toBe(200);
    const again = await client.exchange(code, verifier);
    expect(again.status).toBe(400);
    expect(again.json().error).toBe('invalid_grant');
    expect((await client.api(first.access_token, 'GET', '/credentials')).status).toBe(401);
  });

  it('requires PKCE with S256: no challenge, plain, a wrong or missing verifier are refused', async () => {
    const noPkce = await agent.get(pathOf(client.authorizeUrl({ challenge: null, method: null })));
    expect(noPkce.statusCode).toBe(303);
    const refused = new URL(noPkce.headers.location as string);
    expect(refused.searchParams.get('error')).toBe('invalid_request');
    expect(refused.searchParams.get('state')).toBe('etat-42');
    const { verifier, challenge } = pkcePair();
    const plain = await agent.get(pathOf(client.authorizeUrl({ challenge: verifier, method: 'plain' })));
    expect(new URL(plain.headers.location as string).searchParams.get('error')).toBe('invalid_request');
    const noMethod = await agent.get(pathOf(client.authorizeUrl({ challenge, method: null })));
    expect(new URL(noMethod.headers.location as string).searchParams.get('error')).toBe('invalid_request');
    // A consent form posted without its challenge is refused the same way.
    const fields = Object.fromEntries(new URL(client.authorizeUrl({ challenge: null, method: null })).searchParams);
    await agent.get(pathOf(client.authorizeUrl({ challenge })));
    const forged = await agent.post('/oauth/authorize', { ...fields, decision: 'allow' });
    expect(new URL(forged.headers.location as string).searchParams.get('error')).toBe('invalid_request');

    const code = (await consent(agent, client.authorizeUrl({ challenge }))).searchParams.get('code')!;
    expect((await client.exchange(code, pkcePair().verifier)).json().error).toBe('invalid_grant');
    const code2 = (await consent(agent, client.authorizeUrl({ challenge }))).searchParams.get('code')!;
    expect((await client.exchange(code2, undefined)).status).toBe(400);
    // Without client authentication, a verifier alone is not enough.
    const code3 = (await consent(agent, client.authorizeUrl({ challenge }))).searchParams.get('code')!;
    const anonymous = await client.token({ grant_type: 'authorization_code', code: code3, redirect_uri: CALLBACK, code_verifier: verifier, client_id: client.clientId }, null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.json().error).toBe('invalid_client');
    expect((await client.exchange(code3, verifier)).status).toBe(200);
    expect((await client.token({ grant_type: 'refresh_token', refresh_token: 'x' }, client.basic('wrong-secret'))).status).toBe(401);
  });

  it('shows an error page, not a redirect, for an unknown client or a return address not registered', async () => {
    const { challenge } = pkcePair();
    const wrong = await agent.get(pathOf(client.authorizeUrl({ challenge, redirectUri: 'https://attacker.example/cb' })));
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('adresse de retour');
    const unknown = await agent.get(pathOf(client.authorizeUrl({ challenge }).replace(client.clientId, 'inconnu')));
    expect(unknown.statusCode).toBe(400);
  });

  it('sends access_denied with the state when the person refuses', async () => {
    const back = await consent(agent, client.authorizeUrl({ challenge: pkcePair().challenge, state: 'refus-1' }), 'deny');
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('state')).toBe('refus-1');
    expect(back.searchParams.get('code')).toBeNull();
  });

  it('enforces the scopes granted: a read-only token cannot upsert nor read the profile', async () => {
    const { verifier, challenge } = pkcePair();
    const code = (await consent(agent, client.authorizeUrl({ challenge, scope: SCOPE.read }))).searchParams.get('code')!;
    const readOnly: Tokens = (await client.exchange(code, verifier)).json();
    expect(readOnly.scope).toBe(SCOPE.read);
    expect((await client.api(readOnly.access_token, 'GET', '/credentials')).status).toBe(200);
    const upsert = await client.api(readOnly.access_token, 'POST', '/credentials', { type: 'application/json', content: JSON.stringify(elsewhere) });
    expect(upsert.status).toBe(403);
    expect(upsert.json().imsx_codeMinor.imsx_codeMinorField[0].imsx_codeMinorFieldValue).toBe('forbidden');
    expect((await client.api(readOnly.access_token, 'GET', '/profile')).status).toBe(403);
    // Refreshing cannot widen it.
    const wider = await client.token({ grant_type: 'refresh_token', refresh_token: readOnly.refresh_token, scope: ALL_SCOPES });
    expect(wider.json().error).toBe('invalid_scope');
    // A scope the client did not register is refused at the authorization endpoint.
    const narrow = new OutsideClient(client.send, client.baseUrl, CALLBACK);
    await narrow.register({ scope: SCOPE.read });
    const res = await agent.get(pathOf(narrow.authorizeUrl({ challenge, scope: ALL_SCOPES })));
    expect(new URL(res.headers.location as string).searchParams.get('error')).toBe('invalid_scope');
  });

  it('forgets codes and tokens a day after they ran out', async () => {
    const clientRow = await p.deps.db.selectFrom('oauth_clients').select('id').where('client_id', '=', client.clientId).executeTakeFirstOrThrow();
    const old = new Date(Date.now() - 2 * 86_400_000);
    await p.deps.db
      .insertInto('oauth_codes')
      .values({ code_hash: 'vieux', client_id: clientRow.id, user_id: ada.id, redirect_uri: CALLBACK, scope: SCOPE.read, code_challenge: 'x'.repeat(43), code_challenge_method: 'S256', expires_at: old, created_at: old })
      .execute();
    await consent(agent, client.authorizeUrl({ challenge: pkcePair().challenge }));
    expect(await p.deps.db.selectFrom('oauth_codes').select('id').where('code_hash', '=', 'vieux').execute()).toEqual([]);
  });

  it('lists the applications a person authorised, in the account and the API; withdrawing one ends its tokens', async () => {
    const { verifier, challenge } = pkcePair();
    const code = (await consent(agent, client.authorizeUrl({ challenge }))).searchParams.get('code')!;
    const live: Tokens = (await client.exchange(code, verifier)).json();
    const list = await p.app.inject({ url: '/api/v1/me/connected-apps', headers: bearer(ada) });
    expect(list.json().items).toEqual([expect.objectContaining({ clientId: client.clientId, name: 'Portfolio Horizon' })]);
    const page = await agent.get('/account/connected-apps');
    expect(page.body).toContain('Portfolio Horizon');
    expect(page.body).toContain('Retirer l’accès');
    const res = await agent.post('/account/connected-apps/revoke', { client_id: client.clientId });
    expect(res.statusCode).toBe(303);
    expect((await client.api(live.access_token, 'GET', '/credentials')).status).toBe(401);
    expect((await agent.follow(res)).body).toContain('Accès retiré');
    expect((await p.app.inject({ url: '/api/v1/me/connected-apps', headers: bearer(ada) })).json().items).toEqual([]);
    const again = await p.app.inject({ method: 'DELETE', url: `/api/v1/me/connected-apps/${client.clientId}`, headers: bearer(ada) });
    expect(again.statusCode).toBe(404);
  });
});
