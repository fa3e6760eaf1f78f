// All SQL of integrations: organisation tokens, webhook endpoints, deliveries, and the one statement
// each event costs (deliveries and their jobs inserted together, nothing when no endpoint listens).
import { type Kysely, sql } from 'kysely';
import type { DB, WebhookDeliveryStatus } from '../db/schema';
import { publicId, sha256 } from '../platform/tokens';
import { type OrgTokenRow, type WebhookDelivery, type WebhookEndpointRow, type WebhookEvent, WEBHOOK_MAX_ATTEMPTS } from './integrations';

export const DELIVER_JOB = 'webhooks.deliver';

export async function insertOrgToken(
  db: Kysely<DB>,
  row: { organizationId: string; name: string; scopes: string[]; token: string; createdBy: string; now: Date },
): Promise<string> {
  const id = publicId();
  await db
    .insertInto('organization_tokens')
    .values({ public_id: id, organization_id: row.organizationId, name: row.name, scopes: row.scopes, token_hash: sha256(row.token), created_by: row.createdBy, created_at: row.now })
    .execute();
  return id;
}

/** The organisation's tokens that still work, newest first. */
export async function listOrgTokens(db: Kysely<DB>, organizationId: string): Promise<OrgTokenRow[]> {
  return db.selectFrom('organization_tokens').selectAll().where('organization_id', '=', organizationId).where('revoked_at', 'is', null).orderBy('id', 'desc').execute();
}

