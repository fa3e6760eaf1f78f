// Issuer-side reports (issue 6): per badge, per month, applications, offers, members of the
// network an organisation runs, and the competence map — page, CSV and API; for its staff only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { competenceMap, lastMonths } from '../../src/reports/reports';
import { apiOf, award, createBadge, createOrganization } from '../helpers/awards';
import { type TestPlatform, testPlatform } from '../helpers/platform';
import { type TestUser, createTestUser, signedInAgent } from '../helpers/users';

describe('the competence map and months (pure)', () => {
  it('counts distinct holders per alignment and tag, most held first', () => {
    const map = competenceMap(
      [
        { id: '1', name: 'A', alignments: ['Communiquer'], tags: ['oral'] },
        { id: '2', name: 'B', alignments: ['communiquer '], tags: [] },
        { id: '3', name: 'C', alignments: [], tags: ['écrit'] },
      ],
      new Map([
        ['1', new Set(['x', 'y'])],
        ['2', new Set(['y', 'z'])],
      ]),
    );
    expect(map).toEqual([
      { name: 'Communiquer', kind: 'alignment', badges: ['A', 'B'], holders: 3 },
      { name: 'oral', kind: 'tag', badges: ['A'], holders: 2 },
      { name: 'écrit', kind: 'tag', badges: ['C'], holders: 0 },
    ]);
  });
  it('lists the last months, oldest first, across a year', () => {
    expect(lastMonths(new Date('2026-02-10T00:00:00Z'), 4)).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });
});

