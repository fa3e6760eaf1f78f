// The published OB 3.0 Achievement (JSON-LD) of a badge version: its id and image URL, its creator
// (the issuer Profile), its language editions, and the same as the credentials core's AchievementInput
// for whoever awards it. OB 3.0 has one language per Achievement (`inLanguage`) and links the other
// language editions with `related`: the main edition is at /badges/{id}, the others at ?lang=xx. The
// translations are not embedded as an extension property: undefined terms fail JSON-LD safe mode,
// which signing uses.
import type { AchievementInput } from '../credentials/build';
import { OB_CONTEXT, VC_V2_CONTEXT } from '../credentials/model';
import type { Locale } from '../i18n';
import type { IssuerProfile } from '../organizations/organizations';
import {
  type BadgeImageType,
  type StoredAchievement,
  type StoredAlignment,
  type StoredResultDescription,
  TRANSLATIONS_KEY,
} from './badges';
import { resolveId } from './design';

export const ACHIEVEMENT_CONTEXT = [VC_V2_CONTEXT, OB_CONTEXT] as const;

export function badgePath(publicId: string, rest = ''): string {
  return `/badges/${encodeURIComponent(publicId)}${rest}`;
}

export function badgeUrl(baseUrl: string, publicId: string): string {
  return `${baseUrl}${badgePath(publicId)}`;
}

/** The image of one version (a version's image never changes once published). */
export function badgeImageUrl(baseUrl: string, publicId: string, version: number): string {
  return `${baseUrl}${badgePath(publicId, `/image?v=${version}`)}`;
}

/** The id of a language edition other than the main one. */
export function editionUrl(baseUrl: string, publicId: string, language: Locale): string {
  return `${badgeUrl(baseUrl, publicId)}?lang=${language}`;
}

export interface AchievementDocument {
  '@context'?: readonly string[];
  id: string;
  type: ['Achievement'];
  name: string;
  description: string;
  criteria: { narrative: string };
  image?: { id: string; type: 'Image'; caption?: string };
  achievementType?: string;
  alignment?: StoredAlignment[];
  tag?: string[];
  resultDescription?: StoredResultDescription[];
  creator?: Omit<IssuerProfile, '@context'>;
  inLanguage: Locale;
  version: string;
  related?: Array<{ id: string; type: ['Related']; inLanguage: Locale }>;
  /** Signed EndorsementCredentials of the badge (published documents only, never embedded in credentials). */
  endorsement?: Record<string, unknown>[];
}

export interface DocumentInput {
  baseUrl: string;
  publicId: string;
  version: number;
  achievement: StoredAchievement;
  imageType: BadgeImageType | null;
  creator?: IssuerProfile | undefined;
  /** A language edition; the main one (the designer's main language) when absent or not translated. */
  language?: Locale | undefined;
  /** Without `@context`, to embed the Achievement in a credential. */
  embedded?: boolean;
}

/** The OB 3.0 Achievement of a badge version, ready to publish or to embed in a credential. */
export function achievementDocument(input: DocumentInput): AchievementDocument {
  const { baseUrl, publicId, achievement: a } = input;
  const main = badgeUrl(baseUrl, publicId);
  const translations = a[TRANSLATIONS_KEY] ?? {};
  const edition = input.language && input.language !== a.inLanguage ? translations[input.language] : undefined;
  const language = edition ? (input.language as Locale) : a.inLanguage;
  const editions = (Object.keys(translations) as Locale[]).filter((l) => l !== a.inLanguage);
  const related = [a.inLanguage, ...editions]
    .filter((l) => l !== language)
    .map((l) => ({ id: l === a.inLanguage ? main : editionUrl(baseUrl, publicId, l), type: ['Related'] as ['Related'], inLanguage: l }));
  const doc: AchievementDocument = {
    ...(input.embedded ? {} : { '@context': ACHIEVEMENT_CONTEXT }),
    id: edition ? editionUrl(baseUrl, publicId, language) : main,
    type: ['Achievement'],
    name: edition?.name ?? a.name,
    description: edition?.description ?? a.description,
    criteria: { narrative: edition?.criteria.narrative ?? a.criteria.narrative },
    inLanguage: language,
    version: String(input.version),
  };
  if (input.imageType)
    doc.image = { id: badgeImageUrl(baseUrl, publicId, input.version), type: 'Image', ...(a.image?.caption ? { caption: a.image.caption } : {}) };
  if (a.achievementType) doc.achievementType = a.achievementType;
  if (a.alignment?.length) doc.alignment = a.alignment;
  if (a.tag?.length) doc.tag = a.tag;
  if (a.resultDescription?.length)
    doc.resultDescription = a.resultDescription.map((rd) => ({
      ...rd,
      id: resolveId(rd.id, main),
      ...(rd.requiredLevel ? { requiredLevel: resolveId(rd.requiredLevel, main) } : {}),
      ...(rd.rubricCriterionLevel ? { rubricCriterionLevel: rd.rubricCriterionLevel.map((l) => ({ ...l, id: resolveId(l.id, main) })) } : {}),
    }));
  if (input.creator) {
    const { '@context': _context, ...creator } = input.creator;
    doc.creator = creator;
  }
  if (related.length) doc.related = related;
  return doc;
}

/** The same Achievement as input for the credentials core (`buildOpenBadgeCredential`). */
export function achievementInputOf(doc: AchievementDocument): AchievementInput {
  const input: AchievementInput = { id: doc.id, name: doc.name, description: doc.description, criteria: { narrative: doc.criteria.narrative } };
  if (doc.image) input.image = { id: doc.image.id, ...(doc.image.caption ? { caption: doc.image.caption } : {}) };
  if (doc.achievementType) input.achievementType = doc.achievementType;
  if (doc.alignment) input.alignment = doc.alignment.map(({ type: _type, ...rest }) => rest);
  if (doc.tag) input.tag = doc.tag;
  if (doc.resultDescription)
    input.resultDescription = doc.resultDescription.map(({ type: _type, rubricCriterionLevel, ...rest }) => ({
      ...rest,
      ...(rubricCriterionLevel ? { rubricCriterionLevel: rubricCriterionLevel.map(({ type: _t, ...level }) => level) } : {}),
    }));
  if (doc.related) input.related = doc.related.map(({ id, inLanguage }) => ({ id, inLanguage }));
  if (doc.creator) {
    const c = doc.creator;
    input.creator = { id: c.id, name: c.name, ...(c.url ? { url: c.url } : {}), ...(c.email ? { email: c.email } : {}), ...(c.description ? { description: c.description } : {}), ...(c.image ? { image: c.image.id } : {}) };
  }
  input.inLanguage = doc.inLanguage;
  input.version = doc.version;
  return input;
}
