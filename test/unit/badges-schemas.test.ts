import { describe, expect, it } from 'vitest';
import { achievementBodySchema } from '../../src/badges/badges.schemas';
import { type Badge } from '../../src/badges/badges';
import { toDesign } from '../../src/badges/design';
import { badgeFormValues, fieldOf, formErrors, formToBody } from '../../src/badges/forms';
import { AppError } from '../../src/errors';
import { translator } from '../../src/i18n';
import { parseInput } from '../../src/platform/validate';
import { translateFields } from '../../src/web/render';

/** Communotic's "Ingénierie multimodale" badge (seed 000). */
const good = {
  name: 'Référent(e) ingénierie multimodale',
  description: 'Rédige le parcours de formation en prenant en compte l’ensemble des modalités possibles.',
  criteria: { narrative: 'Présenter un parcours multimodal conçu et mis en œuvre.' },
};

function errorsOf(body: unknown, locale: 'fr' | 'en' = 'fr'): Record<string, string> {
  try {
    parseInput(achievementBodySchema, body);
  } catch (error) {
    if (error instanceof AppError) return translateFields(translator(locale), error.fields);
    throw error;
  }
  return {};
}

describe('badge body validation', () => {
  it.each([
    ['the minimal badge', good],
    ['a full badge', {
      ...good,
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['Achievement'],
      inLanguage: 'fr',
      achievementType: 'ext:Referentiel',
      tag: ['multimodalité'],
      alignment: [{ type: ['Alignment'], targetName: 'Concevoir des parcours', targetUrl: 'http://data.europa.eu/esco/skill/x', targetType: 'ceasn:Competency' }],
      resultDescription: [{ name: 'Niveau', resultType: 'RubricCriterionLevel', rubricCriterionLevel: [{ name: 'Je pratique', level: 'I' }, { name: 'Je maîtrise', level: 'II' }] }],
      'blason:translations': { en: { name: 'Multimodal design lead', description: 'Designs training paths.' } },
      validity: { months: 24 },
      evidence: { types: ['application/pdf', 'IMAGE/PNG'], maxBytes: 1_000_000, maxCount: 3 },
      checklist: { items: ['a', 'b', 'c'], threshold: 2 },
      review: { mode: 'holders', quorum: 2 },
      awardRule: { mandatory: ['ingenierie'], groups: [{ of: ['outils', 'creation', 'mediation'], count: 2 }] },
      status: 'published',
    }],
  ])('accepts %s', (_name, body) => {
    expect(errorsOf(body)).toEqual({});
  });

  it.each<[string, unknown, Record<string, string>]>([
    ['an empty body', {}, { name: 'Ce champ est obligatoire.', description: 'Ce champ est obligatoire.', criteria: 'Ce champ est obligatoire.' }],
    ['a blank name', { ...good, name: '   ' }, { name: 'Ce champ est obligatoire.' }],
    ['a too long name', { ...good, name: 'x'.repeat(201) }, { name: 'Saisissez au plus 200 caractères.' }],
    ['no narrative', { ...good, criteria: {} }, { 'criteria.narrative': 'Ce champ est obligatoire.' }],
    ['an unknown achievement type', { ...good, achievementType: 'Trophy' }, { achievementType: 'Type de badge inconnu (les extensions commencent par « ext: »).' }],
    ['a wrong type', { ...good, type: 'Profile' }, { type: 'Ce type ne correspond pas à l’objet.' }],
    ['a language other than fr/en', { ...good, inLanguage: 'de' }, { inLanguage: 'La langue doit être « fr » ou « en ».' }],
    ['an alignment without URL', { ...good, alignment: [{ targetName: 'ESCO' }] }, { 'alignment.0.targetUrl': 'Ce champ est obligatoire.' }],
    ['an alignment to javascript:', { ...good, alignment: [{ targetName: 'x', targetUrl: 'javascript:alert(1)' }] }, { 'alignment.0.targetUrl': 'Saisissez une adresse web valide (https://…).' }],
    ['rubric levels missing', { ...good, resultDescription: [{ name: 'Niveau', resultType: 'RubricCriterionLevel' }] }, { 'resultDescription.0.rubricCriterionLevel': 'Indiquez au moins un niveau.' }],
    ['an unknown result type', { ...good, resultDescription: [{ name: 'Note', resultType: 'Stars' }] }, { 'resultDescription.0.resultType': 'Type de résultat inconnu (les extensions commencent par « ext: »).' }],
    ['a level id with spaces', { ...good, resultDescription: [{ name: 'N', resultType: 'RubricCriterionLevel', rubricCriterionLevel: [{ id: 'level one', name: 'A' }] }] }, { 'resultDescription.0.rubricCriterionLevel.0.id': 'Un identifiant est un fragment (#niveau-1) ou une adresse absolue.' }],
    ['validity in months and years', { ...good, validity: { months: 6, years: 1 } }, { validity: 'Indiquez une durée en mois ou en années.' }],
    ['validity of zero years', { ...good, blason: { validity: { years: 0 } } }, { 'blason.validity.years': 'Cette valeur est invalide.' }],
    ['a bad evidence type', { ...good, evidence: { types: ['pdf'] } }, { 'evidence.types.0': 'Un type de fichier ressemble à « application/pdf » ou « image/png ».' }],
    ['a threshold above the items', { ...good, checklist: { items: ['a', 'b'], threshold: 3 } }, { 'checklist.threshold': 'Le seuil doit être compris entre 1 et le nombre de critères.' }],
    ['an empty checklist', { ...good, checklist: { items: [] } }, { 'checklist.items': 'Indiquez au moins un critère.' }],
    ['an archived status at creation', { ...good, status: 'archived' }, { status: 'Choisissez une des valeurs proposées.' }],
    ['a half translation', { ...good, 'blason:translations': { en: { name: 'Only a name' } } }, { 'blason:translations.en.description': 'Ce champ est obligatoire.' }],
  ])('refuses %s', (_name, body, expected) => {
    expect(errorsOf(body)).toEqual(expected);
  });

  it('keeps other modules\' settings only when they are JSON objects', () => {
    expect(Object.keys(errorsOf({ ...good, review: [1, 2], awardRule: 'all' }))).toEqual(['review', 'awardRule']);
  });

  it('translates the errors into English', () => {
    expect(errorsOf({ ...good, checklist: { items: ['a'], threshold: 2 } }, 'en')).toEqual({
      'checklist.threshold': 'The threshold must be between 1 and the number of criteria.',
    });
  });
});

