// SQL of revocation status lists: atomic allocation of indexes, revisions, the cached signed list.
import { type Kysely, type NotNull, sql } from 'kysely';
import type { DB, StatusListRow } from '../db/schema';

export interface StatusEntry {
  listId: string;
  index: number;
}

/**
 * Takes `count` consecutive free indexes in the organisation's open revocation lists signed as
 * `issuerId`, opening new lists when they are full. Each statement is atomic: concurrent callers
 * never get the same index (the row is locked while its counter moves).
 */
export async function allocateStatusEntries(
  db: Kysely<DB>,
  list: { organizationId: string; issuerId: string; now: Date },
  count: number,
): Promise<StatusEntry[]> {
  const entries: StatusEntry[] = [];
  while (entries.length < count) {
    const want = count - entries.length;
    const taken = await sql<{ id: string; start: number; end: number }>`
      WITH picked AS (
        SELECT id, next_index FROM status_lists
        WHERE organization_id = ${list.organizationId} AND purpose = 'revocation' AND issuer_id = ${list.issuerId}
          AND next_index < length
        ORDER BY id
        LIMIT 1
        FOR UPDATE
      )
      UPDATE status_lists s
      SET next_index = LEAST(s.length, s.next_index + ${want}::integer), updated_at = ${list.now}
      FROM picked
      WHERE s.id = picked.id AND s.next_index < s.length
      RETURNING s.id, s.next_index - LEAST(s.length - picked.next_index, ${want}::integer) AS start, s.next_index AS end
    `.execute(db);
    const row = taken.rows[0];
    if (row) {
      for (let i = Number(row.start); i < Number(row.end); i++) entries.push({ listId: String(row.id), index: i });
      continue;
    }
    await db
      .insertInto('status_lists')
      .values({ organization_id: list.organizationId, issuer_id: list.issuerId, created_at: list.now, updated_at: list.now })
      .execute();
  }
  return entries;
}

export async function findStatusList(db: Kysely<DB>, id: string): Promise<StatusListRow | undefined> {
  if (!/^\d{1,18}$/.test(id)) return undefined;
  return db.selectFrom('status_lists').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Records that a list's bits changed: its signed copy is stale until signed again. */
export async function bumpRevision(db: Kysely<DB>, id: string, now: Date): Promise<void> {
  await db
    .updateTable('status_lists')
    .set((eb) => ({ revision: eb('revision', '+', 1), updated_at: now }))
    .where('id', '=', id)
    .execute();
}

/** Indexes of the revoked credentials and withdrawn endorsements of a list. */
export async function revokedIndexes(db: Kysely<DB>, listId: string): Promise<number[]> {
  const rows = await db
    .selectFrom('credentials')
    .select('status_list_index')
    .where('status_list_id', '=', listId)
    .where('revoked_at', 'is not', null)
    .unionAll(
      db
        .selectFrom('endorsements')
        .select('status_list_index')
        .where('status_list_id', '=', listId)
        .where('revoked_at', 'is not', null)
        // Set with status_list_id (endorsements_status_entry).
        .$narrowType<{ status_list_index: NotNull }>(),
    )
    .execute();
  return rows.map((r) => r.status_list_index);
}

/** Stores a signed copy made at `revision`, unless a newer one is stored already. */
export async function storeSignedList(db: Kysely<DB>, id: string, revision: number, credential: object, now: Date): Promise<void> {
  await db
    .updateTable('status_lists')
    .set({ credential: JSON.stringify(credential), signed_revision: revision, updated_at: now })
    .where('id', '=', id)
    .where('signed_revision', '<', revision)
    .execute();
}
