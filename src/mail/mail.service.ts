// Sending a mail = enqueueing a `mail.send` job in the caller's transaction; the worker renders and sends it.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { Locale } from '../i18n';
import { enqueue } from '../jobs/queue';
import type { MailParamsOf, MailTemplateName } from './templates';

export const MAIL_JOB = 'mail.send';

export interface MailJobPayload {
  to: string;
  locale: Locale;
  template: string;
  params: Record<string, string>;
}

export async function enqueueMail<N extends MailTemplateName>(
  db: Kysely<DB>,
  mail: { to: string; locale: Locale; template: N; params: MailParamsOf<N> },
): Promise<void> {
  const payload: MailJobPayload = { to: mail.to, locale: mail.locale, template: mail.template, params: mail.params };
  await enqueue(db, MAIL_JOB, payload);
}
