// Pathways (seed 004, scenario D): steps of badges — "k of these" (all by default) — each opening
// once the steps it requires are complete (by default the step before it: an ordered pathway; an
// empty list: a step open from the start, for grouped pathways). One pure function gives an
// earner's progress and what comes next.
import { z } from 'zod';

export interface PathwayStep {
  name: string;
  badges: string[];
  /** How many of the step's badges complete it (default: all). */
  count?: number | undefined;
  /** Indexes of the steps that must be complete first (default: the previous step). */
  requires?: number[] | undefined;
}

export const pathwayStepsSchema = z
  .array(
    z
      .object({
        name: z.string({ message: 'pathways.step.nameRequired' }).trim().min(1, 'pathways.step.nameRequired').max(200),
        badges: z.array(z.string().trim().min(1).max(100)).min(1, 'pathways.step.badgesRequired').max(50),
        count: z.int().min(1).optional(),
        requires: z.array(z.int().min(0)).max(50).optional(),
      })
      .strict(),
  )
  .min(1, 'pathways.steps.required')
  .max(50)
  .superRefine((steps, ctx) => {
    steps.forEach((step, i) => {
      if (step.count !== undefined && step.count > new Set(step.badges).size)
        ctx.addIssue({ code: 'custom', path: [i, 'count'], message: 'pathways.step.count' });
      // A step may only require earlier steps: no cycles.
      if (step.requires?.some((r) => r >= i)) ctx.addIssue({ code: 'custom', path: [i, 'requires'], message: 'pathways.step.requires' });
    });
  });

export const pathwayInputSchema = z.object({
  name: z.string({ message: 'pathways.name.required' }).trim().min(1, 'pathways.name.required').max(200),
  description: z.string().trim().max(5000).default(''),
  steps: pathwayStepsSchema,
  status: z.enum(['draft', 'published']).default('published'),
  /** Published as a template: other organisations may copy it into their own badges. */
  template: z.preprocess((v) => v === true || v === 'true' || v === 'on', z.boolean()).default(false),
});

export const copyInputSchema = z.object({
  /** Slug of the organisation receiving the copy (its designers). */
  organization: z.string({ message: 'pathways.copy.organizationRequired' }).trim().min(1, 'pathways.copy.organizationRequired').max(60),
});

export type StepState = 'done' | 'open' | 'locked';

export interface StepProgress {
  index: number;
  held: string[];
  needed: number;
  state: StepState;
}

export interface PathwayProgress {
  steps: StepProgress[];
  /** Indexes of the open steps not yet done: what comes next. */
  next: number[];
  complete: boolean;
}

export function stepRequires(step: Pick<PathwayStep, 'requires'>, index: number): number[] {
  return step.requires ?? (index > 0 ? [index - 1] : []);
}

/** An earner's progress along a pathway, given the badges they hold now. */
export function pathwayProgress(steps: readonly PathwayStep[], held: ReadonlySet<string>): PathwayProgress {
  const done: boolean[] = [];
  const out = steps.map((step, index) => {
    const mine = [...new Set(step.badges)].filter((b) => held.has(b));
    const needed = step.count ?? new Set(step.badges).size;
    const isDone = mine.length >= needed;
    const open = stepRequires(step, index).every((r) => done[r]);
    done[index] = isDone && open;
    return { index, held: mine, needed, state: (done[index] ? 'done' : open ? 'open' : 'locked') as StepState };
  });
  return { steps: out, next: out.filter((s) => s.state === 'open').map((s) => s.index), complete: out.every((s) => s.state === 'done') };
}
