// Use cases of the Open Badges 3.0 API, for the person an access token acts for.
//
// What GET /credentials gives another host — the credentials a person chose to share:
//  - the badges awarded to their verified addresses that they did not decline and did not make
//    private (visibility link — the default — or public), as signed Data Integrity documents;
//  - every credential they brought into their backpack themselves (imported, or pushed with
//    POST /credentials), in the form it came: JSON in `credential`, a VC-JWT in `compactJwsStrings`.
// Oldest first (a client paging with offset sees new ones appended); `since` keeps those issued
// (awarded) or brought in (imported, or replaced by an upsert) after that instant.
import { type Kysely, sql } from 'kysely';
import { verifiedEmails } from '../accounts/accounts.repository';
import { updateProfile } from '../accounts/accounts.service';
import { getMyProfile, profilePath, setProfile } from '../backpack/collections';
import { importCredential } from '../backpack/imports';
import type { DB } from '../db/schema';
import { AppError } from '../errors';
import type { Actor, Deps } from '../platform/deps';
import type { VerifyInput, VerifyReport } from '../verify/verify';
import type { VerifyServices } from '../verify/verify.service';
import { OB_CONTEXT } from './obapi';

export interface SharedPage {
  total: number;
  credential: Record<string, unknown>[];
  compactJwsStrings: string[];
}

function sharedQuery(db: Kysely<DB>, userId: string, emails: readonly string[], since: Date | undefined) {
  let imported = db
    .selectFrom('imported_credentials as i')
    .select([sql<string>`'imported'`.as('source'), 'i.id', 'i.created_at as at'])
    .where('i.user_id', '=', userId);
  if (since) imported = imported.where('i.created_at', '>', since);
  if (emails.length === 0) return imported;
  let awarded = db
    .selectFrom('credentials as c')
    .select([sql<string>`'awarded'`.as('source'), 'c.id', 'c.issued_at as at'])
    .where('c.recipient_kind', '=', 'email')
    .where('c.recipient_email', 'in', [...emails])
    .where('c.state', '<>', 'declined')
    .where('c.visibility', '<>', 'private');
  if (since) awarded = awarded.where('c.issued_at', '>', since);
  return awarded.unionAll(imported);
}

/** One page of the credentials the person shares (see above), with their total. */
export async function listSharedCredentials(deps: Deps, actor: Actor, page: { limit: number; offset: number; since?: Date | undefined }): Promise<SharedPage> {
  const { db } = deps;
  const emails = await verifiedEmails(db, actor.id);
  const all = sharedQuery(db, actor.id, emails, page.since).as('u');
  const { total } = await db.selectFrom(all).select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom(sharedQuery(db, actor.id, emails, page.since).as('u'))
    .select(['u.source', 'u.id'])
    .orderBy('u.at')
    .orderBy('u.source')
    .orderBy('u.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const awardedIds = rows.filter((r) => r.source === 'awarded').map((r) => r.id);
  const importedIds = rows.filter((r) => r.source === 'imported').map((r) => r.id);
  const [awarded, imported] = await Promise.all([
    awardedIds.length ? db.selectFrom('credentials').select(['id', 'document']).where('id', 'in', awardedIds).execute() : [],
    importedIds.length ? db.selectFrom('imported_credentials').select(['id', 'document', 'jwt']).where('id', 'in', importedIds).execute() : [],
  ]);
  const awardedById = new Map(awarded.map((r) => [r.id, r]));
  const importedById = new Map(imported.map((r) => [r.id, r]));
  const out: SharedPage = { total: Number(total), credential: [], compactJwsStrings: [] };
  for (const row of rows) {
    if (row.source === 'awarded') {
      const found = awardedById.get(row.id);
      if (found) out.credential.push(found.document as Record<string, unknown>);
      continue;
    }
    const found = importedById.get(row.id);
    if (found?.jwt) out.compactJwsStrings.push(found.jwt);
    else if (found) out.credential.push(found.document as Record<string, unknown>);
  }
  return out;
}

export type UpsertOutcome = { ok: true; created: boolean } | { ok: false; report: VerifyReport };

/**
 * upsertCredential: the credential goes into the person's backpack through the import, verified on
 * the way in (nothing stored when it fails). The same credential (same `id`) held already is
 * replaced by the one given — checked first, so a failing one never removes the one held.
 */
export async function upsertCredential(deps: Deps, services: VerifyServices, actor: Actor, input: VerifyInput): Promise<UpsertOutcome> {
  const outcome = await importCredential(deps, services, actor, input, { replace: true });
  return outcome.ok ? { ok: true, created: !outcome.replaced } : outcome;
}

/** The person as an OB 3.0 Profile. */
export async function personProfile(deps: Deps, actor: Actor): Promise<Record<string, unknown>> {
  const [mine, user, emails] = await Promise.all([
    getMyProfile(deps, actor),
    deps.db.selectFrom('users').select('display_name').where('id', '=', actor.id).executeTakeFirstOrThrow(),
    deps.db.selectFrom('user_emails').select(['email', 'is_primary']).where('user_id', '=', actor.id).where('verified_at', 'is not', null).orderBy('is_primary', 'desc').execute(),
  ]);
  const url = `${deps.config.baseUrl}${profilePath(mine.id)}`;
  return {
    '@context': [OB_CONTEXT],
    type: 'Profile',
    id: url,
    name: user.display_name,
    ...(mine.bio ? { description: mine.bio } : {}),
    ...(mine.public ? { url } : {}),
    ...(emails[0] ? { email: emails[0].email } : {}),
  };
}

/** putProfile: the name and the description are kept (what Blason holds of a person); other properties are not. */
export async function updatePersonProfile(deps: Deps, actor: Actor, update: { id?: string | undefined; name?: string | undefined; description?: string | undefined }): Promise<Record<string, unknown>> {
  const current = await personProfile(deps, actor);
  if (update.id !== undefined && update.id !== current.id) throw new AppError('validation', 'obapi.profile.otherId');
  if (update.name !== undefined) await updateProfile(deps, actor, { displayName: update.name });
  if (update.description !== undefined) {
    const mine = await getMyProfile(deps, actor);
    await setProfile(deps, actor, { public: mine.public, bio: update.description });
  }
  return personProfile(deps, actor);
}
