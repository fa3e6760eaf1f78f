// Issue 5, scenario B in Chromium: the CFA label (here 3 badges of 4, 2 of them mandatory) is
// awarded automatically to the CFA once it holds the combination; its manager finds it in "Mes
// badges" and accepts it; the label lasts only as long as its parts: when a mandatory badge expires
// unrenewed, the label's page says it has expired too. axe-core checks every page on the way.
import { describe, expect, it } from 'vitest';
import { apiOf, award, createBadge, createOrganization } from '../helpers/awards';
import { expectAccessible, screenshot, signedInPage, useJourney } from '../helpers/browser';
import { createTestUser } from '../helpers/users';

const LABEL = 'CFA numérique normand';

describe('an organisation label reached, then lost when a mandatory badge expires, in a real browser (scenario B)', { timeout: 120_000 }, () => {
  const journey = useJourney();

  it('awards the label to the CFA with its last badge, and shows it expired once a mandatory badge has', async () => {
    const { smtp, server, browser } = journey;
    const direction = await createTestUser(server, { email: 'apprentissage@region.example' });
    const manager = await createTestUser(server, { email: 'direction@cfa-caen.example', displayName: 'Direction du CFA' });
    const region = await createOrganization(server, direction, 'Direction de l’apprentissage');
    const cfa = await createOrganization(server, manager, 'CFA de Caen');
    const ids: Record<string, string> = {};
    for (const [key, name] of [
      ['strategie', 'Stratégie numérique'],
      ['referent', 'Référent numérique'],
      ['tutorat', 'Tutorat en ligne'],
      ['ressources', 'Ressources partagées'],
    ] as const)
      ids[key] = await createBadge(server, direction, region, { name, description: `Badge du label : ${name}.`, criteria: { narrative: 'Dossier examiné par le comité.' }, blason: { status: 'published' } });
    const label = await createBadge(server, direction, region, {
      name: LABEL,
      description: 'Le label des CFA engagés dans le numérique.',
      criteria: { narrative: 'Détenir 3 des 4 badges du label, dont les 2 obligatoires.' },
      achievementType: 'Certificate',
      blason: { status: 'published', awardRule: { mandatory: [ids.strategie, ids.referent], groups: [{ of: [ids.tutorat, ids.ressources], count: 1 }], total: 3 } },
    });

    // 1. The CFA earns the mandatory badges — "Référent numérique" only for a short while — then a third: the label follows.
    const soon = new Date(Date.now() + 25_000).toISOString();
    await award(server, direction, ids.strategie!, { recipient: { organization: cfa } });
    await award(server, direction, ids.referent!, { recipient: { organization: cfa }, validUntil: soon });
    await award(server, direction, ids.tutorat!, { recipient: { organization: cfa } });
    await smtp.waitFor((m) => m.to === manager.email && m.text.includes(LABEL), 20_000);

    // 2. The manager accepts it in "Mes badges"; its page is valid and names what it rests on.
    const page = await signedInPage(browser, server, manager);
    await page.goto(`${server.baseUrl}/badges/mine`);
    await expectAccessible(page);
    const card = page.locator('li', { hasText: LABEL }).first();
    await card.getByRole('button', { name: 'Accepter le badge' }).click();
    await page.waitForLoadState();
    await page.getByRole('link', { name: LABEL }).first().click();
    await page.waitForLoadState();
    expect(await page.locator('#credential-status').textContent()).toContain('Valide');
    expect(await page.getByRole('link', { name: 'Référent numérique' }).count()).toBeGreaterThan(0);
    await expectAccessible(page);
    const labelUrl = page.url();
    const held = (await apiOf(server)(manager, 'GET', `/backpack?organization=${cfa}`)).json();
    expect(JSON.stringify(held)).toContain(label);

    // 3. "Référent numérique" expires unrenewed: the label has expired with it.
    await expect
      .poll(
        async () => {
          await page.goto(labelUrl);
          return page.locator('#credential-status').textContent();
        },
        { timeout: 45_000, interval: 1_000 },
      )
      .toContain('Expiré');
    await expectAccessible(page);
    await screenshot(page, 'label-expired');
  });
});
