// Mails of applications: a new application to examine, the digest of what awaits a verdict, the decision.
import { defineMail } from '../mail/template';

const lines = (text: string) => text.split('\n').filter(Boolean);

export const applicationMails = {
  /** A new application reaches an examiner (sent only if still undecided and awaiting them). */
  'applications.new': defineMail<{ badge: string; issuer: string; applicant: string; url: string }>((t, p) => ({
    subject: t('applications.mail.new.subject', { badge: p.badge }),
    paragraphs: [t('applications.mail.new.body', { applicant: p.applicant, badge: p.badge, issuer: p.issuer }), t('applications.mail.new.how')],
    action: { label: t('applications.mail.new.action'), url: p.url },
    note: t('applications.mail.note'),
  })),
  /**
   * What awaits the person's verdict, computed when the mail leaves; `welcome` (a badge name) when
   * they have just become a holder and examiner of that badge.
   */
  'applications.digest': defineMail<{ welcome: string; count: string; items: string; url: string }>((t, p) => ({
    subject: p.welcome ? t('applications.mail.welcome.subject', { badge: p.welcome }) : t('applications.mail.digest.subject', { count: p.count }),
    paragraphs: [
      ...(p.welcome ? [t('applications.mail.welcome.body', { badge: p.welcome })] : []),
      t('applications.mail.digest.body', { count: p.count }),
      ...lines(p.items),
    ],
    action: { label: t('applications.mail.digest.action'), url: p.url },
    note: t('applications.mail.note'),
  })),
  /** The applicant learns the decision, with the examiners' comments. */
  'applications.decided': defineMail<{ badge: string; decision: string; url: string; comments: string; credentialUrl: string }>((t, p) => ({
    subject: t(p.decision === 'accepted' ? 'applications.mail.accepted.subject' : 'applications.mail.refused.subject', { badge: p.badge }),
    paragraphs: [
      t(p.decision === 'accepted' ? 'applications.mail.accepted.body' : 'applications.mail.refused.body', { badge: p.badge }),
      ...(p.comments ? [t('applications.mail.comments'), ...lines(p.comments)] : []),
      ...(p.decision === 'refused' ? [t('applications.mail.refused.again')] : []),
    ],
    action: p.credentialUrl
      ? { label: t('applications.mail.accepted.action'), url: p.credentialUrl }
      : { label: t('applications.mail.decided.action'), url: p.url },
  })),
};
