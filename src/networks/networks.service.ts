// Networks (scenario C): an organisation (the Region) owns a network whose participant badge is how
// others join. Joining is an application for that badge, on behalf of the joining organisation,
// carrying one or more mapping proposals (a partner badge → a regional badge at a level, covering
// all expected competences or not, remarks); the owner's review policy decides it like any other
// application, and mappings.ts settles what follows the decision.
import type { Kysely } from 'kysely';
import { createApplication, organizationsToApplyFor } from '../applications/applications.service';
import { badgeLevels, matchLevel } from '../awards/awards';
import { type Badge, badgeRowToBadge, isAwardable, textsIn } from '../badges/badges';
import { findBadgeById, findBadgeByPublicId } from '../badges/badges.repository';
import { getAchievementDocument, getBadge } from '../badges/badges.service';
import type { DB } from '../db/schema';
import { fail } from '../errors';
import type { Locale } from '../i18n';
import { getOrganization, requireOrganizationAccess } from '../organizations/organizations.service';
import type { Actor, Deps } from '../platform/deps';
import { publicId as newPublicId } from '../platform/tokens';
import { parseInput } from '../platform/validate';
import { type MappingProposal, joinInputSchema, networkInputSchema } from './networks';

export interface BadgeRef {
  id: string;
  name: string;
  organizationSlug: string;
  organizationName: string;
}

export interface RegionalBadge extends BadgeRef {
  levels: string[];
}

export interface MappingView {
  id: string;
  partner: BadgeRef;
  regional: BadgeRef;
  level: string | null;
  coversAll: boolean;
  remarks: string;
  status: 'proposed' | 'active' | 'declined';
  endorsementId: string | null;
}

export interface Network {
  id: string;
  name: string;
  description: string;
  owner: { slug: string; name: string };
  participantBadge: BadgeRef;
  members: { slug: string; name: string; joinedAt: Date }[];
  regionalBadges: RegionalBadge[];
  mappings: MappingView[];
}

interface NetworkRow {
  id: string;
  public_id: string;
  organization_id: string;
  participant_badge_id: string;
}

async function badgeRef(deps: Deps, badge: Badge, locale: Locale): Promise<BadgeRef> {
  return { id: badge.publicId, name: textsIn(badge.achievement, locale).name, organizationSlug: badge.organizationSlug, organizationName: badge.organizationName };
}

/** Creates a network owned by the organisation ('org.edit'); its participant badge is one of the organisation's badges. */
export async function createNetwork(deps: Deps, actor: Actor | null, slug: string, input: unknown): Promise<{ id: string }> {
  const { organization, actor: me } = await requireOrganizationAccess(deps, actor, slug, 'org.edit');
  const data = parseInput(networkInputSchema, input);
  const badge = await getBadge(deps, me, data.participantBadge).catch(() => undefined);
  if (!badge || badge.organizationId !== organization.id) throw fail.field('participantBadge', 'networks.participantBadge.notOwn');
  const taken = await deps.db.selectFrom('networks').select('id').where('participant_badge_id', '=', badge.id).executeTakeFirst();
  if (taken) throw fail.field('participantBadge', 'networks.participantBadge.taken');
  const publicId = newPublicId();
  const now = deps.clock.now();
  try {
    await deps.db
      .insertInto('networks')
      .values({
        public_id: publicId,
        organization_id: organization.id,
        name: data.name,
        description: data.description,
        participant_badge_id: badge.id,
        created_by: me.id,
        created_at: now,
        updated_at: now,
      })
      .execute();
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw fail.field('participantBadge', 'networks.participantBadge.taken');
    throw error;
  }
  return { id: publicId };
}

async function findNetwork(db: Kysely<DB>, publicId: string): Promise<NetworkRow | undefined> {
  return db.selectFrom('networks').select(['id', 'public_id', 'organization_id', 'participant_badge_id']).where('public_id', '=', publicId).executeTakeFirst();
}

async function badgeByInternalId(deps: Deps, id: string): Promise<Badge> {
  const row = await findBadgeById(deps.db, id);
  if (!row) throw fail.notFound('badges.notFound');
  return badgeRowToBadge(row);
}

/** A badge whatever its status (a mapped badge may have been archived since): for system views. */
async function getBadgeAsSystem(deps: Deps, publicId: string): Promise<Badge> {
  const row = await findBadgeByPublicId(deps.db, publicId);
  if (!row) throw fail.notFound('badges.notFound');
  return badgeRowToBadge(row);
}

