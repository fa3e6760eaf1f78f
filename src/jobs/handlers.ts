// Every named job handler of the platform.
import { BULK_JOB } from '../bulk/bulk';
import { bulkJobHandler } from '../bulk/bulk.job';
import { MAIL_JOB } from '../mail/mail.service';
import { mailJobHandler, type TemplateLookup } from '../mail/mail.job';
import type { MailTransport } from '../mail/transport';
import type { JobHandlers } from './worker';

export function jobHandlers(services: { mail: MailTransport; templates?: TemplateLookup }): JobHandlers {
  return {
    [MAIL_JOB]: mailJobHandler(services.mail, services.templates),
    [BULK_JOB]: bulkJobHandler(),
  };
}
