// SQL for what authenticates a request: browser sessions and personal API tokens (both stored hashed).
import type { Kysely, Selectable } from 'kysely';
import type { ApiTokensTable, DB, UserRow } from '../db/schema';
import { publicId, randomToken, sha256 } from '../platform/tokens';

export const API_TOKEN_PREFIX = 'blason_';

export async function createSession(
  db: Kysely<DB>,
  userId: string,
  expiresAt: Date,
  userAgent: string | null,
): Promise<string> {
  const token = randomToken();
  await db
    .insertInto('sessions')
    .values({ token_hash: sha256(token), user_id: userId, expires_at: expiresAt, user_agent: userAgent?.slice(0, 300) ?? null })
    .execute();
  return token;
}

export async function findUserBySession(db: Kysely<DB>, token: string, now: Date): Promise<UserRow | undefined> {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .where('sessions.token_hash', '=', sha256(token))
    .where('sessions.expires_at', '>', now)
    .executeTakeFirst();
}

export async function deleteSession(db: Kysely<DB>, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', sha256(token)).execute();
}

export async function deleteUserSessions(db: Kysely<DB>, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

/** Signs a person out everywhere except in the session given (after a password change). */
export async function deleteOtherSessions(db: Kysely<DB>, userId: string, keepToken: string | null): Promise<void> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepToken) query = query.where('token_hash', '!=', sha256(keepToken));
  await query.execute();
}

export type ApiTokenRow = Selectable<ApiTokensTable>;

/** A user's tokens that still work, newest first. */
export async function listApiTokens(db: Kysely<DB>, userId: string): Promise<ApiTokenRow[]> {
  return db
    .selectFrom('api_tokens')
    .selectAll()
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export async function revokeApiToken(db: Kysely<DB>, userId: string, tokenPublicId: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('public_id', '=', tokenPublicId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function createApiToken(
  db: Kysely<DB>,
  userId: string,
  name: string,
): Promise<{ token: string; publicId: string }> {
  const token = API_TOKEN_PREFIX + randomToken();
  const id = publicId();
  await db.insertInto('api_tokens').values({ public_id: id, user_id: userId, name, token_hash: sha256(token) }).execute();
  return { token, publicId: id };
}

export async function findUserByApiToken(db: Kysely<DB>, token: string, now: Date): Promise<UserRow | undefined> {
  const found = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .selectAll('users')
    .select(['api_tokens.id as token_id', 'api_tokens.last_used_at as token_used_at'])
    .where('api_tokens.token_hash', '=', sha256(token))
    .where('api_tokens.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!found) return undefined;
  const { token_id, token_used_at, ...user } = found;
  // Record use at most once a minute: no write on every API call.
  if (!token_used_at || now.getTime() - token_used_at.getTime() > 60_000) {
    await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', token_id).execute();
  }
  return user;
}
