// Endorsements: signed OB 3.0 EndorsementCredentials by an organisation, of a badge (its
// Achievement), of another organisation (its Profile) or of one credential. Signed once (Data
// Integrity, eddsa-rdfc-2022) and stored as signed; published at /endorsements/{id}, embedded in
// the badge's Achievement document (`endorsement`), and checked by the verifier next to the
// credentials of the badge. Withdrawn by their endorser: an organisation's carry an entry in its
// revocation status lists, marked when withdrawn; a person's are only unpublished (410).
import type { Kysely } from 'kysely';
import { buildEndorsementCredential, signDataIntegrity } from '../credentials';
import type { DB, EndorsementSubjectKind } from '../db/schema';
import { issuerIdentity, personIdentity } from '../issuers/issuers.service';
import type { Organization } from '../organizations/organizations';
import type { Actor, Deps } from '../platform/deps';
import { publicId as newPublicId } from '../platform/tokens';
import { statusListUrl } from '../awards/awards';
import { allocateStatusEntries, bumpRevision } from '../awards/status-lists.repository';
import { publishRevocation } from '../awards/revocation.service';
import { fail } from '../errors';
import { requireOrganizationAccess } from '../organizations/organizations.service';

export const endorsementPath = (publicId: string) => `/endorsements/${encodeURIComponent(publicId)}`;

export type EndorsementSubject =
  | { kind: 'badge'; badgeId: string; url: string; name: string }
  | { kind: 'organization'; organizationId: string; url: string; name: string }
  | { kind: 'credential'; credentialId: string; url: string; name: string };

/** An organisation signs with its issuer key; a person with their own did:key. */
export type Endorser = { kind: 'organization'; organization: Organization } | { kind: 'person'; id: string; displayName: string };

export interface EndorseInput {
  endorser: Endorser;
  subject: EndorsementSubject;
  /** The credential's name, e.g. "Endorsement of … by …" in the endorser's language. */
  name: string;
  comment: string;
}

