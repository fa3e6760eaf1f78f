// The earner's side of the backpack: who sees each credential (private, anyone with the link, or
// also the public profile), named and ordered collections of one's credentials, and the opt-in
// public profile (/people/{id}) listing public credentials and the collections holding some.
import { z } from 'zod';
import type { CredentialSummary } from '../awards/awards';
import { rowToCredential, rowToSummary } from '../awards/awards';
import { findCredentialByPublicId, listReceivedCredentials } from '../awards/awards.repository';
import { isRecipient, listMyCredentials } from '../awards/claims.service';
import { verifiedEmails } from '../accounts/accounts.repository';
import type { Visibility } from '../db/schema';
import { fail } from '../errors';
import type { Actor, Deps } from '../platform/deps';
import { publicId as newPublicId } from '../platform/tokens';
import { parseInput } from '../platform/validate';

export const VISIBILITIES = ['private', 'link', 'public'] as const;
export const profilePath = (userPublicId: string) => `/people/${encodeURIComponent(userPublicId)}`;
export const collectionPath = (publicId: string) => `/collections/${encodeURIComponent(publicId)}`;

export const visibilitySchema = z.object({
  visibility: z.enum(VISIBILITIES, { message: 'backpack.visibility.invalid' }),
  /** Show its evidence to everyone on its page (hidden from all but the earner and the issuer by default). */
  showEvidence: z.preprocess((v) => v === true || v === 'true' || v === 'on', z.boolean()).optional(),
});

export const collectionSchema = z.object({
  name: z.string({ message: 'backpack.collection.nameRequired' }).trim().min(1, 'backpack.collection.nameRequired').max(200),
  description: z.string().trim().max(2000).default(''),
  /** The credentials it holds, in order (public ids of the owner's credentials). */
  items: z.array(z.string().trim().min(1).max(60)).max(500).default([]),
});

export const profileSchema = z.object({
  public: z.preprocess((v) => v === true || v === 'true' || v === 'on', z.boolean()),
  bio: z.string().trim().max(2000).default(''),
});

/** The earner sets who sees one of their credentials (not the issuer: it is the earner's choice). */
export async function setVisibility(deps: Deps, actor: Actor | null, credentialPublicId: string, input: unknown): Promise<Visibility> {
  if (!actor) throw fail.unauthenticated();
  const { visibility, showEvidence } = parseInput(visibilitySchema, input);
  const row = await findCredentialByPublicId(deps.db, credentialPublicId);
  if (!row || !(await isRecipient(deps, actor, rowToCredential(row)))) throw fail.notFound('awards.notFound');
  await deps.db.updateTable('credentials').set({ visibility, ...(showEvidence !== undefined ? { evidence_shown: showEvidence } : {}) }).where('id', '=', row.id).execute();
  return visibility;
}

export interface Collection {
  id: string;
  name: string;
  description: string;
  items: CredentialSummary[];
}

/** The owner's credentials by public id (those they may file: theirs, not declined). */
async function ownCredentialIds(deps: Deps, actor: Actor, publicIds: string[]): Promise<string[]> {
  if (publicIds.length === 0) return [];
  const mine = new Map((await listMyCredentials(deps, actor)).filter((c) => c.state !== 'declined').map((c) => [c.publicId, c.id]));
  return publicIds.map((id, i) => {
    const internal = mine.get(id);
    if (!internal) throw fail.field(`items.${i}`, 'backpack.collection.notYours');
    return internal;
  });
}

async function writeItems(deps: Deps, collectionId: string, credentialIds: string[]): Promise<void> {
  await deps.db.deleteFrom('collection_items').where('collection_id', '=', collectionId).execute();
  const unique = [...new Set(credentialIds)];
  if (unique.length)
    await deps.db
      .insertInto('collection_items')
      .values(unique.map((credential_id, position) => ({ collection_id: collectionId, credential_id, position })))
      .execute();
}

export async function createCollection(deps: Deps, actor: Actor | null, input: unknown): Promise<Collection> {
  if (!actor) throw fail.unauthenticated();
  const data = parseInput(collectionSchema, input);
  const ids = await ownCredentialIds(deps, actor, data.items);
  const publicId = newPublicId();
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('collections')
      .values({ public_id: publicId, user_id: actor.id, name: data.name, description: data.description, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeItems({ ...deps, db: trx }, row.id, ids);
  });
  return getCollection(deps, actor, publicId);
}

async function ownCollection(deps: Deps, actor: Actor | null, publicId: string) {
  if (!actor) throw fail.unauthenticated();
  const row = await deps.db.selectFrom('collections').select(['id', 'user_id']).where('public_id', '=', publicId).executeTakeFirst();
  if (!row || row.user_id !== actor.id) throw fail.notFound('backpack.collection.notFound');
  return { actor, id: row.id };
}

/** Replaces a collection's name, description and items (in the order given). */
export async function updateCollection(deps: Deps, actor: Actor | null, publicId: string, input: unknown): Promise<Collection> {
  const own = await ownCollection(deps, actor, publicId);
  const data = parseInput(collectionSchema, input);
  const ids = await ownCredentialIds(deps, own.actor, data.items);
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('collections').set({ name: data.name, description: data.description, updated_at: deps.clock.now() }).where('id', '=', own.id).execute();
    await writeItems({ ...deps, db: trx }, own.id, ids);
  });
  return getCollection(deps, own.actor, publicId);
}

