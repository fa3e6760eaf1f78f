// Use cases of accounts: the profile, passwords, and the system entry points the CLI calls.
// Each use case acting for someone checks who may call it on its first line.
import { sql } from 'kysely';
import { z } from 'zod';
import { requireActor } from '../api/registry';
import { anonymiseVerdictsOf } from '../applications/applications.repository';
import { fail } from '../errors';
import { enqueueMail } from '../mail/mail.service';
import { listMembershipsOfUser } from '../organizations/organizations.repository';
import type { Actor, Deps } from '../platform/deps';
import { publicId } from '../platform/tokens';
import { parseInput } from '../platform/validate';
import {
  type AccountLocale,
  type EmailAddress,
  VERIFY_TOKEN_TTL_MS,
  changePasswordSchema,
  defaultDisplayName,
  displayNameSchema,
  emailRowToAddress,
  emailSchema,
  localeSchema,
  normalizeEmail,
  passwordSchema,
  profileSchema,
  tokenNameSchema,
} from './accounts';
import {
  createEmailToken,
  findEmail,
  findUserById,
  findUserBySignInEmail,
  insertUser,
  insertUserEmail,
  isUniqueViolation,
  listUserEmails,
  releaseStaleClaim,
  updateUser,
} from './accounts.repository';
import { createApiToken, deleteOtherSessions } from './auth.repository';
import { hashPassword, verifyPassword } from './passwords';

export { verifiedEmails } from './accounts.repository';

export interface Me {
  id: string;
  displayName: string;
  locale: AccountLocale;
  isAdmin: boolean;
  emails: EmailAddress[];
  organizations: { slug: string; name: string; roles: string[] }[];
}

export interface CreatedUser {
  /** Internal id (users.id). */
  id: string;
  /** The id URLs and the API show. */
  publicId: string;
}

export async function getMe(deps: Deps, actor: Actor | null): Promise<Me> {
  const me = requireActor(actor);
  const user = await findUserById(deps.db, me.id);
  if (!user) throw fail.unauthenticated();
  const [emails, memberships] = await Promise.all([listUserEmails(deps.db, me.id), listMembershipsOfUser(deps.db, me.id)]);
  return {
    id: user.public_id,
    displayName: user.display_name,
    locale: user.locale,
    isAdmin: user.is_admin,
    emails: emails.map(emailRowToAddress),
    organizations: memberships.map((m) => ({ slug: m.slug, name: m.name, roles: m.roles })),
  };
}

/** Changes the display name and/or the language of mails and pages. */
export async function updateProfile(
  deps: Deps,
  actor: Actor | null,
  input: { displayName?: string; locale?: AccountLocale },
): Promise<void> {
  const me = requireActor(actor);
  const data = parseInput(profileSchema, input);
  await updateUser(deps.db, me.id, data, deps.clock.now());
}

/**
 * Sets a new password once the current one is confirmed; every other session of the person ends
 * (the one given in `keepSession`, the browser that made the change, stays signed in).
 */
export async function changePassword(
  deps: Deps,
  actor: Actor | null,
  input: { currentPassword: string; password: string },
  keepSession: string | null,
): Promise<void> {
  const me = requireActor(actor);
  const data = parseInput(changePasswordSchema, input);
  const user = await findUserById(deps.db, me.id);
  if (!user) throw fail.unauthenticated();
  if (!(await verifyPassword(user.password_hash, data.currentPassword)))
    throw fail.field('currentPassword', 'accounts.password.wrongCurrent');
  const passwordHash = await hashPassword(data.password);
  await deps.db.transaction().execute(async (trx) => {
    await updateUser(trx, me.id, { passwordHash }, deps.clock.now());
    await deleteOtherSessions(trx, me.id, keepSession);
  });
}

const createUserSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  displayName: displayNameSchema.optional(),
  admin: z.boolean().optional(),
  verified: z.boolean().optional(),
  locale: localeSchema.optional(),
});

/**
 * System use (CLI, setup, sign-up): creates an account with one primary address. The input is
 * validated with the rules of the sign-up form; a taken address is a translated field error
 * (`email`). Unless `verified`, the address gets a verification mail in the account's language.
 */
export async function createUser(
  deps: Deps,
  input: { email: string; password: string; displayName?: string; admin?: boolean; verified?: boolean; locale?: AccountLocale },
): Promise<CreatedUser> {
  const data = parseInput(createUserSchema, input);
  const passwordHash = await hashPassword(data.password);
  return withUniqueEmail(() =>
    deps.db.transaction().execute((trx) =>
      insertAccount(
        { ...deps, db: trx },
        {
          email: data.email,
          passwordHash,
          displayName: data.displayName ?? defaultDisplayName(data.email),
          admin: data.admin ?? false,
          verified: data.verified ?? false,
          locale: data.locale ?? 'fr',
        },
      ),
    ),
  );
}

