// Pages of badges: the catalogue, an organisation's badges, the badge page (HTML for people, OB 3.0
// JSON-LD for machines), its image, the design form, and the publish/archive buttons.
import { myOpenApplication } from '../applications/applications.service';
import { shownEndorsements } from '../networks/endorsements';
import { networkOfParticipantBadge } from '../networks/networks.repository';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { z } from 'zod';
import { mayAward } from '../awards/awards.service';
import { AppError } from '../errors';
import type { Locale } from '../i18n';
import { can } from '../organizations/organizations';
import { tryForm } from '../organizations/forms';
import { getOrganization, requireOrganizationAccess, rolesOf } from '../organizations/organizations.service';
import type { Actor, Deps } from '../platform/deps';
import { parseInput } from '../platform/validate';
import { redirectAfterPost, signInRedirect, view, wantsJson } from '../web/http';
import { sendPage, translateFields } from '../web/render';
import type { View } from '../web/view';
import { type Badge, type Transition, textsIn } from './badges';
import { catalogueQuerySchema } from './badges.schemas';
import {
  createBadge,
  getBadge,
  getBadgeDocument,
  getBadgeImage,
  listOrganizationBadges,
  searchCatalogue,
  transitionBadge,
  updateBadge,
} from './badges.service';
import { badgePath } from './document';
import { type BadgeFormValues, type RuleChoice, badgeFormValues, formErrors, formToBody, formValues, otherResults, otherRuleGroups, ruleBadgeIds } from './forms';
import { readBadgeForm } from './image';
import { BadgeFormPage } from './pages/form';
import { CataloguePage, OrganizationBadgesPage, OrganizationBadgesSection } from './pages/list';
import { ruleOf } from '../rules/rules.service';
import { universe } from '../rules/award-rule';
import { BadgePage } from './pages/show';

type SlugParams = { Params: { slug: string } };
type IdParams = { Params: { id: string } };

const documentQuery = z.object({
  version: z.coerce.number().int().min(1).optional(),
  lang: z.enum(['fr', 'en']).optional(),
});
const imageQuery = z.object({ v: z.coerce.number().int().min(1).optional() });

async function mayDesign(deps: Deps, actor: Actor | null, slug: string): Promise<boolean> {
  if (!actor) return false;
  const organization = await getOrganization(deps, slug);
  return can(await rolesOf(deps, actor, organization), 'badge.design', actor);
}

function maxKb(deps: Deps): number {
  return Math.floor(deps.config.maxUploadBytes / 1024);
}

