// Issue 3's "done when", in Chromium: a badge designed in the browser (French and English texts,
// levels, a PNG image) and published; awarded to one person and to others by CSV (a bad row shown
// in the preview, the job's progress followed to the end); claimed and shown; downloaded in the
// four forms, each checked — JSON-LD by @digitalbazaar/vc with a loader serving Blason's DID
// document, the VC-JWT by jose against the JWKS, the PNG and SVG carrying the same credential —;
// verified on the /verify page (pasted JSON and JWT, uploaded PNG); revoked with a reason, which
// the credential page and the verifier then say. axe-core checks every page on the way.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { createLocalJWKSet, jwtVerify } from 'jose';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPngCredential, readSvgCredential } from '../../src/credentials';
import { organizationDid } from '../../src/issuers/issuers.service';
import { claimToken, createOrganization, platformLoader } from '../helpers/awards';
import { type LiveServer, expectAccessible, launchBrowser, liveServer, newPage, screenshot, signedInPage } from '../helpers/browser';
import { engine } from '../helpers/database';
import { type TestUser, createTestUser } from '../helpers/users';

describe('a badge from design to revocation, in a real browser', { timeout: 120_000 }, () => {
  let server: LiveServer;
  let browser: Browser;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'blason-journey-'));

  const accessible = expectAccessible;
  const signedIn = (user: TestUser) => signedInPage(browser, server, user);

  /**
   * The W3C Bitstring Status List check, written here from the spec (not Blason's code): read the
   * list credential the entry names, un-gzip its multibase (base64url) bitstring, read the bit.
   */
  async function checkStatus({ credential }: { credential: { credentialStatus: { statusListCredential: string; statusListIndex: string | number } } }) {
    const entry = credential.credentialStatus;
    const { document } = await platformLoader(server)(entry.statusListCredential);
    const encoded = (document as { credentialSubject: { encodedList: string } }).credentialSubject.encodedList;
    const bits = zlib.gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
    const index = Number(entry.statusListIndex);
    const revoked = ((bits[index >> 3]! >> (7 - (index % 8))) & 1) === 1;
    return { verified: !revoked };
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([liveServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('designs, awards one by one and by CSV, claims, downloads four forms, verifies and revokes', async () => {
    const owner = await createTestUser(server, { email: 'designer@region.example' });
    await createTestUser(server, { email: 'ada@example.org', displayName: 'Ada' });
    const slug = await createOrganization(server, owner, 'Région Normandie');
    const staff = await signedIn(owner);

    // 1. Design: texts in both languages, two levels, a PNG image; then publish.
    const image = path.join(dir, 'badge.png');
    await sharp({ create: { width: 128, height: 128, channels: 4, background: '#1b3a8a' } }).png().toFile(image);
    await staff.goto(`${server.baseUrl}/organizations/${slug}/badges/new`);
    await accessible(staff);
    await staff.fill('#f-name_fr', 'S’intégrer');
    await staff.fill('#f-description_fr', 'Badge régional : s’intégrer dans une équipe et une organisation.');
    await staff.fill('#f-criteria_fr', 'Montrer, en situation, comment on s’intègre.');
    await staff.fill('#f-name_en', 'Fitting in');
    await staff.fill('#f-description_en', 'Regional badge: fitting into a team and an organisation.');
    await staff.fill('#f-criteria_en', 'Show, at work, how one fits in.');
    await staff.fill('#f-levels', 'I | Je pratique | S’intégrer avec aide.\nII | Je maîtrise | S’intégrer en autonomie.');
    await staff.setInputFiles('#f-image', image);
    await staff.getByRole('button', { name: 'Créer le brouillon' }).click();
    await staff.waitForURL(/\/badges\/[a-z2-9]{16}$/);
    const badgeUrl = staff.url();
    await staff.getByRole('button', { name: 'Publier' }).click();
    await staff.waitForURL(badgeUrl);
    expect(await staff.locator('h1').textContent()).toContain('S’intégrer');
    expect(await staff.locator('main img').first().getAttribute('src')).toContain('/image');
    await accessible(staff);

    // 2. One by one: award to Ada, at level II.
    await staff.getByText('Attribuer ce badge à une personne ou à une organisation').click();
    await staff.fill('#f-email', 'ada@example.org');
    await staff.fill('#f-name', 'Ada Lovelace');
    await staff.selectOption('#f-level', 'Je maîtrise');
    await staff.getByRole('button', { name: 'Attribuer et signer' }).click();
    await staff.waitForURL(/\/credentials\/[a-z2-9]{16}$/);
    const credentialUrl = staff.url();
    expect(await staff.locator('#credential-status').textContent()).toBe('Valide');

    // 3. By CSV: three rows, one with a bad address; the preview says so; the job runs to the end.
    const csv = path.join(dir, 'promotion.csv');
    fs.writeFileSync(csv, 'email;nom;niveau\nbob@example.org;Bob;I\nnot-an-address;Personne;I\ncarol@example.org;Carol;II\n');
    await staff.goto(badgeUrl);
    await staff.getByText('Attribuer depuis un fichier CSV').last().click();
    await staff.setInputFiles('input[name=file]', csv);
    await staff.getByRole('button', { name: 'Voir l’aperçu' }).click();
    await staff.waitForURL(/\/bulk\/[a-z2-9]{16}$/);
    expect(await staff.locator('main').textContent()).toContain('3 lignes : 2 valides, 1 avec des erreurs.');
    expect(await staff.locator('main table').first().textContent()).toContain('not-an-address');
    await accessible(staff);
    await staff.getByRole('button', { name: 'Attribuer 2 badges' }).click();
    await staff.waitForURL(/\/bulk\/[a-z2-9]{16}$/);
    // The progress updates in place (no reload), and the page shows the result when the job ends.
    await staff.getByRole('heading', { name: 'Badges attribués' }).waitFor({ timeout: 30_000 });
    expect(await staff.locator('main').textContent()).toContain('2 sur 2 badges attribués');
    await accessible(staff);
    await screenshot(staff, `credentials-bulk-${engine}`);
    const bulkRecipients = await server.deps.db.selectFrom('credentials').select('recipient_email').where('recipient_email', 'in', ['bob@example.org', 'carol@example.org']).execute();
    expect(bulkRecipients).toHaveLength(2);

    // 4. Ada claims it from the mailed link and sees it.
    const visitor = await newPage(browser);
    await visitor.goto(`${server.baseUrl}/claim/${await claimToken(server, 'ada@example.org')}`);
    await visitor.getByRole('button', { name: 'Accepter le badge' }).click();
    await visitor.waitForURL(credentialUrl);
    expect(await visitor.locator('h1').textContent()).toContain('S’intégrer');
    await accessible(visitor);

    // 5. The four downloads, from the page's own links, each checked by an independent library.
    const hrefs = await visitor.locator('#downloads-heading ~ * a[download]').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
    const byFormat = (f: string) => {
      const href = hrefs.find((h) => h.endsWith(`?format=${f}`));
      if (!href) throw new Error(`No download link for ${f} among ${hrefs.join(', ')}`);
      return href;
    };
    const json = await (await visitor.request.get(byFormat('json'))).json();
    const jwt = await (await visitor.request.get(byFormat('jwt'))).text();
    const png = await (await visitor.request.get(byFormat('png'))).body();
    const svg = await (await visitor.request.get(byFormat('svg'))).text();
    const independent = await vc.verifyCredential({ credential: json, suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }), documentLoader: platformLoader(server), checkStatus });
    expect(independent.verified, JSON.stringify(independent.results ?? independent.error)).toBe(true);
    const jwks = await (await visitor.request.get(`${server.baseUrl}/organizations/${slug}/jwks.json`)).json();
    const { payload } = await jwtVerify(jwt.trim(), createLocalJWKSet(jwks), { issuer: organizationDid(server.baseUrl, slug) });
    expect(payload.id).toBe(json.id);
    const baked = (text: unknown) => (typeof text === 'string' ? JSON.parse(text) : text);
    expect(baked(readPngCredential(png))).toEqual(json);
    expect(baked(readSvgCredential(svg))).toEqual(json);
    // An altered copy fails the independent verifier too.
    const altered = { ...json, name: 'Badge contrefait' };
    expect((await vc.verifyCredential({ credential: altered, suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }), documentLoader: platformLoader(server), checkStatus })).verified).toBe(false);

    // 6. The verification page, as anyone: pasted JSON, pasted JWT, uploaded PNG.
    const check = async (fill: (page: Page) => Promise<void>, expected: string) => {
      const page = await newPage(browser);
      await page.goto(`${server.baseUrl}/verify`);
      await fill(page);
      await page.waitForLoadState();
      expect(await page.locator('[role=status]').textContent()).toContain(expected);
      await accessible(page);
      return page;
    };
    const paste = (text: string) => async (page: Page) => {
      await page.getByLabel('Badge au format JSON ou JWT').fill(text);
      await page.getByRole('button', { name: 'Vérifier le texte' }).click();
    };
    const pngFile = path.join(dir, 'badge-ada.png');
    fs.writeFileSync(pngFile, png);
    await check(paste(JSON.stringify(json)), 'Ce badge est authentique et valide.');
    await check(paste(jwt), 'Ce badge est authentique et valide.');
    const uploaded = await check(async (page) => {
      await page.getByLabel('Badge (image PNG ou SVG, ou fichier JSON)').setInputFiles(pngFile);
      await page.getByRole('button', { name: 'Vérifier le fichier' }).click();
    }, 'Ce badge est authentique et valide.');
    await screenshot(uploaded, `credentials-verified-${engine}`);

    // 7. Revoked with a reason: the credential page and the verifier say so.
    await staff.goto(credentialUrl);
    await staff.fill('#f-reason', 'Attribué par erreur');
    await staff.getByRole('button', { name: 'Révoquer' }).click();
    await staff.waitForURL(credentialUrl);
    expect(await staff.locator('#credential-status').textContent()).toContain('motif : Attribué par erreur');
    const revoked = await check(paste(JSON.stringify(json)), 'Ce badge a été révoqué par son émetteur.');
    await screenshot(revoked, `credentials-revoked-${engine}`);
  });
});
