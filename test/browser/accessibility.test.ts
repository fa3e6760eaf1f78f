// Issue 6: "axe-core reports no violation on any page". Every page of the app, with the demo's
// data (the seeds' scenarios A–D), in French and in English, as the person who sees it —
// anonymous, earner, applicant, organisation owner, examiner, platform administrator: axe-core
// (WCAG 2.1 A/AA), a <title>, an <h1>, `lang` on <html>, and a visible focus on the first Tab.
// One browser, one page; problems are collected and reported together, each page that has one
// is screenshotted. A new page is one more row of PAGES.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createEmailToken, findUserBySignInEmail } from '../../src/accounts/accounts.repository';
import { createApiToken, createSession } from '../../src/accounts/auth.repository';
import { loadDemo } from '../../src/demo/demo';
import { apiOf, queuedMails } from '../helpers/awards';
import { axePage, axeViolations, screenshot, useJourney } from '../helpers/browser';
import type { TestUser } from '../helpers/users';

/** Who looks at a page: a demo person (or nobody). */
const PEOPLE = {
  anonymous: null,
  earner: 'camille.martin@cfa-bayeux.demo',
  applicant: 'dominique.leroy@greta-rouen.demo',
  owner: 'pilote@communotic.demo',
  examiner: 'sacha.bernard@afpa-caen.demo',
  admin: 'admin@blason.demo',
} as const;
type Who = keyof typeof PEOPLE;

interface PageRow {
  /** With {placeholders} filled from the data set (see `ids` below). */
  path: string;
  as: Who;
  name: string;
  /** The HTTP status expected (200 by default). */
  status?: number;
}

export const PAGES: PageRow[] = [
  // Anyone.
  { path: '/', as: 'anonymous', name: 'home' },
  { path: '/signin', as: 'anonymous', name: 'sign in' },
  { path: '/signup', as: 'anonymous', name: 'sign up' },
  { path: '/signup/check-mail', as: 'anonymous', name: 'sign-up mail sent' },
  { path: '/forgot', as: 'anonymous', name: 'forgotten password' },
  { path: '/forgot/sent', as: 'anonymous', name: 'reset mail sent' },
  { path: '/reset?token={reset}', as: 'anonymous', name: 'new password' },
  { path: '/verify?token={verify}', as: 'anonymous', name: 'address confirmed' },
  { path: '/badges', as: 'anonymous', name: 'catalogue' },
  { path: '/badges/{badge}', as: 'anonymous', name: 'badge' },
  { path: '/badges/{keyBadge}', as: 'anonymous', name: 'key badge (award rule)' },
  { path: '/organizations', as: 'anonymous', name: 'organisations' },
  { path: '/organizations/{org}', as: 'anonymous', name: 'organisation' },
  { path: '/credentials/{credential}', as: 'anonymous', name: 'credential' },
  { path: '/networks/{network}', as: 'anonymous', name: 'network' },
  { path: '/pathways/{pathway}', as: 'anonymous', name: 'pathway' },
  { path: '/people/{person}', as: 'anonymous', name: 'public profile' },
  { path: '/collections/{collection}', as: 'anonymous', name: 'public collection' },
  { path: '/verify', as: 'anonymous', name: 'verifier' },
  { path: '/claim/{claim}', as: 'anonymous', name: 'claim' },
  { path: '/invitations/{invitation}', as: 'anonymous', name: 'invitation' },
  { path: '/no-such-page', as: 'anonymous', name: 'not found', status: 404 },
  // An earner.
  { path: '/badges/mine', as: 'earner', name: 'my badges' },
  { path: '/credentials/{credential}', as: 'earner', name: 'my credential' },
  { path: '/collections/{collection}', as: 'earner', name: 'my collection' },
  { path: '/offers', as: 'earner', name: 'regional offers' },
  { path: '/pathways/{pathway}', as: 'earner', name: 'pathway (progress)' },
  { path: '/badges/{unheld}/apply', as: 'earner', name: 'apply' },
  { path: '/applications', as: 'earner', name: 'my applications' },
  { path: '/account', as: 'earner', name: 'account' },
  { path: '/account/connected-apps', as: 'earner', name: 'connected applications' },
  { path: '/oauth/policy', as: 'anonymous', name: 'OAuth terms and privacy' },
  { path: '/organizations/new', as: 'earner', name: 'new organisation' },
  { path: '/reviews', as: 'earner', name: 'reviews (none)' },
  // An applicant, an examiner.
  { path: '/applications/{application}', as: 'applicant', name: 'my application' },
  { path: '/reviews', as: 'examiner', name: 'reviews' },
  { path: '/applications/{application}', as: 'examiner', name: 'application to examine' },
  // An organisation's owner.
  { path: '/organizations/{org}', as: 'owner', name: 'my organisation' },
  { path: '/organizations/{org}/settings', as: 'owner', name: 'organisation settings' },
  { path: '/organizations/{org}/members', as: 'owner', name: 'members' },
  { path: '/organizations/{org}/badges/new', as: 'owner', name: 'new badge' },
  { path: '/badges/{badge}', as: 'owner', name: 'badge (staff)' },
  { path: '/badges/{badge}/edit', as: 'owner', name: 'edit badge' },
  { path: '/badges/{badge}/award', as: 'owner', name: 'award' },
  { path: '/badges/{badge}/bulk', as: 'owner', name: 'bulk award' },
  { path: '/bulk/{bulk}', as: 'owner', name: 'bulk preview' },
  { path: '/credentials/{credential}', as: 'owner', name: 'credential (issuer)' },
  { path: '/applications/{application}', as: 'owner', name: 'application (staff)' },
  { path: '/organizations/{org}/reports', as: 'owner', name: 'reports' },
  { path: '/organizations/{org}/partners', as: 'owner', name: 'partners' },
  { path: '/organizations/{org}/integrations', as: 'owner', name: 'integrations (tokens, webhooks)' },
  { path: '/organizations/{org}/networks/new', as: 'owner', name: 'new network' },
  { path: '/organizations/{org}/pathways/new', as: 'owner', name: 'new pathway' },
  { path: '/organizations/{region}/reports', as: 'admin', name: 'reports of a network owner' },
  // The platform's administrator.
  { path: '/admin', as: 'admin', name: 'administration' },
  { path: '/admin/mails', as: 'admin', name: 'outbox' },
  { path: '/admin/mails/{mail}', as: 'admin', name: 'one mail' },
  { path: '/admin/jobs', as: 'admin', name: 'failed jobs' },
];

