// What every page needs to render: language, signed-in person, CSRF token, current path.
import type { Locale, Translate } from '../i18n';
import type { Actor } from '../platform/deps';

export interface View {
  readonly t: Translate;
  readonly locale: Locale;
  readonly user: Actor | null;
  readonly csrf: string;
  readonly path: string;
  readonly flash?: string | undefined;
}

/** Field name → translated message, as forms show them. */
export type FormErrors = Record<string, string>;
