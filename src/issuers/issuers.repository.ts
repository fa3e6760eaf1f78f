// SQL of issuer keys.
import type { Kysely } from 'kysely';
import type { DB, IssuerKeyRow } from '../db/schema';

export async function findActiveKey(db: Kysely<DB>, organizationId: string): Promise<IssuerKeyRow | undefined> {
  return db
    .selectFrom('issuer_keys')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('retired_at', 'is', null)
    .executeTakeFirst();
}

/** Every key the organisation ever signed with, oldest first (all stay verifiable). */
export async function listKeys(db: Kysely<DB>, organizationId: string): Promise<IssuerKeyRow[]> {
  return db.selectFrom('issuer_keys').selectAll().where('organization_id', '=', organizationId).orderBy('id').execute();
}

export async function countKeys(db: Kysely<DB>, organizationId: string): Promise<number> {
  const row = await db
    .selectFrom('issuer_keys')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('organization_id', '=', organizationId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Inserts a new active key; undefined when another one became active meanwhile (the unique index). */
export async function insertActiveKey(
  db: Kysely<DB>,
  key: { organizationId: string; fragment: string; publicKeyMultibase: string; encryptedPrivateKey: string; now: Date },
): Promise<IssuerKeyRow | undefined> {
  return db
    .insertInto('issuer_keys')
    .values({
      organization_id: key.organizationId,
      fragment: key.fragment,
      public_key_multibase: key.publicKeyMultibase,
      encrypted_private_key: key.encryptedPrivateKey,
      created_at: key.now,
    })
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function retireActiveKey(db: Kysely<DB>, organizationId: string, now: Date): Promise<void> {
  await db
    .updateTable('issuer_keys')
    .set({ retired_at: now })
    .where('organization_id', '=', organizationId)
    .where('retired_at', 'is', null)
    .execute();
}

export async function setDidMethod(db: Kysely<DB>, organizationId: string, method: 'web' | 'key', now: Date): Promise<void> {
  await db.updateTable('organizations').set({ did_method: method, updated_at: now }).where('id', '=', organizationId).execute();
}
