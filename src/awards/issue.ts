// Building and signing one award, given everything it needs: no database, no clock. The issuing
// context (issuer, achievement, levels, prepared key) is loaded once per badge and reused for every
// credential of a batch; the bulk path calls `buildAwardCredential` and `signAward` per row.
import {
  type AchievementInput,
  type OpenBadgeCredential,
  type PreparedSigningKey,
  type ProfileInput,
  buildOpenBadgeCredential,
  signDataIntegrity,
  signJwt,
} from '../credentials';
import type { Validity } from '../badges/badges';
import type { Organization } from '../organizations/organizations';
import { type BadgeLevel, type EvidenceItem, credentialUrl } from './awards';

export interface IssuingContext {
  baseUrl: string;
  badgeId: string;
  badgePublicId: string;
  badgeVersion: number;
  badgeName: string;
  /** The issuing organisation. */
  organization: Organization;
  /** The issuer Profile as credentials carry it; `id` is the issuer's DID (did:web or did:key). */
  issuer: ProfileInput & { id: string };
  achievement: AchievementInput;
  levels: BadgeLevel[];
  validity: Validity | undefined;
  key: PreparedSigningKey;
}

export type AwardRecipient =
  | { kind: 'email'; email: string; name?: string | undefined }
  | { kind: 'organization'; organizationId: string; slug: string; organizationName: string; did: string; name?: string | undefined };

/** One award, decided and validated, with its status list entry: what is signed and stored. */
export interface PlannedAward {
  publicId: string;
  recipient: AwardRecipient;
  salt: string;
  narrative?: string | undefined;
  level?: BadgeLevel | undefined;
  evidence: EvidenceItem[];
  issuedAt: Date;
  validFrom: Date;
  validUntil: Date | null;
  status: { listId: string; index: number; url: string };
}

export interface SignedAward {
  document: Record<string, unknown>;
  jwt: string;
}

/** The unsigned OpenBadgeCredential of an award. */
export function buildAwardCredential(ctx: IssuingContext, award: PlannedAward): OpenBadgeCredential {
  const { recipient } = award;
  return buildOpenBadgeCredential({
    id: credentialUrl(ctx.baseUrl, award.publicId),
    issuer: ctx.issuer,
    validFrom: award.validFrom,
    ...(award.validUntil ? { validUntil: award.validUntil } : {}),
    awardedDate: award.validFrom,
    name: ctx.badgeName,
    ...(ctx.achievement.image ? { image: ctx.achievement.image } : {}),
    recipient: recipient.kind === 'email' ? { email: recipient.email, salt: award.salt } : { id: recipient.did },
    achievement: ctx.achievement,
    ...(award.level ? { results: [{ resultDescription: award.level.resultDescriptionId, achievedLevel: award.level.id }] } : {}),
    ...(award.narrative ? { narrative: award.narrative } : {}),
    ...(award.evidence.length ? { evidence: award.evidence } : {}),
    credentialStatus: {
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListCredential: award.status.url,
      statusListIndex: award.status.index,
    },
  });
}

/** Signs a credential in both forms with the organisation's key: Data Integrity (eddsa-rdfc-2022) and VC-JWT. */
export async function signAward(ctx: Pick<IssuingContext, 'key'>, credential: OpenBadgeCredential, created: Date): Promise<SignedAward> {
  const [document, jwt] = await Promise.all([
    signDataIntegrity(credential, { key: ctx.key, created }),
    signJwt(credential, { key: ctx.key }),
  ]);
  return { document: document as unknown as Record<string, unknown>, jwt };
}
