// Mails of accounts: address verification and password reset, in the recipient's language.
import { defineMail } from '../mail/template';

export const accountMails = {
  'accounts.verify': defineMail<{ name: string; email: string; url: string }>((t, p) => ({
    subject: t('accounts.mail.verify.subject'),
    paragraphs: [t('accounts.mail.hello', { name: p.name }), t('accounts.mail.verify.text', { email: p.email })],
    action: { label: t('accounts.mail.verify.action'), url: p.url },
    note: t('accounts.mail.verify.note'),
  })),
  'accounts.reset': defineMail<{ name: string; url: string }>((t, p) => ({
    subject: t('accounts.mail.reset.subject'),
    paragraphs: [t('accounts.mail.hello', { name: p.name }), t('accounts.mail.reset.text')],
    action: { label: t('accounts.mail.reset.action'), url: p.url },
    note: t('accounts.mail.reset.note'),
  })),
};
