// The OB 2.0 hosted documents, public like the credentials they mirror.
import { getAchievementDocument, getBadge } from '../badges/badges.service';
import { AppError } from '../errors';
import { getOrganization } from '../organizations/organizations.service';
import type { Deps } from '../platform/deps';
import type { LocalDocumentProvider } from '../verify/resolver';
import { ownPath } from '../verify/verify';
import { getCredential } from './awards.service';
import { badgePng } from './downloads';
import { ob2Assertion, ob2BadgeClass, ob2Issuer, ob2RevokedAssertion } from './ob2';

/** The hosted Assertion: 200, or 410 with `revoked: true` when revoked (or declined by the recipient). */
export async function getOb2Assertion(deps: Deps, publicId: string): Promise<{ status: 200 | 410; body: Record<string, unknown> }> {
  const credential = await getCredential(deps, publicId);
  if (credential.revokedAt || credential.state === 'declined') return { status: 410, body: ob2RevokedAssertion(deps.config.baseUrl, credential) };
  return { status: 200, body: ob2Assertion(deps.config.baseUrl, credential) };
}

/** The BadgeClass of a published or archived badge (its current version, or `version`). */
export async function getOb2BadgeClass(deps: Deps, badgePublicId: string, version?: number): Promise<Record<string, unknown>> {
  const badge = await getBadge(deps, null, badgePublicId);
  const doc = await getAchievementDocument(deps, badgePublicId, { version });
  return ob2BadgeClass(deps.config.baseUrl, badgePublicId, doc, badge.organizationSlug);
}

export async function getOb2Issuer(deps: Deps, slug: string): Promise<Record<string, unknown>> {
  return ob2Issuer(deps.config.baseUrl, await getOrganization(deps, slug));
}

/** The badge image as PNG, for OB 2.0 consumers (which do not all read SVG). */
export async function getOb2BadgeImage(deps: Deps, badgePublicId: string, version?: number): Promise<Buffer> {
  const badge = await getBadge(deps, null, badgePublicId);
  const doc = await getAchievementDocument(deps, badgePublicId, { version });
  return badgePng(deps, { publicId: badge.publicId, version: version ?? badge.version, name: doc.name });
}

/**
 * The verifier's answer for this platform's OB 2.0 URLs (assertions — a revoked one as its 410
 * body, `revoked: true` —, badge classes, issuers), read in-process.
 */
export const ob2Documents: LocalDocumentProvider = async (url, deps) => {
  const path = ownPath(deps.config.baseUrl, url);
  if (path === undefined) return undefined;
  const route = path.slice(new URL(deps.config.baseUrl).pathname.replace(/\/+$/, '').length);
  const match = /^\/ob2\/(assertions|badges|issuers)\/([^/?#]+)(?:\?v=(\d+))?$/.exec(route);
  if (!match) return undefined;
  const id = decodeURIComponent(match[2]!);
  try {
    if (match[1] === 'assertions') return (await getOb2Assertion(deps, id)).body;
    if (match[1] === 'badges') return await getOb2BadgeClass(deps, id, match[3] === undefined ? undefined : Number(match[3]));
    return await getOb2Issuer(deps, id);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') return undefined;
    throw error;
  }
};
