import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issuerSigningKey, organizationDid, rotateIssuerKey, chooseDidMethod } from '../../src/issuers/issuers.service';
import { createOrganizationForOwnerEmail, getOrganization } from '../../src/organizations/organizations.service';
import { type TestPlatform, testPlatform } from '../helpers/platform';
import { type TestUser, createTestUser } from '../helpers/users';

describe('issuer identity: keys, DID document, JWKS', () => {
  let p: TestPlatform;
  let owner: TestUser;
  let stranger: TestUser;
  const actor = (u: TestUser) => ({ id: u.id, publicId: u.publicId, displayName: u.displayName, isAdmin: false, locale: 'fr' as const });

  beforeAll(async () => {
    p = await testPlatform({ env: { BASE_URL: 'https://badges.example.org' } });
    owner = await createTestUser(p, { email: 'owner@cfa.example' });
    stranger = await createTestUser(p, { email: 'someone@else.example' });
    await createOrganizationForOwnerEmail(p.deps, { name: 'CFA Numérique', ownerEmail: 'owner@cfa.example' });
  });
  afterAll(async () => {
    await p.close();
  });

  it('names organisations by did:web under BASE_URL', () => {
    expect(organizationDid('https://badges.example.org', 'cfa-numerique')).toBe('did:web:badges.example.org:organizations:cfa-numerique');
    expect(organizationDid('http://localhost:3000', 'x')).toBe('did:web:localhost%3A3000:organizations:x');
  });

  it('makes one key on first use even when asked twice at once, stored encrypted', async () => {
    const org = await getOrganization(p.deps, 'cfa-numerique');
    const [a, b] = await Promise.all([issuerSigningKey(p.deps, org), issuerSigningKey(p.deps, org)]);
    expect(a.publicKeyMultibase).toBe(b.publicKeyMultibase);
    expect(a.id).toBe('did:web:badges.example.org:organizations:cfa-numerique#key-1');
    expect(a.controller).toBe('did:web:badges.example.org:organizations:cfa-numerique');
    const rows = await p.deps.db.selectFrom('issuer_keys').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.encrypted_private_key).not.toContain(a.secretKeyMultibase);
    expect(rows[0]!.encrypted_private_key.startsWith('v1.')).toBe(true);
  });

  it('serves the DID document and the JWKS', async () => {
    const doc = await p.app.inject({ url: '/organizations/cfa-numerique/did.json' });
    expect(doc.statusCode).toBe(200);
    expect(doc.headers['content-type']).toContain('application/did+json');
    const body = doc.json();
    expect(body.id).toBe('did:web:badges.example.org:organizations:cfa-numerique');
    expect(body.verificationMethod).toHaveLength(1);
    expect(body.assertionMethod).toEqual([`${body.id}#key-1`]);
    expect(body.alsoKnownAs).toEqual(['https://badges.example.org/organizations/cfa-numerique']);
    const jwks = (await p.app.inject({ url: '/organizations/cfa-numerique/jwks.json' })).json();
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', kid: `${body.id}#key-1` });
    expect(jwks.keys[0].d).toBeUndefined();
    expect((await p.app.inject({ url: '/organizations/nope/did.json' })).statusCode).toBe(404);
  });

  it('rotates: the new key signs, the old one stays published to keep older credentials verifiable', async () => {
    await expect(rotateIssuerKey(p.deps, actor(stranger), 'cfa-numerique')).rejects.toMatchObject({ code: 'forbidden' });
    const { fragment } = await rotateIssuerKey(p.deps, actor(owner), 'cfa-numerique');
    expect(fragment).toBe('key-2');
    const org = await getOrganization(p.deps, 'cfa-numerique');
    expect((await issuerSigningKey(p.deps, org)).id.endsWith('#key-2')).toBe(true);
    const doc = (await p.app.inject({ url: '/organizations/cfa-numerique/did.json' })).json();
    expect(doc.verificationMethod.map((m: { id: string }) => m.id.split('#')[1])).toEqual(['key-1', 'key-2']);
    expect(doc.assertionMethod).toHaveLength(2);
  });

  it('can name itself by did:key instead', async () => {
    await chooseDidMethod(p.deps, actor(owner), 'cfa-numerique', 'key');
    const org = await getOrganization(p.deps, 'cfa-numerique');
    const key = await issuerSigningKey(p.deps, org);
    expect(key.controller).toBe(`did:key:${key.publicKeyMultibase}`);
    expect(key.id).toBe(`did:key:${key.publicKeyMultibase}#${key.publicKeyMultibase}`);
  });

  it('cannot decrypt a key with another key encryption key', async () => {
    const other = { ...p.deps, keyEncryptionKey: new Uint8Array(32).fill(9) };
    const org = await getOrganization(p.deps, 'cfa-numerique');
    await expect(issuerSigningKey(other, org)).rejects.toThrow();
  });
});
