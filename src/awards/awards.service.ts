// Use cases of awarding: award one badge (build, sign in both forms, store, mail the claim link),
// read an awarded credential, list a badge's credentials for its staff, and the CLI's entry point.
// Signing is slow, so it happens before the transaction that stores the credential and enqueues
// its mails. A bulk path reuses `issuingContext`, `planAward`, `allocateStatusEntries`,
// `buildAwardCredential`/`signAward` and `recordAward`.
import type { Kysely } from 'kysely';
import { userRowToActor } from '../accounts/accounts';
import { type Badge, isAwardable } from '../badges/badges';
import { getAchievementDocument, getBadge, getBadgeVersion } from '../badges/badges.service';
import { achievementInputOf } from '../badges/document';
import { newSalt } from '../credentials';
import type { DB, NewCredentialRow } from '../db/schema';
import { AppError, fail } from '../errors';
import type { Locale } from '../i18n';
import { issuerIdentity, organizationDid } from '../issuers/issuers.service';
import { enqueueMail } from '../mail/mail.service';
import { can } from '../organizations/organizations';
import { getOrganization, requireOrganizationAccess, rolesOf } from '../organizations/organizations.service';
import type { Actor, Deps } from '../platform/deps';
import { publicId as newPublicId, randomToken, sha256 } from '../platform/tokens';
import { parseInput } from '../platform/validate';
import {
  type AwardInput,
  CLAIM_DAYS,
  CLAIM_TTL_MS,
  type Credential,
  type CredentialSummary,
  type ParsedAward,
  awardInputSchema,
  awardPeriod,
  badgeLevels,
  claimUrl,
  matchLevel,
  normalizeEvidence,
  rowToCredential,
  rowToSummary,
  statusListUrl,
} from './awards';
import {
  findCredentialByPublicId,
  findFirstOwner,
  insertCredential,
  listBadgeCredentials,
  localeOfAddress,
  organizationManagers,
} from './awards.repository';
import { type AwardRecipient, type IssuingContext, type PlannedAward, type SignedAward, buildAwardCredential, signAward } from './issue';
import { enqueueRuleEvaluation } from '../rules/triggers';
import { enqueueCredentialEvents } from '../integrations/integrations.repository';
import { allocateStatusEntries } from './status-lists.repository';

export interface AwardResult {
  /** Public id of the credential (its URL is /credentials/{id}). */
  id: string;
  credential: Record<string, unknown>;
  jwt: string;
}

/** The badge, for someone who may award it ('badge.issue' in its organisation). */
export async function requireBadgeIssue(deps: Deps, actor: Actor | null, badgePublicId: string): Promise<{ badge: Badge; actor: Actor }> {
  const badge = await getBadge(deps, actor, badgePublicId);
  const access = await requireOrganizationAccess(deps, actor, badge.organizationSlug, 'badge.issue');
  return { badge, actor: access.actor };
}

/** Whether the actor may award this badge (pages show the award form only then). */
export async function mayAward(deps: Deps, actor: Actor | null, badge: Pick<Badge, 'organizationSlug'>): Promise<boolean> {
  if (!actor) return false;
  return can(await rolesOf(deps, actor, await getOrganization(deps, badge.organizationSlug)), 'badge.issue', actor);
}

/** Everything the credentials of one badge version share, with the organisation's key imported once. */
export async function issuingContext(deps: Deps, badge: Badge): Promise<IssuingContext> {
  const organization = await getOrganization(deps, badge.organizationSlug);
  const { key, profile } = await issuerIdentity(deps, organization);
  const doc = await getAchievementDocument(deps, badge.publicId, { version: badge.version, embedded: true });
  return {
    baseUrl: deps.config.baseUrl,
    badgeId: badge.id,
    badgePublicId: badge.publicId,
    badgeVersion: badge.version,
    badgeName: doc.name,
    organization,
    issuer: profile,
    achievement: achievementInputOf(doc),
    levels: badgeLevels(doc),
    validity: badge.settings.validity,
    key,
  };
}

/** The recipient named by the input: an address, or an organisation of this platform. */
export async function resolveRecipient(deps: Deps, input: ParsedAward['recipient']): Promise<AwardRecipient> {
  if (input.email) return { kind: 'email', email: input.email, name: input.name || undefined };
  const organization = await getOrganization(deps, input.organization ?? '').catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'not_found') throw fail.field('recipient.organization', 'awards.recipient.unknownOrganization');
    throw error;
  });
  return {
    kind: 'organization',
    organizationId: organization.id,
    slug: organization.slug,
    organizationName: organization.name,
    did: organizationDid(deps.config.baseUrl, organization.slug),
    name: input.name || undefined,
  };
}

