// The badge form of the pages: its fields ↔ the API body, and the body's error paths → its fields.
import type { FieldErrors } from '../errors';
import type { Locale } from '../i18n';
import { type Badge, type StoredResultDescription, TRANSLATIONS_KEY, stripChecklist } from './badges';
import { KEEP_IMAGE } from './design';
import type { FormFields } from './image';

export interface BadgeFormValues {
  name_fr?: string; name_en?: string;
  description_fr?: string; description_en?: string;
  criteria_fr?: string; criteria_en?: string;
  checklist?: string; threshold?: string;
  levels?: string;
  validity_value?: string; validity_unit?: string;
  tags?: string;
  alignments?: string;
  achievementType?: string;
  evidence_types?: string[]; evidence_max_kb?: string; evidence_max_count?: string;
  image_caption?: string;
  review_mode?: string; review_quorum?: string; review_committee?: string;
  rule_mandatory?: string[]; rule_group?: string[]; rule_group_count?: string; rule_total?: string;
  renewal_higher?: string; renewal_requirement?: string;
}

/** A badge offered as a part of an award rule in the form. */
export interface RuleChoice {
  id: string;
  name: string;
}

type RuleGroup = { of: string[]; count: number };
type StoredRule = { mandatory?: string[]; groups?: RuleGroup[]; total?: number };

/** Evidence file types offered as checkboxes. */
export const EVIDENCE_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/webp',
  'text/plain',
  'video/mp4',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
] as const;

const LEVELS_NAME: Record<Locale, string> = { fr: 'Niveau', en: 'Level' };

export function formValues(fields: FormFields): BadgeFormValues {
  const text = (name: string) => {
    const v = fields[name];
    return typeof v === 'string' ? v.trim() : '';
  };
  const list = (name: string) => {
    const raw = fields[name];
    return (Array.isArray(raw) ? raw : raw ? [raw] : []).map((t) => t.trim()).filter(Boolean);
  };
  const values: BadgeFormValues = { evidence_types: list('evidence_types'), rule_mandatory: list('rule_mandatory'), rule_group: list('rule_group') };
  for (const key of [
    'name_fr', 'name_en', 'description_fr', 'description_en', 'criteria_fr', 'criteria_en', 'checklist', 'threshold', 'levels',
    'validity_value', 'validity_unit', 'tags', 'alignments', 'achievementType', 'evidence_max_kb', 'evidence_max_count', 'image_caption',
    'review_mode', 'review_quorum', 'review_committee', 'rule_group_count', 'rule_total', 'renewal_higher', 'renewal_requirement',
  ] as const)
    values[key] = text(key);
  return values;
}

const lines = (value: string | undefined) => (value ?? '').split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
const parts = (line: string) => line.split('|').map((p) => p.trim());
/** A number when the text is one, else the text itself (so that validation reports it). */
const numberOr = (value: string) => (/^\d+$/.test(value) ? Number(value) : value);

/**
 * The API body of the form. `patch`: cleared fields are sent as null (they remove the current value);
 * `extraResults`: result descriptions made through the API, which the form does not show, are kept.
 */