export async function revokeOrgToken(db: Kysely<DB>, organizationId: string, tokenPublicId: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('organization_tokens')
    .set({ revoked_at: now })
    .where('organization_id', '=', organizationId)
    .where('public_id', '=', tokenPublicId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** The working token with this secret and its organisation's slug; records its use at most once a minute. */
export async function findOrgToken(db: Kysely<DB>, token: string, now: Date): Promise<(OrgTokenRow & { organization_slug: string }) | undefined> {
  const found = await db
    .selectFrom('organization_tokens as t')
    .innerJoin('organizations as o', 'o.id', 't.organization_id')
    .selectAll('t')
    .select('o.slug as organization_slug')
    .where('t.token_hash', '=', sha256(token))
    .where('t.revoked_at', 'is', null)
    .executeTakeFirst();
  if (found && (!found.last_used_at || now.getTime() - found.last_used_at.getTime() > 60_000))
    await db.updateTable('organization_tokens').set({ last_used_at: now }).where('id', '=', found.id).execute();
  return found;
}

export async function insertEndpoint(
  db: Kysely<DB>,
  row: { publicId: string; organizationId: string; url: string; events: string[]; encryptedSecret: string; createdBy: string; now: Date },
): Promise<void> {
  await db
    .insertInto('webhook_endpoints')
    .values({ public_id: row.publicId, organization_id: row.organizationId, url: row.url, events: row.events, encrypted_secret: row.encryptedSecret, created_by: row.createdBy, created_at: row.now })
    .execute();
}

/** The organisation's active endpoints, newest first. */
export async function listEndpoints(db: Kysely<DB>, organizationId: string): Promise<WebhookEndpointRow[]> {
  return db.selectFrom('webhook_endpoints').selectAll().where('organization_id', '=', organizationId).where('active', '=', true).orderBy('id', 'desc').execute();
}

export async function findEndpoint(db: Kysely<DB>, organizationId: string, endpointPublicId: string): Promise<WebhookEndpointRow | undefined> {
  return db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('public_id', '=', endpointPublicId)
    .where('active', '=', true)
    .executeTakeFirst();
}

/** Changes an endpoint's address, events and pause (`paused_at`); false when it is gone. */
export async function updateEndpoint(
  db: Kysely<DB>,
  organizationId: string,
  endpointPublicId: string,
  change: { url: string; events: string[]; pausedAt: Date | null } | { encryptedSecret: string },
): Promise<boolean> {
  const values = 'encryptedSecret' in change ? { encrypted_secret: change.encryptedSecret } : { url: change.url, events: change.events, paused_at: change.pausedAt };
  const result = await db
    .updateTable('webhook_endpoints')
    .set(values)
    .where('organization_id', '=', organizationId)
    .where('public_id', '=', endpointPublicId)
    .where('active', '=', true)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Stops an endpoint (kept, with its deliveries, for the record); its pending deliveries are dropped by their jobs. */
export async function disableEndpoint(db: Kysely<DB>, organizationId: string, endpointPublicId: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('webhook_endpoints')
    .set({ active: false, disabled_at: now })
    .where('organization_id', '=', organizationId)
    .where('public_id', '=', endpointPublicId)
    .where('active', '=', true)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** The organisation's latest deliveries, newest first. */
export async function listDeliveries(db: Kysely<DB>, organizationId: string, limit: number): Promise<WebhookDelivery[]> {
  const rows = await db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
    .select([
      'd.id',
      'd.event_id',
      'd.event_type',
      'e.public_id as endpoint',
      'e.url as endpoint_url',
      'd.status',
      'd.attempts',
      'd.last_status_code',
      'd.last_error',
      'd.created_at',
      'd.last_attempt_at',
      'd.delivered_at',
    ])
    .where('e.organization_id', '=', organizationId)
    .orderBy('d.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    eventId: r.event_id,
    eventType: r.event_type,
    endpoint: r.endpoint,
    endpointUrl: r.endpoint_url,
    status: r.status,
    attempts: r.attempts,
    lastStatusCode: r.last_status_code,
    lastError: r.last_error,
    createdAt: r.created_at,
    lastAttemptAt: r.last_attempt_at,
    deliveredAt: r.delivered_at,
  }));
}

/** A delivery with what sending it needs; undefined when it or its endpoint is gone. */
export async function findDeliveryToSend(db: Kysely<DB>, deliveryId: string) {
  return db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
    .select(['d.id', 'd.event_id', 'd.payload', 'd.status', 'e.public_id as endpoint_public_id', 'e.url', 'e.encrypted_secret', 'e.active', 'e.paused_at'])
    .where('d.id', '=', deliveryId)
    .executeTakeFirst();
}

export async function recordAttempt(
  db: Kysely<DB>,
  deliveryId: string,
  outcome: { status: WebhookDeliveryStatus; statusCode: number | null; error: string | null; now: Date },
): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set((eb) => ({
      status: outcome.status,
      attempts: eb('attempts', '+', 1),
      last_status_code: outcome.statusCode,
      last_error: outcome.error,
      last_attempt_at: outcome.now,
      ...(outcome.status === 'delivered' ? { delivered_at: outcome.now } : {}),
    }))
    .where('id', '=', deliveryId)
    .execute();
}

/**
 * Inserts, in the caller's transaction, one delivery per listening endpoint of the rows `source`
 * selects, and a delivery job for each: one statement, which inserts nothing when no endpoint of
 * the organisation listens to `type`. `source` selects `organization_id`, `event_id` and `payload`.
 */
async function insertDeliveries(db: Kysely<DB>, type: string, source: ReturnType<typeof sql>, now: Date): Promise<number> {
  const result = await sql`
    WITH s AS (${source}),
    d AS (
      INSERT INTO webhook_deliveries (event_id, endpoint_id, event_type, payload, created_at)
      SELECT s.event_id, e.id, ${type}, s.payload, ${now}
      FROM s JOIN webhook_endpoints e ON e.organization_id = s.organization_id AND e.active AND e.paused_at IS NULL AND ${type} = ANY (e.events)
      ON CONFLICT (event_id, endpoint_id) DO NOTHING
      RETURNING id
    )
    INSERT INTO jobs (name, payload, max_attempts)
    SELECT ${DELIVER_JOB}, jsonb_build_object('delivery', d.id::text), ${WEBHOOK_MAX_ATTEMPTS}::integer FROM d`.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}

/** Whether an active, unpaused endpoint of the organisation listens to this event. */
async function listens(db: Kysely<DB>, organizationId: string, type: WebhookEvent): Promise<boolean> {
  const row = await db
    .selectFrom('webhook_endpoints')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('active', '=', true)
    .where('paused_at', 'is', null)
    .where(sql<boolean>`${type} = ANY (events)`)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

const CREDENTIAL_EVENT_SUFFIX = { 'credential.issued': 'issued', 'credential.accepted': 'accepted', 'credential.revoked': 'revoked' } as const;
export type CredentialEvent = keyof typeof CREDENTIAL_EVENT_SUFFIX;

/**
 * The webhook deliveries of a credential event (issued, accepted, revoked), in the caller's
 * transaction. The event id is derived from the credential (`msg_<id>_issued`…), so an event
 * recorded twice is delivered once. Returns the number of deliveries. A caller who knows the
 * credentials' organisation (a bulk chunk) passes it: when no endpoint of it listens, one indexed
 * look-up is all it costs.
 */
export async function enqueueCredentialEvents(
  db: Kysely<DB>,
  type: CredentialEvent,
  credentialIds: readonly string[],
  at: { baseUrl: string; now: Date; organizationId?: string },
): Promise<number> {
  if (credentialIds.length === 0) return 0;
  if (at.organizationId !== undefined && !(await listens(db, at.organizationId, type))) return 0;
  const source = sql`
    SELECT c.organization_id, 'msg_' || c.public_id || '_' || ${CREDENTIAL_EVENT_SUFFIX[type]} AS event_id,
      jsonb_build_object('type', ${type}::text, 'timestamp', ${at.now.toISOString()}::text, 'data', jsonb_build_object(
        'id', c.public_id,
        'url', ${at.baseUrl}::text || '/credentials/' || c.public_id,
        'organization', o.slug,
        'badge', b.public_id,
        'recipient', CASE WHEN c.recipient_organization_id IS NULL THEN jsonb_build_object('email', c.recipient_email) ELSE jsonb_build_object('organization', r.slug) END,
        'state', c.state,
        'issuedAt', c.issued_at,
        'validFrom', c.valid_from,
        'validUntil', c.valid_until,
        'revokedAt', c.revoked_at,
        'revocationReason', c.revocation_reason)) AS payload
    FROM credentials c
    JOIN organizations o ON o.id = c.organization_id
    JOIN badges b ON b.id = c.badge_id
    LEFT JOIN organizations r ON r.id = c.recipient_organization_id
    WHERE c.id = ANY (${`{${credentialIds.join(',')}}`}::bigint[])
      AND EXISTS (SELECT 1 FROM webhook_endpoints w WHERE w.organization_id = c.organization_id AND w.active AND w.paused_at IS NULL)`;
  return insertDeliveries(db, type, source, at.now);
}

/** The deliveries of an application's decision (to the badge's organisation), in the caller's transaction. */
export async function enqueueDecisionEvent(db: Kysely<DB>, applicationId: string, at: { baseUrl: string; now: Date }): Promise<number> {
  const type: WebhookEvent = 'application.decided';
  const source = sql`
    SELECT b.organization_id, 'msg_' || a.public_id || '_decided' AS event_id,
      jsonb_build_object('type', ${type}::text, 'timestamp', ${at.now.toISOString()}::text, 'data', jsonb_build_object(
        'id', a.public_id,
        'url', ${at.baseUrl}::text || '/applications/' || a.public_id,
        'organization', o.slug,
        'badge', b.public_id,
        'decision', a.status,
        'decidedAt', a.decided_at)) AS payload
    FROM applications a
    JOIN badges b ON b.id = a.badge_id
    JOIN organizations o ON o.id = b.organization_id
    WHERE a.id = ${applicationId}::bigint`;
  return insertDeliveries(db, type, source, at.now);
}

/** One delivery of a test event to one endpoint. */
export async function enqueueTestEvent(db: Kysely<DB>, endpointId: string, eventId: string, payload: object, now: Date): Promise<void> {
  const delivery = await db
    .insertInto('webhook_deliveries')
    .values({ event_id: eventId, endpoint_id: endpointId, event_type: 'webhook.test', payload: JSON.stringify(payload), created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('jobs').values({ name: DELIVER_JOB, payload: JSON.stringify({ delivery: delivery.id }), max_attempts: WEBHOOK_MAX_ATTEMPTS }).execute();
}
