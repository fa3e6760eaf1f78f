// The pure part of Open Badges 2.0 verification: recognising an assertion in what was handed in,
// the recipient's identity (plain, sha256$ or md5$ with a salt), the issuer's verification policy,
// well-formedness, revocation lists, and the verdict of OB 2.0 checks.
import { createHash } from 'node:crypto';
import zlib from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { bakePng } from '../../src/credentials';
import {
  assertionProblems,
  hostedAllowed,
  isOb2Assertion,
  ob2RecipientMatches,
  readOb2Input,
  revokedInList,
  sameAssertion,
} from '../../src/verify/ob2';
import { verdictOf, type ReportCheck } from '../../src/verify/verify';

const hash = (algorithm: 'sha256' | 'md5', value: string) => `${algorithm}$${createHash(algorithm).update(value).digest('hex')}`;

describe('ob2RecipientMatches', () => {
  const cases: Array<[string, Record<string, unknown>, string[], boolean]> = [
    ['plain e-mail, same case', { type: 'email', hashed: false, identity: 'ada@example.org' }, ['ada@example.org'], true],
    ['plain e-mail, other case', { type: 'email', hashed: false, identity: 'Ada@Example.org' }, ['ada@example.org'], true],
    ['plain e-mail, another address', { type: 'email', hashed: false, identity: 'bob@example.org' }, ['ada@example.org'], false],
    ['sha256 with salt', { type: 'email', hashed: true, salt: 'poivre', identity: hash('sha256', 'ada@example.org' + 'poivre') }, ['ada@example.org'], true],
    ['sha256 with salt, upper-case hex', { type: 'email', hashed: true, salt: 'poivre', identity: hash('sha256', 'ada@example.org' + 'poivre').toUpperCase().replace('SHA256', 'sha256') }, ['ada@example.org'], true],
    ['sha256, candidate lower-cased', { type: 'email', hashed: true, salt: 's', identity: hash('sha256', 'ada@example.org' + 's') }, ['Ada@Example.org'], true],
    ['sha256 without salt', { type: 'email', hashed: true, identity: hash('sha256', 'ada@example.org') }, ['ada@example.org'], true],
    ['sha256, wrong salt', { type: 'email', hashed: true, salt: 'sel', identity: hash('sha256', 'ada@example.org' + 'poivre') }, ['ada@example.org'], false],
    ['md5 with salt', { type: 'email', hashed: true, salt: 'x', identity: hash('md5', 'ada@example.org' + 'x') }, ['ada@example.org'], true],
    ['one of several addresses', { type: 'email', hashed: true, salt: 'x', identity: hash('sha256', 'ada@cfa.example' + 'x') }, ['ada@example.org', 'ada@cfa.example'], true],
    ['no candidate', { type: 'email', hashed: true, salt: 'x', identity: hash('sha256', 'ada@example.org' + 'x') }, [], false],
    ['hashed: true but not a hash', { type: 'email', hashed: true, identity: 'ada@example.org' }, ['ada@example.org'], false],
    ['a URL identity compares exactly', { type: 'url', hashed: false, identity: 'https://example.org/Ada' }, ['https://example.org/ada'], false],
    ['no identity', { type: 'email', hashed: false }, ['ada@example.org'], false],
  ];
  it.each(cases)('%s', (_name, recipient, candidates, expected) => {
    expect(ob2RecipientMatches(recipient, candidates)).toBe(expected);
  });
});

