import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getBadgeVersion } from '../../src/badges/badges.service';
import type { FormAgent } from '../helpers/forms';
import { type TestPlatform, testPlatform } from '../helpers/platform';
import { type TestUser, bearer, createTestUser, signedInAgent } from '../helpers/users';

const MAX_UPLOAD = 50_000;

/** The CFA label's "Attractivité" badge (seed 002): a checklist with a threshold, 1 year of validity. */
const attractivite = {
  name_fr: 'Attractivité, infos, communication',
  name_en: 'Attractiveness, information, communication',
  description_fr: 'Les efforts pour présenter les métiers, les formations et le cadre de vie au-delà du site internet.',
  description_en: 'Efforts to present trades, courses and life at the CFA beyond the web site.',
  criteria_fr: 'Le CFA présente ses actions de communication au comité.',
  criteria_en: '',
  checklist: 'vidéos de présentation des métiers\nprésentation des formations\nvidéos de présentation du CFA\nvidéos faites par les apprentis\nréseaux sociaux',
  threshold: '2',
  levels: '',
  validity_value: '1',
  validity_unit: 'years',
  tags: 'label CFA, communication',
  alignments: 'Communiquer | https://example.org/region/communiquer | La Normandie badge les compétences',
  achievementType: 'Badge',
  evidence_types: ['application/pdf', 'video/mp4'],
  evidence_max_kb: '40',
  evidence_max_count: '3',
  image_caption: '',
};

