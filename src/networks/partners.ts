// Partners and organisations' endorsements: an organisation lists others as partners (mutual when
// both do), asks a partner to endorse one of its badges or itself, and endorses other organisations'
// badges or the organisations themselves — each endorsement a signed EndorsementCredential shown on
// the badge's or the organisation's page.
import { z } from 'zod';
import { organizationManagers } from '../awards/awards.repository';
import { badgeUrl } from '../badges/document';
import { type Badge, isAwardable, textsIn } from '../badges/badges';
import { getBadge } from '../badges/badges.service';
import { fail } from '../errors';
import { translator } from '../i18n';
import { enqueueMailOnce } from '../mail/mail.service';
import { type Organization, organizationUrl } from '../organizations/organizations';
import { getOrganization, requireOrganizationAccess } from '../organizations/organizations.service';
import type { Actor, Deps } from '../platform/deps';
import { publicId as newPublicId } from '../platform/tokens';
import { parseInput } from '../platform/validate';
import { endorse } from './endorsements';

export const partnersPath = (slug: string) => `/organizations/${encodeURIComponent(slug)}/partners`;

const slugField = (message: 'networks.partner.required' | 'networks.endorse.endorserRequired') => z.string({ message }).trim().min(1, message).max(60);

export const partnerInputSchema = z.object({ partner: slugField('networks.partner.required') });

/** What an organisation endorses: another organisation (by slug) or a badge (by public id). */
export const orgEndorseInputSchema = z.object({
  organization: z.string().trim().max(60).optional(),
  badge: z.string().trim().max(60).optional(),
  comment: z.string({ message: 'networks.endorse.commentRequired' }).trim().min(1, 'networks.endorse.commentRequired').max(2000),
});

export const endorsementRequestSchema = z.object({
  /** The partner asked to endorse. */
  endorser: slugField('networks.endorse.endorserRequired'),
  /** One of the requester's published badges; the organisation itself when absent. */
  badge: z.string().trim().max(60).optional(),
  message: z.string().trim().max(2000).default(''),
});

export const requestAnswerSchema = z.object({
  accept: z.preprocess((v) => v === true || v === 'true' || v === 'yes', z.boolean()),
  comment: z.string().trim().max(2000).default(''),
});

// ——— Partners ———

export async function addPartner(deps: Deps, actor: Actor | null, slug: string, input: unknown): Promise<void> {
  const { organization } = await requireOrganizationAccess(deps, actor, slug, 'org.edit');
  const data = parseInput(partnerInputSchema, input);
  const partner = await getOrganization(deps, data.partner).catch(() => undefined);
  if (!partner) throw fail.field('partner', 'networks.partner.unknown');
  if (partner.id === organization.id) throw fail.field('partner', 'networks.partner.self');
  await deps.db
    .insertInto('partnerships')
    .values({ organization_id: organization.id, partner_id: partner.id, created_at: deps.clock.now() })
    .onConflict((oc) => oc.columns(['organization_id', 'partner_id']).doNothing())
    .execute();
}

export async function removePartner(deps: Deps, actor: Actor | null, slug: string, partnerSlug: string): Promise<void> {
  const { organization } = await requireOrganizationAccess(deps, actor, slug, 'org.edit');
  const partner = await getOrganization(deps, partnerSlug);
  await deps.db.deleteFrom('partnerships').where('organization_id', '=', organization.id).where('partner_id', '=', partner.id).execute();
}

export interface Partner {
  slug: string;
  name: string;
  /** The partner lists this organisation too. */
  mutual: boolean;
}

/** The organisations this one lists as partners, by name. */
export async function listPartners(deps: Deps, slug: string): Promise<Partner[]> {
  const org = await getOrganization(deps, slug);
  const rows = await deps.db
    .selectFrom('partnerships as p')
    .innerJoin('organizations as o', 'o.id', 'p.partner_id')
    .leftJoin('partnerships as back', (join) => join.onRef('back.organization_id', '=', 'p.partner_id').onRef('back.partner_id', '=', 'p.organization_id'))
    .select(['o.slug', 'o.name', 'back.partner_id as back'])
    .where('p.organization_id', '=', org.id)
    .orderBy('o.name')
    .limit(500)
    .execute();
  return rows.map((r) => ({ slug: r.slug, name: r.name, mutual: r.back !== null }));
}

