// Regional offers (scenario C): whoever holds a badge mapped onto a regional badge is offered the
// regional badge at the mapped level (a mail and the /offers page). Accepting issues it, from the
// network's owner, with the partner credential as evidence; declining is remembered. Offers are
// made when a partner credential is issued (in the same transaction as the issue a job is queued:
// enqueueOfferEvaluation) and, for the earners from before, when a mapping becomes active
// (`networks.backfill`). Which mappings are due is offersDue (networks.ts, pure).
import type { Kysely } from 'kysely';
import { verifiedEmails } from '../accounts/accounts.repository';
import { credentialUrl } from '../awards/awards';
import { insertCredential, isCurrentAt, isCurrentCredential, managedOrganizationIds } from '../awards/awards.repository';
import { isRecipientOf } from '../awards/claims.service';
import { issuingContext, mailRecipients, newCredentialRow, planAward, resolveRecipient, signPlanned } from '../awards/awards.service';
import { badgeLevels } from '../awards/awards';
import { type Badge, badgeRowToBadge, isAwardable, textsIn } from '../badges/badges';
import { findBadgeById } from '../badges/badges.repository';
import { getAchievementDocument } from '../badges/badges.service';
import type { DB, OfferStatus } from '../db/schema';
import { fail } from '../errors';
import { type Locale, translator } from '../i18n';
import { PermanentJobError } from '../jobs/jobs';
import type { JobHandler } from '../jobs/worker';
import { enqueueMailOnce } from '../mail/mail.service';
import type { Actor, Deps } from '../platform/deps';
import { publicId as newPublicId } from '../platform/tokens';
import { enqueueRuleEvaluation } from '../rules/triggers';
import { enqueueCredentialEvents } from '../integrations/integrations.repository';
import { OFFERS_PATH, offersDue } from './networks';

export { OFFERS_JOB } from './networks.repository';
export const OFFERS_BACKFILL_JOB = 'networks.backfill';
const BACKFILL_BATCH = 500;

type Holder = { kind: 'email'; email: string; key: string } | { kind: 'organization'; organizationId: string; key: string };


/** The levels of a badge, lowest first, by name. */
async function levelNames(deps: Deps, badgePublicId: string): Promise<string[]> {
  return badgeLevels(await getAchievementDocument(deps, badgePublicId)).map((l) => l.name);
}

