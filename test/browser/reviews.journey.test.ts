// Issue 4's "done when", in Chromium, mails read from a real SMTP peer:
// - scenario A: three holders (bootstrapped by the organisation), an application with a file and a
//   self-assessment; the holders vote no, yes, yes from the mailed link → accepted; the applicant is
//   told with the comments and, now a holder, examines the next application;
// - scenario B: a CFA applies on behalf of its organisation; a committee of peers from other
//   organisations decides it; someone outside the committee cannot even see it.
// axe-core checks every page on the way.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiOf, award, createBadge, createOrganization } from '../helpers/awards';
import { type LiveServer, expectAccessible, launchBrowser, liveServer, newPage, screenshot, signedInPage } from '../helpers/browser';
import { engine } from '../helpers/database';
import { type SmtpPeer, startSmtpPeer } from '../helpers/smtp';
import { type TestUser, createTestUser } from '../helpers/users';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

describe('reviewing applications in a real browser', { timeout: 120_000 }, () => {
  let smtp: SmtpPeer;
  let server: LiveServer;
  let browser: Browser;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'blason-reviews-'));

  const accessible = expectAccessible;
  const signedIn = (user: TestUser) => signedInPage(browser, server, user);
  const linkIn = (text: string, pathPart: string) => {
    const url = text.match(/https?:\/\/\S+/g)?.find((u) => u.includes(pathPart));
    if (!url) throw new Error(`No ${pathPart} link in: ${text}`);
    return url.replace(/[).,]+$/, '');
  };
  async function vote(user: TestUser, mailTo: string, verdict: 'Favorable : le badge peut être attribué' | 'Défavorable', comment: string, criteria: string[] = []) {
    const mail = await smtp.waitFor((m) => m.to === mailTo && m.subject.startsWith('Nouvelle demande à examiner'), 15_000);
    const page = await signedIn(user);
    await page.goto(linkIn(mail.text, '/applications/'));
    await accessible(page);
    await page.getByLabel(verdict).check();
    for (const c of criteria) await page.getByRole('group', { name: 'Critères que vous constatez remplis' }).getByLabel(c).check();
    await page.getByLabel('Commentaire').fill(comment);
    await page.getByRole('button', { name: 'Donner mon avis' }).click();
    await page.waitForLoadState();
    expect(await page.locator('.flash').first().textContent()).toContain('Votre avis est enregistré.');
    await accessible(page);
    return page;
  }

  beforeAll(async () => {
    smtp = await startSmtpPeer();
    [server, browser] = await Promise.all([liveServer({ SMTP_URL: smtp.url }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await smtp?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('scenario A: holders vote no, yes, yes; the new holder examines the next application', async () => {
    const owner = await createTestUser(server, { email: 'pilote@communotic.example' });
    const holders = await Promise.all([1, 2, 3].map((i) => createTestUser(server, { email: `holder${i}@cfa.example`, displayName: `Détenteur ${i}` })));
    const ada = await createTestUser(server, { email: 'ada@cfa.example', displayName: 'Ada' });
    const bob = await createTestUser(server, { email: 'bob@cfa.example', displayName: 'Bob' });
    const slug = await createOrganization(server, owner, 'Communotic');
    const badgeId = await createBadge(server, owner, slug, {
      name: 'Référent(e) ingénierie multimodale',
      description: 'Rédige le parcours de formation en prenant en compte l’ensemble des modalités possibles.',
      criteria: { narrative: 'Présenter un parcours multimodal réalisé.' },
      blason: {
        status: 'published',
        review: { mode: 'holders', quorum: 2 },
        evidence: { types: ['application/pdf'], maxBytes: 200_000, maxCount: 2 },
        checklist: { items: ['Objectifs définis', 'Modalités variées', 'Évaluation prévue'], threshold: 2 },
      },
    });
    for (const h of holders) await award(server, owner, badgeId, { recipient: { email: h.email } });

    // Ada finds the badge, reads how it is decided, and applies with a file and her self-assessment.
    const applicant = await signedIn(ada);
    await applicant.goto(`${server.baseUrl}/badges/${badgeId}`);
    expect(await applicant.locator('#review-policy').textContent()).toContain('Décidé par les détenteurs du badge : la demande est décidée dès que 2 avis concordants sont réunis.');
    await accessible(applicant);
    await applicant.getByRole('link', { name: 'Demander ce badge' }).click();
    await applicant.waitForURL(`${server.baseUrl}/badges/${badgeId}/apply`);
    await accessible(applicant);
    const pdf = path.join(dir, 'parcours.pdf');
    fs.writeFileSync(pdf, PDF);
    await applicant.getByLabel('Ce qui justifie votre demande').fill('J’ai conçu le parcours hybride du CFA, avec des classes virtuelles et un tutorat.');
    await applicant.getByLabel('Liens vers vos preuves').fill('https://example.org/parcours-hybride');
    await applicant.getByLabel('Fichiers de preuve').setInputFiles(pdf);
    await applicant.getByLabel('Objectifs définis').check();
    await applicant.getByLabel('Modalités variées').check();
    await applicant.getByRole('button', { name: 'Envoyer ma demande' }).click();
    await applicant.waitForURL(/\/applications\/[a-z2-9]{16}$/);
    const applicationUrl = applicant.url();
    expect(await applicant.locator('.flash').first().textContent()).toContain('Demande envoyée');
    expect(await applicant.locator('.application-status').textContent()).toBe('En cours d’examen');
    expect(await applicant.getByRole('link', { name: 'parcours.pdf' }).count()).toBe(1);
    await accessible(applicant);
    await screenshot(applicant, `reviews-applied-${engine}`);

    // Every holder is told by mail; they vote no, yes, yes from the link.
    await vote(holders[0]!, holders[0]!.email, 'Défavorable', 'Il manque l’évaluation.');
    await vote(holders[1]!, holders[1]!.email, 'Favorable : le badge peut être attribué', 'Très complet.', ['Objectifs définis', 'Modalités variées']);
    const last = await vote(holders[2]!, holders[2]!.email, 'Favorable : le badge peut être attribué', 'Bravo.', ['Objectifs définis', 'Modalités variées', 'Évaluation prévue']);
    expect(await last.locator('.application-status').textContent()).toBe('Acceptée');
    expect(await last.locator('#verdicts li').allTextContents()).toEqual([
      'Défavorable — Détenteur 1 : « Il manque l’évaluation. »',
      'Favorable — Détenteur 2 : « Très complet. »',
      'Favorable — Détenteur 3 : « Bravo. »',
    ]);
    // The application has left every examiner's list.
    const h1 = await signedIn(holders[0]!);
    await h1.goto(`${server.baseUrl}/reviews`);
    expect(await h1.locator('#reviews-count').textContent()).toBe('Aucune demande n’attend votre avis.');
    await accessible(h1);

    // Ada is told, with the comments, and sees her badge.
    const decided = await smtp.waitFor((m) => m.to === ada.email && m.subject.startsWith('Votre demande est acceptée'), 15_000);
    expect(decided.text).toContain('Il manque l’évaluation.');
    await applicant.goto(applicationUrl);
    expect(await applicant.locator('.application-status').textContent()).toBe('Acceptée');
    await applicant.getByRole('link', { name: 'Voir le badge attribué' }).click();
    await applicant.waitForURL(/\/credentials\/[a-z2-9]{16}$/);
    expect(await applicant.locator('#credential-status').textContent()).toBe('Valide');
    await accessible(applicant);

    // Bob applies; Ada, now a holder, examines his application.
    const bobs = await apiOf(server)(bob, 'POST', `/badges/${badgeId}/applications`, { narrative: 'Mon parcours à distance.', submit: true });
    expect(bobs.statusCode).toBe(201);
    // (Had applications been pending when she was accepted, a first mail would have listed them.)
    const newExaminer = await smtp.waitFor((m) => m.to === ada.email && m.subject.startsWith('Nouvelle demande à examiner'), 15_000);
    expect(newExaminer.text).toContain(`/applications/${bobs.json().id}`);
    await applicant.goto(`${server.baseUrl}/reviews`);
    expect(await applicant.locator('#reviews-count').textContent()).toBe('1 demande(s) attendent votre avis.');
    await applicant.getByRole('link', { name: 'Référent(e) ingénierie multimodale' }).click();
    expect(await applicant.getByRole('button', { name: 'Donner mon avis' }).count()).toBe(1);
    await accessible(applicant);
    await screenshot(applicant, `reviews-new-examiner-${engine}`);
  });

  it('scenario B: a CFA applies for its organisation; a committee of peers decides', async () => {
    const region = await createTestUser(server, { email: 'apprentissage@normandie.example', displayName: 'Région' });
    const pilot1 = await createTestUser(server, { email: 'pilote@cfa-rouen.example', displayName: 'CFA Rouen' });
    const pilot2 = await createTestUser(server, { email: 'pilote@cfa-caen.example', displayName: 'CFA Caen' });
    const outsider = await createTestUser(server, { email: 'curieux@ailleurs.example' });
    const director = await createTestUser(server, { email: 'direction@cfa-cotentin.example', displayName: 'Claire' });
    const regionSlug = await createOrganization(server, region, 'Région Normandie — Direction de l’apprentissage');
    await createOrganization(server, director, 'CFA du Cotentin');
    const badgeId = await createBadge(server, region, regionSlug, {
      name: 'Tutorat',
      description: 'Le tutorat à distance est organisé.',
      criteria: { narrative: 'Présenter le dispositif de tutorat à distance.' },
      blason: { status: 'published', review: { mode: 'committee', quorum: 2, committee: [pilot1.email, pilot2.email, region.email] } },
    });

    const cfa = await signedIn(director);
    await cfa.goto(`${server.baseUrl}/badges/${badgeId}/apply`);
    await cfa.getByLabel('Pour l’organisation « CFA du Cotentin »').check();
    await cfa.getByLabel('Ce qui justifie votre demande').fill('Nos formateurs tutorent les apprentis à distance chaque semaine.');
    await cfa.getByRole('button', { name: 'Envoyer ma demande' }).click();
    await cfa.waitForURL(/\/applications\/[a-z2-9]{16}$/);
    const applicationUrl = cfa.url();
    expect(await cfa.locator('main').textContent()).toContain('Claire, pour CFA du Cotentin');
    await accessible(cfa);

    const stranger = await signedIn(outsider);
    const res = await stranger.goto(applicationUrl);
    expect(res?.status()).toBe(404);

    await vote(pilot1, pilot1.email, 'Favorable : le badge peut être attribué', 'Dispositif solide.');
    const second = await vote(pilot2, pilot2.email, 'Favorable : le badge peut être attribué', 'D’accord.');
    expect(await second.locator('.application-status').textContent()).toBe('Acceptée');
    // The third member comes too late: the application is no longer theirs to examine.
    const late = await signedIn(region);
    await late.goto(applicationUrl);
    expect(await late.getByRole('button', { name: 'Donner mon avis' }).count()).toBe(0);
    await accessible(late);
    const holder = await server.deps.db
      .selectFrom('credentials')
      .innerJoin('organizations', 'organizations.id', 'credentials.recipient_organization_id')
      .select('organizations.name')
      .where('credentials.badge_id', '=', (await server.deps.db.selectFrom('badges').select('id').where('public_id', '=', badgeId).executeTakeFirstOrThrow()).id)
      .execute();
    expect(holder.map((h) => h.name)).toEqual(['CFA du Cotentin']);
    await screenshot(second, `reviews-committee-${engine}`);
  });
});
