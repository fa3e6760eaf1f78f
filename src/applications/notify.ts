// Telling examiners: the jobs that fan a new application out to its examiners' mailboxes, the
// daily digest, and the mail refreshers that re-check, when a mail is about to leave, that it
// still has a reason to (the application is still undecided and still awaits this examiner).
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { Locale } from '../i18n';
import { translator } from '../i18n';
import { enqueue } from '../jobs/queue';
import { PermanentJobError } from '../jobs/jobs';
import type { JobHandler } from '../jobs/worker';
import type { MailRefreshers } from '../mail/mail.job';
import { MAIL_JOB, enqueueMailOnce } from '../mail/mail.service';
import type { Deps } from '../platform/deps';
import { applicationPath } from './applications';
import { badgeOfRow } from './access.service';
import { findApplicationById } from './applications.repository';
import {
  countExaminable,
  enqueueNewApplicationMails,
  hasVoted,
  isExaminer,
  listDigestRecipients,
  listExaminable,
  mailContactOf,
} from './examiners.repository';
import { badgeName } from './reviews.service';

export const NEW_APPLICATION_REFRESH = 'applications.new';
export const DIGEST_REFRESH = 'applications.digest';
export const DIGEST_JOB = 'applications.digest';
/** At most this many applications are listed in a digest (the count says how many there are). */
export const DIGEST_ITEMS = 20;

const idOf = (payload: unknown, key: string): string => {
  const value = (payload as Record<string, unknown> | null)?.[key];
  if (typeof value !== 'string' || !/^\d+$/.test(value)) throw new PermanentJobError(`Malformed payload: ${key}`);
  return value;
};

/** `applications.fanout`: one immediate mail per examiner of a submitted application (one SQL statement). */
export function fanoutJobHandler(): JobHandler {
  return async (deps, payload) => {
    const row = await findApplicationById(deps.db, idOf(payload, 'application'));
    if (!row || row.status !== 'pending') return;
    const badge = await badgeOfRow(deps, row);
    const applicant = await deps.db.selectFrom('users').select('display_name').where('id', '=', row.applicant_id).executeTakeFirstOrThrow();
    const organization = row.organization_id
      ? await deps.db.selectFrom('organizations').select('name').where('id', '=', row.organization_id).executeTakeFirst()
      : undefined;
    const params = (locale: Locale) => ({
      badge: badgeName(badge, locale),
      issuer: badge.organizationName,
      applicant: organization ? translator(locale)('applications.onBehalf', { name: applicant.display_name, organization: organization.name }) : applicant.display_name,
      url: `${deps.config.baseUrl}${applicationPath(row.public_id)}`,
    });
    const count = await enqueueNewApplicationMails(
      deps.db,
      row,
      { jobName: MAIL_JOB, template: 'applications.new', params: { fr: params('fr'), en: params('en') }, refresh: NEW_APPLICATION_REFRESH },
      deps.clock.now(),
    );
    deps.log.info({ application: row.public_id, mails: count }, 'New application sent to its examiners');
  };
}

/** `applications.digest`: each daily-digest examiner with something to examine gets one mail; then the next day is scheduled. */
export function digestJobHandler(): JobHandler {
  return async (deps, payload) => {
    const day = (payload as { day?: unknown } | null)?.day;
    if (typeof day !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new PermanentJobError('Malformed payload: day');
    const now = deps.clock.now();
    for (const userId of await listDigestRecipients(deps.db, now)) {
      const contact = await mailContactOf(deps.db, userId);
      if (!contact) continue;
      await enqueueMailOnce(
        deps.db,
        {
          to: contact.email,
          locale: contact.locale,
          template: 'applications.digest',
          params: { welcome: '', count: '', items: '', url: `${deps.config.baseUrl}/reviews` },
          refresh: { name: DIGEST_REFRESH, args: { user: userId } },
        },
        { dedupeKey: `applications-digest:${day}:${userId}` },
      );
    }
    await scheduleDigest(deps.db, nextDigestAt(now, deps.config.reviewDigestHour));
  };
}

/** The next time digests go out: today at `hour` (UTC) if still ahead, else tomorrow. */
export function nextDigestAt(now: Date, hour: number): Date {
  const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hour));
  if (at.getTime() <= now.getTime()) at.setUTCDate(at.getUTCDate() + 1);
  return at;
}

/** Enqueues the digest of the day `at` falls on, once (several processes may call this). */
export async function scheduleDigest(db: Kysely<DB>, at: Date): Promise<void> {
  const day = at.toISOString().slice(0, 10);
  await enqueue(db, DIGEST_JOB, { day }, { runAt: at, dedupeKey: `${DIGEST_JOB}:${day}` });
}

async function stillAwaits(deps: Deps, applicationId: string, userId: string): Promise<boolean> {
  if (!/^\d+$/.test(applicationId) || !/^\d+$/.test(userId)) return false;
  const row = await findApplicationById(deps.db, applicationId);
  if (!row || row.status !== 'pending') return false;
  return (await isExaminer(deps.db, row.id, userId, deps.clock.now())) && !(await hasVoted(deps.db, row.id, userId));
}

/** The lines of a digest: what the person may examine now, oldest first, in their language. */
async function digestParams(deps: Deps, userId: string, locale: Locale): Promise<Record<string, string> | null> {
  if (!/^\d+$/.test(userId)) return null;
  const now = deps.clock.now();
  const total = await countExaminable(deps.db, userId, now);
  if (total === 0) return null;
  const t = translator(locale);
  const rows = await listExaminable(deps.db, userId, now, { limit: DIGEST_ITEMS, offset: 0 });
  const lines = await Promise.all(
    rows.map(async (row) => {
      const badge = await badgeOfRow(deps, row);
      const applicant = await deps.db.selectFrom('users').select('display_name').where('id', '=', row.applicant_id).executeTakeFirstOrThrow();
      return t('applications.mail.digest.item', {
        badge: badgeName(badge, locale),
        applicant: applicant.display_name,
        url: `${deps.config.baseUrl}${applicationPath(row.public_id)}`,
      });
    }),
  );
  return { count: String(total), items: lines.join('\n') };
}

export function applicationMailRefreshers(): MailRefreshers {
  return {
    [NEW_APPLICATION_REFRESH]: async (deps, args) => ((await stillAwaits(deps, args.application ?? '', args.user ?? '')) ? {} : null),
    [DIGEST_REFRESH]: async (deps, args, locale) => digestParams(deps, args.user ?? '', locale),
  };
}
