// SQL of invitations to join an organisation. Tokens are stored as their sha256 only.
import type { Kysely } from 'kysely';
import type { DB, InvitationRow, Role } from '../db/schema';

export async function revokePendingInvitations(
  db: Kysely<DB>,
  organizationId: string,
  email: string,
  now: Date,
): Promise<void> {
  await db
    .updateTable('invitations')
    .set({ revoked_at: now })
    .where('organization_id', '=', organizationId)
    .where('email', '=', email)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function insertInvitation(
  db: Kysely<DB>,
  inv: {
    publicId: string;
    organizationId: string;
    email: string;
    roles: Role[];
    tokenHash: string;
    invitedBy: string;
    expiresAt: Date;
  },
  now: Date,
): Promise<void> {
  await db
    .insertInto('invitations')
    .values({
      public_id: inv.publicId,
      organization_id: inv.organizationId,
      email: inv.email,
      roles: inv.roles,
      token_hash: inv.tokenHash,
      invited_by: inv.invitedBy,
      expires_at: inv.expiresAt,
      created_at: now,
    })
    .execute();
}

export type InvitationWithInviter = InvitationRow & { inviter_name: string | null };

export async function listPendingInvitations(
  db: Kysely<DB>,
  organizationId: string,
  now: Date,
): Promise<InvitationWithInviter[]> {
  return db
    .selectFrom('invitations')
    .leftJoin('users', 'users.id', 'invitations.invited_by')
    .selectAll('invitations')
    .select('users.display_name as inviter_name')
    .where('invitations.organization_id', '=', organizationId)
    .where('invitations.accepted_at', 'is', null)
    .where('invitations.revoked_at', 'is', null)
    .where('invitations.expires_at', '>', now)
    .orderBy('invitations.created_at', 'desc')
    .orderBy('invitations.id', 'desc')
    .execute();
}

export async function findInvitationByPublicId(
  db: Kysely<DB>,
  organizationId: string,
  publicId: string,
): Promise<InvitationRow | undefined> {
  return db
    .selectFrom('invitations')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('public_id', '=', publicId)
    .executeTakeFirst();
}

export async function findInvitationByTokenHash(
  db: Kysely<DB>,
  tokenHash: string,
  options: { lock?: boolean } = {},
): Promise<InvitationRow | undefined> {
  const query = db.selectFrom('invitations').selectAll().where('token_hash', '=', tokenHash);
  return (options.lock ? query.forUpdate() : query).executeTakeFirst();
}

export async function revokeInvitation(db: Kysely<DB>, id: string, now: Date): Promise<void> {
  await db.updateTable('invitations').set({ revoked_at: now }).where('id', '=', id).execute();
}

export async function markInvitationAccepted(db: Kysely<DB>, id: string, userId: string, now: Date): Promise<void> {
  await db.updateTable('invitations').set({ accepted_at: now, accepted_by: userId }).where('id', '=', id).execute();
}