/** Signs and stores an endorsement in the caller's transaction; returns its internal id. */
export async function endorse(deps: Deps, trx: Kysely<DB>, input: EndorseInput): Promise<string> {
  const now = deps.clock.now();
  const publicId = newPublicId();
  const tx = { ...deps, db: trx };
  const { key, profile } =
    input.endorser.kind === 'organization' ? await issuerIdentity(tx, input.endorser.organization) : await personIdentity(tx, input.endorser);
  // An organisation's endorsement says where its withdrawal is published: an entry in its status lists.
  const organization = input.endorser.kind === 'organization' ? input.endorser.organization : undefined;
  const [entry] = organization ? await allocateStatusEntries(trx, { organizationId: organization.id, issuerId: profile.id, now }, 1) : [];
  const unsigned = buildEndorsementCredential({
    id: `${deps.config.baseUrl}${endorsementPath(publicId)}`,
    issuer: profile,
    validFrom: now,
    name: input.name.slice(0, 500),
    subjectId: input.subject.url,
    comment: input.comment,
    ...(organization && entry
      ? {
          credentialStatus: {
            type: 'BitstringStatusListEntry' as const,
            statusPurpose: 'revocation' as const,
            statusListCredential: statusListUrl(deps.config.baseUrl, organization.slug, entry.listId),
            statusListIndex: entry.index,
          },
        }
      : {}),
  });
  const signed = await signDataIntegrity(unsigned, { key, created: now });
  const kind: EndorsementSubjectKind = input.subject.kind;
  const row = await trx
    .insertInto('endorsements')
    .values({
      public_id: publicId,
      subject_kind: kind,
      badge_id: input.subject.kind === 'badge' ? input.subject.badgeId : null,
      subject_organization_id: input.subject.kind === 'organization' ? input.subject.organizationId : null,
      credential_id: input.subject.kind === 'credential' ? input.subject.credentialId : null,
      endorser_organization_id: input.endorser.kind === 'organization' ? input.endorser.organization.id : null,
      endorser_user_id: input.endorser.kind === 'person' ? input.endorser.id : null,
      // Open recognition: the earner chooses whether to show it.
      displayed: input.subject.kind !== 'credential',
      comment: input.comment,
      document: JSON.stringify(signed),
      issued_at: now,
      status_list_id: entry?.listId ?? null,
      status_list_index: entry?.index ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface ShownEndorsement {
  id: string;
  /** An organisation (with its page) or a person (by name only). */
  endorser: { slug: string | null; name: string };
  comment: string;
  displayed: boolean;
  issuedAt: Date;
  document: Record<string, unknown>;
}

type SubjectColumn = 'badge_id' | 'subject_organization_id' | 'credential_id';

/** The endorsements of a subject, not revoked, oldest first: those displayed, or all of them (for the earner who chooses). */
export async function shownEndorsements(db: Kysely<DB>, column: SubjectColumn, subjectId: string, options: { all?: boolean } = {}): Promise<ShownEndorsement[]> {
  let query = db
    .selectFrom('endorsements as e')
    .leftJoin('organizations as o', 'o.id', 'e.endorser_organization_id')
    .leftJoin('users as u', 'u.id', 'e.endorser_user_id')
    .select(['e.public_id', 'e.comment', 'e.displayed', 'e.issued_at', 'e.document', 'o.slug', 'o.name', 'u.display_name'])
    .where(`e.${column}`, '=', subjectId)
    .where('e.revoked_at', 'is', null);
  if (!options.all) query = query.where('e.displayed', '=', true);
  const rows = await query.orderBy('e.id').limit(50).execute();
  return rows.map((r) => ({
    id: r.public_id,
    endorser: { slug: r.slug, name: r.name ?? r.display_name ?? '' },
    comment: r.comment,
    displayed: r.displayed,
    issuedAt: r.issued_at,
    document: r.document as Record<string, unknown>,
  }));
}

/**
 * Withdraws an endorsement, by its endorser: an organisation's managers ('org.edit') or the person
 * who gave it. It is no longer shown, its URL answers 410 Gone, and an organisation's endorsement is
 * marked revoked in its status list (signed again after the commit), so verifiers of credentials
 * that embed it learn it too. Withdrawing twice is refused (409).
 */
export async function withdrawEndorsement(deps: Deps, actor: Actor | null, publicId: string, reason: string): Promise<void> {
  if (!actor) throw fail.unauthenticated();
  const row = await deps.db
    .selectFrom('endorsements as e')
    .leftJoin('organizations as o', 'o.id', 'e.endorser_organization_id')
    .select(['e.id', 'e.endorser_user_id', 'e.status_list_id', 'o.slug'])
    .where('e.public_id', '=', publicId)
    .executeTakeFirst();
  if (!row) throw fail.notFound('networks.endorsements.notFound');
  if (row.slug) await requireOrganizationAccess(deps, actor, row.slug, 'org.edit');
  else if (row.endorser_user_id !== actor.id) throw fail.forbidden();
  const now = deps.clock.now();
  const withdrawn = await deps.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('endorsements')
      .set({ revoked_at: now, revocation_reason: reason.trim().slice(0, 500) || null })
      .where('id', '=', row.id)
      .where('revoked_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!updated) return false;
    if (row.status_list_id) await bumpRevision(trx, row.status_list_id, now);
    return true;
  });
  if (!withdrawn) throw fail.conflict('networks.endorsements.alreadyWithdrawn');
  if (row.status_list_id) await publishRevocation(deps, row.status_list_id);
}

export type EndorsementDocument = { state: 'published'; document: Record<string, unknown> } | { state: 'withdrawn' };

/** A published endorsement (its signed credential), withdrawn, or undefined when there is none. */
export async function endorsementDocument(db: Kysely<DB>, publicId: string): Promise<EndorsementDocument | undefined> {
  const row = await db.selectFrom('endorsements').select(['document', 'revoked_at']).where('public_id', '=', publicId).executeTakeFirst();
  if (!row) return undefined;
  return row.revoked_at ? { state: 'withdrawn' } : { state: 'published', document: row.document as Record<string, unknown> };
}

export interface GivenEndorsement {
  id: string;
  /** The endorsement credential's name ("Endorsement of … by …"). */
  name: string;
  /** What it endorses (a badge, an organisation or a credential), by its URL. */
  subjectUrl: string;
  issuedAt: Date;
}

/** The endorsements an organisation gave and has not withdrawn, newest first. */
export async function endorsementsGivenBy(db: Kysely<DB>, organizationId: string): Promise<GivenEndorsement[]> {
  const rows = await db
    .selectFrom('endorsements')
    .select(['public_id', 'document', 'issued_at'])
    .where('endorser_organization_id', '=', organizationId)
    .where('revoked_at', 'is', null)
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => {
    const document = r.document as { name?: unknown; credentialSubject?: { id?: unknown } };
    return {
      id: r.public_id,
      name: typeof document.name === 'string' ? document.name : r.public_id,
      subjectUrl: typeof document.credentialSubject?.id === 'string' ? document.credentialSubject.id : '',
      issuedAt: r.issued_at,
    };
  });
}
