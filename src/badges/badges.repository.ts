// All SQL of badges and their versions. A badge row is always read with its current version and its
// organisation; images are read only when served.
import { type Kysely, sql } from 'kysely';
import type { BadgeImageType, BadgeStatus, DB } from '../db/schema';
import type { BadgeJoinedRow, BadgeSettings, StoredAchievement } from './badges';

function badgesWithCurrentVersion(db: Kysely<DB>) {
  return db
    .selectFrom('badges')
    .innerJoin('badge_versions', (join) =>
      join.onRef('badge_versions.badge_id', '=', 'badges.id').onRef('badge_versions.version', '=', 'badges.current_version'),
    )
    .innerJoin('organizations', 'organizations.id', 'badges.organization_id')
    .select([
      'badges.id',
      'badges.public_id',
      'badges.organization_id',
      'organizations.slug as organization_slug',
      'organizations.name as organization_name',
      'badges.status',
      'badges.current_version',
      'badges.settings',
      'badge_versions.achievement',
      'badge_versions.image_type',
      'badges.created_at',
      'badges.updated_at',
    ]);
}

export async function findBadgeByPublicId(db: Kysely<DB>, publicId: string, options: { lock?: boolean } = {}): Promise<BadgeJoinedRow | undefined> {
  let query = badgesWithCurrentVersion(db).where('badges.public_id', '=', publicId);
  if (options.lock) query = query.forUpdate('badges');
  return query.executeTakeFirst();
}

export async function findBadgeById(db: Kysely<DB>, id: string): Promise<BadgeJoinedRow | undefined> {
  return badgesWithCurrentVersion(db).where('badges.id', '=', id).executeTakeFirst();
}

export interface NewBadge {
  publicId: string;
  organizationId: string;
  status: BadgeStatus;
  settings: BadgeSettings;
  achievement: StoredAchievement;
  searchText: string;
  searchTags: string[];
  image: { bytes: Buffer; type: BadgeImageType } | null;
  createdBy: string;
}