/** Makes the offers due for one partner credential (idempotent: one offer per mapping and holder). */
export async function offerFor(deps: Deps, credentialId: string): Promise<number> {
  const credential = await deps.db
    .selectFrom('credentials')
    .select(['id', 'badge_id', 'recipient_email', 'recipient_organization_id', 'revoked_at', 'state', 'valid_until'])
    .where('id', '=', credentialId)
    .executeTakeFirst();
  if (!credential) return 0;
  const now = deps.clock.now();
  const holder: Holder = credential.recipient_organization_id
    ? { kind: 'organization', organizationId: credential.recipient_organization_id, key: `organization:${credential.recipient_organization_id}` }
    : { kind: 'email', email: credential.recipient_email!, key: `email:${credential.recipient_email!}` };
  const mappings = await deps.db
    .selectFrom('badge_mappings as m')
    .innerJoin('badges as r', 'r.id', 'm.regional_badge_id')
    .select(['m.id', 'm.regional_badge_id', 'r.public_id as regional', 'm.level'])
    .where('m.partner_badge_id', '=', credential.badge_id)
    .where('m.status', '=', 'active')
    .execute();
  if (mappings.length === 0) return 0;
  const offered = await deps.db.selectFrom('regional_offers').select('mapping_id').where('holder_key', '=', holder.key).where('mapping_id', 'in', mappings.map((m) => m.id)).execute();
  const heldRows = await deps.db
    .selectFrom('credentials')
    .select(['badge_id', 'level', 'revoked_at', 'state', 'valid_until'])
    .where('badge_id', 'in', [...new Set(mappings.map((m) => m.regional_badge_id))])
    .where(holder.kind === 'email' ? 'recipient_email' : 'recipient_organization_id', '=', holder.kind === 'email' ? holder.email : holder.organizationId)
    .execute();
  const levels = new Map<string, string[]>();
  for (const m of mappings) if (!levels.has(m.regional_badge_id)) levels.set(m.regional_badge_id, await levelNames(deps, m.regional));
  const held = new Map<string, string | null>();
  for (const h of heldRows.filter(isCurrentAt(now))) {
    const names = levels.get(h.badge_id) ?? [];
    const before = held.get(h.badge_id);
    if (!held.has(h.badge_id) || (h.level !== null && (before === null || before === undefined || names.indexOf(h.level) > names.indexOf(before)))) held.set(h.badge_id, h.level);
  }
  const due = offersDue({
    partnerCurrent: isCurrentAt(now)(credential),
    mappings: mappings.map((m) => ({ id: m.id, regionalBadge: m.regional_badge_id, level: m.level })),
    offered: new Set(offered.map((o) => o.mapping_id)),
    held,
    levels,
  });
  let made = 0;
  for (const mappingId of due) {
    const mapping = mappings.find((m) => m.id === mappingId)!;
    await deps.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('regional_offers')
        .values({
          public_id: newPublicId(),
          mapping_id: mappingId,
          partner_credential_id: credential.id,
          recipient_email: holder.kind === 'email' ? holder.email : null,
          recipient_organization_id: holder.kind === 'organization' ? holder.organizationId : null,
          holder_key: holder.key,
          created_at: now,
        })
        .onConflict((oc) => oc.columns(['mapping_id', 'holder_key']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted) return;
      made += 1;
      const regional = badgeRowToBadge((await findBadgeById(trx, mapping.regional_badge_id))!);
      const partner = badgeRowToBadge((await findBadgeById(trx, credential.badge_id))!);
      const recipients = await mailRecipients(trx, holder.kind === 'email' ? { kind: 'email', email: holder.email } : holder, regional.achievement.inLanguage);
      for (const to of recipients)
        await enqueueMailOnce(
          trx,
          {
            to: to.email,
            locale: to.locale,
            template: 'networks.offer',
            params: {
              badge: textsIn(regional.achievement, to.locale).name,
              level: mapping.level ?? '',
              partner: textsIn(partner.achievement, to.locale).name,
              issuer: regional.organizationName,
              url: `${deps.config.baseUrl}${OFFERS_PATH}`,
            },
          },
          { dedupeKey: `regional-offer:${inserted.id}:${to.email}` },
        );
    });
  }
  return made;
}

const idList = (payload: unknown, key: string): string[] => {
  const value = (payload as Record<string, unknown> | null)?.[key];
  const list = Array.isArray(value) ? value : [value];
  if (!list.every((v): v is string => typeof v === 'string' && /^\d+$/.test(v))) throw new PermanentJobError(`Malformed payload: ${key}`);
  return list;
};

/** `networks.offers`: the offers new partner credentials bring. */
export function offersJobHandler(): JobHandler {
  return async (deps, payload) => {
    for (const id of idList(payload, 'credentials')) await offerFor(deps, id);
  };
}

/** `networks.backfill`: a mapping became active; everyone holding the partner badge now is offered the regional badge. */
export function offersBackfillJobHandler(): JobHandler {
  return async (deps, payload) => {
    const [mappingId] = idList(payload, 'mapping');
    const mapping = await deps.db.selectFrom('badge_mappings').select(['partner_badge_id', 'status']).where('id', '=', mappingId!).executeTakeFirst();
    if (!mapping || mapping.status !== 'active') return;
    const now = deps.clock.now();
    let after = '0';
    for (;;) {
      const rows = await deps.db
        .selectFrom('credentials as c')
        .select('c.id')
        .where('c.badge_id', '=', mapping.partner_badge_id)
        .where(isCurrentCredential('c', now))
        .where('c.id', '>', after)
        .orderBy('c.id')
        .limit(BACKFILL_BATCH)
        .execute();
      for (const row of rows) await offerFor(deps, row.id);
      if (rows.length < BACKFILL_BATCH) return;
      after = rows[rows.length - 1]!.id;
    }
  };
}

