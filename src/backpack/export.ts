// "Export everything I hold" (issue 6): one ZIP archive with the person's account (name, verified
// addresses, profile), every credential issued to their addresses in its signed forms (JSON-LD and
// VC-JWT) with its status, the badges they imported with their last verification, and their
// collections. The signed files verify anywhere, without this platform.
import { zipSync, strToU8 } from 'fflate';
import { verifiedEmails } from '../accounts/accounts.repository';
import { credentialStatus, credentialUrl, rowToSummary } from '../awards/awards';
import { listReceivedCredentials } from '../awards/awards.repository';
import { fail } from '../errors';
import type { Actor, Deps } from '../platform/deps';
import { listMyCollections } from './collections';

const json = (value: unknown) => strToU8(`${JSON.stringify(value, null, 2)}\n`);

/** The archive's bytes and a file name. */
export async function exportBackpack(deps: Deps, actor: Actor | null): Promise<{ bytes: Uint8Array; filename: string }> {
  if (!actor) throw fail.unauthenticated();
  const now = deps.clock.now();
  const emails = await verifiedEmails(deps.db, actor.id);
  const user = await deps.db.selectFrom('users').select(['public_id', 'display_name', 'locale', 'profile_public', 'profile_bio', 'created_at']).where('id', '=', actor.id).executeTakeFirstOrThrow();
  const files: Record<string, Uint8Array> = {};
  files['account.json'] = json({
    id: user.public_id,
    name: user.display_name,
    emails,
    locale: user.locale,
    profile: { public: user.profile_public, bio: user.profile_bio },
    createdAt: user.created_at.toISOString(),
    exportedAt: now.toISOString(),
  });
  const summaries = (await listReceivedCredentials(deps.db, { emails, organizationIds: [] }, 10_000)).map(rowToSummary).filter((c) => c.state !== 'declined');
  const index: unknown[] = [];
  for (const c of summaries) {
    const full = await deps.db.selectFrom('credentials').select(['document', 'jwt']).where('id', '=', c.id).executeTakeFirstOrThrow();
    files[`credentials/${c.publicId}.json`] = json(full.document);
    files[`credentials/${c.publicId}.jwt`] = strToU8(full.jwt);
    index.push({
      id: c.publicId,
      url: credentialUrl(deps.config.baseUrl, c.publicId),
      badge: c.badgeName,
      issuer: c.organizationName,
      status: credentialStatus(c, now),
      state: c.state,
      level: c.level,
      visibility: c.visibility,
      validFrom: c.validFrom.toISOString(),
      validUntil: c.validUntil?.toISOString() ?? null,
    });
  }
  files['credentials/index.json'] = json(index);
  const imported = await deps.db
    .selectFrom('imported_credentials')
    .select(['public_id', 'name', 'issuer_name', 'format', 'document', 'jwt', 'verdict', 'verified_at'])
    .where('user_id', '=', actor.id)
    .orderBy('id')
    .execute();
  for (const i of imported) files[`imported/${i.public_id}.${i.jwt ? 'jwt' : 'json'}`] = i.jwt ? strToU8(i.jwt) : json(i.document);
  files['imported/index.json'] = json(imported.map((i) => ({ id: i.public_id, name: i.name, issuer: i.issuer_name, format: i.format, status: i.verdict, verifiedAt: i.verified_at.toISOString() })));
  files['collections.json'] = json((await listMyCollections(deps, actor)).map((c) => ({ id: c.id, name: c.name, description: c.description, items: c.items.map((i) => i.publicId) })));
  return { bytes: zipSync(files, { level: 6, mtime: now }), filename: `blason-${user.public_id}-${now.toISOString().slice(0, 10)}.zip` };
}
