// What an issuer publishes so that its credentials can be verified: its did:web DID document (all
// its keys, so that credentials signed before a rotation stay verifiable) and a JWKS.
import { DID_V1_CONTEXT, MULTIKEY_CONTEXT } from './model';
import { publicKeyJwk, type Ed25519PublicJwk } from './keys';

/**
 * A key listed in a DID document. `active` keys sign new credentials; `retired` keys no longer sign
 * but still verify what they signed; `revoked` keys (compromised) are listed with their revocation
 * date and no longer authorized, so everything they signed stops verifying.
 */
export interface PublishedKey {
  /** Fragment of the verification method id (`key-1` gives `<did>#key-1`); defaults to the multibase. */
  fragment?: string;
  publicKeyMultibase: string;
  status?: 'active' | 'retired' | 'revoked';
  /** ISO date of revocation, for `revoked` keys. */
  revokedAt?: string;
}

export interface VerificationMethodDocument {
  id: string;
  type: 'Multikey';
  controller: string;
  publicKeyMultibase: string;
  revoked?: string;
}

export interface DidDocument {
  '@context': string[];
  id: string;
  alsoKnownAs?: string[];
  verificationMethod: VerificationMethodDocument[];
  assertionMethod: string[];
  authentication: string[];
}

/**
 * The did:web DID of a location: `didWeb('https://badges.example.org', 'organizations', 'acme')` is
 * `did:web:badges.example.org:organizations:acme`. A port is percent-encoded as did:web requires.
 */
export function didWeb(baseUrl: string, ...pathSegments: string[]): string {
  const url = new URL(baseUrl);
  const segments = [
    ...url.pathname.split('/').filter((segment) => segment !== ''),
    ...pathSegments.map((segment) => segment.trim()).filter((segment) => segment !== ''),
  ];
  const host = encodeURIComponent(url.host.toLowerCase());
  return ['did:web', host, ...segments.map((segment) => encodeURIComponent(segment))].join(':');
}

/** The HTTPS URL at which a did:web DID document is published (`…/did.json`). */
export function didWebDocumentUrl(did: string): string {
  if (!did.startsWith('did:web:')) throw new TypeError(`Not a did:web DID: ${did}`);
  const [host, ...path] = did.slice('did:web:'.length).split('#')[0]!.split(':');
  if (!host) throw new TypeError(`Not a did:web DID: ${did}`);
  const origin = `https://${decodeURIComponent(host)}`;
  if (path.length === 0) return `${origin}/.well-known/did.json`;
  return `${origin}/${path.map((segment) => encodeURIComponent(decodeURIComponent(segment))).join('/')}/did.json`;
}

/**
 * The DID document of an issuer (`did:web:<host>:organizations:<slug>`) listing all its keys as
 * Multikey verification methods. Serve it at `didWebDocumentUrl(did)` and hand it to the document
 * loader (keyed by the DID) when verifying.
 */
export function buildDidWebDocument(input: { did: string; keys: readonly PublishedKey[]; alsoKnownAs?: readonly string[] }): DidDocument {
  const { did } = input;
  if (!did.startsWith('did:web:') || did.includes('#')) throw new TypeError(`Not a did:web DID: ${did}`);
  const methods = input.keys.map((key) => {
    if (!key.publicKeyMultibase.startsWith('z6Mk')) throw new TypeError('Only Ed25519 keys (z6Mk…) are supported.');
    const method: VerificationMethodDocument = {
      id: `${did}#${key.fragment ?? key.publicKeyMultibase}`,
      type: 'Multikey',
      controller: did,
      publicKeyMultibase: key.publicKeyMultibase,
    };
    if (key.status === 'revoked') method.revoked = key.revokedAt ?? new Date(0).toISOString();
    return method;
  });
  const ids = new Set(methods.map((method) => method.id));
  if (ids.size !== methods.length) throw new TypeError('Two keys share a verification method id.');
  const authorized = methods.filter((method) => method.revoked === undefined).map((method) => method.id);
  const document: DidDocument = {
    '@context': [DID_V1_CONTEXT, MULTIKEY_CONTEXT],
    id: did,
    verificationMethod: methods,
    assertionMethod: authorized,
    authentication: authorized,
  };
  if (input.alsoKnownAs && input.alsoKnownAs.length > 0) document.alsoKnownAs = [...input.alsoKnownAs];
  return document;
}

/** A JSON Web Key Set of the issuer's non-revoked keys, `kid` being the verification method id. */
export async function buildJwks(input: { did: string; keys: readonly PublishedKey[] }): Promise<{ keys: Ed25519PublicJwk[] }> {
  const keys = await Promise.all(
    input.keys
      .filter((key) => key.status !== 'revoked')
      .map(async (key) => ({
        ...(await publicKeyJwk(key.publicKeyMultibase)),
        kid: `${input.did}#${key.fragment ?? key.publicKeyMultibase}`,
        alg: 'EdDSA' as const,
        use: 'sig' as const,
      })),
  );
  return { keys };
}
