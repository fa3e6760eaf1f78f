// The `mail.send` job: renders the template in the recipient's language and sends it once.
// The mails table (unique job_id) records every mail: a retried job whose mail went out is
// not sent again; the Message-ID is derived from the job, so a retry after a crash between
// sending and recording carries the same id and receivers can drop the duplicate.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { isLocale, translator } from '../i18n';
import type { JobHandler } from '../jobs/worker';
import type { Deps } from '../platform/deps';
import type { MailJobPayload } from './mail.service';
import { renderMail } from './render';
import { findTemplate } from './templates';
import type { MailTransport } from './transport';

function messageIdFor(jobId: string, baseUrl: string): string {
  const host = new URL(baseUrl).hostname || 'blason.localhost';
  return `<mail-${jobId}@${host}>`;
}

async function alreadySent(db: Kysely<DB>, jobId: string): Promise<boolean> {
  return (await db.selectFrom('mails').select('id').where('job_id', '=', jobId).executeTakeFirst()) !== undefined;
}

export function mailJobHandler(transport: MailTransport): JobHandler {
  return async (deps: Deps, payload, job) => {
    const p = payload as MailJobPayload;
    const template = findTemplate(p.template);
    if (!template) throw new Error(`Unknown mail template ${p.template}`);
    if (await alreadySent(deps.db, job.id)) return;
    const locale = isLocale(p.locale) ? p.locale : 'fr';
    const mail = renderMail(template(translator(locale), p.params), locale);
    const messageId = messageIdFor(job.id, deps.config.baseUrl);
    await transport.send({
      from: deps.config.mailFrom,
      to: p.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId,
    });
    await deps.db
      .insertInto('mails')
      .values({
        job_id: job.id,
        message_id: messageId,
        to_address: p.to,
        subject: mail.subject,
        text_body: mail.text,
        html_body: mail.html,
        transport: transport.kind,
      })
      .onConflict((oc) => oc.column('job_id').doNothing())
      .execute();
  };
}
