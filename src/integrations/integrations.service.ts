// Use cases of integrations: an organisation's owners and admins manage its API tokens and webhook
// endpoints and see recent deliveries; an organisation token, recognised by its prefix, awards and
// lists the organisation's badges within its scopes.
import type { Badge } from '../badges/badges';
import { getBadge } from '../badges/badges.service';
import { type AwardResult, awardBadge, listCredentialsOfBadgeFor } from '../awards/awards.service';
import { encryptPrivateKey } from '../credentials';
import { fail } from '../errors';
import type { Locale } from '../i18n';
import type { Organization } from '../organizations/organizations';
import { requireOrganizationAccess } from '../organizations/organizations.service';
import type { Actor, Deps } from '../platform/deps';
import { publicId, randomToken } from '../platform/tokens';
import { parseInput } from '../platform/validate';
import { isPrivateAddress } from '../platform/public-network';
import {
  type OrgTokenInfo,
  type OrgTokenPrincipal,
  type Scope,
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookEndpointRow,
  type WebhookEvent,
  TEST_EVENT,
  allowsLocalHttp,
  endpointInputSchema,
  endpointRowToEndpoint,
  eventBody,
  requireScope,
  isScope,
  newOrgTokenSecret,
  newWebhookSecret,
  tokenInputSchema,
  tokenRowToInfo,
  webhookUrlProblem,
} from './integrations';
import {
  disableEndpoint,
  enqueueTestEvent,
  findEndpoint,
  findOrgToken,
  insertEndpoint,
  insertOrgToken,
  listDeliveries,
  listEndpoints,
  listOrgTokens,
  revokeOrgToken,
  updateEndpoint,
} from './integrations.repository';
import { secretAssociatedData } from './webhooks';

/** Recent deliveries shown to the organisation. */
export const DELIVERIES_SHOWN = 50;

/** Integrations are the organisation's owners' and admins' (and platform administrators'). */
async function requireIntegrations(deps: Deps, actor: Actor | null, slug: string): Promise<{ actor: Actor; organization: Organization }> {
  const access = await requireOrganizationAccess(deps, actor, slug, 'org.edit');
  return { actor: access.actor, organization: access.organization };
}

export interface Integrations {
  organization: Organization;
  tokens: OrgTokenInfo[];
  endpoints: WebhookEndpoint[];
  deliveries: WebhookDelivery[];
}

export async function getIntegrations(deps: Deps, actor: Actor | null, slug: string): Promise<Integrations> {
  const { organization } = await requireIntegrations(deps, actor, slug);
  const [tokens, endpoints, deliveries] = [
    await listOrgTokens(deps.db, organization.id),
    await listEndpoints(deps.db, organization.id),
    await listDeliveries(deps.db, organization.id, DELIVERIES_SHOWN),
  ];
  return { organization, tokens: tokens.map(tokenRowToInfo), endpoints: endpoints.map(endpointRowToEndpoint), deliveries };
}

/** Creates a token; its secret is in this answer only. */
export async function createOrganizationToken(
  deps: Deps,
  actor: Actor | null,
  slug: string,
  input: unknown,
): Promise<OrgTokenInfo & { token: string }> {
  const { actor: me, organization } = await requireIntegrations(deps, actor, slug);
  const data = parseInput(tokenInputSchema, input);
  const token = newOrgTokenSecret();
  const now = deps.clock.now();
  const scopes = [...new Set(data.scopes)];
  const id = await insertOrgToken(deps.db, { organizationId: organization.id, name: data.name, scopes, token, createdBy: me.id, now });
  return { id, name: data.name, scopes, createdAt: now, lastUsedAt: null, token };
}

export async function revokeOrganizationToken(deps: Deps, actor: Actor | null, slug: string, tokenId: string): Promise<void> {
  const { organization } = await requireIntegrations(deps, actor, slug);
  if (!(await revokeOrgToken(deps.db, organization.id, tokenId, deps.clock.now()))) throw fail.notFound('integrations.tokens.notFound');
}

/** An endpoint's address and events, validated as on creation: https and a public address (local http outside production). */
function endpointInput(deps: Deps, input: unknown): { url: string; events: WebhookEvent[] } {
  const data = parseInput(endpointInputSchema, input);
  const problem = webhookUrlProblem(data.url, { allowLocalHttp: allowsLocalHttp(deps.config.baseUrl), isPrivateAddress });
  if (problem) throw fail.field('url', problem);
  return { url: data.url, events: [...new Set(data.events)] };
}

/** A new `whsec_` secret and its encryption, bound to the endpoint. */
function newSecretOf(deps: Deps, endpointPublicId: string): { secret: string; encryptedSecret: string } {
  const secret = newWebhookSecret();
  return { secret, encryptedSecret: encryptPrivateKey(secret, deps.keyEncryptionKey, secretAssociatedData(endpointPublicId)) };
}

async function requireEndpoint(deps: Deps, organizationId: string, endpointId: string): Promise<WebhookEndpointRow> {
  const endpoint = await findEndpoint(deps.db, organizationId, endpointId);
  if (!endpoint) throw fail.notFound('integrations.webhooks.notFound');
  return endpoint;
}

