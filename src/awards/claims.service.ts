// Claiming: the recipient accepts or declines an awarded badge — with the mailed link (no account
// needed), or signed in, when one of their verified addresses is the recipient's or when they
// manage the recipient organisation. "My badges" lists what was awarded to them.
import { requireActor } from '../api/registry';
import { mayManage } from './awards.service';
import { verifiedEmails } from '../accounts/accounts.service';
import { fail } from '../errors';
import { findOrganizationBySlug } from '../organizations/organizations.repository';
import { enqueueRuleEvaluation } from '../rules/triggers';
import { enqueueCredentialEvents } from '../integrations/integrations.repository';
import type { Actor, Deps } from '../platform/deps';
import { sha256 } from '../platform/tokens';
import { type Credential, type CredentialSummary, rowToCredential, rowToSummary } from './awards';
import {
  answerCredential,
  findCredentialByClaimHash,
  findCredentialByPublicId,
  listReceivedCredentials,
  managedOrganizationIds,
} from './awards.repository';

export type ClaimAnswer = 'accept' | 'decline';

export const MINE_LIMIT = 500;

/** The credential a claim link names; gone when the link expired while it was still pending. */
export async function viewClaim(deps: Deps, token: string): Promise<Credential> {
  const row = /^[\w-]{20,100}$/.test(token) ? await findCredentialByClaimHash(deps.db, sha256(token)) : undefined;
  if (!row) throw fail.notFound('awards.claim.notFound');
  const credential = rowToCredential(row);
  if (credential.state === 'pending' && credential.claimExpiresAt && credential.claimExpiresAt.getTime() < deps.clock.now().getTime())
    throw fail.gone('awards.claim.expired');
  return credential;
}

/** Accepts or declines with the claim link. Answering again the same way changes nothing. */
export async function answerClaim(deps: Deps, token: string, answer: ClaimAnswer): Promise<Credential> {
  const credential = await viewClaim(deps, token);
  return answer_(deps, credential, answer);
}

/** Whether the actor is the recipient: one of their verified addresses, or an organisation they manage. */
export async function isRecipient(deps: Deps, actor: Actor, credential: Pick<Credential, 'recipient'>): Promise<boolean> {
  const { recipient } = credential;
  return isRecipientOf(deps, actor, recipient.kind === 'email' ? { email: recipient.email } : { organizationId: recipient.organizationId });
}

/** Whether the actor is this recipient: one of their verified addresses, or an organisation they own or administer. */
export async function isRecipientOf(deps: Deps, actor: Actor, recipient: { email: string } | { organizationId: string }): Promise<boolean> {
  if ('email' in recipient) return (await verifiedEmails(deps.db, actor.id)).includes(recipient.email);
  return (await managedOrganizationIds(deps.db, actor.id)).includes(recipient.organizationId);
}

/** Accepts or declines from the recipient's own space (no link needed). */
export async function answerAsRecipient(deps: Deps, actor: Actor | null, publicId: string, answer: ClaimAnswer): Promise<Credential> {
  const me = requireActor(actor);
  const row = await findCredentialByPublicId(deps.db, publicId);
  if (!row) throw fail.notFound('awards.notFound');
  const credential = rowToCredential(row);
  if (!(await isRecipient(deps, me, credential))) throw fail.forbidden('awards.claim.notRecipient');
  return answer_(deps, credential, answer);
}

async function answer_(deps: Deps, credential: Credential, answer: ClaimAnswer): Promise<Credential> {
  const wanted = answer === 'accept' ? 'accepted' : 'declined';
  if (credential.state === wanted) return credential;
  if (credential.state !== 'pending') throw fail.conflict(`awards.claim.already.${credential.state}`);
  if (answer === 'accept' && credential.revokedAt) throw fail.conflict('awards.claim.revoked');
  const answered = await deps.db.transaction().execute(async (trx) => {
    if (!(await answerCredential(trx, credential.id, wanted, deps.clock.now()))) return false;
    // A declined badge no longer counts towards key badges and labels.
    if (wanted === 'declined') await enqueueRuleEvaluation(trx, [credential.id]);
    else await enqueueCredentialEvents(trx, 'credential.accepted', [credential.id], { baseUrl: deps.config.baseUrl, now: deps.clock.now() });
    return true;
  });
  if (!answered) throw fail.conflict('awards.claim.changed');
  const row = await findCredentialByPublicId(deps.db, credential.publicId);
  if (!row) throw fail.notFound('awards.notFound');
  return rowToCredential(row);
}

/** Badges awarded to the signed-in person's verified addresses and to the organisations they manage (not declined). */
export async function listMyCredentials(deps: Deps, actor: Actor | null): Promise<CredentialSummary[]> {
  const me = requireActor(actor);
  const [emails, organizationIds] = await Promise.all([verifiedEmails(deps.db, me.id), managedOrganizationIds(deps.db, me.id)]);
  const rows = await listReceivedCredentials(deps.db, { emails, organizationIds }, MINE_LIMIT);
  return rows.map(rowToSummary);
}

/** A person's backpack (their verified addresses), or that of an organisation they manage (owner or admin). */
export async function listBackpack(deps: Deps, actor: Actor | null, organizationSlug?: string): Promise<CredentialSummary[]> {
  const me = requireActor(actor);
  if (!organizationSlug) return (await listReceivedCredentials(deps.db, { emails: await verifiedEmails(deps.db, me.id), organizationIds: [] }, MINE_LIMIT)).map(rowToSummary);
  const organization = await findOrganizationBySlug(deps.db, organizationSlug);
  if (!organization) throw fail.notFound('organizations.notFound');
  if (!(await managedOrganizationIds(deps.db, me.id)).includes(organization.id) && !me.isAdmin) throw fail.forbidden('awards.backpack.notManager');
  return (await listReceivedCredentials(deps.db, { emails: [], organizationIds: [organization.id] }, MINE_LIMIT)).map(rowToSummary);
}

/**
 * A credential as whoever asks may see it: declined ones are gone; private ones (the earner's
 * choice) are found only by their earner and the issuer's staff.
 */
export async function visibleCredential(deps: Deps, actor: Actor | null, publicId: string): Promise<Credential> {
  const row = await findCredentialByPublicId(deps.db, publicId);
  if (!row) throw fail.notFound('awards.notFound');
  const credential = rowToCredential(row);
  if (credential.state === 'declined') throw fail.gone('awards.declined');
  if (credential.visibility === 'private') {
    const allowed = actor !== null && ((await isRecipient(deps, actor, credential)) || (await mayManage(deps, actor, credential, 'badge.issue')));
    if (!allowed) throw fail.notFound('awards.notFound');
  }
  return credential;
}