function multipart(parts: { name: string; filename?: string; type?: string; data: Buffer | string }[]) {
  const boundary = `----blason${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename !== undefined ? `; filename="${part.filename}"` : ''}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${part.type ? `Content-Type: ${part.type}\r\n` : ''}\r\n`), Buffer.from(part.data), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('badge pages', () => {
  let p: TestPlatform;
  let owner: TestUser;
  let reviewer: TestUser;
  let stranger: TestUser;
  let agent: FormAgent;
  const slug = 'region-normandie';
  let badgeId = '';

  /** Posts the badge form as a browser does: multipart, CSRF token in the action URL. */
  async function postMultipart(page: string, action: string, fields: Record<string, string | string[]>, file?: { data: Buffer | string; filename: string; type: string }) {
    await agent.get(page);
    const parts = Object.entries(fields).flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((data) => ({ name, data })));
    const body = multipart([...parts, { name: 'image', filename: file?.filename ?? '', type: file?.type ?? 'application/octet-stream', data: file?.data ?? '' }]);
    const cookie = [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return p.app.inject({ method: 'POST', url: `${action}?_csrf=${encodeURIComponent(agent.csrf ?? '')}`, headers: { ...body.headers, cookie }, payload: body.payload });
  }

  beforeAll(async () => {
    p = await testPlatform({ env: { MAX_UPLOAD_BYTES: String(MAX_UPLOAD) } });
    owner = await createTestUser(p, { email: 'owner@normandie.example' });
    reviewer = await createTestUser(p, { email: 'reviewer@normandie.example' });
    stranger = await createTestUser(p, { email: 'stranger@else.example' });
    const res = await p.app.inject({ method: 'POST', url: '/api/v1/organizations', headers: bearer(owner), payload: { name: 'Région Normandie' } });
    expect(res.json().slug).toBe(slug);
    const org = await p.deps.db.selectFrom('organizations').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
    await p.deps.db.insertInto('memberships').values({ organization_id: org.id, user_id: reviewer.id, roles: ['reviewer'] }).execute();
    agent = signedInAgent(p, owner);
  });
  afterAll(async () => {
    await p.close();
  });

  it('shows the design form to designers only', async () => {
    const page = await agent.get(`/organizations/${slug}/badges/new`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('enctype="multipart/form-data"');
    for (const field of ['name_fr', 'name_en', 'description_fr', 'criteria_fr', 'checklist', 'threshold', 'levels', 'validity_value', 'tags', 'alignments', 'achievementType', 'image', 'image_caption'])
      expect(page.body).toContain(`id="f-${field}"`);
    expect((await signedInAgent(p, reviewer).get(`/organizations/${slug}/badges/new`)).statusCode).toBe(403);
    expect((await signedInAgent(p, stranger).get(`/organizations/${slug}/badges/new`)).statusCode).toBe(403);
    expect((await p.app.inject({ url: `/organizations/${slug}/badges/new` })).headers.location).toMatch(/^\/signin/);
  });

  it('shows errors next to the fields and in the summary, and creates nothing', async () => {
    await agent.get(`/organizations/${slug}/badges/new`);
    const res = await agent.post(`/organizations/${slug}/badges`, { ...attractivite, name_fr: '', threshold: '9', alignments: 'Communiquer | pas-une-adresse', validity_value: 'deux' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('class="error-summary"');
    expect(res.body).toMatch(/id="f-name_fr-error">Ce champ est obligatoire\./);
    expect(res.body).toMatch(/id="f-threshold-error">Le seuil doit être compris entre 1 et le nombre de critères\./);
    expect(res.body).toMatch(/id="f-alignments-error">Saisissez une adresse web valide/);
    expect(res.body).toContain('id="f-validity_value-error"');
    expect(res.body).toContain('réseaux sociaux'); // what was typed is kept
    expect(await p.deps.db.selectFrom('badges').select('id').execute()).toEqual([]);
  });

  it('creates a draft from the form and shows it', async () => {
    await agent.get(`/organizations/${slug}/badges/new`);
    const res = await agent.post(`/organizations/${slug}/badges`, attractivite);
    expect(res.statusCode).toBe(303);
    badgeId = String(res.headers.location).replace('/badges/', '');
    const page = await agent.follow(res);
    expect(page.body).toContain('Badge créé (brouillon).');
    expect(page.body).toContain('<h1 style="margin-top:.5rem">Attractivité, infos, communication</h1>');
    expect(page.body).toContain('Le badge est attribué quand au moins 2 des 5 critères suivants sont remplis :');
    expect(page.body).toContain('<li>vidéos faites par les apprentis</li>');
    expect(page.body).toContain('1 an(s)');
    expect(page.body).toContain('href="https://example.org/region/communiquer"');
    expect(page.body).toContain('application/pdf, video/mp4 — 40 Ko au plus par fichier — 3 fichier(s) au plus');
    expect(page.body).toContain('>Brouillon</span>');
    expect(page.body).toContain(`action="/badges/${badgeId}/publish"`);
    expect((await p.app.inject({ url: `/badges/${badgeId}` })).statusCode).toBe(404); // a draft, for members only
  });

  it('uploads an SVG image with the form, sanitised, with its alternative text', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#1b3a8a"/><script>alert(1)</script></svg>';
    const fields = { ...attractivite, image_caption: 'Un mégaphone bleu' };
    const res = await postMultipart(`/badges/${badgeId}/edit`, `/badges/${badgeId}/edit`, fields, { data: svg, filename: 'badge.svg', type: 'image/svg+xml' });
    expect(res.statusCode).toBe(303);
    const page = await agent.get(`/badges/${badgeId}`);
    expect(page.body).toContain(`src="/badges/${badgeId}/image?v=1" alt="Un mégaphone bleu"`);
    const image = await agent.get(`/badges/${badgeId}/image?v=1`);
    expect(image.headers['content-type']).toBe('image/svg+xml');
    expect(image.body).toContain('<rect width="10" height="10" fill="#1b3a8a"/>');
    expect(image.body).not.toContain('script');
    expect((await p.app.inject({ url: `/badges/${badgeId}/image` })).statusCode).toBe(404); // draft image: members only
  });

  it('refuses a too large or non-image file next to the image field, keeping the other fields', async () => {
    const big = await postMultipart(`/badges/${badgeId}/edit`, `/badges/${badgeId}/edit`, attractivite, { data: randomBytes(MAX_UPLOAD + 10), filename: 'big.png', type: 'image/png' });
    expect(big.statusCode).toBe(413);
    expect(big.body).toMatch(/id="f-image-error">L’image dépasse 48 Ko\./);
    expect(big.body).toContain('Attractivité, infos, communication');
    const pdf = await postMultipart(`/badges/${badgeId}/edit`, `/badges/${badgeId}/edit`, attractivite, { data: '%PDF-1.4', filename: 'badge.png', type: 'image/png' });
    expect(pdf.statusCode).toBe(400);
    expect(pdf.body).toContain('id="f-image-error"');
    expect((await getBadgeVersion(p.deps, badgeId, 1)).imageType).toBe('image/svg+xml');
  });

  it('publishes; the badge appears on the organisation page and in the catalogue', async () => {
    await agent.get(`/badges/${badgeId}`);
    const res = await agent.post(`/badges/${badgeId}/publish`, {});
    expect(res.statusCode).toBe(303);
    expect((await agent.follow(res)).body).toContain('Badge publié.');
    const orgPage = await p.app.inject({ url: `/organizations/${slug}` });
    expect(orgPage.body).toContain('id="org-badges-heading"');
    expect(orgPage.body).toContain(`href="/badges/${badgeId}"`);
    const catalogue = await p.app.inject({ url: '/badges?q=attractivite' });
    expect(catalogue.body).toContain('Attractivité, infos, communication');
    const english = await p.app.inject({ url: `/badges/${badgeId}`, headers: { 'accept-language': 'en' } });
    expect(english.body).toContain('Attractiveness, information, communication');
    expect(english.body).toContain('The badge is awarded when at least 2 of the following 5 criteria are met:');
    const list = await signedInAgent(p, reviewer).get(`/organizations/${slug}/badges`);
    expect(list.body).toContain('>Publié</span>');
    expect(list.body).not.toContain('Créer un badge');
  });

  it('edits a published badge as version 2 from the form; version 1 is kept', async () => {
    const form = await agent.get(`/badges/${badgeId}/edit`);
    expect(form.body).toContain('vos modifications en feront la version 2');
    expect(form.body).toContain('vidéos faites par les apprentis\nréseaux sociaux</textarea>');
    expect(form.body).toContain('name="criteria_en" aria-describedby="f-criteria_en-hint" rows="4"></textarea>'); // no English narrative was given: the field stays empty
    const res = await agent.post(`/badges/${badgeId}/edit`, { ...attractivite, threshold: '3', image_caption: 'Un mégaphone bleu' });
    expect(res.statusCode).toBe(303);
    const page = await agent.follow(res);
    expect(page.body).toContain('au moins 3 des 5 critères');
    expect(page.body).toContain(`/badges/${badgeId}/image?v=2`);
    expect((await getBadgeVersion(p.deps, badgeId, 1)).achievement.criteria.narrative).toContain('au moins 2 sur 5');
    expect((await getBadgeVersion(p.deps, badgeId, 2)).achievement.criteria.narrative).toContain('au moins 3 sur 5');
    expect((await signedInAgent(p, reviewer).get(`/badges/${badgeId}/edit`)).statusCode).toBe(403);
  });

  it('archives and publishes again with the buttons', async () => {
    await agent.get(`/badges/${badgeId}`);
    expect((await agent.post(`/badges/${badgeId}/archive`, {})).statusCode).toBe(303);
    const archived = await p.app.inject({ url: `/badges/${badgeId}` });
    expect(archived.body).toContain('Ce badge est archivé');
    expect((await p.app.inject({ url: '/badges?q=attractivite' })).body).toContain('Aucun badge ne correspond.');
    await agent.get(`/badges/${badgeId}`);
    expect((await agent.post(`/badges/${badgeId}/unarchive`, {})).statusCode).toBe(303);
    await agent.get(`/badges/${badgeId}`);
    const again = await agent.post(`/badges/${badgeId}/unarchive`, {});
    expect(again.statusCode).toBe(409);
  });

  it('sets a label’s award rule from the form: errors next to the fields, then the rule on the badge page', async () => {
    const parts: string[] = [];
    for (const name of ['Prospection', 'Tutorat', 'Espaces']) {
      const res = await p.app.inject({
        method: 'POST',
        url: `/api/v1/organizations/${slug}/badges`,
        headers: bearer(owner),
        payload: { name, description: `Badge ${name}.`, criteria: { narrative: 'Critères.' }, blason: { status: 'published' } },
      });
      parts.push(res.json().id);
    }
    const form = await agent.get(`/organizations/${slug}/badges/new`);
    for (const id of parts) expect(form.body).toContain(`name="rule_mandatory" value="${id}"`);
    const label = { ...attractivite, name_fr: 'CFA numérique normand', checklist: '', threshold: '', rule_mandatory: [parts[0]!], rule_group: [parts[1]!, parts[2]!] };
    const wrong = await agent.post(`/organizations/${slug}/badges`, { ...label, rule_group_count: '3' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toMatch(/id="f-rule_group_count-error">Le nombre demandé dépasse le nombre de badges du groupe\./);
    expect(wrong.body).toMatch(new RegExp(`name="rule_group" value="${parts[1]}" checked`)); // what was ticked is kept
    const res = await agent.post(`/organizations/${slug}/badges`, { ...label, rule_group_count: '1' });
    expect(res.statusCode, res.body).toBe(303);
    const id = String(res.headers.location).replace('/badges/', '');
    const stored = await p.deps.db.selectFrom('badges').select('settings').where('public_id', '=', id).executeTakeFirstOrThrow();
    expect((stored.settings as { awardRule: unknown }).awardRule).toEqual({ mandatory: [parts[0]], groups: [{ of: [parts[1], parts[2]], count: 1 }] });
    const page = (await agent.follow(res)).body;
    expect(page).toContain('Décerné automatiquement');
    expect(page).toContain(`Détenir : <span><a href="/badges/${parts[0]}">Prospection</a></span>.`);
    expect(page).toMatch(/Au moins 1 parmi : .*Tutorat.*Espaces/);
    // The edit form shows the rule; unticking everything removes it.
    const edit = await agent.get(`/badges/${id}/edit`);
    expect(edit.body).toMatch(new RegExp(`name="rule_mandatory" value="${parts[0]}" checked`));
    expect(edit.body).not.toContain(`value="${id}"`); // not a part of itself
    const cleared = await agent.post(`/badges/${id}/edit`, { ...label, rule_mandatory: [], rule_group: [] });
    expect(cleared.statusCode, cleared.body).toBe(303);
    const after = await p.deps.db.selectFrom('badges').select('settings').where('public_id', '=', id).executeTakeFirstOrThrow();
    expect((after.settings as { awardRule?: unknown }).awardRule).toBeUndefined();
  });
});
