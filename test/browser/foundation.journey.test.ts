// Issue 2's journey, in Chromium: the first administrator sets Blason up; a person signs up,
// confirms her address from the mail the SMTP peer received, creates an organisation and
// invites a colleague, who signs up from the invitation and accepts it. axe-core checks each page.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LiveServer, axeViolations, launchBrowser, liveServer, newPage, screenshot } from '../helpers/browser';
import { engine } from '../helpers/database';
import { type SmtpPeer, startSmtpPeer } from '../helpers/smtp';

function linkIn(text: string, path: string): string {
  const match = new RegExp(`https?://[^\\s"<>]+${path.replace(/[?]/g, '\\?')}[^\\s"<>]*`).exec(text);
  if (!match) throw new Error(`no ${path} link in mail:\n${text}`);
  return match[0];
}

describe('foundation journey in a real browser', { timeout: 120_000 }, () => {
  let smtp: SmtpPeer;
  let server: LiveServer;
  let browser: Browser;
  const checked: string[] = [];

  async function accessible(page: Page) {
    const violations = await axeViolations(page);
    checked.push(new URL(page.url()).pathname);
    expect(violations, `axe on ${page.url()}`).toEqual([]);
  }

  beforeAll(async () => {
    smtp = await startSmtpPeer();
    [server, browser] = await Promise.all([liveServer({ SMTP_URL: smtp.url }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await smtp?.close();
  });

  it('sets up, signs up, verifies, creates an organisation, invites a member who accepts', async () => {
    // 1. A new instance: the home page leads to creating the administrator.
    const admin = await newPage(browser);
    await admin.goto(server.baseUrl);
    await accessible(admin);
    await admin.getByRole('link', { name: 'Créer le compte administrateur' }).click();
    await accessible(admin);
    await admin.fill('#f-displayName', 'Claire Admin');
    await admin.fill('#f-email', 'admin@region.example');
    await admin.fill('#f-password', 'un mot de passe solide');
    await admin.getByRole('button', { name: 'Créer le compte administrateur' }).click();
    await admin.waitForURL(`${server.baseUrl}/`);
    expect(await admin.getByRole('link', { name: 'Administration' }).count()).toBe(1);

    // 2. Alice signs up; a field error first, in French, then success.
    const alice = await newPage(browser);
    await alice.goto(`${server.baseUrl}/signup`);
    await accessible(alice);
    await alice.fill('#f-displayName', 'Alice Martin');
    await alice.fill('#f-email', 'alice@cfa.example');
    await alice.fill('#f-password', 'court');
    await alice.getByRole('button', { name: 'Créer mon compte' }).click();
    expect(await alice.locator('.error-summary').count()).toBe(1);
    expect(await alice.locator('#f-password-error').textContent()).toContain('10');
    await accessible(alice);
    await alice.fill('#f-password', 'une phrase de passe longue');
    await alice.getByRole('button', { name: 'Créer mon compte' }).click();
    await alice.waitForURL(/\/signup\/check-mail$/);
    await accessible(alice);

    // 3. The verification mail reached the SMTP peer; its link confirms the address.
    const verifyMail = await smtp.waitFor((m) => m.to.includes('alice@cfa.example'), 15_000);
    expect(verifyMail.html).toContain('Confirmer mon adresse');
    await alice.goto(linkIn(verifyMail.text, '/verify?token='));
    await accessible(alice);

    // 4. Alice creates her organisation.
    await alice.goto(`${server.baseUrl}/organizations/new`);
    await accessible(alice);
    await alice.fill('#f-name', 'CFA Normandie Numérique');
    await alice.fill('#f-description', 'Centre de formation d’apprentis engagé dans le label numérique.');
    await alice.fill('#f-url', 'https://cfa-normandie.example');
    await alice.getByRole('button', { name: 'Créer l’organisation' }).click();
    await alice.waitForURL(/\/organizations\/cfa-normandie-numerique$/);
    await accessible(alice);

    // 5. She invites Bruno as a reviewer.
    await alice.goto(`${server.baseUrl}/organizations/cfa-normandie-numerique/members`);
    await accessible(alice);
    await alice.fill('#f-email', 'bruno@cfa.example');
    await alice.check('#roles-reviewer');
    await alice.getByRole('button', { name: 'Envoyer l’invitation' }).click();
    await alice.waitForURL(/\/members$/);
    expect(await alice.content()).toContain('bruno@cfa.example');

    // 6. Bruno opens the invitation, creates his account from it, comes back and accepts.
    const invitation = await smtp.waitFor((m) => m.to.includes('bruno@cfa.example'), 15_000);
    const bruno = await newPage(browser);
    await bruno.goto(linkIn(invitation.text, '/invitations/'));
    await accessible(bruno);
    await bruno.locator('main a[href^="/signup"]').click();
    await bruno.fill('#f-displayName', 'Bruno Leroy');
    await bruno.fill('#f-email', 'bruno@cfa.example');
    await bruno.fill('#f-password', 'encore une phrase longue');
    await bruno.getByRole('button', { name: 'Créer mon compte' }).click();
    await bruno.waitForURL(/\/signup\/check-mail\?back=/);
    await accessible(bruno);
    await bruno.getByRole('link', { name: 'Continuer' }).click(); // back where the invitation left him
    await bruno.waitForURL(/\/invitations\//);
    await bruno.getByRole('button', { name: 'Accepter l’invitation' }).click();
    await bruno.waitForURL(/\/organizations\/cfa-normandie-numerique/);
    await accessible(bruno);
    await screenshot(bruno, `journey-member-${engine}`);

    // 7. Alice sees Bruno among the members, with his role.
    await alice.goto(`${server.baseUrl}/organizations/cfa-normandie-numerique/members`);
    const members = await alice.locator('main table').first().textContent();
    expect(members).toContain('Bruno Leroy');
    await screenshot(alice, `journey-members-${engine}`);

    // 8. The same pages in English for someone who prefers it.
    const english = await newPage(browser, 'en-GB');
    await english.goto(`${server.baseUrl}/organizations/cfa-normandie-numerique`);
    expect(await english.getAttribute('html', 'lang')).toBe('en');
    await accessible(english);
    expect(checked.length).toBeGreaterThan(10);
  });
});
