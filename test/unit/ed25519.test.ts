// The Ed25519 check used by Data Integrity verification: libsodium and Node's OpenSSL give the same
// answers on good signatures, altered data, altered signatures, other keys and malformed input.
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ed25519Implementation, ed25519Verifier } from '../../src/credentials/ed25519';

const rawPublicKey = (key: crypto.KeyObject) => Buffer.from(key.export({ format: 'jwk' }).x!, 'base64url');

describe('Ed25519 signature check', () => {
  it('uses libsodium on this machine (its prebuilt library loads)', () => {
    expect(ed25519Implementation).toBe('libsodium');
  });

  it.each(['libsodium', 'node'] as const)('with %s: accepts exactly the good signatures', (implementation) => {
    const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
    const other = crypto.generateKeyPairSync('ed25519');
    const data = new TextEncoder().encode('une donnée à signer, en UTF-8');
    const signature = crypto.sign(null, data, privateKey);
    const verify = ed25519Verifier(rawPublicKey(publicKey), implementation);
    expect(verify(data, signature)).toBe(true);

    const alteredData = Uint8Array.from(data);
    alteredData[3]! ^= 1;
    expect(verify(alteredData, signature)).toBe(false);
    const alteredSignature = Uint8Array.from(signature);
    alteredSignature[10]! ^= 0x80;
    expect(verify(data, alteredSignature)).toBe(false);
    expect(ed25519Verifier(rawPublicKey(other.publicKey), implementation)(data, signature)).toBe(false);
    // Malformed signatures are refused, never thrown on.
    expect(verify(data, signature.subarray(0, 63))).toBe(false);
    expect(verify(data, new Uint8Array(65))).toBe(false);
    expect(verify(data, new Uint8Array(64))).toBe(false);
    expect(() => ed25519Verifier(new Uint8Array(31), implementation)).toThrow(/32 bytes/);
  });

  it('both implementations agree on many random messages and signatures', () => {
    const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
    const sodium = ed25519Verifier(rawPublicKey(publicKey), 'libsodium');
    const node = ed25519Verifier(rawPublicKey(publicKey), 'node');
    for (let i = 0; i < 200; i++) {
      const data = crypto.randomBytes(i);
      const signature = i % 3 === 0 ? crypto.randomBytes(64) : crypto.sign(null, data, privateKey);
      expect(sodium(data, signature)).toBe(node(data, signature));
      expect(sodium(data, signature)).toBe(i % 3 !== 0);
    }
  });
});
