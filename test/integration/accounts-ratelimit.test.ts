// Sign-in attempts are limited per IP address (SIGNIN_RATE_LIMIT per SIGNIN_RATE_WINDOW).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/accounts/accounts.service';
import { formAgent } from '../helpers/forms';
import { type TestPlatform, testPlatform } from '../helpers/platform';

let p: TestPlatform;
beforeAll(async () => {
  p = await testPlatform({ env: { SIGNIN_RATE_LIMIT: '3' } });
  await createUser(p.deps, { email: 'rita@example.org', password: 'the right password', verified: true });
});
afterAll(async () => {
  await p.close();
});

describe('sign-in rate limit', () => {
  it('answers a translated 429 once an address has used its attempts, even with the right password', async () => {
    const agent = formAgent(p.app);
    await agent.get('/signin');
    for (let i = 0; i < 3; i++) {
      const res = await agent.post('/signin', { email: 'rita@example.org', password: `wrong password ${i}` });
      expect(res.statusCode).toBe(401);
    }
    const limited = await agent.post('/signin', { email: 'rita@example.org', password: 'the right password' });
    expect(limited.statusCode).toBe(429);
    expect(limited.body).toContain('Trop de tentatives.');
    expect(limited.cookies.find((c) => c.name === 'blason_session')).toBeUndefined();

    const english = formAgent(p.app, { headers: { 'accept-language': 'en' } });
    await english.get('/signin');
    const res = await english.post('/signin', { email: 'rita@example.org', password: 'the right password' });
    expect(res.statusCode).toBe(429);
    expect(res.body).toContain('Too many attempts.');
  });

  it('counts per IP address: another address may still sign in', async () => {
    const agent = formAgent(p.app);
    await agent.get('/signin');
    expect((await agent.post('/signin', { email: 'rita@example.org', password: 'the right password' })).statusCode).toBe(429);
    const elsewhere = formAgent(p.app, { remoteAddress: '10.0.0.7' });
    await elsewhere.get('/signin');
    const res = await elsewhere.post('/signin', { email: 'rita@example.org', password: 'the right password' });
    expect(res.statusCode).toBe(303);
  });

  it('does not limit the pages themselves', async () => {
    for (let i = 0; i < 5; i++) expect((await p.app.inject({ url: '/signin' })).statusCode).toBe(200);
  });
});
