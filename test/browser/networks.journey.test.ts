// Issue 5, scenario C in Chromium: the CFA asks to join the Region's network from its page, mapping
// its badge onto "Communiquer" (level "Je pratique"); the Region votes yes on the application's page;
// Ada earns the CFA's badge, is offered the regional badge by mail, accepts it on "Badges régionaux
// proposés"; the verifier, given her partner badge's address, shows the Region's signed endorsement.
// axe-core checks every page on the way.
import { describe, expect, it } from 'vitest';
import { apiOf, award, communiquer, createBadge, createOrganization } from '../helpers/awards';
import { expectAccessible, screenshot, signedInPage, useJourney } from '../helpers/browser';
import { createTestUser } from '../helpers/users';

const PARTNER = 'Prise de parole en situation professionnelle';

describe('a partner badge mapped onto a regional badge, in a real browser (scenario C)', { timeout: 120_000 }, () => {
  const journey = useJourney();

  it('joins the network with a mapping, is accepted, and the earner accepts the regional badge offered; the verifier shows the endorsement', async () => {
    const { smtp, server, browser } = journey;
    const regionUser = await createTestUser(server, { email: 'programme@region.example', displayName: 'Programme régional' });
    const cfaUser = await createTestUser(server, { email: 'direction@cfa.example', displayName: 'Direction du CFA' });
    const ada = await createTestUser(server, { email: 'ada@apprentie.example', displayName: 'Ada' });
    const region = await createOrganization(server, regionUser, 'Région Normandie');
    const cfa = await createOrganization(server, cfaUser, 'CFA de Caen');
    const participant = await createBadge(server, regionUser, region, {
      name: 'Participant à « La Normandie badge les compétences »',
      description: 'Les organisations partenaires du programme.',
      criteria: { narrative: 'Partager un de ses badges avec une proposition de rattachement.' },
      blason: { status: 'published' },
    });
    await createBadge(server, regionUser, region, communiquer);
    const partner = await createBadge(server, cfaUser, cfa, { name: PARTNER, description: 'Présenter son activité à l’oral.', criteria: { narrative: 'Présentation devant un jury.' }, blason: { status: 'published' } });
    const created = await apiOf(server)(regionUser, 'POST', `/organizations/${region}/networks`, { name: 'La Normandie badge les compétences', participantBadge: participant });
    expect(created.statusCode, created.body).toBe(201);
    const network = created.json().id;

    // 1. The CFA asks to join from the network's page, with its mapping proposal.
    const cfaPage = await signedInPage(browser, server, cfaUser);
    await cfaPage.goto(`${server.baseUrl}/networks/${network}`);
    await expectAccessible(cfaPage);
    await cfaPage.getByLabel('Votre badge').selectOption({ label: PARTNER });
    await cfaPage.getByLabel('Badge régional et niveau correspondants').selectOption({ label: 'Communiquer — Je pratique' });
    await cfaPage.getByLabel('Non, une partie').check();
    await cfaPage.getByLabel('Remarques sur la correspondance').fill('La communication écrite est abordée, mais pas évaluée.');
    await cfaPage.getByLabel('Présentation de votre organisation').fill('Le CFA forme 800 apprentis.');
    await cfaPage.getByRole('button', { name: 'Envoyer la demande' }).click();
    await cfaPage.waitForLoadState();
    expect(await cfaPage.locator('.flash').first().textContent()).toContain('Demande envoyée');
    expect(await cfaPage.locator('#proposals').textContent()).toContain('Communiquer');
    await expectAccessible(cfaPage);

    // 2. The Region votes yes on the application's page (from its mail).
    const mail = await smtp.waitFor((m) => m.to === regionUser.email && m.subject.startsWith('Nouvelle demande à examiner'), 15_000);
    const url = mail.text.match(/https?:\/\/\S+\/applications\/\S+/)![0]!.replace(/[).,]+$/, '');
    const regionPage = await signedInPage(browser, server, regionUser);
    await regionPage.goto(url);
    expect(await regionPage.locator('#proposals').textContent()).toContain('niveau « Je pratique »');
    await regionPage.getByLabel('Favorable : le badge peut être attribué').check();
    await regionPage.getByLabel('Commentaire').fill('Bienvenue dans le réseau.');
    await regionPage.getByRole('button', { name: 'Donner mon avis' }).click();
    await regionPage.waitForLoadState();
    await expect
      .poll(async () => (await apiOf(server)(null, 'GET', `/networks/${network}`)).json().mappings.length, { timeout: 20_000, interval: 300 })
      .toBe(1);
    await regionPage.goto(`${server.baseUrl}/badges/${partner}`);
    expect(await regionPage.locator('#endorsements').textContent()).toContain('Région Normandie');
    await expectAccessible(regionPage);
    // The Region's reports (members of its network included) and partners pages.
    await regionPage.goto(`${server.baseUrl}/organizations/${region}/reports`);
    expect(await regionPage.locator('#report-members').textContent()).toContain('CFA de Caen');
    await expectAccessible(regionPage);
    await regionPage.goto(`${server.baseUrl}/organizations/${region}/partners`);
    await expectAccessible(regionPage);

    // 3. Ada earns the CFA's badge: the regional badge is offered to her; she accepts it.
    const earned = await award(server, cfaUser, partner, { recipient: { email: ada.email } });
    const offer = await smtp.waitFor((m) => m.to === ada.email && m.subject.includes('Communiquer'), 20_000);
    expect(offer.text).toContain('/offers');
    const adaPage = await signedInPage(browser, server, ada);
    await adaPage.goto(`${server.baseUrl}/offers`);
    await expectAccessible(adaPage);
    await adaPage.getByRole('button', { name: 'Accepter le badge' }).click();
    await adaPage.waitForLoadState();
    expect(await adaPage.locator('body').textContent()).toContain('Badge régional reçu.');
    await adaPage.getByRole('link', { name: 'Voir le badge reçu' }).click();
    await adaPage.waitForLoadState();
    expect(await adaPage.locator('body').textContent()).toContain('Je pratique');
    await expectAccessible(adaPage);

    // 4. The verifier, given the partner badge's address, shows the Region's endorsement.
    await adaPage.goto(`${server.baseUrl}/verify`);
    await adaPage.getByLabel('Adresse web du badge').fill(`${server.baseUrl}/credentials/${earned.id}`);
    await adaPage.getByRole('button', { name: 'Vérifier l’adresse' }).or(adaPage.getByRole('button', { name: "Vérifier l'adresse" })).click();
    await adaPage.waitForLoadState();
    expect(await adaPage.locator('[role=status]').first().textContent()).toContain('Ce badge est authentique et valide.');
    const endorsements = await adaPage.locator('#verify-endorsements').textContent();
    expect(endorsements).toContain('Région Normandie');
    expect(endorsements).toContain('signature valide');
    await expectAccessible(adaPage);
    await screenshot(adaPage, 'networks-verifier-endorsement');
  });
});