describe('hostedAllowed (the issuer verification policy)', () => {
  const issuer = (verification?: Record<string, unknown>) => ({ id: 'https://badges.example.org/issuer', ...(verification ? { verification } : {}) });
  const cases: Array<[string, string, Record<string, unknown>, boolean]> = [
    ['same origin as the issuer (default)', 'https://badges.example.org/a/1', issuer(), true],
    ['another origin (default)', 'https://evil.example/a/1', issuer(), false],
    ['another port (default)', 'https://badges.example.org:8443/a/1', issuer(), false],
    ['allowedOrigins names the host', 'https://cdn.example.net/a/1', issuer({ allowedOrigins: ['cdn.example.net'] }), true],
    ['allowedOrigins as a string', 'https://cdn.example.net/a/1', issuer({ allowedOrigins: 'cdn.example.net' }), true],
    ['allowedOrigins excludes the issuer host', 'https://badges.example.org/a/1', issuer({ allowedOrigins: ['cdn.example.net'] }), false],
    ['startsWith matches', 'https://badges.example.org/assertions/1', issuer({ startsWith: 'https://badges.example.org/assertions/' }), true],
    ['startsWith does not match', 'https://badges.example.org/other/1', issuer({ startsWith: ['https://badges.example.org/assertions/'] }), false],
    ['not a URL', 'urn:uuid:1', issuer(), false],
    // Fetched as https://badges.example.org/uploads/evil.json: the prefix must hold for what is fetched.
    ['startsWith escaped with ..', 'https://badges.example.org/assertions/../uploads/evil.json', issuer({ startsWith: 'https://badges.example.org/assertions/' }), false],
    ['an id that is not in its normal form', 'HTTPS://badges.example.org/a/1', issuer(), false],
  ];
  it.each(cases)('%s', (_name, id, policyIssuer, expected) => {
    expect(hostedAllowed(id, policyIssuer)).toBe(expected);
  });
});

