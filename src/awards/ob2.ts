// Open Badges 2.0 hosted forms of an award, for older backpacks: the Assertion (hosted verification:
// its URL is the source of truth; a revoked one answers 410 with `revoked: true`), the BadgeClass and
// the Issuer Profile. Field names follow the OB 2.0 specification (IMS Global, 2018).
import { hashIdentity } from '../credentials';
import type { AchievementDocument } from '../badges/document';
import { type Organization, organizationUrl } from '../organizations/organizations';
import type { Credential } from './awards';

export const OB2_CONTEXT = 'https://w3id.org/openbadges/v2';

export const ob2AssertionUrl = (baseUrl: string, publicId: string) => `${baseUrl}/ob2/assertions/${encodeURIComponent(publicId)}`;
export const ob2BadgeUrl = (baseUrl: string, badgePublicId: string) => `${baseUrl}/ob2/badges/${encodeURIComponent(badgePublicId)}`;
export const ob2IssuerUrl = (baseUrl: string, slug: string) => `${baseUrl}/ob2/issuers/${encodeURIComponent(slug)}`;
/** The badge's image as PNG (rasterised from SVG, or drawn when the badge has none): BadgeClass.image. */
export const ob2ImageUrl = (baseUrl: string, badgePublicId: string, version: number) => `${ob2BadgeUrl(baseUrl, badgePublicId)}/image?v=${version}`;

const date = (d: Date) => d.toISOString().replace('.000Z', 'Z');

/** A hosted OB 2.0 Assertion of a credential that is not revoked. */
export function ob2Assertion(baseUrl: string, c: Credential): Record<string, unknown> {
  const { recipient } = c;
  const assertion: Record<string, unknown> = {
    '@context': OB2_CONTEXT,
    type: 'Assertion',
    id: ob2AssertionUrl(baseUrl, c.publicId),
    recipient:
      recipient.kind === 'email'
        ? { type: 'email', hashed: true, salt: c.salt, identity: hashIdentity(recipient.email, c.salt) }
        : { type: 'url', hashed: true, salt: c.salt, identity: hashIdentity(organizationUrl(baseUrl, recipient.slug), c.salt) },
    badge: ob2BadgeUrl(baseUrl, c.badgePublicId),
    verification: { type: 'hosted' },
    issuedOn: date(c.validFrom),
    image: ob2ImageUrl(baseUrl, c.badgePublicId, c.badgeVersion),
  };
  if (c.validUntil) assertion.expires = date(c.validUntil);
  if (c.narrative) assertion.narrative = c.narrative;
  if (c.evidence.length)
    assertion.evidence = c.evidence.map((e) => ({
      ...(e.id ? { id: e.id } : {}),
      ...(e.name ? { name: e.name } : {}),
      ...(e.narrative ? { narrative: e.narrative } : {}),
      ...(e.description ? { description: e.description } : {}),
    }));
  return assertion;
}

/** What a revoked (or declined) assertion's URL answers, with HTTP 410. */
export function ob2RevokedAssertion(baseUrl: string, c: Pick<Credential, 'publicId' | 'revocationReason'>): Record<string, unknown> {
  return {
    '@context': OB2_CONTEXT,
    type: 'Assertion',
    id: ob2AssertionUrl(baseUrl, c.publicId),
    revoked: true,
    ...(c.revocationReason ? { revocationReason: c.revocationReason } : {}),
  };
}

/** The OB 2.0 BadgeClass of a badge version (criteria as a narrative). */
export function ob2BadgeClass(baseUrl: string, badgePublicId: string, doc: AchievementDocument, issuerSlug: string): Record<string, unknown> {
  const badge: Record<string, unknown> = {
    '@context': OB2_CONTEXT,
    type: 'BadgeClass',
    id: ob2BadgeUrl(baseUrl, badgePublicId),
    name: doc.name,
    description: doc.description,
    image: ob2ImageUrl(baseUrl, badgePublicId, Number(doc.version)),
    criteria: { narrative: doc.criteria.narrative },
    issuer: ob2IssuerUrl(baseUrl, issuerSlug),
  };
  if (doc.tag?.length) badge.tags = doc.tag;
  if (doc.alignment?.length)
    badge.alignment = doc.alignment.map((a) => ({
      targetName: a.targetName,
      targetUrl: a.targetUrl,
      ...(a.targetDescription ? { targetDescription: a.targetDescription } : {}),
      ...(a.targetFramework ? { targetFramework: a.targetFramework } : {}),
      ...(a.targetCode ? { targetCode: a.targetCode } : {}),
    }));
  return badge;
}

/** The OB 2.0 Issuer Profile of an organisation. */
export function ob2Issuer(baseUrl: string, org: Organization): Record<string, unknown> {
  return {
    '@context': OB2_CONTEXT,
    type: 'Issuer',
    id: ob2IssuerUrl(baseUrl, org.slug),
    name: org.name,
    url: org.url ?? organizationUrl(baseUrl, org.slug),
    ...(org.email ? { email: org.email } : {}),
    ...(org.description ? { description: org.description } : {}),
    ...(org.hasLogo ? { image: `${organizationUrl(baseUrl, org.slug)}/logo.png` } : {}),
  };
}
