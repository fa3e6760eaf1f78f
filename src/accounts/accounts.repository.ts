// SQL of accounts: users, their e-mail addresses, and the one-time tokens mailed to those addresses.
import { type Kysely, sql } from 'kysely';
import type { DB, Locale, UserEmailRow, UserRow } from '../db/schema';
import { randomToken, sha256 } from '../platform/tokens';

/** Key of the advisory lock that serialises the creation of the first account. */
const SETUP_LOCK_KEY = 7_411_902_001;

export async function hasAnyUser(db: Kysely<DB>): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Inside a transaction: waits until no other transaction is creating the first account. */
export async function lockSetup(db: Kysely<DB>): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${SETUP_LOCK_KEY})`.execute(db);
}

export async function findUserById(db: Kysely<DB>, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertUser(
  db: Kysely<DB>,
  user: { publicId: string; displayName: string; passwordHash: string; locale: Locale; isAdmin: boolean },
): Promise<string> {
  const row = await db
    .insertInto('users')
    .values({
      public_id: user.publicId,
      display_name: user.displayName,
      password_hash: user.passwordHash,
      locale: user.locale,
      is_admin: user.isAdmin,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateUser(
  db: Kysely<DB>,
  id: string,
  patch: { displayName?: string; locale?: Locale; passwordHash?: string },
  now: Date,
): Promise<void> {
  await db
    .updateTable('users')
    .set({
      ...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}),
      ...(patch.locale !== undefined ? { locale: patch.locale } : {}),
      ...(patch.passwordHash !== undefined ? { password_hash: patch.passwordHash } : {}),
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

export async function listUserEmails(db: Kysely<DB>, userId: string): Promise<UserEmailRow[]> {
  return db.selectFrom('user_emails').selectAll().where('user_id', '=', userId).orderBy('is_primary', 'desc').orderBy('email').execute();
}

export async function findEmail(db: Kysely<DB>, email: string): Promise<UserEmailRow | undefined> {
  return db.selectFrom('user_emails').selectAll().where('email', '=', email).executeTakeFirst();
}

/** The account an address signs in with: its primary address, or any verified one. */
export async function findUserBySignInEmail(db: Kysely<DB>, email: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('user_emails')
    .innerJoin('users', 'users.id', 'user_emails.user_id')
    .selectAll('users')
    .where('user_emails.email', '=', email)
    .where((eb) => eb.or([eb('user_emails.is_primary', '=', true), eb('user_emails.verified_at', 'is not', null)]))
    .executeTakeFirst();
}

export async function verifiedEmails(db: Kysely<DB>, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('user_emails')
    .select('email')
    .where('user_id', '=', userId)
    .where('verified_at', 'is not', null)
    .orderBy('is_primary', 'desc')
    .orderBy('email')
    .execute();
  return rows.map((r) => r.email);
}

export async function insertUserEmail(
  db: Kysely<DB>,
  row: { userId: string; email: string; primary: boolean; verifiedAt: Date | null },
): Promise<void> {
  await db
    .insertInto('user_emails')
    .values({ user_id: row.userId, email: row.email, is_primary: row.primary, verified_at: row.verifiedAt })
    .execute();
}

/**
 * Frees an address that another account added but never verified, once its verification link
 * has expired (created before `claimedBefore`), so that nobody can squat on someone else's address.
 */
export async function releaseStaleClaim(db: Kysely<DB>, email: string, claimedBefore: Date): Promise<boolean> {
  const result = await db
    .deleteFrom('user_emails')
    .where('email', '=', email)
    .where('verified_at', 'is', null)
    .where('is_primary', '=', false)
    .where('created_at', '<', claimedBefore)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function deleteUserEmail(db: Kysely<DB>, userId: string, email: string): Promise<boolean> {
  const result = await db
    .deleteFrom('user_emails')
    .where('user_id', '=', userId)
    .where('email', '=', email)
    .where('is_primary', '=', false)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Makes a verified address the primary one (the previous primary stays, as a secondary address). */
export async function setPrimaryEmail(db: Kysely<DB>, userId: string, email: string): Promise<void> {
  await db.updateTable('user_emails').set({ is_primary: false }).where('user_id', '=', userId).where('is_primary', '=', true).execute();
  await db.updateTable('user_emails').set({ is_primary: true }).where('user_id', '=', userId).where('email', '=', email).execute();
}

export async function markEmailVerified(db: Kysely<DB>, userId: string, email: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('user_emails')
    .set({ verified_at: now })
    .where('user_id', '=', userId)
    .where('email', '=', email)
    .where('verified_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export type EmailTokenPurpose = 'verify' | 'reset';

export async function createEmailToken(
  db: Kysely<DB>,
  token: { purpose: EmailTokenPurpose; userId: string; email: string; expiresAt: Date },
): Promise<string> {
  const secret = randomToken();
  await db
    .insertInto('email_tokens')
    .values({
      token_hash: sha256(secret),
      purpose: token.purpose,
      user_id: token.userId,
      email: token.email,
      expires_at: token.expiresAt,
    })
    .execute();
  return secret;
}

export interface EmailTokenUse {
  userId: string;
  email: string;
}

/** A token still usable (not used, not expired), without using it. */
export async function findUsableEmailToken(
  db: Kysely<DB>,
  secret: string,
  purpose: EmailTokenPurpose,
  now: Date,
): Promise<EmailTokenUse | undefined> {
  const row = await db
    .selectFrom('email_tokens')
    .select(['user_id', 'email'])
    .where('token_hash', '=', sha256(secret))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row ? { userId: row.user_id, email: row.email } : undefined;
}

/** Uses a token once: of two concurrent uses, only one gets it. */
export async function consumeEmailToken(
  db: Kysely<DB>,
  secret: string,
  purpose: EmailTokenPurpose,
  now: Date,
): Promise<EmailTokenUse | undefined> {
  const row = await db
    .updateTable('email_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', sha256(secret))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['user_id', 'email'])
    .executeTakeFirst();
  return row ? { userId: row.user_id, email: row.email } : undefined;
}

/** Makes every outstanding token of a user for a purpose unusable (after a reset, for instance). */
export async function expireEmailTokens(db: Kysely<DB>, userId: string, purpose: EmailTokenPurpose, now: Date): Promise<void> {
  await db
    .updateTable('email_tokens')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .execute();
}

/** PostgreSQL's unique_violation, as both PGlite and node-postgres report it. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}
