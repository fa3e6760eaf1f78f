// Translation: every message key exists in French (default) and English; modules bring their own catalogues.
import accounts from '../accounts/messages';
import admin from '../admin/messages';
import applications from '../applications/messages';
import awards from '../awards/messages';
import backpack from '../backpack/messages';
import badges from '../badges/messages';
import bulk from '../bulk/messages';
import integrations from '../integrations/messages';
import issuers from '../issuers/messages';
import mail from '../mail/messages';
import networks from '../networks/messages';
import endorsements from '../networks/endorsements.messages';
import oauth from '../oauth/messages';
import organizations from '../organizations/messages';
import pathways from '../pathways/messages';
import reports from '../reports/messages';
import rules from '../rules/messages';
import verify from '../verify/messages';
import web from '../web/messages';
import common from './common.messages';

export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'fr';

export const catalogues = [common, accounts, organizations, mail, admin, web, issuers, badges, awards, verify, bulk, applications, rules, pathways, networks, endorsements, backpack, reports, oauth, integrations];

const fr = Object.assign({}, ...catalogues.map((c) => c.fr)) as typeof common.fr &
  typeof accounts.fr &
  typeof organizations.fr &
  typeof mail.fr &
  typeof admin.fr &
  typeof issuers.fr &
  typeof badges.fr &
  typeof awards.fr &
  typeof bulk.fr &
  typeof applications.fr &
  typeof rules.fr &
  typeof pathways.fr &
  typeof networks.fr &
  typeof endorsements.fr &
  typeof backpack.fr &
  typeof reports.fr &
  typeof integrations.fr &
  typeof oauth.fr &
  typeof verify.fr &
  typeof web.fr;
const en = Object.assign({}, ...catalogues.map((c) => c.en)) as Record<keyof typeof fr, string>;

export type MessageKey = keyof typeof fr;
export const messages: Record<Locale, Record<MessageKey, string>> = { fr, en };

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

export function isLocale(value: unknown): value is Locale {
  return value === 'fr' || value === 'en';
}

export function isMessageKey(value: unknown): value is MessageKey {
  return typeof value === 'string' && Object.hasOwn(fr, value);
}

export function translator(locale: Locale): Translate {
  const table = messages[locale];
  return (key, params) => {
    const text = table[key] ?? key;
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  };
}

/** Picks fr or en from an Accept-Language header, by quality; French when nothing matches. */
export function negotiateLocale(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.map((r) => r.trim()).find((r) => r.startsWith('q='));
      return { lang: tag.toLowerCase().split('-')[0], q: q ? Number(q.slice(2)) || 0 : 1, index };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { lang } of ranked) if (isLocale(lang)) return lang;
  return DEFAULT_LOCALE;
}
