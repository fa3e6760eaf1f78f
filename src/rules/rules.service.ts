// Key badges and labels: a badge whose award rule a holder satisfies is awarded to them
// automatically, lasts while some satisfying set of their credentials stays valid, and follows
// what it rests on. For one key badge and one holder, `settleRule` brings the holder's rule-issued
// credentials in line with `evaluateRule` (pure, award-rule.ts):
//   - not satisfied (a part revoked, declined or expired unrenewed) → the key badge lapses (revoked);
//   - satisfied until V, and a current key badge already ends at V → nothing;
//   - one ends after V (a part it rested on was revoked) → revoked, and a new one ending at V issued;
//   - none reaches V (first time, or a part renewed) → a new one ending at V issued, naming as
//     evidence the credentials it rests on; the older one stays valid until its own end.
// A key badge the holder declined is not issued again. Holder and key badge are serialised by an
// advisory lock, so two parts issued at once award the key badge once.
import { sql } from 'kysely';
import { credentialUrl } from '../awards/awards';
import { insertCredential, isCurrentAt, isCurrentCredential } from '../awards/awards.repository';
import { enqueueClaimMails, issuingContext, newCredentialRow, planAward, resolveRecipient, signPlanned } from '../awards/awards.service';
import type { AwardRecipient } from '../awards/issue';
import { publishRevocation, recordRevocation } from '../awards/revocation.service';
import { type Badge, badgeRowToBadge, isAwardable, validUntil as validityEnd } from '../badges/badges';
import { listBadgesWithRuleNaming } from '../badges/badges.repository';
import { translator } from '../i18n';
import { PermanentJobError } from '../jobs/jobs';
import type { JobHandler } from '../jobs/worker';
import type { Deps } from '../platform/deps';
import { randomToken, sha256 } from '../platform/tokens';
import { type AwardRule, awardRuleSchema, evaluateRule, universe } from './award-rule';
import { type RuleRecipient, type RulesJobPayload, enqueueRuleEvaluation } from './triggers';
import { enqueueCredentialEvents } from '../integrations/integrations.repository';
import { findBadgeById } from '../badges/badges.repository';

/** Who holds the credentials a rule looks at: every verified address of one person, or an organisation. */
type Holder =
  | { kind: 'email'; key: string; emails: string[]; to: string }
  | { kind: 'organization'; key: string; organizationId: string; slug: string };

export type SettleOutcome = 'unchanged' | 'issued' | 'lapsed' | 'reissued' | 'declined' | 'unsatisfied';

/** The badge's award rule, when it has a valid one. */
export function ruleOf(badge: Pick<Badge, 'settings'>): AwardRule | undefined {
  const parsed = awardRuleSchema.safeParse(badge.settings.awardRule);
  return parsed.success ? parsed.data : undefined;
}

async function holderOf(deps: Deps, recipient: RuleRecipient): Promise<Holder | undefined> {
  if ('organizationId' in recipient) {
    const org = await deps.db.selectFrom('organizations').select('slug').where('id', '=', recipient.organizationId).executeTakeFirst();
    return org && { kind: 'organization', key: `organization:${recipient.organizationId}`, organizationId: recipient.organizationId, slug: org.slug };
  }
  const email = recipient.email.toLowerCase();
  const owner = await deps.db.selectFrom('user_emails').select('user_id').where('email', '=', email).where('verified_at', 'is not', null).executeTakeFirst();
  if (!owner) return { kind: 'email', key: `email:${email}`, emails: [email], to: email };
  const addresses = await deps.db
    .selectFrom('user_emails')
    .select('email')
    .where('user_id', '=', owner.user_id)
    .where('verified_at', 'is not', null)
    .orderBy('is_primary', 'desc')
    .orderBy('email')
    .execute();
  return { kind: 'email', key: `user:${owner.user_id}`, emails: addresses.map((a) => a.email), to: addresses[0]?.email ?? email };
}

type Db = Deps['db'];

