// JSON API of pathways: create one in an organisation, read one with the caller's progress.
import { z } from 'zod';
import { type ApiRoute, apiRoute } from '../api/registry';
import type { Deps } from '../platform/deps';
import { copyPathway, createPathway, pathwayPath, publishPathway, viewPathway } from './pathways.service';

const TAG = 'pathways';

const stepSchema = z.object({
  name: z.string(),
  badges: z.array(z.string()).describe('Public ids of badges'),
  count: z.number().optional().describe('How many of them complete the step (default: all)'),
  requires: z.array(z.number()).optional().describe('Indexes of earlier steps to complete first (default: the previous step; [] for none)'),
});

const pathwaySchema = z.object({
  id: z.string(),
  url: z.string(),
  organization: z.string(),
  name: z.string(),
  description: z.string(),
  status: z.enum(['draft', 'published']),
  template: z.boolean().describe('Other organisations may copy it into their own badges'),
  source: z.string().nullable().describe('The template it was copied from'),
  steps: z.array(stepSchema),
  progress: z
    .object({
      steps: z.array(z.object({ index: z.number(), held: z.array(z.string()), needed: z.number(), state: z.enum(['done', 'open', 'locked']) })),
      next: z.array(z.number()),
      complete: z.boolean(),
    })
    .nullable()
    .describe('The caller’s progress (signed in), from the badges they hold now'),
});

async function toBody(deps: Deps, result: Awaited<ReturnType<typeof viewPathway>>): Promise<z.infer<typeof pathwaySchema>> {
  const { pathway, progress } = result;
  return {
    id: pathway.id,
    url: `${deps.config.baseUrl}${pathwayPath(pathway.id)}`,
    organization: pathway.organizationSlug,
    name: pathway.name,
    description: pathway.description,
    status: pathway.status,
    template: pathway.template,
    source: pathway.source?.id ?? null,
    steps: pathway.steps,
    progress,
  };
}

export const pathwayApiRoutes: ApiRoute[] = [
  apiRoute<{ name: string; description?: string; steps: unknown[]; status?: string; template?: boolean }>({
    method: 'POST',
    path: '/organizations/:slug/pathways',
    summary: 'Create a pathway: ordered or grouped steps of badges, with prerequisites (the organisation’s designers)',
    tag: TAG,
    auth: 'required',
    body: z.object({ name: z.string(), description: z.string().optional(), steps: z.array(stepSchema), status: z.enum(['draft', 'published']).optional(), template: z.boolean().optional() }),
    responses: { 201: { description: 'Created', schema: pathwaySchema } },
    handler: async ({ deps, actor, params, request }) => {
      const created = await createPathway(deps, actor, params.slug!, request.body);
      return { status: 201, body: await toBody(deps, await viewPathway(deps, actor, created.id, actor?.locale ?? 'fr')) };
    },
  }),
  apiRoute({
    method: 'GET',
    path: '/pathways/:id',
    summary: 'A pathway, with your progress when signed in',
    tag: TAG,
    auth: 'none',
    responses: { 200: { description: 'The pathway', schema: pathwaySchema } },
    handler: async ({ deps, actor, params }) => ({ body: await toBody(deps, await viewPathway(deps, actor, params.id!, actor?.locale ?? 'fr')) }),
  }),
  apiRoute<{ organization: string }>({
    method: 'POST',
    path: '/pathways/:id/copy',
    summary: 'Copy a pathway template into an organisation you design for: its badges are copied as drafts linked to their source, and the pathway copy (a draft) names them',
    tag: TAG,
    auth: 'required',
    body: z.object({ organization: z.string() }),
    responses: { 201: { description: 'The copy', schema: pathwaySchema } },
    handler: async ({ deps, actor, params, request }) => {
      const copy = await copyPathway(deps, actor, params.id!, request.body);
      return { status: 201, body: await toBody(deps, await viewPathway(deps, actor, copy.id, actor?.locale ?? 'fr')) };
    },
  }),
  apiRoute({
    method: 'POST',
    path: '/pathways/:id/publish',
    summary: 'Publish a draft pathway (the organisation’s designers)',
    tag: TAG,
    auth: 'required',
    responses: { 200: { description: 'The pathway', schema: pathwaySchema } },
    handler: async ({ deps, actor, params }) => {
      await publishPathway(deps, actor, params.id!);
      return { body: await toBody(deps, await viewPathway(deps, actor, params.id!, actor?.locale ?? 'fr')) };
    },
  }),
];
