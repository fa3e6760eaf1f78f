import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type AwardRule, awardRuleSchema, evaluateRule, satisfies } from '../../src/rules/award-rule';

const seeds = JSON.parse(fs.readFileSync(new URL('../../../shared/scenarios/seeds.json', import.meta.url), 'utf8'));

function subsets<T>(items: readonly T[]): T[][] {
  return Array.from({ length: 1 << items.length }, (_, bits) => items.filter((_, i) => (bits >> i) & 1));
}

describe('scenario A: the key badge Référent(e) numérique (every combination of the 5 badges)', () => {
  const a = seeds.A_peer_network;
  const rule: AwardRule = a.keyBadge.rule;
  const badges: string[] = a.badges.map((b: { key: string }) => b.key);
  const winning: string[][] = a.keyBadge.winningSets;
  const key = (s: string[]) => [...s].sort().join(',');

  it.each(subsets(badges).map((s) => [s.join(' + ') || '(none)', s] as const))('%s', (_, held) => {
    // Satisfied exactly when the holdings contain one of the seed's winning sets.
    const expected = winning.some((w) => w.every((b) => held.includes(b)));
    expect(satisfies(rule, new Set(held))).toBe(expected);
  });

  it('has exactly the three winning combinations of the seed among the minimal sets', () => {
    const minimal = subsets(badges).filter((s) => satisfies(rule, new Set(s)) && s.every((b) => !satisfies(rule, new Set(s.filter((x) => x !== b)))));
    expect(minimal.map(key).sort()).toEqual(winning.map(key).sort());
  });

  it('does not count Ambassadeur', () => {
    expect(satisfies(rule, new Set(['ingenierie', 'outils', 'ambassadeur']))).toBe(false);
  });
});

describe('scenario B: the label CFA numérique normand (10 of 12 including the 5 mandatory; all 4,096 combinations)', () => {
  const b = seeds.B_cfa_label;
  const all: string[] = b.badges.map((x: { key: string }) => x.key);
  const mandatory: string[] = b.badges.filter((x: { mandatory: boolean }) => x.mandatory).map((x: { key: string }) => x.key);
  const optional = all.filter((k) => !mandatory.includes(k));
  const rule: AwardRule = { mandatory, groups: [{ of: optional, count: 5 }], total: 10 };

  it('has 12 badges, 5 of them mandatory', () => {
    expect(all).toHaveLength(12);
    expect(mandatory.sort()).toEqual(['accessibilite', 'apprentis', 'plan-formation', 'prospection', 'tutorat']);
  });

  it('is satisfied exactly by 10 or more badges including the 5 mandatory', () => {
    let satisfied = 0;
    for (const held of subsets(all)) {
      const expected = mandatory.every((m) => held.includes(m)) && held.length >= 10;
      expect(satisfies(rule, new Set(held)), held.join(',')).toBe(expected);
      if (expected) satisfied++;
    }
    // C(7,5) + C(7,6) + C(7,7) = 21 + 7 + 1
    expect(satisfied).toBe(29);
  });

  it('says the same with the total alone over the whole set', () => {
    const totalOnly: AwardRule = { mandatory, groups: [{ of: optional, count: 1 }], total: 10 };
    for (const held of subsets(all)) expect(satisfies(totalOnly, new Set(held))).toBe(satisfies(rule, new Set(held)));
  });
});

describe('until when a key badge lasts', () => {
  const d = (s: string) => new Date(`${s}T00:00:00Z`);
  const rule: AwardRule = { mandatory: ['ing'], groups: [{ of: ['out', 'cre', 'med'], count: 2 }] };

  it.each<[string, { badge: string; validUntil: Date | null }[], ReturnType<typeof evaluateRule>]>([
    ['nothing held', [], { satisfied: false }],
    ['no end anywhere', [{ badge: 'ing', validUntil: null }, { badge: 'out', validUntil: null }, { badge: 'cre', validUntil: null }], { satisfied: true, validUntil: null, basis: ['cre', 'ing', 'out'] }],
    [
      'the earliest end of the only satisfying set',
      [{ badge: 'ing', validUntil: d('2030-01-01') }, { badge: 'out', validUntil: d('2028-01-01') }, { badge: 'cre', validUntil: null }],
      { satisfied: true, validUntil: d('2028-01-01'), basis: ['cre', 'ing', 'out'] },
    ],
    [
      'the best of several satisfying sets',
      [
        { badge: 'ing', validUntil: d('2030-01-01') },
        { badge: 'out', validUntil: d('2027-01-01') },
        { badge: 'cre', validUntil: d('2029-01-01') },
        { badge: 'med', validUntil: d('2029-06-01') },
      ],
      { satisfied: true, validUntil: d('2029-01-01'), basis: ['cre', 'ing', 'med'] },
    ],
    [
      'a renewed badge counts by its later credential',
      [
        { badge: 'ing', validUntil: d('2026-01-01') },
        { badge: 'ing', validUntil: d('2031-01-01') },
        { badge: 'out', validUntil: null },
        { badge: 'med', validUntil: null },
      ],
      { satisfied: true, validUntil: d('2031-01-01'), basis: ['ing', 'med', 'out'] },
    ],
    ['a mandatory badge missing', [{ badge: 'out', validUntil: null }, { badge: 'cre', validUntil: null }, { badge: 'med', validUntil: null }], { satisfied: false }],
  ])('%s', (_, holdings, expected) => {
    expect(evaluateRule(rule, holdings)).toEqual(expected);
  });
});

describe('the rule as a badge setting', () => {
  it.each<[unknown, string | null]>([
    [{ mandatory: ['a'], groups: [{ of: ['b', 'c'], count: 2 }] }, null],
    [{ mandatory: ['a'], total: 1 }, null],
    [{}, 'rules.empty'],
    [{ groups: [{ of: ['b'], count: 2 }] }, 'rules.groupCount'],
    [{ mandatory: ['a'], total: 3 }, 'rules.total'],
    [{ mandatory: ['a'], extra: 1 }, 'unrecognized'],
  ])('%j', (input, error) => {
    const parsed = awardRuleSchema.safeParse(input);
    expect(parsed.success).toBe(error === null);
    if (error && error !== 'unrecognized') expect(parsed.error?.issues.map((i) => i.message)).toContain(error);
  });
});
