// The verification pages in a real browser: paste a badge, upload a baked image, and each page
// passes axe (WCAG 2.1 A/AA).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LiveServer, axeViolations, launchBrowser, liveServer, newPage, screenshot } from '../helpers/browser';
import { engine } from '../helpers/database';
import { badgeInput, signedForms, testIssuer, type SignedForms } from '../helpers/verify';

describe('verifying a badge in a real browser', { timeout: 120_000 }, () => {
  let server: LiveServer;
  let browser: Browser;
  let forms: SignedForms;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'blason-verify-browser-'));

  beforeAll(async () => {
    [server, browser] = await Promise.all([liveServer(), launchBrowser()]);
    const issuer = await testIssuer(server);
    forms = await signedForms(issuer.key, badgeInput(issuer.did, { validUntil: '2099-01-01T00:00:00Z' }));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('pastes a credential and reads the verdict, then uploads an altered one; every page passes axe', async () => {
    const page = await newPage(browser);
    await page.goto(`${server.baseUrl}/verify`);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Badge au format JSON ou JWT').fill(JSON.stringify(forms.credential));
    await page.getByRole('button', { name: 'Vérifier le texte' }).click();
    await page.waitForLoadState();
    expect(await page.locator('[role=status]').textContent()).toContain('Ce badge est authentique et valide.');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, `verify-valid-${engine}`);

    await page.getByRole('link', { name: 'Vérifier un autre badge' }).click();
    const file = path.join(dir, 'altered.json');
    fs.writeFileSync(file, JSON.stringify({ ...forms.credential, name: 'Robotique — niveau 9' }));
    await page.getByLabel('Badge (image PNG ou SVG, ou fichier JSON)').setInputFiles(file);
    await page.getByRole('button', { name: 'Vérifier le fichier' }).click();
    await page.waitForLoadState();
    expect(await page.locator('[role=status]').textContent()).toContain("Ce badge n'est pas authentique");
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, `verify-altered-${engine}`);
  });

  it('shows a form error accessibly, in English', async () => {
    const page = await newPage(browser, 'en-GB');
    await page.goto(`${server.baseUrl}/verify?url=not-a-url`);
    expect(await page.locator('.error-summary').textContent()).toContain('Enter a valid web address');
    expect(await axeViolations(page)).toEqual([]);
  });
});
