// The combination rule of a key badge or a label (seeds 000 and 002): mandatory badges, groups
// "k of these n", and an optional total. One pure function says whether what someone holds
// satisfies it and until when: a key badge lasts only while some satisfying set stays valid.
import { z } from 'zod';

export interface AwardRule {
  /** Badges that must all be held. */
  mandatory: string[];
  /** For each group, at least `count` of its badges. */
  groups: { of: string[]; count: number }[];
  /** At least this many distinct badges of the rule (mandatory and groups together). */
  total?: number | undefined;
}

const badgeIds = z.array(z.string().trim().min(1).max(100)).max(100);

/** The public contract: `{"mandatory": [ids], "groups": [{"of": [ids], "count": k}], "total"?: n}`. */
export const awardRuleSchema = z
  .object({
    mandatory: badgeIds.default([]),
    groups: z.array(z.object({ of: badgeIds.min(1), count: z.int().min(1) }).strict()).max(20).default([]),
    total: z.int().min(1).optional(),
  })
  .strict()
  .superRefine((rule, ctx) => {
    if (rule.mandatory.length === 0 && rule.groups.length === 0)
      ctx.addIssue({ code: 'custom', path: ['mandatory'], message: 'rules.empty' });
    rule.groups.forEach((g, i) => {
      if (g.count > new Set(g.of).size) ctx.addIssue({ code: 'custom', path: ['groups', i, 'count'], message: 'rules.groupCount' });
    });
    if (rule.total !== undefined && rule.total > universe(rule).size)
      ctx.addIssue({ code: 'custom', path: ['total'], message: 'rules.total' });
  });

/** Every badge the rule names. */
export function universe(rule: AwardRule): Set<string> {
  return new Set([...rule.mandatory, ...rule.groups.flatMap((g) => g.of)]);
}

/** Whether a set of held badges satisfies the rule (more badges never hurt: the rule is monotone). */
export function satisfies(rule: AwardRule, held: ReadonlySet<string>): boolean {
  if (!rule.mandatory.every((b) => held.has(b))) return false;
  for (const g of rule.groups) if (new Set(g.of.filter((b) => held.has(b))).size < g.count) return false;
  if (rule.total !== undefined) {
    let n = 0;
    for (const b of universe(rule)) if (held.has(b)) n++;
    if (n < rule.total) return false;
  }
  return true;
}

/** A badge held, valid until a date (null: no end). Only current credentials are passed in. */
export interface Holding {
  badge: string;
  validUntil: Date | null;
}

export type RuleOutcome = { satisfied: false } | { satisfied: true; validUntil: Date | null; basis: string[] };

/**
 * Whether the holdings satisfy the rule and, if so, the latest date up to which some satisfying set
 * stays valid (null: forever), with the badges of one such set (the longest-lasting holding of each).
 * Because the rule is monotone, that date is the largest t such that the badges still valid at t
 * satisfy it: the answer is found among the holdings' own end dates.
 */
export function evaluateRule(rule: AwardRule, holdings: readonly Holding[]): RuleOutcome {
  const best = new Map<string, Date | null>();
  for (const h of holdings) {
    const previous = best.get(h.badge);
    if (previous === undefined || (previous !== null && (h.validUntil === null || h.validUntil > previous))) best.set(h.badge, h.validUntil);
  }
  const heldAt = (t: number) => new Set([...best].filter(([, until]) => until === null || until.getTime() >= t).map(([b]) => b));
  if (!satisfies(rule, heldAt(-Infinity))) return { satisfied: false };
  const relevant = universe(rule);
  const basisAt = (t: number) => [...heldAt(t)].filter((b) => relevant.has(b)).sort();
  if (satisfies(rule, heldAt(Infinity))) return { satisfied: true, validUntil: null, basis: basisAt(Infinity) };
  const ends = [...new Set([...best.values()].filter((d): d is Date => d !== null).map((d) => d.getTime()))].sort((a, b) => b - a);
  for (const t of ends) if (satisfies(rule, heldAt(t))) return { satisfied: true, validUntil: new Date(t), basis: basisAt(t) };
  return { satisfied: false };
}
