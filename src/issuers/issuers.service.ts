// Issuer identity of an organisation: its DID (did:web here, or the did:key of its key), its
// Ed25519 signing keys (private halves encrypted at rest), key rotation, the DID document and
// JWKS that verifiers fetch. Keys are made on first use.
import {
  type DidDocument,
  type PreparedSigningKey,
  type ProfileInput,
  prepareSigningKey,
  type Ed25519PublicJwk,
  type SigningKey,
  buildDidWebDocument,
  buildJwks,
  controlledSigningKey,
  decryptPrivateKey,
  didKeyOf,
  didKeySigningKey,
  didWeb,
  encryptPrivateKey,
  generateKeyPair,
} from '../credentials';
import type { IssuerKeyRow } from '../db/schema';
import { fail } from '../errors';
import { type Organization, logoUrl, organizationUrl } from '../organizations/organizations';
import { getOrganization, requireOrganizationAccess } from '../organizations/organizations.service';
import type { Actor, Deps } from '../platform/deps';
import { countKeys, findActiveKey, insertActiveKey, listKeys, retireActiveKey, setDidMethod } from './issuers.repository';

export type DidMethod = 'web' | 'key';

/** The did:web DID of an organisation on this platform: did:web:<host>:organizations:<slug>. */
export function organizationDid(baseUrl: string, slug: string): string {
  return didWeb(baseUrl, 'organizations', slug);
}

/** The private key is bound to its public key: a ciphertext moved to another row does not decrypt. */
function associatedData(publicKeyMultibase: string): string {
  return `blason-issuer-key:${publicKeyMultibase}`;
}

async function createKey(deps: Deps, organizationId: string, fragment: string): Promise<IssuerKeyRow | undefined> {
  const pair = await generateKeyPair();
  return insertActiveKey(deps.db, {
    organizationId,
    fragment,
    publicKeyMultibase: pair.publicKeyMultibase,
    encryptedPrivateKey: encryptPrivateKey(pair.secretKeyMultibase, deps.keyEncryptionKey, associatedData(pair.publicKeyMultibase)),
    now: deps.clock.now(),
  });
}

/** The organisation's active key, created on first use (two callers at once end with one key). */
async function activeKey(deps: Deps, organizationId: string): Promise<IssuerKeyRow> {
  const existing = await findActiveKey(deps.db, organizationId);
  if (existing) return existing;
  const created = await createKey(deps, organizationId, `key-${(await countKeys(deps.db, organizationId)) + 1}`);
  if (created) return created;
  const winner = await findActiveKey(deps.db, organizationId);
  if (!winner) throw new Error('No active issuer key after a concurrent creation');
  return winner;
}

/** The issuer id that credentials of this organisation carry (and that verifiers resolve). */
export function issuerId(baseUrl: string, org: Organization, key: Pick<IssuerKeyRow, 'public_key_multibase'>): string {
  return org.didMethod === 'key' ? didKeyOf(key.public_key_multibase) : organizationDid(baseUrl, org.slug);
}

/** What signs the organisation's new credentials: the active key, decrypted, named by its DID. */
export async function issuerSigningKey(deps: Deps, org: Organization): Promise<SigningKey> {
  const row = await activeKey(deps, org.id);
  const pair = {
    publicKeyMultibase: row.public_key_multibase,
    secretKeyMultibase: decryptPrivateKey(row.encrypted_private_key, deps.keyEncryptionKey, associatedData(row.public_key_multibase)),
  };
  return org.didMethod === 'key'
    ? didKeySigningKey(pair)
    : controlledSigningKey(organizationDid(deps.config.baseUrl, org.slug), pair, row.fragment);
}

function publishedKeys(rows: IssuerKeyRow[]) {
  return rows.map((row) => ({
    fragment: row.fragment,
    publicKeyMultibase: row.public_key_multibase,
    status: row.retired_at ? ('retired' as const) : ('active' as const),
  }));
}

