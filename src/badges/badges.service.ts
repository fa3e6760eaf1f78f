// Use cases of badge designs, shared by pages, the API and the CLI. Designing needs 'badge.design' in
// the badge's organisation; published and archived badges are public; drafts are seen by members only
// (others get not_found). Editing a published badge adds a version; a draft is edited in place.
import { createHash } from 'node:crypto';
import { userRowToActor } from '../accounts/accounts';
import { awardRuleSchema, universe } from '../rules/award-rule';
import { enqueueRuleBackfill } from '../rules/triggers';
import { AppError, fail } from '../errors';
import { findOrganizationBySlug, findRoles } from '../organizations/organizations.repository';
import { getIssuerProfile, requireOrganizationAccess } from '../organizations/organizations.service';
import type { Actor, Deps } from '../platform/deps';
import { shownEndorsements } from '../networks/endorsements';
import { publicId as newPublicId } from '../platform/tokens';
import { parseInput } from '../platform/validate';
import {
  type Badge,
  type BadgeImageType,
  type BadgeSettings,
  type BadgeVersion,
  type StoredAchievement,
  type Transition,
  badgeRowToBadge,
  editMakesNewVersion,
  isPublic,
  nextStatus,
  searchTagsOf,
  searchTextOf,
  searchWords,
  normalizeSearch,
  stableJson,
} from './badges';
import {
  findBadgeByPublicId,
  findCliActor,
  findImage,
  findVersion,
  findVersionImage,
  insertBadge,
  insertVersion,
  listBadges,
  replaceVersion,
  updateBadgeRow,
} from './badges.repository';
import { type CatalogueQuery, achievementBodySchema, achievementPatchSchema, catalogueQuerySchema } from './badges.schemas';
import { type Design, applyPatch, currentBody, toDesign } from './design';
import { type AchievementDocument, achievementDocument, badgeUrl } from './document';
import { type BadgeImage, normalizeBadgeImage } from './image';

export { isAwardable } from './badges';

/** Whether the actor may see the organisation's drafts: its members and platform administrators. */
/** Whether the actor is a member of the organisation (or a platform administrator): sees its drafts. */
export async function isInsider(deps: Deps, actor: Actor | null, organizationId: string): Promise<boolean> {
  if (!actor) return false;
  return actor.isAdmin || (await findRoles(deps.db, organizationId, actor.id)) !== undefined;
}

/** The badge if the actor may see it: drafts are not_found for everyone but the organisation's members. */
export async function getBadge(deps: Deps, actor: Actor | null, publicId: string): Promise<Badge> {
  const row = await findBadgeByPublicId(deps.db, publicId);
  if (!row || (!isPublic(row) && !(await isInsider(deps, actor, row.organization_id)))) throw fail.notFound('badges.notFound');
  return badgeRowToBadge(row);
}

/** The badge, for someone who may design it (drafts stay hidden from non-members). */
async function requireBadgeDesign(deps: Deps, actor: Actor | null, publicId: string): Promise<{ badge: Badge; actor: Actor }> {
  const badge = await getBadge(deps, actor, publicId);
  const access = await requireOrganizationAccess(deps, actor, badge.organizationSlug, 'badge.design');
  return { badge, actor: access.actor };
}

async function checkSettings(deps: Deps, settings: BadgeSettings, self: string): Promise<void> {
  const max = deps.config.maxUploadBytes;
  if (settings.evidence?.maxBytes !== undefined && settings.evidence.maxBytes > max)
    throw fail.field('evidence.maxBytes', 'badges.evidence.maxBytes', { max: Math.floor(max / 1024) });
  const rule = awardRuleSchema.safeParse(settings.awardRule);
  if (rule.success)
    for (const id of universe(rule.data)) {
      if (id === self) throw fail.field('awardRule', 'rules.self');
      if (!(await findBadgeByPublicId(deps.db, id))) throw fail.field('awardRule', 'rules.unknownBadge', { id: id.slice(0, 100) });
    }
}

/** Whether the badge's award rule must be looked at for everyone (published with a rule that changed, or just published). */
function ruleNeedsBackfill(before: { status: string; awardRule?: unknown } | null, after: { status: string; awardRule?: unknown }): boolean {
  if (after.status !== 'published' || after.awardRule === undefined) return false;
  return !before || before.status !== 'published' || stableJson(before.awardRule ?? null) !== stableJson(after.awardRule);
}

/** The uploaded image of a design, checked and re-encoded; a file `upload` (forms) takes the place of a data: URI. */
async function designImage(deps: Deps, design: Design, upload: Buffer | undefined): Promise<BadgeImage | null | undefined> {
  if (upload) return normalizeBadgeImage(upload, deps.config.maxUploadBytes);
  if (design.image.kind === 'upload') return normalizeBadgeImage(design.image.bytes, deps.config.maxUploadBytes);
  return design.image.kind === 'remove' ? null : undefined;
}