// ——— The earner's side ———

export interface Offer {
  id: string;
  status: OfferStatus;
  regional: { id: string; name: string; issuer: string };
  level: string | null;
  partner: { id: string; name: string; issuer: string; credentialId: string };
  network: { id: string; name: string };
  /** The organisation the offer is for (its managers answer it), or null for a person. */
  organization: string | null;
  credentialId: string | null;
  createdAt: Date;
}

function offersQuery(db: Kysely<DB>) {
  return db
    .selectFrom('regional_offers as o')
    .innerJoin('badge_mappings as m', 'm.id', 'o.mapping_id')
    .innerJoin('networks as n', 'n.id', 'm.network_id')
    .innerJoin('credentials as pc', 'pc.id', 'o.partner_credential_id')
    .leftJoin('credentials as rc', 'rc.id', 'o.credential_id')
    .leftJoin('organizations as ro', 'ro.id', 'o.recipient_organization_id')
    .select([
      'o.id',
      'o.public_id',
      'o.status',
      'o.recipient_email',
      'o.recipient_organization_id',
      'o.created_at',
      'm.regional_badge_id',
      'm.partner_badge_id',
      'm.level',
      'n.public_id as network',
      'n.name as network_name',
      'pc.public_id as partner_credential',
      'pc.id as partner_credential_id',
      'rc.public_id as credential',
      'ro.name as organization_name',
    ]);
}
type OfferRow = Awaited<ReturnType<ReturnType<typeof offersQuery>['executeTakeFirstOrThrow']>>;

async function toOffer(deps: Deps, row: OfferRow, locale: Locale): Promise<Offer> {
  const regional = badgeRowToBadge((await findBadgeById(deps.db, row.regional_badge_id))!);
  const partner = badgeRowToBadge((await findBadgeById(deps.db, row.partner_badge_id))!);
  return {
    id: row.public_id,
    status: row.status,
    regional: { id: regional.publicId, name: textsIn(regional.achievement, locale).name, issuer: regional.organizationName },
    level: row.level,
    partner: { id: partner.publicId, name: textsIn(partner.achievement, locale).name, issuer: partner.organizationName, credentialId: row.partner_credential },
    network: { id: row.network, name: row.network_name },
    organization: row.organization_name,
    credentialId: row.credential,
    createdAt: row.created_at,
  };
}

/** The offers made to the actor (their verified addresses) and to the organisations they manage, newest first. */
export async function listMyOffers(deps: Deps, actor: Actor | null): Promise<Offer[]> {
  if (!actor) throw fail.unauthenticated();
  const [emails, organizations] = await Promise.all([verifiedEmails(deps.db, actor.id), managedOrganizationIds(deps.db, actor.id)]);
  if (emails.length === 0 && organizations.length === 0) return [];
  const rows = await offersQuery(deps.db)
    .where((eb) =>
      eb.or([
        ...(emails.length ? [eb('o.recipient_email', 'in', emails)] : []),
        ...(organizations.length ? [eb('o.recipient_organization_id', 'in', organizations)] : []),
      ]),
    )
    .orderBy('o.id', 'desc')
    .limit(100)
    .execute();
  const out: Offer[] = [];
  for (const row of rows) out.push(await toOffer(deps, row, actor.locale));
  return out;
}

/** The offer if it is the actor's to answer (404 otherwise: offers are private). */
async function myOffer(deps: Deps, actor: Actor | null, publicId: string): Promise<{ actor: Actor; row: OfferRow }> {
  if (!actor) throw fail.unauthenticated();
  const row = await offersQuery(deps.db).where('o.public_id', '=', publicId).executeTakeFirst();
  if (!row) throw fail.notFound('networks.offer.notFound');
  const mine = await isRecipientOf(deps, actor, row.recipient_email ? { email: row.recipient_email } : { organizationId: row.recipient_organization_id! });
  if (!mine) throw fail.notFound('networks.offer.notFound');
  return { actor, row };
}