/** The published badges of the owner that partners may map onto (all but the participant badge). */
async function regionalBadges(deps: Deps, network: NetworkRow, locale: Locale): Promise<RegionalBadge[]> {
  const rows = await deps.db
    .selectFrom('badges')
    .select('public_id')
    .where('organization_id', '=', network.organization_id)
    .where('status', '=', 'published')
    .where('id', '<>', network.participant_badge_id)
    .orderBy('id')
    .limit(200)
    .execute();
  const out: RegionalBadge[] = [];
  for (const row of rows) {
    const badge = await getBadge(deps, null, row.public_id);
    const doc = await getAchievementDocument(deps, row.public_id);
    out.push({ ...(await badgeRef(deps, badge, locale)), levels: badgeLevels(doc).map((l) => l.name) });
  }
  return out;
}

/** The mappings of a network (active ones, or those of one application). */
export async function listMappings(
  deps: Deps,
  where: { network: string; status: 'active' } | { application: string },
  locale: Locale,
): Promise<MappingView[]> {
  let query = deps.db
    .selectFrom('badge_mappings as m')
    .innerJoin('badges as p', 'p.id', 'm.partner_badge_id')
    .innerJoin('badges as r', 'r.id', 'm.regional_badge_id')
    .leftJoin('endorsements as e', 'e.id', 'm.endorsement_id')
    .select(['m.public_id', 'p.public_id as partner', 'r.public_id as regional', 'm.level', 'm.covers_all', 'm.remarks', 'm.status', 'e.public_id as endorsement'])
    .orderBy('m.id');
  query = 'network' in where ? query.where('m.network_id', '=', where.network).where('m.status', '=', 'active') : query.where('m.application_id', '=', where.application);
  const rows = await query.limit(500).execute();
  const out: MappingView[] = [];
  for (const r of rows) {
    out.push({
      id: r.public_id,
      partner: await badgeRef(deps, await getBadgeAsSystem(deps, r.partner), locale),
      regional: await badgeRef(deps, await getBadgeAsSystem(deps, r.regional), locale),
      level: r.level,
      coversAll: r.covers_all,
      remarks: r.remarks,
      status: r.status,
      endorsementId: r.endorsement,
    });
  }
  return out;
}

/** A network, its members, its regional badges and its active mappings (public). */
export async function getNetwork(deps: Deps, publicId: string, locale: Locale): Promise<Network> {
  const row = await deps.db
    .selectFrom('networks as n')
    .innerJoin('organizations as o', 'o.id', 'n.organization_id')
    .select(['n.id', 'n.public_id', 'n.organization_id', 'n.participant_badge_id', 'n.name', 'n.description', 'o.slug', 'o.name as owner_name'])
    .where('n.public_id', '=', publicId)
    .executeTakeFirst();
  if (!row) throw fail.notFound('networks.notFound');
  const members = await deps.db
    .selectFrom('network_members as nm')
    .innerJoin('organizations as o', 'o.id', 'nm.organization_id')
    .select(['o.slug', 'o.name', 'nm.joined_at'])
    .where('nm.network_id', '=', row.id)
    .orderBy('o.name')
    .execute();
  return {
    id: row.public_id,
    name: row.name,
    description: row.description,
    owner: { slug: row.slug, name: row.owner_name },
    participantBadge: await badgeRef(deps, await badgeByInternalId(deps, row.participant_badge_id), locale),
    members: members.map((m) => ({ slug: m.slug, name: m.name, joinedAt: m.joined_at })),
    regionalBadges: await regionalBadges(deps, row, locale),
    mappings: await listMappings(deps, { network: row.id, status: 'active' }, locale),
  };
}

/** Networks an organisation owns or belongs to. */
export async function listOrganizationNetworks(deps: Deps, slug: string): Promise<{ id: string; name: string; owned: boolean }[]> {
  const org = await getOrganization(deps, slug);
  const rows = await deps.db
    .selectFrom('networks as n')
    .leftJoin('network_members as nm', (join) => join.onRef('nm.network_id', '=', 'n.id').on('nm.organization_id', '=', org.id))
    .select(['n.public_id', 'n.name', 'n.organization_id'])
    .where((eb) => eb.or([eb('n.organization_id', '=', org.id), eb('nm.organization_id', '=', org.id)]))
    .orderBy('n.name')
    .execute();
  return rows.map((r) => ({ id: r.public_id, name: r.name, owned: r.organization_id === org.id }));
}

