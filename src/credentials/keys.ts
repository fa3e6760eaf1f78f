// Issuer keys: Ed25519 key pairs as Multikey (multibase strings), their did:key, their public JWK,
// and the at-rest encryption of the private part (AES-256-GCM with a 32-byte key the app holds).
import crypto from 'node:crypto';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { keepAtMost } from './model';

/** An Ed25519 key pair as multibase strings (`z6Mk…` public, `zrv…` secret): what the app stores. */
export interface Ed25519KeyPair {
  publicKeyMultibase: string;
  secretKeyMultibase: string;
}

/**
 * A key ready to sign: `id` is the verification method URL that verifiers dereference
 * (`did:web:host:organizations:slug#key-1`, `did:key:z6Mk…#z6Mk…`) and `controller` the document
 * that lists it (the issuer's DID), which must equal the credential's `issuer.id`.
 */
export interface SigningKey extends Ed25519KeyPair {
  id: string;
  controller: string;
}

/** The public half of an Ed25519 key as a JWK (RFC 8037). */
export interface Ed25519PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid?: string;
  alg?: 'EdDSA';
  use?: 'sig';
}

const ENCRYPTION_VERSION = 'v1';

/** Generates a new Ed25519 key pair (Multikey). */
export async function generateKeyPair(): Promise<Ed25519KeyPair> {
  const key = await Ed25519Multikey.generate();
  return { publicKeyMultibase: key.publicKeyMultibase, secretKeyMultibase: requireSecret(key.secretKeyMultibase) };
}

/** The did:key DID of an Ed25519 public key (`did:key:z6Mk…`). */
export function didKeyOf(publicKeyMultibase: string): string {
  assertEd25519Multibase(publicKeyMultibase);
  return `did:key:${publicKeyMultibase}`;
}

/** A signing key whose verification method is the key's own did:key (`did:key:z6Mk…#z6Mk…`). */
export function didKeySigningKey(keyPair: Ed25519KeyPair): SigningKey {
  const did = didKeyOf(keyPair.publicKeyMultibase);
  return { ...keyPair, id: `${did}#${keyPair.publicKeyMultibase}`, controller: did };
}

/**
 * A signing key published in the issuer's own DID or controller document as `<controller>#<fragment>`
 * (the fragment defaults to the public key multibase, as did:key does).
 */
export function controlledSigningKey(controller: string, keyPair: Ed25519KeyPair, fragment?: string): SigningKey {
  assertEd25519Multibase(keyPair.publicKeyMultibase);
  return { ...keyPair, id: `${controller}#${fragment ?? keyPair.publicKeyMultibase}`, controller };
}

/** The public JWK of an Ed25519 key given as multibase. */
export async function publicKeyJwk(publicKeyMultibase: string): Promise<Ed25519PublicJwk> {
  let x = publicKeyXs.get(publicKeyMultibase);
  if (x === undefined) {
    const key = await Ed25519Multikey.from({ type: 'Multikey', publicKeyMultibase });
    x = Buffer.from(key.publicKey).toString('base64url');
    keepAtMost(publicKeyXs, publicKeyMultibase, x, PUBLIC_KEYS_KEPT);
  }
  return { kty: 'OKP', crv: 'Ed25519', x };
}

// Every verification reads its signer's key into a JWK (to bind it to the issuer): the keys seen
// last are kept decoded.
const PUBLIC_KEYS_KEPT = 1000;
const publicKeyXs = new Map<string, string>();

/** The public multibase of an Ed25519 JWK (`{kty:'OKP', crv:'Ed25519', x}`). */
export async function publicKeyMultibaseFromJwk(jwk: Record<string, unknown>): Promise<string> {
  const key = await Ed25519Multikey.fromJwk({ jwk: { kty: jwk.kty, crv: jwk.crv, x: jwk.x } });
  return key.publicKeyMultibase;
}

/**
 * Node KeyObjects of a key pair, for JOSE signing. The secret multibase holds seed and public key;
 * the JWK `d` is the 32-byte seed. Throws if the two halves do not belong together.
 */
export async function ed25519KeyObjects(keyPair: Ed25519KeyPair): Promise<{ privateKey: crypto.KeyObject; publicKey: crypto.KeyObject }> {
  const key = await Ed25519Multikey.from({ type: 'Multikey', ...keyPair });
  if (!key.secretKey) throw new TypeError('The key pair has no secret key.');
  const x = Buffer.from(key.publicKey).toString('base64url');
  const d = Buffer.from(key.secretKey.subarray(0, 32)).toString('base64url');
  const privateKey = crypto.createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', x, d }, format: 'jwk' });
  const publicKey = crypto.createPublicKey(privateKey);
  const derivedX = publicKey.export({ format: 'jwk' }).x;
  if (derivedX !== x) throw new TypeError('The secret key does not match the public key.');
  return { privateKey, publicKey };
}

/**
 * Encrypts a secret key multibase for storage with AES-256-GCM. `key` is 32 bytes (the app's key
 * encryption key); `associatedData` (e.g. the verification method id) binds the ciphertext to its
 * row so that it cannot be swapped for another one. Output: `v1.<iv>.<tag>.<ciphertext>` (base64url).
 */
export function encryptPrivateKey(secretKeyMultibase: string, key: Uint8Array, associatedData?: string): string {
  assertEncryptionKey(key);
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  if (associatedData !== undefined) cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(secretKeyMultibase, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [ENCRYPTION_VERSION, iv, tag, ciphertext].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
}

/** Decrypts what `encryptPrivateKey` produced; throws if the key, data or associated data differ. */
export function decryptPrivateKey(encrypted: string, key: Uint8Array, associatedData?: string): string {
  assertEncryptionKey(key);
  const parts = encrypted.split('.');
  if (parts.length !== 4 || parts[0] !== ENCRYPTION_VERSION) throw new TypeError('Not an encrypted private key.');
  const [iv, tag, ciphertext] = parts.slice(1).map((part) => Buffer.from(part, 'base64url'));
  if (!iv || iv.length !== 12 || !tag || tag.length !== 16 || !ciphertext) throw new TypeError('Not an encrypted private key.');
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, iv);
  if (associatedData !== undefined) decipher.setAAD(Buffer.from(associatedData, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
}

function assertEncryptionKey(key: Uint8Array): void {
  if (!(key instanceof Uint8Array) || key.length !== 32) throw new TypeError('The key encryption key must be 32 bytes.');
}

function assertEd25519Multibase(publicKeyMultibase: string): void {
  if (typeof publicKeyMultibase !== 'string' || !publicKeyMultibase.startsWith('z6Mk')) {
    throw new TypeError('Expected an Ed25519 public key multibase (z6Mk…).');
  }
}

function requireSecret(secret: string | undefined): string {
  if (!secret) throw new Error('Key generation returned no secret key.');
  return secret;
}
