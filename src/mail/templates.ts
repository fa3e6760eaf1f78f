// Every mail template of the platform, by name. Modules define their own in <module>/mails.ts.
import { accountMails } from '../accounts/mails';
import { applicationMails } from '../applications/mails';
import { awardMails } from '../awards/mails';
import { networkMails } from '../networks/mails';
import { organizationMails } from '../organizations/mails';
import type { MailParams, MailTemplate } from './template';

export const mailTemplates = { ...accountMails, ...organizationMails, ...awardMails, ...applicationMails, ...networkMails };

export type MailTemplateName = keyof typeof mailTemplates;
export type MailParamsOf<N extends MailTemplateName> = (typeof mailTemplates)[N] extends MailTemplate<infer P> ? P : never;

export function findTemplate(name: string): MailTemplate<MailParams> | undefined {
  return Object.hasOwn(mailTemplates, name)
    ? (mailTemplates[name as MailTemplateName] as unknown as MailTemplate<MailParams>)
    : undefined;
}
