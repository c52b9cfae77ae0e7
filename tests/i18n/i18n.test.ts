import { describe, expect, it } from 'vitest';
import { allLocales, formatDate, localizedPath, splitLocale, uiStrings, useTranslations } from '../../src/i18n/index.ts';

describe('UI strings', () => {
  const englishKeys = Object.keys(uiStrings.en).sort();

  it.each(allLocales)('%s has exactly the keys English has', (locale) => {
    expect(Object.keys(uiStrings[locale]).sort()).toEqual(englishKeys);
  });

  it.each(allLocales)('%s keeps every {placeholder} of the English string', (locale) => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of englishKeys) {
      const k = key as keyof typeof uiStrings.en;
      expect([key, placeholders(uiStrings[locale][k])]).toEqual([key, placeholders(uiStrings.en[k])]);
    }
  });

  it('fills placeholders and refuses a missing one', () => {
    const t = useTranslations('fr');
    expect(t('footer.contact', { organisation: 'Ngao' })).toBe('Contacter Ngao');
    expect(() => t('footer.contact')).toThrow(/needs \{organisation\}/);
  });
});

describe('localised paths', () => {
  it('prefixes and splits the locale', () => {
    expect(localizedPath('fr', '/countries/ml/')).toBe('/fr/countries/ml/');
    expect(splitLocale('/ar/guides/')).toEqual({ locale: 'ar', path: '/guides/' });
    expect(splitLocale('/data/countries.json')).toEqual({ locale: undefined, path: '/data/countries.json' });
  });

  it('formats dates in the page language', () => {
    expect(formatDate('en', '2026-11-22')).toBe('22 November 2026');
    expect(formatDate('fr', '2026-11-22')).toBe('22 novembre 2026');
  });
});