// ——— Endorsements by organisations ———

type Subject = { kind: 'organization'; organization: Organization } | { kind: 'badge'; badge: Badge };

async function subjectOf(deps: Deps, actor: Actor, input: { organization?: string | undefined; badge?: string | undefined }): Promise<Subject> {
  if (input.badge) {
    const badge = await getBadge(deps, actor, input.badge).catch(() => undefined);
    if (!badge || !isAwardable(badge)) throw fail.field('badge', 'networks.endorse.unknownBadge');
    return { kind: 'badge', badge };
  }
  const organization = await getOrganization(deps, input.organization ?? '').catch(() => undefined);
  if (!organization) throw fail.field('organization', 'networks.endorse.subjectRequired');
  return { kind: 'organization', organization };
}

async function signEndorsement(deps: Deps, endorser: Organization, subject: Subject, comment: string): Promise<string> {
  const subjectOrganizationId = subject.kind === 'badge' ? subject.badge.organizationId : subject.organization.id;
  if (subjectOrganizationId === endorser.id) throw fail.conflict('networks.endorse.self');
  const locale = subject.kind === 'badge' ? subject.badge.achievement.inLanguage : 'fr';
  const t = translator(locale);
  const name = subject.kind === 'badge' ? textsIn(subject.badge.achievement, locale).name : subject.organization.name;
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const id = await endorse(deps, trx, {
        endorser: { kind: 'organization', organization: endorser },
        subject:
          subject.kind === 'badge'
            ? { kind: 'badge', badgeId: subject.badge.id, url: badgeUrl(deps.config.baseUrl, subject.badge.publicId), name }
            : { kind: 'organization', organizationId: subject.organization.id, url: organizationUrl(deps.config.baseUrl, subject.organization.slug), name },
        name: t('networks.endorsement.name', { badge: name, endorser: endorser.name }),
        comment,
      });
      return (await trx.selectFrom('endorsements').select('public_id').where('id', '=', id).executeTakeFirstOrThrow()).public_id;
    });
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw fail.conflict('networks.endorse.already');
    throw error;
  }
}

/** The organisation (its managers: 'org.edit') endorses another organisation, or a badge of another. */
export async function endorseAsOrganization(deps: Deps, actor: Actor | null, endorserSlug: string, input: unknown): Promise<{ id: string }> {
  const { organization, actor: me } = await requireOrganizationAccess(deps, actor, endorserSlug, 'org.edit');
  const data = parseInput(orgEndorseInputSchema, input);
  return { id: await signEndorsement(deps, organization, await subjectOf(deps, me, data), data.comment) };
}

// ——— Requests ———

export interface EndorsementRequest {
  id: string;
  requester: { slug: string; name: string };
  endorser: { slug: string; name: string };
  badge: { id: string; name: string } | null;
  message: string;
  status: 'pending' | 'accepted' | 'declined';
  createdAt: Date;
}

/** Asks a partner to endorse one of the organisation's badges (or the organisation); its managers are mailed. */
export async function requestEndorsement(deps: Deps, actor: Actor | null, slug: string, input: unknown): Promise<{ id: string }> {
  const { organization, actor: me } = await requireOrganizationAccess(deps, actor, slug, 'org.edit');
  const data = parseInput(endorsementRequestSchema, input);
  const endorser = await getOrganization(deps, data.endorser).catch(() => undefined);
  if (!endorser) throw fail.field('endorser', 'networks.partner.unknown');
  const partnership = await deps.db.selectFrom('partnerships').select('partner_id').where('organization_id', '=', organization.id).where('partner_id', '=', endorser.id).executeTakeFirst();
  if (!partnership) throw fail.field('endorser', 'networks.endorse.notPartner');
  let badge: Badge | undefined;
  if (data.badge) {
    badge = await getBadge(deps, me, data.badge).catch(() => undefined);
    if (!badge || badge.organizationId !== organization.id || !isAwardable(badge)) throw fail.field('badge', 'networks.endorse.unknownBadge');
  }
  const publicId = newPublicId();
  const now = deps.clock.now();
  try {
    await deps.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('endorsement_requests')
        .values({
          public_id: publicId,
          requester_organization_id: organization.id,
          endorser_organization_id: endorser.id,
          badge_id: badge?.id ?? null,
          message: data.message,
          requested_by: me.id,
          created_at: now,
        })
        .execute();
      for (const manager of await organizationManagers(trx, endorser.id))
        await enqueueMailOnce(
          trx,
          {
            to: manager.email,
            locale: manager.locale,
            template: 'networks.endorsementRequest',
            params: {
              requester: organization.name,
              subject: badge ? textsIn(badge.achievement, manager.locale).name : organization.name,
              message: data.message,
              url: `${deps.config.baseUrl}${partnersPath(endorser.slug)}#requests`,
            },
          },
          { dedupeKey: `endorsement-request:${publicId}:${manager.email}` },
        );
    });
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw fail.conflict('networks.endorse.requestPending');
    throw error;
  }
  return { id: publicId };
}

