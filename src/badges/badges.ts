// Domain of badge designs (OB 3.0 Achievements): statuses and their transitions, the Blason settings,
// validity, checklists rendered into the criteria, search normalisation, and row → domain mapping.
import type { BadgeImageType, BadgeStatus } from '../db/schema';
import type { Locale } from '../i18n';

export type { BadgeImageType, BadgeStatus } from '../db/schema';

export const BADGE_STATUSES = ['draft', 'published', 'archived'] as const satisfies readonly BadgeStatus[];

/** The OB 3.0 AchievementType enumeration (extensible: other values must start with `ext:`). */
export const ACHIEVEMENT_TYPES = [
  'Achievement', 'ApprenticeshipCertificate', 'Assessment', 'Assignment', 'AssociateDegree', 'Award', 'Badge',
  'BachelorDegree', 'Certificate', 'CertificateOfCompletion', 'Certification', 'CommunityService', 'Competency',
  'Course', 'CoCurricular', 'Degree', 'Diploma', 'DoctoralDegree', 'Fieldwork', 'GeneralEducationDevelopment',
  'JourneymanCertificate', 'LearningProgram', 'License', 'Membership', 'ProfessionalDoctorate',
  'QualityAssuranceCredential', 'MasterCertificate', 'MasterDegree', 'MicroCredential', 'ResearchDoctorate',
  'SecondarySchoolDiploma',
] as const;

/** The OB 3.0 ResultType enumeration (extensible with `ext:`). */
export const RESULT_TYPES = [
  'GradePointAverage', 'LetterGrade', 'Percent', 'PerformanceLevel', 'PredictedScore', 'RawScore', 'Result',
  'RubricCriterion', 'RubricCriterionLevel', 'RubricScore', 'ScaledScore', 'Status',
] as const;

/** Extension values of OB 3.0 extensible enumerations. */
export const EXTENSION_TERM = /^ext:[A-Za-z0-9._-]+$/;

// ——— The stored design: the OB 3.0 Achievement without its id, image URL and creator ———

export interface TranslatedTexts {
  name: string;
  description: string;
  criteria: { narrative: string };
}

export interface StoredAlignment {
  type: ['Alignment'];
  targetName: string;
  targetUrl: string;
  targetDescription?: string;
  targetFramework?: string;
  targetCode?: string;
  targetType?: string;
}

export interface StoredLevel {
  /** A fragment (`#level-1`, resolved against the badge's URL) or an absolute URI. */
  id: string;
  type: ['RubricCriterionLevel'];
  name: string;
  description?: string;
  level?: string;
}

export interface StoredResultDescription {
  id: string;
  type: ['ResultDescription'];
  name: string;
  resultType: string;
  allowedValue?: string[];
  requiredLevel?: string;
  requiredValue?: string;
  rubricCriterionLevel?: StoredLevel[];
  valueMin?: string;
  valueMax?: string;
}

/** Blason extension carrying the other language's texts (OB 3.0 has one language per Achievement). */
export const TRANSLATIONS_KEY = 'blason:translations';

export interface StoredAchievement {
  type: ['Achievement'];
  name: string;
  description: string;
  /** The designer's narrative followed by the checklist, as published. */
  criteria: { narrative: string };
  inLanguage: Locale;
  achievementType?: string;
  tag?: string[];
  alignment?: StoredAlignment[];
  resultDescription?: StoredResultDescription[];
  image?: { type: 'Image'; caption?: string };
  [TRANSLATIONS_KEY]?: Partial<Record<Locale, TranslatedTexts>>;
}

// ——— Blason settings (not part of the OB document; not versioned) ———

export type Validity = { months: number } | { years: number };

export interface EvidenceRules {
  /** Accepted media types of attached files (`application/pdf`, `image/png`…). */
  types: string[];
  maxBytes?: number;
  maxCount?: number;
}

export interface Checklist {
  items: string[];
  /** How many items must be met ("awarded when at least 2 criteria are met"). */
  threshold: number;
}

export interface BadgeSettings {
  validity?: Validity;
  evidence?: EvidenceRules;
  checklist?: Checklist;
  /** Owned by the review module: kept as given. */
  review?: Record<string, unknown>;
  /** Owned by the award-rules module: kept as given. */
  awardRule?: Record<string, unknown>;
  renewal?: RenewalRules;
}

/** What renewing demands beyond the first award (seed 002: Ressources, level 1 first, 2 or 3 to renew). */
export interface RenewalRules {
  /** The renewal must be at a higher level than the one held. */
  higherLevel?: boolean;
  /** An extra requirement the examiners check. */
  requirement?: string;
}

export const SETTING_KEYS = ['validity', 'evidence', 'checklist', 'review', 'awardRule', 'renewal'] as const;

// ——— Domain types ———

