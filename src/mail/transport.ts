// Where mails go: an SMTP server (SMTP_URL) through nodemailer, or nowhere but the outbox table.
import nodemailer from 'nodemailer';
import type { Config } from '../config';

export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
}

export interface MailTransport {
  readonly kind: 'smtp' | 'outbox';
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** How mail leaves this instance, as the administration shows it (never the SMTP credentials). */
export type MailMode = { kind: 'smtp'; server: string } | { kind: 'outbox' };

export function mailMode(config: Pick<Config, 'smtpUrl'>): MailMode {
  if (!config.smtpUrl) return { kind: 'outbox' };
  try {
    const url = new URL(config.smtpUrl);
    const port = url.port || (url.protocol === 'smtps:' ? '465' : '587');
    return { kind: 'smtp', server: `${url.protocol}//${url.hostname}:${port}` };
  } catch {
    return { kind: 'smtp', server: '?' };
  }
}

export function createMailTransport(config: Pick<Config, 'smtpUrl'>): MailTransport {
  if (!config.smtpUrl) return { kind: 'outbox', send: async () => {}, close: () => {} };
  // Short timeouts: a stuck server fails the attempt (retried later) well within the job's lease.
  const transporter = nodemailer.createTransport({
    url: config.smtpUrl,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  return {
    kind: 'smtp',
    async send(mail) {
      await transporter.sendMail({ ...mail, headers: { 'Auto-Submitted': 'auto-generated' } });
    },
    close: () => transporter.close(),
  };
}

/** True when the SMTP server refused the mail for good (a 5xx reply): sending it again cannot help. */
export function isPermanentSmtpError(error: unknown): boolean {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}
