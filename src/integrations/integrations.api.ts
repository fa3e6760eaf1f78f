// JSON API of integrations: an organisation's API tokens and webhooks (its owners and admins), and
// the W3C VC API at the root — POST /credentials/issue (an organisation token with the scope
// credentials:issue) and POST /credentials/verify (anyone).
import { z } from 'zod';
import { type ApiRoute, apiRoute } from '../api/registry';
import { fail } from '../errors';
import { EVENTS, SCOPES, type WebhookEndpoint } from './integrations';
import {
  createOrganizationToken,
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getIntegrations,
  revokeOrganizationToken,
  rotateWebhookSecret,
  sendTestEvent,
  updateWebhookEndpoint,
} from './integrations.service';
import { VC_API_ISSUE, VC_API_RATE_LIMITS, VC_API_VERIFY } from './vcapi';
import { issueWithToken, verifyForVcApi } from './vcapi.service';

const TAG = 'integrations';
const json = z.record(z.string(), z.unknown());

const tokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(z.enum(SCOPES)),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
const endpointSchema = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.enum(EVENTS)),
  active: z.boolean().describe('False while paused: nothing is delivered to it'),
  createdAt: z.string(),
});
const endpointJson = (e: WebhookEndpoint) => ({ id: e.id, url: e.url, events: e.events, active: e.active, createdAt: e.createdAt.toISOString() });
const secretSchema = endpointSchema.extend({ secret: z.string().describe('whsec_…: verifies the webhook-signature header') });
const deliverySchema = z.object({
  eventId: z.string().describe('The webhook-id header'),
  eventType: z.string(),
  endpoint: z.string(),
  status: z.enum(['pending', 'delivered', 'retrying', 'failed']),
  attempts: z.number().int(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  lastAttemptAt: z.string().nullable(),
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);

const problemSchema = z.object({ code: z.string(), message: z.string(), check: z.string().optional(), path: z.string().optional() });
const verificationSchema = z.object({
  verified: z.boolean(),
  checks: z.array(z.string()).describe('The checks that passed: schema, subject, proof, status, validity, endorsements'),
  warnings: z.array(problemSchema),
  errors: z.array(problemSchema),
});

export const integrationApiRoutes: ApiRoute[] = [
  apiRoute({
    method: 'GET',
    path: '/organizations/:slug/integrations',
    summary: 'The organisation’s API tokens (never their secrets), webhook endpoints and recent deliveries (owners and admins)',
    tag: TAG,
    auth: 'required',
    responses: {
      200: {
        description: 'Tokens, endpoints, deliveries',
        schema: z.object({ tokens: z.array(tokenSchema), endpoints: z.array(endpointSchema), deliveries: z.array(deliverySchema) }),
      },
    },
    handler: async ({ deps, actor, params }) => {
      const all = await getIntegrations(deps, actor, params.slug!);
      return {
        body: {
          tokens: all.tokens.map((t) => ({ ...t, createdAt: t.createdAt.toISOString(), lastUsedAt: iso(t.lastUsedAt) })),
          endpoints: all.endpoints.map(endpointJson),
          deliveries: all.deliveries.map((d) => ({
            eventId: d.eventId,
            eventType: d.eventType,
            endpoint: d.endpoint,
            status: d.status,
            attempts: d.attempts,
            lastStatusCode: d.lastStatusCode,
            lastError: d.lastError,
            createdAt: d.createdAt.toISOString(),
            lastAttemptAt: iso(d.lastAttemptAt),
          })),
        },
      };
    },
  }),
  apiRoute({
    method: 'POST',
    path: '/organizations/:slug/tokens',
    summary: 'Create an organisation API token (blason_org_…), shown once, with its scopes: credentials:issue, credentials:read',
    tag: TAG,
    auth: 'required',
    body: z.object({ name: z.string(), scopes: z.array(z.enum(SCOPES)) }),
    responses: { 201: { description: 'Created; `token` is never shown again', schema: tokenSchema.extend({ token: z.string() }) } },
    handler: async ({ deps, actor, params, request }) => {
      const created = await createOrganizationToken(deps, actor, params.slug!, request.body);
      return { status: 201, body: { ...created, createdAt: created.createdAt.toISOString(), lastUsedAt: null } };
    },
  }),
  apiRoute({
    method: 'DELETE',
    path: '/organizations/:slug/tokens/:id',
    summary: 'Revoke an organisation API token',
    tag: TAG,
    auth: 'required',
    responses: { 204: { description: 'Revoked' } },
    handler: async ({ deps, actor, params }) => {
      await revokeOrganizationToken(deps, actor, params.slug!, params.id!);
      return { status: 204, body: undefined };
    },
  }),
  apiRoute({
    method: 'POST',
    path: '/organizations/:slug/webhooks',
    summary: 'Add a webhook endpoint (https) for events: credential.issued, credential.accepted, credential.revoked, application.decided. Its whsec_ secret is shown once',
    tag: TAG,
    auth: 'required',
    body: z.object({ url: z.string(), events: z.array(z.enum(EVENTS)) }),
    responses: { 201: { description: 'Added', schema: secretSchema } },
    handler: async ({ deps, actor, params, request }) => {
      const created = await createWebhookEndpoint(deps, actor, params.slug!, request.body);
      return { status: 201, body: { ...endpointJson(created), secret: created.secret } };
    },
  }),
  apiRoute({
    method: 'PATCH',
    path: '/organizations/:slug/webhooks/:id',
    summary: 'Change a webhook endpoint: its address and events (checked as when adding it; what is not given stays), active or paused (a paused endpoint gets no delivery)',
    tag: TAG,
    auth: 'required',
    body: z.object({ url: z.string().optional(), events: z.array(z.enum(EVENTS)).optional(), active: z.boolean().optional() }),
    responses: { 200: { description: 'Changed', schema: endpointSchema }, 400: { description: 'Refused (nothing changed)' } },
    handler: async ({ deps, actor, params, body }) => ({ body: endpointJson(await updateWebhookEndpoint(deps, actor, params.slug!, params.id!, body)) }),
  }),
  apiRoute({
    method: 'POST',
    path: '/organizations/:slug/webhooks/:id/rotate-secret',
    summary: 'Give a webhook endpoint a new whsec_ secret, shown once: every delivery from now on is signed with it, no longer with the old one',
    tag: TAG,
    auth: 'required',
    responses: { 200: { description: 'The new secret', schema: secretSchema } },
    handler: async ({ deps, actor, params }) => {
      const rotated = await rotateWebhookSecret(deps, actor, params.slug!, params.id!);
      return { body: { ...endpointJson(rotated), secret: rotated.secret } };
    },
  }),
  apiRoute({
    method: 'DELETE',
    path: '/organizations/:slug/webhooks/:id',
    summary: 'Remove a webhook endpoint (its deliveries stay on record; pending ones are not sent)',
    tag: TAG,
    auth: 'required',
    responses: { 204: { description: 'Removed' } },
    handler: async ({ deps, actor, params }) => {
      await deleteWebhookEndpoint(deps, actor, params.slug!, params.id!);
      return { status: 204, body: undefined };
    },
  }),
  apiRoute({
    method: 'POST',
    path: '/organizations/:slug/webhooks/:id/test',
    summary: 'Send a webhook.test event to the endpoint (signed and recorded like the others)',
    tag: TAG,
    auth: 'required',
    responses: { 202: { description: 'Queued', schema: z.object({ eventId: z.string() }) } },
    handler: async ({ deps, actor, params }) => ({ status: 202, body: await sendTestEvent(deps, actor, params.slug!, params.id!) }),
  }),
  apiRoute({
    method: 'POST',
    path: VC_API_ISSUE,
    root: true,
    summary: 'W3C VC API: sign an unsigned credential (VC 2.0) as the token’s organisation (eddsa-rdfc-2022, its did:web or did:key). Not stored',
    tag: 'vc-api',
    auth: 'required',
    orgScope: 'credentials:issue',
    rateLimit: VC_API_RATE_LIMITS.issue,
    body: z.object({
      credential: json.describe('The unsigned credential; its issuer, when given, must be the organisation’s DID'),
      options: json.optional(),
    }),
    responses: {
      201: { description: 'Signed', schema: z.object({ verifiableCredential: json }) },
      400: { description: 'A malformed credential, or another issuer' },
      401: { description: 'No token, or an unknown or revoked one' },
      403: { description: 'Not an organisation token with the scope credentials:issue' },
      429: { description: 'Too many requests with this token, or from this address without one (120 a minute); see Retry-After' },
    },
    handler: async ({ deps, orgToken, body }) => {
      if (!orgToken) throw fail.forbidden('vcapi.orgTokenRequired');
      return { status: 201, body: { verifiableCredential: await issueWithToken(deps, orgToken, body) } };
    },
  }),
  apiRoute({
    method: 'POST',
    path: VC_API_VERIFY,
    root: true,
    summary: 'W3C VC API: verify a credential — 200 when verified, 400 otherwise, with the checks that passed, warnings and errors',
    tag: 'vc-api',
    auth: 'none',
    rateLimit: VC_API_RATE_LIMITS.verify,
    body: z.object({
      verifiableCredential: z.unknown().optional().describe('Required: the credential (JSON-LD object) or a compact VC-JWT (string)'),
      options: json.optional(),
    }),
    responses: {
      200: { description: 'Verified', schema: verificationSchema },
      400: { description: 'Not verified (or no credential)', schema: verificationSchema },
      429: { description: 'Too many requests from this address (60 a minute); see Retry-After' },
    },
    handler: async ({ deps, body, request, t, locale }) => {
      const result = await verifyForVcApi(deps, request.server.verifyServices, body, t, locale);
      return { status: result.verified ? 200 : 400, body: result };
    },
  }),
];
