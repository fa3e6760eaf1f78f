// Bitstring Status List and 1EdTech Revocation List: build, read, set, check.
import { describe, expect, it } from 'vitest';
import {
  buildOpenBadgeCredential,
  buildRevocationList,
  buildStatusListCredential,
  createStatusBits,
  decodeStatusBits,
  encodeStatusBits,
  hashIdentity,
  isRevoked,
  isRevokedInList,
  MIN_STATUS_LIST_LENGTH,
  readStatusListCredential,
  setRevoked,
  VC_V2_CONTEXT,
} from '../../src/credentials';
import { readCorpusJson } from '../fixtures/credentials';
import { BASE, credentialInput } from '../fixtures/credentials/issuer';

describe('bitstring status lists', () => {
  it('are at least 16 KB, index 0 being the left-most bit', () => {
    expect(MIN_STATUS_LIST_LENGTH).toBe(131072);
    const bits = createStatusBits();
    expect(bits.length).toBe(16384);
    expect(() => createStatusBits(1000)).toThrow(RangeError);
    setRevoked(bits, 0);
    setRevoked(bits, 9);
    expect([...bits.subarray(0, 2)]).toEqual([0b1000_0000, 0b0100_0000]);
    expect(isRevoked(bits, 0)).toBe(true);
    expect(isRevoked(bits, 1)).toBe(false);
    setRevoked(bits, 0, false);
    expect(isRevoked(bits, 0)).toBe(false);
    expect(() => setRevoked(bits, MIN_STATUS_LIST_LENGTH)).toThrow(RangeError);
    expect(() => isRevoked(bits, -1)).toThrow(RangeError);
  });

  it('encode as multibase base64url GZIP and decode back', () => {
    const bits = createStatusBits();
    setRevoked(bits, 131071);
    const encoded = encodeStatusBits(bits);
    expect(encoded).toMatch(/^uH4sI[A-Za-z0-9_-]+$/); // `u` multibase prefix, then the GZIP magic number
    expect(encoded.length).toBeLessThan(200);
    const decoded = decodeStatusBits(encoded);
    expect(decoded).toEqual(bits);
    expect(decodeStatusBits(encoded.slice(1))).toEqual(bits);
    expect(() => decodeStatusBits('u!!!')).toThrow();
  });

  it('read the corpus list: index 23 is revoked', () => {
    const { issuer, statusPurpose, bits } = readStatusListCredential(readCorpusJson('bit-string-list/testlist'));
    expect({ issuer, statusPurpose, length: bits.length * 8 }).toEqual({ issuer: 'https://1edtech.edu/issuers/565049', statusPurpose: 'revocation', length: 131072 });
    expect(isRevoked(bits, 23)).toBe(true);
    expect([...Array(64).keys()].filter((index) => isRevoked(bits, index))).toEqual([23]);
  });

  it('build an unsigned BitstringStatusListCredential', () => {
    const bits = createStatusBits();
    setRevoked(bits, 5);
    const credential = buildStatusListCredential({ id: `${BASE}/status/1`, issuer: 'did:web:badges.example.org', validFrom: new Date('2024-01-01'), bits });
    expect(credential).toEqual({
      '@context': [VC_V2_CONTEXT],
      id: `${BASE}/status/1`,
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: 'did:web:badges.example.org',
      validFrom: '2024-01-01T00:00:00Z',
      credentialSubject: { id: `${BASE}/status/1#list`, type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList: encodeStatusBits(bits) },
    });
    expect(isRevoked(readStatusListCredential(credential).bits, 5)).toBe(true);
    expect(() => readStatusListCredential({ type: ['VerifiableCredential'] })).toThrow(/BitstringStatusListCredential/);
  });

  it('are referenced by BitstringStatusListEntry with a string index', () => {
    const credential = buildOpenBadgeCredential(
      credentialInput('did:web:badges.example.org', { credentialStatus: { type: 'BitstringStatusListEntry', statusListCredential: `${BASE}/status/1`, statusListIndex: 94567 } }),
    );
    expect(credential.credentialStatus).toEqual({
      id: `${BASE}/status/1#94567`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: '94567',
      statusListCredential: `${BASE}/status/1`,
    });
    expect(credential['@context']).toHaveLength(2);
  });
});

