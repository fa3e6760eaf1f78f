// Use cases of an organisation's members: list, change roles, remove. Members are named by their public id.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { AppError, fail } from '../errors';
import type { Actor, Deps } from '../platform/deps';
import { parseInput } from '../platform/validate';
import { type MembershipRefusal, type Role, membershipRefusal, sortRoles } from './organizations';
import {
  type MemberRow,
  countOtherOwners,
  deleteMembership,
  findRoles,
  findUserIdByPublicId,
  listMembers,
  lockOrganization,
  upsertMembership,
} from './organizations.repository';
import { type MemberRolesInput, memberRolesSchema } from './organizations.schemas';
import { requireOrganizationAccess } from './organizations.service';

export interface Member {
  /** The person's public id. */
  id: string;
  displayName: string;
  email: string | null;
  roles: Role[];
  joinedAt: Date;
}

function memberRowToMember(row: MemberRow): Member {
  return { id: row.public_id, displayName: row.display_name, email: row.email, roles: row.roles, joinedAt: row.created_at };
}

export function refusalError(refusal: MembershipRefusal): AppError {
  switch (refusal) {
    case 'forbidden':
      return fail.forbidden();
    case 'ownerRequired':
      return fail.forbidden('organizations.members.ownerRequired');
    case 'lastOwner':
      return fail.conflict('organizations.members.lastOwner');
  }
}

export async function listOrganizationMembers(deps: Deps, actor: Actor | null, slug: string): Promise<Member[]> {
  const { organization } = await requireOrganizationAccess(deps, actor, slug, 'org.members');
  return (await listMembers(deps.db, organization.id)).map(memberRowToMember);
}

/**
 * Checks, inside the caller's transaction and with the organisation locked, that the actor may take
 * the member from their current roles to `after` ([] = removal). Returns the member's user id.
 */
async function checkChange(
  trx: Kysely<DB>,
  actor: Actor,
  organizationId: string,
  memberPublicId: string,
  after: Role[],
): Promise<string> {
  await lockOrganization(trx, organizationId);
  const userId = await findUserIdByPublicId(trx, memberPublicId);
  const before = userId ? await findRoles(trx, organizationId, userId) : undefined;
  if (!userId || !before) throw fail.notFound('organizations.members.notFound');
  const actorRoles = (await findRoles(trx, organizationId, actor.id)) ?? [];
  const otherOwners = await countOtherOwners(trx, organizationId, userId);
  const refusal = membershipRefusal({ roles: actorRoles, isAdmin: actor.isAdmin }, { before, after, otherOwners });
  if (refusal) throw refusalError(refusal);
  return userId;
}

/** Replaces a member's roles. Granting or removing 'owner' needs an owner; the last owner stays an owner. */
export async function changeMemberRoles(
  deps: Deps,
  actor: Actor | null,
  slug: string,
  memberPublicId: string,
  input: MemberRolesInput,
): Promise<Member> {
  const access = await requireOrganizationAccess(deps, actor, slug, 'org.members');
  const roles = sortRoles(parseInput(memberRolesSchema, input).roles);
  const organizationId = access.organization.id;
  await deps.db.transaction().execute(async (trx) => {
    const userId = await checkChange(trx, access.actor, organizationId, memberPublicId, roles);
    await upsertMembership(trx, { organizationId, userId, roles }, deps.clock.now());
  });
  const member = (await listMembers(deps.db, organizationId)).find((m) => m.public_id === memberPublicId);
  if (!member) throw fail.notFound('organizations.members.notFound');
  return memberRowToMember(member);
}

/** Removes a member from the organisation. Removing an owner needs an owner; the last owner cannot be removed. */
export async function removeMember(deps: Deps, actor: Actor | null, slug: string, memberPublicId: string): Promise<void> {
  const access = await requireOrganizationAccess(deps, actor, slug, 'org.members');
  const organizationId = access.organization.id;
  await deps.db.transaction().execute(async (trx) => {
    const userId = await checkChange(trx, access.actor, organizationId, memberPublicId, []);
    await deleteMembership(trx, organizationId, userId);
  });
}
