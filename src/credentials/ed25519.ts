// Ed25519 signature checks. Every Data Integrity verification ends in one, and Node's own (OpenSSL 3)
// took ~110 µs of a ~500 µs verification on these machines; libsodium (sodium-native, prebuilt)
// takes ~50 µs. libsodium is also the stricter of the two (it rejects non-canonical encodings and
// small-order keys, as RFC 8032's cofactorless check with those rules does). Where its prebuilt
// library cannot load, Node's is used.
import crypto from 'node:crypto';
import { createRequire } from 'node:module';

interface Sodium {
  crypto_sign_verify_detached(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
}

const PUBLIC_KEY_BYTES = 32;
const SIGNATURE_BYTES = 64;

function loadSodium(): Sodium | undefined {
  try {
    return createRequire(import.meta.url)('sodium-native') as Sodium;
  } catch {
    return undefined;
  }
}

const sodium = loadSodium();

/** Which implementation checks Ed25519 signatures in this process. */
export const ed25519Implementation: 'libsodium' | 'node' = sodium ? 'libsodium' : 'node';

/** A verifier of Ed25519 signatures by one public key (32 raw bytes); by libsodium when it loaded. */
export function ed25519Verifier(
  publicKey: Uint8Array,
  implementation: 'libsodium' | 'node' = ed25519Implementation,
): (data: Uint8Array, signature: Uint8Array) => boolean {
  if (publicKey.length !== PUBLIC_KEY_BYTES) throw new Error(`An Ed25519 public key has ${PUBLIC_KEY_BYTES} bytes, not ${publicKey.length}`);
  if (implementation === 'libsodium') {
    if (!sodium) throw new Error('libsodium (sodium-native) is not available');
    const key = Uint8Array.from(publicKey);
    return (data, signature) => signature.length === SIGNATURE_BYTES && sodium.crypto_sign_verify_detached(signature, data, key);
  }
  const keyObject = crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey).toString('base64url') }, format: 'jwk' });
  return (data, signature) => signature.length === SIGNATURE_BYTES && crypto.verify(null, data, keyObject, signature);
}
