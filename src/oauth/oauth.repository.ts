// All SQL of OAuth 2.0: clients, authorization codes, grants (a person's consent to a client, the
// family of its tokens) and tokens. Secrets are looked up by their sha256 only.
import type { Kysely, Selectable } from 'kysely';
import type { DB, OauthClientsTable, OauthCodesTable } from '../db/schema';
import { sha256 } from '../platform/tokens';
import type { AuthorisedApplication, OauthClient } from './oauth';
import { parseScopes } from './oauth';

export type ClientRow = Selectable<OauthClientsTable>;
export type CodeRow = Selectable<OauthCodesTable>;

export function rowToClient(row: ClientRow): OauthClient {
  return {
    clientId: row.client_id,
    name: row.name,
    clientUri: row.client_uri,
    logoUri: row.logo_uri,
    tosUri: row.tos_uri,
    policyUri: row.policy_uri,
    redirectUris: row.redirect_uris,
    scopes: parseScopes(row.scope),
  };
}

export async function insertClient(db: Kysely<DB>, row: Omit<ClientRow, 'id' | 'redirect_uris' | 'contacts'> & { redirect_uris: string[]; contacts: string[] }): Promise<void> {
  await db
    .insertInto('oauth_clients')
    .values({ ...row, redirect_uris: JSON.stringify(row.redirect_uris), contacts: JSON.stringify(row.contacts) })
    .execute();
}

export async function findClient(db: Kysely<DB>, clientId: string): Promise<ClientRow | undefined> {
  return db.selectFrom('oauth_clients').selectAll().where('client_id', '=', clientId).executeTakeFirst();
}

export async function insertCode(db: Kysely<DB>, row: Omit<CodeRow, 'id' | 'code_hash' | 'used_at'>, code: string): Promise<void> {
  await db.insertInto('oauth_codes').values({ ...row, code_hash: sha256(code) }).execute();
}

export async function findCode(db: Kysely<DB>, code: string): Promise<(CodeRow & { public_client_id: string }) | undefined> {
  return db
    .selectFrom('oauth_codes as k')
    .innerJoin('oauth_clients as c', 'c.id', 'k.client_id')
    .selectAll('k')
    .select('c.client_id as public_client_id')
    .where('k.code_hash', '=', sha256(code))
    .executeTakeFirst();
}

/** Marks a code used; false when it was used already (single use). */
export async function useCode(db: Kysely<DB>, codeId: string, now: Date): Promise<boolean> {
  const done = await db.updateTable('oauth_codes').set({ used_at: now }).where('id', '=', codeId).where('used_at', 'is', null).executeTakeFirst();
  return done.numUpdatedRows > 0n;
}

