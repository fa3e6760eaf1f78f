// Per-instance secrets kept in the database, so that every app process of one instance shares them.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';

export async function instanceSecret(db: Kysely<DB>, key: string): Promise<string> {
  await db
    .insertInto('instance_settings')
    .values({ key, value: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db.selectFrom('instance_settings').select('value').where('key', '=', key).executeTakeFirstOrThrow();
  return row.value;
}
