// The `mail.send` job: renders the template in the recipient's language and sends it once.
// The mails table (unique job_id) records every mail: a retried job whose mail was recorded is
// not sent again. The Message-ID is derived from the job, so a retry after a crash between
// sending and recording carries the same id and receivers can drop the duplicate: that is as
// close to exactly once as SMTP allows.
import { type Locale, translator } from '../i18n';
import type { Deps } from '../platform/deps';
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

/** Parameters re-read when the mail is sent, or null: the mail has no reason to go any more. */
export type MailRefresher = (deps: Deps, args: Record<string, string>, locale: Locale) => Promise<MailParams | null>;
export type MailRefreshers = Readonly<Record<string, MailRefresher>>;

export function mailJobHandler(transport: MailTransport, templates: TemplateLookup = findTemplate, refreshers: MailRefreshers = {}): JobHandler {
  return async (deps, payload, job) => {
    const parsed = mailJobPayloadSchema.safeParse(payload);
    if (!parsed.success) throw new PermanentJobError(`Malformed mail job payload: ${parsed.error.message}`);
    const p = parsed.data;
    const template = templates(p.template);
    if (!template) throw new PermanentJobError(`Unknown mail template ${p.template}`);
    if (await mailRecordedForJob(deps.db, job.id)) return;
    let params = p.params;
    if (p.refresh) {
      const refresher = Object.hasOwn(refreshers, p.refresh.name) ? refreshers[p.refresh.name] : undefined;
      if (!refresher) throw new PermanentJobError(`Unknown mail refresher ${p.refresh.name}`);
      const fresh = await refresher(deps, p.refresh.args, p.locale);
      if (fresh === null) return;
      params = { ...params, ...fresh };
    }

    const mail = renderMail(template(translator(p.locale), params), p.locale);
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
