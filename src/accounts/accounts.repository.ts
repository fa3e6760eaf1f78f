// SQL of accounts: users and their e-mail addresses.
import type { Kysely } from 'kysely';
import type { DB, UserEmailRow, UserRow } from '../db/schema';

export async function hasAnyUser(db: Kysely<DB>): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}

export async function findUserById(db: Kysely<DB>, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listUserEmails(db: Kysely<DB>, userId: string): Promise<UserEmailRow[]> {
  return db.selectFrom('user_emails').selectAll().where('user_id', '=', userId).orderBy('is_primary', 'desc').orderBy('email').execute();
}