export interface Badge {
  /** Internal id: never shown in URLs. */
  id: string;
  publicId: string;
  organizationId: string;
  organizationSlug: string;
  organizationName: string;
  status: BadgeStatus;
  /** The current version number. */
  version: number;
  achievement: StoredAchievement;
  settings: BadgeSettings;
  imageType: BadgeImageType | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface BadgeVersion {
  badgePublicId: string;
  organizationSlug: string;
  version: number;
  achievement: StoredAchievement;
  imageType: BadgeImageType | null;
  createdAt: Date;
  createdBy: string | null;
}

export interface BadgeJoinedRow {
  id: string;
  public_id: string;
  organization_id: string;
  organization_slug: string;
  organization_name: string;
  status: BadgeStatus;
  current_version: number;
  settings: unknown;
  achievement: unknown;
  image_type: BadgeImageType | null;
  created_at: Date;
  updated_at: Date;
}

export function badgeRowToBadge(row: BadgeJoinedRow): Badge {
  return {
    id: row.id,
    publicId: row.public_id,
    organizationId: row.organization_id,
    organizationSlug: row.organization_slug,
    organizationName: row.organization_name,
    status: row.status,
    version: row.current_version,
    achievement: row.achievement as StoredAchievement,
    settings: (row.settings ?? {}) as BadgeSettings,
    imageType: row.image_type,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

// ——— Statuses ———

export type Transition = 'publish' | 'archive' | 'unarchive';

/** The status a transition leads to, or null when it does not apply (draft → published → archived ⇄ published). */
export function nextStatus(status: BadgeStatus, transition: Transition): BadgeStatus | null {
  if (transition === 'publish') return status === 'draft' ? 'published' : null;
  if (transition === 'archive') return status === 'published' ? 'archived' : null;
  return status === 'archived' ? 'published' : null;
}

/** Only published badges can be awarded (drafts are unfinished, archived ones retired). */
export function isAwardable(badge: Pick<Badge, 'status'>): boolean {
  return badge.status === 'published';
}

/** Published and archived badges are public (credentials point at them); drafts only for members. */
export function isPublic(badge: Pick<Badge, 'status'>): boolean {
  return badge.status !== 'draft';
}

/** Editing a published or archived badge makes a new version; a draft is edited in place. */
export function editMakesNewVersion(badge: Pick<Badge, 'status'>): boolean {
  return badge.status !== 'draft';
}

// ——— Validity ———

export function validityMonths(validity: Validity): number {
  return 'years' in validity ? validity.years * 12 : validity.months;
}

/** The end of validity of a badge awarded at `from` (same day of month, clamped to the month's end). */
export function validUntil(from: Date, validity: Validity | undefined): Date | null {
  if (!validity) return null;
  const months = validityMonths(validity);
  const target = new Date(from.getTime());
  const day = target.getUTCDate();
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target;
}

// ——— Checklist in the criteria narrative ———

const CHECKLIST_HEADING: Record<Locale, (threshold: number, count: number) => string> = {
  fr: (n, m) => (n >= m ? `Critères (tous requis) :` : `Critères (au moins ${n} sur ${m}) :`),
  en: (n, m) => (n >= m ? `Criteria (all required):` : `Criteria (at least ${n} of ${m}):`),
};
const RENDERED_CHECKLIST = /\n\n(Critères|Criteria) \([^\n]*\) ?:(\n- [^\n]*)+$/;

/** The narrative as published: the designer's text, then the checklist and its threshold. */
export function renderCriteria(narrative: string, checklist: Checklist | undefined, language: Locale): string {
  if (!checklist || checklist.items.length === 0) return narrative;
  const heading = CHECKLIST_HEADING[language](checklist.threshold, checklist.items.length);
  return `${narrative}\n\n${heading}\n${checklist.items.map((item) => `- ${item}`).join('\n')}`;
}

/** The designer's narrative, without a checklist rendered by `renderCriteria` (round trips stay stable). */
export function stripChecklist(narrative: string): string {
  return narrative.replace(RENDERED_CHECKLIST, '');
}

/** Whether the checked items (indexes or count) meet the threshold. */
export function checklistMet(checklist: Checklist, met: number): boolean {
  return met >= checklist.threshold;
}

// ——— Texts, search ———

/** The badge's texts in a language, falling back to its main language. */
export function textsIn(achievement: StoredAchievement, locale: Locale): TranslatedTexts & { language: Locale } {
  const translated = achievement[TRANSLATIONS_KEY]?.[locale];
  if (locale !== achievement.inLanguage && translated) return { ...translated, language: locale };
  return { name: achievement.name, description: achievement.description, criteria: achievement.criteria, language: achievement.inLanguage };
}

const LIGATURES: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss', ø: 'o', đ: 'd', ł: 'l' };

/** Lower case, no accents, single spaces: "Référent(e) Ingénierie" → "referent(e) ingenierie". */
export function normalizeSearch(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[œæßøđł]/g, (c) => LIGATURES[c] ?? c)
    .replace(/[’']/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The words of a search query, normalised. */
export function searchWords(query: string | undefined): string[] {
  return normalizeSearch(query ?? '')
    .split(' ')
    .filter((w) => w.length > 0)
    .slice(0, 10);
}

/** What the catalogue searches: the names in every language. */
export function searchTextOf(achievement: StoredAchievement): string {
  const names = [achievement.name, ...Object.values(achievement[TRANSLATIONS_KEY] ?? {}).map((t) => t?.name ?? '')];
  return normalizeSearch(names.join(' | '));
}

export function searchTagsOf(achievement: StoredAchievement): string[] {
  return [...new Set((achievement.tag ?? []).map(normalizeSearch))];
}

/** JSON with sorted keys, to compare documents whatever order the database returns them in. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