/** The holder's credentials of these badges that are neither revoked nor declined (expired ones too: the caller filters). */
function credentialsOf(db: Db, holder: Holder) {
  const query = db
    .selectFrom('credentials as c')
    .innerJoin('badges as b', 'b.id', 'c.badge_id')
    .select(['c.id', 'c.public_id', 'b.public_id as badge', 'c.valid_until', 'c.state', 'c.revoked_at', 'c.rule_basis', 'c.status_list_id', sql<string | null>`c.document -> 'credentialSubject' -> 'achievement' ->> 'name'`.as('name')])
    .where('c.revoked_at', 'is', null);
  return holder.kind === 'email' ? query.where('c.recipient_email', 'in', holder.emails) : query.where('c.recipient_organization_id', '=', holder.organizationId);
}

/** Brings one holder's credentials of one key badge in line with its rule (see the top of this file). */
export async function settleRule(deps: Deps, keyBadge: Badge, recipient: RuleRecipient): Promise<SettleOutcome> {
  const rule = ruleOf(keyBadge);
  if (!rule || !isAwardable(keyBadge)) return 'unchanged';
  const holder = await holderOf(deps, recipient);
  if (!holder) return 'unchanged';
  const parts = [...universe(rule)].filter((id) => id !== keyBadge.publicId);
  // Signing happens under the lock: a key badge is one signature, and this keeps the decision and its credential together.
  const settled = await deps.db.transaction().execute(async (trx): Promise<{ statusListIds: string[]; outcome: SettleOutcome }> => {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`rules:${keyBadge.id}:${holder.key}`}))`.execute(trx);
    const now = deps.clock.now();
    const isCurrent = isCurrentAt(now);
    const held = parts.length ? (await credentialsOf(trx, holder).where('b.public_id', 'in', parts).execute()).filter(isCurrent) : [];
    const mine = await credentialsOf(trx, holder).where('c.badge_id', '=', keyBadge.id).where('c.rule_basis', 'is not', null).execute();
    const current = mine.filter(isCurrent);
    const result = evaluateRule(
      rule,
      held.map((h) => ({ badge: h.badge, validUntil: h.valid_until })),
    );
    const t = translator(keyBadge.achievement.inLanguage);
    const revoke = async (rows: typeof current, reason: string) => {
      for (const row of rows) await recordRevocation(trx, { id: row.id, statusListId: row.status_list_id }, reason, now, deps.config.baseUrl);
      return rows.map((r) => r.status_list_id);
    };
    if (!result.satisfied) {
      if (current.length === 0) return { statusListIds: [], outcome: 'unsatisfied' };
      return { statusListIds: await revoke(current, t('rules.revocation.lapsed')), outcome: 'lapsed' };
    }
    const own = validityEnd(now, keyBadge.settings.validity);
    const until = result.validUntil === null ? own : own === null || own.getTime() > result.validUntil.getTime() ? result.validUntil : own;
    const ends = (c: { valid_until: Date | null }) => (c.valid_until === null ? Infinity : c.valid_until.getTime());
    const target = until === null ? Infinity : until.getTime();
    // A key badge promising more than the rule now gives (a part it rested on was revoked) is revoked.
    const revoked = await revoke(
      current.filter((c) => ends(c) > target),
      t('rules.revocation.shortened'),
    );
    if (current.some((c) => ends(c) === target)) return { statusListIds: revoked, outcome: revoked.length ? ('lapsed') : ('unchanged') };
    if (revoked.length === 0 && mine.some((c) => c.state === 'declined')) return { statusListIds: [], outcome: 'declined' };

    // The credentials it rests on: for each badge of the satisfying set, the holding lasting longest.
    const basis = result.basis.map((badge) => held.filter((h) => h.badge === badge).sort((a, b) => ends(b) - ends(a))[0]!);
    const ctx = await issuingContext({ ...deps, db: trx }, keyBadge);
    const awardee: AwardRecipient = await resolveRecipient({ ...deps, db: trx }, holder.kind === 'email' ? { email: holder.to } : { organization: holder.slug });
    const plan = planAward(
      ctx,
      {
        recipient: {},
        ...(until ? { validUntil: until } : { validUntil: null }),
        evidence: basis.map((b) => ({
          id: credentialUrl(deps.config.baseUrl, b.public_id),
          name: b.name ?? b.badge,
          description: t('rules.evidence.part'),
        })),
      },
      awardee,
      now,
    );
    const { award, signed } = await signPlanned({ ...deps, db: trx }, ctx, plan, now);
    const token = randomToken();
    const id = await insertCredential(trx, {
      ...newCredentialRow(ctx, award, signed, { tokenHash: sha256(token), issuedBy: null, now }),
      rule_basis: JSON.stringify(basis.map((b) => b.public_id)),
    });
    await enqueueClaimMails(trx, ctx, awardee, token, keyBadge.achievement.inLanguage);
    // A key badge may itself be part of another rule.
    await enqueueRuleEvaluation(trx, [id]);
    await enqueueCredentialEvents(trx, 'credential.issued', [id], { baseUrl: deps.config.baseUrl, now, organizationId: ctx.organization.id });
    return { statusListIds: revoked, outcome: current.length ? ('reissued') : ('issued') };
  });
  for (const listId of new Set(settled.statusListIds)) await publishRevocation(deps, listId);
  return settled.outcome;
}

/** The published badges whose award rule names this badge. */
export async function keyBadgesResting(deps: Deps, partPublicId: string): Promise<Badge[]> {
  const rows = await listBadgesWithRuleNaming(deps.db, partPublicId);
  return rows.map(badgeRowToBadge).filter((b) => {
    const rule = ruleOf(b);
    return rule !== undefined && universe(rule).has(partPublicId);
  });
}

const recipientSchema = (value: unknown): RuleRecipient => {
  const r = value as Record<string, unknown> | null;
  if (r && typeof r.email === 'string') return { email: r.email };
  if (r && typeof r.organizationId === 'string' && /^\d+$/.test(r.organizationId)) return { organizationId: r.organizationId };
  throw new PermanentJobError('Malformed payload: recipient');
};

/** `rules.evaluate`: settles every key badge resting on the badge, for each recipient. */
export function rulesJobHandler(): JobHandler {
  return async (deps, payload) => {
    const p = payload as Partial<RulesJobPayload> | null;
    if (typeof p?.badge !== 'string' || !/^\d+$/.test(p.badge) || !Array.isArray(p.recipients)) throw new PermanentJobError('Malformed rules.evaluate payload');
    const recipients = p.recipients.map(recipientSchema);
    const part = await deps.db.selectFrom('badges').select('public_id').where('id', '=', p.badge).executeTakeFirst();
    if (!part) return;
    for (const keyBadge of await keyBadgesResting(deps, part.public_id)) for (const recipient of recipients) await settleRule(deps, keyBadge, recipient);
  };
}

/** Everyone holding a current credential of one of the rule's badges, and everyone holding a rule-issued key badge (it may have to lapse). */
async function candidates(deps: Deps, keyBadge: Badge, rule: AwardRule): Promise<RuleRecipient[]> {
  const now = deps.clock.now();
  const rows = await deps.db
    .selectFrom('credentials as c')
    .innerJoin('badges as b', 'b.id', 'c.badge_id')
    .select(['c.recipient_email', 'c.recipient_organization_id'])
    .distinct()
    .where((eb) =>
      eb.or([
        eb.and([eb('b.public_id', 'in', [...universe(rule)]), isCurrentCredential('c', now)]),
        eb.and([eb('c.badge_id', '=', keyBadge.id), eb('c.rule_basis', 'is not', null), eb('c.revoked_at', 'is', null), eb('c.state', '<>', 'declined')]),
      ]),
    )
    .execute();
  return rows.map((r) => (r.recipient_organization_id ? { organizationId: r.recipient_organization_id } : { email: r.recipient_email ?? '' }));
}

/** `rules.backfill`: settles a key badge for everyone who may satisfy its rule or holds it (its rule was set, changed, or it was published). */
export function rulesBackfillJobHandler(): JobHandler {
  return async (deps, payload) => {
    const id = (payload as { badge?: unknown } | null)?.badge;
    if (typeof id !== 'string' || !/^\d+$/.test(id)) throw new PermanentJobError('Malformed rules.backfill payload');
    const row = await findBadgeById(deps.db, id);
    if (!row) return;
    const keyBadge = badgeRowToBadge(row);
    const rule = ruleOf(keyBadge);
    if (!rule || !isAwardable(keyBadge)) return;
    for (const recipient of await candidates(deps, keyBadge, rule)) await settleRule(deps, keyBadge, recipient);
  };
}
