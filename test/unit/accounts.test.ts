// Pure rules of accounts: input schemas, address normalisation, password hashing.
import { describe, expect, it } from 'vitest';
import { defaultDisplayName, newAccountSchema, normalizeEmail, profileSchema } from '../../src/accounts/accounts';
import { hashPassword, verifyPassword } from '../../src/accounts/passwords';
import { AppError } from '../../src/errors';
import { parseInput } from '../../src/platform/validate';

function fieldKeys(input: unknown): Record<string, string> {
  try {
    parseInput(newAccountSchema, input);
    return {};
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return Object.fromEntries(Object.entries(error.fields).map(([k, v]) => [k, v.key]));
  }
}

describe('new account input', () => {
  it.each([
    [{ displayName: 'A', email: 'a@b.co', password: '0123456789' }, {}],
    [{ displayName: 'A', email: 'a@b.co', password: '012345678' }, { password: 'accounts.password.tooShort' }],
    [{ displayName: ' ', email: 'a@b.co', password: '0123456789' }, { displayName: 'validation.required' }],
    [{ displayName: 'A', email: '   ', password: '0123456789' }, { email: 'validation.required' }],
    [{ displayName: 'A', email: 'a@', password: '0123456789' }, { email: 'validation.email' }],
    [{}, { displayName: 'validation.required', email: 'validation.required', password: 'validation.required' }],
  ])('%j → %j', (input, expected) => {
    expect(fieldKeys(input)).toEqual(expected);
  });

  it('trims and lower-cases addresses, trims names', () => {
    const data = parseInput(newAccountSchema, { displayName: '  Zoé ', email: ' Zoe@Example.ORG ', password: ' 10 chars! ' });
    expect(data).toEqual({ displayName: 'Zoé', email: 'zoe@example.org', password: ' 10 chars! ' });
    expect(normalizeEmail('  X@Y.Z ')).toBe('x@y.z');
  });

  it('takes a profile change of either field', () => {
    expect(parseInput(profileSchema, { locale: 'en' })).toEqual({ locale: 'en' });
    expect(() => parseInput(profileSchema, { locale: 'de' })).toThrow(AppError);
  });

  it('derives a display name from the address', () => {
    expect(defaultDisplayName('jeanne.dupont@example.org')).toBe('jeanne.dupont');
  });
});

describe('passwords', () => {
  it('hashes with argon2id and salts every hash', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(a, 'correct horse batterY')).toBe(false);
  });

  it('fails without a hash (unknown address, no password set) and on a malformed hash', async () => {
    expect(await verifyPassword(null, 'anything at all')).toBe(false);
    expect(await verifyPassword('not-a-hash', 'anything at all')).toBe(false);
  });

  it('spends about as long on an unknown address as on a wrong password (dummy hash)', async () => {
    const real = await hashPassword('the real password');
    const time = async (run: () => Promise<unknown>) => {
      const start = performance.now();
      await run();
      return performance.now() - start;
    };
    // Interleaved, so that a busy machine slows both alike; without the dummy hash the ratio would be ~0.001.
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 7; i++) {
      known.push(await time(() => verifyPassword(real, 'a wrong password')));
      unknown.push(await time(() => verifyPassword(null, 'a wrong password')));
    }
    const median = (xs: number[]) => xs.sort((x, y) => x - y)[3] ?? 0;
    expect(median(unknown)).toBeGreaterThan(median(known) / 4);
  });
});
