// Revocation: a reason, the credential marked revoked, its bit set in the organisation's W3C Bitstring
// Status List (signed again by the organisation's key) and its entry in the 1EdTech Revocation List.
// The bits are derived from the credentials' revoked_at; each revocation bumps the list's revision,
// and the signed list is made again whenever its signed revision is behind (after a revocation, or
// on first request).
import {
  buildRevocationList,
  buildStatusListCredential,
  createStatusBits,
  type RevocationList,
  setRevoked,
  signDataIntegrity,
} from '../credentials';
import type { Kysely } from 'kysely';
import type { DB, StatusListRow } from '../db/schema';
import { enqueueRuleEvaluation } from '../rules/triggers';
import { enqueueCredentialEvents } from '../integrations/integrations.repository';
import { fail } from '../errors';
import { issuerSigningKey } from '../issuers/issuers.service';
import { type Organization, organizationRowToOrganization } from '../organizations/organizations';
import { findOrganizationById } from '../organizations/organizations.repository';
import { getOrganization } from '../organizations/organizations.service';
import type { Actor, Deps } from '../platform/deps';
import { parseInput } from '../platform/validate';
import { type Credential, credentialUrl, revocationListUrl, revokeInputSchema, statusListUrl } from './awards';
import { listRevoked, markRevoked } from './awards.repository';
import { cliActor, getCredential, requireCredentialAccess } from './awards.service';
import { bumpRevision, findStatusList, revokedIndexes, storeSignedList } from './status-lists.repository';

/** Revokes a credential with a reason ('badge.revoke' in the issuing organisation). */
export async function revokeCredential(deps: Deps, actor: Actor | null, publicId: string, input: unknown): Promise<Credential> {
  const { credential } = await requireCredentialAccess(deps, actor, publicId, 'badge.revoke');
  const { reason } = parseInput(revokeInputSchema, input);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    if (!(await recordRevocation(trx, credential, reason, now, deps.config.baseUrl))) throw fail.conflict('awards.revoke.already');
  });
  await publishRevocation(deps, credential.statusListId);
  return getCredential(deps, publicId);
}

/**
 * Marks a credential revoked in the caller's transaction, bumps its status list's revision and has the
 * rules resting on it looked at again, and tells the webhooks; false when it was revoked already. Call `publishRevocation` after the commit.
 */
export async function recordRevocation(trx: Kysely<DB>, credential: { id: string; statusListId: string }, reason: string, now: Date, baseUrl: string): Promise<boolean> {
  if (!(await markRevoked(trx, credential.id, reason, now))) return false;
  await bumpRevision(trx, credential.statusListId, now);
  await enqueueRuleEvaluation(trx, [credential.id]);
  await enqueueCredentialEvents(trx, 'credential.revoked', [credential.id], { baseUrl, now });
  return true;
}

/** Signs the status list again after a revocation; if that fails now, the next request for the list signs it. */
export async function publishRevocation(deps: Deps, statusListId: string): Promise<void> {
  await refreshStatusList(deps, statusListId).catch((error: unknown) => deps.log.error({ err: error }, 'status list not signed again'));
}

/** CLI: revokes as the issuing organisation's first owner. */
export async function revokeCredentialFromCli(deps: Deps, input: { id: string; reason: string }): Promise<Credential> {
  const credential = await getCredential(deps, input.id);
  return revokeCredential(deps, await cliActor(deps, credential.organizationSlug), input.id, { reason: input.reason });
}

/** The key that signs for the list's issuer id (did:web, or the did:key of the active key). */
async function listSigningKey(deps: Deps, organization: Organization, list: StatusListRow) {
  const method = list.issuer_id.startsWith('did:key:') ? 'key' : 'web';
  const key = await issuerSigningKey(deps, { ...organization, didMethod: method });
  return key.controller === list.issuer_id ? key : undefined;
}

/**
 * Signs the list again if its signed copy is behind its revision; returns the signed copy (the
 * newest stored one). The revision is read before the bits, so a copy never claims bits it lacks.
 */
async function refreshStatusList(deps: Deps, listId: string): Promise<Record<string, unknown> | undefined> {
  const list = await findStatusList(deps.db, listId);
  if (!list) return undefined;
  if (list.credential && list.signed_revision >= list.revision) return list.credential as Record<string, unknown>;
  const organization = await organizationOf(deps, list.organization_id);
  const key = await listSigningKey(deps, organization, list);
  if (!key) {
    // The did:key this list was signed as belongs to a retired key: it cannot be signed again.
    deps.log.error({ listId, issuer: list.issuer_id }, 'status list cannot be signed again: its issuer key is retired');
    return (list.credential as Record<string, unknown> | null) ?? undefined;
  }
  const bits = createStatusBits(list.length);
  for (const index of await revokedIndexes(deps.db, listId)) setRevoked(bits, index);
  const now = deps.clock.now();
  const unsigned = buildStatusListCredential({
    id: statusListUrl(deps.config.baseUrl, organization.slug, list.id),
    issuer: list.issuer_id,
    validFrom: now,
    bits,
  });
  const signed = await signDataIntegrity(unsigned, { key, created: now });
  await storeSignedList(deps.db, list.id, list.revision, signed, now);
  const stored = await findStatusList(deps.db, listId);
  return (stored?.credential as Record<string, unknown> | null) ?? signed;
}

async function organizationOf(deps: Deps, organizationId: string): Promise<Organization> {
  const row = await findOrganizationById(deps.db, organizationId);
  if (!row) throw fail.notFound('organizations.notFound');
  return organizationRowToOrganization(row);
}

/** The signed BitstringStatusListCredential of one of the organisation's lists. Public. */
export async function getStatusListCredential(deps: Deps, slug: string, listId: string): Promise<Record<string, unknown>> {
  const organization = await getOrganization(deps, slug);
  const list = await findStatusList(deps.db, listId);
  if (!list || list.organization_id !== organization.id) throw fail.notFound();
  const signed = await refreshStatusList(deps, list.id);
  if (!signed) throw fail.notFound();
  return signed;
}

/** The organisation's 1EdTech Revocation List: every credential it revoked, with the reasons. Public. */
export async function getRevocationList(deps: Deps, slug: string): Promise<RevocationList> {
  const organization = await getOrganization(deps, slug);
  const revoked = await listRevoked(deps.db, organization.id);
  return buildRevocationList({
    id: revocationListUrl(deps.config.baseUrl, slug),
    revoked: revoked.map((r) => ({ id: credentialUrl(deps.config.baseUrl, r.public_id), ...(r.revocation_reason ? { reason: r.revocation_reason } : {}) })),
  });
}

/**
 * The status document published at a URL of this platform — a signed status list credential or a
 * revocation list — without HTTP; undefined for any other URL. For the verifier's document loader.
 */
export async function localStatusDocument(deps: Deps, url: string): Promise<object | undefined> {
  const base = deps.config.baseUrl;
  if (!url.startsWith(`${base}/organizations/`)) return undefined;
  const path = url.slice(base.length).split('#')[0]!.split('?')[0]!;
  const status = /^\/organizations\/([^/]+)\/status\/(\d{1,18})$/.exec(path);
  const revocations = /^\/organizations\/([^/]+)\/revocations$/.exec(path);
  try {
    if (status) return await getStatusListCredential(deps, decodeURIComponent(status[1]!), status[2]!);
    if (revocations) return await getRevocationList(deps, decodeURIComponent(revocations[1]!));
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'not_found') return undefined;
    throw error;
  }
  return undefined;
}
