// Mails of awarded badges: the claim link, to the person or to the managers of the organisation.
import { defineMail } from '../mail/template';

export const awardMails = {
  /** A badge was awarded; `organization` is the recipient organisation's name ('' for a person). */
  'awards.claim': defineMail<{ badge: string; issuer: string; url: string; days: string; organization: string }>((t, p) => ({
    subject: t('awards.mail.claim.subject', { badge: p.badge }),
    paragraphs: [
      p.organization
        ? t('awards.mail.claim.organization', { issuer: p.issuer, badge: p.badge, organization: p.organization })
        : t('awards.mail.claim.person', { issuer: p.issuer, badge: p.badge }),
      t('awards.mail.claim.how'),
    ],
    action: { label: t('awards.mail.claim.action'), url: p.url },
    note: t('awards.mail.claim.note', { days: p.days }),
  })),
  /** A credential expires soon: renew it by applying again. */
  'awards.expiring': defineMail<{ badge: string; date: string; url: string; renewUrl: string }>((t, p) => ({
    subject: t('awards.mail.expiring.subject', { badge: p.badge, date: p.date }),
    paragraphs: [t('awards.mail.expiring.body', { badge: p.badge, date: p.date }), t('awards.mail.expiring.how', { url: p.url })],
    action: { label: t('awards.mail.expiring.action'), url: p.renewUrl },
    note: t('awards.mail.expiring.note'),
  })),
};
