// Public use cases of accounts: first setup, sign-up, sign-in and out, password reset.
// They act for nobody yet, so they take no actor; sessions they open are returned to the caller.
import { z } from 'zod';
import { AppError, fail } from '../errors';
import { enqueueMail } from '../mail/mail.service';
import type { Deps } from '../platform/deps';
import { parseInput } from '../platform/validate';
import {
  RESET_TOKEN_TTL_MS,
  emailSchema,
  localeSchema,
  newAccountSchema,
  resetPasswordSchema,
  signInSchema,
} from './accounts';
import {
  consumeEmailToken,
  createEmailToken,
  expireEmailTokens,
  findUserBySignInEmail,
  findUsableEmailToken,
  hasAnyUser,
  lockSetup,
  markEmailVerified,
  updateUser,
} from './accounts.repository';
import { type CreatedUser, createUser, insertAccount, withUniqueEmail } from './accounts.service';
import { createSession, deleteSession, deleteUserSessions } from './auth.repository';
import { hashPassword, verifyPassword } from './passwords';

export interface Session {
  /** The secret that goes in the session cookie (only its hash is stored). */
  token: string;
  expiresAt: Date;
}

const signUpSchema = newAccountSchema.extend({ locale: localeSchema });
type SignUpInput = { displayName: string; email: string; password: string; locale: 'fr' | 'en' };

async function openSession(deps: Deps, userId: string, userAgent: string | null): Promise<Session> {
  const expiresAt = new Date(deps.clock.now().getTime() + deps.config.sessionDays * 86400_000);
  return { token: await createSession(deps.db, userId, expiresAt, userAgent), expiresAt };
}

/** True while the instance has no account at all: the first one is created by /setup. */
export async function setupIsOpen(deps: Deps): Promise<boolean> {
  return !(await hasAnyUser(deps.db));
}

/**
 * Creates the first account, as platform administrator with a verified address, and signs it in.
 * Concurrent attempts are serialised by a transaction-scoped advisory lock: only the first one
 * finds the instance empty; the others get not_found, as /setup does once an account exists.
 */
export async function setupInstance(deps: Deps, input: SignUpInput, userAgent: string | null): Promise<Session> {
  const data = parseInput(signUpSchema, input);
  const passwordHash = await hashPassword(data.password);
  return withUniqueEmail(() =>
    deps.db.transaction().execute(async (trx) => {
      const tx = { ...deps, db: trx };
      await lockSetup(trx);
      if (await hasAnyUser(trx)) throw fail.notFound();
      const user = await insertAccount(tx, { ...data, passwordHash, admin: true, verified: true });
      return openSession(tx, user.id, userAgent);
    }),
  );
}

/** Public sign-up without a session (JSON API): the account and its verification mail. */
export async function registerAccount(deps: Deps, input: SignUpInput): Promise<CreatedUser> {
  const data = parseInput(signUpSchema, input);
  return createUser(deps, { ...data, admin: false, verified: false });
}

/** Sign-up form: creates the account (unverified address, verification mail) and signs it in. */
export async function signUp(
  deps: Deps,
  input: SignUpInput,
  userAgent: string | null,
): Promise<{ user: CreatedUser; email: string; session: Session }> {
  const data = parseInput(signUpSchema, input);
  const passwordHash = await hashPassword(data.password);
  return withUniqueEmail(() =>
    deps.db.transaction().execute(async (trx) => {
      const tx = { ...deps, db: trx };
      const user = await insertAccount(tx, { ...data, passwordHash, admin: false, verified: false });
      return { user, email: data.email, session: await openSession(tx, user.id, userAgent) };
    }),
  );
}

/**
 * Checks an address and password. Whatever is wrong, the error is the same, and the password is
 * checked against a dummy hash when the address is unknown, so that neither the answer nor its
 * timing tells whether an account exists.
 */
export async function signIn(
  deps: Deps,
  input: { email: string; password: string },
  userAgent: string | null,
): Promise<Session> {
  const data = parseInput(signInSchema, input);
  const user = await findUserBySignInEmail(deps.db, data.email);
  const ok = await verifyPassword(user?.password_hash ?? null, data.password);
  if (!user || !ok) throw new AppError('unauthenticated', 'accounts.signin.failed');
  return openSession(deps, user.id, userAgent);
}

export async function signOut(deps: Deps, sessionToken: string | null): Promise<void> {
  if (sessionToken) await deleteSession(deps.db, sessionToken);
}

/** Mails a one-hour reset link when the address belongs to an account; says nothing either way. */
export async function requestPasswordReset(deps: Deps, input: { email: string }): Promise<void> {
  const { email } = parseInput(z.object({ email: emailSchema }), input);
  const user = await findUserBySignInEmail(deps.db, email);
  if (!user) return;
  await deps.db.transaction().execute(async (trx) => {
    const expiresAt = new Date(deps.clock.now().getTime() + RESET_TOKEN_TTL_MS);
    const token = await createEmailToken(trx, { purpose: 'reset', userId: user.id, email, expiresAt });
    await enqueueMail(trx, {
      to: email,
      locale: user.locale,
      template: 'accounts.reset',
      params: { name: user.display_name, url: `${deps.config.baseUrl}/reset?token=${encodeURIComponent(token)}` },
    });
  });
}

/** Whether a reset link can still be used (the form is shown only then). */
export async function resetTokenIsUsable(deps: Deps, token: string): Promise<boolean> {
  return token !== '' && (await findUsableEmailToken(deps.db, token, 'reset', deps.clock.now())) !== undefined;
}

/**
 * Sets a new password from a reset link (once), ends every session of the account, marks the
 * address that received the link verified (it proved to be theirs) and signs in.
 */
export async function resetPassword(
  deps: Deps,
  input: { token: string; password: string },
  userAgent: string | null,
): Promise<Session> {
  const data = parseInput(resetPasswordSchema, input);
  if (!(await resetTokenIsUsable(deps, data.token))) throw fail.gone('accounts.token.invalid');
  const passwordHash = await hashPassword(data.password);
  return deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    const used = await consumeEmailToken(trx, data.token, 'reset', now);
    if (!used) throw fail.gone('accounts.token.invalid');
    await updateUser(trx, used.userId, { passwordHash }, now);
    await expireEmailTokens(trx, used.userId, 'reset', now);
    await deleteUserSessions(trx, used.userId);
    await markEmailVerified(trx, used.userId, used.email, now);
    return openSession({ ...deps, db: trx }, used.userId, userAgent);
  });
}
