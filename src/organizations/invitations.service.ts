// Use cases of invitations: invite an address with roles (mailed link), list and revoke pending ones,
// open and accept an invitation. The link proves control of the mailbox, so accepting also verifies the address.
import { requireActor } from '../api/registry';
import type { InvitationRow } from '../db/schema';
import { fail } from '../errors';
import { enqueueMail } from '../mail/mail.service';
import type { Actor, Deps } from '../platform/deps';
import { publicId, randomToken, sha256 } from '../platform/tokens';
import { parseInput } from '../platform/validate';
import {
  findInvitationByPublicId,
  findInvitationByTokenHash,
  insertInvitation,
  listPendingInvitations,
  markInvitationAccepted,
  revokeInvitation,
  revokePendingInvitations,
} from './invitations.repository';
import { refusalError } from './members.service';
import {
  INVITATION_DAYS,
  type InvitationStatus,
  type Organization,
  type Role,
  invitationStatus,
  membershipRefusal,
  mergeRoles,
  organizationRowToOrganization,
  sortRoles,
} from './organizations';
import {
  claimVerifiedEmail,
  findEmailOwner,
  findOrganizationById,
  findRoles,
  lockOrganization,
  upsertMembership,
} from './organizations.repository';
import { type InviteInput, inviteSchema } from './organizations.schemas';
import { requireOrganizationAccess } from './organizations.service';

export interface Invitation {
  /** Public id of the invitation (not its token). */
  id: string;
  email: string;
  roles: Role[];
  status: InvitationStatus;
  createdAt: Date;
  expiresAt: Date;
  invitedBy: string | null;
}

function invitationRowToInvitation(row: InvitationRow & { inviter_name?: string | null }, now: Date): Invitation {
  return {
    id: row.public_id,
    email: row.email,
    roles: row.roles,
    status: invitationStatus(row, now),
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    invitedBy: row.inviter_name ?? null,
  };
}

export function invitationLink(baseUrl: string, token: string): string {
  return `${baseUrl}/invitations/${token}`;
}

/**
 * Invites an e-mail address with roles (owners, admins; inviting an owner needs an owner). A pending
 * invitation of the same address is replaced. The mail goes out in the invitee's language when they
 * have an account, else in the inviter's.
 */
export async function inviteMember(deps: Deps, actor: Actor | null, slug: string, input: InviteInput): Promise<Invitation> {
  const { actor: me, organization, roles: myRoles } = await requireOrganizationAccess(deps, actor, slug, 'org.members');
  const data = parseInput(inviteSchema, input);
  const roles = sortRoles(data.roles);
  const refusal = membershipRefusal({ roles: myRoles, isAdmin: me.isAdmin }, { before: [], after: roles, otherOwners: 1 });
  if (refusal) throw refusalError(refusal);
  const token = randomToken();
  const id = publicId();
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86_400_000);
  await deps.db.transaction().execute(async (trx) => {
    const invitee = await findEmailOwner(trx, data.email);
    await revokePendingInvitations(trx, organization.id, data.email, now);
    await insertInvitation(
      trx,
      { publicId: id, organizationId: organization.id, email: data.email, roles, tokenHash: sha256(token), invitedBy: me.id, expiresAt },
      now,
    );
    await enqueueMail(trx, {
      to: data.email,
      locale: invitee?.locale ?? me.locale,
      template: 'organizations.invitation',
      params: {
        organization: organization.name,
        inviter: me.displayName,
        roles: roles.join(','),
        url: invitationLink(deps.config.baseUrl, token),
        days: String(INVITATION_DAYS),
      },
    });
  });
  return { id, email: data.email, roles, status: 'pending', createdAt: now, expiresAt, invitedBy: me.displayName };
}

/** Pending invitations (neither accepted, revoked nor expired), newest first. */
export async function listOrganizationInvitations(deps: Deps, actor: Actor | null, slug: string): Promise<Invitation[]> {
  const { organization } = await requireOrganizationAccess(deps, actor, slug, 'org.members');
  const now = deps.clock.now();
  return (await listPendingInvitations(deps.db, organization.id, now)).map((r) => invitationRowToInvitation(r, now));
}

export async function revokeOrganizationInvitation(
  deps: Deps,
  actor: Actor | null,
  slug: string,
  invitationId: string,
): Promise<void> {
  const { organization } = await requireOrganizationAccess(deps, actor, slug, 'org.members');
  const now = deps.clock.now();
  const row = await findInvitationByPublicId(deps.db, organization.id, invitationId);
  if (!row) throw fail.notFound('organizations.invitation.notFound');
  if (invitationStatus(row, now) !== 'pending') throw fail.conflict('organizations.invitation.notPending');
  await revokeInvitation(deps.db, row.id, now);
}

export interface InvitationView {
  organization: Organization;
  email: string;
  roles: Role[];
  status: InvitationStatus;
  expiresAt: Date;
}

/** What an invitation link shows. Public: whoever holds the token may see it. */
export async function viewInvitation(deps: Deps, token: string): Promise<InvitationView> {
  const row = await findInvitationByTokenHash(deps.db, sha256(token));
  const org = row ? await findOrganizationById(deps.db, row.organization_id) : undefined;
  if (!row || !org) throw fail.notFound('organizations.invitation.notFound');
  return {
    organization: organizationRowToOrganization(org),
    email: row.email,
    roles: row.roles,
    status: invitationStatus(row, deps.clock.now()),
    expiresAt: row.expires_at,
  };
}

function refuseUnlessPending(status: InvitationStatus): void {
  if (status === 'accepted') throw fail.gone('organizations.invitation.used');
  if (status === 'revoked') throw fail.gone('organizations.invitation.revoked');
  if (status === 'expired') throw fail.gone('organizations.invitation.expired');
}

/**
 * The signed-in person accepts: they become a member with the invited roles (merged with any they had),
 * and the invited address becomes one of their verified addresses (unless another account has it).
 */
export async function acceptInvitation(
  deps: Deps,
  actor: Actor | null,
  token: string,
): Promise<{ slug: string; name: string; roles: Role[] }> {
  const me = requireActor(actor);
  return deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    const row = await findInvitationByTokenHash(trx, sha256(token), { lock: true });
    if (!row) throw fail.notFound('organizations.invitation.notFound');
    refuseUnlessPending(invitationStatus(row, now));
    const org = await findOrganizationById(trx, row.organization_id);
    if (!org) throw fail.notFound('organizations.invitation.notFound');
    await lockOrganization(trx, org.id);
    if (!(await claimVerifiedEmail(trx, me.id, row.email, now))) throw fail.conflict('organizations.invitation.emailTaken');
    const roles = mergeRoles((await findRoles(trx, org.id, me.id)) ?? [], row.roles);
    await upsertMembership(trx, { organizationId: org.id, userId: me.id, roles }, now);
    await markInvitationAccepted(trx, row.id, me.id, now);
    return { slug: org.slug, name: org.name, roles };
  });
}