/** Creates a badge (an OB 3.0 Achievement JSON plus Blason settings) in the organisation; a draft unless `status` says published. */
export async function createBadge(deps: Deps, actor: Actor | null, slug: string, body: unknown, upload?: Buffer): Promise<Badge> {
  const { organization, actor: me } = await requireOrganizationAccess(deps, actor, slug, 'badge.design');
  const publicId = newPublicId();
  const design = toDesign(parseInput(achievementBodySchema, body), badgeUrl(deps.config.baseUrl, publicId));
  await checkSettings(deps, design.settings, publicId);
  const image = await designImage(deps, design, upload);
  await deps.db.transaction().execute(async (trx) => {
    const id = await insertBadge(
      trx,
      {
        publicId,
        organizationId: organization.id,
        status: design.status ?? 'draft',
        settings: design.settings,
        achievement: design.achievement,
        searchText: searchTextOf(design.achievement),
        searchTags: searchTagsOf(design.achievement),
        image: image ?? null,
        createdBy: me.id,
      },
      deps.clock.now(),
    );
    if (ruleNeedsBackfill(null, { status: design.status ?? 'draft', awardRule: design.settings.awardRule })) await enqueueRuleBackfill(trx, id);
  });
  return getBadge(deps, me, publicId);
}

/**
 * Edits a badge with a partial body (see `applyPatch`). A draft is changed in place; a published or
 * archived badge whose design changes gets a new version (settings alone make no version).
 */
export async function updateBadge(deps: Deps, actor: Actor | null, publicId: string, patch: unknown, upload?: Buffer): Promise<Badge> {
  const { badge, actor: me } = await requireBadgeDesign(deps, actor, publicId);
  const merged = applyPatch(currentBody(badge), parseInput(achievementPatchSchema, patch));
  const design = toDesign(parseInput(achievementBodySchema, merged), badgeUrl(deps.config.baseUrl, publicId));
  await checkSettings(deps, design.settings, publicId);
  const image = await designImage(deps, design, upload);
  await deps.db.transaction().execute(async (trx) => {
    const row = await findBadgeByPublicId(trx, publicId, { lock: true });
    if (!row) throw fail.notFound('badges.notFound');
    const current = badgeRowToBadge(row);
    const now = deps.clock.now();
    const changed = image !== undefined || stableJson(current.achievement) !== stableJson(design.achievement);
    let version = current.version;
    if (changed && editMakesNewVersion(current)) {
      version += 1;
      const kept = image === undefined ? await findVersionImage(trx, current.id, current.version) : image;
      await insertVersion(trx, { badgeId: current.id, version, achievement: design.achievement, image: kept, createdBy: me.id }, now);
    } else if (changed) {
      await replaceVersion(trx, { badgeId: current.id, version, achievement: design.achievement, image, createdBy: me.id });
    }
    await updateBadgeRow(
      trx,
      current.id,
      { currentVersion: version, settings: design.settings, searchText: searchTextOf(design.achievement), searchTags: searchTagsOf(design.achievement) },
      now,
    );
    if (ruleNeedsBackfill({ status: current.status, awardRule: current.settings.awardRule }, { status: current.status, awardRule: design.settings.awardRule }))
      await enqueueRuleBackfill(trx, current.id);
  });
  return getBadge(deps, me, publicId);
}

/** publish (draft → published), archive (published → archived), unarchive (archived → published). */
export async function transitionBadge(deps: Deps, actor: Actor | null, publicId: string, transition: Transition): Promise<Badge> {
  const { actor: me } = await requireBadgeDesign(deps, actor, publicId);
  await deps.db.transaction().execute(async (trx) => {
    const row = await findBadgeByPublicId(trx, publicId, { lock: true });
    if (!row) throw fail.notFound('badges.notFound');
    const status = nextStatus(row.status, transition);
    if (!status) throw new AppError('conflict', `badges.transition.${transition}`);
    await updateBadgeRow(trx, row.id, { status }, deps.clock.now());
    const settings = row.settings as BadgeSettings;
    if (ruleNeedsBackfill({ status: row.status, awardRule: settings.awardRule }, { status, awardRule: settings.awardRule })) await enqueueRuleBackfill(trx, row.id);
  });
  return getBadge(deps, me, publicId);
}

