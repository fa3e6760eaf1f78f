import { describe, expect, it } from 'vitest';
import {
  ACTIONS,
  type Action,
  type Organization,
  type Role,
  SLUG_MAX,
  SLUG_PATTERN,
  can,
  freeSlug,
  invitationStatus,
  issuerProfile,
  membershipRefusal,
  mergeRoles,
  slugCandidate,
  slugify,
} from '../../src/organizations/organizations';

describe('slugs', () => {
  it.each([
    ['Région Normandie', 'region-normandie'],
    ['  CFA  de   Caen ', 'cfa-de-caen'],
    ["L'Œuvre d'Orient", 'l-oeuvre-d-orient'],
    ['Straße & Co.', 'strasse-co'],
    ['École 42 — Paris', 'ecole-42-paris'],
    ['ÇA VA ?', 'ca-va'],
    ['--Déjà--vu--', 'deja-vu'],
    ['ﬁnance', 'finance'],
    ['東京大学', 'organisation'],
    ['!!!', 'organisation'],
    ['', 'organisation'],
  ])('%j → %j', (name, slug) => {
    expect(slugify(name)).toBe(slug);
    expect(slug).toMatch(SLUG_PATTERN);
  });

  it('cuts long names at a word boundary-safe length, never ending with a dash', () => {
    const slug = slugify(`${'a'.repeat(SLUG_MAX - 1)} b c`);
    expect(slug.length).toBeLessThanOrEqual(SLUG_MAX);
    expect(slug).toMatch(SLUG_PATTERN);
    expect(slug).toBe('a'.repeat(SLUG_MAX - 1));
  });

  it.each([
    ['region-normandie', 1, 'region-normandie'],
    ['region-normandie', 2, 'region-normandie-2'],
    ['region-normandie', 13, 'region-normandie-13'],
    ['a'.repeat(SLUG_MAX), 2, `${'a'.repeat(SLUG_MAX - 2)}-2`],
    [`${'a'.repeat(SLUG_MAX - 3)}-bc`, 10, `${'a'.repeat(SLUG_MAX - 3)}-10`],
  ])('candidate %j #%i → %j', (base, n, expected) => {
    const candidate = slugCandidate(base, n);
    expect(candidate).toBe(expected);
    expect(candidate.length).toBeLessThanOrEqual(SLUG_MAX);
    expect(candidate).toMatch(SLUG_PATTERN);
  });

  it.each([
    [[], 'cfa', 'cfa'],
    [['cfa'], 'cfa', 'cfa-2'],
    [['cfa', 'cfa-2', 'cfa-3'], 'cfa', 'cfa-4'],
    [['cfa', 'cfa-3'], 'cfa', 'cfa-2'],
    [['cfa-2'], 'cfa', 'cfa'],
    [[], 'new', 'new-2'],
  ])('taken %j, base %j → %j', (taken, base, expected) => {
    expect(freeSlug(base, new Set(taken))).toBe(expected);
  });
});

describe('can', () => {
  const expected: Record<Role, Action[]> = {
    owner: [...ACTIONS],
    admin: ['org.edit', 'org.members', 'badge.design', 'badge.issue', 'badge.revoke', 'application.review'],
    designer: ['badge.design'],
    issuer: ['badge.issue', 'badge.revoke'],
    reviewer: ['application.review'],
  };
  const cases = Object.entries(expected).flatMap(([role, allowed]) =>
    ACTIONS.map((action) => [role as Role, action, allowed.includes(action)] as const),
  );

  it.each(cases)('%s may %s: %s', (role, action, allowed) => {
    expect(can([role], action)).toBe(allowed);
  });

  it.each(ACTIONS)('a platform administrator may %s, member or not', (action) => {
    expect(can([], action, { isAdmin: true })).toBe(true);
  });

  it.each(ACTIONS)('nobody without roles may %s', (action) => {
    expect(can([], action)).toBe(false);
    expect(can([], action, { isAdmin: false })).toBe(false);
  });

  it('combines roles', () => {
    expect(can(['designer', 'reviewer'], 'application.review')).toBe(true);
    expect(can(['designer', 'reviewer'], 'badge.issue')).toBe(false);
  });
});

