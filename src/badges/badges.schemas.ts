// The public contract of a badge design: an OB 3.0 Achievement JSON plus optional Blason settings,
// given either at the top level or under `"blason": {…}`. Shapes only (no transforms), so that a body
// can be validated by the API route and again by the service that pages and the CLI share.
import { z } from 'zod';
import { reviewPolicySchema } from '../applications/applications';
import { awardRuleSchema } from '../rules/award-rule';
import { ACHIEVEMENT_TYPES, EXTENSION_TERM, RESULT_TYPES, TRANSLATIONS_KEY } from './badges';

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).optional();

/** `type` of an OB object: the class name, alone or in an array. */
const typeOf = (name: string) =>
  z
    .union([z.string(), z.array(z.string())])
    .refine((v) => (Array.isArray(v) ? v.includes(name) : v === name), 'badges.type.invalid')
    .optional();

/** Ids inside the design: a fragment (`#level-1`, resolved against the badge's URL) or an absolute URI. */
const idSchema = z
  .string()
  .trim()
  .regex(/^(#[A-Za-z0-9._~-]{1,100}|[a-z][a-z0-9+.-]*:[^\s]{1,500})$/i, 'badges.id.invalid');

const httpUrl = z.url({ protocol: /^https?$/, hostname: z.regexes.domain }).max(2000);

const extensible = (values: readonly string[], message: string) =>
  z
    .string()
    .trim()
    .refine((v) => values.includes(v) || EXTENSION_TERM.test(v), message);

export const ALIGNMENT_TARGET_TYPES = [
  'ceasn:Competency', 'ceterms:Credential', 'CFItem', 'CFRubric', 'CFRubricCriterion', 'CFRubricCriterionLevel', 'CTDL',
] as const;

export const alignmentSchema = z.object({
  type: typeOf('Alignment'),
  targetName: text(200),
  targetUrl: httpUrl,
  targetDescription: optionalText(2000),
  targetFramework: optionalText(200),
  targetCode: optionalText(100),
  targetType: extensible(ALIGNMENT_TARGET_TYPES, 'badges.alignment.targetType').optional(),
});

export const levelSchema = z.object({
  id: idSchema.optional(),
  type: typeOf('RubricCriterionLevel'),
  name: text(200),
  description: optionalText(2000),
  level: optionalText(50),
});

export const resultDescriptionSchema = z
  .object({
    id: idSchema.optional(),
    type: typeOf('ResultDescription'),
    name: text(200),
    resultType: extensible(RESULT_TYPES, 'badges.resultType.invalid'),
    allowedValue: z.array(text(200)).max(50).optional(),
    requiredLevel: idSchema.optional(),
    requiredValue: optionalText(200),
    rubricCriterionLevel: z.array(levelSchema).min(1).max(20).optional(),
    valueMin: optionalText(50),
    valueMax: optionalText(50),
  })
  .superRefine((rd, ctx) => {
    if (rd.resultType === 'RubricCriterionLevel' && !rd.rubricCriterionLevel?.length)
      ctx.addIssue({ code: 'custom', path: ['rubricCriterionLevel'], message: 'badges.levels.required' });
  });

/** An OB 3.0 Image: a `data:` URI (PNG or SVG), as a string or as `{id, type: "Image", caption}`. */
export const imageSchema = z.union([
  z.string().trim().min(1),
  z.object({ id: z.string().trim().min(1), type: z.literal('Image').optional(), caption: optionalText(500) }),
]);

export const translationSchema = z.object({
  name: text(200),
  description: text(5000),
  criteria: z.object({ narrative: optionalText(10_000) }).optional(),
});

export const translationsSchema = z.object({ fr: translationSchema.optional(), en: translationSchema.optional() });

export const validitySchema = z
  .object({ months: z.int().min(1).max(600).optional(), years: z.int().min(1).max(50).optional() })
  .strict()
  .refine((v) => (v.months === undefined) !== (v.years === undefined), 'badges.validity.oneUnit');

const MEDIA_TYPE = /^[a-z]+\/[a-z0-9][a-z0-9.+-]{0,100}$/;

export const evidenceSchema = z.object({
  types: z.array(z.string().trim().toLowerCase().regex(MEDIA_TYPE, 'badges.evidence.type')).min(1).max(30),
  maxBytes: z.int().min(1).optional(),
  maxCount: z.int().min(1).max(50).optional(),
});

export const checklistSchema = z
  .object({ items: z.array(text(500)).min(1, 'badges.checklist.items').max(50), threshold: z.int().min(1).optional() })
  .refine((c) => c.threshold === undefined || c.threshold <= c.items.length, {
    path: ['threshold'],
    message: 'badges.checklist.threshold',
  });

export const renewalSchema = z.object({ higherLevel: z.boolean().optional(), requirement: text(2000).optional() }).strict();

export const settingsShape = {
  validity: validitySchema.optional(),
  evidence: evidenceSchema.optional(),
  checklist: checklistSchema.optional(),
  review: reviewPolicySchema.optional(),
  awardRule: awardRuleSchema.optional(),
  renewal: renewalSchema.optional(),
};

export const statusSchema = z.enum(['draft', 'published']);

export const blasonSchema = z.object({ ...settingsShape, status: statusSchema.optional() });

export const achievementBodySchema = z.object({
  '@context': z.unknown().optional(),
  type: typeOf('Achievement'),
  name: text(200),
  description: text(5000),
  criteria: z.object({ narrative: text(10_000) }),
  image: imageSchema.optional(),
  inLanguage: z.enum(['fr', 'en'], { message: 'badges.inLanguage.invalid' }).optional(),
  achievementType: extensible(ACHIEVEMENT_TYPES, 'badges.achievementType.invalid').optional(),
  alignment: z.array(alignmentSchema).max(50).optional(),
  tag: z.array(z.string().trim().min(1).max(50)).max(30).optional(),
  resultDescription: z.array(resultDescriptionSchema).max(10).optional(),
  [TRANSLATIONS_KEY]: translationsSchema.optional(),
  blason: blasonSchema.optional(),
  ...settingsShape,
  status: statusSchema.optional(),
});

export type AchievementBody = z.output<typeof achievementBodySchema>;
export type AchievementBodyInput = z.input<typeof achievementBodySchema>;

/** PATCH: any subset of the creation fields; a field replaces the current one, null removes an optional one. */
export const achievementPatchSchema = z
  .record(z.string(), z.unknown())
  .describe(
    'Any subset of the creation body: each field given replaces the current one (settings too, also under "blason"); ' +
      'null removes an optional field; "blason:translations" is merged per language. A published badge gets a new version.',
  );

export const catalogueQuerySchema = z.object({
  q: z.string().trim().max(200).optional(),
  organization: z.string().trim().max(60).optional(),
  tag: z.string().trim().max(50).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type CatalogueQuery = z.output<typeof catalogueQuerySchema>;
