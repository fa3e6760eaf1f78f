// From a validated body (API, form, CLI) to what is stored — the Achievement as designed, the Blason
// settings, the image change — and back, from a stored badge to a body that a PATCH is merged into.
import { fail } from '../errors';
import type { Locale } from '../i18n';
import {
  type Badge,
  type BadgeSettings,
  type BadgeStatus,
  type StoredAchievement,
  type StoredAlignment,
  type StoredResultDescription,
  type TranslatedTexts,
  SETTING_KEYS,
  TRANSLATIONS_KEY,
  renderCriteria,
  stripChecklist,
} from './badges';
import type { AchievementBody } from './badges.schemas';

export type ImageChange =
  | { kind: 'keep'; caption?: string | undefined }
  | { kind: 'remove' }
  | { kind: 'upload'; bytes: Buffer; caption?: string | undefined };

export interface Design {
  achievement: StoredAchievement;
  settings: BadgeSettings;
  status: Extract<BadgeStatus, 'draft' | 'published'> | undefined;
  image: ImageChange;
}

type Body = Record<string, unknown>;

/** Turns a validated body into the stored design. `badgeUrl` resolves the design's own ids and image URL. */
export function toDesign(body: AchievementBody, badgeUrl: string): Design {
  const { blason, ...top } = body;
  const settings: BadgeSettings = {};
  for (const key of SETTING_KEYS) {
    const value = blason?.[key] ?? top[key];
    if (value !== undefined) (settings as Record<string, unknown>)[key] = value;
  }
  if (settings.checklist) settings.checklist = { items: settings.checklist.items, threshold: settings.checklist.threshold ?? settings.checklist.items.length };
  const language: Locale = body.inLanguage ?? 'fr';
  const achievement: StoredAchievement = {
    type: ['Achievement'],
    name: body.name,
    description: body.description,
    criteria: { narrative: renderCriteria(stripChecklist(body.criteria.narrative), settings.checklist, language) },
    inLanguage: language,
  };
  if (body.achievementType) achievement.achievementType = body.achievementType;
  if (body.tag?.length) achievement.tag = [...new Set(body.tag)];
  if (body.alignment?.length) achievement.alignment = body.alignment.map(toAlignment);
  if (body.resultDescription?.length) achievement.resultDescription = resultDescriptions(body.resultDescription, badgeUrl);
  const translations: Partial<Record<Locale, TranslatedTexts>> = {};
  for (const [locale, texts] of Object.entries(body[TRANSLATIONS_KEY] ?? {}) as [Locale, NonNullable<AchievementBody[typeof TRANSLATIONS_KEY]>['en']][]) {
    if (!texts || locale === language) continue;
    const narrative = stripChecklist(texts.criteria?.narrative || stripChecklist(body.criteria.narrative));
    translations[locale] = { name: texts.name, description: texts.description, criteria: { narrative: renderCriteria(narrative, settings.checklist, locale) } };
  }
  if (Object.keys(translations).length > 0) achievement[TRANSLATIONS_KEY] = translations;
  const image = imageChange(body.image, badgeUrl);
  if (image.kind !== 'remove' && image.caption) achievement.image = { type: 'Image', caption: image.caption };
  return { achievement, settings, status: body.status ?? blason?.status, image };
}

function toAlignment(a: NonNullable<AchievementBody['alignment']>[number]): StoredAlignment {
  const { type: _type, ...rest } = a;
  return dropUndefined({ type: ['Alignment'] as ['Alignment'], ...rest });
}

function resultDescriptions(list: NonNullable<AchievementBody['resultDescription']>, badgeUrl: string): StoredResultDescription[] {
  const seen = new Set<string>();
  const unique = (id: string, field: string): string => {
    if (seen.has(id)) throw fail.field(field, 'badges.id.duplicate');
    seen.add(id);
    return id;
  };
  return list.map((rd, i) => {
    const base = i === 0 ? 'level' : `result-${i + 1}-level`;
    const { type: _type, rubricCriterionLevel, ...rest } = rd;
    const out: StoredResultDescription = dropUndefined({
      ...rest,
      id: unique(ownId(rd.id, badgeUrl) ?? (i === 0 ? '#levels' : `#result-${i + 1}`), `resultDescription.${i}.id`),
      type: ['ResultDescription'] as ['ResultDescription'],
      requiredLevel: ownId(rd.requiredLevel, badgeUrl),
    });
    if (rubricCriterionLevel?.length)
      out.rubricCriterionLevel = rubricCriterionLevel.map((level, j) => {
        const { type: _t, ...fields } = level;
        const id = unique(ownId(level.id, badgeUrl) ?? `#${base}-${j + 1}`, `resultDescription.${i}.rubricCriterionLevel.${j}.id`);
        return dropUndefined({ ...fields, id, type: ['RubricCriterionLevel'] as ['RubricCriterionLevel'] });
      });
    return out;
  });
}

