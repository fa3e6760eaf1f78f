// A key badge or label as a CLR 2.0 record: one ClrCredential bundling the key badge's credential and
// the credentials it rests on (each keeps its own proof), with "isParentOf" associations from the
// key badge's achievement to theirs, signed by the issuing organisation as a VC-JWT (EdDSA). The JWT
// form needs no JSON-LD processing, so no CLR context has to be bundled for signing.
import type { Credential } from '../awards/awards';
import { findCredentialByPublicId } from '../awards/awards.repository';
import { issuingContext } from '../awards/awards.service';
import { getBadge } from '../badges/badges.service';
import { signJwt } from '../credentials';
import { fail } from '../errors';
import type { Deps } from '../platform/deps';

export const CLR_CONTEXT = 'https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json';
const VC_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
const OB_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';

type Json = Record<string, unknown>;

/** The unsigned ClrCredential of a rule-issued credential (the parts that still exist are bundled). */
export async function buildClr(deps: Deps, c: Credential): Promise<{ clr: Json; badge: Awaited<ReturnType<typeof getBadge>> }> {
  if (!c.basis) throw fail.notFound('awards.clr.notKeyBadge');
  const parts: Json[] = [];
  for (const id of c.basis) {
    const row = await findCredentialByPublicId(deps.db, id);
    if (row) parts.push(row.document as Json);
  }
  const documents = [c.document, ...parts];
  const achievementOf = (d: Json) => (d.credentialSubject as Json).achievement as Json;
  const key = achievementOf(c.document);
  const badge = await getBadge(deps, null, c.badgePublicId);
  const clr: Json = {
    '@context': [VC_CONTEXT, CLR_CONTEXT, OB_CONTEXT],
    id: `${c.document.id as string}#clr`,
    type: ['VerifiableCredential', 'ClrCredential'],
    name: c.badgeName,
    validFrom: c.document.validFrom,
    ...(c.document.validUntil ? { validUntil: c.document.validUntil } : {}),
    credentialSubject: {
      type: ['ClrSubject'],
      identifier: [(c.document.credentialSubject as Json).identifier].flat().filter(Boolean),
      achievement: documents.map(achievementOf),
      verifiableCredential: documents,
      association: parts.map((p) => ({ type: 'Association', associationType: 'isParentOf', sourceId: key.id, targetId: achievementOf(p).id })),
    },
  };
  return { clr, badge };
}

/** The CLR 2.0 record of a key badge, signed by its issuing organisation as a VC-JWT. */
export async function signedClr(deps: Deps, c: Credential): Promise<string> {
  const { clr, badge } = await buildClr(deps, c);
  const ctx = await issuingContext(deps, badge);
  return signJwt({ ...clr, issuer: ctx.issuer }, { key: ctx.key });
}