describe('reports', () => {
  let p: TestPlatform;
  let owner: TestUser;
  let stranger: TestUser;
  let slug = '';
  const api = () => apiOf(p);

  beforeAll(async () => {
    p = await testPlatform();
    owner = await createTestUser(p, { email: 'programme@region.example' });
    stranger = await createTestUser(p, { email: 'curieux@ailleurs.example' });
    const applicant = await createTestUser(p, { email: 'zoe@cfa.example' });
    slug = await createOrganization(p, owner, 'Région Normandie');
    const a = await createBadge(p, owner, slug, {
      name: 'Communiquer',
      description: 'x',
      criteria: { narrative: 'x' },
      tag: ['communication'],
      alignment: [{ targetName: 'Communiquer à l’oral', targetUrl: 'https://example.org/ref/oral' }],
      blason: { status: 'published' },
    });
    const b = await createBadge(p, owner, slug, { name: 'Organiser', description: 'x', criteria: { narrative: 'x' }, tag: ['communication'], blason: { status: 'published', validity: { months: 1 } } });
    await award(p, owner, a, { recipient: { email: 'ada@cfa.example' } });
    await award(p, owner, a, { recipient: { email: 'bob@cfa.example' } });
    const revoked = await award(p, owner, a, { recipient: { email: 'eve@cfa.example' } });
    expect((await api()(owner, 'POST', `/credentials/${revoked.id}/revoke`, { reason: 'Erreur.' })).statusCode).toBe(200);
    await award(p, owner, b, { recipient: { email: 'bob@cfa.example' } });
    expect((await api()(applicant, 'POST', `/badges/${b}/applications`, { narrative: 'Je demande.', submit: true })).statusCode).toBe(201);
    // A network the Region runs, with one member organisation and its badge.
    const memberOwner = await createTestUser(p, { email: 'direction@mfr.example' });
    const member = await createOrganization(p, memberOwner, 'MFR de Vire');
    const c = await createBadge(p, memberOwner, member, { name: 'Oser parler', description: 'x', criteria: { narrative: 'x' }, tag: ['communication'], blason: { status: 'published' } });
    await award(p, memberOwner, c, { recipient: { email: 'zoe@cfa.example' } });
    const participant = await createBadge(p, owner, slug, { name: 'Participant', description: 'x', criteria: { narrative: 'x' }, blason: { status: 'published' } });
    expect((await api()(owner, 'POST', `/organizations/${slug}/networks`, { name: 'Réseau', participantBadge: participant })).statusCode).toBe(201);
    const network = await p.deps.db.selectFrom('networks').select('id').executeTakeFirstOrThrow();
    const memberId = (await p.deps.db.selectFrom('organizations').select('id').where('slug', '=', member).executeTakeFirstOrThrow()).id;
    await p.deps.db.insertInto('network_members').values({ network_id: network.id, organization_id: memberId, application_id: null, joined_at: new Date() }).execute();
  });
  afterAll(async () => {
    await p.close();
  });

  it('gives the figures through the API, for the organisation’s staff only', async () => {
    expect((await api()(stranger, 'GET', `/organizations/${slug}/reports`)).statusCode).toBe(403);
    const r = (await api()(owner, 'GET', `/organizations/${slug}/reports`)).json();
    const line = (name: string) => r.badges.find((b: { name: string }) => b.name === name);
    expect(line('Communiquer')).toMatchObject({ holders: 2, issued: 3, expiring: 0, pending: 0 });
    expect(line('Organiser')).toMatchObject({ holders: 1, issued: 1, expiring: 1, pending: 1 });
    expect(line('Oser parler')).toMatchObject({ organization: 'MFR de Vire', holders: 1 });
    expect(r.months).toHaveLength(12);
    expect(r.months[11].count).toBe(4);
    expect(r.applications).toMatchObject({ pending: 1, oldestPendingDays: 0, decided: 0, averageDecisionDays: null });
    expect(r.members).toEqual([{ slug: expect.any(String), name: 'MFR de Vire', badges: 1, issued: 1, pending: 0 }]);
    expect(r.competences).toEqual([
      { name: 'communication', kind: 'tag', badges: ['Communiquer', 'Organiser', 'Oser parler'], holders: 3 },
      { name: 'Communiquer à l’oral', kind: 'alignment', badges: ['Communiquer'], holders: 2 },
    ]);
  });

  it('shows the page with its chart and tables, each table as CSV', async () => {
    const agent = signedInAgent(p, owner);
    const page = await agent.get(`/organizations/${slug}/reports`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Cartographie des compétences');
    expect(page.body).toContain('role="img"');
    expect(page.body).toContain('Organisations membres de vos réseaux');
    const csv = await agent.get(`/organizations/${slug}/reports.csv?table=competences`);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.body.replace('\ufeff', '').split('\n')[0]).toBe('Compétence,Titulaires,Badges');
    expect(csv.body).toContain('communication,3,"Communiquer, Organiser, Oser parler"');
    expect((await agent.get(`/organizations/${slug}/reports.csv?table=nope`)).statusCode).toBe(400);
    expect((await signedInAgent(p, stranger).get(`/organizations/${slug}/reports`)).statusCode).toBe(403);
  });

  it('draws awards per month, holders per badge and the competence map as accessible SVG bar charts, in French and in English', async () => {
    /** The chart's name and its bars (label, value), read from the page. */
    const chart = (html: string, id: string) => {
      const svg = new RegExp(`<svg id="${id}"[^>]*>([\\s\\S]*?)</svg>`).exec(html);
      expect(svg, id).not.toBeNull();
      expect(svg![0]).toMatch(new RegExp(`role="img" aria-labelledby="${id}-title ${id}-desc"`));
      return {
        title: new RegExp(`<title id="${id}-title">([^<]*)</title>`).exec(svg![1]!)?.[1],
        bars: [...svg![1]!.matchAll(/data-label="([^"]*)" data-value="(\d+)"/g)].map((m) => [m[1], Number(m[2])]),
      };
    };
    const agent = signedInAgent(p, owner);
    const fr = (await agent.get(`/organizations/${slug}/reports`)).body;
    const months = chart(fr, 'chart-months');
    expect(months.title).toBe('Histogramme des badges attribués sur les 12 derniers mois');
    expect(months.bars).toHaveLength(12);
    expect(months.bars.at(-1)).toEqual([p.deps.clock.now().toISOString().slice(0, 7), 4]);
    const holders = chart(fr, 'chart-holders');
    expect(holders.title).toBe('Diagramme en barres des titulaires actuels par badge (4 badge(s) les plus détenus)');
    expect(holders.bars).toEqual([
      ['Communiquer', 2],
      ['Organiser', 1],
      ['Oser parler', 1],
      ['Participant', 0],
    ]);
    expect(chart(fr, 'chart-competences').bars).toEqual([
      ['communication', 3],
      ['Communiquer à l’oral', 2],
    ]);
    // The tables stay, as the charts' accessible equivalent.
    expect(fr).toMatch(/<table id="report-badges">/);
    expect(fr).toMatch(/<table id="report-competences">/);

    await p.deps.db.updateTable('users').set({ locale: 'en' }).where('id', '=', owner.id).execute();
    try {
      const en = (await agent.get(`/organizations/${slug}/reports`)).body;
      expect(chart(en, 'chart-holders').title).toBe('Bar chart of the current holders per badge (the 4 most held)');
      expect(chart(en, 'chart-competences').title).toBe('Bar chart of the holders per competence (the 2 most held)');
      expect(en).toContain('<desc id="chart-months-desc">The same figures are in the table that follows.</desc>');
    } finally {
      await p.deps.db.updateTable('users').set({ locale: 'fr' }).where('id', '=', owner.id).execute();
    }
  });
});
