// Awarding in Chromium: an issuer awards a badge from its page (an error first), the recipient opens
// the claim link and accepts, finds it in "Mes badges", and the issuer revokes it with a reason.
// axe-core checks every page on the way.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, claimToken, communiquer, createBadge, createOrganization } from '../helpers/awards';
import { type LiveServer, expectAccessible, launchBrowser, liveServer, newPage, screenshot, signedInPage } from '../helpers/browser';
import { engine } from '../helpers/database';
import { type TestUser, createTestUser } from '../helpers/users';

describe('awarding in a real browser', { timeout: 120_000 }, () => {
  let server: LiveServer;
  let browser: Browser;

  const accessible = expectAccessible;
  const signedIn = (user: TestUser) => signedInPage(browser, server, user);

  beforeAll(async () => {
    [server, browser] = await Promise.all([liveServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('awards, claims, lists and revokes', async () => {
    const owner = await createTestUser(server, { email: 'owner@region.example' });
    const issuerUser = await createTestUser(server, { email: 'issuer@region.example' });
    const ada = await createTestUser(server, { email: 'ada@example.org', displayName: 'Ada' });
    const slug = await createOrganization(server, owner, 'Région Normandie');
    await addMember(server, slug, issuerUser, ['issuer']);
    const badgeId = await createBadge(server, owner, slug, communiquer);

    // 1. The issuer opens the award form on the badge page; a missing address first.
    const issuer = await signedIn(issuerUser);
    await issuer.goto(`${server.baseUrl}/badges/${badgeId}`);
    await issuer.getByText('Attribuer ce badge à une personne ou à une organisation').click();
    await accessible(issuer);
    await issuer.getByRole('button', { name: 'Attribuer et signer' }).click();
    await issuer.waitForURL(`${server.baseUrl}/badges/${badgeId}/award`);
    expect(await issuer.locator('#f-email-error').textContent()).toBe('Indiquez soit une adresse e-mail, soit une organisation.');
    await accessible(issuer);
    await issuer.fill('#f-email', 'ada@example.org');
    await issuer.fill('#f-name', 'Ada Lovelace');
    await issuer.selectOption('#f-level', 'Je maîtrise');
    await issuer.fill('#f-narrative', 'Anime les réunions de l’équipe.');
    await issuer.getByRole('button', { name: 'Attribuer et signer' }).click();
    await issuer.waitForURL(/\/credentials\/[a-z2-9]{16}$/);
    const credentialUrl = issuer.url();
    expect(await issuer.locator('.flash').first().textContent()).toContain('Badge attribué et signé.');
    expect(await issuer.locator('#credential-status').textContent()).toBe('Valide');
    await accessible(issuer);

    // 2. The recipient opens the claim link (no session) and accepts.
    const token = await claimToken(server, 'ada@example.org');
    const visitor = await newPage(browser);
    await visitor.goto(`${server.baseUrl}/claim/${token}`);
    expect(await visitor.locator('h1').textContent()).toBe('Vous avez reçu le badge « Communiquer »');
    await accessible(visitor);
    await visitor.getByRole('button', { name: 'Accepter le badge' }).click();
    await visitor.waitForURL(credentialUrl);
    expect(await visitor.getByText('Ada Lovelace — une adresse e-mail, inscrite chiffrée (hachée) dans le badge').count()).toBe(1);
    expect(await visitor.content()).not.toContain('ada@example.org');
    const png = await visitor.request.get(`${credentialUrl}?format=png`);
    expect(png.headers()['content-type']).toBe('image/png');
    await accessible(visitor);

    // 3. Signed in, Ada finds it in "Mes badges".
    const mine = await signedIn(ada);
    await mine.goto(server.baseUrl);
    await mine.getByRole('link', { name: 'Mes badges' }).click();
    await mine.waitForURL(`${server.baseUrl}/badges/mine`);
    expect(await mine.getByRole('link', { name: 'Communiquer' }).count()).toBe(1);
    await accessible(mine);
    await screenshot(mine, `awards-mine-${engine}`);

    // 4. The issuer revokes it with a reason; everyone sees it revoked.
    await issuer.goto(credentialUrl);
    await issuer.fill('#f-reason', 'Attribué par erreur');
    await issuer.getByRole('button', { name: 'Révoquer' }).click();
    await issuer.waitForURL(credentialUrl);
    expect(await issuer.locator('#credential-status').textContent()).toContain('Révoqué');
    expect(await issuer.locator('#credential-status').textContent()).toContain('motif : Attribué par erreur');
    await accessible(issuer);
    await screenshot(issuer, `awards-revoked-${engine}`);
    await issuer.goto(`${server.baseUrl}/badges/${badgeId}/credentials`);
    await accessible(issuer);
    await mine.reload();
    expect(await mine.getByText('motif : Attribué par erreur').count()).toBe(1);
  });
});
