// Use cases of a person's e-mail addresses: add, verify, make primary, remove, resend the link.
// Badges are awarded to addresses, so an address belongs to one account at most (UNIQUE).
import { requireActor } from '../api/registry';
import { fail } from '../errors';
import type { Actor, Deps } from '../platform/deps';
import { parseInput } from '../platform/validate';
import { type EmailAddress, addEmailSchema, emailRowToAddress, normalizeEmail } from './accounts';
import {
  consumeEmailToken,
  deleteUserEmail,
  findEmail,
  insertUserEmail,
  listUserEmails,
  markEmailVerified,
  setPrimaryEmail,
} from './accounts.repository';
import { claimAddress, sendVerificationMail, withUniqueEmail } from './accounts.service';

export async function listEmails(deps: Deps, actor: Actor | null): Promise<EmailAddress[]> {
  const me = requireActor(actor);
  return (await listUserEmails(deps.db, me.id)).map(emailRowToAddress);
}

/** Adds an unverified address and mails it a verification link. */
export async function addEmail(deps: Deps, actor: Actor | null, input: { email: string }): Promise<EmailAddress> {
  const me = requireActor(actor);
  const { email } = parseInput(addEmailSchema, input);
  await withUniqueEmail(() =>
    deps.db.transaction().execute(async (trx) => {
      const tx = { ...deps, db: trx };
      await claimAddress(tx, email, me.id);
      await insertUserEmail(trx, { userId: me.id, email, primary: false, verifiedAt: null });
      await sendVerificationMail(tx, { userId: me.id, email, name: me.displayName, locale: me.locale });
    }),
  );
  return { email, verified: false, primary: false };
}

/** Mails a new verification link to one of the person's unverified addresses. */
export async function resendVerification(deps: Deps, actor: Actor | null, email: string): Promise<void> {
  const me = requireActor(actor);
  const row = await ownAddress(deps, me, email);
  if (row.verified_at !== null) throw fail.conflict('accounts.email.alreadyVerified');
  await sendVerificationMail(deps, { userId: me.id, email: row.email, name: me.displayName, locale: me.locale });
}

/** Only a verified address can become the primary one (where mails go, what signs in). */
export async function makePrimaryEmail(deps: Deps, actor: Actor | null, email: string): Promise<void> {
  const me = requireActor(actor);
  const row = await ownAddress(deps, me, email);
  if (row.is_primary) return;
  if (row.verified_at === null) throw fail.conflict('accounts.email.primaryNeedsVerified');
  await deps.db.transaction().execute((trx) => setPrimaryEmail(trx, me.id, row.email));
}

/** Removes a secondary address; the primary one stays (make another one primary first). */
export async function removeEmail(deps: Deps, actor: Actor | null, email: string): Promise<void> {
  const me = requireActor(actor);
  const row = await ownAddress(deps, me, email);
  if (row.is_primary) throw fail.conflict('accounts.email.cannotRemovePrimary');
  await deleteUserEmail(deps.db, me.id, row.email);
}

/** Public: the link of a verification mail. One use; marks the address verified. */
export async function verifyEmailToken(deps: Deps, token: string): Promise<{ email: string }> {
  if (!token) throw fail.gone('accounts.token.invalid');
  return deps.db.transaction().execute(async (trx) => {
    const used = await consumeEmailToken(trx, token, 'verify', deps.clock.now());
    if (!used) throw fail.gone('accounts.token.invalid');
    const row = await findEmail(trx, used.email);
    // The address was removed (or taken by someone else) since the mail went out.
    if (!row || row.user_id !== used.userId) throw fail.gone('accounts.token.invalid');
    await markEmailVerified(trx, used.userId, used.email, deps.clock.now());
    return { email: used.email };
  });
}

async function ownAddress(deps: Deps, me: Actor, email: string) {
  const row = await findEmail(deps.db, normalizeEmail(email));
  if (!row || row.user_id !== me.id) throw fail.notFound('accounts.email.notYours');
  return row;
}