/** A version of a badge as it was designed (system use, e.g. awarding and verifying: no access check). */
export async function getBadgeVersion(deps: Deps, badgePublicId: string, version: number): Promise<BadgeVersion> {
  const row = Number.isSafeInteger(version) ? await findVersion(deps.db, badgePublicId, version) : undefined;
  if (!row) throw fail.notFound('badges.notFound');
  return {
    badgePublicId: row.public_id,
    organizationSlug: row.organization_slug,
    version: row.version,
    achievement: row.achievement as StoredAchievement,
    imageType: row.image_type,
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

/**
 * The OB 3.0 Achievement of a badge version with its creator, as credentials embed it (system use: no
 * access check). `version` defaults to the current one.
 */
export async function getAchievementDocument(
  deps: Deps,
  badgePublicId: string,
  options: { version?: number | undefined; language?: 'fr' | 'en' | undefined; embedded?: boolean } = {},
): Promise<AchievementDocument> {
  const row = await findBadgeByPublicId(deps.db, badgePublicId);
  if (!row) throw fail.notFound('badges.notFound');
  const v = options.version !== undefined ? await getBadgeVersion(deps, badgePublicId, options.version) : null;
  return achievementDocument({
    baseUrl: deps.config.baseUrl,
    publicId: badgePublicId,
    version: v?.version ?? row.current_version,
    achievement: (v?.achievement ?? row.achievement) as StoredAchievement,
    imageType: v ? v.imageType : row.image_type,
    creator: await getIssuerProfile(deps, row.organization_slug),
    language: options.language,
    embedded: options.embedded ?? false,
  });
}

/** The JSON-LD of a badge for whoever may see it (drafts: members only). */
export async function getBadgeDocument(
  deps: Deps,
  actor: Actor | null,
  publicId: string,
  options: { version?: number | undefined; language?: 'fr' | 'en' | undefined } = {},
): Promise<AchievementDocument> {
  const badge = await getBadge(deps, actor, publicId);
  const doc = await getAchievementDocument(deps, publicId, options);
  // The endorsements of the badge, as the verifier checks them next to its credentials.
  const endorsements = await shownEndorsements(deps.db, 'badge_id', badge.id);
  return endorsements.length ? { ...doc, endorsement: endorsements.map((e) => e.document) } : doc;
}

/** A version's image (the current one by default), with an entity tag; drafts' images for members only. */
export async function getBadgeImage(
  deps: Deps,
  actor: Actor | null,
  publicId: string,
  version?: number,
): Promise<{ bytes: Buffer; type: BadgeImageType; etag: string; isPublic: boolean }> {
  const found = await findImage(deps.db, publicId, version);
  if (!found || (found.status === 'draft' && !(await isInsider(deps, actor, found.organization_id)))) throw fail.notFound();
  const etag = `"${createHash('sha256').update(found.image).digest('base64url').slice(0, 27)}"`;
  return { bytes: found.image, type: found.image_type, etag, isPublic: found.status !== 'draft' };
}

export interface BadgePage {
  items: Badge[];
  hasMore: boolean;
}

/** The organisation's badges: every status for its members, published ones for others. */
export async function listOrganizationBadges(
  deps: Deps,
  actor: Actor | null,
  slug: string,
  page: { limit: number; offset: number } = { limit: 100, offset: 0 },
): Promise<BadgePage & { insider: boolean }> {
  const organization = await findOrganizationBySlug(deps.db, slug);
  if (!organization) throw fail.notFound('organizations.notFound');
  const insider = await isInsider(deps, actor, organization.id);
  const rows = await listBadges(deps.db, {
    organizationId: organization.id,
    statuses: insider ? ['draft', 'published', 'archived'] : ['published'],
    limit: page.limit + 1,
    offset: page.offset,
  });
  return { items: rows.slice(0, page.limit).map(badgeRowToBadge), hasMore: rows.length > page.limit, insider };
}

/** The catalogue: published badges, searched by name in every language (accents ignored), by organisation and tag. */
export async function searchCatalogue(deps: Deps, query: Partial<CatalogueQuery>): Promise<BadgePage> {
  const q = parseInput(catalogueQuerySchema, query);
  let organizationId: string | undefined;
  if (q.organization) {
    const organization = await findOrganizationBySlug(deps.db, q.organization);
    if (!organization) return { items: [], hasMore: false };
    organizationId = organization.id;
  }
  const rows = await listBadges(deps.db, {
    statuses: ['published'],
    words: searchWords(q.q),
    ...(organizationId ? { organizationId } : {}),
    ...(q.tag ? { tag: normalizeSearch(q.tag) } : {}),
    limit: q.limit + 1,
    offset: q.offset,
  });
  return { items: rows.slice(0, q.limit).map(badgeRowToBadge), hasMore: rows.length > q.limit };
}

/** CLI: creates a badge acting as the account with `asEmail`, or as the organisation's first owner. */
export async function createBadgeFromCli(deps: Deps, input: { slug: string; asEmail?: string | undefined; body: unknown }): Promise<Badge> {
  const organization = await findOrganizationBySlug(deps.db, input.slug);
  if (!organization) throw fail.notFound('organizations.notFound');
  const email = input.asEmail?.trim().toLowerCase();
  const user = await findCliActor(deps.db, email ? { email } : { ownerOf: organization.id });
  if (!user) throw new AppError('not_found', 'badges.cli.noActor', { email: email ?? '-' });
  return createBadge(deps, userRowToActor(user), input.slug, input.body);
}
