// SQL of organisations and their members.
import { type Kysely, sql } from 'kysely';
import type { DB, Role } from '../db/schema';
import type { OrganizationSummaryRow } from './organizations';

export async function listMembershipsOfUser(
  db: Kysely<DB>,
  userId: string,
): Promise<{ slug: string; name: string; roles: Role[] }[]> {
  return db
    .selectFrom('memberships')
    .innerJoin('organizations', 'organizations.id', 'memberships.organization_id')
    .select(['organizations.slug', 'organizations.name', 'memberships.roles'])
    .where('memberships.user_id', '=', userId)
    .orderBy('organizations.name')
    .execute();
}

// ——— Organisations ———

function selectSummary(db: Kysely<DB>) {
  return db
    .selectFrom('organizations')
    .select([
      'id',
      'slug',
      'name',
      'description',
      'url',
      'email',
      'did_method',
      'created_at',
      'updated_at',
      sql<boolean>`logo IS NOT NULL`.as('has_logo'),
    ]);
}

export async function findOrganizationBySlug(db: Kysely<DB>, slug: string): Promise<OrganizationSummaryRow | undefined> {
  return selectSummary(db).where('slug', '=', slug).executeTakeFirst();
}

export async function findOrganizationById(db: Kysely<DB>, id: string): Promise<OrganizationSummaryRow | undefined> {
  return selectSummary(db).where('id', '=', id).executeTakeFirst();
}

/** Locks the organisation's row until the transaction ends: membership changes are serialised per organisation. */
export async function lockOrganization(db: Kysely<DB>, organizationId: string): Promise<void> {
  await db.selectFrom('organizations').select('id').where('id', '=', organizationId).forUpdate().execute();
}

/** By slug: an ASCII, accent-free form of the name, so the order is the same on every engine and collation. */
export async function listOrganizations(
  db: Kysely<DB>,
  page: { limit: number; offset: number },
): Promise<OrganizationSummaryRow[]> {
  return selectSummary(db).orderBy('slug').limit(page.limit).offset(page.offset).execute();
}

/** Slugs equal to `base` or of the form `base-<n>`. */
export async function slugsLike(db: Kysely<DB>, base: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('organizations')
    .select('slug')
    .where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)]))
    .execute();
  return new Set(rows.map((r) => r.slug));
}

export interface NewOrganization {
  slug: string;
  name: string;
  description: string;
  url: string | null;
  email: string | null;
}

