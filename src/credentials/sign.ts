// Signing: Data Integrity `eddsa-rdfc-2022` (the default, through @digitalbazaar/vc) and VC-JWT
// (compact JWS, EdDSA, through jose) as Open Badges 3.0 specifies it: the JWT payload is the
// credential itself plus `iss`, `jti`, `nbf`, `sub` and `exp`, with no `vc` wrapper.
import crypto from 'node:crypto';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as vc from '@digitalbazaar/vc';
import { SignJWT } from 'jose';
import { eddsaRdfc2022Lean } from './canonize';
import { ed25519KeyObjects, publicKeyJwk, type Ed25519PublicJwk, type SigningKey } from './keys';
import { contextLoader, type DocumentLoader } from './loader';
import { issuerIdOf, isRecord, type DataIntegrityProofValue, type JsonRecord } from './model';

/** A signing key imported once and reused for many signatures (importing is the slow part). */
export interface PreparedSigningKey {
  readonly id: string;
  readonly controller: string;
  readonly publicKeyMultibase: string;
  readonly signer: DiSigner;
  readonly privateKey: crypto.KeyObject;
  readonly publicJwk: Ed25519PublicJwk;
}

/** Imports a signing key; throws if its secret and public halves do not belong together. */
export async function prepareSigningKey(key: SigningKey): Promise<PreparedSigningKey> {
  if (!key.id.startsWith(`${key.controller}#`)) throw new TypeError('The key id must be `<controller>#<fragment>`.');
  const multikey = await Ed25519Multikey.from({ type: 'Multikey', ...key });
  const { privateKey } = await ed25519KeyObjects(key);
  return Object.freeze({
    id: key.id,
    controller: key.controller,
    publicKeyMultibase: key.publicKeyMultibase,
    signer: keyObjectSigner(multikey.signer(), privateKey),
    privateKey,
    publicJwk: await publicKeyJwk(key.publicKeyMultibase),
  });
}

/**
 * The library's signer, signing with the key object imported once: its own re-imports the secret
 * key (DER → KeyObject) at every signature, ~18 % of signing an award once the contexts are fast.
 * Ed25519 signatures are deterministic: the bytes are the same.
 */
function keyObjectSigner(signer: DiSigner, privateKey: crypto.KeyObject): DiSigner {
  return { ...signer, sign: async ({ data }: { data: Uint8Array }) => crypto.sign(null, data, privateKey) };
}

export interface DataIntegritySignOptions {
  key: SigningKey | PreparedSigningKey;
  /** Loader of the contexts; the bundled ones by default. */
  documentLoader?: DocumentLoader;
  /** `created` of the proof; defaults to now. */
  created?: Date | string;
}

export type SignedCredential<T extends object> = T & { proof: DataIntegrityProofValue | DataIntegrityProofValue[] };

/**
 * Adds a DataIntegrityProof (`eddsa-rdfc-2022`, proof purpose `assertionMethod`) to a credential.
 * The credential is not modified; a signed copy is returned. The issuer must be the key's controller.
 */
export async function signDataIntegrity<T extends object>(credential: T, options: DataIntegritySignOptions): Promise<SignedCredential<T>> {
  const key = await prepared(options.key);
  assertIssuerIsController(credential as JsonRecord, key);
  const suite = new DataIntegrityProof({
    signer: key.signer,
    cryptosuite: eddsaRdfc2022Lean,
    date: options.created === undefined ? new Date() : options.created,
  });
  const signed = await vc.issue({ credential: structuredClone(credential) as DiJson, suite, documentLoader: options.documentLoader ?? contextLoader });
  return signed as SignedCredential<T>;
}

export interface JwtSignOptions {
  key: SigningKey | PreparedSigningKey;
  /** How the verifier finds the key: `kid` (the verification method URL, default) or the public `jwk` itself. */
  keyReference?: 'kid' | 'jwk';
}

/** Signs a credential as an OB 3.0 VC-JWT (compact JWS, `alg: EdDSA`, `typ: JWT`). */
export async function signJwt(credential: object, options: JwtSignOptions): Promise<string> {
  const key = await prepared(options.key);
  const record = credential as JsonRecord;
  assertIssuerIsController(record, key);
  const payload: JsonRecord = { ...record, ...jwtClaimsOf(record) };
  const header =
    options.keyReference === 'jwk'
      ? { alg: 'EdDSA', typ: 'JWT', jwk: { ...key.publicJwk } }
      : { alg: 'EdDSA', typ: 'JWT', kid: key.id };
  return new SignJWT(payload).setProtectedHeader(header).sign(key.privateKey);
}

/** The registered JWT claims OB 3.0 derives from a credential (`iss`, `jti`, `nbf`, `sub`, `exp`). */
export function jwtClaimsOf(credential: JsonRecord): { iss: string; jti: string; nbf: number; sub?: string; exp?: number } {
  const iss = issuerIdOf(credential);
  const validFrom = credential.validFrom ?? credential.issuanceDate;
  const validUntil = credential.validUntil ?? credential.expirationDate;
  if (!iss) throw new TypeError('The credential has no issuer id.');
  if (typeof credential.id !== 'string') throw new TypeError('The credential has no id.');
  if (typeof validFrom !== 'string') throw new TypeError('The credential has no validFrom.');
  const claims: { iss: string; jti: string; nbf: number; sub?: string; exp?: number } = {
    iss,
    jti: credential.id,
    nbf: Math.floor(Date.parse(validFrom) / 1000),
  };
  const subject = credential.credentialSubject;
  if (isRecord(subject) && typeof subject.id === 'string') claims.sub = subject.id;
  if (typeof validUntil === 'string') claims.exp = Math.floor(Date.parse(validUntil) / 1000);
  if (Number.isNaN(claims.nbf) || (claims.exp !== undefined && Number.isNaN(claims.exp))) throw new TypeError('The credential has an invalid date.');
  return claims;
}

async function prepared(key: SigningKey | PreparedSigningKey): Promise<PreparedSigningKey> {
  return 'signer' in key ? key : prepareSigningKey(key);
}

function assertIssuerIsController(credential: JsonRecord, key: PreparedSigningKey): void {
  const issuer = issuerIdOf(credential);
  if (issuer !== key.controller) {
    throw new TypeError(`The issuer (${issuer ?? 'none'}) must be the controller of the signing key (${key.controller}).`);
  }
}
