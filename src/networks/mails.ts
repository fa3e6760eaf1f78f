// Mails of networks: a regional badge offered to the earner of a mapped partner badge; a credential endorsed by someone.
import { defineMail } from '../mail/template';

export const networkMails = {
  'networks.offer': defineMail<{ badge: string; level: string; partner: string; issuer: string; url: string }>((t, p) => ({
    subject: t('networks.mail.offer.subject', { badge: p.badge }),
    paragraphs: [
      t(p.level ? 'networks.mail.offer.bodyLevel' : 'networks.mail.offer.body', { badge: p.badge, level: p.level, partner: p.partner, issuer: p.issuer }),
      t('networks.mail.offer.how'),
    ],
    action: { label: t('networks.mail.offer.action'), url: p.url },
    note: t('networks.mail.offer.note'),
  })),
  'networks.endorsed': defineMail<{ badge: string; endorser: string; comment: string; url: string }>((t, p) => ({
    subject: t('networks.mail.endorsed.subject', { badge: p.badge, endorser: p.endorser }),
    paragraphs: [t('networks.mail.endorsed.body', { badge: p.badge, endorser: p.endorser, comment: p.comment }), t('networks.mail.endorsed.how')],
    action: { label: t('networks.mail.endorsed.action'), url: p.url },
    note: t('networks.mail.endorsed.note'),
  })),
  'networks.endorsementRequest': defineMail<{ requester: string; subject: string; message: string; url: string }>((t, p) => ({
    subject: t('networks.mail.request.subject', { requester: p.requester }),
    paragraphs: [t('networks.mail.request.body', { requester: p.requester, subject: p.subject }), ...(p.message ? [t('networks.mail.request.message', { message: p.message })] : [])],
    action: { label: t('networks.mail.request.action'), url: p.url },
    note: t('networks.mail.request.note'),
  })),
  'networks.badgeProposal': defineMail<{ organization: string; badge: string; network: string; url: string }>((t, p) => ({
    subject: t('networks.mail.proposal.subject', { organization: p.organization, network: p.network }),
    paragraphs: [t('networks.mail.proposal.body', { organization: p.organization, badge: p.badge, network: p.network })],
    action: { label: t('networks.mail.proposal.action'), url: p.url },
  })),
};
