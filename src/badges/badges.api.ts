// JSON API of badge designs. A badge is named by its public id; its `achievement` is the OB 3.0
// Achievement JSON-LD as published at /badges/{id}.
import { z } from 'zod';
import { type ApiRoute, apiRoute } from '../api/registry';
import type { Config } from '../config';
import type { Locale } from '../i18n';
import type { Deps } from '../platform/deps';
import { type Badge, TRANSLATIONS_KEY, textsIn } from './badges';
import {
  type AchievementBodyInput,
  achievementBodySchema,
  achievementPatchSchema,
  catalogueQuerySchema,
} from './badges.schemas';
import {
  createBadge,
  getAchievementDocument,
  getBadge,
  listOrganizationBadges,
  searchCatalogue,
  transitionBadge,
  updateBadge,
} from './badges.service';
import { badgeImageUrl, badgeUrl } from './document';

const TAG = 'badges';
const status = z.enum(['draft', 'published', 'archived']);

const badgeSchema = z.object({
  id: z.string().describe('Public id of the badge'),
  url: z.string().describe('The badge page; JSON-LD with Accept: application/ld+json'),
  organization: z.string().describe("The issuing organisation's slug"),
  status,
  version: z.number().describe('Current version; editing a published badge adds one'),
  achievement: z.record(z.string(), z.unknown()).describe('The OB 3.0 Achievement (JSON-LD), with its creator'),
  translations: z.record(z.string(), z.unknown()).describe('Texts in the other languages: {"en": {name, description, criteria}}'),
  settings: z.record(z.string(), z.unknown()).describe('Blason settings: validity, evidence, checklist, review, awardRule'),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const summarySchema = z.object({
  id: z.string(),
  url: z.string(),
  organization: z.string(),
  organizationName: z.string(),
  status,
  version: z.number(),
  name: z.string().describe("In the caller's language when translated, else in the badge's main language"),
  description: z.string(),
  language: z.enum(['fr', 'en']),
  tags: z.array(z.string()),
  imageUrl: z.string().nullable(),
});
const pageSchema = z.object({ items: z.array(summarySchema), hasMore: z.boolean() });

export function toSummary(badge: Badge, config: Config, locale: Locale): z.infer<typeof summarySchema> {
  const texts = textsIn(badge.achievement, locale);
  return {
    id: badge.publicId,
    url: badgeUrl(config.baseUrl, badge.publicId),
    organization: badge.organizationSlug,
    organizationName: badge.organizationName,
    status: badge.status,
    version: badge.version,
    name: texts.name,
    description: texts.description,
    language: texts.language,
    tags: badge.achievement.tag ?? [],
    imageUrl: badge.imageType ? badgeImageUrl(config.baseUrl, badge.publicId, badge.version) : null,
  };
}

async function toBadge(deps: Deps, badge: Badge): Promise<z.infer<typeof badgeSchema>> {
  return {
    id: badge.publicId,
    url: badgeUrl(deps.config.baseUrl, badge.publicId),
    organization: badge.organizationSlug,
    status: badge.status,
    version: badge.version,
    achievement: { ...(await getAchievementDocument(deps, badge.publicId)) },
    translations: { ...(badge.achievement[TRANSLATIONS_KEY] ?? {}) },
    settings: { ...badge.settings },
    createdAt: badge.createdAt.toISOString(),
    updatedAt: badge.updatedAt.toISOString(),
  };
}

const transition = (name: 'publish' | 'archive' | 'unarchive', summary: string) =>
  apiRoute({
    method: 'POST',
    path: `/badges/:id/${name}`,
    summary,
    tag: TAG,
    auth: 'required',
    responses: { 200: { description: 'The badge', schema: badgeSchema } },
    handler: async ({ deps, actor, params }) => ({ body: await toBadge(deps, await transitionBadge(deps, actor, params.id!, name)) }),
  });

export const badgeApiRoutes: ApiRoute[] = [
  apiRoute<AchievementBodyInput>({
    method: 'POST',
    path: '/organizations/:slug/badges',
    summary:
      'Create a badge (designers, admins, owners): an OB 3.0 Achievement JSON (image as a data: URI, PNG or SVG) plus optional ' +
      'Blason settings (validity, evidence, checklist, review, awardRule, status) at the top level or under "blason"; a draft by default',
    tag: TAG,
    auth: 'required',
    body: achievementBodySchema,
    responses: { 201: { description: 'Created', schema: z.object({ id: z.string() }) } },
    handler: async ({ deps, actor, params, request }) => {
      const badge = await createBadge(deps, actor, params.slug!, request.body);
      return { status: 201, body: { id: badge.publicId } };
    },
  }),
  apiRoute<unknown, { limit: number; offset: number }>({
    method: 'GET',
    path: '/organizations/:slug/badges',
    summary: "The organisation's badges: all of them for its members, the published ones for others",
    tag: TAG,
    auth: 'none',
    query: catalogueQuerySchema.pick({ limit: true, offset: true }),
    responses: { 200: { description: 'One page of badges', schema: pageSchema } },
    handler: async ({ deps, actor, params, query, locale }) => {
      const page = await listOrganizationBadges(deps, actor, params.slug!, query);
      return { body: { items: page.items.map((b) => toSummary(b, deps.config, locale)), hasMore: page.hasMore } };
    },
  }),
  apiRoute<unknown, z.output<typeof catalogueQuerySchema>>({
    method: 'GET',
    path: '/badges',
    summary: 'The catalogue of published badges: q searches names in French and English (accents ignored); filter by organization (slug) and tag',
    tag: TAG,
    auth: 'none',
    query: catalogueQuerySchema,
    responses: { 200: { description: 'One page of badges', schema: pageSchema } },
    handler: async ({ deps, query, locale }) => {
      const page = await searchCatalogue(deps, query);
      return { body: { items: page.items.map((b) => toSummary(b, deps.config, locale)), hasMore: page.hasMore } };
    },
  }),
  apiRoute({
    method: 'GET',
    path: '/badges/:id',
    summary: 'A badge: published and archived ones are public, drafts are visible to the members of its organisation',
    tag: TAG,
    auth: 'none',
    responses: { 200: { description: 'The badge', schema: badgeSchema } },
    handler: async ({ deps, actor, params }) => ({ body: await toBadge(deps, await getBadge(deps, actor, params.id!)) }),
  }),
  apiRoute<Record<string, unknown>>({
    method: 'PATCH',
    path: '/badges/:id',
    summary: 'Edit a badge (designers, admins, owners): a draft in place, a published one as a new version',
    tag: TAG,
    auth: 'required',
    body: achievementPatchSchema,
    responses: { 200: { description: 'The badge', schema: badgeSchema } },
    handler: async ({ deps, actor, params, body }) => ({ body: await toBadge(deps, await updateBadge(deps, actor, params.id!, body)) }),
  }),
  transition('publish', 'Publish a draft: it can then be awarded and is listed in the catalogue'),
  transition('archive', 'Archive a published badge: it stays verifiable but can no longer be awarded'),
  transition('unarchive', 'Publish an archived badge again'),
];
