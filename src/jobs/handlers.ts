// Every named job handler of the platform.
import { FANOUT_JOB } from '../applications/applications.service';
import { settleDecision } from '../applications/decision';
import { DIGEST_JOB, applicationMailRefreshers, digestJobHandler, fanoutJobHandler, nextDigestAt, scheduleDigest } from '../applications/notify';
import { DECIDED_JOB } from '../applications/reviews.service';
import { BULK_CLEANUP_JOB, BULK_JOB } from '../bulk/bulk';
import { DELIVER_JOB } from '../integrations/integrations.repository';
import { type WebhookPoster, deliverJobHandler } from '../integrations/webhooks';
import { bulkCleanupJobHandler, bulkJobHandler, scheduleBulkCleanup } from '../bulk/bulk.job';
import { REMINDERS_JOB, reminderMailRefreshers, remindersJobHandler, scheduleReminders } from '../awards/reminders';
import { ANALYZE_JOB, analyzeJobHandler, scheduleAnalyze } from '../db/maintenance';
import { RECHECK_JOB, recheckJobHandler, scheduleRecheck } from '../backpack/imports';
import { OFFERS_BACKFILL_JOB, OFFERS_JOB, offersBackfillJobHandler, offersJobHandler } from '../networks/offers';
import { RULES_BACKFILL_JOB, RULES_JOB } from '../rules/triggers';
import { rulesBackfillJobHandler, rulesJobHandler } from '../rules/rules.service';
import { MAIL_JOB } from '../mail/mail.service';
import { mailJobHandler, type TemplateLookup } from '../mail/mail.job';
import type { MailTransport } from '../mail/transport';
import type { Deps } from '../platform/deps';
import { PermanentJobError } from './jobs';
import { startOfNextHour } from './queue';
import type { JobHandlers } from './worker';

export function jobHandlers(services: { mail: MailTransport; templates?: TemplateLookup; webhooks?: WebhookPoster }): JobHandlers {
  return {
    [MAIL_JOB]: mailJobHandler(services.mail, services.templates, { ...applicationMailRefreshers(), ...reminderMailRefreshers() }),
    [REMINDERS_JOB]: remindersJobHandler(),
    [BULK_JOB]: bulkJobHandler(),
    [BULK_CLEANUP_JOB]: bulkCleanupJobHandler(),
    [FANOUT_JOB]: fanoutJobHandler(),
    [DIGEST_JOB]: digestJobHandler(),
    [ANALYZE_JOB]: analyzeJobHandler(),
    [RULES_JOB]: rulesJobHandler(),
    [RULES_BACKFILL_JOB]: rulesBackfillJobHandler(),
    [OFFERS_JOB]: offersJobHandler(),
    [OFFERS_BACKFILL_JOB]: offersBackfillJobHandler(),
    [RECHECK_JOB]: recheckJobHandler(),
    [DELIVER_JOB]: deliverJobHandler(services.webhooks),
    [DECIDED_JOB]: async (deps, payload) => {
      const id = (payload as { application?: unknown } | null)?.application;
      if (typeof id !== 'string' || !/^\d+$/.test(id)) throw new PermanentJobError('Malformed payload: application');
      await settleDecision(deps, id);
    },
  };
}

/** Jobs that come back by themselves (the daily review digest, the hourly statistics, expiry reminders and bulk clean-up, the daily check of imported badges): enqueued once, whoever starts first. */
export async function scheduleRecurringJobs(deps: Deps): Promise<void> {
  await scheduleDigest(deps.db, nextDigestAt(deps.clock.now(), deps.config.reviewDigestHour));
  await scheduleAnalyze(deps.db, startOfNextHour(deps.clock.now()));
  await scheduleReminders(deps.db, startOfNextHour(deps.clock.now()));
  await scheduleRecheck(deps.db, startOfNextHour(deps.clock.now()));
  await scheduleBulkCleanup(deps.db, startOfNextHour(deps.clock.now()));
}