describe('recognising an OB 2.0 assertion', () => {
  const assertion = {
    '@context': 'https://w3id.org/openbadges/v2',
    type: 'Assertion',
    id: 'https://badges.example.org/assertions/1',
    recipient: { type: 'email', hashed: false, identity: 'ada@example.org' },
    badge: 'https://badges.example.org/badges/1',
    verification: { type: 'hosted' },
    issuedOn: '2025-01-01T00:00:00Z',
  };
  const jws = `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from(JSON.stringify(assertion)).toString('base64url')}.c2ln`;

  it.each([
    ['an Assertion', assertion, true],
    ['recipient and badge without a type', { recipient: {}, badge: 'x' }, true],
    ['an OB 3.0 credential', { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'], credentialSubject: {} }, false],
    ['a VC-JWT payload', { vc: {}, recipient: {}, badge: 'x' }, false],
    ['a string', 'Assertion', false],
  ] as const)('isOb2Assertion: %s', (_name, value, expected) => {
    expect(isOb2Assertion(value)).toBe(expected);
  });

  it('reads JSON, a JWS, baked PNG (iTXt, tEXt, URL) and SVG; leaves OB 3.0 and garbage to the OB 3.0 reader', async () => {
    const png = await sharp({ create: { width: 4, height: 4, channels: 4, background: '#000' } }).png().toBuffer();
    expect(readOb2Input(assertion)).toEqual({ format: 'json', assertion });
    expect(readOb2Input(JSON.stringify(assertion))).toEqual({ format: 'json', assertion });
    expect(readOb2Input(jws)).toEqual({ format: 'jwt', assertion, jws });
    expect(readOb2Input(bakePng(png, assertion.id, 'openbadges'))).toEqual({ format: 'png', url: assertion.id });
    expect(readOb2Input(bakePng(png, jws, 'openbadges'))).toEqual({ format: 'png', assertion, jws });
    expect(readOb2Input(withTextChunk(png, 'openbadges', JSON.stringify(assertion)))).toEqual({ format: 'png', assertion });
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org"><openbadges:assertion verify="${assertion.id}"/></svg>`;
    expect(readOb2Input(svg)).toEqual({ format: 'svg', url: assertion.id });
    const svgJson = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org"><openbadges:assertion><![CDATA[${JSON.stringify(assertion)}]]></openbadges:assertion></svg>`;
    expect(readOb2Input(Buffer.from(svgJson))).toEqual({ format: 'svg', assertion });
    // An OB 3.0 image (even with an OB 2.0 chunk too), an image without badge, garbage: not for OB 2.0.
    expect(readOb2Input(bakePng(bakePng(png, assertion.id, 'openbadges'), { credentialSubject: {} }))).toBeUndefined();
    expect(readOb2Input(png)).toBeUndefined();
    expect(readOb2Input('bonjour')).toBeUndefined();
    expect(readOb2Input({ credentialSubject: {} })).toBeUndefined();
  });

  it('checks well-formedness, compares hosted copies, reads revocation lists', () => {
    expect(assertionProblems(assertion)).toEqual([]);
    const { issuedOn: _i, ...noDate } = assertion;
    expect(assertionProblems(noDate)).toEqual([{ code: 'ob2.required', path: 'issuedOn' }]);
    expect(assertionProblems({ ...assertion, verification: { type: 'magic' } })).toEqual([{ code: 'ob2.verification_type', path: 'verification.type' }]);
    expect(assertionProblems({ ...assertion, id: 'urn:uuid:1' })).toEqual([{ code: 'ob2.invalid_value', path: 'id' }]);
    expect(assertionProblems({ ...assertion, id: 'urn:uuid:1', verification: { type: 'signed' } })).toEqual([]);
    expect(sameAssertion(assertion, JSON.parse(JSON.stringify({ ...assertion, recipient: { identity: 'ada@example.org', hashed: false, type: 'email' } })))).toBe(true);
    expect(sameAssertion(assertion, { ...assertion, issuedOn: '2020-01-01T00:00:00Z' })).toBe(false);
    // Absurdly deep nesting is not compared (and does not overflow the stack).
    let deep: unknown = 'x';
    for (let i = 0; i < 3000; i++) deep = [deep];
    expect(sameAssertion({ ...assertion, extra: deep }, { ...assertion, extra: deep })).toBe(false);
    expect(revokedInList({ revokedAssertions: [assertion.id] }, assertion)).toBe(true);
    expect(revokedInList({ revokedAssertions: [{ id: assertion.id, revocationReason: 'x' }] }, assertion)).toBe(true);
    expect(revokedInList({ revokedAssertions: [{ uid: 'u1' }] }, { ...assertion, uid: 'u1' })).toBe(true);
    expect(revokedInList({ revokedAssertions: ['https://badges.example.org/assertions/2'] }, assertion)).toBe(false);
  });
});

describe('the verdict of OB 2.0 checks', () => {
  const check = (id: ReportCheck['id'], code?: ReportCheck['problems'][number]['code']): ReportCheck => ({ id, passed: !code, skipped: false, problems: code ? [{ code }] : [] });
  it.each([
    ['all passed', [check('assertion'), check('hosted'), check('revocation')], 'valid'],
    ['hosted copy differs', [check('assertion'), check('hosted', 'ob2.hosted_mismatch')], 'not_authentic'],
    ['hosted copy unreachable', [check('assertion'), check('hosted', 'ob2.hosted_unavailable')], 'invalid'],
    ['bad signature', [check('signature', 'ob2.signature_invalid')], 'not_authentic'],
    ['revoked', [check('hosted'), check('revocation', 'status.revoked')], 'revoked'],
    ['expired', [check('expiry', 'validity.expired')], 'expired'],
    ['not the recipient', [check('recipient', 'subject.recipient_mismatch')], 'invalid'],
  ] as const)('%s', (_name, checks, verdict) => {
    expect(verdictOf([...checks])).toBe(verdict);
  });
});

/** A PNG with a tEXt chunk (as older OB 2.0 bakers wrote). */
function withTextChunk(png: Buffer, keyword: string, text: string): Buffer {
  const data = Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0]), Buffer.from(text, 'latin1')]);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write('tEXt', 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(data, zlib.crc32(head.subarray(4))), 0);
  const iend = png.length - 12;
  return Buffer.concat([png.subarray(0, iend), head, data, crc, png.subarray(iend)]);
}
