import { describe, expect, it } from 'vitest';
import {
  awardInputSchema,
  awardPeriod,
  badgeLevels,
  credentialStatus,
  matchLevel,
  normalizeEvidence,
  parseDate,
} from '../../src/awards/awards';
import { defaultBadgeSvg, initials, svgWrappingPng } from '../../src/awards/downloads';
import { awardFieldOf, formToAwardInput } from '../../src/awards/forms';
import { ob2Assertion, ob2RevokedAssertion } from '../../src/awards/ob2';
import { hashIdentity } from '../../src/credentials';
import { AppError } from '../../src/errors';
import { parseInput } from '../../src/platform/validate';

const BADGE = 'https://badges.example.org/badges/abc';
const levels = badgeLevels({
  resultDescription: [
    {
      id: `${BADGE}#levels`,
      type: ['ResultDescription'],
      name: 'Niveau',
      resultType: 'RubricCriterionLevel',
      rubricCriterionLevel: [
        { id: `${BADGE}#level-1`, type: ['RubricCriterionLevel'], name: 'Je pratique', level: 'I' },
        { id: `${BADGE}#level-2`, type: ['RubricCriterionLevel'], name: 'Je maîtrise', level: 'II' },
      ],
    },
  ],
});

function fieldError(run: () => unknown): Record<string, unknown> {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error.fields;
    throw error;
  }
  throw new Error('no error');
}

describe('levels', () => {
  it.each([
    ['Je maîtrise', '#level-2'],
    ['je pratique', '#level-1'],
    ['II', '#level-2'],
    ['#level-1', '#level-1'],
    [`${BADGE}#level-2`, '#level-2'],
  ])('matches %j to %s', (given, id) => {
    expect(matchLevel(levels, given)).toEqual(expect.objectContaining({ id: `${BADGE}${id}`, resultDescriptionId: `${BADGE}#levels` }));
  });

  it('is optional, refuses unknown levels and levels on a badge without any', () => {
    expect(matchLevel(levels, undefined)).toBeUndefined();
    expect(matchLevel([], '')).toBeUndefined();
    expect(fieldError(() => matchLevel(levels, 'III'))).toEqual({ level: { key: 'awards.level.unknown', params: { levels: 'Je pratique, Je maîtrise' } } });
    expect(fieldError(() => matchLevel([], 'I'))).toEqual({ level: { key: 'awards.level.none' } });
  });
});

describe('validity period', () => {
  const now = new Date('2025-01-31T12:00:00Z');
  it.each([
    [{}, { years: 2 }, '2025-01-31T12:00:00.000Z', '2027-01-31T12:00:00.000Z'],
    [{}, { months: 1 }, '2025-01-31T12:00:00.000Z', '2025-02-28T12:00:00.000Z'],
    [{}, undefined, '2025-01-31T12:00:00.000Z', null],
    [{ issuedAt: new Date('2024-06-01T00:00:00Z') }, { years: 1 }, '2024-06-01T00:00:00.000Z', '2025-06-01T00:00:00.000Z'],
    [{ validUntil: new Date('2026-01-01T00:00:00Z') }, { years: 3 }, '2025-01-31T12:00:00.000Z', '2026-01-01T00:00:00.000Z'],
    [{ validUntil: null }, { years: 3 }, '2025-01-31T12:00:00.000Z', null],
  ] as const)('%j with validity %j → %s … %s', (input, validity, from, until) => {
    const period = awardPeriod(now, input, validity);
    expect(period.validFrom.toISOString()).toBe(from);
    expect(period.validUntil?.toISOString() ?? null).toBe(until);
  });

  it('refuses a future issue date and an end before the start', () => {
    expect(fieldError(() => awardPeriod(now, { issuedAt: new Date('2025-02-01T00:00:00Z') }, undefined))).toEqual({ issuedAt: { key: 'awards.validation.future' } });
    expect(awardPeriod(now, { issuedAt: new Date('2025-01-31T12:04:00Z') }, undefined).validFrom.toISOString()).toBe('2025-01-31T12:04:00.000Z');
    expect(fieldError(() => awardPeriod(now, { validUntil: now }, undefined))).toEqual({ validUntil: { key: 'awards.validation.untilBeforeFrom' } });
  });

  it('reads dates and date-times with a time zone only', () => {
    expect(parseDate('2025-06-30')?.toISOString()).toBe('2025-06-30T00:00:00.000Z');
    expect(parseDate('2025-06-30T10:00:00+02:00')?.toISOString()).toBe('2025-06-30T08:00:00.000Z');
    for (const bad of ['2025-06-30T10:00:00', '30/06/2025', '2025-02-30x', 'tomorrow']) expect(parseDate(bad)).toBeUndefined();
  });
});

