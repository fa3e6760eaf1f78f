// The Open Badges 3.0 API itself (issue 7): the service description, getCredentials with its paging
// headers (X-Total-Count, RFC 8288 Link) and `since`, what a person shares (not the private ones),
// upsert as JSON or compact JWS and verified on the way in, the Profile read and updated, and
// every error as an Imsx_StatusInfo.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiOf, award, createBadge, createOrganization, tutorat } from '../helpers/awards';
import { type OutsideClient, SCOPE, type Tokens, authorizedClient } from '../helpers/oauth';
import { type TestPlatform, testPlatform } from '../helpers/platform';
import { type TestUser, createTestUser, signedInAgent } from '../helpers/users';

const links = (header: string | undefined) =>
  Object.fromEntries((header ?? '').split(', ').map((part) => [/rel="(\w+)"/.exec(part)![1]!, new URL(/<([^>]+)>/.exec(part)![1]!)]));

describe('the Open Badges 3.0 API', () => {
  let p: TestPlatform;
  let owner: TestUser;
  let ada: TestUser;
  let client: OutsideClient;
  let tokens: Tokens;
  let ids: string[];
  let since: string;
  let other: { id: string; credential: Record<string, unknown> };

  beforeAll(async () => {
    p = await testPlatform();
    owner = await createTestUser(p, { email: 'pilote@communotic.example' });
    ada = await createTestUser(p, { email: 'ada@cfa.example', displayName: 'Ada Lovelace' });
    const slug = await createOrganization(p, owner, 'Communotic');
    const badge = await createBadge(p, owner, slug, tutorat);
    ids = [];
    for (let i = 0; i < 4; i++) {
      ids.push((await award(p, owner, badge, { recipient: { email: ada.email } })).id);
      if (i === 1) {
        await new Promise((r) => setTimeout(r, 20));
        since = new Date().toISOString();
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    other = await award(p, owner, badge, { recipient: { email: 'quelquun@ailleurs.example' } });
    ({ client, tokens } = await authorizedClient(p.app, p.deps.config.baseUrl, signedInAgent(p, ada)));
  });
  afterAll(async () => {
    await p.close();
  });

  it('describes itself at /discovery, unprotected: OpenAPI 3.0 with the OAuth 2.0 URLs and scopes', async () => {
    const res = await p.app.inject({ url: '/ims/ob/v3p0/discovery' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\.0/);
    expect(doc.info).toMatchObject({ termsOfService: expect.stringMatching(/^http/), 'x-imssf-privacyPolicyUrl': expect.stringMatching(/^http/), 'x-imssf-image': expect.stringMatching(/^http/) });
    const scheme = doc.components.securitySchemes.OAuth2ACG;
    expect(scheme.type).toBe('oauth2');
    expect(scheme['x-imssf-registrationUrl']).toBe('http://localhost:3000/ims/ob/v3p0/register');
    expect(scheme.flows.authorizationCode).toMatchObject({
      authorizationUrl: 'http://localhost:3000/oauth/authorize',
      tokenUrl: 'http://localhost:3000/ims/ob/v3p0/token',
      refreshUrl: 'http://localhost:3000/ims/ob/v3p0/token',
    });
    expect(Object.keys(scheme.flows.authorizationCode.scopes).sort()).toEqual(Object.values(SCOPE).sort());
    expect(Object.keys(doc.paths).sort()).toEqual(['/credentials', '/discovery', '/profile']);
    expect(doc.paths['/credentials'].get.operationId).toBe('getCredentials');
    for (const url of [doc.info.termsOfService, doc.info['x-imssf-image']]) expect((await p.app.inject({ url: new URL(url).pathname })).statusCode).toBe(200);
  });

  it('pages getCredentials with X-Total-Count and Link (first, last, next, prev), oldest first', async () => {
    const res = await client.api(tokens.access_token, 'GET', '/credentials?limit=2&offset=0');
    expect(res.status).toBe(200);
    expect(res.headers['x-total-count']).toBe('4');
    const first = links(res.headers.link);
    expect(Object.keys(first).sort()).toEqual(['first', 'last', 'next']);
    expect(first.next!.searchParams.get('offset')).toBe('2');
    expect(first.last!.searchParams.get('offset')).toBe('2');
    expect(first.first!.searchParams.get('offset')).toBe('0');
    expect(res.json().credential.map((c: { id: string }) => c.id)).toEqual(ids.slice(0, 2).map((id) => `http://localhost:3000/credentials/${id}`));

    const second = await client.api(tokens.access_token, 'GET', '/credentials?limit=2&offset=2');
    const l2 = links(second.headers.link);
    expect(Object.keys(l2).sort()).toEqual(['first', 'last', 'prev']);
    expect(l2.prev!.searchParams.get('offset')).toBe('0');
    expect(second.json().credential).toHaveLength(2);

    const recent = await client.api(tokens.access_token, 'GET', `/credentials?since=${encodeURIComponent(since)}`);
    expect(recent.headers['x-total-count']).toBe('2');
    expect(links(recent.headers.link).first!.searchParams.get('since')).toBe(since);

    for (const bad of ['limit=0', 'offset=-1', 'since=hier', 'limit=abc']) {
      const res = await client.api(tokens.access_token, 'GET', `/credentials?${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.json()).toMatchObject({ imsx_codeMajor: 'failure', imsx_severity: 'error', imsx_codeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldValue: 'invalid_data' }] } });
    }
  });

  it('shares what the person did not make private', async () => {
    const res = await apiOf(p)(ada, 'POST', `/credentials/${ids[3]}/visibility`, { visibility: 'private' });
    expect(res.statusCode, res.body).toBe(200);
    const after = await client.api(tokens.access_token, 'GET', '/credentials');
    expect(after.headers['x-total-count']).toBe('3');
    expect(JSON.stringify(after.json())).not.toContain(ids[3]);
  });

  it('upserts a compact JWS (text/plain), echoing it; refuses a credential that fails verification, or another media type', async () => {
    // `other` was awarded to an address Ada verifies now (a badge not awarded to her is refused).
    const notYet = await client.api(tokens.access_token, 'POST', '/credentials', { type: 'application/json', content: JSON.stringify(other.credential) });
    expect(notYet.status).toBe(400);
    expect(notYet.json().imsx_description).toContain('subject');
    const now = new Date();
    await p.deps.db.insertInto('user_emails').values({ user_id: ada.id, email: 'quelquun@ailleurs.example', is_primary: false, verified_at: now, created_at: now }).execute();
    const jwt = (await p.app.inject({ url: `/credentials/${other.id}?format=jwt` })).body;
    const created = await client.api(tokens.access_token, 'POST', '/credentials', { type: 'text/plain', content: jwt });
    expect(created.status, created.text).toBe(201);
    expect(created.headers['content-type']).toContain('text/plain');
    expect(created.text).toBe(jwt);
    expect((await client.api(tokens.access_token, 'POST', '/credentials', { type: 'text/plain', content: jwt })).status).toBe(200);
    const all = (await client.api(tokens.access_token, 'GET', '/credentials')).json();
    expect(all.compactJwsStrings).toEqual([jwt]);
    // The same credential (same id) in its JSON form replaces the JWT held: one row, now the JSON.
    const replaced = await client.api(tokens.access_token, 'POST', '/credentials', { type: 'application/json', content: JSON.stringify(other.credential) });
    expect(replaced.status, replaced.text).toBe(200);
    const rows = () => p.deps.db.selectFrom('imported_credentials').select(['jwt', 'document']).execute();
    expect((await rows()).map((r) => [r.jwt, (r.document as { id: string }).id])).toEqual([[null, other.credential.id]]);

    const tampered = { ...other.credential, name: 'Faux badge' };
    const refused = await client.api(tokens.access_token, 'POST', '/credentials', { type: 'application/vc+ld+json', content: JSON.stringify(tampered) });
    expect(refused.status).toBe(400);
    // A replacement that fails verification leaves the one held as it was.
    expect((await rows()).map((r) => (r.document as { name?: string }).name)).toEqual([other.credential.name]);
    expect(refused.json()).toMatchObject({ imsx_codeMajor: 'failure', imsx_severity: 'error' });
    expect(refused.json().imsx_description).toContain('proof');
    const xml = await client.api(tokens.access_token, 'POST', '/credentials', { type: 'application/xml', content: '<badge/>' });
    expect(xml.status).toBe(415);
    expect(xml.json().imsx_codeMajor).toBe('failure');
  });

  it('answers Imsx_StatusInfo errors: 401 without a token or with a bad one (personal API tokens are not OAuth tokens), 404, 405', async () => {
    const none = await p.app.inject({ url: '/ims/ob/v3p0/credentials' });
    expect(none.statusCode).toBe(401);
    expect(none.json()).toMatchObject({ imsx_codeMajor: 'failure', imsx_codeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldValue: 'unauthorizedrequest' }] } });
    expect(none.headers['www-authenticate']).toContain('Bearer');
    expect((await client.api('pas-un-jeton', 'GET', '/credentials')).status).toBe(401);
    expect((await client.api(ada.token, 'GET', '/profile')).status).toBe(401);
    const missing = await p.app.inject({ url: '/ims/ob/v3p0/badges' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().imsx_codeMinor.imsx_codeMinorField[0].imsx_codeMinorFieldValue).toBe('not_found');
    const wrongMethod = await p.app.inject({ method: 'DELETE', url: '/ims/ob/v3p0/credentials' });
    expect(wrongMethod.statusCode).toBe(405);
    expect(wrongMethod.headers.allow).toBe('GET, POST');
    expect(wrongMethod.json().imsx_codeMinor.imsx_codeMinorField[0].imsx_codeMinorFieldValue).toBe('not_allowed');
  });

  it('reads and updates the Profile of the person', async () => {
    const res = await client.api(tokens.access_token, 'GET', '/profile');
    expect(res.status).toBe(200);
    const profile = res.json();
    expect(profile).toMatchObject({ type: 'Profile', name: 'Ada Lovelace', email: ada.email, id: `http://localhost:3000/people/${ada.publicId}` });
    expect(profile['@context']).toContain('https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json');

    const put = await client.api(tokens.access_token, 'PUT', '/profile', {
      type: 'application/json',
      content: JSON.stringify({ ...profile, name: 'Ada King', description: 'Formatrice en numérique.', phone: '111-222-3333' }),
    });
    expect(put.status, put.text).toBe(200);
    expect(put.json()).toMatchObject({ name: 'Ada King', description: 'Formatrice en numérique.' });
    expect(put.json().phone).toBeUndefined();
    const user = await p.deps.db.selectFrom('users').select(['display_name', 'profile_bio']).where('id', '=', ada.id).executeTakeFirstOrThrow();
    expect(user).toEqual({ display_name: 'Ada King', profile_bio: 'Formatrice en numérique.' });

    const someoneElse = await client.api(tokens.access_token, 'PUT', '/profile', { type: 'application/json', content: JSON.stringify({ ...profile, id: 'https://ailleurs.example/people/1' }) });
    expect(someoneElse.status).toBe(400);
    const notAProfile = await client.api(tokens.access_token, 'PUT', '/profile', { type: 'application/json', content: JSON.stringify({ name: 'X' }) });
    expect(notAProfile.status).toBe(400);
    expect(notAProfile.json().imsx_codeMajor).toBe('failure');
  });

  it('keeps each person’s credentials apart', async () => {
    const bob = await createTestUser(p, { email: 'bob@ailleurs.example' });
    const { client: bobs, tokens: bobTokens } = await authorizedClient(p.app, p.deps.config.baseUrl, signedInAgent(p, bob), SCOPE.read);
    const res = await bobs.api(bobTokens.access_token, 'GET', '/credentials');
    expect(res.headers['x-total-count']).toBe('0');
    expect(res.json()).toEqual({ credential: [], compactJwsStrings: [] });
  });
});
