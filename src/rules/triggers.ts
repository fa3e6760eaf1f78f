// When a credential is issued, revoked or declined, the key badges and labels resting on its badge
// must be looked at again for its holder. The caller passes the credentials it changed, in its own
// transaction; a `rules.evaluate` job is enqueued (one per badge) only when some published badge's
// award rule names that badge, so awards outside any rule cost one indexed query.
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema';
import { enqueue } from '../jobs/queue';
import { enqueueOfferEvaluation } from '../networks/networks.repository';

export const RULES_JOB = 'rules.evaluate';

export type RuleRecipient = { email: string } | { organizationId: string };

export interface RulesJobPayload {
  /** Internal id of the badge whose credentials changed. */
  badge: string;
  recipients: RuleRecipient[];
}

/** Whether a published badge's award rule names the badge with this public id (SQL, `p` aliasing the part badge). */
export const namedByARule = (part: string) =>
  sql<boolean>`EXISTS (
    SELECT 1 FROM badges k
    WHERE k.status = 'published' AND k.settings -> 'awardRule' IS NOT NULL
      AND strpos((k.settings -> 'awardRule')::text, '"' || ${sql.ref(`${part}.public_id`)} || '"') > 0)`;

/** Enqueues the re-evaluation of the rules resting on these credentials' badges, for their recipients. */
export async function enqueueRuleEvaluation(db: Kysely<DB>, credentialIds: readonly string[]): Promise<number> {
  if (credentialIds.length === 0) return 0;
  // Credentials of badges mapped onto a network's regional badges bring offers.
  await enqueueOfferEvaluation(db, credentialIds);
  const rows = await db
    .selectFrom('credentials as c')
    .innerJoin('badges as p', 'p.id', 'c.badge_id')
    .select(['c.badge_id', 'c.recipient_email', 'c.recipient_organization_id'])
    .where('c.id', 'in', [...credentialIds])
    .where(namedByARule('p'))
    .execute();
  const byBadge = new Map<string, RuleRecipient[]>();
  for (const row of rows) {
    const recipient: RuleRecipient = row.recipient_organization_id ? { organizationId: row.recipient_organization_id } : { email: row.recipient_email ?? '' };
    byBadge.set(row.badge_id, [...(byBadge.get(row.badge_id) ?? []), recipient]);
  }
  for (const [badge, recipients] of byBadge) await enqueue(db, RULES_JOB, { badge, recipients } satisfies RulesJobPayload);
  return byBadge.size;
}

export const RULES_BACKFILL_JOB = 'rules.backfill';

/** Enqueues, in the caller's transaction, the evaluation of a key badge's rule for everyone holding one of its parts (rule set or changed, badge published). */
export async function enqueueRuleBackfill(db: Kysely<DB>, keyBadgeId: string): Promise<void> {
  await enqueue(db, RULES_BACKFILL_JOB, { badge: keyBadgeId });
}