describe('status', () => {
  const now = new Date('2025-01-01T00:00:00Z');
  it('is revoked before expired before active', () => {
    expect(credentialStatus({ revokedAt: null, validUntil: null }, now)).toBe('active');
    expect(credentialStatus({ revokedAt: null, validUntil: new Date('2025-01-02') }, now)).toBe('active');
    expect(credentialStatus({ revokedAt: null, validUntil: new Date('2024-12-31') }, now)).toBe('expired');
    expect(credentialStatus({ revokedAt: now, validUntil: new Date('2024-12-31') }, now)).toBe('revoked');
  });
});

describe('award input', () => {
  it('lower-cases the address, needs exactly one recipient, turns strings into evidence', () => {
    const parsed = parseInput(awardInputSchema, { recipient: { email: ' Ada@Example.ORG ' }, evidence: 'https://example.org/x', validUntil: null });
    expect(parsed.recipient.email).toBe('ada@example.org');
    expect(parsed.validUntil).toBeNull();
    expect(normalizeEvidence(parsed.evidence)).toEqual([{ id: 'https://example.org/x' }]);
    expect(normalizeEvidence(['Un texte', { id: 'https://e.org', name: 'Vidéo', narrative: '' }])).toEqual([{ narrative: 'Un texte' }, { id: 'https://e.org', name: 'Vidéo' }]);
    const both = fieldError(() => parseInput(awardInputSchema, { recipient: { email: 'a@b.org', organization: 'cfa' } }));
    expect(both).toEqual({ 'recipient.email': { key: 'awards.validation.recipient' } });
    expect(Object.keys(fieldError(() => parseInput(awardInputSchema, { recipient: { email: 'a@b.org' }, evidence: [{ id: 'ftp://x.org/y' }] })))).toEqual(['evidence.0.id']);
  });

  it('maps the award form to the API body and its errors back to the fields', () => {
    expect(formToAwardInput({ recipient_kind: 'organization', organization: 'cfa', email: 'ignored@x.org', name: '', level: 'II', valid_until: '2026-01-01' })).toEqual({
      recipient: { organization: 'cfa' },
      level: 'II',
      validUntil: '2026-01-01',
    });
    expect(formToAwardInput({ recipient_kind: 'email', email: 'a@b.org', name: 'Ada', evidence: 'texte' })).toEqual({ recipient: { email: 'a@b.org', name: 'Ada' }, evidence: 'texte' });
    expect(awardFieldOf('recipient.email', { recipient_kind: 'organization' })).toBe('organization');
    expect(awardFieldOf('recipient.name', {})).toBe('name');
    expect(awardFieldOf('evidence.0.id', {})).toBe('evidence');
    expect(awardFieldOf('issuedAt', {})).toBe('valid_until');
  });
});

describe('images', () => {
  it.each([
    ['Médiation numérique pédagogique', 'MN'],
    ['Label CFA numérique normand', 'LC'],
    ["S'intégrer", 'SI'],
    ['« Communiquer »', 'C'],
    ['…', '?'],
  ])('draws the initials of %j: %s', (name, expected) => {
    expect(initials(name)).toBe(expected);
  });

  it('escapes the name in the drawn SVG and wraps a PNG in an SVG image', () => {
    const svg = defaultBadgeSvg('<Tom & Jerry>', 'seed');
    expect(svg).toContain('<title>&lt;Tom &amp; Jerry&gt;</title>');
    expect(svg).toContain('>TJ</text>');
    expect(defaultBadgeSvg('x', 'seed')).toContain(svg.match(/fill="#[0-9a-f]{6}"/)![0]);
    expect(svgWrappingPng(Buffer.from('png'), 10, 20)).toContain('<image width="10" height="20" href="data:image/png;base64,cG5n"');
  });
});

describe('OB 2.0 assertion', () => {
  const credential = {
    publicId: 'abc',
    badgePublicId: 'b1',
    badgeVersion: 2,
    salt: 'pepper',
    recipient: { kind: 'email' as const, email: 'ada@example.org', name: null },
    validFrom: new Date('2025-01-01T00:00:00Z'),
    validUntil: null,
    narrative: null,
    evidence: [],
    revocationReason: 'Erreur',
  };
  it('hashes the address with the salt and names the hosted documents', () => {
    const assertion = ob2Assertion('https://b.example', credential as never);
    expect(assertion).toEqual({
      '@context': 'https://w3id.org/openbadges/v2',
      type: 'Assertion',
      id: 'https://b.example/ob2/assertions/abc',
      recipient: { type: 'email', hashed: true, salt: 'pepper', identity: hashIdentity('ada@example.org', 'pepper') },
      badge: 'https://b.example/ob2/badges/b1',
      verification: { type: 'hosted' },
      issuedOn: '2025-01-01T00:00:00Z',
      image: 'https://b.example/ob2/badges/b1/image?v=2',
    });
    expect(ob2RevokedAssertion('https://b.example', credential)).toMatchObject({ revoked: true, revocationReason: 'Erreur' });
  });
});
