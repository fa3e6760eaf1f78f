import { describe, expect, it } from 'vitest';
import {
  type BadgeStatus,
  type Transition,
  isAwardable,
  nextStatus,
  normalizeSearch,
  renderCriteria,
  searchTextOf,
  searchWords,
  stableJson,
  stripChecklist,
  textsIn,
  validUntil,
} from '../../src/badges/badges';
import { achievementBodySchema } from '../../src/badges/badges.schemas';
import { applyPatch, currentBody, toDesign } from '../../src/badges/design';
import { achievementDocument, achievementInputOf } from '../../src/badges/document';
import { buildOpenBadgeCredential, signDataIntegrity, verifyCredential } from '../../src/credentials';
import { didKeyIssuer } from '../fixtures/credentials/issuer';

const BASE = 'https://blason.example';
const URL_ = `${BASE}/badges/abc123`;

/** The CFA label's "Ressources" badge (seed 002): validity 2 years, levels 1 to 3. */
const ressources = {
  name: 'Ressources pédagogiques numériques',
  description: 'Les ressources sont au format numérique.',
  criteria: { narrative: 'Le CFA met à disposition des ressources numériques.' },
  achievementType: 'Badge',
  tag: ['CFA', 'numérique'],
  resultDescription: [
    {
      name: 'Niveau',
      resultType: 'RubricCriterionLevel',
      rubricCriterionLevel: [
        { name: 'on lit, on regarde, on écoute', level: '1' },
        { name: 'ressource interactive, apprenant actif', level: '2' },
        { name: 'innovant : serious game, réalité virtuelle…', level: '3' },
      ],
    },
  ],
  'blason:translations': { en: { name: 'Digital learning resources', description: 'Resources are digital.' } },
  blason: { validity: { years: 2 }, status: 'published' as const },
};

describe('badge statuses', () => {
  it.each<[BadgeStatus, Transition, BadgeStatus | null]>([
    ['draft', 'publish', 'published'],
    ['draft', 'archive', null],
    ['draft', 'unarchive', null],
    ['published', 'publish', null],
    ['published', 'archive', 'archived'],
    ['published', 'unarchive', null],
    ['archived', 'publish', null],
    ['archived', 'archive', null],
    ['archived', 'unarchive', 'published'],
  ])('%s + %s → %s', (status, transition, next) => {
    expect(nextStatus(status, transition)).toBe(next);
  });

  it('awards only published badges', () => {
    expect([isAwardable({ status: 'draft' }), isAwardable({ status: 'published' }), isAwardable({ status: 'archived' })]).toEqual([false, true, false]);
  });
});

describe('validity', () => {
  it.each([
    ['2024-03-15T10:00:00Z', { years: 3 }, '2027-03-15T10:00:00.000Z'],
    ['2024-01-31T00:00:00Z', { months: 1 }, '2024-02-29T00:00:00.000Z'],
    ['2024-02-29T00:00:00Z', { years: 1 }, '2025-02-28T00:00:00.000Z'],
    ['2024-05-10T00:00:00Z', { months: 24 }, '2026-05-10T00:00:00.000Z'],
  ])('from %s with %j → %s', (from, validity, until) => {
    expect(validUntil(new Date(from), validity)?.toISOString()).toBe(until);
  });
  it('has no end without validity', () => expect(validUntil(new Date(), undefined)).toBeNull());
});

