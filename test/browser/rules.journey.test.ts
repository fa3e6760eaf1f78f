// Issue 5, scenario A in Chromium: the pilot designs the key badge "Référent(e) numérique" in the
// badge form, ticking its combination (Ingénierie + 2 of Outils, Création, Médiation); Ada earns
// Ingénierie and Outils — nothing — then Création: the key badge arrives by mail, she accepts it in
// "Mes badges", its page says what it rests on and offers the CLR record; when Ingénierie is revoked
// the key badge shows as revoked. axe-core checks every page on the way.
import { describe, expect, it } from 'vitest';
import { apiOf, award, createBadge, createOrganization } from '../helpers/awards';
import { expectAccessible, screenshot, signedInPage, useJourney } from '../helpers/browser';
import { createTestUser } from '../helpers/users';

const KEY = 'Référent(e) numérique d’organisme de formation';

describe('a key badge awarded automatically, in a real browser (scenario A)', { timeout: 120_000 }, () => {
  const journey = useJourney();

  it('designs the rule, awards the key badge with the third badge, shows what it rests on, and lapses with a part', async () => {
    const { smtp, server, browser } = journey;
    const owner = await createTestUser(server, { email: 'pilote@communotic.example' });
    const ada = await createTestUser(server, { email: 'ada@cfa.example', displayName: 'Ada' });
    const slug = await createOrganization(server, owner, 'Communotic');
    const ids: Record<string, string> = {};
    for (const [key, name] of [
      ['ingenierie', 'Référent(e) ingénierie multimodale'],
      ['outils', 'Référent(e) outils numériques pédagogiques'],
      ['creation', 'Référent(e) création ressources'],
      ['mediation', 'Référent(e) médiation numérique pédagogique'],
    ] as const)
      ids[key] = await createBadge(server, owner, slug, { name, description: `Badge ${name}.`, criteria: { narrative: 'Critères du réseau.' }, blason: { status: 'published' } });

    // 1. The pilot designs the key badge in the form, ticking its combination, and publishes it.
    const pilot = await signedInPage(browser, server, owner);
    await pilot.goto(`${server.baseUrl}/organizations/${slug}/badges/new`);
    await pilot.getByLabel('Nom').first().fill(KEY);
    await pilot.getByLabel('Description').first().fill('Reconnaît les compétences de médiation, de veille, d’animation et d’administration du numérique.');
    await pilot.getByLabel('Critères d’obtention').first().fill('Détenir les badges du réseau indiqués ci-dessous.');
    const mandatory = pilot.getByRole('group', { name: 'Badges obligatoires' });
    await mandatory.getByLabel('Référent(e) ingénierie multimodale').check();
    const group = pilot.getByRole('group', { name: 'Badges du groupe' });
    for (const name of ['Référent(e) outils numériques pédagogiques', 'Référent(e) création ressources', 'Référent(e) médiation numérique pédagogique']) await group.getByLabel(name).check();
    await pilot.getByLabel('Nombre requis dans le groupe').fill('2');
    await expectAccessible(pilot);
    await pilot.getByRole('button', { name: 'Créer le brouillon' }).click();
    await pilot.waitForLoadState();
    expect(await pilot.locator('#award-rule').textContent()).toContain('Au moins 2 parmi');
    await pilot.getByRole('button', { name: 'Publier' }).click();
    await pilot.waitForLoadState();
    await expectAccessible(pilot);
    const keyId = new URL(pilot.url()).pathname.split('/').pop()!;

    // 2. Ada earns Ingénierie and Outils: no key badge yet; then Création: the key badge arrives.
    await award(server, owner, ids.ingenierie!, { recipient: { email: ada.email } });
    await award(server, owner, ids.outils!, { recipient: { email: ada.email } });
    await smtp.waitFor((m) => m.to === ada.email && m.text.includes('Référent(e) outils numériques pédagogiques'), 15_000);
    await award(server, owner, ids.creation!, { recipient: { email: ada.email } });
    const mail = await smtp.waitFor((m) => m.to === ada.email && m.text.includes(KEY), 20_000);
    expect(mail.text).toContain('/claim/');
    expect(smtp.messages.filter((m) => m.to === ada.email && m.text.includes(KEY))).toHaveLength(1);

    // 3. She accepts it in "Mes badges"; its page names the three badges it rests on and offers the CLR record.
    const page = await signedInPage(browser, server, ada);
    await page.goto(`${server.baseUrl}/badges/mine`);
    await expectAccessible(page);
    const card = page.locator('li', { hasText: KEY }).first();
    await card.getByRole('button', { name: 'Accepter le badge' }).click();
    await page.waitForLoadState();
    await page.getByRole('link', { name: KEY }).first().click();
    await page.waitForLoadState();
    await expectAccessible(page);
    const restsOn = page.locator('h2', { hasText: 'Repose sur' });
    await expect.poll(() => restsOn.count()).toBe(1);
    for (const name of ['Référent(e) ingénierie multimodale', 'Référent(e) outils numériques pédagogiques', 'Référent(e) création ressources'])
      expect(await page.getByRole('link', { name }).count()).toBeGreaterThan(0);
    const clr = page.getByRole('link', { name: /Relevé CLR 2\.0/ });
    const download = await Promise.all([page.waitForEvent('download'), clr.click()]).then(([d]) => d);
    expect(download.suggestedFilename()).toMatch(/-clr\.jwt$/);
    await screenshot(page, 'rules-key-badge');
    const keyCredentialUrl = page.url();

    // 4. Ingénierie is revoked: the key badge lapses and says so on its page.
    const ing = (await apiOf(server)(owner, 'GET', `/badges/${ids.ingenierie}/credentials`)).json().items[0].id;
    expect((await apiOf(server)(owner, 'POST', `/credentials/${ing}/revoke`, { reason: 'Attribué par erreur.' })).statusCode).toBe(200);
    await expect
      .poll(
        async () => {
          await page.goto(keyCredentialUrl);
          return page.locator('#credential-status').textContent();
        },
        { timeout: 20_000, interval: 300 },
      )
      .toContain('révoqué');
    expect(await page.locator('body').textContent()).toContain('ne sont plus tous valides');
    await expectAccessible(page);
    expect(keyId).toBeTruthy();
  });
});
