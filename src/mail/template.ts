// A mail is written once as structured content; HTML and text are both rendered from it.
import type { Translate } from '../i18n';

export interface MailContent {
  subject: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  /** Small print under the action (why you got this mail, link expiry…). */
  note?: string;
}

export type MailParams = Record<string, string>;

export interface MailTemplate<P extends MailParams> {
  (t: Translate, params: P): MailContent;
}

export function defineMail<P extends MailParams>(template: MailTemplate<P>): MailTemplate<P> {
  return template;
}