export function formToBody(
  v: BadgeFormValues,
  language: Locale,
  options: { patch: boolean; extraResults?: StoredResultDescription[]; extraRuleGroups?: RuleGroup[] },
): Record<string, unknown> {
  const other: Locale = language === 'fr' ? 'en' : 'fr';
  const none = options.patch ? null : undefined;
  const body: Record<string, unknown> = {
    name: v[`name_${language}`],
    description: v[`description_${language}`],
    criteria: { narrative: v[`criteria_${language}`] },
    inLanguage: language,
    image: { id: KEEP_IMAGE, ...(v.image_caption ? { caption: v.image_caption } : {}) },
  };
  const otherTexts = [v[`name_${other}`], v[`description_${other}`], v[`criteria_${other}`]];
  body[TRANSLATIONS_KEY] = otherTexts.some(Boolean)
    ? { [other]: { name: otherTexts[0], description: otherTexts[1], ...(otherTexts[2] ? { criteria: { narrative: otherTexts[2] } } : {}) } }
    : options.patch ? { [other]: null } : undefined;
  const items = lines(v.checklist);
  body.checklist = items.length || v.threshold ? { items, ...(v.threshold ? { threshold: numberOr(v.threshold) } : {}) } : none;
  const levels = lines(v.levels).map((line) => {
    const p = parts(line);
    const [level, name, ...description] = p.length === 1 ? ['', p[0]] : p;
    return { name, ...(level ? { level } : {}), ...(description.join(' | ') ? { description: description.join(' | ') } : {}) };
  });
  const results = [
    ...(levels.length ? [{ name: LEVELS_NAME[language], resultType: 'RubricCriterionLevel', rubricCriterionLevel: levels }] : []),
    ...(options.extraResults ?? []),
  ];
  body.resultDescription = results.length ? results : none;
  body.validity = v.validity_value ? { [v.validity_unit === 'months' ? 'months' : 'years']: numberOr(v.validity_value) } : none;
  const tags = (v.tags ?? '').split(',').map((t) => t.trim()).filter(Boolean);
  body.tag = tags.length ? tags : none;
  const alignments = lines(v.alignments).map((line) => {
    const [targetName, targetUrl, targetFramework, targetCode] = parts(line);
    return { targetName, targetUrl: targetUrl ?? '', ...(targetFramework ? { targetFramework } : {}), ...(targetCode ? { targetCode } : {}) };
  });
  body.alignment = alignments.length ? alignments : none;
  body.achievementType = v.achievementType || none;
  const types = v.evidence_types ?? [];
  body.evidence =
    types.length || v.evidence_max_kb || v.evidence_max_count
      ? {
          types,
          ...(v.evidence_max_kb ? { maxBytes: /^\d+$/.test(v.evidence_max_kb) ? Number(v.evidence_max_kb) * 1024 : v.evidence_max_kb } : {}),
          ...(v.evidence_max_count ? { maxCount: numberOr(v.evidence_max_count) } : {}),
        }
      : none;
  // Review policy: staff (the default) needs nothing else; a committee, its members' addresses.
  const mode = v.review_mode || 'staff';
  const committee = lines(v.review_committee).flatMap((l) => l.split(/[,;\s]+/)).filter(Boolean);
  body.review =
    mode === 'staff' && !options.patch && !v.review_mode
      ? undefined
      : { mode, ...(mode !== 'staff' && v.review_quorum ? { quorum: numberOr(v.review_quorum) } : {}), ...(mode === 'committee' ? { committee } : {}) };
  body.renewal =
    v.renewal_higher || v.renewal_requirement
      ? { ...(v.renewal_higher ? { higherLevel: true } : {}), ...(v.renewal_requirement ? { requirement: v.renewal_requirement } : {}) }
      : none;
  // Award rule: mandatory badges, one group "k of these" (groups made through the API are kept), a total.
  const mandatory = v.rule_mandatory ?? [];
  const group = (v.rule_group ?? []).filter((id) => !mandatory.includes(id));
  const groups = [...(group.length ? [{ of: group, count: numberOr(v.rule_group_count || '1') }] : []), ...(options.extraRuleGroups ?? [])];
  body.awardRule = mandatory.length || groups.length || v.rule_total ? { mandatory, groups, ...(v.rule_total ? { total: numberOr(v.rule_total) } : {}) } : none;
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
}

/** The form field that shows the error of a body path. */
export function fieldOf(path: string, language: Locale): string {
  const [head = '', second = '', third = ''] = path.split('.');
  if (head === TRANSLATIONS_KEY) {
    const locale = second === 'fr' || second === 'en' ? second : language;
    return third === 'description' ? `description_${locale}` : third === 'criteria' ? `criteria_${locale}` : `name_${locale}`;
  }
  if (head === 'name' || head === 'inLanguage' || head === '_') return `name_${language}`;
  if (head === 'description') return `description_${language}`;
  if (head === 'criteria') return `criteria_${language}`;
  if (head === 'checklist') return second === 'threshold' ? 'threshold' : 'checklist';
  if (head === 'review') return second === 'quorum' ? 'review_quorum' : second === 'committee' ? 'review_committee' : 'review_mode';
  if (head === 'renewal') return second === 'higherLevel' ? 'renewal_higher' : 'renewal_requirement';
  if (head === 'awardRule') return second === 'total' ? 'rule_total' : second === 'groups' ? (path.endsWith('count') ? 'rule_group_count' : 'rule_group') : 'rule_mandatory';
  if (head === 'evidence') return second === 'maxBytes' ? 'evidence_max_kb' : second === 'maxCount' ? 'evidence_max_count' : 'evidence_types';
  const fields: Record<string, string> = { resultDescription: 'levels', validity: 'validity_value', tag: 'tags', alignment: 'alignments', image: 'image' };
  return fields[head] ?? head;
}

