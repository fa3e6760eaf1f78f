// Use cases of personal API tokens: a person creates named tokens for scripts and revokes them.
// A token is shown once, at creation; only its sha256 is stored.
import { requireActor } from '../api/registry';
import { fail } from '../errors';
import type { Actor, Deps } from '../platform/deps';
import { parseInput } from '../platform/validate';
import { type ApiTokenInfo, newTokenSchema } from './accounts';
import { type ApiTokenRow, createApiToken, listApiTokens, revokeApiToken } from './auth.repository';

function tokenRowToInfo(row: ApiTokenRow): ApiTokenInfo {
  return { id: row.public_id, name: row.name, createdAt: row.created_at, lastUsedAt: row.last_used_at };
}

/** The person's tokens that still work, newest first. */
export async function listPersonalTokens(deps: Deps, actor: Actor | null): Promise<ApiTokenInfo[]> {
  const me = requireActor(actor);
  return (await listApiTokens(deps.db, me.id)).map(tokenRowToInfo);
}

/** Creates a token; the secret in the answer is never shown again. */
export async function createPersonalToken(
  deps: Deps,
  actor: Actor | null,
  input: { name: string },
): Promise<{ id: string; name: string; token: string }> {
  const me = requireActor(actor);
  const { name } = parseInput(newTokenSchema, input);
  const created = await createApiToken(deps.db, me.id, name);
  return { id: created.publicId, name, token: created.token };
}

export async function revokePersonalToken(deps: Deps, actor: Actor | null, id: string): Promise<void> {
  const me = requireActor(actor);
  if (!(await revokeApiToken(deps.db, me.id, id, deps.clock.now()))) throw fail.notFound('accounts.tokens.notFound');
}