/** Adds an endpoint; its `whsec_` secret is in this answer only (stored encrypted, to sign). */
export async function createWebhookEndpoint(deps: Deps, actor: Actor | null, slug: string, input: unknown): Promise<WebhookEndpoint & { secret: string }> {
  const { actor: me, organization } = await requireIntegrations(deps, actor, slug);
  const { url, events } = endpointInput(deps, input);
  const id = publicId();
  const { secret, encryptedSecret } = newSecretOf(deps, id);
  const now = deps.clock.now();
  await insertEndpoint(deps.db, { publicId: id, organizationId: organization.id, url, events, encryptedSecret, createdBy: me.id, now });
  return { id, url, events, active: true, createdAt: now, secret };
}

/**
 * Changes an endpoint: its address and events (what is not given stays; validated as on creation,
 * nothing changed when refused) and whether it is active or paused. A paused endpoint gets no
 * delivery: events are not queued for it, and what was queued is not sent.
 */
export async function updateWebhookEndpoint(
  deps: Deps,
  actor: Actor | null,
  slug: string,
  endpointId: string,
  input: { url?: unknown; events?: unknown; active?: boolean | undefined },
): Promise<WebhookEndpoint> {
  const { organization } = await requireIntegrations(deps, actor, slug);
  const current = await requireEndpoint(deps, organization.id, endpointId);
  const { url, events } = endpointInput(deps, { url: input.url ?? current.url, events: input.events ?? current.events });
  const wasActive = current.paused_at === null;
  const active = input.active ?? wasActive;
  const pausedAt = active ? null : wasActive ? deps.clock.now() : current.paused_at;
  if (!(await updateEndpoint(deps.db, organization.id, endpointId, { url, events, pausedAt }))) throw fail.notFound('integrations.webhooks.notFound');
  return { id: current.public_id, url, events, active, createdAt: current.created_at };
}

/** Gives an endpoint a new `whsec_` secret, in this answer only: every delivery from now on is signed with it. */
export async function rotateWebhookSecret(deps: Deps, actor: Actor | null, slug: string, endpointId: string): Promise<WebhookEndpoint & { secret: string }> {
  const { organization } = await requireIntegrations(deps, actor, slug);
  const current = await requireEndpoint(deps, organization.id, endpointId);
  const { secret, encryptedSecret } = newSecretOf(deps, current.public_id);
  if (!(await updateEndpoint(deps.db, organization.id, endpointId, { encryptedSecret }))) throw fail.notFound('integrations.webhooks.notFound');
  return { ...endpointRowToEndpoint(current), secret };
}

export async function deleteWebhookEndpoint(deps: Deps, actor: Actor | null, slug: string, endpointId: string): Promise<void> {
  const { organization } = await requireIntegrations(deps, actor, slug);
  if (!(await disableEndpoint(deps.db, organization.id, endpointId, deps.clock.now()))) throw fail.notFound('integrations.webhooks.notFound');
}

/** Queues a `webhook.test` event to one endpoint (delivered, signed and recorded like the others). */
export async function sendTestEvent(deps: Deps, actor: Actor | null, slug: string, endpointId: string): Promise<{ eventId: string }> {
  const { organization } = await requireIntegrations(deps, actor, slug);
  const endpoint = await requireEndpoint(deps, organization.id, endpointId);
  if (endpoint.paused_at !== null) throw fail.conflict('integrations.webhooks.pausedNoTest');
  const eventId = `msg_test_${randomToken(12)}`;
  const now = deps.clock.now();
  const payload = eventBody(TEST_EVENT, now, { organization: organization.slug, endpoint: endpoint.public_id });
  await deps.db.transaction().execute((trx) => enqueueTestEvent(trx, endpoint.id, eventId, payload, now));
  return { eventId };
}

/** The principal of an organisation token, or null when no working token has this secret. */
export async function resolveOrgToken(deps: Deps, token: string): Promise<OrgTokenPrincipal | null> {
  const row = await findOrgToken(deps.db, token, deps.clock.now());
  if (!row) return null;
  return { tokenId: row.public_id, organizationId: row.organization_id, organizationSlug: row.organization_slug, scopes: row.scopes.filter(isScope) };
}

/** The badge, when it is the token's organisation's (others' are "not found" to it). */
async function badgeOfToken(deps: Deps, principal: OrgTokenPrincipal, scope: Scope, badgePublicId: string): Promise<Badge> {
  requireScope(principal, scope);
  const badge = await getBadge(deps, null, badgePublicId);
  if (badge.organizationSlug !== principal.organizationSlug) throw fail.forbidden('integrations.tokens.otherOrganization');
  return badge;
}

/** `POST /api/v1/badges/{id}/credentials` with an organisation token (scope credentials:issue). */
export async function awardWithToken(deps: Deps, principal: OrgTokenPrincipal, badgePublicId: string, input: unknown, locale: Locale): Promise<AwardResult> {
  const badge = await badgeOfToken(deps, principal, 'credentials:issue', badgePublicId);
  return awardBadge(deps, badge, input, { userId: null, locale });
}

/** `GET /api/v1/badges/{id}/credentials` with an organisation token (scope credentials:read). */
export async function listCredentialsWithToken(deps: Deps, principal: OrgTokenPrincipal, badgePublicId: string, page: { limit: number; offset: number }) {
  const badge = await badgeOfToken(deps, principal, 'credentials:read', badgePublicId);
  return listCredentialsOfBadgeFor(deps, badge, page);
}