describe('badge form', () => {
  const values = {
    name_fr: 'Communiquer', name_en: 'Communicate',
    description_fr: 'Badge régional.', description_en: 'Regional badge.',
    criteria_fr: 'Montrer une situation de communication.', criteria_en: '',
    checklist: 'oral\nécrit', threshold: '1',
    levels: 'I | Je pratique | Interagir avec autrui de manière adaptée.\nII | Je maîtrise',
    validity_value: '3', validity_unit: 'years',
    tags: 'région, compétences transversales',
    alignments: 'Communiquer | https://example.org/referentiel#communiquer | Région | C1',
    achievementType: 'Competency',
    evidence_types: ['application/pdf'], evidence_max_kb: '500', evidence_max_count: '2',
    image_caption: 'Bulle de dialogue',
  };

  it('becomes an API body, and a stored badge becomes the same form again', () => {
    const body = formToBody({ ...values, checklist: 'oral\n\n écrit \n', tags: 'région, compétences transversales, ' }, 'fr', { patch: false });
    expect(body).toMatchObject({
      name: 'Communiquer',
      checklist: { items: ['oral', 'écrit'], threshold: 1 },
      validity: { years: 3 },
      tag: ['région', 'compétences transversales'],
      alignment: [{ targetName: 'Communiquer', targetUrl: 'https://example.org/referentiel#communiquer', targetFramework: 'Région', targetCode: 'C1' }],
      evidence: { types: ['application/pdf'], maxBytes: 512_000, maxCount: 2 },
      'blason:translations': { en: { name: 'Communicate', description: 'Regional badge.' } },
    });
    const design = toDesign(achievementBodySchema.parse(body), 'https://b.example/badges/x');
    const badge = { achievement: design.achievement, settings: design.settings } as Badge;
    expect(badgeFormValues(badge)).toMatchObject(values);
  });

  it('sends cleared fields as null when editing', () => {
    const body = formToBody({ name_fr: 'A', description_fr: 'B', criteria_fr: 'C' }, 'fr', { patch: true });
    expect(body).toMatchObject({ checklist: null, validity: null, tag: null, alignment: null, achievementType: null, evidence: null, resultDescription: null, 'blason:translations': { en: null } });
  });

  it('shows each body error next to its form field', () => {
    expect(fieldOf('blason:translations.en.description', 'fr')).toBe('description_en');
    expect(fieldOf('resultDescription.0.rubricCriterionLevel.1.name', 'fr')).toBe('levels');
    expect(fieldOf('validity', 'fr')).toBe('validity_value');
    expect(fieldOf('evidence.maxBytes', 'fr')).toBe('evidence_max_kb');
    expect(fieldOf('checklist.threshold', 'fr')).toBe('threshold');
    expect(formErrors({ 'alignment.0.targetUrl': { key: 'validation.url' }, 'alignment.1.targetName': { key: 'validation.required' } }, 'fr')).toEqual({
      alignments: { key: 'validation.url' },
    });
  });
});