describe('checklist and search', () => {
  const attractivite = { items: ['vidéos de présentation des métiers', 'présentation des formations', 'réseaux sociaux'], threshold: 2 };

  it('renders the checklist into the narrative and strips it back', () => {
    const fr = renderCriteria('Les efforts de présentation.', attractivite, 'fr');
    expect(fr).toBe('Les efforts de présentation.\n\nCritères (au moins 2 sur 3) :\n- vidéos de présentation des métiers\n- présentation des formations\n- réseaux sociaux');
    expect(stripChecklist(fr)).toBe('Les efforts de présentation.');
    expect(renderCriteria('All.', { items: ['a', 'b'], threshold: 2 }, 'en')).toBe('All.\n\nCriteria (all required):\n- a\n- b');
    expect(stripChecklist('No checklist here.\n\n- a dash line')).toBe('No checklist here.\n\n- a dash line');
  });

  it('normalises names for accent-insensitive search', () => {
    expect(normalizeSearch('Référent(e)  Ingénierie MULTIMODALE')).toBe('referent(e) ingenierie multimodale');
    expect(normalizeSearch('Cœur d’Œuvre')).toBe('coeur d oeuvre');
    expect(searchWords('  ingenierie   Multimodale ')).toEqual(['ingenierie', 'multimodale']);
    const design = toDesign(achievementBodySchema.parse(ressources), URL_);
    expect(searchTextOf(design.achievement)).toBe('ressources pedagogiques numeriques | digital learning resources');
  });

  it('compares documents whatever the key order', () => {
    expect(stableJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe(stableJson({ a: [{ c: 3, d: 2 }], b: 1 }));
    expect(stableJson({ a: 1 })).not.toBe(stableJson({ a: 2 }));
  });
});

describe('design', () => {
  it('stores the Achievement with fragment ids, rendered criteria, translations and settings (top level or under "blason")', () => {
    const design = toDesign(achievementBodySchema.parse({ ...ressources, checklist: { items: ['a', 'b'] } }), URL_);
    expect(design.status).toBe('published');
    expect(design.settings).toEqual({ validity: { years: 2 }, checklist: { items: ['a', 'b'], threshold: 2 } });
    const a = design.achievement;
    expect(a.inLanguage).toBe('fr');
    expect(a.criteria.narrative).toBe('Le CFA met à disposition des ressources numériques.\n\nCritères (tous requis) :\n- a\n- b');
    expect(a.resultDescription?.[0]).toMatchObject({ id: '#levels', type: ['ResultDescription'], resultType: 'RubricCriterionLevel' });
    expect(a.resultDescription?.[0]?.rubricCriterionLevel?.map((l) => [l.id, l.level])).toEqual([['#level-1', '1'], ['#level-2', '2'], ['#level-3', '3']]);
    expect(a['blason:translations']?.en?.criteria.narrative).toBe('Le CFA met à disposition des ressources numériques.\n\nCriteria (all required):\n- a\n- b');
    expect(textsIn(a, 'en').name).toBe('Digital learning resources');
    expect(textsIn(a, 'fr').name).toBe('Ressources pédagogiques numériques');
  });

  it('keeps ids under the badge URL as fragments and refuses duplicates', () => {
    const body = achievementBodySchema.parse({
      ...ressources,
      resultDescription: [{ id: `${URL_}#niveaux`, name: 'N', resultType: 'RubricCriterionLevel', rubricCriterionLevel: [{ id: '#a', name: 'A' }, { id: '#a', name: 'B' }] }],
    });
    expect(() => toDesign(body, URL_)).toThrow(/validation/);
    const ok = toDesign(achievementBodySchema.parse({ ...ressources, resultDescription: [{ id: `${URL_}#niveaux`, name: 'N', resultType: 'Status' }] }), URL_);
    expect(ok.achievement.resultDescription?.[0]?.id).toBe('#niveaux');
  });

  it('patches: fields replace, null removes, translations merge per language, status cannot be patched', () => {
    const design = toDesign(achievementBodySchema.parse(ressources), URL_);
    const current = currentBody({ achievement: design.achievement, settings: design.settings });
    const merged = applyPatch(current, { blason: { validity: { months: 18 } }, tag: null, 'blason:translations': { en: { name: 'Resources', description: 'Digital.' } } });
    const next = toDesign(achievementBodySchema.parse(merged), URL_);
    expect(next.settings.validity).toEqual({ months: 18 });
    expect(next.achievement.tag).toBeUndefined();
    expect(next.achievement['blason:translations']?.en?.name).toBe('Resources');
    expect(next.achievement.name).toBe(ressources.name);
    expect(next.image).toEqual({ kind: 'keep' });
    expect(toDesign(achievementBodySchema.parse(applyPatch(current, { image: null })), URL_).image).toEqual({ kind: 'remove' });
    expect(() => applyPatch(current, { status: 'archived' })).toThrow(/validation/);
  });

  it('decodes data: URIs and refuses remote images', () => {
    const png = toDesign(achievementBodySchema.parse({ ...ressources, image: 'data:image/png;base64,iVBORw0KGgo=' }), URL_).image;
    expect(png.kind === 'upload' && png.bytes.subarray(1, 4).toString()).toBe('PNG');
    const svg = toDesign(achievementBodySchema.parse({ ...ressources, image: { id: 'data:image/svg+xml,%3Csvg%3E%3C/svg%3E', caption: 'Un blason' } }), URL_);
    expect(svg.image.kind === 'upload' && svg.image.bytes.toString()).toBe('<svg></svg>');
    expect(svg.achievement.image).toEqual({ type: 'Image', caption: 'Un blason' });
    expect(() => toDesign(achievementBodySchema.parse({ ...ressources, image: 'https://example.org/badge.png' }), URL_)).toThrow(/validation/);
  });
});

describe('the published Achievement', () => {
  const design = toDesign(achievementBodySchema.parse({ ...ressources, alignment: [{ type: 'Alignment', targetName: 'Créer des contenus numériques', targetUrl: 'http://data.europa.eu/esco/skill/0b5e4bb6-9a1c-4fef-a7a3-3fa6cd8a4d38', targetFramework: 'ESCO' }] }), URL_);
  const creator = { '@context': [], id: `${BASE}/organizations/region`, type: ['Profile'] as ['Profile'], name: 'Région Normandie' };
  const doc = achievementDocument({ baseUrl: BASE, publicId: 'abc123', version: 2, achievement: design.achievement, imageType: 'image/png', creator });

  it('has the OB 3.0 shape: context, id, type, creator, absolute level ids, image, language editions', () => {
    expect(doc['@context']).toEqual(['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json']);
    expect(doc).toMatchObject({ id: URL_, type: ['Achievement'], name: ressources.name, inLanguage: 'fr', version: '2', achievementType: 'Badge' });
    expect(doc.creator).toEqual({ id: `${BASE}/organizations/region`, type: ['Profile'], name: 'Région Normandie' });
    expect(doc.image).toEqual({ id: `${URL_}/image?v=2`, type: 'Image' });
    expect(doc.resultDescription?.[0]?.rubricCriterionLevel?.[0]?.id).toBe(`${URL_}#level-1`);
    expect(doc.related).toEqual([{ id: `${URL_}?lang=en`, type: ['Related'], inLanguage: 'en' }]);
    expect(doc.alignment?.[0]).toMatchObject({ type: ['Alignment'], targetFramework: 'ESCO' });
    const en = achievementDocument({ baseUrl: BASE, publicId: 'abc123', version: 2, achievement: design.achievement, imageType: null, language: 'en' });
    expect(en).toMatchObject({ id: `${URL_}?lang=en`, name: 'Digital learning resources', inLanguage: 'en', related: [{ id: URL_, inLanguage: 'fr' }] });
  });

  it('feeds the credentials core: the credential signs (JSON-LD safe mode) and verifies', async () => {
    const issuer = await didKeyIssuer();
    const embedded = achievementDocument({ baseUrl: BASE, publicId: 'abc123', version: 2, achievement: design.achievement, imageType: 'image/png', creator, embedded: true });
    expect(embedded['@context']).toBeUndefined();
    const credential = buildOpenBadgeCredential({
      id: 'urn:uuid:5f0c7a56-3a59-4d0a-9d35-0a6f5c1f6a11',
      issuer: { id: issuer.did, name: creator.name },
      validFrom: '2025-01-01T00:00:00Z',
      recipient: { email: 'cfa@example.org', salt: 'x' },
      achievement: achievementInputOf(embedded),
      results: [{ resultDescription: `${URL_}#levels`, achievedLevel: `${URL_}#level-2` }],
    });
    expect(credential.credentialSubject.achievement).toMatchObject({ id: URL_, version: '2', inLanguage: 'fr', related: [{ inLanguage: 'en' }] });
    const signed = await signDataIntegrity(credential, { key: issuer.key, documentLoader: issuer.loader() });
    const result = await verifyCredential(signed, { documentLoader: issuer.loader(), now: new Date('2025-06-01') });
    expect(result.checks.filter((check) => !check.passed)).toEqual([]);
  });
});
