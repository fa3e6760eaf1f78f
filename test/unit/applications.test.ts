import { describe, expect, it } from 'vitest';
import {
  type Verdict,
  applicantMay,
  decide,
  mediaTypeAllowed,
  normalizeCriteria,
  refuseFiles,
  reviewPolicyOf,
  reviewPolicySchema,
} from '../../src/applications/applications';

describe('decide: the first kind of verdict to reach the quorum wins', () => {
  // PRODUCT.md, scenario A, as written (quorum 2).
  const table: [string, 'accepted' | 'refused'][] = [
    ['yes, no, yes', 'accepted'],
    ['yes, no, no', 'refused'],
    ['no, yes, yes', 'accepted'],
    ['no, yes, no', 'refused'],
    ['yes, yes', 'accepted'],
    ['no, no', 'refused'],
  ];
  it.each(table)('%s → %s', (order, decision) => {
    const verdicts = order.split(', ') as Verdict[];
    expect(decide(verdicts, 2)).toEqual({ decision, at: verdicts.length });
  });

  it.each<[Verdict[], number, ReturnType<typeof decide>]>([
    [[], 2, null],
    [['yes'], 2, null],
    [['no'], 2, null],
    [['yes', 'no'], 2, null],
    [['no', 'yes'], 2, null],
    [['yes'], 1, { decision: 'accepted', at: 1 }],
    [['no'], 1, { decision: 'refused', at: 1 }],
    [['yes', 'no', 'yes', 'no'], 3, null],
    [['yes', 'no', 'yes', 'no', 'no'], 3, { decision: 'refused', at: 5 }],
    [['yes', 'yes', 'no', 'no', 'yes'], 3, { decision: 'accepted', at: 5 }],
    // Late verdicts never change a decision.
    [['yes', 'yes', 'no', 'no', 'no'], 2, { decision: 'accepted', at: 2 }],
    [['no', 'no', 'yes', 'yes'], 2, { decision: 'refused', at: 2 }],
  ])('%j with quorum %i → %j', (verdicts, quorum, expected) => {
    expect(decide(verdicts, quorum)).toEqual(expected);
  });

  it('is decided by some prefix exactly when one kind reaches the quorum (every sequence up to 6)', () => {
    for (let n = 0; n <= 6; n++) {
      for (let bits = 0; bits < 1 << n; bits++) {
        const verdicts: Verdict[] = Array.from({ length: n }, (_, i) => ((bits >> i) & 1 ? 'yes' : 'no'));
        for (const quorum of [1, 2, 3]) {
          const result = decide(verdicts, quorum);
          const yes = verdicts.filter((v) => v === 'yes').length;
          const no = n - yes;
          expect(result !== null).toBe(yes >= quorum || no >= quorum);
          if (result) {
            const prefix = verdicts.slice(0, result.at);
            const winner = result.decision === 'accepted' ? 'yes' : 'no';
            expect(prefix.filter((v) => v === winner).length).toBe(quorum);
            expect(prefix.filter((v) => v !== winner).length).toBeLessThan(quorum);
            expect(prefix[prefix.length - 1]).toBe(winner);
          }
        }
      }
    }
  });

  it('refuses a quorum that is not a positive integer', () => {
    expect(() => decide(['yes'], 0)).toThrow(RangeError);
    expect(() => decide(['yes'], 1.5)).toThrow(RangeError);
  });
});

describe('review policy', () => {
  it.each<[unknown, ReturnType<typeof reviewPolicyOf>]>([
    [undefined, { mode: 'staff', quorum: 1, committee: [] }],
    [{ mode: 'staff', quorum: 3 }, { mode: 'staff', quorum: 1, committee: [] }],
    [{ mode: 'holders' }, { mode: 'holders', quorum: 2, committee: [] }],
    [{ mode: 'holders', quorum: 3 }, { mode: 'holders', quorum: 3, committee: [] }],
    [
      { mode: 'committee', quorum: 2, committee: ['A@x.fr', 'b@x.fr', 'a@x.fr'] },
      { mode: 'committee', quorum: 2, committee: ['a@x.fr', 'b@x.fr'] },
    ],
  ])('%j → %j', (review, policy) => {
    expect(reviewPolicyOf({ review: review as Record<string, unknown> | undefined })).toEqual(policy);
  });

  it.each<[unknown, string]>([
    [{ mode: 'vote' }, 'applications.policy.mode'],
    [{ mode: 'holders', quorum: 0 }, 'applications.policy.quorum'],
    [{ mode: 'holders', quorum: 2.5 }, 'applications.policy.quorum'],
    [{ mode: 'committee', quorum: 2 }, 'applications.policy.committeeRequired'],
    [{ mode: 'committee', quorum: 3, committee: ['a@x.fr', 'b@x.fr'] }, 'applications.policy.quorumAboveCommittee'],
    [{ mode: 'committee', committee: ['not an address'] }, 'applications.policy.committeeEmail'],
  ])('refuses %j with %s', (review, message) => {
    const parsed = reviewPolicySchema.safeParse(review);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.message)).toContain(message);
  });
});

describe('what the applicant may do', () => {
  it.each([
    ['draft', 'edit', true],
    ['draft', 'submit', true],
    ['draft', 'withdraw', true],
    ['pending', 'edit', false],
    ['pending', 'submit', false],
    ['pending', 'withdraw', true],
    ['accepted', 'withdraw', false],
    ['refused', 'edit', false],
    ['withdrawn', 'submit', false],
  ] as const)('%s: %s → %s', (status, action, allowed) => {
    expect(applicantMay(status, action)).toBe(allowed);
  });
});

describe('evidence files', () => {
  const rules = { types: ['application/pdf', 'image/png'], maxBytes: 1000, maxCount: 2 };
  const file = (filename: string, mediaType: string, size = 10) => ({ filename, mediaType, size });

  it('accepts files within the rules', () => {
    expect(refuseFiles(rules, 0, [file('a.pdf', 'application/pdf'), file('b.png', 'image/png')])).toEqual([]);
  });

  it('refuses each bad file with its reason, counting only accepted ones', () => {
    expect(
      refuseFiles(rules, 1, [file('a.exe', 'application/x-msdownload'), file('big.pdf', 'application/pdf', 5000), file('b.png', 'image/png'), file('c.png', 'image/png')]),
    ).toEqual([
      { file: 'a.exe', reason: 'type', allowed: rules.types },
      { file: 'big.pdf', reason: 'size', maxBytes: 1000 },
      { file: 'c.png', reason: 'count', maxCount: 2 },
    ]);
  });

  it('takes no files when the badge sets no evidence rules', () => {
    expect(refuseFiles(undefined, 0, [file('a.pdf', 'application/pdf')])).toEqual([{ file: 'a.pdf', reason: 'notAllowed' }]);
  });

  it('matches wildcard types', () => {
    expect(mediaTypeAllowed(['image/*'], 'image/jpeg')).toBe(true);
    expect(mediaTypeAllowed(['image/*'], 'application/pdf')).toBe(false);
    expect(mediaTypeAllowed(['application/pdf'], 'APPLICATION/PDF')).toBe(true);
  });

  it('keeps distinct checklist indices in range, in order', () => {
    expect(normalizeCriteria([3, 1, 1, 7, -1, 0], 4)).toEqual([0, 1, 3]);
  });
});