describe('membership changes', () => {
  const owner = { roles: ['owner'] as Role[], isAdmin: false };
  const admin = { roles: ['admin'] as Role[], isAdmin: false };
  const reviewer = { roles: ['reviewer'] as Role[], isAdmin: false };
  const platformAdmin = { roles: [] as Role[], isAdmin: true };
  it.each([
    ['admin changes an issuer into a designer', admin, ['issuer'], ['designer'], 0, null],
    ['admin makes someone admin', admin, ['issuer'], ['admin', 'issuer'], 0, null],
    ['admin removes a reviewer', admin, ['reviewer'], [], 0, null],
    ['reviewer changes roles', reviewer, ['issuer'], ['designer'], 1, 'forbidden'],
    ['stranger removes someone', { roles: [] as Role[], isAdmin: false }, ['issuer'], [], 1, 'forbidden'],
    ['admin grants owner', admin, ['admin'], ['owner'], 1, 'ownerRequired'],
    ['admin removes an owner', admin, ['owner'], [], 1, 'ownerRequired'],
    ['admin demotes an owner', admin, ['owner', 'admin'], ['admin'], 1, 'ownerRequired'],
    ['admin changes an owner’s other roles', admin, ['owner'], ['owner', 'issuer'], 0, null],
    ['owner grants owner', owner, ['admin'], ['owner'], 1, null],
    ['owner demotes another owner', owner, ['owner'], ['admin'], 1, null],
    ['owner demotes the last owner', owner, ['owner'], ['admin'], 0, 'lastOwner'],
    ['owner removes the last owner', owner, ['owner'], [], 0, 'lastOwner'],
    ['platform admin removes the last owner', platformAdmin, ['owner'], [], 0, 'lastOwner'],
    ['platform admin grants owner', platformAdmin, ['issuer'], ['owner'], 1, null],
  ] as const)('%s → %s', (_label, actor, before, after, otherOwners, refusal) => {
    expect(membershipRefusal(actor, { before, after, otherOwners })).toBe(refusal);
  });

  it('merges roles without duplicates, in the canonical order', () => {
    expect(mergeRoles(['reviewer', 'admin'], ['issuer', 'admin'])).toEqual(['admin', 'issuer', 'reviewer']);
    expect(mergeRoles([], ['owner'])).toEqual(['owner']);
  });
});

describe('issuer profile', () => {
  const base: Organization = {
    id: '1',
    slug: 'region-normandie',
    name: 'Région Normandie',
    description: '',
    url: null,
    email: null,
    hasLogo: false,
    didMethod: 'web',
    updatedAt: new Date(0),
  };

  it('omits absent fields', () => {
    expect(issuerProfile(base, 'https://b.example')).toEqual({
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
      id: 'https://b.example/organizations/region-normandie',
      type: ['Profile'],
      name: 'Région Normandie',
    });
  });

  it('carries description, url, email and image when present', () => {
    const profile = issuerProfile(
      { ...base, description: 'La Région', url: 'https://normandie.fr', email: 'badges@normandie.fr', hasLogo: true },
      'https://b.example',
    );
    expect(profile).toMatchObject({
      description: 'La Région',
      url: 'https://normandie.fr',
      email: 'badges@normandie.fr',
      image: { id: 'https://b.example/organizations/region-normandie/logo.png', type: 'Image' },
    });
  });
});

describe('invitation status', () => {
  const now = new Date('2025-01-10T00:00:00Z');
  const future = new Date('2025-01-20T00:00:00Z');
  it.each([
    [{ accepted_at: null, revoked_at: null, expires_at: future }, 'pending'],
    [{ accepted_at: null, revoked_at: null, expires_at: now }, 'expired'],
    [{ accepted_at: now, revoked_at: null, expires_at: future }, 'accepted'],
    [{ accepted_at: null, revoked_at: now, expires_at: future }, 'revoked'],
    [{ accepted_at: now, revoked_at: null, expires_at: new Date(0) }, 'accepted'],
  ] as const)('%j → %s', (inv, status) => {
    expect(invitationStatus(inv, now)).toBe(status);
  });
});