/** Validates an award against the badge (level, dates) and completes it; no status entry yet. */
export function planAward(
  ctx: IssuingContext,
  input: ParsedAward,
  recipient: AwardRecipient,
  now: Date,
): Omit<PlannedAward, 'status'> {
  const level = matchLevel(ctx.levels, input.level);
  const { validFrom, validUntil } = awardPeriod(now, { issuedAt: input.issuedAt ?? input.validFrom, validUntil: input.validUntil }, ctx.validity);
  return {
    publicId: newPublicId(),
    recipient,
    salt: newSalt(),
    narrative: input.narrative || undefined,
    level,
    evidence: normalizeEvidence(input.evidence),
    issuedAt: now,
    validFrom,
    validUntil,
  };
}

/** The row of a signed award (the bulk path inserts many of them at once). */
export function newCredentialRow(
  ctx: IssuingContext,
  award: PlannedAward,
  signed: SignedAward,
  claim: { tokenHash: string | null; issuedBy: string | null; now: Date },
): NewCredentialRow {
  const { recipient } = award;
  return {
    public_id: award.publicId,
    badge_id: ctx.badgeId,
    badge_version: ctx.badgeVersion,
    organization_id: ctx.organization.id,
    recipient_kind: recipient.kind,
    recipient_email: recipient.kind === 'email' ? recipient.email : null,
    recipient_organization_id: recipient.kind === 'organization' ? recipient.organizationId : null,
    recipient_name: recipient.name ?? null,
    salt: award.salt,
    narrative: award.narrative ?? null,
    level: award.level?.name ?? null,
    evidence: JSON.stringify(award.evidence),
    issued_at: award.issuedAt,
    valid_from: award.validFrom,
    valid_until: award.validUntil,
    claim_token_hash: claim.tokenHash,
    claim_expires_at: claim.tokenHash ? new Date(claim.now.getTime() + CLAIM_TTL_MS) : null,
    status_list_id: award.status.listId,
    status_list_index: award.status.index,
    document: JSON.stringify(signed.document),
    jwt: signed.jwt,
    issued_by: claim.issuedBy,
    created_at: claim.now,
  };
}

/**
 * Enqueues the claim mail(s) of an award in the caller's transaction: to the address (in its
 * account's language if it has one, else `locale`), or to the owners and admins of the organisation.
 */
export async function enqueueClaimMails(trx: Kysely<DB>, ctx: IssuingContext, recipient: AwardRecipient, token: string, locale: Locale): Promise<void> {
  const params = {
    badge: ctx.badgeName,
    issuer: ctx.organization.name,
    url: claimUrl(ctx.baseUrl, token),
    days: String(CLAIM_DAYS),
    organization: recipient.kind === 'organization' ? recipient.organizationName : '',
  };
  for (const mail of await mailRecipients(trx, recipient, locale)) await enqueueMail(trx, { to: mail.email, locale: mail.locale, template: 'awards.claim', params });
}

/** Who is mailed about a credential: the address (in its account's language, else `locale`), or the organisation's owners and admins. */
export async function mailRecipients(
  db: Kysely<DB>,
  recipient: { kind: 'email'; email: string } | { kind: 'organization'; organizationId: string },
  locale: Locale,
): Promise<{ email: string; locale: Locale }[]> {
  if (recipient.kind === 'email') return [{ email: recipient.email, locale: (await localeOfAddress(db, recipient.email)) ?? locale }];
  return organizationManagers(db, recipient.organizationId);
}

/** Stores a signed award and enqueues its claim mail(s) in one transaction. Returns the claim token (mailed, never stored). */
export async function recordAward(
  deps: Deps,
  ctx: IssuingContext,
  award: PlannedAward,
  signed: SignedAward,
  by: { userId: string | null; locale: Locale },
): Promise<string> {
  const token = randomToken();
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const id = await insertCredential(trx, newCredentialRow(ctx, award, signed, { tokenHash: sha256(token), issuedBy: by.userId, now }));
    await enqueueClaimMails(trx, ctx, award.recipient, token, by.locale);
    await enqueueRuleEvaluation(trx, [id]);
    await enqueueCredentialEvents(trx, 'credential.issued', [id], { baseUrl: deps.config.baseUrl, now, organizationId: ctx.organization.id });
  });
  return token;
}

/** Reserves a status-list entry for a planned award and signs it, in both forms. */
export async function signPlanned(deps: Deps, ctx: IssuingContext, plan: Omit<PlannedAward, 'status'>, now: Date): Promise<{ award: PlannedAward; signed: SignedAward }> {
  const [entry] = await allocateStatusEntries(deps.db, { organizationId: ctx.organization.id, issuerId: ctx.issuer.id, now }, 1);
  if (!entry) throw new Error('No status list entry was allocated');
  const award: PlannedAward = { ...plan, status: { ...entry, url: statusListUrl(ctx.baseUrl, ctx.organization.slug, entry.listId) } };
  return { award, signed: await signAward(ctx, buildAwardCredential(ctx, award), now) };
}

