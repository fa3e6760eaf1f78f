// Domain of awarded badges (OB 3.0 OpenBadgeCredentials): input schemas, the pure rules (levels,
// validity period, status), the URLs every awarded badge is published at, and row → domain mapping.
import { z } from 'zod';
import { emailSchema } from '../accounts/accounts';
import type { Validity } from '../badges/badges';
import { validUntil as defaultValidUntil } from '../badges/badges';
import type { AchievementDocument } from '../badges/document';
import type { CredentialState } from '../db/schema';
import { fail } from '../errors';

export type { CredentialState, Visibility } from '../db/schema';
import type { Visibility } from '../db/schema';

/** How long a claim link works. */
export const CLAIM_DAYS = 60;
export const CLAIM_TTL_MS = CLAIM_DAYS * 86_400_000;
export const REASON_MAX = 500;
/** An award may be dated a little ahead of the server's clock (clock skew), not more. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

// ——— Input ———

/** A date (`2025-06-30`, midnight UTC) or a date-time with a time zone. */
const dateInput = z
  .string()
  .trim()
  .refine((v) => parseDate(v) !== undefined, 'awards.validation.date')
  .transform((v) => parseDate(v) as Date);

export function parseDate(value: string): Date | undefined {
  const ok = /^\d{4}-\d{2}-\d{2}$/.test(value) || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value);
  if (!ok) return undefined;
  const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const httpUrl = z.url({ protocol: /^https?$/, message: 'validation.url' }).max(2000);

const evidenceObject = z
  .object({
    id: httpUrl.optional(),
    name: z.string().trim().max(200).optional(),
    narrative: z.string().trim().max(5000).optional(),
    description: z.string().trim().max(2000).optional(),
  })
  .refine((e) => e.id || e.narrative, 'awards.validation.evidence');

/** Evidence: a URL or a text, or a list of them, or OB 3.0 Evidence objects. */
const evidenceSchema = z.preprocess(
  (value) => (value === undefined || Array.isArray(value) ? value : [value]),
  z.array(z.union([z.string().trim().min(1).max(5000), evidenceObject])).max(20),
);

export const recipientSchema = z
  .object({
    email: emailSchema.optional(),
    organization: z.string().trim().min(1).max(60).optional(),
    name: z.string().trim().max(200).optional(),
  })
  .superRefine((r, ctx) => {
    if (Boolean(r.email) === Boolean(r.organization)) ctx.addIssue({ code: 'custom', path: ['email'], message: 'awards.validation.recipient' });
  });

export const awardInputSchema = z.object({
  recipient: recipientSchema,
  narrative: z.string().trim().max(5000).optional(),
  level: z.string().trim().max(200).optional(),
  evidence: evidenceSchema.optional(),
  issuedAt: dateInput.optional(),
  /** Same as issuedAt (the credential's validFrom). */
  validFrom: dateInput.optional(),
  /** null: no expiry, even when the badge has a validity. */
  validUntil: dateInput.nullable().optional(),
});

export type AwardInput = z.input<typeof awardInputSchema>;
export type ParsedAward = z.output<typeof awardInputSchema>;

export const revokeInputSchema = z.object({ reason: z.string().trim().min(1).max(REASON_MAX) });

export interface EvidenceItem {
  id?: string;
  name?: string;
  narrative?: string;
  description?: string;
}

/** Strings become evidence: a web address is its `id`, any other text its `narrative`. */
export function normalizeEvidence(items: ParsedAward['evidence']): EvidenceItem[] {
  return (items ?? []).map((item) => {
    if (typeof item !== 'string') return Object.fromEntries(Object.entries(item).filter(([, v]) => v)) as EvidenceItem;
    return /^https?:\/\/\S+$/.test(item) && URL.canParse(item) ? { id: item } : { narrative: item };
  });
}

// ——— Levels ———

export interface BadgeLevel {
  resultDescriptionId: string;
  id: string;
  name: string;
  level?: string;
}

/** The levels of a badge (its rubric criterion levels), with absolute ids. */
export function badgeLevels(doc: Pick<AchievementDocument, 'resultDescription'>): BadgeLevel[] {
  return (doc.resultDescription ?? []).flatMap((rd) =>
    (rd.rubricCriterionLevel ?? []).map((l) => ({ resultDescriptionId: rd.id, id: l.id, name: l.name, ...(l.level ? { level: l.level } : {}) })),
  );
}

/** The level a given name, code (`II`) or id designates; a validation error when it matches none. */
export function matchLevel(levels: readonly BadgeLevel[], given: string | undefined, field = 'level'): BadgeLevel | undefined {
  if (given === undefined || given === '') return undefined;
  if (levels.length === 0) throw fail.field(field, 'awards.level.none');
  const wanted = given.trim().toLowerCase();
  const found =
    levels.find((l) => l.name.toLowerCase() === wanted) ??
    levels.find((l) => l.level?.toLowerCase() === wanted) ??
    levels.find((l) => l.id === given || l.id.endsWith(given));
  if (!found) throw fail.field(field, 'awards.level.unknown', { levels: levels.map((l) => l.name).join(', ') });
  return found;
}

// ——— Validity period ———

/**
 * validFrom (the issue date, now by default; never in the future) and validUntil (from the badge's
 * validity unless given; null given means no expiry).
 */
export function awardPeriod(
  now: Date,
  input: { issuedAt?: Date | undefined; validUntil?: Date | null | undefined },
  validity: Validity | undefined,
): { validFrom: Date; validUntil: Date | null } {
  const validFrom = input.issuedAt ?? now;
  if (validFrom.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) throw fail.field('issuedAt', 'awards.validation.future');
  const validUntil = input.validUntil === undefined ? defaultValidUntil(validFrom, validity) : input.validUntil;
  if (validUntil && validUntil.getTime() <= validFrom.getTime()) throw fail.field('validUntil', 'awards.validation.untilBeforeFrom');
  return { validFrom, validUntil };
}

