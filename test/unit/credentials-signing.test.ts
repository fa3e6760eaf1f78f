import fs from 'node:fs';
import path from 'node:path';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  buildDidWebDocument,
  buildJwks,
  buildOpenBadgeCredential,
  contextLoader,
  controlledSigningKey,
  createDocumentLoader,
  decryptPrivateKey,
  didWebDocumentUrl,
  encryptPrivateKey,
  generateKeyPair,
  prepareSigningKey,
  publicKeyJwk,
  signDataIntegrity,
  signJwt,
  verifyCredential,
  type SigningKey,
} from '../../src/credentials';
import { conformanceDir } from '../fixtures/credentials';
import { credentialInput, didKeyIssuer, didWebIssuer } from '../fixtures/credentials/issuer';

const vector = JSON.parse(fs.readFileSync(path.join(conformanceDir, 'ob30-eddsa-rdfc-2022-test-vector.json'), 'utf8')) as {
  key: { id: string; controller: string; publicKeyMultibase: string; secretKeyMultibase: string };
  proofCreated: string;
  unsignedCredential: Record<string, unknown>;
  expectedProofValue: string;
};

describe('the eddsa-rdfc-2022 test vector', () => {
  it('is reproduced byte for byte with that key, that credential and that created date', async () => {
    const key: SigningKey = vector.key;
    const signed = await signDataIntegrity(vector.unsignedCredential, { key, created: vector.proofCreated, documentLoader: createDocumentLoader() });
    expect(signed.proof).toEqual({
      type: 'DataIntegrityProof',
      created: vector.proofCreated,
      verificationMethod: vector.key.id,
      cryptosuite: 'eddsa-rdfc-2022',
      proofPurpose: 'assertionMethod',
      proofValue: vector.expectedProofValue,
    });
    const { proof: _proof, ...rest } = signed;
    expect(rest).toEqual(vector.unsignedCredential);
    expect(vector.unsignedCredential).not.toHaveProperty('proof');
  });
});

describe('issuer keys', () => {
  it('encrypts private keys with AES-256-GCM bound to their row', async () => {
    const pair = await generateKeyPair();
    const kek = Buffer.alloc(32, 7);
    const sealed = encryptPrivateKey(pair.secretKeyMultibase, kek, 'did:web:x#key-1');
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain(pair.secretKeyMultibase);
    expect(decryptPrivateKey(sealed, kek, 'did:web:x#key-1')).toBe(pair.secretKeyMultibase);
    expect(() => decryptPrivateKey(sealed, Buffer.alloc(32, 8), 'did:web:x#key-1')).toThrow();
    expect(() => decryptPrivateKey(sealed, kek, 'did:web:x#key-2')).toThrow();
    expect(() => encryptPrivateKey(pair.secretKeyMultibase, Buffer.alloc(16))).toThrow(/32 bytes/);
  });

  it('refuses a secret key that does not match its public key', async () => {
    const [a, b] = [await generateKeyPair(), await generateKeyPair()];
    const mixed = controlledSigningKey('did:web:example.org', { publicKeyMultibase: a.publicKeyMultibase, secretKeyMultibase: b.secretKeyMultibase });
    await expect(prepareSigningKey(mixed)).rejects.toThrow(/does not match/);
  });

  it('publishes every key in the did:web document and a JWKS, revoked keys no longer authorized', async () => {
    const [current, old, lost] = [await generateKeyPair(), await generateKeyPair(), await generateKeyPair()];
    const did = 'did:web:badges.example.org%3A8443:organizations:acme';
    expect(didWebDocumentUrl(did)).toBe('https://badges.example.org:8443/organizations/acme/did.json');
    expect(didWebDocumentUrl('did:web:example.org')).toBe('https://example.org/.well-known/did.json');
    const keys = [
      { fragment: 'key-2', publicKeyMultibase: current.publicKeyMultibase },
      { fragment: 'key-1', publicKeyMultibase: old.publicKeyMultibase, status: 'retired' as const },
      { fragment: 'key-0', publicKeyMultibase: lost.publicKeyMultibase, status: 'revoked' as const, revokedAt: '2024-05-01T00:00:00Z' },
    ];
    const document = buildDidWebDocument({ did, keys });
    expect(document.verificationMethod.map((method) => method.id)).toEqual([`${did}#key-2`, `${did}#key-1`, `${did}#key-0`]);
    expect(document.assertionMethod).toEqual([`${did}#key-2`, `${did}#key-1`]);
    expect(document.verificationMethod[2]).toMatchObject({ revoked: '2024-05-01T00:00:00Z', controller: did, type: 'Multikey' });
    const jwks = await buildJwks({ did, keys });
    expect(jwks.keys).toEqual([
      { ...(await publicKeyJwk(current.publicKeyMultibase)), kid: `${did}#key-2`, alg: 'EdDSA', use: 'sig' },
      { ...(await publicKeyJwk(old.publicKeyMultibase)), kid: `${did}#key-1`, alg: 'EdDSA', use: 'sig' },
    ]);
  });
});

