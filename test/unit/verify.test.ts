// The verifier's pure rules: every problem code translated, the verdict, the summary of a credential,
// which URLs are ours, which look like JSON-LD contexts.
import { describe, expect, it } from 'vitest';
import { MESSAGES, type CheckId, type ProblemCode, type VerificationResult } from '../../src/credentials';
import { isMessageKey, messages, translator } from '../../src/i18n';
import { presentReport, problemKey } from '../../src/verify/present';
import {
  contextUrlsOf,
  INPUT_CODES,
  isOwnUrl,
  looksLikeContext,
  organizationSlugOf,
  ownPath,
  parseRecipient,
  reportOf,
  summarize,
  unusableReport,
  verdictOf,
  type ReportCheck,
} from '../../src/verify/verify';

const BASE = 'https://badges.example.org';

describe('verifier messages', () => {
  it('translates every problem code of the library and of the verifier, in French and in English', () => {
    const codes = [...Object.keys(MESSAGES), ...INPUT_CODES] as Array<keyof typeof MESSAGES | (typeof INPUT_CODES)[number]>;
    for (const code of codes) {
      const key = problemKey(code);
      expect(isMessageKey(key), key).toBe(true);
      expect(messages.fr[key], key).not.toBe(messages.en[key]);
      expect(messages.en[key].trim(), key).not.toBe('');
    }
  });
});

function checks(failures: Record<string, string[]>, skipped = false): ReportCheck[] {
  return ['schema', 'subject', 'proof', 'status', 'validity', 'endorsements'].map((id) => ({
    id: id as ReportCheck['id'],
    passed: !failures[id],
    skipped: skipped && id !== 'schema',
    problems: (failures[id] ?? []).map((code) => ({ code: code as never })),
  }));
}

describe('the verdict', () => {
  it.each([
    [{}, 'valid'],
    [{ proof: ['proof.signature_invalid'], status: ['status.revoked'] }, 'not_authentic'],
    [{ status: ['status.revoked'], validity: ['validity.expired'] }, 'revoked'],
    [{ status: ['status.suspended'] }, 'suspended'],
    [{ validity: ['validity.expired'] }, 'expired'],
    [{ validity: ['validity.not_yet_valid'] }, 'not_yet_valid'],
    [{ schema: ['schema.required'] }, 'invalid'],
    [{ endorsements: ['endorsements.invalid'] }, 'invalid'],
    [{ status: ['status.list_invalid'] }, 'invalid'],
  ] as const)('%j is %s', (failures, verdict) => {
    expect(verdictOf(checks(failures as Record<string, string[]>))).toBe(verdict);
  });

  it('is unusable when the input could not be read', () => {
    expect(verdictOf(checks({ schema: ['input.unreadable'] }, true))).toBe('unusable');
    const report = unusableReport('input.url_not_found', 'gone', { url: 'https://x.example/b' });
    expect(report).toMatchObject({ valid: false, verdict: 'unusable', source: { url: 'https://x.example/b' } });
    expect(report.checks[0]).toEqual({ id: 'schema', passed: false, skipped: false, problems: [{ code: 'input.url_not_found', detail: 'gone' }] });
  });

  it('reads the date of an expired badge in the language of the reader', () => {
    const result: VerificationResult = {
      valid: false,
      checks: checks({ validity: ['validity.expired'] }).map((c) => ({ ...c, id: c.id as CheckId, problems: c.problems.map((p) => ({ code: p.code as ProblemCode, message: '' })) })),
      warnings: [],
      credential: { validUntil: '2031-03-12T10:00:00Z', credentialSubject: {} },
      format: 'json',
    };
    const report = reportOf(result);
    expect(presentReport(report, translator('fr'), 'fr').message).toBe('Ce badge a expiré le 12 mars 2031.');
    expect(presentReport(report, translator('en'), 'en').message).toBe('This badge expired on 12 March 2031.');
    const en = presentReport(report, translator('en'), 'en');
    expect(en.checks.map((c) => c.label)).toEqual(['Badge format', 'Holder', 'Signature', 'Revocation', 'Validity period', 'Endorsements']);
    expect(en.checks[4]).toMatchObject({ passed: false, code: 'validity.expired', message: 'The badge has expired (its end date has passed).' });
  });
});

