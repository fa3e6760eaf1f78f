// Domain of organisations: roles and what they allow, membership rules, slugs, and the
// one place where rows become domain objects and the OB 3.0 issuer Profile.
import type { OrganizationRow, Role } from '../db/schema';
import type { Translate } from '../i18n';

export type { Role } from '../db/schema';

/** Every role, in the order they are shown. */
export const ROLES = ['owner', 'admin', 'designer', 'issuer', 'reviewer'] as const satisfies readonly Role[];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function roleLabel(t: Translate, role: Role): string {
  return t(`organizations.role.${role}`);
}

/**
 * What a member may do in an organisation. Later modules check these actions:
 * - org.edit: edit the profile and the logo;
 * - org.members: list members, change their roles, remove them, invite and revoke invitations;
 * - org.owners: grant or remove the 'owner' role;
 * - badge.design: create and edit badges (achievements) and pathways;
 * - badge.issue: award badges;
 * - badge.revoke: revoke awarded badges;
 * - application.review: review applications for the organisation's badges.
 */
export const ACTIONS = [
  'org.edit',
  'org.members',
  'org.owners',
  'badge.design',
  'badge.issue',
  'badge.revoke',
  'application.review',
] as const;
export type Action = (typeof ACTIONS)[number];

const ALLOWED: Record<Role, readonly Action[]> = {
  owner: ACTIONS,
  admin: ACTIONS.filter((a) => a !== 'org.owners'),
  designer: ['badge.design'],
  issuer: ['badge.issue', 'badge.revoke'],
  reviewer: ['application.review'],
};

/** Whether members with these roles may do this; platform administrators may do everything. */
export function can(roles: readonly Role[], action: Action, options: { isAdmin?: boolean } = {}): boolean {
  if (options.isAdmin) return true;
  return roles.some((role) => ALLOWED[role].includes(action));
}

/** Roles without duplicates, in the canonical order. */
export function sortRoles(roles: readonly Role[]): Role[] {
  return ROLES.filter((r) => roles.includes(r));
}

export function mergeRoles(a: readonly Role[], b: readonly Role[]): Role[] {
  return sortRoles([...a, ...b]);
}

export type MembershipRefusal = 'forbidden' | 'ownerRequired' | 'lastOwner';

/**
 * Whether an actor may change a member's roles from `before` to `after` (empty `after`: removal).
 * Managing members needs 'org.members'; granting or removing 'owner' needs 'org.owners';
 * an organisation always keeps at least one owner, whoever asks.
 */
export function membershipRefusal(
  actor: { roles: readonly Role[]; isAdmin: boolean },
  change: { before: readonly Role[]; after: readonly Role[]; otherOwners: number },
): MembershipRefusal | null {
  if (!can(actor.roles, 'org.members', actor)) return 'forbidden';
  const wasOwner = change.before.includes('owner');
  const isOwner = change.after.includes('owner');
  if (wasOwner !== isOwner && !can(actor.roles, 'org.owners', actor)) return 'ownerRequired';
  if (wasOwner && !isOwner && change.otherOwners === 0) return 'lastOwner';
  return null;
}

// ——— Slugs ———

export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const SLUG_MAX = 60;
const FALLBACK_SLUG = 'organisation';
/** Slugs that would hide a page under /organizations/. */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set(['new']);
const LIGATURES: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss', ø: 'o', đ: 'd', ł: 'l', þ: 'th' };

/** "Région Normandie" → "region-normandie": lower-case ASCII words joined by dashes. */
export function slugify(name: string): string {
  const ascii = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[œæßøđłþ]/g, (c) => LIGATURES[c] ?? '');
  const slug = ascii
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, SLUG_MAX)
    .replace(/-+$/g, '');
  return slug === '' ? FALLBACK_SLUG : slug;
}

/** The n-th candidate for a base slug: base, base-2, base-3 … (shortened to stay within SLUG_MAX). */
export function slugCandidate(base: string, n: number): string {
  if (n <= 1) return base;
  const suffix = `-${n}`;
  return `${base.slice(0, SLUG_MAX - suffix.length).replace(/-+$/g, '')}${suffix}`;
}

/** The first candidate for `base` that is neither taken nor reserved. */
export function freeSlug(base: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const candidate = slugCandidate(base, n);
    if (!taken.has(candidate) && !RESERVED_SLUGS.has(candidate)) return candidate;
  }
}

// ——— Domain types and mapping ———

export interface Organization {
  /** Internal id: never shown in URLs. */
  id: string;
  slug: string;
  name: string;
  description: string;
  url: string | null;
  email: string | null;
  hasLogo: boolean;
  /** How the organisation names itself as an issuer: its did:web document here, or the did:key of its key. */
  didMethod: 'web' | 'key';
  updatedAt: Date;
}

export type OrganizationSummaryRow = Omit<OrganizationRow, 'logo' | 'logo_type'> & { has_logo: boolean };

export function organizationRowToOrganization(row: OrganizationSummaryRow): Organization {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    url: row.url,
    email: row.email,
    hasLogo: row.has_logo,
    didMethod: row.did_method,
    updatedAt: row.updated_at,
  };
}

export function organizationUrl(baseUrl: string, slug: string): string {
  return `${baseUrl}/organizations/${slug}`;
}

export function logoUrl(baseUrl: string, slug: string): string {
  return `${organizationUrl(baseUrl, slug)}/logo.png`;
}

export const OB3_CONTEXT = [
  'https://www.w3.org/ns/credentials/v2',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
] as const;

export interface IssuerProfile {
  '@context': readonly string[];
  id: string;
  type: ['Profile'];
  name: string;
  description?: string;
  url?: string;
  email?: string;
  image?: { id: string; type: 'Image' };
}

/** The Open Badges 3.0 issuer Profile of an organisation (absent fields are omitted). */
export function issuerProfile(org: Organization, baseUrl: string): IssuerProfile {
  return {
    '@context': OB3_CONTEXT,
    id: organizationUrl(baseUrl, org.slug),
    type: ['Profile'],
    name: org.name,
    ...(org.description ? { description: org.description } : {}),
    ...(org.url ? { url: org.url } : {}),
    ...(org.email ? { email: org.email } : {}),
    ...(org.hasLogo ? { image: { id: logoUrl(baseUrl, org.slug), type: 'Image' as const } } : {}),
  };
}

export const INVITATION_DAYS = 14;

export type InvitationStatus = 'pending' | 'accepted' | 'revoked' | 'expired';

export function invitationStatus(
  inv: { accepted_at: Date | null; revoked_at: Date | null; expires_at: Date },
  now: Date,
): InvitationStatus {
  if (inv.accepted_at) return 'accepted';
  if (inv.revoked_at) return 'revoked';
  if (inv.expires_at.getTime() <= now.getTime()) return 'expired';
  return 'pending';
}