function requestsQuery(deps: Deps) {
  return deps.db
    .selectFrom('endorsement_requests as r')
    .innerJoin('organizations as ro', 'ro.id', 'r.requester_organization_id')
    .innerJoin('organizations as eo', 'eo.id', 'r.endorser_organization_id')
    .leftJoin('badges as b', 'b.id', 'r.badge_id')
    .select(['r.id', 'r.public_id', 'r.message', 'r.status', 'r.created_at', 'r.badge_id', 'ro.slug as rslug', 'ro.name as rname', 'eo.slug as eslug', 'eo.name as ename', 'b.public_id as badge']);
}

/** Requests an organisation received (pending first), for its managers. */
export async function listReceivedRequests(deps: Deps, actor: Actor | null, slug: string): Promise<EndorsementRequest[]> {
  const { organization } = await requireOrganizationAccess(deps, actor, slug, 'org.edit');
  const rows = await requestsQuery(deps).where('r.endorser_organization_id', '=', organization.id).orderBy('r.status', 'desc').orderBy('r.id', 'desc').limit(100).execute();
  const out: EndorsementRequest[] = [];
  for (const r of rows) {
    const badge = r.badge ? await getBadge(deps, actor, r.badge).catch(() => undefined) : undefined;
    out.push({
      id: r.public_id,
      requester: { slug: r.rslug, name: r.rname },
      endorser: { slug: r.eslug, name: r.ename },
      badge: badge ? { id: badge.publicId, name: textsIn(badge.achievement, actor!.locale).name } : null,
      message: r.message,
      status: r.status,
      createdAt: r.created_at,
    });
  }
  return out;
}

/** The asked organisation's managers accept (signing the endorsement, with their comment) or decline a request. */
export async function answerEndorsementRequest(deps: Deps, actor: Actor | null, requestPublicId: string, input: unknown): Promise<{ endorsement: string | null }> {
  if (!actor) throw fail.unauthenticated();
  const row = await requestsQuery(deps).where('r.public_id', '=', requestPublicId).executeTakeFirst();
  if (!row) throw fail.notFound('networks.endorse.requestNotFound');
  const { organization, actor: me } = await requireOrganizationAccess(deps, actor, row.eslug, 'org.edit');
  const data = parseInput(requestAnswerSchema, input);
  if (data.accept && !data.comment) throw fail.field('comment', 'networks.endorse.commentRequired');
  if (row.status !== 'pending') throw fail.conflict('networks.endorse.requestAnswered');
  const now = deps.clock.now();
  let endorsement: string | null = null;
  if (data.accept) {
    const subject: Subject = row.badge ? { kind: 'badge', badge: await getBadge(deps, me, row.badge) } : { kind: 'organization', organization: await getOrganization(deps, row.rslug) };
    endorsement = await signEndorsement(deps, organization, subject, data.comment).catch((error: unknown) => {
      // Endorsed meanwhile (directly): the request is settled by that endorsement.
      if ((error as { messageKey?: string }).messageKey === 'networks.endorse.already') return null;
      throw error;
    });
  }
  const endorsementId = endorsement
    ? (await deps.db.selectFrom('endorsements').select('id').where('public_id', '=', endorsement).executeTakeFirstOrThrow()).id
    : null;
  const updated = await deps.db
    .updateTable('endorsement_requests')
    .set({ status: data.accept ? 'accepted' : 'declined', decided_at: now, endorsement_id: endorsementId })
    .where('id', '=', row.id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) throw fail.conflict('networks.endorse.requestAnswered');
  return { endorsement };
}
