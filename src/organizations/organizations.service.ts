// Use cases of organisations: access checks, creation, profile, logo, issuer Profile.
// Each checks who may call it on its first line; pages, the API and the CLI share them.
import { createHash } from 'node:crypto';
import { requireActor } from '../api/registry';
import { AppError, fail } from '../errors';
import type { Actor, Deps } from '../platform/deps';
import { parseInput } from '../platform/validate';
import { normalizeLogo } from './logo';
import { listMembershipsOfUser } from './organizations.repository';
import {
  type Action,
  type IssuerProfile,
  type Organization,
  type Role,
  can,
  freeSlug,
  issuerProfile,
  organizationRowToOrganization,
  slugify,
} from './organizations';
import {
  findEmailOwner,
  findLogo,
  findOrganizationBySlug,
  findRoles,
  hasVerifiedEmail,
  insertOrganization,
  listOrganizations,
  setOrganizationLogo,
  slugsLike,
  updateOrganization,
  upsertMembership,
} from './organizations.repository';
import {
  type CreateOrganizationInput,
  type UpdateOrganizationInput,
  createOrganizationSchema,
  emailSchema,
  updateOrganizationSchema,
} from './organizations.schemas';

export interface OrganizationAccess {
  actor: Actor;
  organization: Organization;
  /** The actor's roles in the organisation (empty for a platform administrator who is not a member). */
  roles: Role[];
}

/** The organisation, or not_found. Public: no access check. */
export async function getOrganization(deps: Deps, slug: string): Promise<Organization> {
  const row = await findOrganizationBySlug(deps.db, slug);
  if (!row) throw fail.notFound('organizations.notFound');
  return organizationRowToOrganization(row);
}

/** The actor's roles in the organisation (empty when signed out or not a member). */
export async function rolesOf(deps: Deps, actor: Actor | null, organization: Organization): Promise<Role[]> {
  if (!actor) return [];
  return (await findRoles(deps.db, organization.id, actor.id)) ?? [];
}

/**
 * The check every organisation use case starts with: a signed-in actor who may do `action` in the
 * organisation `slug` (platform administrators may do everything). Other modules use it too.
 */
export async function requireOrganizationAccess(
  deps: Deps,
  actor: Actor | null,
  slug: string,
  action: Action,
): Promise<OrganizationAccess> {
  const me = requireActor(actor);
  const organization = await getOrganization(deps, slug);
  const roles = await rolesOf(deps, me, organization);
  if (!can(roles, action, me)) throw fail.forbidden();
  return { actor: me, organization, roles };
}

export const ORGANIZATIONS_PAGE_SIZE = 50;

export async function listOrganizationsPage(
  deps: Deps,
  page: number,
): Promise<{ items: Organization[]; page: number; hasMore: boolean }> {
  const rows = await listOrganizations(deps.db, {
    limit: ORGANIZATIONS_PAGE_SIZE + 1,
    offset: (page - 1) * ORGANIZATIONS_PAGE_SIZE,
  });
  return {
    items: rows.slice(0, ORGANIZATIONS_PAGE_SIZE).map(organizationRowToOrganization),
    page,
    hasMore: rows.length > ORGANIZATIONS_PAGE_SIZE,
  };
}

/** Any signed-in person with a verified e-mail address creates an organisation and becomes its owner. */
export async function createOrganization(
  deps: Deps,
  actor: Actor | null,
  input: CreateOrganizationInput,
): Promise<{ slug: string }> {
  const me = requireActor(actor);
  if (!me.isAdmin && !(await hasVerifiedEmail(deps.db, me.id)))
    throw fail.forbidden('organizations.create.verifiedEmailRequired');
  const data = parseInput(createOrganizationSchema, input);
  return insertWithOwner(deps, me.id, data);
}

/** System use (CLI): creates an organisation owned by the account that has this e-mail address. */
export async function createOrganizationForOwnerEmail(
  deps: Deps,
  input: CreateOrganizationInput & { ownerEmail: string },
): Promise<{ slug: string }> {
  const { ownerEmail, ...rest } = input;
  const email = parseInput(emailSchema, ownerEmail);
  const data = parseInput(createOrganizationSchema, rest);
  const owner = await findEmailOwner(deps.db, email);
  if (!owner) throw new AppError('not_found', 'organizations.owner.notFound', { email });
  return insertWithOwner(deps, owner.userId, data);
}

async function insertWithOwner(
  deps: Deps,
  ownerId: string,
  data: { name: string; description?: string | undefined; url?: string | undefined; email?: string | undefined },
): Promise<{ slug: string }> {
  const base = slugify(data.name);
  return deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    // A concurrent creation may take the slug we picked: the insert then does nothing and we pick again.
    for (let attempt = 0; attempt < 10; attempt++) {
      const slug = freeSlug(base, await slugsLike(trx, base));
      const id = await insertOrganization(
        trx,
        { slug, name: data.name, description: data.description ?? '', url: data.url ?? null, email: data.email ?? null },
        now,
      );
      if (id) {
        await upsertMembership(trx, { organizationId: id, userId: ownerId, roles: ['owner'] }, now);
        return { slug };
      }
    }
    throw new Error(`No free slug for ${base}`);
  });
}

/** Edits the profile (owners, admins). The slug never changes: it is the issuer's id in awarded badges. */
export async function updateOrganizationProfile(
  deps: Deps,
  actor: Actor | null,
  slug: string,
  input: UpdateOrganizationInput,
): Promise<Organization> {
  const { organization } = await requireOrganizationAccess(deps, actor, slug, 'org.edit');
  const data = parseInput(updateOrganizationSchema, input);
  // Kysely leaves out the fields that are undefined.
  await updateOrganization(deps.db, organization.id, data, deps.clock.now());
  return getOrganization(deps, slug);
}

/** Replaces the logo with the uploaded image, re-encoded as PNG (owners, admins). */
export async function setOrganizationLogoImage(
  deps: Deps,
  actor: Actor | null,
  slug: string,
  upload: Buffer,
): Promise<void> {
  const { organization } = await requireOrganizationAccess(deps, actor, slug, 'org.edit');
  const png = await normalizeLogo(upload, deps.config.maxUploadBytes);
  await setOrganizationLogo(deps.db, organization.id, png, deps.clock.now());
}

/** The logo as stored (PNG) with an entity tag. Public. */
export async function getOrganizationLogo(deps: Deps, slug: string): Promise<{ png: Buffer; etag: string }> {
  const found = await findLogo(deps.db, slug);
  if (!found) throw fail.notFound();
  const etag = `"${createHash('sha256').update(found.logo).digest('base64url').slice(0, 27)}"`;
  return { png: found.logo, etag };
}

/** The OB 3.0 issuer Profile of the organisation. Public. */
export async function getIssuerProfile(deps: Deps, slug: string): Promise<IssuerProfile> {
  return issuerProfile(await getOrganization(deps, slug), deps.config.baseUrl);
}

/** The organisations in which the actor may do this (by name): those they manage ('org.members'), design for ('badge.design')… */
export async function organizationsWhereActorMay(deps: Deps, actor: Actor, action: Action): Promise<{ slug: string; name: string }[]> {
  const memberships = await listMembershipsOfUser(deps.db, actor.id);
  return memberships.filter((m) => can(m.roles, action, actor)).map((m) => ({ slug: m.slug, name: m.name }));
}
