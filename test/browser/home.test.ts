import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LiveServer, axeViolations, launchBrowser, liveServer, newPage, screenshot } from '../helpers/browser';
import { engine } from '../helpers/database';

describe('home page in a real browser', { timeout: 120_000 }, () => {
  let server: LiveServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([liveServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('leads a new instance to creating the administrator, switches language, and passes axe', async () => {
    const page = await newPage(browser);
    await page.goto(server.baseUrl);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await page.locator('a[href="/setup"]').count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'English' }).click();
    await page.waitForLoadState();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await screenshot(page, `home-${engine}`);
    await page.setViewportSize({ width: 375, height: 740 });
    await screenshot(page, `home-phone-${engine}`);
    expect(await axeViolations(page)).toEqual([]);
  });
});