// ——— Status ———

export type CredentialStatus = 'active' | 'expired' | 'revoked';

export function credentialStatus(c: { revokedAt: Date | null; validUntil: Date | null }, now: Date): CredentialStatus {
  if (c.revokedAt) return 'revoked';
  if (c.validUntil && c.validUntil.getTime() < now.getTime()) return 'expired';
  return 'active';
}

// ——— URLs ———

export const credentialPath = (publicId: string, rest = '') => `/credentials/${encodeURIComponent(publicId)}${rest}`;
export const credentialUrl = (baseUrl: string, publicId: string) => `${baseUrl}${credentialPath(publicId)}`;
export const claimUrl = (baseUrl: string, token: string) => `${baseUrl}/claim/${token}`;
export const statusListPath = (slug: string, listId: string) => `/organizations/${encodeURIComponent(slug)}/status/${listId}`;
export const statusListUrl = (baseUrl: string, slug: string, listId: string) => `${baseUrl}${statusListPath(slug, listId)}`;
export const revocationListUrl = (baseUrl: string, slug: string) => `${baseUrl}/organizations/${encodeURIComponent(slug)}/revocations`;

// ——— Domain types and mapping ———

export type Recipient =
  | { kind: 'email'; email: string; name: string | null }
  | { kind: 'organization'; organizationId: string; slug: string; organizationName: string; name: string | null };

export interface CredentialSummary {
  /** Internal id: never shown in URLs. */
  id: string;
  publicId: string;
  badgePublicId: string;
  badgeVersion: number;
  badgeName: string;
  /** Whether the badge version has its own image (else a drawn one is shown). */
  badgeHasImage: boolean;
  organizationId: string;
  organizationSlug: string;
  organizationName: string;
  recipient: Recipient;
  salt: string;
  level: string | null;
  /** Who sees it: its earner only (and the issuer's staff), anyone with the link, or also its earner's public profile. */
  visibility: Visibility;
  issuedAt: Date;
  validFrom: Date;
  validUntil: Date | null;
  state: CredentialState;
  acceptedAt: Date | null;
  declinedAt: Date | null;
  revokedAt: Date | null;
  revocationReason: string | null;
  claimExpiresAt: Date | null;
  /** Issued by the badge's award rule (a key badge, a label): the public ids of the credentials it rests on. */
  basis: string[] | null;
}

export interface Credential extends CredentialSummary {
  /** Its earner chose to show its evidence to everyone on its page. */
  evidenceShown: boolean;
  narrative: string | null;
  evidence: EvidenceItem[];
  statusListId: string;
  statusListIndex: number;
  /** The signed Data Integrity credential. */
  document: Record<string, unknown>;
  jwt: string;
}

export interface CredentialSummaryRow {
  id: string;
  public_id: string;
  badge_public_id: string;
  badge_version: number;
  badge_name: string | null;
  badge_has_image: boolean;
  organization_id: string;
  organization_slug: string;
  organization_name: string;
  recipient_kind: 'email' | 'organization';
  recipient_email: string | null;
  recipient_organization_id: string | null;
  recipient_organization_slug: string | null;
  recipient_organization_name: string | null;
  recipient_name: string | null;
  salt: string;
  level: string | null;
  visibility: Visibility;
  issued_at: Date;
  valid_from: Date;
  valid_until: Date | null;
  state: CredentialState;
  accepted_at: Date | null;
  declined_at: Date | null;
  revoked_at: Date | null;
  revocation_reason: string | null;
  claim_expires_at: Date | null;
  rule_basis: string[] | null;
}

export interface CredentialFullRow extends CredentialSummaryRow {
  narrative: string | null;
  evidence: unknown;
  evidence_shown: boolean;
  status_list_id: string;
  status_list_index: number;
  document: unknown;
  jwt: string;
}

export function rowToSummary(row: CredentialSummaryRow): CredentialSummary {
  const recipient: Recipient =
    row.recipient_kind === 'email'
      ? { kind: 'email', email: row.recipient_email ?? '', name: row.recipient_name }
      : {
          kind: 'organization',
          organizationId: row.recipient_organization_id ?? '',
          slug: row.recipient_organization_slug ?? '',
          organizationName: row.recipient_organization_name ?? '',
          name: row.recipient_name,
        };
  return {
    id: row.id,
    publicId: row.public_id,
    badgePublicId: row.badge_public_id,
    badgeVersion: row.badge_version,
    badgeName: row.badge_name ?? '',
    badgeHasImage: row.badge_has_image,
    organizationId: row.organization_id,
    organizationSlug: row.organization_slug,
    organizationName: row.organization_name,
    recipient,
    salt: row.salt,
    level: row.level,
    visibility: row.visibility,
    issuedAt: row.issued_at,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    state: row.state,
    acceptedAt: row.accepted_at,
    declinedAt: row.declined_at,
    revokedAt: row.revoked_at,
    revocationReason: row.revocation_reason,
    claimExpiresAt: row.claim_expires_at,
    basis: row.rule_basis,
  };
}

export function rowToCredential(row: CredentialFullRow): Credential {
  return {
    ...rowToSummary(row),
    narrative: row.narrative,
    evidence: (row.evidence ?? []) as EvidenceItem[],
    evidenceShown: row.evidence_shown,
    statusListId: row.status_list_id,
    statusListIndex: row.status_list_index,
    document: row.document as Record<string, unknown>,
    jwt: row.jwt,
  };
}