export async function deleteCollection(deps: Deps, actor: Actor | null, publicId: string): Promise<void> {
  const own = await ownCollection(deps, actor, publicId);
  await deps.db.deleteFrom('collections').where('id', '=', own.id).execute();
}

/** A collection's credentials in order: all of them for its owner, only the public ones for others. */
async function itemsOf(deps: Deps, collectionId: string, publicOnly: boolean): Promise<CredentialSummary[]> {
  const items = await deps.db.selectFrom('collection_items').select(['credential_id', 'position']).where('collection_id', '=', collectionId).orderBy('position').execute();
  if (items.length === 0) return [];
  const owner = await deps.db.selectFrom('collections').select('user_id').where('id', '=', collectionId).executeTakeFirstOrThrow();
  const rows = await listReceivedCredentials(deps.db, { emails: await verifiedEmails(deps.db, owner.user_id), organizationIds: [] }, 1000);
  const byId = new Map(rows.map((r) => [r.id, rowToSummary(r)]));
  return items
    .map((i) => byId.get(i.credential_id))
    .filter((c): c is CredentialSummary => c !== undefined && c.state !== 'declined' && (!publicOnly || (c.visibility === 'public' && c.revokedAt === null)));
}

/** One collection: the owner sees it whole; anyone else only its public credentials, and only when the owner's profile is public. */
export async function getCollection(deps: Deps, actor: Actor | null, publicId: string): Promise<Collection & { owner: { id: string; name: string } }> {
  const row = await deps.db
    .selectFrom('collections as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .select(['c.id', 'c.public_id', 'c.name', 'c.description', 'c.user_id', 'u.public_id as owner', 'u.display_name', 'u.profile_public'])
    .where('c.public_id', '=', publicId)
    .executeTakeFirst();
  const own = row !== undefined && actor?.id === row.user_id;
  if (!row || (!own && !row.profile_public)) throw fail.notFound('backpack.collection.notFound');
  return { id: row.public_id, name: row.name, description: row.description, owner: { id: row.owner, name: row.display_name }, items: await itemsOf(deps, row.id, !own) };
}

export async function listMyCollections(deps: Deps, actor: Actor | null): Promise<Collection[]> {
  if (!actor) throw fail.unauthenticated();
  const rows = await deps.db.selectFrom('collections').select(['id', 'public_id', 'name', 'description']).where('user_id', '=', actor.id).orderBy('id').execute();
  const out: Collection[] = [];
  for (const r of rows) out.push({ id: r.public_id, name: r.name, description: r.description, items: await itemsOf(deps, r.id, false) });
  return out;
}

export async function setProfile(deps: Deps, actor: Actor | null, input: unknown): Promise<{ public: boolean; bio: string; url: string }> {
  if (!actor) throw fail.unauthenticated();
  const data = parseInput(profileSchema, input);
  await deps.db.updateTable('users').set({ profile_public: data.public, profile_bio: data.bio }).where('id', '=', actor.id).execute();
  const me = await deps.db.selectFrom('users').select('public_id').where('id', '=', actor.id).executeTakeFirstOrThrow();
  return { public: data.public, bio: data.bio, url: `${deps.config.baseUrl}${profilePath(me.public_id)}` };
}

export async function getMyProfile(deps: Deps, actor: Actor): Promise<{ id: string; public: boolean; bio: string }> {
  const row = await deps.db.selectFrom('users').select(['public_id', 'profile_public', 'profile_bio']).where('id', '=', actor.id).executeTakeFirstOrThrow();
  return { id: row.public_id, public: row.profile_public, bio: row.profile_bio };
}

export interface PublicProfile {
  id: string;
  name: string;
  bio: string;
  credentials: CredentialSummary[];
  collections: Collection[];
}

/** A person's public profile (404 unless they opted in): their public, unrevoked credentials and the collections holding some. */
export async function getPublicProfile(deps: Deps, userPublicId: string): Promise<PublicProfile> {
  const user = await deps.db.selectFrom('users').select(['id', 'public_id', 'display_name', 'profile_public', 'profile_bio']).where('public_id', '=', userPublicId).executeTakeFirst();
  if (!user || !user.profile_public) throw fail.notFound('backpack.profile.notFound');
  const rows = await listReceivedCredentials(deps.db, { emails: await verifiedEmails(deps.db, user.id), organizationIds: [] }, 1000);
  const credentials = rows.map(rowToSummary).filter((c) => c.visibility === 'public' && c.state !== 'declined' && c.revokedAt === null);
  const collections: Collection[] = [];
  const mine = await deps.db.selectFrom('collections').select(['id', 'public_id', 'name', 'description']).where('user_id', '=', user.id).orderBy('id').execute();
  for (const c of mine) {
    const items = await itemsOf(deps, c.id, true);
    if (items.length) collections.push({ id: c.public_id, name: c.name, description: c.description, items });
  }
  return { id: user.public_id, name: user.display_name, bio: user.profile_bio, credentials, collections };
}
