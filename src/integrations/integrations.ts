// Integrations of an organisation with other systems, the pure part: API tokens and their scopes,
// webhook events, the Standard Webhooks signature, which URLs a webhook may call.
import { createHmac, randomBytes } from 'node:crypto';
import { randomToken } from '../platform/tokens';
import net from 'node:net';
import { z } from 'zod';
import { AppError } from '../errors';
import type { OrganizationTokensTable, WebhookDeliveryStatus, WebhookEndpointsTable } from '../db/schema';
import type { Selectable } from 'kysely';

/** An organisation's API token starts with this; a personal token with `blason_` only. */
export const ORG_TOKEN_PREFIX = 'blason_org_';

/**
 * What an organisation token may do:
 * - credentials:issue — sign credentials as the organisation (`POST /credentials/issue`) and award its
 *   published badges (`POST /api/v1/badges/{id}/credentials`);
 * - credentials:read — list the credentials awarded with its badges, recipients' addresses included
 *   (`GET /api/v1/badges/{id}/credentials`).
 * A token acts for its organisation only, and nowhere else (no page, no other API route).
 */
export const SCOPES = ['credentials:issue', 'credentials:read'] as const;
export type Scope = (typeof SCOPES)[number];

export function isScope(value: unknown): value is Scope {
  return typeof value === 'string' && (SCOPES as readonly string[]).includes(value);
}

/** Who is asking when a request carries an organisation token. */
export interface OrgTokenPrincipal {
  tokenId: string;
  organizationId: string;
  organizationSlug: string;
  scopes: readonly Scope[];
}

export function hasScope(principal: Pick<OrgTokenPrincipal, 'scopes'>, scope: Scope): boolean {
  return principal.scopes.includes(scope);
}

/** 403 unless the token has the scope. */
export function requireScope(principal: OrgTokenPrincipal, scope: Scope): OrgTokenPrincipal {
  if (!hasScope(principal, scope)) throw new AppError('forbidden', 'integrations.tokens.scope', { scope });
  return principal;
}

export function newOrgTokenSecret(): string {
  return `${ORG_TOKEN_PREFIX}${randomToken()}`;
}

export function isOrgToken(token: string): boolean {
  return token.startsWith(ORG_TOKEN_PREFIX);
}

/** Events an endpoint may listen to. */
export const EVENTS = ['credential.issued', 'credential.accepted', 'credential.revoked', 'application.decided'] as const;
export type WebhookEvent = (typeof EVENTS)[number];

export function isEvent(value: unknown): value is WebhookEvent {
  return typeof value === 'string' && (EVENTS as readonly string[]).includes(value);
}

/** The kind of event fired only to check an endpoint ("send a test event"). */
export const TEST_EVENT = 'webhook.test';

export const WEBHOOK_SECRET_PREFIX = 'whsec_';

/** A new endpoint secret: `whsec_` and 32 random bytes in base64 (as Standard Webhooks does). */
export function newWebhookSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

/**
 * The Standard Webhooks signature of a message: `v1,` and the base64 HMAC-SHA256 of
 * `{id}.{timestamp}.{body}`, keyed with the bytes of the secret after `whsec_` (base64).
 */
export function webhookSignature(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.startsWith(WEBHOOK_SECRET_PREFIX) ? secret.slice(WEBHOOK_SECRET_PREFIX.length) : secret, 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/** The headers of a delivery: webhook-id, webhook-timestamp (seconds), webhook-signature. */
export function webhookHeaders(secret: string, id: string, now: Date, body: string): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    'content-type': 'application/json',
    'user-agent': 'Blason-Webhooks/1.0',
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': webhookSignature(secret, id, timestamp, body),
  };
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export type WebhookUrlProblem = 'integrations.webhooks.url.invalid' | 'integrations.webhooks.url.https' | 'integrations.webhooks.url.private';

/**
 * Why a webhook may not call this URL, or null: https only, no user:password, no private address
 * written in it (names are resolved at delivery time); http://localhost and http://127.0.0.1 when
 * `allowLocalHttp` (outside production).
 */
export function webhookUrlProblem(raw: string, options: { allowLocalHttp: boolean; isPrivateAddress: (address: string) => boolean }): WebhookUrlProblem | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'integrations.webhooks.url.invalid';
  }
  if (url.username || url.password || url.hash) return 'integrations.webhooks.url.invalid';
  const local = LOOPBACK_HOSTS.has(url.hostname);
  if (local && options.allowLocalHttp && (url.protocol === 'http:' || url.protocol === 'https:')) return null;
  if (url.protocol !== 'https:') return 'integrations.webhooks.url.https';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (local || (net.isIP(host) !== 0 && options.isPrivateAddress(host))) return 'integrations.webhooks.url.private';
  return null;
}

/**
 * Local http endpoints are for tests and development only: never when NODE_ENV is production;
 * when it is test or development, or when the instance itself runs on localhost (BASE_URL).
 */
export function allowsLocalHttp(baseUrl: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NODE_ENV === 'production') return false;
  if (env.NODE_ENV === 'test' || env.NODE_ENV === 'development') return true;
  return LOOPBACK_HOSTS.has(new URL(baseUrl).hostname);
}

/** Retries of a delivery (through the job queue's backoff: 5 s doubling, at most one hour — about 2.5 hours in all). */
export const WEBHOOK_MAX_ATTEMPTS = 12;
/** How long a receiver has to answer. */
export const WEBHOOK_TIMEOUT_MS = 10_000;

export const tokenInputSchema = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z
    .preprocess((v) => (v === undefined ? [] : [v].flat()), z.array(z.enum(SCOPES)))
    .refine((s) => s.length > 0, 'integrations.tokens.scopes.required'),
});

export const endpointInputSchema = z.object({
  url: z.string().trim().min(1).max(2000),
  events: z
    .preprocess((v) => (v === undefined ? [] : [v].flat()), z.array(z.enum(EVENTS)))
    .refine((s) => s.length > 0, 'integrations.webhooks.events.required'),
});

export type OrgTokenRow = Selectable<OrganizationTokensTable>;
export type WebhookEndpointRow = Selectable<WebhookEndpointsTable>;

export interface OrgTokenInfo {
  id: string;
  name: string;
  scopes: Scope[];
  createdAt: Date;
  lastUsedAt: Date | null;
}

export function tokenRowToInfo(row: OrgTokenRow): OrgTokenInfo {
  return { id: row.public_id, name: row.name, scopes: row.scopes.filter(isScope), createdAt: row.created_at, lastUsedAt: row.last_used_at };
}

export interface WebhookEndpoint {
  id: string;
  url: string;
  events: WebhookEvent[];
  /** False while the organisation has paused it (nothing is delivered to it then). */
  active: boolean;
  createdAt: Date;
}

export function endpointRowToEndpoint(row: WebhookEndpointRow): WebhookEndpoint {
  return { id: row.public_id, url: row.url, events: row.events.filter(isEvent), active: row.active && row.paused_at === null, createdAt: row.created_at };
}

export interface WebhookDelivery {
  id: string;
  eventId: string;
  eventType: string;
  endpoint: string;
  endpointUrl: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: Date;
  lastAttemptAt: Date | null;
  deliveredAt: Date | null;
}

/** The event's body as every endpoint receives it (Standard Webhooks' `type`, `timestamp`, `data`). */
export function eventBody(type: string, timestamp: Date, data: Record<string, unknown>): Record<string, unknown> {
  return { type, timestamp: timestamp.toISOString(), data };
}
