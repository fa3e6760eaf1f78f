// JSON API of awarded badges: award, read, list, revoke, and the recipient's accept / decline.
import { z } from 'zod';
import { type ApiRoute, apiRoute } from '../api/registry';
import { fail } from '../errors';
import type { Actor, Deps } from '../platform/deps';
import { type Credential, type CredentialSummary, credentialStatus, credentialUrl } from './awards';
import { awardCredential, getCredential, listCredentialsOfBadge, mayManage } from './awards.service';
import { answerAsRecipient, isRecipient, listBackpack, listMyCredentials, visibleCredential } from './claims.service';
import { revokeCredential } from './revocation.service';
import { awardWithToken, listCredentialsWithToken } from '../integrations/integrations.service';

const TAG = 'credentials';
const json = z.record(z.string(), z.unknown());

const recipientSchema = z.object({
  kind: z.enum(['email', 'organization']),
  email: z.string().optional().describe('Shown to the issuer’s staff and to the recipient only'),
  organization: z.string().optional().describe('Slug of the recipient organisation'),
  name: z.string().nullable(),
});

const summarySchema = z.object({
  id: z.string(),
  url: z.string().describe('The credential’s id: JSON-LD with Accept: application/ld+json, a page for browsers'),
  badge: z.string().describe('Public id of the badge'),
  badgeName: z.string(),
  issuer: z.string().describe('Slug of the issuing organisation'),
  recipient: recipientSchema,
  status: z.enum(['active', 'expired', 'revoked']),
  revocationReason: z.string().optional(),
  state: z.enum(['pending', 'accepted', 'declined']),
  level: z.string().nullable(),
  visibility: z.enum(['private', 'link', 'public']).describe('Who sees it (its earner’s choice): its earner only, anyone with the link, or also their public profile'),
  issuedAt: z.string(),
  validFrom: z.string(),
  validUntil: z.string().nullable(),
  restsOn: z.array(z.string()).optional().describe('A key badge or label awarded by its badge’s award rule: the URLs of the credentials it rests on'),
});
const credentialSchema = summarySchema.extend({ credential: json.describe('The signed OpenBadgeCredential (Data Integrity)'), jwt: z.string() });

const awardBody = z.object({
  recipient: z.object({ email: z.string().optional(), organization: z.string().optional(), name: z.string().optional() }),
  narrative: z.string().optional(),
  level: z.string().optional().describe('Name (or code, or id) of one of the badge’s levels'),
  evidence: z.unknown().optional().describe('A URL or a text, a list of them, or OB 3.0 Evidence objects'),
  issuedAt: z.string().optional().describe('ISO 8601 date or date-time; now by default'),
  validUntil: z.string().nullable().optional().describe('Defaults from the badge’s validity; null: no expiry'),
});

function toSummary(deps: Deps, c: CredentialSummary, showAddress: boolean): z.infer<typeof summarySchema> {
  const r = c.recipient;
  return {
    id: c.publicId,
    url: credentialUrl(deps.config.baseUrl, c.publicId),
    badge: c.badgePublicId,
    badgeName: c.badgeName,
    issuer: c.organizationSlug,
    recipient:
      r.kind === 'email'
        ? { kind: 'email', ...(showAddress ? { email: r.email } : {}), name: r.name }
        : { kind: 'organization', organization: r.slug, name: r.name },
    status: credentialStatus(c, deps.clock.now()),
    ...(c.revocationReason ? { revocationReason: c.revocationReason } : {}),
    state: c.state,
    level: c.level,
    visibility: c.visibility,
    issuedAt: c.issuedAt.toISOString(),
    validFrom: c.validFrom.toISOString(),
    validUntil: c.validUntil?.toISOString() ?? null,
    ...(c.basis ? { restsOn: c.basis.map((id) => credentialUrl(deps.config.baseUrl, id)) } : {}),
  };
}

async function toCredential(deps: Deps, actor: Actor | null, c: Credential): Promise<z.infer<typeof credentialSchema>> {
  const showAddress = !!actor && ((await mayManage(deps, actor, c, 'badge.issue')) || (await mayManage(deps, actor, c, 'badge.revoke')) || (await isRecipient(deps, actor, c)));
  return { ...toSummary(deps, c, showAddress), credential: c.document, jwt: c.jwt };
}