export async function insertBadge(db: Kysely<DB>, badge: NewBadge, now: Date): Promise<string> {
  const { id } = await db
    .insertInto('badges')
    .values({
      public_id: badge.publicId,
      organization_id: badge.organizationId,
      status: badge.status,
      current_version: 1,
      settings: JSON.stringify(badge.settings),
      search_text: badge.searchText,
      search_tags: badge.searchTags,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await insertVersion(db, { badgeId: id, version: 1, achievement: badge.achievement, image: badge.image, createdBy: badge.createdBy }, now);
  return id;
}

export interface NewVersion {
  badgeId: string;
  version: number;
  achievement: StoredAchievement;
  image: { bytes: Buffer; type: BadgeImageType } | null;
  createdBy: string;
}

export async function insertVersion(db: Kysely<DB>, v: NewVersion, now: Date): Promise<void> {
  await db
    .insertInto('badge_versions')
    .values({
      badge_id: v.badgeId,
      version: v.version,
      achievement: JSON.stringify(v.achievement),
      image: v.image?.bytes ?? null,
      image_type: v.image?.type ?? null,
      created_at: now,
      created_by: v.createdBy,
    })
    .execute();
}

/** Replaces a version's design in place (drafts); `image` undefined keeps the current one. */
export async function replaceVersion(
  db: Kysely<DB>,
  v: Omit<NewVersion, 'image'> & { image: NewVersion['image'] | undefined },
): Promise<void> {
  await db
    .updateTable('badge_versions')
    .set({
      achievement: JSON.stringify(v.achievement),
      created_by: v.createdBy,
      ...(v.image !== undefined ? { image: v.image?.bytes ?? null, image_type: v.image?.type ?? null } : {}),
    })
    .where('badge_id', '=', v.badgeId)
    .where('version', '=', v.version)
    .execute();
}

export async function updateBadgeRow(
  db: Kysely<DB>,
  badgeId: string,
  changes: { status?: BadgeStatus; currentVersion?: number; settings?: BadgeSettings; searchText?: string; searchTags?: string[] },
  now: Date,
): Promise<void> {
  await db
    .updateTable('badges')
    .set({
      updated_at: now,
      ...(changes.status ? { status: changes.status } : {}),
      ...(changes.currentVersion ? { current_version: changes.currentVersion } : {}),
      ...(changes.settings ? { settings: JSON.stringify(changes.settings) } : {}),
      ...(changes.searchText !== undefined ? { search_text: changes.searchText } : {}),
      ...(changes.searchTags ? { search_tags: changes.searchTags } : {}),
    })
    .where('id', '=', badgeId)
    .execute();
}

export interface VersionRow {
  public_id: string;
  organization_slug: string;
  version: number;
  achievement: unknown;
  image_type: BadgeImageType | null;
  created_at: Date;
  created_by: string | null;
}

export async function findVersion(db: Kysely<DB>, publicId: string, version: number): Promise<(VersionRow & { status: BadgeStatus; organization_id: string }) | undefined> {
  return db
    .selectFrom('badge_versions')
    .innerJoin('badges', 'badges.id', 'badge_versions.badge_id')
    .innerJoin('organizations', 'organizations.id', 'badges.organization_id')
    .leftJoin('users', 'users.id', 'badge_versions.created_by')
    .select([
      'badges.public_id',
      'badges.status',
      'badges.organization_id',
      'organizations.slug as organization_slug',
      'badge_versions.version',
      'badge_versions.achievement',
      'badge_versions.image_type',
      'badge_versions.created_at',
      'users.public_id as created_by',
    ])
    .where('badges.public_id', '=', publicId)
    .where('badge_versions.version', '=', version)
    .executeTakeFirst();
}

/** A version's image bytes (the current version's when `version` is undefined). */
export async function findImage(
  db: Kysely<DB>,
  publicId: string,
  version: number | undefined,
): Promise<{ image: Buffer; image_type: BadgeImageType; status: BadgeStatus; organization_id: string } | undefined> {
  const row = await db
    .selectFrom('badge_versions')
    .innerJoin('badges', 'badges.id', 'badge_versions.badge_id')
    .select(['badge_versions.image', 'badge_versions.image_type', 'badges.status', 'badges.organization_id'])
    .where('badges.public_id', '=', publicId)
    .where('badge_versions.version', '=', version === undefined ? sql<number>`badges.current_version` : version)
    .executeTakeFirst();
  if (!row?.image || !row.image_type) return undefined;
  return { image: row.image, image_type: row.image_type, status: row.status, organization_id: row.organization_id };
}

export async function findVersionImage(db: Kysely<DB>, badgeId: string, version: number): Promise<{ bytes: Buffer; type: BadgeImageType } | null> {
  const row = await db
    .selectFrom('badge_versions')
    .select(['image', 'image_type'])
    .where('badge_id', '=', badgeId)
    .where('version', '=', version)
    .executeTakeFirst();
  return row?.image && row.image_type ? { bytes: row.image, type: row.image_type } : null;
}

export interface BadgeFilter {
  organizationId?: string;
  statuses: readonly BadgeStatus[];
  words?: readonly string[];
  tag?: string;
  limit: number;
  offset: number;
}

function escapeLike(word: string): string {
  return word.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Badges by normalised name (accent-insensitive order), filtered. */
export async function listBadges(db: Kysely<DB>, filter: BadgeFilter): Promise<BadgeJoinedRow[]> {
  let query = badgesWithCurrentVersion(db).where('badges.status', 'in', [...filter.statuses]);
  if (filter.organizationId) query = query.where('badges.organization_id', '=', filter.organizationId);
  for (const word of filter.words ?? []) query = query.where('badges.search_text', 'like', `%${escapeLike(word)}%`);
  if (filter.tag) query = query.where(sql<boolean>`${filter.tag} = ANY(badges.search_tags)`);
  return query.orderBy('badges.search_text').orderBy('badges.id').limit(filter.limit).offset(filter.offset).execute();
}

/** The account acting for the CLI: the one with this e-mail address, or the organisation's first owner. */
export async function findCliActor(db: Kysely<DB>, by: { email: string } | { ownerOf: string }) {
  const users = db.selectFrom('users').selectAll('users');
  if ('email' in by)
    return users.innerJoin('user_emails', 'user_emails.user_id', 'users.id').where('user_emails.email', '=', by.email).executeTakeFirst();
  return users
    .innerJoin('memberships', 'memberships.user_id', 'users.id')
    .where('memberships.organization_id', '=', by.ownerOf)
    .where(sql<boolean>`'owner' = ANY(memberships.roles)`)
    .orderBy('memberships.created_at')
    .orderBy('users.id')
    .executeTakeFirst();
}

/** Published badges whose award rule names the badge `partPublicId` (a text match, confirmed by the caller). */
export async function listBadgesWithRuleNaming(db: Kysely<DB>, partPublicId: string): Promise<BadgeJoinedRow[]> {
  return badgesWithCurrentVersion(db)
    .where('badges.status', '=', 'published')
    .where(sql<boolean>`badges.settings -> 'awardRule' IS NOT NULL AND strpos((badges.settings -> 'awardRule')::text, ${`"${partPublicId}"`}) > 0`)
    .orderBy('badges.id')
    .execute();
}