/** Awards a published badge to a person (by e-mail address) or to an organisation. */
export async function awardCredential(deps: Deps, actor: Actor | null, badgePublicId: string, input: unknown): Promise<AwardResult> {
  const { badge, actor: me } = await requireBadgeIssue(deps, actor, badgePublicId);
  return awardBadge(deps, badge, input, { userId: me.id, locale: me.locale });
}

/** Awards a badge whose issuing was authorized by the caller (a member, or an organisation's API token). */
export async function awardBadge(deps: Deps, badge: Badge, input: unknown, by: { userId: string | null; locale: Locale }): Promise<AwardResult> {
  const data = parseInput(awardInputSchema, input);
  if (!isAwardable(badge)) throw fail.conflict('awards.notAwardable');
  const recipient = await resolveRecipient(deps, data.recipient);
  const ctx = await issuingContext(deps, badge);
  const now = deps.clock.now();
  const { award, signed } = await signPlanned(deps, ctx, planAward(ctx, data, recipient, now), now);
  await recordAward(deps, ctx, award, signed, by);
  return { id: award.publicId, credential: signed.document, jwt: signed.jwt };
}

/** An awarded credential, whatever its state (public: its URL is its id). */
export async function getCredential(deps: Deps, publicId: string): Promise<Credential> {
  const row = await findCredentialByPublicId(deps.db, publicId);
  if (!row) throw fail.notFound('awards.notFound');
  return rowToCredential(row);
}

/** The credential, if the actor may manage it (`action` in the issuing organisation). */
export async function requireCredentialAccess(
  deps: Deps,
  actor: Actor | null,
  publicId: string,
  action: 'badge.issue' | 'badge.revoke',
): Promise<{ credential: Credential; actor: Actor }> {
  const credential = await getCredential(deps, publicId);
  const access = await requireOrganizationAccess(deps, actor, credential.organizationSlug, action);
  return { credential, actor: access.actor };
}

/** Whether the actor is staff of the credential's issuer (sees the address, may revoke). */
export async function mayManage(deps: Deps, actor: Actor | null, credential: Pick<Credential, 'organizationSlug'>, action: 'badge.issue' | 'badge.revoke'): Promise<boolean> {
  if (!actor) return false;
  return can(await rolesOf(deps, actor, await getOrganization(deps, credential.organizationSlug)), action, actor);
}

export const BADGE_CREDENTIALS_PAGE = 100;

/** The badge's awarded credentials, newest first, for its organisation's staff. */
export async function listCredentialsOfBadge(
  deps: Deps,
  actor: Actor | null,
  badgePublicId: string,
  page: { limit: number; offset: number } = { limit: BADGE_CREDENTIALS_PAGE, offset: 0 },
): Promise<{ badge: Badge; items: CredentialSummary[]; hasMore: boolean }> {
  const { badge } = await requireBadgeIssue(deps, actor, badgePublicId);
  return listCredentialsOfBadgeFor(deps, badge, page);
}

/** A page of the badge's credentials, for a caller whose access was checked (a member, or an organisation's API token). */
export async function listCredentialsOfBadgeFor(
  deps: Deps,
  badge: Badge,
  page: { limit: number; offset: number },
): Promise<{ badge: Badge; items: CredentialSummary[]; hasMore: boolean }> {
  const rows = await listBadgeCredentials(deps.db, badge.id, { limit: page.limit + 1, offset: page.offset });
  return { badge, items: rows.slice(0, page.limit).map(rowToSummary), hasMore: rows.length > page.limit };
}

/** The CLI acts as the badge organisation's first owner. */
export async function cliActor(deps: Deps, organizationSlug: string): Promise<Actor> {
  const organization = await getOrganization(deps, organizationSlug);
  const user = await findFirstOwner(deps.db, organization.id);
  if (!user) throw new AppError('not_found', 'awards.cli.noOwner', { organization: organizationSlug });
  return userRowToActor(user);
}

/** CLI: awards a badge to an address, as the badge organisation's first owner. */
export async function issueCredentialFromCli(deps: Deps, input: { badge: string; to: string }): Promise<AwardResult> {
  const { organizationSlug } = await getBadgeVersion(deps, input.badge, 1);
  const body: AwardInput = { recipient: { email: input.to } };
  return awardCredential(deps, await cliActor(deps, organizationSlug), input.badge, body);
}
