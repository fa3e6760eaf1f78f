// Open recognition (seed 003): a person endorses someone else's credential in their own words — a
// signed EndorsementCredential from that person (their did:key) about the credential. The earner is
// told, and chooses whether it is shown with the credential (its page, /credentials/{id}/endorsements
// and the verifier); it is not shown until they do.
import { type Kysely, sql } from 'kysely';
import { credentialPath, credentialUrl } from '../awards/awards';
import { mailRecipients } from '../awards/awards.service';
import { isRecipientOf } from '../awards/claims.service';
import type { DB } from '../db/schema';
import { fail } from '../errors';
import { translator } from '../i18n';
import { enqueueMailOnce } from '../mail/mail.service';
import type { Actor, Deps } from '../platform/deps';
import { parseInput } from '../platform/validate';
import { type ShownEndorsement, endorse, shownEndorsements } from './endorsements';
import { endorseInputSchema } from './networks';

interface CredentialRow {
  id: string;
  public_id: string;
  recipient_email: string | null;
  recipient_organization_id: string | null;
  state: string;
  revoked_at: Date | null;
  name: string;
  language: string | null;
}

async function findCredential(db: Kysely<DB>, publicId: string): Promise<CredentialRow | undefined> {
  return db
    .selectFrom('credentials as c')
    .select(['c.id', 'c.public_id', 'c.recipient_email', 'c.recipient_organization_id', 'c.state', 'c.revoked_at'])
    .select([
      sql<string>`c.document -> 'credentialSubject' -> 'achievement' ->> 'name'`.as('name'),
      sql<string | null>`c.document -> 'credentialSubject' -> 'achievement' ->> 'inLanguage'`.as('language'),
    ])
    .where('c.public_id', '=', publicId)
    .executeTakeFirst();
}

/** Whether the actor is the credential's earner (one of their verified addresses, or an organisation they manage). */
export async function isEarner(deps: Deps, actor: Actor | null, c: Pick<CredentialRow, 'recipient_email' | 'recipient_organization_id'>): Promise<boolean> {
  return actor !== null && isRecipientOf(deps, actor, c.recipient_email ? { email: c.recipient_email } : { organizationId: c.recipient_organization_id! });
}

/** The actor endorses someone else's credential (once); the earner is told by mail. */
export async function endorseCredential(deps: Deps, actor: Actor | null, credentialPublicId: string, input: unknown): Promise<{ id: string }> {
  if (!actor) throw fail.unauthenticated();
  const data = parseInput(endorseInputSchema, input);
  const c = await findCredential(deps.db, credentialPublicId);
  if (!c || c.state === 'declined') throw fail.notFound('awards.notFound');
  if (c.revoked_at) throw fail.conflict('networks.recognition.revoked');
  if (await isEarner(deps, actor, c)) throw fail.conflict('networks.recognition.own');
  const language = c.language === 'en' ? 'en' : 'fr';
  const t = translator(language);
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const id = await endorse(deps, trx, {
        endorser: { kind: 'person', id: actor.id, displayName: actor.displayName },
        subject: { kind: 'credential', credentialId: c.id, url: credentialUrl(deps.config.baseUrl, c.public_id), name: c.name },
        name: t('networks.recognition.name', { badge: c.name, endorser: actor.displayName }),
        comment: data.comment,
      });
      const row = await trx.selectFrom('endorsements').select('public_id').where('id', '=', id).executeTakeFirstOrThrow();
      const to = await mailRecipients(trx, c.recipient_email ? { kind: 'email', email: c.recipient_email } : { kind: 'organization', organizationId: c.recipient_organization_id! }, language);
      for (const mail of to)
        await enqueueMailOnce(
          trx,
          {
            to: mail.email,
            locale: mail.locale,
            template: 'networks.endorsed',
            params: { badge: c.name, endorser: actor.displayName, comment: data.comment, url: `${deps.config.baseUrl}${credentialPath(c.public_id)}#endorsements` },
          },
          { dedupeKey: `endorsed:${row.public_id}:${mail.email}` },
        );
      return { id: row.public_id };
    });
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw fail.conflict('networks.recognition.already');
    throw error;
  }
}

/** The earner shows or hides an endorsement of their credential. */
export async function setEndorsementDisplay(deps: Deps, actor: Actor | null, endorsementPublicId: string, displayed: boolean): Promise<void> {
  if (!actor) throw fail.unauthenticated();
  const row = await deps.db
    .selectFrom('endorsements as e')
    .innerJoin('credentials as c', 'c.id', 'e.credential_id')
    .select(['e.id', 'c.recipient_email', 'c.recipient_organization_id'])
    .where('e.public_id', '=', endorsementPublicId)
    .executeTakeFirst();
  if (!row || !(await isEarner(deps, actor, row))) throw fail.notFound('networks.recognition.notFound');
  await deps.db.updateTable('endorsements').set({ displayed }).where('id', '=', row.id).execute();
}

/**
 * The endorsements of a credential: those shown, or all of them for its earner; and the viewer's
 * own (shown or not), which they may withdraw.
 */
export async function credentialEndorsements(
  deps: Deps,
  actor: Actor | null,
  credentialPublicId: string,
): Promise<{ items: ShownEndorsement[]; earner: boolean; mayEndorse: boolean; mine: string | null }> {
  const c = await findCredential(deps.db, credentialPublicId);
  if (!c || c.state === 'declined') throw fail.notFound('awards.notFound');
  const earner = await isEarner(deps, actor, c);
  const mine = actor
    ? ((
        await deps.db
          .selectFrom('endorsements')
          .select('public_id')
          .where('credential_id', '=', c.id)
          .where('endorser_user_id', '=', actor.id)
          .where('revoked_at', 'is', null)
          .executeTakeFirst()
      )?.public_id ?? null)
    : null;
  return {
    items: await shownEndorsements(deps.db, 'credential_id', c.id, { all: earner }),
    earner,
    mayEndorse: actor !== null && !earner && c.revoked_at === null && mine === null,
    mine,
  };
}

/** The credential a person's endorsement is of (its public id), to go back to its page. */
export async function endorsedCredentialOf(deps: Deps, endorsementPublicId: string): Promise<string | undefined> {
  const row = await deps.db
    .selectFrom('endorsements as e')
    .innerJoin('credentials as c', 'c.id', 'e.credential_id')
    .select('c.public_id')
    .where('e.public_id', '=', endorsementPublicId)
    .executeTakeFirst();
  return row?.public_id;
}
