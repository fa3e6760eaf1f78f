// Reminders before a credential expires (EXPIRY_REMINDER_DAYS, by default 90, 30 and 7 days): the
// hourly `credentials.reminders` job mails the holder (the address, or the organisation's owners and
// admins) once per threshold crossed, with the badge's page to apply for its renewal. A credential
// issued already inside a threshold is not reminded of it; key badges and labels are not reminded
// (they follow their parts). Each mail re-checks when it leaves that the credential is still current
// and not yet renewed.
import type { Kysely } from 'kysely';
import { applyPath } from '../applications/applications';
import type { DB } from '../db/schema';
import type { Locale } from '../i18n';
import { enqueue, startOfNextHour } from '../jobs/queue';
import type { JobHandler } from '../jobs/worker';
import type { MailRefreshers } from '../mail/mail.job';
import { enqueueMailOnce } from '../mail/mail.service';
import type { Deps } from '../platform/deps';
import { credentialUrl } from './awards';
import { mailRecipients } from './awards.service';

export const REMINDERS_JOB = 'credentials.reminders';
export const EXPIRY_REFRESH = 'awards.expiring';
const DAY_MS = 86_400_000;
/** Credentials looked at per run; the dedupe keys make the next run carry on. */
const BATCH = 5000;

/**
 * The threshold (in days) a credential ending at `until` has crossed at `now`: the smallest of `days`
 * not below the days left, provided the credential existed when it was crossed; null when none applies.
 */
export function reminderThreshold(days: readonly number[], validFrom: Date, until: Date, now: Date): number | null {
  const left = until.getTime() - now.getTime();
  if (left <= 0) return null;
  const crossed = days.filter((d) => left <= d * DAY_MS && validFrom.getTime() <= until.getTime() - d * DAY_MS);
  return crossed.length ? Math.min(...crossed) : null;
}

export async function scheduleReminders(db: Kysely<DB>, at: Date): Promise<void> {
  await enqueue(db, REMINDERS_JOB, { at: at.toISOString() }, { runAt: at, dedupeKey: `${REMINDERS_JOB}:${at.toISOString()}` });
}

/** Current credentials of the holder's of the same badge that end later (a renewal): none means not renewed. */
function stillDue(db: Kysely<DB>, credentialId: string, now: Date) {
  return db
    .selectFrom('credentials as c')
    .innerJoin('badges as b', 'b.id', 'c.badge_id')
    .select(['c.id', 'c.public_id', 'c.valid_until', 'c.recipient_kind', 'c.recipient_email', 'c.recipient_organization_id', 'b.public_id as badge', 'b.settings'])
    .select((eb) => eb.ref('c.document').$castTo<{ credentialSubject: { achievement: { name: string } } }>().as('document'))
    .where('c.id', '=', credentialId)
    .where('c.revoked_at', 'is', null)
    .where('c.state', '<>', 'declined')
    .where('c.valid_until', '>', now)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('credentials as n')
            .select('n.id')
            .whereRef('n.badge_id', '=', 'c.badge_id')
            .where('n.revoked_at', 'is', null)
            .where('n.state', '<>', 'declined')
            .where((eb) => eb.or([eb('n.valid_until', 'is', null), eb('n.valid_until', '>', eb.ref('c.valid_until'))]))
            .where((eb) =>
              eb.or([
                eb.and([eb('c.recipient_email', 'is not', null), eb('n.recipient_email', '=', eb.ref('c.recipient_email'))]),
                eb.and([eb('c.recipient_organization_id', 'is not', null), eb('n.recipient_organization_id', '=', eb.ref('c.recipient_organization_id'))]),
              ]),
            ),
        ),
      ),
    )
    .executeTakeFirst();
}

/** `credentials.reminders`: mails the reminders due now, then schedules the next hour's run. */
export function remindersJobHandler(): JobHandler {
  return async (deps) => {
    const now = deps.clock.now();
    const days = deps.config.expiryReminderDays;
    if (days.length) {
      const horizon = new Date(now.getTime() + Math.max(...days) * DAY_MS);
      const rows = await deps.db
        .selectFrom('credentials')
        .select(['id', 'valid_from', 'valid_until'])
        .where('revoked_at', 'is', null)
        .where('state', '<>', 'declined')
        .where('rule_basis', 'is', null)
        .where('valid_until', '>', now)
        .where('valid_until', '<=', horizon)
        .orderBy('valid_until')
        .limit(BATCH)
        .execute();
      for (const row of rows) {
        const threshold = reminderThreshold(days, row.valid_from, row.valid_until!, now);
        if (threshold !== null) await remind(deps, row.id, threshold, now);
      }
    }
    await scheduleReminders(deps.db, startOfNextHour(now));
  };
}

async function remind(deps: Deps, credentialId: string, threshold: number, now: Date): Promise<void> {
  const c = await stillDue(deps.db, credentialId, now);
  if (!c) return;
  const recipient = c.recipient_kind === 'email' ? { kind: 'email' as const, email: c.recipient_email! } : { kind: 'organization' as const, organizationId: c.recipient_organization_id! };
  for (const to of await mailRecipients(deps.db, recipient, 'fr'))
    await enqueueMailOnce(
      deps.db,
      {
        to: to.email,
        locale: to.locale,
        template: 'awards.expiring',
        params: reminderParams(deps, c, to.locale),
        refresh: { name: EXPIRY_REFRESH, args: { credential: c.id } },
      },
      { dedupeKey: `expiry-reminder:${c.id}:${threshold}:${to.email}` },
    );
}

type Due = NonNullable<Awaited<ReturnType<typeof stillDue>>>;

function reminderParams(deps: Deps, c: Due, locale: Locale): { badge: string; date: string; url: string; renewUrl: string } {
  return {
    badge: c.document.credentialSubject.achievement.name,
    date: new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(c.valid_until!),
    url: credentialUrl(deps.config.baseUrl, c.public_id),
    renewUrl: `${deps.config.baseUrl}${applyPath(c.badge)}`,
  };
}

export function reminderMailRefreshers(): MailRefreshers {
  return {
    [EXPIRY_REFRESH]: async (deps, args, locale) => {
      const id = args.credential ?? '';
      if (!/^\d+$/.test(id)) return null;
      const c = await stillDue(deps.db, id, deps.clock.now());
      return c ? reminderParams(deps, c, locale) : null;
    },
  };
}
