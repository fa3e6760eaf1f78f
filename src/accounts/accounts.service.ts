// Use cases of accounts. Each checks who may call it on its first line.
import { requireActor } from '../api/registry';
import { fail } from '../errors';
import { listMembershipsOfUser } from '../organizations/organizations.repository';
import type { Actor, Deps } from '../platform/deps';
import { findUserById, listUserEmails } from './accounts.repository';

export interface Me {
  id: string;
  displayName: string;
  locale: 'fr' | 'en';
  isAdmin: boolean;
  emails: { email: string; verified: boolean; primary: boolean }[];
  organizations: { slug: string; name: string; roles: string[] }[];
}

export async function getMe(deps: Deps, actor: Actor | null): Promise<Me> {
  const me = requireActor(actor);
  const user = await findUserById(deps.db, me.id);
  if (!user) throw fail.unauthenticated();
  const [emails, memberships] = await Promise.all([listUserEmails(deps.db, me.id), listMembershipsOfUser(deps.db, me.id)]);
  return {
    id: user.public_id,
    displayName: user.display_name,
    locale: user.locale,
    isAdmin: user.is_admin,
    emails: emails.map((e) => ({ email: e.email, verified: e.verified_at !== null, primary: e.is_primary })),
    organizations: memberships.map((m) => ({ slug: m.slug, name: m.name, roles: m.roles })),
  };
}
