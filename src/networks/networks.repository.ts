// Reads of networks other modules need without depending on the networks' use cases.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { enqueue } from '../jobs/queue';

export const OFFERS_JOB = 'networks.offers';

/** The public id of the network whose participant badge this is (one joins through the network's page). */
export async function networkOfParticipantBadge(db: Kysely<DB>, badgeId: string): Promise<string | undefined> {
  const row = await db.selectFrom('networks').select('public_id').where('participant_badge_id', '=', badgeId).executeTakeFirst();
  return row?.public_id;
}

/**
 * In the caller's transaction (every issue, revocation and decline, through enqueueRuleEvaluation):
 * queues the regional offers the credentials may bring — only those of badges with an active mapping.
 */
export async function enqueueOfferEvaluation(db: Kysely<DB>, credentialIds: readonly string[]): Promise<void> {
  if (credentialIds.length === 0) return;
  const rows = await db
    .selectFrom('credentials as c')
    .select('c.id')
    .where('c.id', 'in', [...credentialIds])
    .where((eb) => eb.exists(eb.selectFrom('badge_mappings as m').select('m.id').whereRef('m.partner_badge_id', '=', 'c.badge_id').where('m.status', '=', 'active')))
    .execute();
  if (rows.length > 0) await enqueue(db, OFFERS_JOB, { credentials: rows.map((r) => r.id) });
}
