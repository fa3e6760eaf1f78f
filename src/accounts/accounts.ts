// Domain types of accounts, and the one place where a user row becomes an Actor.
import type { UserRow } from '../db/schema';
import type { Actor } from '../platform/deps';

export function userRowToActor(row: UserRow): Actor {
  return {
    id: row.id,
    publicId: row.public_id,
    displayName: row.display_name,
    isAdmin: row.is_admin,
    locale: row.locale,
  };
}
