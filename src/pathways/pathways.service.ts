// Pathways: created by an organisation's designers from badges that exist; read by anyone when
// published (drafts by the organisation's members); with an earner's progress computed from the
// badges they hold now (their verified addresses: current credentials, neither revoked, declined
// nor expired).
import { verifiedEmails } from '../accounts/accounts.repository';
import { createBadge, getBadge, isInsider } from '../badges/badges.service';
import { findBadgeByPublicId } from '../badges/badges.repository';
import { isCurrentCredential } from '../awards/awards.repository';
import { type StoredAchievement, TRANSLATIONS_KEY } from '../badges/badges';
import { textsIn } from '../badges/badges';
import { fail } from '../errors';
import type { Locale } from '../i18n';
import { requireOrganizationAccess } from '../organizations/organizations.service';
import type { Actor, Deps } from '../platform/deps';
import { publicId as newPublicId } from '../platform/tokens';
import { parseInput } from '../platform/validate';
import { type PathwayProgress, type PathwayStep, copyInputSchema, pathwayInputSchema, pathwayProgress } from './pathways';

export interface Pathway {
  id: string;
  organizationSlug: string;
  organizationName: string;
  name: string;
  description: string;
  steps: PathwayStep[];
  status: 'draft' | 'published';
  /** Other organisations may copy it into their own badges. */
  template: boolean;
  /** The template it was copied from. */
  source: { id: string; name: string; organizationName: string } | null;
  createdAt: Date;
}

export const pathwayPath = (publicId: string) => `/pathways/${encodeURIComponent(publicId)}`;