describe('1EdTech revocation lists', () => {
  it('list revoked credential ids', () => {
    const list = buildRevocationList({ id: `${BASE}/revocations`, issuer: 'did:web:x', revoked: [{ id: 'urn:uuid:1', reason: 'mistake' }, { id: 'urn:uuid:2' }] });
    expect(list.revokedCredential).toEqual([
      { id: 'urn:uuid:1', revoked: true, revocationReason: 'mistake' },
      { id: 'urn:uuid:2', revoked: true },
    ]);
    expect(isRevokedInList(list, 'urn:uuid:2')).toBe(true);
    expect(isRevokedInList(list, 'urn:uuid:3')).toBe(false);
    expect(isRevokedInList({ revokedCredential: [{ id: 'urn:uuid:4', revoked: false }, { id: 'urn:uuid:5' }] }, 'urn:uuid:4')).toBe(false);
    expect(isRevokedInList({ revokedCredential: [{ id: 'urn:uuid:5' }] }, 'urn:uuid:5')).toBe(true);
  });
});

describe('the built credential', () => {
  it('follows the OB 3.0 data model', () => {
    const credential = buildOpenBadgeCredential(credentialInput('did:web:badges.example.org:organizations:acme', { validUntil: new Date('2027-03-01T09:00:00.250Z') }));
    const achievementId = `${BASE}/achievements/robotics-1`;
    expect(credential).toMatchObject({
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      name: 'Robotique — niveau 1',
      issuer: {
        id: 'did:web:badges.example.org:organizations:acme',
        type: ['Profile'],
        name: 'Label CFA numérique normand',
        url: `${BASE}/organizations/acme`,
        email: 'contact@acme.example',
        image: { id: `${BASE}/logo.png`, type: 'Image' },
      },
      validFrom: '2024-03-01T09:00:00Z',
      validUntil: '2027-03-01T09:00:00.250Z',
      credentialSubject: {
        type: ['AchievementSubject'],
        identifier: [
          { type: 'IdentityObject', identityHash: hashIdentity('ada.lovelace@example.org', 'pepper'), identityType: 'emailAddress', hashed: true, salt: 'pepper' },
        ],
        achievement: {
          id: achievementId,
          type: ['Achievement'],
          criteria: { id: `${achievementId}/criteria`, narrative: 'Build a line-following robot and **explain** its program.' },
          image: { id: `${achievementId}/image.png`, type: 'Image', caption: 'Robot' },
          achievementType: 'Badge',
          alignment: [{ type: ['Alignment'], targetName: 'Programming', targetUrl: 'https://example.org/frameworks/programming', targetType: 'CFItem' }],
          resultDescription: [{ id: `${achievementId}#levels`, type: ['ResultDescription'], resultType: 'RubricCriterionLevel' }],
          tag: ['robotics', 'stem'],
          related: [{ id: `${BASE}/achievements/robotique-1`, type: ['Related'], inLanguage: 'fr' }],
        },
        result: [{ type: ['Result'], resultDescription: `${achievementId}#levels`, achievedLevel: `${achievementId}#gold` }],
        narrative: 'Ada built two robots.',
      },
      evidence: [{ type: ['Evidence'], id: 'https://example.org/portfolio/ada/robot', name: 'Robot video' }],
    });
    expect(credential.credentialSubject).not.toHaveProperty('id');
    expect(hashIdentity('a@example.com', 'Kosher')).toBe('sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399');
  });

  it('rejects input that cannot make a valid credential', () => {
    const base = credentialInput('did:web:x');
    expect(() => buildOpenBadgeCredential({ ...base, recipient: {} })).toThrow(/recipient/);
    expect(() => buildOpenBadgeCredential({ ...base, validUntil: '2020-01-01T00:00:00Z' })).toThrow(/after validFrom/);
    expect(() => buildOpenBadgeCredential({ ...base, results: [{ resultDescription: 'https://nowhere' }] })).toThrow(/unknown result description/);
    expect(() => buildOpenBadgeCredential({ ...base, achievement: { ...base.achievement, criteria: {} } })).toThrow(/criteria/);
    expect(() => buildOpenBadgeCredential({ ...base, id: 'not a uri' })).toThrow(/URI/);
  });
});
