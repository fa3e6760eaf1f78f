// Read-only figures of the whole platform for the administration overview.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';

export async function countUsersAndOrganizations(db: Kysely<DB>): Promise<{ users: number; organizations: number }> {
  const [users, organizations] = await Promise.all([
    db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    db.selectFrom('organizations').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { users: Number(users.n), organizations: Number(organizations.n) };
}