const answerRoute = (answer: 'accept' | 'decline', summary: string) =>
  apiRoute({
    method: 'POST',
    path: `/credentials/:id/${answer}`,
    summary,
    tag: TAG,
    auth: 'required',
    responses: { 200: { description: 'The credential', schema: credentialSchema } },
    handler: async ({ deps, actor, params }) => ({ body: await toCredential(deps, actor, await answerAsRecipient(deps, actor, params.id!, answer)) }),
  });

export const awardApiRoutes: ApiRoute[] = [
  apiRoute<z.infer<typeof awardBody>>({
    method: 'POST',
    path: '/badges/:id/credentials',
    summary: 'Award a published badge to a person (e-mail) or an organisation (slug); the recipient gets a claim link by mail. Also with an organisation API token (scope credentials:issue)',
    tag: TAG,
    auth: 'required',
    orgScope: 'credentials:issue',
    body: awardBody,
    responses: { 201: { description: 'Awarded', schema: z.object({ id: z.string(), credential: json }) } },
    handler: async ({ deps, actor, orgToken, params, request, locale }) => {
      const result = orgToken
        ? await awardWithToken(deps, orgToken, params.id!, request.body, locale)
        : await awardCredential(deps, actor, params.id!, request.body);
      return { status: 201, body: { id: result.id, credential: result.credential } };
    },
  }),
  apiRoute<unknown, { limit: number; offset: number }>({
    method: 'GET',
    path: '/badges/:id/credentials',
    summary: 'The badge’s awarded credentials, newest first (the organisation’s issuers, admins and owners; or an organisation API token with the scope credentials:read)',
    tag: TAG,
    auth: 'required',
    orgScope: 'credentials:read',
    query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100), offset: z.coerce.number().int().min(0).default(0) }),
    responses: { 200: { description: 'A page of credentials', schema: z.object({ items: z.array(summarySchema), hasMore: z.boolean() }) } },
    handler: async ({ deps, actor, orgToken, params, query }) => {
      const page = orgToken ? await listCredentialsWithToken(deps, orgToken, params.id!, query) : await listCredentialsOfBadge(deps, actor, params.id!, query);
      return { body: { items: page.items.map((c) => toSummary(deps, c, true)), hasMore: page.hasMore } };
    },
  }),
  apiRoute({
    method: 'GET',
    path: '/credentials/:id',
    summary: 'An awarded credential: its status (active, expired, revoked), claim state and signed forms. Public; the address only for its issuer and recipient',
    tag: TAG,
    auth: 'none',
    responses: { 200: { description: 'The credential', schema: credentialSchema } },
    handler: async ({ deps, actor, params }) => {
      return { body: await toCredential(deps, actor, await visibleCredential(deps, actor, params.id!)) };
    },
  }),
  apiRoute<{ reason: string }>({
    method: 'POST',
    path: '/credentials/:id/revoke',
    summary: 'Revoke a credential with a reason (at most 500 characters); published in the status list and the revocation list',
    tag: TAG,
    auth: 'required',
    body: z.object({ reason: z.string() }),
    responses: { 200: { description: 'The revoked credential', schema: credentialSchema } },
    handler: async ({ deps, actor, params, body }) => ({ body: await toCredential(deps, actor, await revokeCredential(deps, actor, params.id!, body)) }),
  }),
  answerRoute('accept', 'Accept a badge awarded to one of your verified addresses or to an organisation you manage'),
  answerRoute('decline', 'Decline a badge awarded to you (it is then gone for everyone)'),
  apiRoute({
    method: 'GET',
    path: '/me/credentials',
    summary: 'Badges awarded to your verified addresses and to the organisations you manage (not declined)',
    tag: TAG,
    auth: 'required',
    responses: { 200: { description: 'Newest first', schema: z.object({ items: z.array(summarySchema) }) } },
    handler: async ({ deps, actor }) => ({ body: { items: (await listMyCredentials(deps, actor)).map((c) => toSummary(deps, c, true)) } }),
  }),
  apiRoute<unknown, { organization?: string | undefined }>({
    method: 'GET',
    path: '/backpack',
    summary:
      'What you hold — badges awarded to your verified addresses, key badges included — or, with ?organization=slug, what an organisation you manage holds (labels included); not declined, newest first',
    tag: TAG,
    auth: 'required',
    query: z.object({ organization: z.string().trim().max(60).optional() }),
    responses: { 200: { description: 'Newest first', schema: z.object({ items: z.array(summarySchema) }) } },
    handler: async ({ deps, actor, query }) => ({ body: { items: (await listBackpack(deps, actor, query.organization)).map((c) => toSummary(deps, c, true)) } }),
  }),
];
