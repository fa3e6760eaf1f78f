// Issue 7 in Chromium: an outside host — a tiny HTTP server of its own, whose /callback is its
// OAuth return address — reads Blason's service description, registers, and sends the person's
// browser to the authorization page; she signs in, consents, and comes back to the host with a
// code, which the host exchanges (PKCE, client_secret_basic) to read her credentials and push one
// she holds elsewhere into her backpack. Then she withdraws its access from her account.
// axe-core checks the consent page and the account page.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/accounts/passwords';
import { award, createBadge, createOrganization, heldElsewhere, tutorat } from '../helpers/awards';
import { expectAccessible, newPage, screenshot, useJourney } from '../helpers/browser';
import { OutsideClient, fetchSend, pkcePair } from '../helpers/oauth';
import { createTestUser } from '../helpers/users';

/** The outside host: serves its logo and receives the browser back on /callback. */
async function outsideHost(): Promise<{ url: string; codes: URLSearchParams[]; close(): Promise<void> }> {
  const codes: URLSearchParams[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/logo.svg') {
      res.writeHead(200, { 'content-type': 'image/svg+xml' });
      res.end('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="5" fill="#0a7"/></svg>');
      return;
    }
    if (url.pathname === '/callback') codes.push(url.searchParams);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><html lang="fr"><head><title>Horizon</title></head><body><main><h1>Horizon</h1><p>Connexion reçue.</p></main></body></html>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, codes, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('an outside host connects to a person’s backpack with OAuth 2.0, in a real browser (issue 7)', { timeout: 120_000 }, () => {
  const journey = useJourney();

  it('registers, gets consent in the browser, reads and upserts credentials; the person withdraws its access', async () => {
    const { server, browser } = journey;
    const host = await outsideHost();
    try {
      const owner = await createTestUser(server, { email: 'pilote@communotic.example' });
      const ada = await createTestUser(server, { email: 'ada@cfa.example', displayName: 'Ada Lovelace' });
      await server.deps.db.updateTable('users').set({ password_hash: await hashPassword('un mot de passe solide') }).where('id', '=', ada.id).execute();
      const slug = await createOrganization(server, owner, 'Communotic');
      const badge = await createBadge(server, owner, slug, tutorat);
      await award(server, owner, badge, { recipient: { email: ada.email } });
      const elsewhere = await heldElsewhere(ada.email);

      // 1. The host reads the service description and registers.
      const client = new OutsideClient(fetchSend(), server.baseUrl, `${host.url}/callback`);
      const registered = await client.register({ client_uri: `${host.url}/`, logo_uri: `${host.url}/logo.svg`, tos_uri: `${host.url}/terms`, policy_uri: `${host.url}/privacy` });
      expect(registered.status, registered.text).toBe(201);

      // 2. It sends Ada's browser to the authorization page; she signs in first, then consents.
      const { verifier, challenge } = pkcePair();
      const page = await newPage(browser);
      await page.goto(client.authorizeUrl({ challenge, state: 'horizon-7' }));
      await page.getByLabel('Adresse e-mail').fill(ada.email);
      await page.getByLabel('Mot de passe').fill('un mot de passe solide');
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.waitForLoadState();
      await expect.poll(() => page.getByRole('heading', { name: 'Autoriser une application' }).count()).toBe(1);
      expect(await page.locator('main').textContent()).toContain('Portfolio Horizon');
      expect(await page.locator('main').textContent()).toContain('ajouter des badges obtenus ailleurs');
      await expectAccessible(page);
      await screenshot(page, 'oauth-consent');
      await page.getByRole('button', { name: 'Autoriser' }).click();
      await page.waitForURL(`${host.url}/callback**`);
      expect(await page.locator('h1').textContent()).toBe('Horizon');
      const back = host.codes.at(-1)!;
      expect(back.get('state')).toBe('horizon-7');

      // 3. The host exchanges the code, reads her credentials and pushes the one she holds elsewhere.
      const tokens = (await client.exchange(back.get('code')!, verifier)).json();
      expect(tokens.token_type).toBe('Bearer');
      const before = await client.api(tokens.access_token, 'GET', '/credentials');
      expect(before.headers['x-total-count']).toBe('1');
      const upsert = await client.api(tokens.access_token, 'POST', '/credentials', { type: 'application/json', content: JSON.stringify(elsewhere) });
      expect(upsert.status, upsert.text).toBe(201);
      const after = await client.api(tokens.access_token, 'GET', '/credentials');
      expect(after.headers['x-total-count']).toBe('2');
      expect(after.json().credential.map((c: { id: string }) => c.id)).toContain(elsewhere.id);
      expect((await client.api(tokens.access_token, 'GET', '/profile')).json().name).toBe('Ada Lovelace');

      // 4. The badge shows in her backpack; she withdraws the host's access from her account.
      await page.goto(`${server.baseUrl}/badges/mine`);
      expect(await page.locator('main').textContent()).toContain('Tutorat');
      await page.goto(`${server.baseUrl}/account/connected-apps`);
      expect(await page.locator('main').textContent()).toContain('Portfolio Horizon');
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Retirer l’accès — Portfolio Horizon' }).click();
      await page.waitForLoadState();
      expect(await page.locator('main').textContent()).toContain('Accès retiré');
      expect((await client.api(tokens.access_token, 'GET', '/credentials')).status).toBe(401);
      expect((await client.refresh(tokens.refresh_token)).json().error).toBe('invalid_grant');
    } finally {
      await host.close();
    }
  });

  it('sends the host back with access_denied when the person refuses (English, no JavaScript)', async () => {
    const { server, browser } = journey;
    const host = await outsideHost();
    try {
      const grace = await createTestUser(server, { email: 'grace@navy.example', locale: 'en' });
      const client = new OutsideClient(fetchSend(), server.baseUrl, `${host.url}/callback`);
      expect((await client.register({ logo_uri: `${host.url}/logo.svg` })).status).toBe(201);
      const context = await browser.newContext({ locale: 'en-GB', javaScriptEnabled: false });
      await context.addCookies([{ name: 'blason_session', value: grace.session, url: server.baseUrl }]);
      const page = await context.newPage();
      await page.goto(client.authorizeUrl({ challenge: pkcePair().challenge, state: 'no-thanks' }));
      expect(await page.locator('h1').textContent()).toBe('Authorise an application');
      await page.getByRole('button', { name: 'Deny' }).click();
      await page.waitForURL(`${host.url}/callback**`);
      const back = host.codes.at(-1)!;
      expect(back.get('error')).toBe('access_denied');
      expect(back.get('state')).toBe('no-thanks');
      expect(back.get('code')).toBeNull();
    } finally {
      await host.close();
    }
  });
});
