import { describe, expect, it } from 'vitest';
import { catalogues, messages, negotiateLocale, translator } from '../../src/i18n';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  it('has every message key in French and in English, none empty', () => {
    for (const catalogue of catalogues) {
      expect(Object.keys(catalogue.en).sort()).toEqual(Object.keys(catalogue.fr).sort());
      for (const [key, text] of Object.entries(catalogue.fr)) {
        expect(text.trim(), `fr ${key}`).not.toBe('');
        expect((catalogue.en as Record<string, string>)[key]?.trim(), `en ${key}`).not.toBe('');
      }
    }
  });

  it('uses the same placeholders in both languages', () => {
    for (const [key, fr] of Object.entries(messages.fr)) {
      expect(placeholders(messages.en[key as keyof typeof messages.en]), key).toEqual(placeholders(fr));
    }
  });

  it('never defines one key in two catalogues', () => {
    const seen = new Map<string, number>();
    catalogues.forEach((c, i) => {
      for (const key of Object.keys(c.fr)) {
        expect(seen.has(key), `${key} defined twice`).toBe(false);
        seen.set(key, i);
      }
    });
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    const t = translator('fr');
    expect(t('validation.tooShort', { min: 10 })).toBe('Saisissez au moins 10 caractères.');
    expect(translator('en')('validation.tooShort')).toBe('Enter at least {min} characters.');
  });

  it.each([
    [undefined, 'fr'],
    ['', 'fr'],
    ['en-GB,en;q=0.9', 'en'],
    ['fr-FR,fr;q=0.9,en;q=0.8', 'fr'],
    ['de-DE,de;q=0.9,en;q=0.5', 'en'],
    ['en;q=0.4,fr;q=0.6', 'fr'],
    ['es, it', 'fr'],
    ['en;q=0', 'fr'],
  ])('negotiates Accept-Language %j → %s', (header, locale) => {
    expect(negotiateLocale(header)).toBe(locale);
  });
});