export async function insertGrant(db: Kysely<DB>, row: { client_id: string; user_id: string; code_id: string | null; scope: string; created_at: Date }): Promise<string> {
  const { id } = await db.insertInto('oauth_grants').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function insertToken(
  db: Kysely<DB>,
  row: { grant_id: string; kind: 'access' | 'refresh'; scope: string; expires_at: Date; created_at: Date },
  token: string,
): Promise<void> {
  await db.insertInto('oauth_tokens').values({ ...row, token_hash: sha256(token) }).execute();
}

export interface TokenFound {
  id: string;
  grantId: string;
  kind: 'access' | 'refresh';
  scope: string;
  expiresAt: Date;
  revokedAt: Date | null;
  grantRevokedAt: Date | null;
  userId: string;
  clientId: string;
}

/** A token of either kind by its value, with its grant's state, or of one kind only. */
export async function findToken(db: Kysely<DB>, token: string, kind?: 'access' | 'refresh'): Promise<TokenFound | undefined> {
  let query = db
    .selectFrom('oauth_tokens as t')
    .innerJoin('oauth_grants as g', 'g.id', 't.grant_id')
    .innerJoin('oauth_clients as c', 'c.id', 'g.client_id')
    .select(['t.id', 't.grant_id', 't.kind', 't.scope', 't.expires_at', 't.revoked_at', 'g.revoked_at as grant_revoked_at', 'g.user_id', 'c.client_id'])
    .where('t.token_hash', '=', sha256(token));
  if (kind) query = query.where('t.kind', '=', kind);
  const row = await query.executeTakeFirst();
  return (
    row && {
      id: row.id,
      grantId: row.grant_id,
      kind: row.kind,
      scope: row.scope,
      expiresAt: row.expires_at,
      revokedAt: row.revoked_at,
      grantRevokedAt: row.grant_revoked_at,
      userId: row.user_id,
      clientId: row.client_id,
    }
  );
}

/** Revokes one token; false when it was revoked already. */
export async function revokeTokenRow(db: Kysely<DB>, tokenId: string, now: Date): Promise<boolean> {
  const done = await db.updateTable('oauth_tokens').set({ revoked_at: now }).where('id', '=', tokenId).where('revoked_at', 'is', null).executeTakeFirst();
  return done.numUpdatedRows > 0n;
}

/** Revokes grants and every token they gave. */
export async function revokeGrants(db: Kysely<DB>, grantIds: readonly string[], now: Date): Promise<void> {
  if (grantIds.length === 0) return;
  await db.updateTable('oauth_grants').set({ revoked_at: now }).where('id', 'in', [...grantIds]).where('revoked_at', 'is', null).execute();
  await db.updateTable('oauth_tokens').set({ revoked_at: now }).where('grant_id', 'in', [...grantIds]).where('revoked_at', 'is', null).execute();
}

export async function grantsOfCode(db: Kysely<DB>, codeId: string): Promise<string[]> {
  return (await db.selectFrom('oauth_grants').select('id').where('code_id', '=', codeId).execute()).map((r) => r.id);
}

/** Records a grant's use, at most once a minute (no write on every API call). */
export async function touchGrant(db: Kysely<DB>, grantId: string, now: Date): Promise<void> {
  await db
    .updateTable('oauth_grants')
    .set({ last_used_at: now })
    .where('id', '=', grantId)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', new Date(now.getTime() - 60_000))]))
    .execute();
}

/** The clients a person authorised and did not revoke, with the scopes of all their grants to each. */
export async function listAuthorised(db: Kysely<DB>, userId: string): Promise<AuthorisedApplication[]> {
  const rows = await db
    .selectFrom('oauth_grants as g')
    .innerJoin('oauth_clients as c', 'c.id', 'g.client_id')
    .selectAll('c')
    .select(['g.scope as grant_scope', 'g.created_at as granted_at', 'g.last_used_at'])
    .where('g.user_id', '=', userId)
    .where('g.revoked_at', 'is', null)
    .orderBy('g.created_at', 'desc')
    .orderBy('g.id', 'desc')
    .execute();
  const byClient = new Map<string, AuthorisedApplication>();
  for (const row of rows) {
    const app = byClient.get(row.client_id);
    if (!app) {
      byClient.set(row.client_id, { client: rowToClient(row), scopes: parseScopes(row.grant_scope), authorisedAt: row.granted_at, lastUsedAt: row.last_used_at });
      continue;
    }
    app.scopes = [...new Set([...app.scopes, ...parseScopes(row.grant_scope)])];
    if (row.granted_at < app.authorisedAt) app.authorisedAt = row.granted_at;
    if (row.last_used_at && (!app.lastUsedAt || row.last_used_at > app.lastUsedAt)) app.lastUsedAt = row.last_used_at;
  }
  return [...byClient.values()];
}

/** A person's live grants to one client. */
export async function grantsOfClient(db: Kysely<DB>, userId: string, clientId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('oauth_grants as g')
    .innerJoin('oauth_clients as c', 'c.id', 'g.client_id')
    .select('g.id')
    .where('g.user_id', '=', userId)
    .where('c.client_id', '=', clientId)
    .where('g.revoked_at', 'is', null)
    .execute();
  return rows.map((r) => r.id);
}

/** Forgets codes and tokens that ran out more than a day ago (called as new ones are made: no job needed). */
export async function deleteExpired(db: Kysely<DB>, now: Date): Promise<void> {
  const before = new Date(now.getTime() - 86_400_000);
  await db.deleteFrom('oauth_codes').where('expires_at', '<', before).execute();
  await db.deleteFrom('oauth_tokens').where('expires_at', '<', before).execute();
}
