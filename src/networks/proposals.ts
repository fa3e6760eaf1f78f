// Badge proposals: a member organisation proposes one of its badges for the network's list (the
// badges the network recognises, e.g. for its label); the owner's managers are mailed and accept or
// decline; accepted badges are listed on the network's page and in its API.
import { z } from 'zod';
import { organizationManagers } from '../awards/awards.repository';
import { isAwardable, textsIn } from '../badges/badges';
import { getBadge } from '../badges/badges.service';
import type { RequestStatus } from '../db/schema';
import { fail } from '../errors';
import { enqueueMailOnce } from '../mail/mail.service';
import { can } from '../organizations/organizations';
import { getOrganization, requireOrganizationAccess, rolesOf } from '../organizations/organizations.service';
import type { Actor, Deps } from '../platform/deps';
import { publicId as newPublicId } from '../platform/tokens';
import { parseInput } from '../platform/validate';
import { networkPath } from './networks';

export const badgeProposalSchema = z.object({
  organization: z.string({ message: 'networks.join.organizationRequired' }).trim().min(1, 'networks.join.organizationRequired').max(60),
  badge: z.string({ message: 'networks.mapping.badgeRequired' }).trim().min(1, 'networks.mapping.badgeRequired').max(60),
  message: z.string().trim().max(2000).default(''),
});

export const proposalDecisionSchema = z.object({ accept: z.preprocess((v) => v === true || v === 'true', z.boolean()) });

export interface BadgeProposal {
  id: string;
  badge: { id: string; name: string };
  organization: { slug: string; name: string };
  message: string;
  status: RequestStatus;
  createdAt: Date;
}

async function networkRow(deps: Deps, publicId: string) {
  const row = await deps.db
    .selectFrom('networks as n')
    .innerJoin('organizations as o', 'o.id', 'n.organization_id')
    .select(['n.id', 'n.public_id', 'n.name', 'n.organization_id', 'o.slug'])
    .where('n.public_id', '=', publicId)
    .executeTakeFirst();
  if (!row) throw fail.notFound('networks.notFound');
  return row;
}

/** A member proposes one of its published badges for the network's list. */
export async function proposeBadge(deps: Deps, actor: Actor | null, networkPublicId: string, input: unknown): Promise<{ id: string }> {
  const network = await networkRow(deps, networkPublicId);
  const data = parseInput(badgeProposalSchema, input);
  const { organization, actor: me } = await requireOrganizationAccess(deps, actor, data.organization, 'org.edit');
  const member = await deps.db.selectFrom('network_members').select('organization_id').where('network_id', '=', network.id).where('organization_id', '=', organization.id).executeTakeFirst();
  if (!member) throw fail.conflict('networks.proposal.notMember');
  const badge = await getBadge(deps, me, data.badge).catch(() => undefined);
  if (!badge || badge.organizationId !== organization.id || !isAwardable(badge)) throw fail.field('badge', 'networks.mapping.notYours');
  const publicId = newPublicId();
  try {
    await deps.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('network_badge_proposals')
        .values({ public_id: publicId, network_id: network.id, organization_id: organization.id, badge_id: badge.id, message: data.message, proposed_by: me.id, created_at: deps.clock.now() })
        .execute();
      for (const manager of await organizationManagers(trx, network.organization_id))
        await enqueueMailOnce(
          trx,
          {
            to: manager.email,
            locale: manager.locale,
            template: 'networks.badgeProposal',
            params: { organization: organization.name, badge: textsIn(badge.achievement, manager.locale).name, network: network.name, url: `${deps.config.baseUrl}${networkPath(network.public_id)}#proposals` },
          },
          { dedupeKey: `badge-proposal:${publicId}:${manager.email}` },
        );
    });
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw fail.conflict('networks.proposal.exists');
    throw error;
  }
  return { id: publicId };
}

/** Whether the actor manages the network's owner (decides proposals). */
export async function mayDecideProposals(deps: Deps, actor: Actor | null, networkPublicId: string): Promise<boolean> {
  if (!actor) return false;
  const network = await networkRow(deps, networkPublicId);
  return can(await rolesOf(deps, actor, await getOrganization(deps, network.slug)), 'org.edit', actor);
}

/** The network's proposals: accepted ones for everyone, all of them for the owner's managers (pending first). */
export async function listBadgeProposals(deps: Deps, actor: Actor | null, networkPublicId: string, locale: 'fr' | 'en'): Promise<BadgeProposal[]> {
  const network = await networkRow(deps, networkPublicId);
  const all = await mayDecideProposals(deps, actor, networkPublicId);
  let query = deps.db
    .selectFrom('network_badge_proposals as p')
    .innerJoin('badges as b', 'b.id', 'p.badge_id')
    .innerJoin('organizations as o', 'o.id', 'p.organization_id')
    .select(['p.public_id', 'p.message', 'p.status', 'p.created_at', 'b.public_id as badge', 'o.slug', 'o.name'])
    .where('p.network_id', '=', network.id);
  if (!all) query = query.where('p.status', '=', 'accepted');
  const rows = await query.orderBy('p.status', 'desc').orderBy('p.id').limit(500).execute();
  const out: BadgeProposal[] = [];
  for (const r of rows) {
    const badge = await getBadge(deps, actor, r.badge).catch(() => undefined);
    if (!badge) continue;
    out.push({ id: r.public_id, badge: { id: badge.publicId, name: textsIn(badge.achievement, locale).name }, organization: { slug: r.slug, name: r.name }, message: r.message, status: r.status, createdAt: r.created_at });
  }
  return out;
}

/** The owner's managers accept or decline a pending proposal. */
export async function decideBadgeProposal(deps: Deps, actor: Actor | null, proposalPublicId: string, input: unknown): Promise<{ status: RequestStatus; network: string }> {
  const row = await deps.db
    .selectFrom('network_badge_proposals as p')
    .innerJoin('networks as n', 'n.id', 'p.network_id')
    .innerJoin('organizations as o', 'o.id', 'n.organization_id')
    .select(['p.id', 'p.status', 'o.slug', 'n.public_id as network'])
    .where('p.public_id', '=', proposalPublicId)
    .executeTakeFirst();
  if (!row) throw fail.notFound('networks.proposal.notFound');
  await requireOrganizationAccess(deps, actor, row.slug, 'org.edit');
  const data = parseInput(proposalDecisionSchema, input);
  const status = data.accept ? 'accepted' : 'declined';
  const updated = await deps.db
    .updateTable('network_badge_proposals')
    .set({ status, decided_at: deps.clock.now() })
    .where('id', '=', row.id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) throw fail.conflict('networks.proposal.decided');
  return { status, network: row.network };
}
