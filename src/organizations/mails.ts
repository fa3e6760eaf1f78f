// Mails of organisations (invitations).
import { defineMail } from '../mail/template';
import { isRole, roleLabel } from './organizations';

export const organizationMails = {
  /** An invitation to join an organisation; `roles` is a comma-separated list of role codes. */
  'organizations.invitation': defineMail<{
    organization: string;
    inviter: string;
    roles: string;
    url: string;
    days: string;
  }>((t, p) => {
    const roles = p.roles
      .split(',')
      .filter(isRole)
      .map((r) => roleLabel(t, r))
      .join(', ');
    return {
      subject: t('organizations.mail.invitation.subject', { organization: p.organization }),
      paragraphs: [
        t('organizations.mail.invitation.intro', { inviter: p.inviter, organization: p.organization }),
        t('organizations.mail.invitation.roles', { roles }),
        t('organizations.mail.invitation.how'),
      ],
      action: { label: t('organizations.mail.invitation.action'), url: p.url },
      note: t('organizations.mail.invitation.note', { days: p.days }),
    };
  }),
};