/** Inserts unless the slug is taken (then returns undefined, without aborting the transaction). */
export async function insertOrganization(db: Kysely<DB>, org: NewOrganization, now: Date): Promise<string | undefined> {
  const row = await db
    .insertInto('organizations')
    .values({ ...org, created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('slug').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export async function updateOrganization(
  db: Kysely<DB>,
  id: string,
  changes: Partial<Pick<NewOrganization, 'name' | 'description' | 'url' | 'email'>>,
  now: Date,
): Promise<void> {
  await db
    .updateTable('organizations')
    .set({ ...changes, updated_at: now })
    .where('id', '=', id)
    .execute();
}

export async function setOrganizationLogo(db: Kysely<DB>, id: string, png: Buffer, now: Date): Promise<void> {
  await db
    .updateTable('organizations')
    .set({ logo: png, logo_type: 'image/png', updated_at: now })
    .where('id', '=', id)
    .execute();
}

export async function findLogo(db: Kysely<DB>, slug: string): Promise<{ logo: Buffer; type: string } | undefined> {
  const row = await db
    .selectFrom('organizations')
    .select(['logo', 'logo_type'])
    .where('slug', '=', slug)
    .where('logo', 'is not', null)
    .executeTakeFirst();
  if (!row?.logo) return undefined;
  // PGlite gives a Uint8Array, pg a Buffer.
  return { logo: Buffer.from(row.logo), type: row.logo_type ?? 'image/png' };
}

// ——— Memberships ———

export async function findRoles(db: Kysely<DB>, organizationId: string, userId: string): Promise<Role[] | undefined> {
  const row = await db
    .selectFrom('memberships')
    .select('roles')
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.roles;
}

export async function upsertMembership(
  db: Kysely<DB>,
  m: { organizationId: string; userId: string; roles: Role[] },
  now: Date,
): Promise<void> {
  await db
    .insertInto('memberships')
    .values({ organization_id: m.organizationId, user_id: m.userId, roles: m.roles, created_at: now })
    .onConflict((oc) => oc.columns(['organization_id', 'user_id']).doUpdateSet({ roles: m.roles }))
    .execute();
}

export async function deleteMembership(db: Kysely<DB>, organizationId: string, userId: string): Promise<void> {
  await db.deleteFrom('memberships').where('organization_id', '=', organizationId).where('user_id', '=', userId).execute();
}

export async function countOtherOwners(db: Kysely<DB>, organizationId: string, exceptUserId: string): Promise<number> {
  const row = await db
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('organization_id', '=', organizationId)
    .where('user_id', '!=', exceptUserId)
    .where(sql<boolean>`'owner' = ANY(roles)`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface MemberRow {
  user_id: string;
  public_id: string;
  display_name: string;
  email: string | null;
  roles: Role[];
  created_at: Date;
}

export async function listMembers(db: Kysely<DB>, organizationId: string): Promise<MemberRow[]> {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .leftJoin('user_emails', (join) =>
      join.onRef('user_emails.user_id', '=', 'users.id').on('user_emails.is_primary', '=', true),
    )
    .select([
      'users.id as user_id',
      'users.public_id',
      'users.display_name',
      'user_emails.email',
      'memberships.roles',
      'memberships.created_at',
    ])
    .where('memberships.organization_id', '=', organizationId)
    .orderBy('users.display_name')
    .orderBy('users.public_id')
    .execute();
}

// ——— Users, as organisations need them ———

export async function findUserIdByPublicId(db: Kysely<DB>, publicId: string): Promise<string | undefined> {
  const row = await db.selectFrom('users').select('id').where('public_id', '=', publicId).executeTakeFirst();
  return row?.id;
}

export async function findEmailOwner(
  db: Kysely<DB>,
  email: string,
): Promise<{ userId: string; locale: 'fr' | 'en'; verified: boolean } | undefined> {
  const row = await db
    .selectFrom('user_emails')
    .innerJoin('users', 'users.id', 'user_emails.user_id')
    .select(['users.id', 'users.locale', 'user_emails.verified_at'])
    .where('user_emails.email', '=', email)
    .executeTakeFirst();
  return row ? { userId: row.id, locale: row.locale, verified: row.verified_at !== null } : undefined;
}

export async function hasVerifiedEmail(db: Kysely<DB>, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('user_emails')
    .select('id')
    .where('user_id', '=', userId)
    .where('verified_at', 'is not', null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Marks the address verified for this user, adding it to their account when absent (the caller has
 * proof of control of the mailbox). Another account's unverified secondary claim of the address proves
 * nothing and is released. Returns false when another account holds it verified or as its primary address.
 */
export async function claimVerifiedEmail(db: Kysely<DB>, userId: string, email: string, now: Date): Promise<boolean> {
  const existing = await db
    .selectFrom('user_emails')
    .select(['user_id', 'verified_at', 'is_primary'])
    .where('email', '=', email)
    .forUpdate()
    .executeTakeFirst();
  if (existing && existing.user_id !== userId) {
    if (existing.verified_at || existing.is_primary) return false;
    await db.deleteFrom('user_emails').where('email', '=', email).where('user_id', '=', existing.user_id).execute();
  } else if (existing) {
    if (!existing.verified_at) await db.updateTable('user_emails').set({ verified_at: now }).where('email', '=', email).execute();
    return true;
  }
  const inserted = await db
    .insertInto('user_emails')
    .values({ user_id: userId, email, verified_at: now, is_primary: false, created_at: now })
    .onConflict((oc) => oc.column('email').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}