async function lockOffer(trx: Kysely<DB>, id: string): Promise<{ status: OfferStatus } | undefined> {
  return trx.selectFrom('regional_offers').select('status').where('id', '=', id).forUpdate().executeTakeFirst();
}

/**
 * Accepts an offer: the regional badge is issued at the mapped level, by the network's owner, with
 * the partner credential as evidence, and is the earner's at once (they asked for it). Once only:
 * the offer row is locked and still open when the credential is stored.
 */
export async function acceptOffer(deps: Deps, actor: Actor | null, publicId: string): Promise<{ credential: string }> {
  const { row } = await myOffer(deps, actor, publicId);
  if (row.status !== 'offered') throw fail.conflict('networks.offer.answered');
  const now = deps.clock.now();
  const partnerCredential = await deps.db.selectFrom('credentials').select(['revoked_at', 'state', 'valid_until']).where('id', '=', row.partner_credential_id).executeTakeFirstOrThrow();
  if (!isCurrentAt(now)(partnerCredential)) throw fail.conflict('networks.offer.partnerNoLonger');
  const regional: Badge = badgeRowToBadge((await findBadgeById(deps.db, row.regional_badge_id))!);
  if (!isAwardable(regional)) throw fail.conflict('networks.offer.regionalClosed');
  const partner = badgeRowToBadge((await findBadgeById(deps.db, row.partner_badge_id))!);
  const ctx = await issuingContext(deps, regional);
  const recipient = row.recipient_email
    ? await resolveRecipient(deps, { email: row.recipient_email })
    : await resolveRecipient(deps, { organization: (await deps.db.selectFrom('organizations').select('slug').where('id', '=', row.recipient_organization_id!).executeTakeFirstOrThrow()).slug });
  const t = translator(regional.achievement.inLanguage);
  const plan = planAward(
    ctx,
    {
      recipient: {},
      level: row.level ?? undefined,
      evidence: [
        {
          id: credentialUrl(deps.config.baseUrl, row.partner_credential),
          name: textsIn(partner.achievement, regional.achievement.inLanguage).name,
          description: t('networks.offer.evidence', { issuer: partner.organizationName }),
        },
      ],
    },
    recipient,
    now,
  );
  const { award, signed } = await signPlanned(deps, ctx, plan, now);
  return deps.db.transaction().execute(async (trx) => {
    const locked = await lockOffer(trx, row.id);
    // Answered meanwhile (a second click, another manager): this signature is dropped.
    if (locked?.status !== 'offered') throw fail.conflict('networks.offer.answered');
    const id = await insertCredential(trx, { ...newCredentialRow(ctx, award, signed, { tokenHash: null, issuedBy: null, now }), state: 'accepted', accepted_at: now });
    await trx.updateTable('regional_offers').set({ status: 'accepted', decided_at: now, credential_id: id }).where('id', '=', row.id).execute();
    await enqueueRuleEvaluation(trx, [id]);
    await enqueueCredentialEvents(trx, 'credential.issued', [id], { baseUrl: deps.config.baseUrl, now, organizationId: ctx.organization.id });
    return { credential: award.publicId };
  });
}

/** Declines an offer; it is remembered (not offered again for this mapping). */
export async function declineOffer(deps: Deps, actor: Actor | null, publicId: string): Promise<void> {
  const { row } = await myOffer(deps, actor, publicId);
  await deps.db.transaction().execute(async (trx) => {
    const locked = await lockOffer(trx, row.id);
    if (locked?.status !== 'offered') throw fail.conflict('networks.offer.answered');
    await trx.updateTable('regional_offers').set({ status: 'declined', decided_at: deps.clock.now() }).where('id', '=', row.id).execute();
  });
}
