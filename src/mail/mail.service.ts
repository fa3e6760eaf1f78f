// Sending a mail = enqueueing a `mail.send` job in the caller's transaction; the worker renders and sends it.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema';
import type { Locale } from '../i18n';
import { enqueue } from '../jobs/queue';
import type { MailParamsOf, MailTemplateName } from './templates';

export const MAIL_JOB = 'mail.send';

/** What a `mail.send` job carries; checked again when the job runs. */
export const mailJobPayloadSchema = z.object({
  to: z.string().min(3).max(320),
  locale: z.enum(['fr', 'en']),
  template: z.string().min(1),
  params: z.record(z.string(), z.string()),
  /**
   * Re-read at sending time: the named refresher (see mail.job.ts) returns parameters to add, or
   * null when the mail no longer has a reason to go (e.g. the application was decided meanwhile).
   */
  refresh: z.object({ name: z.string().min(1), args: z.record(z.string(), z.string()) }).optional(),
});

export type MailJobPayload = z.infer<typeof mailJobPayloadSchema>;

/**
 * Enqueues a mail. Pass the transaction of the change that causes it as `db`: if that change
 * rolls back, no mail goes out; once it commits, the mail is sent even if the process dies.
 * Returns the job's id.
 */
export async function enqueueMail<N extends MailTemplateName>(db: Kysely<DB>, mail: MailToEnqueue<N>): Promise<string> {
  const id = await enqueue(db, MAIL_JOB, mailPayload(mail));
  if (id === null) throw new Error('A mail job without a dedupe key was not enqueued');
  return id;
}

/** Enqueues a mail once per `dedupeKey`, ever; returns null when it was enqueued before. */
export async function enqueueMailOnce<N extends MailTemplateName>(
  db: Kysely<DB>,
  mail: MailToEnqueue<N>,
  options: { dedupeKey: string; runAt?: Date },
): Promise<string | null> {
  return enqueue(db, MAIL_JOB, mailPayload(mail), options);
}

export interface MailToEnqueue<N extends MailTemplateName> {
  to: string;
  locale: Locale;
  template: N;
  params: MailParamsOf<N>;
  refresh?: MailJobPayload['refresh'];
}

function mailPayload<N extends MailTemplateName>(mail: MailToEnqueue<N>): MailJobPayload {
  return { to: mail.to, locale: mail.locale, template: mail.template, params: mail.params, ...(mail.refresh ? { refresh: mail.refresh } : {}) };
}
