// The `mail.send` job: renders the template in the recipient's language and sends it once.
// The mails table (unique job_id) records every mail: a retried job whose mail was recorded is
// not sent again. The Message-ID is derived from the job, so a retry after a crash between
// sending and recording carries the same id and receivers can drop the duplicate: that is as
// close to exactly once as SMTP allows.
import { translator } from '../i18n';
import { PermanentJobError } from '../jobs/jobs';
import type { JobHandler } from '../jobs/worker';
import { messageIdForJob } from './mail';
import { mailRecordedForJob, recordMail } from './mail.repository';
import { mailJobPayloadSchema } from './mail.service';
import { renderMail } from './render';
import type { MailParams, MailTemplate } from './template';
import { findTemplate } from './templates';
import { isPermanentSmtpError, type MailTransport } from './transport';

export type TemplateLookup = (name: string) => MailTemplate<MailParams> | undefined;

export function mailJobHandler(transport: MailTransport, templates: TemplateLookup = findTemplate): JobHandler {
  return async (deps, payload, job) => {
    const parsed = mailJobPayloadSchema.safeParse(payload);
    if (!parsed.success) throw new PermanentJobError(`Malformed mail job payload: ${parsed.error.message}`);
    const p = parsed.data;
    const template = templates(p.template);
    if (!template) throw new PermanentJobError(`Unknown mail template ${p.template}`);
    if (await mailRecordedForJob(deps.db, job.id)) return;

    const mail = renderMail(template(translator(p.locale), p.params), p.locale);
    const messageId = messageIdForJob(job, deps.config.baseUrl);
    try {
      await transport.send({
        from: deps.config.mailFrom,
        to: p.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId,
      });
    } catch (error) {
      if (isPermanentSmtpError(error)) throw new PermanentJobError(`The mail server refused the mail: ${(error as Error).message}`);
      throw error;
    }
    await recordMail(deps.db, {
      job_id: job.id,
      message_id: messageId,
      to_address: p.to,
      subject: mail.subject,
      text_body: mail.text,
      html_body: mail.html,
      transport: transport.kind,
      created_at: deps.clock.now(),
    });
  };
}