/** Organisations the actor manages, with their published badges: those that may join (neither the owner nor members), or the members. */
export async function managedOrganizations(
  deps: Deps,
  actor: Actor,
  networkPublicId: string,
  which: 'joinable' | 'members',
): Promise<{ slug: string; name: string; badges: BadgeRef[] }[]> {
  const network = await findNetwork(deps.db, networkPublicId);
  if (!network) throw fail.notFound('networks.notFound');
  const managed = await organizationsToApplyFor(deps, actor);
  const out: { slug: string; name: string; badges: BadgeRef[] }[] = [];
  for (const org of managed) {
    const full = await getOrganization(deps, org.slug);
    if (full.id === network.organization_id) continue;
    const member = await deps.db.selectFrom('network_members').select('organization_id').where('network_id', '=', network.id).where('organization_id', '=', full.id).executeTakeFirst();
    if ((member !== undefined) !== (which === 'members')) continue;
    const badges = await deps.db.selectFrom('badges').select('public_id').where('organization_id', '=', full.id).where('status', '=', 'published').orderBy('id').limit(200).execute();
    const refs: BadgeRef[] = [];
    for (const b of badges) refs.push(await badgeRef(deps, await getBadge(deps, actor, b.public_id), actor.locale));
    out.push({ slug: org.slug, name: org.name, badges: refs });
  }
  return out;
}

interface CheckedProposal extends MappingProposal {
  partnerId: string;
  regionalId: string;
  levelName: string | null;
}

async function checkProposals(deps: Deps, actor: Actor, network: NetworkRow, organizationId: string, proposals: MappingProposal[]): Promise<CheckedProposal[]> {
  const out: CheckedProposal[] = [];
  const seen = new Set<string>();
  for (const [i, p] of proposals.entries()) {
    const at = (field: string) => `mappings.${i}.${field}`;
    const partner = await getBadge(deps, actor, p.badge).catch(() => undefined);
    if (!partner) throw fail.field(at('badge'), 'networks.mapping.unknownBadge');
    if (partner.organizationId !== organizationId) throw fail.field(at('badge'), 'networks.mapping.notYours');
    if (!isAwardable(partner)) throw fail.field(at('badge'), 'networks.mapping.notPublished');
    const regional = await getBadge(deps, actor, p.regionalBadge).catch(() => undefined);
    if (!regional || regional.organizationId !== network.organization_id || regional.id === network.participant_badge_id || !isAwardable(regional))
      throw fail.field(at('regionalBadge'), 'networks.mapping.notRegional');
    const levels = badgeLevels(await getAchievementDocument(deps, regional.publicId));
    if (levels.length > 0 && !p.level) throw fail.field(at('level'), 'networks.mapping.levelRequired', { levels: levels.map((l) => l.name).join(', ') });
    const level = matchLevel(levels, p.level, at('level'));
    const pair = `${partner.id}:${regional.id}`;
    if (seen.has(pair)) throw fail.field(at('regionalBadge'), 'networks.mapping.duplicate');
    seen.add(pair);
    const live = await deps.db
      .selectFrom('badge_mappings')
      .select('id')
      .where('partner_badge_id', '=', partner.id)
      .where('regional_badge_id', '=', regional.id)
      .where('status', 'in', ['proposed', 'active'])
      .executeTakeFirst();
    if (live) throw fail.field(at('regionalBadge'), 'networks.mapping.exists');
    out.push({ ...p, partnerId: partner.id, regionalId: regional.id, levelName: level?.name ?? null });
  }
  return out;
}

/**
 * An organisation asks to join: its application for the participant badge, submitted at once, with
 * its mapping proposals stored in the same transaction. Bad input stores nothing.
 */
export async function joinNetwork(deps: Deps, actor: Actor | null, networkPublicId: string, input: unknown): Promise<{ application: string }> {
  if (!actor) throw fail.unauthenticated();
  const network = await findNetwork(deps.db, networkPublicId);
  if (!network) throw fail.notFound('networks.notFound');
  const data = parseInput(joinInputSchema, input);
  const managed = await organizationsToApplyFor(deps, actor);
  if (!managed.some((o) => o.slug === data.organization)) throw fail.field('organization', 'networks.join.notManager');
  const organization = await getOrganization(deps, data.organization);
  if (organization.id === network.organization_id) throw fail.conflict('networks.join.owner');
  const member = await deps.db.selectFrom('network_members').select('organization_id').where('network_id', '=', network.id).where('organization_id', '=', organization.id).executeTakeFirst();
  if (member) throw fail.conflict('networks.join.alreadyMember');
  const proposals = await checkProposals(deps, actor, network, organization.id, data.mappings);
  const participant = await deps.db.selectFrom('badges').select('public_id').where('id', '=', network.participant_badge_id).executeTakeFirstOrThrow();
  const now = deps.clock.now();
  const created = await createApplication(deps, actor, participant.public_id, { organization: organization.slug, narrative: data.narrative, submit: true }, [], {
    within: async (trx, applicationId) => {
      await trx
        .insertInto('badge_mappings')
        .values(
          proposals.map((p) => ({
            public_id: newPublicId(),
            network_id: network.id,
            application_id: applicationId,
            partner_badge_id: p.partnerId,
            regional_badge_id: p.regionalId,
            level: p.levelName,
            covers_all: p.coversAll,
            remarks: p.remarks,
            created_at: now,
          })),
        )
        .execute();
    },
  });
  return { application: created.id };
}
