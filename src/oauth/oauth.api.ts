// JSON API of the applications a person authorised (OAuth 2.0 clients of the OB 3.0 API): list, revoke.
import { z } from 'zod';
import { type ApiRoute, apiRoute } from '../api/registry';
import type { AuthorisedApplication } from './oauth';
import { listAuthorisedApplications, revokeApplication } from './oauth.service';

const applicationSchema = z.object({
  clientId: z.string(),
  name: z.string(),
  clientUri: z.string(),
  logoUri: z.string(),
  scopes: z.array(z.string()),
  authorisedAt: z.string(),
  lastUsedAt: z.string().nullable(),
});

function applicationBody(a: AuthorisedApplication): z.infer<typeof applicationSchema> {
  return {
    clientId: a.client.clientId,
    name: a.client.name,
    clientUri: a.client.clientUri,
    logoUri: a.client.logoUri,
    scopes: a.scopes,
    authorisedAt: a.authorisedAt.toISOString(),
    lastUsedAt: a.lastUsedAt?.toISOString() ?? null,
  };
}

export const oauthApiRoutes: ApiRoute[] = [
  apiRoute({
    method: 'GET',
    path: '/me/connected-apps',
    summary: 'The applications you authorised to use the Open Badges 3.0 API on your behalf, with what they may do',
    tag: 'accounts',
    auth: 'required',
    responses: { 200: { description: 'Newest first', schema: z.object({ items: z.array(applicationSchema) }) } },
    handler: async ({ deps, actor }) => ({ body: { items: (await listAuthorisedApplications(deps, actor)).map(applicationBody) } }),
  }),
  apiRoute({
    method: 'DELETE',
    path: '/me/connected-apps/:clientId',
    summary: 'Withdraw an application’s access: every token it holds for you stops working',
    tag: 'accounts',
    auth: 'required',
    responses: { 204: { description: 'Withdrawn' } },
    handler: async ({ deps, actor, params }) => {
      await revokeApplication(deps, actor, params.clientId!);
      return { status: 204, body: undefined };
    },
  }),
];