/** Creates a pathway of the organisation ('badge.design'); every badge it names must exist. */
export async function createPathway(deps: Deps, actor: Actor | null, slug: string, input: unknown): Promise<Pathway> {
  const { organization, actor: me } = await requireOrganizationAccess(deps, actor, slug, 'badge.design');
  const data = parseInput(pathwayInputSchema, input);
  for (const [i, step] of data.steps.entries())
    for (const id of step.badges) {
      const badge = await getBadge(deps, me, id).catch(() => undefined);
      if (!badge) throw fail.field(`steps.${i}.badges`, 'pathways.step.unknownBadge', { id: id.slice(0, 100) });
    }
  const publicId = newPublicId();
  const now = deps.clock.now();
  await deps.db
    .insertInto('pathways')
    .values({
      public_id: publicId,
      organization_id: organization.id,
      name: data.name,
      description: data.description,
      steps: JSON.stringify(data.steps),
      status: data.status,
      is_template: data.template,
      created_by: me.id,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return getPathway(deps, me, publicId);
}

export async function getPathway(deps: Deps, actor: Actor | null, publicId: string): Promise<Pathway> {
  const row = await deps.db
    .selectFrom('pathways as p')
    .innerJoin('organizations as o', 'o.id', 'p.organization_id')
    .leftJoin('pathways as src', 'src.id', 'p.source_pathway_id')
    .leftJoin('organizations as so', 'so.id', 'src.organization_id')
    .select(['p.public_id', 'p.organization_id', 'o.slug', 'o.name as organization_name', 'p.name', 'p.description', 'p.steps', 'p.status', 'p.is_template', 'p.created_at'])
    .select(['src.public_id as source_id', 'src.name as source_name', 'so.name as source_organization'])
    .where('p.public_id', '=', publicId)
    .executeTakeFirst();
  if (!row || (row.status === 'draft' && !(await isInsider(deps, actor, row.organization_id)))) throw fail.notFound('pathways.notFound');
  return {
    id: row.public_id,
    organizationSlug: row.slug,
    organizationName: row.organization_name,
    name: row.name,
    description: row.description,
    steps: row.steps as PathwayStep[],
    status: row.status,
    template: row.is_template,
    source: row.source_id ? { id: row.source_id, name: row.source_name ?? '', organizationName: row.source_organization ?? '' } : null,
    createdAt: row.created_at,
  };
}

/** The badges a person holds now (public ids), from their verified addresses. */
async function heldBadges(deps: Deps, actor: Actor): Promise<Set<string>> {
  const emails = await verifiedEmails(deps.db, actor.id);
  if (emails.length === 0) return new Set();
  const now = deps.clock.now();
  const rows = await deps.db
    .selectFrom('credentials as c')
    .innerJoin('badges as b', 'b.id', 'c.badge_id')
    .select('b.public_id')
    .distinct()
    .where('c.recipient_email', 'in', emails)
    .where(isCurrentCredential('c', now))
    .execute();
  return new Set(rows.map((r) => r.public_id));
}

/** The pathway with the names of its badges and, for a signed-in person, their progress. */
export async function viewPathway(
  deps: Deps,
  actor: Actor | null,
  publicId: string,
  locale: Locale,
): Promise<{ pathway: Pathway; names: Map<string, string>; progress: PathwayProgress | null }> {
  const pathway = await getPathway(deps, actor, publicId);
  const names = new Map<string, string>();
  for (const id of new Set(pathway.steps.flatMap((s) => s.badges))) {
    const badge = await getBadge(deps, actor, id).catch(() => undefined);
    if (badge) names.set(id, textsIn(badge.achievement, locale).name);
  }
  const progress = actor ? pathwayProgress(pathway.steps, await heldBadges(deps, actor)) : null;
  return { pathway, names, progress };
}

/** The organisation's published pathways, by name. */
export async function listOrganizationPathways(deps: Deps, slug: string): Promise<{ id: string; name: string; description: string; template: boolean }[]> {
  const rows = await deps.db
    .selectFrom('pathways as p')
    .innerJoin('organizations as o', 'o.id', 'p.organization_id')
    .select(['p.public_id', 'p.name', 'p.description', 'p.is_template'])
    .where('o.slug', '=', slug)
    .where('p.status', '=', 'published')
    .orderBy('p.name')
    .limit(100)
    .execute();
  return rows.map((r) => ({ id: r.public_id, name: r.name, description: r.description, template: r.is_template }));
}

/** The body that creates a copy of a badge (its texts, levels and alignments; not its settings). */
function copyBody(a: StoredAchievement): Record<string, unknown> {
  return {
    name: a.name,
    description: a.description,
    criteria: { narrative: a.criteria.narrative },
    inLanguage: a.inLanguage,
    ...(a.achievementType ? { achievementType: a.achievementType } : {}),
    ...(a.tag?.length ? { tag: a.tag } : {}),
    ...(a.alignment?.length ? { alignment: a.alignment.map(({ type: _type, ...rest }) => rest) } : {}),
    ...(a.resultDescription?.length
      ? {
          resultDescription: a.resultDescription.map(({ id: _id, type: _type, requiredLevel: _required, rubricCriterionLevel, ...rest }) => ({
            ...rest,
            ...(rubricCriterionLevel ? { rubricCriterionLevel: rubricCriterionLevel.map(({ id: _levelId, type: _levelType, ...level }) => level) } : {}),
          })),
        }
      : {}),
    ...(a[TRANSLATIONS_KEY] ? { [TRANSLATIONS_KEY]: a[TRANSLATIONS_KEY] } : {}),
  };
}

/**
 * Copies a template pathway into another organisation ('badge.design' there): each of its badges is
 * copied into the organisation's own badges (drafts to adapt and publish, each linked to its
 * source), and the pathway copy — a draft too, linked to the template — names the copies.
 */
export async function copyPathway(deps: Deps, actor: Actor | null, publicId: string, input: unknown): Promise<Pathway> {
  const source = await getPathway(deps, actor, publicId);
  if (!source.template || source.status !== 'published') throw fail.conflict('pathways.copy.notTemplate');
  const data = parseInput(copyInputSchema, input);
  const { organization, actor: me } = await requireOrganizationAccess(deps, actor, data.organization, 'badge.design');
  if (organization.slug === source.organizationSlug) throw fail.conflict('pathways.copy.own');
  const copies = new Map<string, string>();
  for (const id of new Set(source.steps.flatMap((s) => s.badges))) {
    const row = await findBadgeByPublicId(deps.db, id);
    if (!row) continue;
    const image = await deps.db.selectFrom('badge_versions').select('image').where('badge_id', '=', row.id).where('version', '=', row.current_version).executeTakeFirst();
    const copy = await createBadge(deps, me, organization.slug, copyBody(row.achievement as StoredAchievement), image?.image ?? undefined);
    await deps.db.updateTable('badges').set({ source_badge_id: row.id }).where('id', '=', copy.id).execute();
    copies.set(id, copy.publicId);
  }
  const sourceRow = await deps.db.selectFrom('pathways').select('id').where('public_id', '=', publicId).executeTakeFirstOrThrow();
  const copyId = newPublicId();
  const now = deps.clock.now();
  await deps.db
    .insertInto('pathways')
    .values({
      public_id: copyId,
      organization_id: organization.id,
      name: source.name,
      description: source.description,
      steps: JSON.stringify(source.steps.map((s) => ({ ...s, badges: s.badges.map((b) => copies.get(b)).filter((b): b is string => b !== undefined) }))),
      status: 'draft',
      source_pathway_id: sourceRow.id,
      created_by: me.id,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return getPathway(deps, me, copyId);
}

/** Publishes a draft pathway of the organisation ('badge.design'). */
export async function publishPathway(deps: Deps, actor: Actor | null, publicId: string): Promise<Pathway> {
  const pathway = await getPathway(deps, actor, publicId);
  await requireOrganizationAccess(deps, actor, pathway.organizationSlug, 'badge.design');
  await deps.db.updateTable('pathways').set({ status: 'published', updated_at: deps.clock.now() }).where('public_id', '=', publicId).execute();
  return getPathway(deps, actor, publicId);
}