describe('issue → verify round trips', () => {
  for (const [name, makeIssuer] of [
    ['did:web', didWebIssuer],
    ['did:key', didKeyIssuer],
  ] as const) {
    it(`verifies a Data Integrity credential of a ${name} issuer, and so does @digitalbazaar/vc`, async () => {
      const issuer = await makeIssuer();
      const credential = buildOpenBadgeCredential(credentialInput(issuer.did));
      const signed = await signDataIntegrity(credential, { key: issuer.key, documentLoader: issuer.loader(), created: '2024-03-01T09:00:01Z' });
      const result = await verifyCredential(signed, { documentLoader: issuer.loader(), now: new Date('2025-01-01'), recipient: { value: 'ada.lovelace@example.org' } });
      expect(result.checks.filter((check) => !check.passed)).toEqual([]);
      expect(result).toMatchObject({ valid: true, warnings: [], format: 'json', signer: { verificationMethod: issuer.key.id, controller: issuer.did } });
      expect(result.checks.map((check) => check.id)).toEqual(['schema', 'subject', 'proof', 'status', 'validity', 'endorsements']);

      const independent = await vc.verifyCredential({
        credential: signed,
        suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }),
        documentLoader: issuer.loader(),
      });
      expect(independent.verified).toBe(true);
    });

    it(`verifies a VC-JWT of a ${name} issuer, and so does jose.jwtVerify`, async () => {
      const issuer = await makeIssuer();
      const credential = buildOpenBadgeCredential(credentialInput(issuer.did, { recipient: { id: 'did:example:ada' }, validUntil: '2030-01-01T00:00:00Z' }));
      const jwt = await signJwt(credential, { key: issuer.key });
      expect(decodeProtectedHeader(jwt)).toEqual({ alg: 'EdDSA', typ: 'JWT', kid: issuer.key.id });
      const result = await verifyCredential(jwt, { documentLoader: issuer.loader(), now: new Date('2025-01-01') });
      expect(result.checks.filter((check) => !check.passed)).toEqual([]);
      expect(result).toMatchObject({ valid: true, format: 'jwt', credential });

      const { payload } = await jwtVerify(jwt, await importJWK({ ...issuer.key.publicJwk }, 'EdDSA'), { currentDate: new Date('2025-01-01') });
      expect(payload).toEqual({
        ...credential,
        iss: issuer.did,
        jti: credential.id,
        sub: 'did:example:ada',
        nbf: Date.parse('2024-03-01T09:00:00Z') / 1000,
        exp: Date.parse('2030-01-01T00:00:00Z') / 1000,
      });
      expect(payload).not.toHaveProperty('vc');
    });
  }

  it('verifies a JWT that carries its public key as jwk once the issuer lists that key', async () => {
    const issuer = await didWebIssuer();
    const credential = buildOpenBadgeCredential(credentialInput(issuer.did));
    const jwt = await signJwt(credential, { key: issuer.key, keyReference: 'jwk' });
    expect(decodeProtectedHeader(jwt).jwk).toEqual(issuer.key.publicJwk);
    expect(await verifyCredential(jwt, { documentLoader: issuer.loader(), now: new Date('2025-01-01') })).toMatchObject({ valid: true, warnings: [] });

    const stranger = await didWebIssuer('stranger');
    const forged = await signJwt(credential, { key: { ...stranger.key, controller: issuer.did }, keyReference: 'jwk' });
    const result = await verifyCredential(forged, { documentLoader: issuer.loader(), now: new Date('2025-01-01') });
    expect(result.valid).toBe(false);
    expect(result.checks.find((check) => check.id === 'proof')?.code).toBe('proof.issuer_mismatch');
  });

  it('keeps credentials signed before a key rotation verifiable, but not those of a revoked key', async () => {
    const issuer = await didWebIssuer();
    const signed = await signDataIntegrity(buildOpenBadgeCredential(credentialInput(issuer.did)), { key: issuer.key, documentLoader: issuer.loader() });
    const next = await generateKeyPair();
    const published = issuer.document.verificationMethod[0]!.publicKeyMultibase;
    for (const [status, valid] of [
      ['retired', true],
      ['revoked', false],
    ] as const) {
      const document = buildDidWebDocument({
        did: issuer.did,
        keys: [
          { fragment: 'key-2', publicKeyMultibase: next.publicKeyMultibase },
          { fragment: 'key-1', publicKeyMultibase: published, status },
        ],
      });
      const loader = createDocumentLoader({ documents: { [issuer.did]: document as unknown as Record<string, unknown> } });
      const result = await verifyCredential(signed, { documentLoader: loader });
      expect(result.valid).toBe(valid);
      if (!valid) expect(result.checks.find((check) => check.id === 'proof')?.code).toBe('proof.method_revoked');
    }
  });

  it('refuses to sign for an issuer that does not control the key', async () => {
    const issuer = await didWebIssuer();
    const credential = buildOpenBadgeCredential(credentialInput('did:web:someone.else'));
    await expect(signDataIntegrity(credential, { key: issuer.key, documentLoader: issuer.loader() })).rejects.toThrow(/controller/);
    await expect(signJwt(credential, { key: issuer.key })).rejects.toThrow(/controller/);
  });
});

describe('the bundled contexts', () => {
  it('serve the VC 1.1 test suites’ credentials: the examples v1 context and the ODRL context it imports', async () => {
    const issuer = await didKeyIssuer();
    const credential = {
      '@context': ['https://www.w3.org/2018/credentials/v1', 'https://www.w3.org/2018/credentials/examples/v1', 'https://w3id.org/security/data-integrity/v2'],
      id: 'http://example.edu/credentials/1872',
      type: ['VerifiableCredential', 'AlumniCredential'],
      issuer: issuer.did,
      issuanceDate: '2010-01-01T19:23:24Z',
      credentialSubject: { id: 'did:example:ebfeb1f712ebc6f1c276e12ec21', alumniOf: { id: 'did:example:c276e12ec21ebfeb1f712ebc6f1', name: 'Example University' } },
    };
    // Signed and verified by the library itself, in safe mode: every term must be defined.
    const signed = await vc.issue({ credential, suite: new DataIntegrityProof({ signer: issuer.key.signer, cryptosuite: eddsaRdfc2022 }), documentLoader: contextLoader });
    const result = await vc.verifyCredential({ credential: signed, suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }), documentLoader: contextLoader });
    expect(result.verified, JSON.stringify(result.error ?? result.results)).toBe(true);
  });
});