/** The did:web document of an organisation: every key it signed with, so older credentials stay verifiable. */
export async function organizationDidDocument(deps: Deps, slug: string): Promise<DidDocument> {
  const org = await getOrganization(deps, slug);
  await activeKey(deps, org.id);
  return buildDidWebDocument({
    did: organizationDid(deps.config.baseUrl, slug),
    keys: publishedKeys(await listKeys(deps.db, org.id)),
    alsoKnownAs: [organizationUrl(deps.config.baseUrl, slug)],
  });
}

export async function organizationJwks(deps: Deps, slug: string): Promise<{ keys: Ed25519PublicJwk[] }> {
  const org = await getOrganization(deps, slug);
  await activeKey(deps, org.id);
  return buildJwks({ did: organizationDid(deps.config.baseUrl, slug), keys: publishedKeys(await listKeys(deps.db, org.id)) });
}

/** Retires the active key (it keeps verifying what it signed) and makes a new one. */
export async function rotateIssuerKey(deps: Deps, actor: Actor | null, slug: string): Promise<{ fragment: string }> {
  const { organization } = await requireOrganizationAccess(deps, actor, slug, 'org.edit');
  return deps.db.transaction().execute(async (trx) => {
    const tx = { ...deps, db: trx };
    const n = await countKeys(trx, organization.id);
    await retireActiveKey(trx, organization.id, deps.clock.now());
    const created = await createKey(tx, organization.id, `key-${n + 1}`);
    if (!created) throw fail.conflict('issuers.rotateConflict');
    return { fragment: created.fragment };
  });
}

/** did:web (the default: the organisation's document on this platform) or did:key (survives a change of domain). */
export async function chooseDidMethod(deps: Deps, actor: Actor | null, slug: string, method: DidMethod): Promise<void> {
  const { organization } = await requireOrganizationAccess(deps, actor, slug, 'org.edit');
  await setDidMethod(deps.db, organization.id, method, deps.clock.now());
}

/** What the organisation signs with now (imported once) and the issuer Profile its credentials carry. */
export async function issuerIdentity(deps: Deps, organization: Organization): Promise<{ key: PreparedSigningKey; profile: ProfileInput }> {
  const key = await prepareSigningKey(await issuerSigningKey(deps, organization));
  const id = issuerId(deps.config.baseUrl, organization, { public_key_multibase: key.publicKeyMultibase });
  return {
    key,
    profile: {
      id,
      name: organization.name,
      url: organization.url ?? organizationUrl(deps.config.baseUrl, organization.slug),
      ...(organization.hasLogo ? { image: logoUrl(deps.config.baseUrl, organization.slug) } : {}),
    },
  };
}

function personAssociatedData(userId: string, publicKeyMultibase: string): string {
  return `blason-person-key:${userId}:${publicKeyMultibase}`;
}

/**
 * What a person signs with (open recognition: endorsing someone's credential): their own key, made
 * on first use, named by its did:key — verifiable anywhere without this platform.
 */
export async function personIdentity(deps: Deps, person: { id: string; displayName: string }): Promise<{ key: PreparedSigningKey; profile: ProfileInput }> {
  let row = await deps.db.selectFrom('user_keys').selectAll().where('user_id', '=', person.id).executeTakeFirst();
  if (!row) {
    const pair = await generateKeyPair();
    await deps.db
      .insertInto('user_keys')
      .values({
        user_id: person.id,
        public_key_multibase: pair.publicKeyMultibase,
        encrypted_private_key: encryptPrivateKey(pair.secretKeyMultibase, deps.keyEncryptionKey, personAssociatedData(person.id, pair.publicKeyMultibase)),
        created_at: deps.clock.now(),
      })
      .onConflict((oc) => oc.column('user_id').doNothing())
      .execute();
    row = await deps.db.selectFrom('user_keys').selectAll().where('user_id', '=', person.id).executeTakeFirstOrThrow();
  }
  const key = await prepareSigningKey(
    didKeySigningKey({
      publicKeyMultibase: row.public_key_multibase,
      secretKeyMultibase: decryptPrivateKey(row.encrypted_private_key, deps.keyEncryptionKey, personAssociatedData(person.id, row.public_key_multibase)),
    }),
  );
  return { key, profile: { id: key.controller, name: person.displayName } };
}
