import { language, languages, localeCodes, type Locale } from './languages.ts';
import en from './locales/en.json' with { type: 'json' };

export type { Locale };
export type UiKey = keyof typeof en;

export const allLocales: readonly Locale[] = localeCodes;

// One JSON file per row of the language table, found by its code: adding a language
// adds no import here. English is also imported statically because its keys are the
// type every other file is checked against (`tests/i18n/i18n.test.ts`).
export const uiStrings = Object.fromEntries(
  await Promise.all(
    languages.map(async ({ code }) => {
      const file = await import(`./locales/${code}.json`, { with: { type: 'json' } });
      return [code, file.default as Record<UiKey, string>] as const;
    }),
  ),
) as Record<Locale, Record<UiKey, string>>;

/** Each language's name in itself, as the language switcher shows it. */
export const languageNames = Object.fromEntries(languages.map(({ code, name }) => [code, name])) as Record<Locale, string>;

export function isLocale(value: string | undefined): value is Locale {
  return allLocales.includes(value as Locale);
}

export function textDirection(locale: Locale): 'rtl' | 'ltr' {
  return language(locale).dir;
}

/**
 * Returns `t(key, vars)` for one locale. `{name}` placeholders are replaced from `vars`.
 * A key missing from a locale is a build error, not a silent English fallback: the unit
 * test on key completeness keeps that from happening.
 */
export function useTranslations(locale: Locale) {
  const strings = uiStrings[locale];
  return function t(key: UiKey, vars: Record<string, string | number> = {}): string {
    const template = strings[key];
    if (template === undefined) throw new Error(`UI string "${key}" is missing in ${locale}`);
    return template.replace(/\{(\w+)\}/g, (_, name: string) => {
      if (!(name in vars)) throw new Error(`UI string "${key}" needs {${name}}`);
      return String(vars[name]);
    });
  };
}
export type Translate = ReturnType<typeof useTranslations>;

/** `/fr` + `/countries/ml/` → `/fr/countries/ml/`. `path` is the part after the locale. */
export function localizedPath(locale: Locale, path = '/'): string {
  return `/${locale}${path.startsWith('/') ? path : `/${path}`}`;
}

/** Splits `/fr/countries/ml/` into `fr` and `/countries/ml/`. */
export function splitLocale(pathname: string): { locale: Locale | undefined; path: string } {
  const [, first, ...rest] = pathname.split('/');
  if (isLocale(first)) return { locale: first, path: `/${rest.join('/')}` };
  return { locale: undefined, path: pathname };
}

/** Formats a `YYYY-MM-DD` date in the page's language, e.g. "22 November 2026". */
export function formatDate(locale: Locale, isoDate: string): string {
  return new Intl.DateTimeFormat(language(locale).intl, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${isoDate}T00:00:00Z`));
}

/**
 * Formats a date known to the day, month or year (`2024-12-02`, `2024-12`, `2024`) in
 * the page's language, saying no more than is known: "2 December 2024", "December 2024", "2024".
 */
export function formatPartialDate(locale: Locale, date: string): string {
  if (date.length === 10) return formatDate(locale, date);
  if (date.length === 4) return new Intl.DateTimeFormat(language(locale).intl, { year: 'numeric', timeZone: 'UTC' }).format(new Date(`${date}-01-01T00:00:00Z`));
  return new Intl.DateTimeFormat(language(locale).intl, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(`${date}-01T00:00:00Z`));
}

/** A country's name in the page's language, from the ISO code. */
export function countryName(locale: Locale, iso2: string): string {
  return new Intl.DisplayNames([language(locale).intl], { type: 'region' }).of(iso2) ?? iso2;
}
