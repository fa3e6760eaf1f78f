import { describe, expect, it } from 'vitest';
import { joinInputSchema, offersDue, type OfferableMapping } from '../../src/networks/networks';

// Scenario C: the Region's regional badge "Accompagner" has two levels; a partner's "Médiation"
// maps onto level 1, its "Médiation avancée" onto level 2, and "Atelier" onto another regional badge.
const mediation: OfferableMapping = { id: 'm1', regionalBadge: 'accompagner', level: 'Niveau 1' };
const advanced: OfferableMapping = { id: 'm2', regionalBadge: 'accompagner', level: 'Niveau 2' };
const workshop: OfferableMapping = { id: 'm3', regionalBadge: 'animer', level: null };
const levels = new Map<string, readonly string[]>([
  ['accompagner', ['Niveau 1', 'Niveau 2']],
  ['animer', []],
]);

describe('regional offers (offersDue)', () => {
  it.each([
    ['a current partner credential is offered its regional badge', true, [mediation], [], [], ['m1']],
    ['a revoked, declined or expired one is not', false, [mediation], [], [], []],
    ['an offer is made once per mapping (accepted or declined: remembered)', true, [mediation], ['m1'], [], []],
    ['holding the regional badge at that level: no offer', true, [mediation], [], [['accompagner', 'Niveau 1']], []],
    ['holding it at a higher level: no offer', true, [mediation], [], [['accompagner', 'Niveau 2']], []],
    ['holding a lower level: the higher level is offered', true, [advanced], [], [['accompagner', 'Niveau 1']], ['m2']],
    ['holding it without a level: no offer', true, [advanced], [], [['accompagner', null]], []],
    ['a mapping without level onto a held badge: no offer', true, [workshop], [], [['animer', null]], []],
    ['two mappings onto one regional badge: the highest level only', true, [mediation, advanced], [], [], ['m2']],
    ['the highest was declined: the lower one is still offered', true, [mediation, advanced], ['m2'], [], ['m1']],
    ['mappings onto different regional badges: both', true, [mediation, workshop], [], [], ['m1', 'm3']],
    ['no active mapping: nothing', true, [], [], [], []],
  ] as const)('%s', (_, partnerCurrent, mappings, offered, held, due) => {
    expect(
      offersDue({
        partnerCurrent,
        mappings,
        offered: new Set(offered),
        held: new Map(held as ReadonlyArray<[string, string | null]>),
        levels,
      }).sort(),
    ).toEqual([...due].sort());
  });
});

describe('joining a network (input)', () => {
  it('needs at least one mapping proposal', () => {
    const parsed = joinInputSchema.safeParse({ organization: 'cfa', mappings: [] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe('networks.join.mappingRequired');
  });

  it('reads the form flags of a proposal', () => {
    const parsed = joinInputSchema.parse({ organization: 'cfa', mappings: [{ badge: 'b', regionalBadge: 'r', coversAll: 'yes' }, { badge: 'c', regionalBadge: 'r', coversAll: '' }] });
    expect(parsed.mappings.map((m) => m.coversAll)).toEqual([true, false]);
    expect(parsed.mappings[0]?.remarks).toBe('');
  });
});
