import { z } from 'zod';
import { type ApiRoute, apiRoute } from '../api/registry';
import { getMe } from './accounts.service';

const meSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  locale: z.enum(['fr', 'en']),
  isAdmin: z.boolean(),
  emails: z.array(z.object({ email: z.string(), verified: z.boolean(), primary: z.boolean() })),
  organizations: z.array(z.object({ slug: z.string(), name: z.string(), roles: z.array(z.string()) })),
});

export const accountApiRoutes: ApiRoute[] = [
  apiRoute({
    method: 'GET',
    path: '/me',
    summary: 'The signed-in person: profile, e-mail addresses, organisations',
    tag: 'accounts',
    auth: 'required',
    responses: { 200: { description: 'The signed-in person', schema: meSchema } },
    handler: async ({ deps, actor }) => ({ body: await getMe(deps, actor) }),
  }),
];
