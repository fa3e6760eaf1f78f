// What follows the decision on a network's participant application, settled idempotently with the
// rest of the decision (applications/decision.ts, at once and again by its job): accepted → the
// organisation is a member, each proposed mapping is active and its partner badge endorsed by the
// network's owner (a signed EndorsementCredential), and the earners the partner badge has already
// are offered the regional badge; refused → the proposals are declined.
import { badgeUrl } from '../badges/document';
import { badgeRowToBadge, textsIn } from '../badges/badges';
import { findBadgeById } from '../badges/badges.repository';
import { translator } from '../i18n';
import { enqueue } from '../jobs/queue';
import { organizationRowToOrganization } from '../organizations/organizations';
import { findOrganizationById } from '../organizations/organizations.repository';
import type { Deps } from '../platform/deps';
import { endorse } from './endorsements';
import { OFFERS_BACKFILL_JOB } from './offers';

export interface DecidedApplication {
  id: string;
  status: string;
  badge_id: string;
  organization_id: string | null;
}

/** Settles the network side of a decided application (nothing when it is not a participant application). */
export async function settleNetworkApplication(deps: Deps, application: DecidedApplication): Promise<void> {
  if (application.status !== 'accepted' && application.status !== 'refused') return;
  const network = await deps.db
    .selectFrom('networks')
    .select(['id', 'organization_id'])
    .where('participant_badge_id', '=', application.badge_id)
    .executeTakeFirst();
  if (!network) return;
  const now = deps.clock.now();
  if (application.status === 'refused') {
    await deps.db
      .updateTable('badge_mappings')
      .set({ status: 'declined', decided_at: now })
      .where('application_id', '=', application.id)
      .where('status', '=', 'proposed')
      .execute();
    return;
  }
  const ownerRow = await findOrganizationById(deps.db, network.organization_id);
  if (!ownerRow) return;
  const owner = organizationRowToOrganization(ownerRow);
  await deps.db.transaction().execute(async (trx) => {
    const proposals = await trx
      .selectFrom('badge_mappings')
      .select(['id', 'partner_badge_id', 'regional_badge_id', 'level', 'covers_all', 'remarks'])
      .where('application_id', '=', application.id)
      .where('status', '=', 'proposed')
      .orderBy('id')
      .forUpdate()
      .execute();
    for (const p of proposals) {
      const partnerRow = await findBadgeById(trx, p.partner_badge_id);
      const regionalRow = await findBadgeById(trx, p.regional_badge_id);
      if (!partnerRow || !regionalRow) continue;
      const partner = badgeRowToBadge(partnerRow);
      const regional = badgeRowToBadge(regionalRow);
      // Written in the owner's (the regional badge's) language.
      const locale = regional.achievement.inLanguage;
      const t = translator(locale);
      const partnerName = textsIn(partner.achievement, locale).name;
      const regionalName = textsIn(regional.achievement, locale).name;
      const comment = [
        t(p.level ? 'networks.endorsement.comment.level' : 'networks.endorsement.comment', { regional: regionalName, level: p.level ?? '' }),
        t(p.covers_all ? 'networks.endorsement.coversAll' : 'networks.endorsement.coversPart'),
        p.remarks,
      ]
        .filter(Boolean)
        .join(' ');
      const endorsementId = await endorse(deps, trx, {
        endorser: { kind: 'organization', organization: owner },
        subject: { kind: 'badge', badgeId: partner.id, url: badgeUrl(deps.config.baseUrl, partner.publicId), name: partnerName },
        name: t('networks.endorsement.name', { badge: partnerName, endorser: owner.name }),
        comment,
      });
      await trx.updateTable('badge_mappings').set({ status: 'active', decided_at: now, endorsement_id: endorsementId }).where('id', '=', p.id).execute();
      await enqueue(trx, OFFERS_BACKFILL_JOB, { mapping: p.id }, { dedupeKey: `mapping-backfill:${p.id}` });
    }
    if (application.organization_id)
      await trx
        .insertInto('network_members')
        .values({ network_id: network.id, organization_id: application.organization_id, application_id: application.id, joined_at: now })
        .onConflict((oc) => oc.columns(['network_id', 'organization_id']).doNothing())
        .execute();
  });
}
