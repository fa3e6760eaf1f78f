// Rate limits of the machine endpoints: the OAuth token endpoint (per client address), the VC API's
// POST /credentials/issue (per organisation token, per address without one) and
// POST /credentials/verify (per address). Past the limit: 429 in the endpoint's own error shape,
// with Retry-After. Each test comes from its own address, so that the others are not limited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VC_API_ISSUE, VC_API_RATE_LIMITS, VC_API_VERIFY } from '../../src/integrations/vcapi';
import { OAUTH_PATHS } from '../../src/obapi/discovery';
import { TOKEN_RATE_LIMIT } from '../../src/oauth/oauth.routes';
import { apiOf, createOrganization } from '../helpers/awards';
import { type TestPlatform, testPlatform } from '../helpers/platform';
import { createTestUser } from '../helpers/users';

let p: TestPlatform;
beforeAll(async () => {
  p = await testPlatform();
});
afterAll(async () => {
  await p.close();
});

/** Sends `count` requests, expecting each to be answered `status` (not limited yet). */
async function spend(count: number, send: () => Promise<{ statusCode: number; body: string }>, status: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const res = await send();
    expect(res.statusCode, res.body).toBe(status);
  }
}

describe('rate limits of the machine endpoints', () => {
  it('limits the OAuth token endpoint per client address, answering an OAuth JSON error', async () => {
    const token = (remoteAddress: string) =>
      p.app.inject({
        method: 'POST',
        url: OAUTH_PATHS.token,
        remoteAddress,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'grant_type=authorization_code&code=nope&client_id=nobody&redirect_uri=https%3A%2F%2Fapp.example%2Fcb',
      });
    const first = await token('10.9.0.1');
    await spend(TOKEN_RATE_LIMIT.max - 1, () => token('10.9.0.1'), first.statusCode);
    expect(first.statusCode).toBeGreaterThanOrEqual(400);
    const limited = await token('10.9.0.1');
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ error: expect.any(String) });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await token('10.9.0.2')).statusCode).toBe(first.statusCode);
  });

  it('limits POST /credentials/issue per organisation token, and per address without one', async () => {
    const owner = await createTestUser(p, { email: 'owner@limits.example' });
    const slug = await createOrganization(p, owner, 'Limites');
    const newToken = async () => (await apiOf(p)(owner, 'POST', `/organizations/${slug}/tokens`, { name: 'LMS', scopes: ['credentials:issue'] })).json().token as string;
    const [a, b] = [await newToken(), await newToken()];
    const issue = (remoteAddress: string, token?: string) =>
      p.app.inject({
        method: 'POST',
        url: VC_API_ISSUE,
        remoteAddress,
        headers: { 'accept-language': 'en', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        payload: { credential: {} },
      });
    await spend(VC_API_RATE_LIMITS.issue.max, () => issue('10.9.1.1', a), 400);
    const limited = await issue('10.9.1.2', a);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toEqual({ error: { code: 'rate_limited', message: 'Too many attempts. Try again in a few minutes.' } });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another token, from the same address, is not limited.
    expect((await issue('10.9.1.1', b)).statusCode).toBe(400);

    await spend(VC_API_RATE_LIMITS.issue.max, () => issue('10.9.1.3'), 401);
    expect((await issue('10.9.1.3')).statusCode).toBe(429);
    expect((await issue('10.9.1.4')).statusCode).toBe(401);
  });

  it('limits POST /credentials/verify per client address, answering the API’s error shape', async () => {
    const verify = (remoteAddress: string) => p.app.inject({ method: 'POST', url: VC_API_VERIFY, remoteAddress, payload: {} });
    await spend(VC_API_RATE_LIMITS.verify.max, () => verify('10.9.2.1'), 400);
    const limited = await verify('10.9.2.1');
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toEqual({ error: { code: 'rate_limited', message: 'Trop de tentatives. Réessayez dans quelques minutes.' } });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await verify('10.9.2.2')).statusCode).toBe(400);
  });
});