/** Ids under the badge's own URL are stored as fragments, so that they follow the badge. */
function ownId(id: string | undefined, badgeUrl: string): string | undefined {
  if (id === undefined) return undefined;
  return id.startsWith(`${badgeUrl}#`) ? id.slice(badgeUrl.length) : id;
}

/** Resolves a stored id (a fragment) against the badge's URL. */
export function resolveId(id: string, badgeUrl: string): string {
  return id.startsWith('#') ? `${badgeUrl}${id}` : id;
}

function imageChange(image: AchievementBody['image'], badgeUrl: string): ImageChange {
  if (image === undefined) return { kind: 'keep' };
  const id = typeof image === 'string' ? image : image.id;
  const caption = typeof image === 'string' ? undefined : image.caption || undefined;
  if (id === NO_IMAGE) return { kind: 'remove' };
  if (id === KEEP_IMAGE || id.startsWith(`${badgeUrl}/image`)) return { kind: 'keep', caption };
  if (/^data:/i.test(id)) return { kind: 'upload', bytes: decodeDataUri(id), caption };
  if (/^https?:/i.test(id)) throw fail.field('image', 'badges.image.remote');
  throw fail.field('image', 'badges.image.dataUri');
}

/** Marks "keep the current image" in a body rebuilt from a stored badge, and "no image" in a patched one. */
export const KEEP_IMAGE = 'blason:current-image';
export const NO_IMAGE = 'blason:no-image';

/** The bytes of a `data:image/png;base64,…` or `data:image/svg+xml,…` URI (the content is checked later). */
export function decodeDataUri(uri: string): Buffer {
  const match = /^data:(image\/(?:png|svg\+xml|jpeg|webp))((?:;[\w-]+=[^;,]*)*)(;base64)?,(.*)$/is.exec(uri);
  if (!match) throw fail.field('image', 'badges.image.dataUri');
  const [, , , base64, data = ''] = match;
  if (base64) {
    const clean = data.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) throw fail.field('image', 'badges.image.dataUri');
    return Buffer.from(clean, 'base64');
  }
  try {
    return Buffer.from(decodeURIComponent(data), 'utf8');
  } catch {
    throw fail.field('image', 'badges.image.dataUri');
  }
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

// ——— Back from a stored badge, for PATCH ———

/** The badge as a creation body (narratives without their rendered checklist), the image kept as it is. */
export function currentBody(badge: Pick<Badge, 'achievement' | 'settings'>): Body {
  const a = badge.achievement;
  const body: Body = {
    name: a.name,
    description: a.description,
    criteria: { narrative: stripChecklist(a.criteria.narrative) },
    inLanguage: a.inLanguage,
    image: { id: KEEP_IMAGE, ...(a.image?.caption ? { caption: a.image.caption } : {}) },
  };
  if (a.achievementType) body.achievementType = a.achievementType;
  if (a.tag) body.tag = a.tag;
  if (a.alignment) body.alignment = a.alignment;
  if (a.resultDescription) body.resultDescription = a.resultDescription;
  const translations = a[TRANSLATIONS_KEY];
  if (translations) {
    body[TRANSLATIONS_KEY] = Object.fromEntries(
      Object.entries(translations).map(([l, t]) => [l, { ...t, criteria: { narrative: stripChecklist(t.criteria.narrative) } }]),
    );
  }
  for (const key of SETTING_KEYS) if (badge.settings[key] !== undefined) body[key] = badge.settings[key];
  return body;
}

/**
 * Applies a PATCH body: each field replaces the current one and null removes it; settings may come
 * under "blason"; "blason:translations" is merged per language. `status` cannot be patched.
 */
export function applyPatch(current: Body, patch: Body): Body {
  if ('status' in patch || (isObject(patch.blason) && 'status' in patch.blason)) throw fail.field('status', 'badges.status.patch');
  const merged: Body = { ...current };
  const { blason, [TRANSLATIONS_KEY]: translations, ...top } = patch;
  const set = (key: string, value: unknown) => {
    if (value === null) delete merged[key];
    else if (value !== undefined) merged[key] = value;
  };
  for (const [key, value] of Object.entries(top)) set(key, value);
  if (top.image === null) merged.image = NO_IMAGE;
  if (isObject(blason)) for (const [key, value] of Object.entries(blason)) set(key, value);
  else if (blason !== undefined && blason !== null) merged.blason = blason; // invalid: let validation say so
  if (translations === null) delete merged[TRANSLATIONS_KEY];
  else if (isObject(translations)) {
    const next: Body = { ...(isObject(current[TRANSLATIONS_KEY]) ? current[TRANSLATIONS_KEY] : {}) };
    for (const [locale, texts] of Object.entries(translations)) {
      if (texts === null) delete next[locale];
      else next[locale] = texts;
    }
    merged[TRANSLATIONS_KEY] = next;
  } else if (translations !== undefined) merged[TRANSLATIONS_KEY] = translations;
  return merged;
}

function isObject(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