describe('the summary of a credential', () => {
  it('keeps what people read and never the salt or the hash', () => {
    const summary = summarize({
      id: 'urn:uuid:1',
      name: '  Robotique  ',
      issuer: { id: 'did:web:x', name: 'CFA' },
      validFrom: '2025-01-01T00:00:00Z',
      credentialSubject: {
        id: 'did:key:z6Mk',
        achievement: { id: 'https://x/a', name: 'Robotique', achievementType: 'Badge' },
        identifier: [{ type: 'IdentityObject', identityHash: 'sha256$abc', identityType: 'emailAddress', hashed: true, salt: 'pepper' }],
      },
    });
    expect(summary).toEqual({
      id: 'urn:uuid:1',
      name: 'Robotique',
      validFrom: '2025-01-01T00:00:00Z',
      issuer: { id: 'did:web:x', name: 'CFA' },
      achievement: { id: 'https://x/a', name: 'Robotique', achievementType: 'Badge' },
      recipient: { id: 'did:key:z6Mk', identifiers: [{ identityType: 'emailAddress', hashed: true }] },
      endorsements: { count: 0, valid: 0, items: [] },
    });
  });

  it('copes with odd shapes: an issuer given as a URI, VC 1.1 dates, no subject', () => {
    expect(summarize({ issuer: 'https://issuer.example', issuanceDate: '2020-01-01T00:00:00Z', expirationDate: 7, name: ['x'] })).toEqual({
      validFrom: '2020-01-01T00:00:00Z',
      issuer: { id: 'https://issuer.example' },
      achievement: {},
      recipient: { identifiers: [] },
      endorsements: { count: 0, valid: 0, items: [] },
    });
  });

  it('reads the expected recipient as an e-mail address or an id', () => {
    expect(parseRecipient(' ada@example.org ')).toEqual({ identityType: 'emailAddress', value: 'ada@example.org' });
    expect(parseRecipient('did:key:z6Mk')).toEqual({ id: 'did:key:z6Mk' });
    expect(parseRecipient('  ')).toBeUndefined();
  });
});

describe('URLs', () => {
  it('knows our own URLs and DIDs, and nobody else’s', () => {
    expect(isOwnUrl(BASE, 'did:web:badges.example.org:organizations:acme')).toBe(true);
    expect(isOwnUrl(BASE, 'did:web:Badges.Example.org:organizations:acme#key-1')).toBe(true);
    expect(isOwnUrl(BASE, 'did:web:badges.example.org')).toBe(true);
    expect(isOwnUrl(BASE, 'did:web:badges.example.org.evil.example')).toBe(false);
    expect(isOwnUrl(BASE, 'did:web:other.example:organizations:acme')).toBe(false);
    expect(isOwnUrl(BASE, `${BASE}/credentials/1`)).toBe(true);
    expect(isOwnUrl(BASE, 'https://badges.example.org.evil.example/credentials/1')).toBe(false);
    expect(isOwnUrl(BASE, 'http://badges.example.org/credentials/1')).toBe(false);
    expect(isOwnUrl('http://localhost:3000', 'did:web:localhost%3a3000:organizations:x')).toBe(true);
    expect(isOwnUrl('https://host.example/blason', 'https://host.example/other/x')).toBe(false);
    expect(ownPath('https://host.example/blason', 'https://host.example/blason/credentials/1?v=2')).toBe('/blason/credentials/1?v=2');
  });

  it('finds the organisation of a DID or a did.json URL of ours', () => {
    expect(organizationSlugOf(BASE, 'did:web:badges.example.org:organizations:cfa-numerique')).toBe('cfa-numerique');
    expect(organizationSlugOf(BASE, `${BASE}/organizations/cfa-numerique/did.json`)).toBe('cfa-numerique');
    expect(organizationSlugOf('http://localhost:3000', 'did:web:localhost%3A3000:organizations:acme')).toBe('acme');
    expect(organizationSlugOf(BASE, 'did:web:badges.example.org:organizations:acme:extra')).toBeUndefined();
    expect(organizationSlugOf(BASE, 'did:web:other.example:organizations:acme')).toBeUndefined();
    expect(organizationSlugOf(BASE, `${BASE}/organizations/acme/jwks.json`)).toBeUndefined();
  });

  it('recognizes JSON-LD contexts, never to be fetched', () => {
    for (const url of [
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
      'https://w3id.org/security/multikey/v1',
      'https://other.example/contexts/badge.json',
      'https://other.example/vocab.jsonld',
      'https://other.example/context.json',
    ])
      expect(looksLikeContext(url), url).toBe(true);
    for (const url of ['https://other.example/issuers/1', 'https://other.example/status/3', 'did:web:other.example'])
      expect(looksLikeContext(url), url).toBe(false);
  });

  it('collects every URL under any @context, scoped ones included', () => {
    const found = contextUrlsOf({
      '@context': ['https://a.example/1', { term: { '@id': 'x', '@context': 'https://b.example/2' } }],
      credentialSubject: { '@context': 'https://c.example/3', id: 'https://not-a-context.example' },
    });
    expect([...found].sort()).toEqual(expect.arrayContaining(['https://a.example/1', 'https://b.example/2', 'https://c.example/3']));
    expect(found.has('https://not-a-context.example')).toBe(false);
  });
});
