// SQL of organisations and their members.
import type { Kysely } from 'kysely';
import type { DB, Role } from '../db/schema';

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
