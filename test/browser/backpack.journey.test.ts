// Issue 6 in Chromium: an earner accepts a badge, files it in a collection, makes it public (on her
// public profile), downloads the PDF certificate and the baked PNG; a second person cannot import
// that PNG (not theirs), imports the PNG of their own badge, shown as verified, then as revoked once
// the issuer revokes it.
// axe-core checks every page on the way.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiOf, award, createBadge, createOrganization, tutorat } from '../helpers/awards';
import { expectAccessible, screenshot, signedInPage, useJourney } from '../helpers/browser';
import { createTestUser } from '../helpers/users';

describe('the earner’s backpack, in a real browser (issue 6)', { timeout: 120_000 }, () => {
  const journey = useJourney();

  it('accepts, files, publishes, downloads, and the PNG imported elsewhere verifies, then shows revoked', async () => {
    const { smtp, server, browser } = journey;
    const owner = await createTestUser(server, { email: 'pilote@communotic.example' });
    const ada = await createTestUser(server, { email: 'ada@cfa.example', displayName: 'Ada Lovelace' });
    const bob = await createTestUser(server, { email: 'bob@ailleurs.example', displayName: 'Bob' });
    const slug = await createOrganization(server, owner, 'Communotic');
    const badge = await createBadge(server, owner, slug, tutorat);
    const { id } = await award(server, owner, badge, { recipient: { email: ada.email } });
    await smtp.waitFor((m) => m.to === ada.email, 15_000);

    // 1. Ada accepts it in "Mes badges" and files it in a new collection.
    const page = await signedInPage(browser, server, ada);
    await page.goto(`${server.baseUrl}/badges/mine`);
    await page.locator('li', { hasText: 'Tutorat' }).first().getByRole('button', { name: 'Accepter le badge' }).click();
    await page.waitForLoadState();
    await page.getByLabel('Nom de la collection').fill('Mon parcours de formatrice');
    await page.getByRole('button', { name: 'Créer la collection' }).click();
    await page.waitForLoadState();
    await page.getByLabel('Tutorat (Communotic)').check();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Enregistrer la collection' }).click();
    await page.waitForLoadState();
    expect(await page.getByLabel('Tutorat (Communotic)').isChecked()).toBe(true);

    // 2. She makes it public and her profile public.
    await page.goto(`${server.baseUrl}/credentials/${id}`);
    await page.getByLabel('Public, sur mon profil').check();
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await page.waitForLoadState();
    await expectAccessible(page);
    await page.goto(`${server.baseUrl}/badges/mine`);
    await page.getByLabel('Rendre mon profil public', { exact: false }).check();
    await page.getByRole('button', { name: 'Enregistrer le profil' }).click();
    await page.waitForLoadState();
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Voir mon profil public' }).click();
    await page.waitForLoadState();
    expect(await page.locator('main').textContent()).toContain('Tutorat');
    expect(await page.locator('main').textContent()).toContain('Mon parcours de formatrice');
    await expectAccessible(page);

    // On a phone: the credential's page, readable and accessible.
    const phone = await browser.newContext({ locale: 'fr-FR', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const small = await phone.newPage();
    await small.goto(`${server.baseUrl}/credentials/${id}`);
    expect(await small.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await expectAccessible(small);
    await screenshot(small, 'backpack-credential-phone');
    await phone.close();

    // 3. She downloads the PDF certificate and the baked PNG.
    await page.goto(`${server.baseUrl}/credentials/${id}`);
    const pdf = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Certificat (PDF)' }).click()]).then(([d]) => d);
    expect(pdf.suggestedFilename()).toMatch(/\.pdf$/);
    expect(fs.readFileSync(await pdf.path()).subarray(0, 5).toString()).toBe('%PDF-');
    const png = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Image PNG contenant le badge signé/ }).click()]).then(([d]) => d);
    const pngPath = await png.path();

    // 4. Bob tries to import Ada's PNG: authentic, but not his — refused, nothing kept. He imports
    // the PNG of his own badge: verified.
    const bobPage = await signedInPage(browser, server, bob);
    await bobPage.goto(`${server.baseUrl}/badges/mine`);
    await bobPage.getByLabel('Image du badge (PNG ou SVG) ou fichier JSON').setInputFiles(pngPath);
    await bobPage.getByRole('button', { name: 'Importer' }).click();
    await bobPage.waitForLoadState();
    expect(await bobPage.locator('main').textContent()).toContain('Ce badge a été attribué à une autre adresse que vos adresses e-mail vérifiées');
    expect(await bobPage.locator('#imports li', { hasText: 'Tutorat' }).count()).toBe(0);
    const bobs = await award(server, owner, badge, { recipient: { email: bob.email } });
    const bobsPng = path.join(os.tmpdir(), `blason-journey-${bobs.id}.png`);
    const bobsDownload = await fetch(`${server.baseUrl}/credentials/${bobs.id}?format=png`);
    expect(bobsDownload.status).toBe(200);
    fs.writeFileSync(bobsPng, Buffer.from(await bobsDownload.arrayBuffer()));
    await bobPage.goto(`${server.baseUrl}/badges/mine`);
    await bobPage.getByLabel('Image du badge (PNG ou SVG) ou fichier JSON').setInputFiles(bobsPng);
    await bobPage.getByRole('button', { name: 'Importer' }).click();
    await bobPage.waitForLoadState();
    const imported = bobPage.locator('#imports li', { hasText: 'Tutorat' });
    expect(await imported.textContent()).toContain('Ce badge est authentique et valide.');
    await expectAccessible(bobPage);
    fs.rmSync(bobsPng, { force: true });

    // 5. The issuer revokes it: checked again, it shows as revoked.
    expect((await apiOf(server)(owner, 'POST', `/credentials/${bobs.id}/revoke`, { reason: 'Attribué par erreur.' })).statusCode).toBe(200);
    await imported.getByRole('button', { name: 'Vérifier à nouveau' }).click();
    await bobPage.waitForLoadState();
    expect(await bobPage.locator('#imports li', { hasText: 'Tutorat' }).textContent()).toContain('Ce badge a été révoqué par son émetteur.');
    await expectAccessible(bobPage);
    await screenshot(bobPage, 'backpack-imported-revoked');
  });
});
