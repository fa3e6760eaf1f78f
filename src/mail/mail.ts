// Domain types of sent mails (the outbox), and the one place where a mail row becomes one.
import type { MailRow } from '../db/schema';

export type MailTransportKind = MailRow['transport'];

export interface MailSummary {
  id: string;
  to: string;
  subject: string;
  transport: MailTransportKind;
  messageId: string;
  createdAt: Date;
}

export interface MailDetail extends MailSummary {
  jobId: string | null;
  text: string;
  html: string;
}

export function mailRowToSummary(row: Pick<MailRow, 'id' | 'to_address' | 'subject' | 'transport' | 'message_id' | 'created_at'>): MailSummary {
  return {
    id: row.id,
    to: row.to_address,
    subject: row.subject,
    transport: row.transport,
    messageId: row.message_id,
    createdAt: row.created_at,
  };
}

export function mailRowToDetail(row: MailRow): MailDetail {
  return { ...mailRowToSummary(row), jobId: row.job_id, text: row.text_body, html: row.html_body };
}

/**
 * The Message-ID of the mail a job sends: derived from the job (its id and creation time), so a
 * retry after a crash between sending and recording carries the same id and receivers can drop
 * the duplicate, while two databases (a reset one, another instance) never produce the same id.
 */
export function messageIdForJob(job: { id: string; createdAt: Date }, baseUrl: string): string {
  let host = 'blason.localhost';
  try {
    host = new URL(baseUrl).hostname || host;
  } catch {
    // keep the default
  }
  return `<blason.job-${job.id}.${job.createdAt.getTime().toString(36)}@${host}>`;
}