export function registerBadgeRoutes(app: FastifyInstance, deps: Deps): void {
  app.get<{ Querystring: unknown }>('/badges', async (request, reply) => {
    const query = parseInput(catalogueQuerySchema, request.query);
    const page = await searchCatalogue(deps, query);
    return sendPage(reply, <CataloguePage v={view(request, reply)} {...page} query={query} />);
  });

  app.get<SlugParams>('/organizations/:slug/badges', async (request, reply) => {
    const { slug } = request.params;
    const org = await getOrganization(deps, slug);
    const page = await listOrganizationBadges(deps, request.actor, slug);
    const canDesign = await mayDesign(deps, request.actor, slug);
    return sendPage(reply, <OrganizationBadgesPage v={view(request, reply)} org={org} items={page.items} insider={page.insider} canDesign={canDesign} />);
  });

  app.get<SlugParams>('/organizations/:slug/badges/new', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    const { organization: org } = await requireOrganizationAccess(deps, request.actor, request.params.slug, 'badge.design');
    const choices = await ruleChoices(deps, request.actor, org.slug);
    return sendPage(reply, <BadgeFormPage v={view(request, reply)} org={org} values={{ validity_unit: 'years' }} maxUploadKb={maxKb(deps)} ruleChoices={choices} />);
  });

  app.post<SlugParams>('/organizations/:slug/badges', async (request, reply) => {
    const { slug } = request.params;
    const { fields, image, error } = await readBadgeForm(request, deps.config.maxUploadBytes);
    const values = formValues(fields);
    const result = error ?? (await tryForm(() => createBadge(deps, request.actor, slug, formToBody(values, 'fr', { patch: false }), image)));
    if (result instanceof AppError) return formFailure(request, reply, deps, { slug }, values, result);
    return redirectAfterPost(reply, badgePath(result.publicId), 'badges.flash.created');
  });

  app.get<IdParams & { Querystring: unknown }>('/badges/:id', async (request, reply) => {
    const { id } = request.params;
    reply.header('vary', 'Accept');
    const badge = await getBadge(deps, request.actor, id);
    if (wantsJson(request)) {
      const query = parseInput(documentQuery, request.query);
      const document = await getBadgeDocument(deps, request.actor, id, { version: query.version, language: query.lang });
      const ld = (request.headers.accept ?? '').includes('application/ld+json');
      return reply
        .header('content-type', `${ld ? 'application/ld+json' : 'application/json'}; charset=utf-8`)
        .header('cache-control', badge.status === 'draft' ? 'private, no-cache' : 'public, max-age=60')
        .header('access-control-allow-origin', '*')
        .send(JSON.stringify(document));
    }
    const canDesign = await mayDesign(deps, request.actor, badge.organizationSlug);
    const apply = { baseUrl: deps.config.baseUrl, open: await myOpenApplication(deps, request.actor, badge), network: await networkOfParticipantBadge(deps.db, badge.id) };
    const rule = ruleOf(badge);
    const names = new Map<string, string>();
    for (const part of rule ? universe(rule) : []) {
      const other = await getBadge(deps, request.actor, part).catch(() => undefined);
      if (other) names.set(part, textsIn(other.achievement, request.locale).name);
    }
    const page = <BadgePage v={view(request, reply)} badge={badge} canDesign={canDesign} canAward={await mayAward(deps, request.actor, badge)} apply={apply} rule={rule && { rule, names }} endorsements={await shownEndorsements(deps.db, 'badge_id', badge.id)} />;
    return sendPage(reply, page);
  });

  app.get<IdParams & { Querystring: unknown }>('/badges/:id/image', async (request, reply) => {
    const { v } = parseInput(imageQuery, request.query);
    const image = await getBadgeImage(deps, request.actor, request.params.id, v);
    reply
      .header('etag', image.etag)
      .header('cache-control', image.isPublic ? 'public, max-age=300' : 'private, no-cache')
      .header('x-content-type-options', 'nosniff')
      .header('access-control-allow-origin', '*');
    if (image.type === 'image/svg+xml')
      reply
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
        .header('content-disposition', `inline; filename="${request.params.id.replace(/[^\w-]/g, '')}.svg"`);
    if (request.headers['if-none-match'] === image.etag) return reply.status(304).send();
    return reply.header('content-type', image.type).send(image.bytes);
  });

  app.get<IdParams>('/badges/:id/edit', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    const badge = await getBadge(deps, request.actor, request.params.id);
    const { organization: org } = await requireOrganizationAccess(deps, request.actor, badge.organizationSlug, 'badge.design');
    const choices = await ruleChoices(deps, request.actor, org.slug, badge);
    return sendPage(reply, <BadgeFormPage v={view(request, reply)} org={org} badge={badge} values={badgeFormValues(badge)} maxUploadKb={maxKb(deps)} ruleChoices={choices} />);
  });

  app.post<IdParams>('/badges/:id/edit', async (request, reply) => {
    const { id } = request.params;
    const badge = await getBadge(deps, request.actor, id);
    const { fields, image, error } = await readBadgeForm(request, deps.config.maxUploadBytes);
    const values = formValues(fields);
    const body = formToBody(values, badge.achievement.inLanguage, { patch: true, extraResults: otherResults(badge), extraRuleGroups: otherRuleGroups(badge) });
    const result = error ?? (await tryForm(() => updateBadge(deps, request.actor, id, body, image)));
    if (result instanceof AppError) return formFailure(request, reply, deps, { slug: badge.organizationSlug }, values, result, badge);
    return redirectAfterPost(reply, badgePath(id), 'badges.flash.saved');
  });

  for (const transition of ['publish', 'archive', 'unarchive'] as const satisfies readonly Transition[]) {
    app.post<IdParams>(`/badges/:id/${transition}`, async (request, reply) => {
      await transitionBadge(deps, request.actor, request.params.id, transition);
      return redirectAfterPost(reply, badgePath(request.params.id), `badges.flash.${transition}`);
    });
  }
}

/** Shows the form again with the errors next to the fields (nothing was changed). */
async function formFailure(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: Deps,
  org: { slug: string },
  values: BadgeFormValues,
  error: AppError,
  badge?: Badge,
): Promise<FastifyReply> {
  const { organization } = await requireOrganizationAccess(deps, request.actor, org.slug, 'badge.design');
  const language: Locale = badge?.achievement.inLanguage ?? 'fr';
  const errors = translateFields(request.t, formErrors(error.fields, language));
  const choices = await ruleChoices(deps, request.actor, organization.slug, badge);
  const page = <BadgeFormPage v={view(request, reply)} org={organization} badge={badge} values={values} errors={errors} maxUploadKb={maxKb(deps)} ruleChoices={choices} />;
  return sendPage(reply, page, error.status);
}

/** The badges a rule of this organisation's badge may name: its other badges not archived, and any badge its rule names already. */
async function ruleChoices(deps: Deps, actor: Actor | null, slug: string, badge?: Badge): Promise<RuleChoice[]> {
  const own = (await listOrganizationBadges(deps, actor, slug, { limit: 200, offset: 0 })).items.filter((b) => b.status !== 'archived' && b.publicId !== badge?.publicId);
  const choices = own.map((b) => ({ id: b.publicId, name: b.achievement.name }));
  for (const id of badge ? ruleBadgeIds(badge) : [])
    if (!choices.some((c) => c.id === id)) {
      const other = await getBadge(deps, actor, id).catch(() => undefined);
      choices.push({ id, name: other ? `${other.achievement.name} (${other.organizationName})` : id });
    }
  return choices;
}

/** The published badges section of an organisation's page (organizations.routes.tsx renders it). */
export async function organizationBadges(deps: Deps, v: View, slug: string): Promise<VNode | null> {
  const page = await listOrganizationBadges(deps, null, slug, { limit: 12, offset: 0 });
  return <OrganizationBadgesSection v={v} slug={slug} items={page.items} hasMore={page.hasMore} />;
}
