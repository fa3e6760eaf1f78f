// All SQL of awarded credentials. Lists never read the signed documents (they are large); one
// credential is read whole.
import { type Kysely, sql } from 'kysely';
import type { CredentialState, DB, NewCredentialRow } from '../db/schema';
import type { CredentialFullRow, CredentialSummaryRow } from './awards';

/**
 * Whether the credential aliased `c` counts at `now` — neither revoked nor declined, and not
 * expired — as SQL. The one definition every rule uses (examiners, key badges, pathways, offers…).
 */
export function isCurrentCredential(c: string, now: Date) {
  const col = (name: string) => sql.ref(`${c}.${name}`);
  return sql<boolean>`(${col('revoked_at')} IS NULL AND ${col('state')} <> 'declined' AND (${col('valid_until')} IS NULL OR ${col('valid_until')} > ${now}))`;
}

/** The same, for a credential row read already. */
export const isCurrentAt =
  (now: Date) =>
  (c: { revoked_at: Date | null; state: string; valid_until: Date | null }): boolean =>
    c.revoked_at === null && c.state !== 'declined' && (c.valid_until === null || c.valid_until.getTime() > now.getTime());

function summaries(db: Kysely<DB>) {
  return db
    .selectFrom('credentials as c')
    .innerJoin('badges as b', 'b.id', 'c.badge_id')
    .innerJoin('organizations as o', 'o.id', 'c.organization_id')
    .leftJoin('organizations as r', 'r.id', 'c.recipient_organization_id')
    .select([
      'c.id',
      'c.public_id',
      'b.public_id as badge_public_id',
      'c.badge_version',
      sql<string | null>`c.document -> 'credentialSubject' -> 'achievement' ->> 'name'`.as('badge_name'),
      sql<boolean>`(c.document -> 'credentialSubject' -> 'achievement' -> 'image') IS NOT NULL`.as('badge_has_image'),
      'c.organization_id',
      'o.slug as organization_slug',
      'o.name as organization_name',
      'c.recipient_kind',
      'c.recipient_email',
      'c.recipient_organization_id',
      'r.slug as recipient_organization_slug',
      'r.name as recipient_organization_name',
      'c.recipient_name',
      'c.salt',
      'c.level',
      'c.visibility',
      'c.issued_at',
      'c.valid_from',
      'c.valid_until',
      'c.state',
      'c.accepted_at',
      'c.declined_at',
      'c.revoked_at',
      'c.revocation_reason',
      'c.claim_expires_at',
      'c.rule_basis',
    ]);
}

function full(db: Kysely<DB>) {
  return summaries(db).select(['c.narrative', 'c.evidence', 'c.evidence_shown', 'c.status_list_id', 'c.status_list_index', 'c.document', 'c.jwt']);
}

export async function findCredentialByPublicId(db: Kysely<DB>, publicId: string): Promise<CredentialFullRow | undefined> {
  return full(db).where('c.public_id', '=', publicId).executeTakeFirst();
}

export async function findCredentialByClaimHash(db: Kysely<DB>, tokenHash: string): Promise<CredentialFullRow | undefined> {
  return full(db).where('c.claim_token_hash', '=', tokenHash).executeTakeFirst();
}

export async function insertCredential(db: Kysely<DB>, row: NewCredentialRow): Promise<string> {
  const { id } = await db.insertInto('credentials').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** The badge's credentials, newest first (for its organisation's staff). */
export async function listBadgeCredentials(
  db: Kysely<DB>,
  badgeId: string,
  page: { limit: number; offset: number },
): Promise<CredentialSummaryRow[]> {
  return summaries(db).where('c.badge_id', '=', badgeId).orderBy('c.created_at', 'desc').orderBy('c.id', 'desc').limit(page.limit).offset(page.offset).execute();
}

/** Credentials awarded to these addresses or organisations, not declined, newest first. */
export async function listReceivedCredentials(
  db: Kysely<DB>,
  to: { emails: readonly string[]; organizationIds: readonly string[] },
  limit: number,
): Promise<CredentialSummaryRow[]> {
  if (to.emails.length === 0 && to.organizationIds.length === 0) return [];
  return summaries(db)
    .where('c.state', '!=', 'declined')
    .where((eb) =>
      eb.or([
        ...(to.emails.length ? [eb('c.recipient_email', 'in', [...to.emails])] : []),
        ...(to.organizationIds.length ? [eb('c.recipient_organization_id', 'in', [...to.organizationIds])] : []),
      ]),
    )
    .orderBy('c.issued_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(limit)
    .execute();
}

/** Moves a pending credential to accepted or declined; false when it was not pending any more. */
export async function answerCredential(db: Kysely<DB>, id: string, answer: Exclude<CredentialState, 'pending'>, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('credentials')
    .set(answer === 'accepted' ? { state: 'accepted', accepted_at: now } : { state: 'declined', declined_at: now })
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Marks a credential revoked; false when it already was. */
export async function markRevoked(db: Kysely<DB>, id: string, reason: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('credentials')
    .set({ revoked_at: now, revocation_reason: reason })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Revoked credentials of an organisation, for its 1EdTech revocation list. */
export async function listRevoked(db: Kysely<DB>, organizationId: string): Promise<{ public_id: string; revocation_reason: string | null }[]> {
  return db
    .selectFrom('credentials')
    .select(['public_id', 'revocation_reason'])
    .where('organization_id', '=', organizationId)
    .where('revoked_at', 'is not', null)
    .orderBy('revoked_at')
    .orderBy('id')
    .execute();
}

/** Ids and preferred languages of the owners and admins of an organisation, with their primary address. */
export async function organizationManagers(db: Kysely<DB>, organizationId: string): Promise<{ email: string; locale: 'fr' | 'en' }[]> {
  return db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .innerJoin('user_emails as e', (join) => join.onRef('e.user_id', '=', 'u.id').on('e.is_primary', '=', true))
    .select(['e.email', 'u.locale'])
    .where('m.organization_id', '=', organizationId)
    .where(sql<boolean>`m.roles && ARRAY['owner', 'admin']::text[]`)
    .orderBy('m.created_at')
    .execute();
}

/** Organisations in which the person is an owner or an admin. */
export async function managedOrganizationIds(db: Kysely<DB>, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('memberships')
    .select('organization_id')
    .where('user_id', '=', userId)
    .where(sql<boolean>`roles && ARRAY['owner', 'admin']::text[]`)
    .execute();
  return rows.map((r) => r.organization_id);
}

/** The language of the account that verified this address, if any. */
export async function localeOfAddress(db: Kysely<DB>, email: string): Promise<'fr' | 'en' | undefined> {
  const row = await db
    .selectFrom('user_emails as e')
    .innerJoin('users as u', 'u.id', 'e.user_id')
    .select('u.locale')
    .where('e.email', '=', email)
    .where('e.verified_at', 'is not', null)
    .executeTakeFirst();
  return row?.locale;
}

/** The organisation's first owner: the CLI acts as this account. */
export async function findFirstOwner(db: Kysely<DB>, organizationId: string) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .selectAll('u')
    .where('m.organization_id', '=', organizationId)
    .where(sql<boolean>`'owner' = ANY(m.roles)`)
    .orderBy('m.created_at')
    .orderBy('u.id')
    .executeTakeFirst();
}
