// Browser journeys: Debian's Chromium driven by playwright-core, against a real Blason server on
// a loopback port, with axe-core checking every page it is asked to.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import axe from 'axe-core';
import { type Browser, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { type SmtpPeer, startSmtpPeer } from './smtp';
import { type TestPlatform, testPlatform } from './platform';

export const ARTIFACTS = path.resolve('test-artifacts');

export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  return execSync('command -v chromium || command -v chromium-browser', { shell: '/bin/sh' }).toString().trim();
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface LiveServer extends TestPlatform {
  baseUrl: string;
}

/** A Blason server listening on loopback with its job worker, as `npm start` runs it. */
export async function liveServer(env: Record<string, string> = {}): Promise<LiveServer> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const p = await testPlatform({ env: { BASE_URL: baseUrl, ...env }, worker: true });
  await p.app.listen({ port, host: '127.0.0.1' });
  return { ...p, baseUrl };
}

/** A fresh browser context (own cookies) whose Accept-Language is French, as most of our users'. */
export async function newPage(browser: Browser, locale = 'fr-FR'): Promise<Page> {
  const context = await browser.newContext({ locale });
  return context.newPage();
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** Runs axe-core (WCAG 2.1 A/AA rules) on the current page; returns the violations. Injects axe unless the page has it (`axePage`). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axe.source });
  return page.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target as unknown[] })),
    }));
  });
}

/** Puts axe-core in every page of the context as it loads (faster than injecting it on each check); lets it in past a page's CSP. */
export async function axePage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ bypassCSP: true });
  await context.addInitScript({ content: axe.source });
  return context.newPage();
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Fails the test with the violations when axe-core finds any on the page. */
export async function expectAccessible(page: Page): Promise<void> {
  expect(await axeViolations(page), `axe on ${page.url()}`).toEqual([]);
}

/** A fresh browser context signed in as this user (their session cookie), French by default. */
export async function signedInPage(browser: Browser, server: Pick<LiveServer, 'baseUrl'>, user: { session: string }, locale = 'fr-FR'): Promise<Page> {
  const page = await newPage(browser, locale);
  await page.context().addCookies([{ name: 'blason_session', value: user.session, url: server.baseUrl }]);
  return page;
}

export interface Journey {
  readonly smtp: SmtpPeer;
  readonly server: LiveServer;
  readonly browser: Browser;
}

/**
 * The stage of a browser journey, set up before its tests and torn down after: an SMTP peer
 * receiving the platform's mails, a live server (with its job worker) sending to it, and Chromium.
 * Call inside `describe`; read the fields inside the tests.
 */
export function useJourney(env: Record<string, string> = {}): Journey {
  const stage: { smtp?: SmtpPeer; server?: LiveServer; browser?: Browser } = {};
  beforeAll(async () => {
    stage.smtp = await startSmtpPeer();
    [stage.server, stage.browser] = await Promise.all([liveServer({ SMTP_URL: stage.smtp.url, ...env }), launchBrowser()]);
  });
  afterAll(async () => {
    await stage.browser?.close();
    await stage.server?.close();
    await stage.smtp?.close();
  });
  const get = <K extends keyof Journey>(key: K): Journey[K] => {
    const value = stage[key];
    if (!value) throw new Error(`The journey's ${key} is not ready (use it inside a test)`);
    return value as Journey[K];
  };
  return {
    get smtp() {
      return get('smtp');
    },
    get server() {
      return get('server');
    },
    get browser() {
      return get('browser');
    },
  };
}
