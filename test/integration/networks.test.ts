// Networks and regional badges (scenario C) through the API and the pages: a Region runs a network;
// a CFA joins by applying for the participant badge with a mapping proposal; the Region's review
// accepts it → member, mapping active, the CFA's badge endorsed (signed EndorsementCredential, on
// the badge page and checked by the verifier); earners of the mapped badge, from before and after,
// are offered the regional badge, accept (issued by the Region, partner credential as evidence) or
// decline (remembered).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCredential } from '../../src/credentials';
import { apiOf, award, communiquer, createBadge, createOrganization, platformLoader, queuedMails } from '../helpers/awards';
import { type TestPlatform, testPlatform } from '../helpers/platform';
import { type TestUser, createTestUser, signedInAgent } from '../helpers/users';

describe('networks and regional badges', () => {
  let p: TestPlatform;
  let region: TestUser;
  let cfa: TestUser;
  let ada: TestUser;
  let bob: TestUser;
  let regionSlug = '';
  let cfaSlug = '';
  let participant = '';
  let regional = '';
  let partner = '';
  let network = '';
  let application = '';
  const api = () => apiOf(p);

  beforeAll(async () => {
    p = await testPlatform();
    region = await createTestUser(p, { email: 'badges@normandie.example' });
    cfa = await createTestUser(p, { email: 'direction@cfa-caen.example' });
    ada = await createTestUser(p, { email: 'ada@apprentie.example' });
    bob = await createTestUser(p, { email: 'bob@apprenti.example' });
    regionSlug = await createOrganization(p, region, 'Région Normandie');
    cfaSlug = await createOrganization(p, cfa, 'CFA de Caen');
    participant = await createBadge(p, region, regionSlug, {
      name: 'Partenaire du réseau',
      description: 'Organisation partenaire de « La Normandie badge les compétences ».',
      criteria: { narrative: 'Adhérer à la charte.' },
      blason: { status: 'published' },
    });
    regional = await createBadge(p, region, regionSlug, communiquer);
    partner = await createBadge(p, cfa, cfaSlug, {
      name: 'Communication professionnelle',
      description: 'Le badge du CFA.',
      criteria: { narrative: 'Réussir la mise en situation.' },
      blason: { status: 'published' },
    });
  });
  afterAll(async () => {
    await p.close();
  });

  it('creates a network whose participant badge is the owner’s', async () => {
    expect((await api()(region, 'POST', `/organizations/${regionSlug}/networks`, { name: 'x', participantBadge: partner })).statusCode).toBe(400);
    expect((await api()(cfa, 'POST', `/organizations/${regionSlug}/networks`, { name: 'x', participantBadge: participant })).statusCode).toBe(403);
    const res = await api()(region, 'POST', `/organizations/${regionSlug}/networks`, {
      name: 'La Normandie badge les compétences',
      description: 'Le réseau régional des badges.',
      participantBadge: participant,
    });
    expect(res.statusCode, res.body).toBe(201);
    network = res.json().id;
    expect(res.json()).toMatchObject({ owner: regionSlug, participantBadge: participant, members: [], mappings: [] });
    expect(res.json().regionalBadges).toEqual([{ id: regional, name: 'Communiquer', levels: ['Je pratique', 'Je maîtrise'] }]);
    // One network per participant badge.
    expect((await api()(region, 'POST', `/organizations/${regionSlug}/networks`, { name: 'bis', participantBadge: participant })).statusCode).toBe(400);
  });

  it('refuses a join request without a valid mapping, and a direct application, storing nothing', async () => {
    const cases: [unknown, string][] = [
      [{ organization: cfaSlug, mappings: [] }, 'Proposez au moins une correspondance'],
      [{ organization: cfaSlug, mappings: [{ badge: partner, regionalBadge: regional, coversAll: true }] }, 'Indiquez le niveau du badge régional (Je pratique, Je maîtrise).'],
      [{ organization: cfaSlug, mappings: [{ badge: partner, regionalBadge: regional, level: 'Expert', coversAll: true }] }, 'Je pratique, Je maîtrise'],
      [{ organization: cfaSlug, mappings: [{ badge: regional, regionalBadge: regional, level: 'I', coversAll: true }] }, 'n’est pas un badge de l’organisation'],
      [{ organization: cfaSlug, mappings: [{ badge: partner, regionalBadge: participant, coversAll: true }] }, 'n’est pas un badge régional de ce réseau'],
      [{ organization: regionSlug, mappings: [{ badge: partner, regionalBadge: regional, level: 'I', coversAll: true }] }, 'Vous ne gérez pas cette organisation.'],
    ];
    for (const [body, message] of cases) {
      const res = await api()(cfa, 'POST', `/networks/${network}/join`, body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.body).toContain(message);
    }
    const direct = await api()(cfa, 'POST', `/badges/${participant}/applications`, { organization: cfaSlug, submit: true });
    expect(direct.statusCode).toBe(409);
    expect(await p.deps.db.selectFrom('applications').select('id').execute()).toEqual([]);
    expect(await p.deps.db.selectFrom('badge_mappings').select('id').execute()).toEqual([]);
  });

  it('joins: the owner’s review accepts → member, mapping active, the partner badge endorsed; earners from before are offered the regional badge', async () => {
    // Ada earned the CFA's badge before the mapping.
    const before = await award(p, cfa, partner, { recipient: { email: ada.email } });
    const res = await api()(cfa, 'POST', `/networks/${network}/join`, {
      organization: cfaSlug,
      narrative: 'Le CFA forme 800 apprentis.',
      mappings: [{ badge: partner, regionalBadge: regional, level: 'I', coversAll: false, remarks: 'La communication écrite est moins travaillée.' }],
    });
    expect(res.statusCode, res.body).toBe(201);
    application = res.json().application;
    const pending = await api()(cfa, 'GET', `/applications/${application}`);
    expect(pending.json()).toMatchObject({ status: 'pending', organization: cfaSlug });
    // The examiners see the proposal on the application's page.
    const page = await signedInAgent(p, region).get(`/applications/${application}`);
    expect(page.body).toContain('Correspondances proposées');
    expect(page.body).toContain('niveau « Je pratique »');
    expect(page.body).toContain('La communication écrite est moins travaillée.');
    // A second request while the first is open: refused.
    expect((await api()(cfa, 'POST', `/networks/${network}/join`, { organization: cfaSlug, mappings: [{ badge: partner, regionalBadge: regional, level: 'II', coversAll: true }] })).statusCode).toBe(400);

    const vote = await api()(region, 'POST', `/applications/${application}/verdicts`, { verdict: 'yes', comment: 'Bienvenue.' });
    expect(vote.statusCode, vote.body).toBe(201);
    expect(vote.json()).toMatchObject({ status: 'accepted', decided: true });
    await p.drain();

    const n = (await api()(null, 'GET', `/networks/${network}`)).json();
    expect(n.members).toMatchObject([{ organization: cfaSlug, name: 'CFA de Caen' }]);
    expect(n.mappings).toHaveLength(1);
    expect(n.mappings[0]).toMatchObject({ partnerBadge: { id: partner }, regionalBadge: { id: regional }, level: 'Je pratique', coversAll: false, status: 'active' });
    // The CFA holds the participant badge.
    const held = (await api()(cfa, 'GET', `/backpack?organization=${cfaSlug}`)).json();
    expect(JSON.stringify(held)).toContain(participant);

    // The endorsement: signed by the Region, about the CFA's badge, published with it.
    const endorsementUrl: string = n.mappings[0].endorsement;
    const endorsement = await p.app.inject({ url: new URL(endorsementUrl).pathname });
    expect(endorsement.statusCode).toBe(200);
    const doc = endorsement.json();
    expect(doc.type).toEqual(['VerifiableCredential', 'EndorsementCredential']);
    expect(doc.credentialSubject).toMatchObject({ id: `http://localhost:3000/badges/${partner}`, type: ['EndorsementSubject'] });
    expect(doc.credentialSubject.endorsementComment).toContain('« Communiquer », niveau « Je pratique »');
    expect(doc.credentialSubject.endorsementComment).toContain('Couvre une partie des compétences attendues.');
    expect(doc.issuer.name).toBe('Région Normandie');
    const checked = await verifyCredential(doc, { documentLoader: platformLoader(p) });
    expect(checked.valid, JSON.stringify(checked.checks)).toBe(true);
    const badgeJson = await p.app.inject({ url: `/badges/${partner}`, headers: { accept: 'application/ld+json' } });
    expect(badgeJson.json().endorsement).toEqual([doc]);
    const badgePage = await p.app.inject({ url: `/badges/${partner}` });
    expect(badgePage.body).toContain('Endossements');
    expect(badgePage.body).toContain('Région Normandie');

    // The verifier shows the badge's endorsement with Ada's credential (issued before it).
    const verified = await api()(null, 'POST', '/verify', before.credential);
    expect(verified.statusCode).toBe(200);
    expect(verified.json().valid).toBe(true);
    expect(verified.json().credential.endorsements).toMatchObject({ count: 1, valid: 1, items: [{ issuer: { name: 'Région Normandie' }, valid: true, source: 'badge' }] });

    // Ada, an earner from before the mapping, is offered the regional badge, by mail and in the app.
    const mail = (await queuedMails(p, ada.email)).find((m) => m.template === 'networks.offer');
    expect(mail?.params).toMatchObject({ badge: 'Communiquer', level: 'Je pratique', partner: 'Communication professionnelle', issuer: 'Région Normandie' });
    const offers = (await api()(ada, 'GET', '/offers')).json().items;
    expect(offers).toMatchObject([{ status: 'offered', regionalBadge: regional, level: 'Je pratique', network }]);
  });

  it('accepting issues the regional badge from the owner, at the mapped level, with the partner credential as evidence; once', async () => {
    const [offer] = (await api()(ada, 'GET', '/offers')).json().items;
    expect((await api()(bob, 'POST', `/offers/${offer.id}/accept`)).statusCode).toBe(404);
    const accepted = await api()(ada, 'POST', `/offers/${offer.id}/accept`);
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'accepted' });
    const again = await api()(ada, 'POST', `/offers/${offer.id}/accept`);
    expect(again.statusCode).toBe(409);
    const credentialId = new URL(accepted.json().credential).pathname.split('/').pop()!;
    const credential = (await api()(ada, 'GET', `/credentials/${credentialId}`)).json();
    expect(credential).toMatchObject({ state: 'accepted', level: 'Je pratique' });
    const signed = credential.credential;
    expect(signed.issuer.name).toBe('Région Normandie');
    expect(signed.evidence[0].id).toBe(offer.partnerCredential);
    expect((await verifyCredential(signed, { documentLoader: platformLoader(p) })).valid).toBe(true);
    expect(await p.deps.db.selectFrom('credentials').select('id').where('badge_id', '=', (await p.deps.db.selectFrom('badges').select('id').where('public_id', '=', regional).executeTakeFirstOrThrow()).id).execute()).toHaveLength(1);
  });

  it('new earners are offered it; a declined offer is remembered; the offers page answers', async () => {
    await award(p, cfa, partner, { recipient: { email: bob.email } });
    await p.drain();
    const agent = signedInAgent(p, bob);
    const page = await agent.get('/offers');
    expect(page.body).toContain('Badges régionaux proposés');
    expect(page.body).toContain('« Communiquer » proposé par Région Normandie, parce que vous avez obtenu « Communication professionnelle » (CFA de Caen).');
    const [offer] = (await api()(bob, 'GET', '/offers')).json().items;
    const declined = await agent.post(`/offers/${offer.id}/decline`, {});
    expect(declined.statusCode).toBe(303);
    expect((await api()(bob, 'GET', '/offers')).json().items).toMatchObject([{ status: 'declined' }]);
    // Earning the partner badge again (a renewal): not offered again.
    await award(p, cfa, partner, { recipient: { email: bob.email } });
    await p.drain();
    expect((await api()(bob, 'GET', '/offers')).json().items).toHaveLength(1);
    expect((await queuedMails(p, bob.email)).filter((m) => m.template === 'networks.offer')).toHaveLength(1);
  });

  it('joins through the network’s page (form), and shows members and mappings', async () => {
    const other = await createTestUser(p, { email: 'contact@mfr.example' });
    const mfr = await createOrganization(p, other, 'MFR de Vire');
    const mfrBadge = await createBadge(p, other, mfr, { name: 'Oser communiquer', description: 'Badge de la MFR.', criteria: { narrative: 'Prendre la parole.' }, blason: { status: 'published' } });
    const agent = signedInAgent(p, other);
    const page = await agent.get(`/networks/${network}`);
    expect(page.body).toContain('Rejoindre le réseau');
    expect(page.body).toContain('CFA de Caen');
    expect(page.body).toContain('Communiquer — Je maîtrise');
    const wrong = await agent.post(`/networks/${network}/join`, { badge: `${mfr}|${mfrBadge}`, target: `${regional}|`, coversAll: 'yes' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('Indiquez le niveau du badge régional');
    const sent = await agent.post(`/networks/${network}/join`, { badge: `${mfr}|${mfrBadge}`, target: `${regional}|Je maîtrise`, coversAll: 'yes', narrative: 'La MFR.' });
    expect(sent.statusCode, sent.body).toBe(303);
    expect(sent.headers.location).toMatch(/^\/applications\//);
    const org = await p.app.inject({ url: `/organizations/${regionSlug}` });
    expect(org.body).toContain(`<a href="/networks/${network}">La Normandie badge les compétences</a>`);
  });

  it('members propose badges for the network’s list; the owner accepts or declines', async () => {
    const own = await createBadge(p, cfa, cfaSlug, { name: 'Tutorat en ligne', description: 'Le tutorat du CFA.', criteria: { narrative: 'Dossier.' }, blason: { status: 'published' } });
    const outsider = await createTestUser(p, { email: 'contact@outsider.example' });
    const outsiderSlug = await createOrganization(p, outsider, 'Organisme extérieur');
    const outsiderBadge = await createBadge(p, outsider, outsiderSlug, { name: 'Extérieur', description: 'x', criteria: { narrative: 'x' }, blason: { status: 'published' } });
    expect((await api()(outsider, 'POST', `/networks/${network}/badge-proposals`, { organization: outsiderSlug, badge: outsiderBadge })).statusCode).toBe(409);
    expect((await api()(cfa, 'POST', `/networks/${network}/badge-proposals`, { organization: cfaSlug, badge: outsiderBadge })).statusCode).toBe(400);
    const res = await api()(cfa, 'POST', `/networks/${network}/badge-proposals`, { organization: cfaSlug, badge: own, message: 'Pour la liste du label.' });
    expect(res.statusCode, res.body).toBe(201);
    expect((await api()(cfa, 'POST', `/networks/${network}/badge-proposals`, { organization: cfaSlug, badge: own })).statusCode).toBe(409);
    expect((await queuedMails(p, region.email)).some((m) => m.template === 'networks.badgeProposal' && m.params.badge === 'Tutorat en ligne')).toBe(true);
    expect((await api()(null, 'GET', `/networks/${network}/badge-proposals`)).json().items).toEqual([]);
    expect((await api()(region, 'GET', `/networks/${network}/badge-proposals`)).json().items).toMatchObject([{ badge: own, organization: cfaSlug, status: 'pending' }]);
    expect((await api()(cfa, 'POST', `/badge-proposals/${res.json().id}/decide`, { accept: true })).statusCode).toBe(403);
    // The owner decides from the network's page.
    const agent = signedInAgent(p, region);
    const page = await agent.get(`/networks/${network}`);
    expect(page.body).toContain('Propositions à trancher');
    const decided = await agent.post(`/badge-proposals/${res.json().id}/decide`, { accept: 'true' });
    expect(decided.statusCode).toBe(303);
    expect((await api()(null, 'GET', `/networks/${network}/badge-proposals`)).json().items).toMatchObject([{ badge: own, status: 'accepted' }]);
    expect((await api()(region, 'POST', `/badge-proposals/${res.json().id}/decide`, { accept: false })).statusCode).toBe(409);
    expect((await p.app.inject({ url: `/networks/${network}` })).body).toContain('Tutorat en ligne');
  });

  it('creates a network from its form; a participant badge is applied for from the network page', async () => {
    const agent = signedInAgent(p, region);
    expect((await agent.get(`/organizations/${regionSlug}/networks/new`)).statusCode).toBe(200);
    expect((await signedInAgent(p, cfa).get(`/organizations/${regionSlug}/networks/new`)).statusCode).toBe(404);
    const second = await createBadge(p, region, regionSlug, { name: 'Membre du réseau des tiers-lieux', description: 'x', criteria: { narrative: 'x' }, blason: { status: 'published' } });
    const bad = await agent.post(`/organizations/${regionSlug}/networks`, { name: '', participantBadge: second });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Donnez un nom au réseau.');
    const taken = await agent.post(`/organizations/${regionSlug}/networks`, { name: 'Doublon', participantBadge: participant });
    expect(taken.body).toContain('Ce badge est déjà le badge de participant d’un réseau.');
    const ok = await agent.post(`/organizations/${regionSlug}/networks`, { name: 'Tiers-lieux normands', participantBadge: second });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toMatch(/^\/networks\//);
    // The participant badge's page and apply link lead to the network's page.
    const badgePage = await signedInAgent(p, cfa).get(`/badges/${participant}`);
    expect(badgePage.body).toContain(`/networks/${network}#join`);
    const apply = await signedInAgent(p, cfa).get(`/badges/${participant}/apply`);
    expect(apply.statusCode).toBe(303);
    expect(apply.headers.location).toBe(`/networks/${network}#join`);
  });
});
