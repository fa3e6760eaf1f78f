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

export function createMailTransport(config: Config): MailTransport {
  if (!config.smtpUrl) return { kind: 'outbox', send: async () => {}, close: () => {} };
  const transporter = nodemailer.createTransport(config.smtpUrl);
  return {
    kind: 'smtp',
    async send(mail) {
      await transporter.sendMail(mail);
    },
    close: () => transporter.close(),
  };
}
