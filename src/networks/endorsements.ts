// Endorsements: signed OB 3.0 EndorsementCredentials by an organisation, of a badge (its
// Achievement), of another organisation (its Profile) or of one credential. Signed once (Data
// Integrity, eddsa-rdfc-2022) and stored as signed; published at /endorsements/{id}, embedded in
// the badge's Achievement document (`endorsement`), and checked by the verifier next to the
// credentials of the badge.
import type { Kysely } from 'kysely';
import { buildEndorsementCredential, signDataIntegrity } from '../credentials';
import type { DB, EndorsementSubjectKind } from '../db/schema';
import { issuerIdentity, personIdentity } from '../issuers/issuers.service';
import type { Organization } from '../organizations/organizations';
import type { Deps } from '../platform/deps';
import { publicId as newPublicId } from '../platform/tokens';

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
  const unsigned = buildEndorsementCredential({
    id: `${deps.config.baseUrl}${endorsementPath(publicId)}`,
    issuer: profile,
    validFrom: now,
    name: input.name.slice(0, 500),
    subjectId: input.subject.url,
    comment: input.comment,
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

/** A published endorsement (its signed credential), or undefined. */
export async function findEndorsementDocument(db: Kysely<DB>, publicId: string): Promise<Record<string, unknown> | undefined> {
  const row = await db.selectFrom('endorsements').select(['document', 'revoked_at']).where('public_id', '=', publicId).executeTakeFirst();
  return row ? (row.document as Record<string, unknown>) : undefined;
}
