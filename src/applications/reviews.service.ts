// Use cases of examiners: the applications I may examine, and voting. A verdict is recorded and
// the decision taken in one transaction that holds the application's row lock: two examiners
// voting at the same instant are serialised by the database, so an application is decided once.
// What follows a decision (the credential, the mails) is settled by an idempotent step, run at
// once and again by a job, so that nothing is lost if the process dies in between.
import { z } from 'zod';
import { type Badge, type BadgeSettings, textsIn } from '../badges/badges';
import { fail } from '../errors';
import { enqueue } from '../jobs/queue';
import { enqueueDecisionEvent } from '../integrations/integrations.repository';
import type { Actor, Deps } from '../platform/deps';
import { parseInput } from '../platform/validate';
import { DIGESTS, type Decision, VERDICTS, decide, normalizeCriteria } from './applications';
import { type Application, badgeOfRow, toApplication } from './access.service';
import { type ApplicationRow, insertVerdict, listVerdicts, lockApplication, markDecided } from './applications.repository';
import { countExaminable, isExaminer, listExaminable, listVotedPending } from './examiners.repository';
import { settleDecision } from './decision';

export const DECIDED_JOB = 'applications.decided';

const intList = z.preprocess(
  (v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.coerce.number().int().min(0).max(1000)).max(100),
);

export const verdictInputSchema = z.object({
  verdict: z.enum(VERDICTS, { message: 'applications.verdict.required' }),
  comment: z.string().trim().max(5000).default(''),
  /** Indices of the badge's checklist items the examiner found met. */
  criteriaMet: intList.optional(),
});
export type VerdictInput = z.input<typeof verdictInputSchema>;

export interface VoteResult {
  /** The application's status after this verdict. */
  status: 'pending' | Decision;
  /** Whether this verdict decided the application. */
  decided: boolean;
  credentialId: string | null;
}

/**
 * Records the actor's verdict on a pending application they examine and, when it makes one kind
 * reach the quorum, decides the application. 403 when the actor does not examine it; 409 when it
 * is decided (or withdrawn) already, or when the actor has voted already.
 */
export async function castVerdict(deps: Deps, actor: Actor | null, applicationId: string, input: unknown): Promise<VoteResult> {
  if (!actor) throw fail.unauthenticated();
  const data = parseInput(verdictInputSchema, input);
  const now = deps.clock.now();
  const outcome = await deps.db.transaction().execute(async (trx) => {
    const app = await lockApplication(trx, applicationId);
    if (!app || app.status === 'draft') throw fail.notFound('applications.notFound');
    if (!(await isExaminer(trx, app.id, actor.id, now))) throw fail.forbidden('applications.verdict.notExaminer');
    if (app.status !== 'pending') throw fail.conflict(app.status === 'withdrawn' ? 'applications.verdict.withdrawn' : 'applications.verdict.decided');
    const badge = await trx.selectFrom('badges').select('settings').where('id', '=', app.badge_id).executeTakeFirstOrThrow();
    const items = (badge.settings as BadgeSettings).checklist ?? null;
    const criteriaMet = normalizeCriteria(data.criteriaMet ?? [], items?.items.length ?? 0);
    const inserted = await insertVerdict(trx, {
      applicationId: app.id,
      examinerId: actor.id,
      verdict: data.verdict,
      comment: data.comment,
      criteriaMet,
      now,
    });
    if (!inserted) throw fail.conflict('applications.verdict.already');
    // Checked once we know this verdict counts (an examiner who voted already is told so first);
    // throwing rolls the insert back.
    if (items?.items.length && data.verdict === 'yes' && criteriaMet.length < items.threshold)
      throw fail.field('criteriaMet', 'applications.verdict.belowThreshold', { threshold: items.threshold });
    const verdicts = await listVerdicts(trx, app.id);
    const decision = decide(
      verdicts.map((v) => v.verdict),
      app.quorum ?? 1,
    );
    if (!decision) return { app, decision: null };
    await markDecided(trx, app.id, decision.decision, now);
    await enqueue(trx, DECIDED_JOB, { application: app.id }, { dedupeKey: `application-decided:${app.id}` });
    await enqueueDecisionEvent(trx, app.id, { baseUrl: deps.config.baseUrl, now });
    return { app, decision: decision.decision };
  });
  if (!outcome.decision) return { status: 'pending', decided: false, credentialId: null };
  // The job settles it too if this fails (or the process dies now); settling twice does nothing more.
  const credentialId = await settleDecision(deps, outcome.app.id).catch((error: unknown) => {
    deps.log.error({ err: error, application: outcome.app.public_id }, 'Settling a decision failed; the job will retry');
    return null;
  });
  return { status: outcome.decision, decided: true, credentialId };
}

export interface ReviewItem {
  application: Application;
  badge: Badge;
}

export const REVIEWS_PAGE = 50;

/** The applications the actor may examine now and has not voted on, oldest first. */
export async function listMyReviews(
  deps: Deps,
  actor: Actor | null,
  page = { limit: REVIEWS_PAGE, offset: 0 },
): Promise<{ items: ReviewItem[]; total: number; awaitingOthers: ReviewItem[] }> {
  if (!actor) throw fail.unauthenticated();
  const now = deps.clock.now();
  const [rows, total, voted] = await Promise.all([
    listExaminable(deps.db, actor.id, now, page),
    countExaminable(deps.db, actor.id, now),
    listVotedPending(deps.db, actor.id, REVIEWS_PAGE),
  ]);
  const toItem = async (row: ApplicationRow) => {
    const badge = await badgeOfRow(deps, row);
    return { application: await toApplication(deps, row, badge, actor.locale), badge };
  };
  return { items: await Promise.all(rows.map(toItem)), total, awaitingOthers: await Promise.all(voted.map(toItem)) };
}

/** How many applications await the actor's verdict (the navigation shows it). */
export async function countMyReviews(deps: Deps, actor: Actor | null): Promise<number> {
  if (!actor) return 0;
  return countExaminable(deps.db, actor.id, deps.clock.now());
}

/** The badge's name in a language (mails and lists). */
export function badgeName(badge: Pick<Badge, 'achievement'>, locale: 'fr' | 'en'): string {
  return textsIn(badge.achievement, locale).name;
}

// ——— How an examiner hears of applications ———

export async function getReviewDigest(deps: Deps, actor: Actor | null): Promise<'immediate' | 'daily'> {
  if (!actor) throw fail.unauthenticated();
  const row = await deps.db.selectFrom('users').select('review_digest').where('id', '=', actor.id).executeTakeFirstOrThrow();
  return row.review_digest;
}

/** How the actor hears of applications to examine: a mail for each, or a daily digest. */
export async function setReviewDigest(deps: Deps, actor: Actor | null, value: unknown): Promise<'immediate' | 'daily'> {
  if (!actor) throw fail.unauthenticated();
  const parsed = z.enum(DIGESTS).safeParse(value);
  if (!parsed.success) throw fail.field('digest', 'applications.digest.invalid');
  await deps.db.updateTable('users').set({ review_digest: parsed.data, updated_at: deps.clock.now() }).where('id', '=', actor.id).execute();
  return parsed.data;
}
