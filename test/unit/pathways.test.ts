import { describe, expect, it } from 'vitest';
import { type PathwayStep, pathwayInputSchema, pathwayProgress } from '../../src/pathways/pathways';

// Scenario D, abridged: a robotics pathway — discover (all of 2), then build (2 of 3), then teach
// (1), with a side step "share" open from the start.
const steps: PathwayStep[] = [
  { name: 'Découvrir', badges: ['decouvrir-robot', 'programmer-bloc'] },
  { name: 'Construire', badges: ['thymio', 'mbot', 'bluebot'], count: 2 },
  { name: 'Transmettre', badges: ['animer-atelier'] },
  { name: 'Partager', badges: ['ressource-partagee'], requires: [] },
];

describe('pathway progress', () => {
  it.each([
    ['nothing held', [], ['open', 'locked', 'locked', 'open'], [0, 3], false],
    ['half of the first step', ['decouvrir-robot'], ['open', 'locked', 'locked', 'open'], [0, 3], false],
    ['first step done', ['decouvrir-robot', 'programmer-bloc'], ['done', 'open', 'locked', 'open'], [1, 3], false],
    ['a later step held before its prerequisite stays locked', ['thymio', 'mbot'], ['open', 'locked', 'locked', 'open'], [0, 3], false],
    ['2 of 3 complete the second step', ['decouvrir-robot', 'programmer-bloc', 'thymio', 'bluebot'], ['done', 'done', 'open', 'open'], [2, 3], false],
    [
      'everything',
      ['decouvrir-robot', 'programmer-bloc', 'thymio', 'mbot', 'animer-atelier', 'ressource-partagee'],
      ['done', 'done', 'done', 'done'],
      [],
      true,
    ],
  ] as const)('%s', (_, held, states, next, complete) => {
    const p = pathwayProgress(steps, new Set(held));
    expect(p.steps.map((s) => s.state)).toEqual(states);
    expect(p.next).toEqual(next);
    expect(p.complete).toBe(complete);
  });

  it('says which badges of a step are held and how many are needed', () => {
    const p = pathwayProgress(steps, new Set(['decouvrir-robot', 'programmer-bloc', 'mbot']));
    expect(p.steps[1]).toEqual({ index: 1, held: ['mbot'], needed: 2, state: 'open' });
  });

  it('refuses a count above the step, and a step requiring itself or a later one', () => {
    expect(pathwayInputSchema.safeParse({ name: 'x', steps: [{ name: 'a', badges: ['b'], count: 2 }] }).success).toBe(false);
    expect(pathwayInputSchema.safeParse({ name: 'x', steps: [{ name: 'a', badges: ['b'], requires: [0] }] }).success).toBe(false);
    expect(pathwayInputSchema.safeParse({ name: 'x', steps: [{ name: 'a', badges: ['b'] }, { name: 'c', badges: ['d'], requires: [0] }] }).success).toBe(true);
  });
});