/** What is wrong with the page now open: axe's violations and our own checks. */
async function problemsOf(page: Page, locale: 'fr' | 'en'): Promise<string[]> {
  const problems = (await axeViolations(page)).map((v) => `axe ${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
  const facts = await page.evaluate(() => ({
    lang: document.documentElement.getAttribute('lang'),
    title: document.title.trim(),
    h1: document.querySelectorAll('h1').length,
  }));
  if (facts.lang !== locale) problems.push(`<html lang="${facts.lang}">, expected "${locale}"`);
  if (!facts.title) problems.push('no <title>');
  if (facts.h1 !== 1) problems.push(`${facts.h1} <h1>, expected one`);
  // Keyboard: the first Tab reaches something visible, drawn with a focus outline.
  await page.keyboard.press('Tab');
  const focus = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return {
      what: `${el.tagName.toLowerCase()}${el.className ? `.${el.className}` : ''}`,
      outline: style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) > 0,
      visible: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0 && box.top < innerHeight && box.left < innerWidth && style.visibility !== 'hidden',
    };
  });
  if (!focus) problems.push('Tab focuses nothing');
  else if (!focus.outline || !focus.visible) problems.push(`focus on ${focus.what}: ${focus.outline ? '' : 'no outline '}${focus.visible ? '' : 'not visible'}`);
  return problems;
}

describe('every page is accessible, in French and in English', { timeout: 300_000 }, () => {
  const journey = useJourney();
  const ids: Record<string, string> = {};
  const sessions = new Map<Who, string>();
  let page: Page;
  let oneTimeLinks: () => Promise<void>;

  async function sweep(locale: 'fr' | 'en'): Promise<void> {
    const { server } = journey;
    const failures: string[] = [];
    await oneTimeLinks();
    let current: Who | undefined;
    for (const row of PAGES) {
      if (row.as !== current) {
        await page.context().clearCookies();
        const session = sessions.get(row.as);
        await page.context().addCookies([
          { name: 'blason_locale', value: locale, url: server.baseUrl },
          ...(session ? [{ name: 'blason_session', value: session, url: server.baseUrl }] : []),
        ]);
        current = row.as;
      }
      const path = row.path.replace(/\{(\w+)\}/g, (_, key: string) => {
        const id = ids[key];
        if (!id) throw new Error(`No ${key} in the data set (row "${row.name}")`);
        return encodeURIComponent(id);
      });
      const response = await page.goto(`${server.baseUrl}${path}`);
      const where = `${locale} ${row.name} (${path} as ${row.as})`;
      if (response?.status() !== (row.status ?? 200)) {
        failures.push(`${where}: HTTP ${response?.status()}`);
        continue;
      }
      const problems = await problemsOf(page, locale);
      if (problems.length) {
        failures.push(...problems.map((p) => `${where}: ${p}`));
        await screenshot(page, `a11y-${locale}-${row.name.replace(/\W+/g, '-')}`);
      }
    }
    expect(failures).toEqual([]);
  }

  it('loads the demo and visits every page in French', async () => {
    const { server, browser } = journey;
    const db = server.deps.db;
    await loadDemo(server.deps, server.handlers);
    const now = server.deps.clock.now();
    const later = new Date(now.getTime() + 86_400_000);
    const users: Partial<Record<Who, TestUser>> = {};
    for (const [who, email] of Object.entries(PEOPLE) as [Who, string | null][]) {
      if (!email) continue;
      const row = await findUserBySignInEmail(db, email);
      if (!row) throw new Error(`No demo account ${email}`);
      const session = await createSession(db, row.id, later, null);
      sessions.set(who, session);
      const { token } = await createApiToken(db, row.id, 'a11y');
      users[who] = { id: row.id, publicId: row.public_id, email, displayName: row.display_name, token, session, sessionCookie: `blason_session=${session}` };
    }
    const api = apiOf(server);
    const orgOf = async (owner: string) =>
      (
        await db
          .selectFrom('organizations as o')
          .innerJoin('memberships as m', 'm.organization_id', 'o.id')
          .innerJoin('user_emails as e', 'e.user_id', 'm.user_id')
          .select(['o.id', 'o.slug'])
          .where('e.email', '=', owner)
          .orderBy('o.id')
          .executeTakeFirstOrThrow()
      );
    const org = await orgOf(PEOPLE.owner);
    ids.org = org.slug;
    ids.region = (await orgOf('programme@region-normandie.demo')).slug;
    const badges = await db.selectFrom('badges').select(['id', 'public_id', 'settings']).where('organization_id', '=', org.id).orderBy('id').execute();
    const held = await db.selectFrom('credentials').select(['badge_id', 'public_id']).where('recipient_email', '=', PEOPLE.earner).orderBy('id').execute();
    const keyBadge = badges.find((b) => (b.settings as { awardRule?: unknown }).awardRule)!;
    ids.keyBadge = keyBadge.public_id;
    ids.badge = held[0] ? badges.find((b) => b.id === held[0]!.badge_id)!.public_id : badges[0]!.public_id;
    ids.unheld = badges.find((b) => b !== keyBadge && !held.some((h) => h.badge_id === b.id))!.public_id;
    ids.credential = held[0]!.public_id;
    ids.application = (await db.selectFrom('applications').select('public_id').where('status', '=', 'pending').executeTakeFirstOrThrow()).public_id;
    ids.network = (await db.selectFrom('networks').select('public_id').executeTakeFirstOrThrow()).public_id;
    ids.pathway = (await db.selectFrom('pathways').select('public_id').executeTakeFirstOrThrow()).public_id;
    ids.mail = (await db.selectFrom('mails').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
    // The earner's public profile and a collection of her badges.
    expect((await api(users.earner!, 'POST', `/credentials/${ids.credential}/visibility`, { visibility: 'public' })).statusCode).toBe(200);
    const collection = await api(users.earner!, 'POST', '/collections', { name: 'Numérique éducatif', description: 'Mes badges Communotic.', items: held.map((h) => h.public_id) });
    expect(collection.statusCode, collection.body).toBe(201);
    ids.collection = collection.json().id;
    const profile = await server.app.inject({ method: 'PUT', url: '/api/v1/me/profile', headers: { authorization: `Bearer ${users.earner!.token}` }, payload: { public: true, bio: 'Formatrice au CFA de Bayeux.' } });
    expect(profile.statusCode, profile.body).toBe(200);
    ids.person = users.earner!.publicId;
    // Links people get by mail: a claim, an invitation, a password reset, an address to confirm.
    const claimed = await api(users.owner!, 'POST', `/badges/${ids.badge}/credentials`, { recipient: { email: 'nouvelle@cfa.example', name: 'Nouvelle Apprenante' } });
    expect(claimed.statusCode, claimed.body).toBe(201);
    const invited = await api(users.owner!, 'POST', `/organizations/${ids.org}/invitations`, { email: 'collegue@communotic.example', roles: ['issuer'] });
    expect(invited.statusCode, invited.body).toBe(201);
    const link = async (to: string, part: string) => {
      const mail = (await queuedMails(server, to)).find((m) => m.params.url?.includes(part));
      if (!mail) throw new Error(`No ${part} link mailed to ${to}`);
      return mail.params.url!.split(part)[1]!;
    };
    ids.claim = await link('nouvelle@cfa.example', '/claim/');
    ids.invitation = await link('collegue@communotic.example', '/invitations/');
    // One-time links (the address confirmation is used up by its visit): new ones for each pass.
    oneTimeLinks = async () => {
      ids.reset = await createEmailToken(db, { purpose: 'reset', userId: users.earner!.id, email: PEOPLE.earner, expiresAt: later });
      ids.verify = await createEmailToken(db, { purpose: 'verify', userId: users.applicant!.id, email: PEOPLE.applicant, expiresAt: later });
    };
    // A CSV of awards, previewed.
    const csv = '\uFEFFemail;nom\r\nalix@example.org;Alix\r\npas-une-adresse;Bo\r\n';
    const bulk = await server.app.inject({ method: 'POST', url: `/api/v1/badges/${ids.badge}/bulk`, headers: { authorization: `Bearer ${users.owner!.token}`, 'content-type': 'text/csv; charset=utf-8' }, payload: csv });
    expect(bulk.statusCode, bulk.body).toBe(201);
    ids.bulk = bulk.json().id;

    // axe-core in every page, also where the CSP allows no script (the outbox's mail view).
    page = await axePage(browser);
    await sweep('fr');
  });

  it('visits every page in English', async () => {
    await journey.server.deps.db.updateTable('users').set({ locale: 'en' }).execute();
    await sweep('en');
  });
});