/** The body's field errors as form field errors (the first error of each field is kept). */
export function formErrors(fields: FieldErrors, language: Locale): FieldErrors {
  const out: FieldErrors = {};
  for (const [path, error] of Object.entries(fields)) {
    const field = fieldOf(path, language);
    if (!out[field]) out[field] = error;
  }
  return out;
}

/** The form of an existing badge. */
export function badgeFormValues(badge: Badge): BadgeFormValues {
  const a = badge.achievement;
  const s = badge.settings;
  const values: BadgeFormValues = {
    [`name_${a.inLanguage}`]: a.name,
    [`description_${a.inLanguage}`]: a.description,
    [`criteria_${a.inLanguage}`]: stripChecklist(a.criteria.narrative),
  };
  for (const [locale, t] of Object.entries(a[TRANSLATIONS_KEY] ?? {})) {
    // A translation without its own narrative repeats the main one: the field stays empty.
    const narrative = stripChecklist(t.criteria.narrative);
    const own = narrative === stripChecklist(a.criteria.narrative) ? '' : narrative;
    Object.assign(values, { [`name_${locale}`]: t.name, [`description_${locale}`]: t.description, [`criteria_${locale}`]: own });
  }
  const levels = levelsResult(badge)?.rubricCriterionLevel ?? [];
  values.levels = levels
    .map((l) => (l.description ? `${l.level ?? ''} | ${l.name} | ${l.description}` : l.level ? `${l.level} | ${l.name}` : l.name))
    .join('\n');
  if (s.checklist) Object.assign(values, { checklist: s.checklist.items.join('\n'), threshold: String(s.checklist.threshold) });
  if (s.validity) Object.assign(values, 'years' in s.validity ? { validity_value: String(s.validity.years), validity_unit: 'years' } : { validity_value: String(s.validity.months), validity_unit: 'months' });
  values.tags = (a.tag ?? []).join(', ');
  values.alignments = (a.alignment ?? []).map((al) => [al.targetName, al.targetUrl, al.targetFramework ?? '', al.targetCode ?? ''].join(' | ').replace(/( \| )+$/, '')).join('\n');
  values.achievementType = a.achievementType ?? '';
  values.evidence_types = s.evidence?.types ?? [];
  if (s.evidence?.maxBytes) values.evidence_max_kb = String(Math.ceil(s.evidence.maxBytes / 1024));
  if (s.evidence?.maxCount) values.evidence_max_count = String(s.evidence.maxCount);
  const review = s.review as { mode?: string; quorum?: number; committee?: string[] } | undefined;
  values.review_mode = review?.mode ?? 'staff';
  if (review?.quorum) values.review_quorum = String(review.quorum);
  if (review?.committee) values.review_committee = review.committee.join('\n');
  values.renewal_higher = s.renewal?.higherLevel ? 'true' : '';
  values.renewal_requirement = s.renewal?.requirement ?? '';
  const rule = s.awardRule as StoredRule | undefined;
  values.rule_mandatory = rule?.mandatory ?? [];
  values.rule_group = rule?.groups?.[0]?.of ?? [];
  values.rule_group_count = rule?.groups?.[0] ? String(rule.groups[0].count) : '';
  values.rule_total = rule?.total ? String(rule.total) : '';
  values.image_caption = a.image?.caption ?? '';
  return values;
}

/** Groups of the badge's award rule that the form does not show (beyond the first): kept as they are. */
export function otherRuleGroups(badge: Pick<Badge, 'settings'>): RuleGroup[] {
  return ((badge.settings.awardRule as StoredRule | undefined)?.groups ?? []).slice(1);
}

/** Every badge the rule names (for choices the organisation's list lacks). */
export function ruleBadgeIds(badge: Pick<Badge, 'settings'>): string[] {
  const rule = badge.settings.awardRule as StoredRule | undefined;
  return [...new Set([...(rule?.mandatory ?? []), ...(rule?.groups ?? []).flatMap((g) => g.of)])];
}

/** The result description the form edits as "levels": the first rubric of levels. */
export function levelsResult(badge: Pick<Badge, 'achievement'>): StoredResultDescription | undefined {
  return badge.achievement.resultDescription?.find((rd) => rd.resultType === 'RubricCriterionLevel' && rd.rubricCriterionLevel?.length);
}

/** Result descriptions the form does not show (made through the API): kept as they are. */
export function otherResults(badge: Pick<Badge, 'achievement'>): StoredResultDescription[] {
  const levels = levelsResult(badge);
  return (badge.achievement.resultDescription ?? []).filter((rd) => rd !== levels);
}