/** System use (CLI): a new personal API token for the account that has this address. */
export async function createApiTokenForEmail(deps: Deps, email: string, name = 'CLI'): Promise<{ token: string }> {
  const tokenName = parseInput(tokenNameSchema, name);
  const user = await findUserBySignInEmail(deps.db, normalizeEmail(email));
  if (!user) throw fail.notFound('accounts.email.noAccount');
  const { token } = await createApiToken(deps.db, user.id, tokenName);
  return { token };
}

export interface NewAccount {
  email: string;
  passwordHash: string;
  displayName: string;
  admin: boolean;
  verified: boolean;
  locale: AccountLocale;
}

/**
 * Inserts a user and its primary address; call it inside a transaction (`deps.db` is one) and
 * wrap the transaction in `withUniqueEmail`. Enqueues the verification mail when not verified.
 */
export async function insertAccount(deps: Deps, account: NewAccount): Promise<CreatedUser> {
  const now = deps.clock.now();
  await claimAddress(deps, account.email);
  const id = publicId();
  const userId = await insertUser(deps.db, {
    publicId: id,
    displayName: account.displayName,
    passwordHash: account.passwordHash,
    locale: account.locale,
    isAdmin: account.admin,
  });
  await insertUserEmail(deps.db, { userId, email: account.email, primary: true, verifiedAt: account.verified ? now : null });
  if (!account.verified)
    await sendVerificationMail(deps, { userId, email: account.email, name: account.displayName, locale: account.locale });
  return { id: userId, publicId: id };
}

/**
 * Makes sure an address is free before adding it to an account: a taken address is a field
 * error, except an unverified secondary address whose verification link has expired (released).
 */
export async function claimAddress(deps: Deps, email: string, userId?: string): Promise<void> {
  const existing = await findEmail(deps.db, email);
  if (!existing) return;
  if (userId !== undefined && existing.user_id === userId) throw fail.field('email', 'accounts.email.alreadyYours');
  const claimedBefore = new Date(deps.clock.now().getTime() - VERIFY_TOKEN_TTL_MS);
  if (!(await releaseStaleClaim(deps.db, email, claimedBefore))) throw fail.field('email', 'accounts.email.taken');
}

/** Runs a transaction that inserts an address; a concurrent insert of the same one becomes the field error. */
export async function withUniqueEmail<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isUniqueViolation(error)) throw fail.field('email', 'accounts.email.taken');
    throw error;
  }
}

/** Mails a one-time verification link (valid 48 hours) to one address of a user. */
export async function sendVerificationMail(
  deps: Deps,
  to: { userId: string; email: string; name: string; locale: AccountLocale },
): Promise<void> {
  const expiresAt = new Date(deps.clock.now().getTime() + VERIFY_TOKEN_TTL_MS);
  const token = await createEmailToken(deps.db, { purpose: 'verify', userId: to.userId, email: to.email, expiresAt });
  await enqueueMail(deps.db, {
    to: to.email,
    locale: to.locale,
    template: 'accounts.verify',
    params: { name: to.name, email: to.email, url: `${deps.config.baseUrl}/verify?token=${encodeURIComponent(token)}` },
  });
}

/**
 * Deletes the person's account once their password is confirmed: their addresses, sessions,
 * tokens, memberships, applications, imported badges, collections and endorsements go with it.
 * The credentials issued to them stay with their issuers and keep verifying (their signed copies
 * are the holder's). Their verdicts on others' applications stay, anonymised ("Former member":
 * vote, criteria and date kept, comment cleared; examiner set to NULL by migration 021), so a
 * decision keeps its record and a pending application its count. Refused while they are the last
 * owner of an organisation.
 */
export async function deleteAccount(deps: Deps, actor: Actor | null, input: { password?: unknown }): Promise<void> {
  const me = requireActor(actor);
  const user = await findUserById(deps.db, me.id);
  if (!user) throw fail.unauthenticated();
  if (typeof input.password !== 'string' || !(await verifyPassword(user.password_hash, input.password)))
    throw fail.field('deletePassword', 'accounts.delete.wrongPassword');
  const owned = await deps.db
    .selectFrom('memberships as m')
    .innerJoin('organizations as o', 'o.id', 'm.organization_id')
    .select(['o.name'])
    .where('m.user_id', '=', me.id)
    .where(sql<boolean>`'owner' = ANY(m.roles)`)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('memberships as other').select('other.user_id').whereRef('other.organization_id', '=', 'm.organization_id').where('other.user_id', '<>', me.id).where(sql<boolean>`'owner' = ANY(other.roles)`))),
    )
    .execute();
  if (owned.length) throw fail.conflict('accounts.delete.lastOwner', { organizations: owned.map((o) => o.name).join(', ') });
  await deps.db.transaction().execute(async (trx) => {
    await anonymiseVerdictsOf(trx, me.id);
    await trx.deleteFrom('users').where('id', '=', me.id).execute();
  });
}
