// Test people, made directly in the database (no sign-up pages): a user, their primary address,
// an API token (Authorization: Bearer …) and a browser session (cookie blason_session).
import { createApiToken, createSession } from '../../src/accounts/auth.repository';
import { publicId } from '../../src/platform/tokens';
import { type FormAgent, formAgent } from './forms';
import type { TestPlatform } from './platform';

export interface TestUser {
  /** Internal bigint id (as a string). */
  id: string;
  publicId: string;
  email: string;
  displayName: string;
  /** A personal API token: send as `Authorization: Bearer ${token}`. */
  token: string;
  /** The session cookie as a Cookie header value: `blason_session=…`. */
  sessionCookie: string;
  /** The raw session token (the cookie's value). */
  session: string;
}

export async function createTestUser(
  p: Pick<TestPlatform, 'deps'>,
  options: { email: string; admin?: boolean; verified?: boolean; locale?: 'fr' | 'en'; displayName?: string },
): Promise<TestUser> {
  const { db, clock } = p.deps;
  const email = options.email.toLowerCase();
  const displayName = options.displayName ?? email.split('@')[0] ?? email;
  const id = publicId();
  const now = clock.now();
  const user = await db
    .insertInto('users')
    .values({
      public_id: id,
      display_name: displayName,
      password_hash: null,
      locale: options.locale ?? 'fr',
      is_admin: options.admin ?? false,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('user_emails')
    .values({ user_id: user.id, email, is_primary: true, verified_at: options.verified === false ? null : now, created_at: now })
    .execute();
  const { token } = await createApiToken(db, user.id, 'tests');
  const session = await createSession(db, user.id, new Date(now.getTime() + 365 * 86_400_000), null);
  return { id: user.id, publicId: id, email, displayName, token, sessionCookie: `blason_session=${session}`, session };
}

/** Headers of a JSON API call as this user (bearer token: no CSRF needed). */
export function bearer(user: Pick<TestUser, 'token'>, extra: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${user.token}`, ...extra };
}

/** A browser-like agent signed in as this user (session cookie; CSRF handled by the agent). */
export function signedInAgent(p: Pick<TestPlatform, 'app'>, user: Pick<TestUser, 'session'>, headers?: Record<string, string>): FormAgent {
  const agent = formAgent(p.app, headers ? { headers } : {});
  agent.cookies.set('blason_session', user.session);
  return agent;
}
