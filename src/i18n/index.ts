import { localeSchema, type Locale } from '../schemas/common.ts';
import ar from './locales/ar.json' with { type: 'json' };
import en from './locales/en.json' with { type: 'json' };
import fr from './locales/fr.json' with { type: 'json' };
import pt from './locales/pt.json' with { type: 'json' };
import sw from './locales/sw.json' with { type: 'json' };

export type { Locale };
export type UiKey = keyof typeof en;

export const allLocales: readonly Locale[] = localeSchema.options;
export const uiStrings: Record<Locale, Record<UiKey, string>> = { en, fr, pt, ar, sw };

/** Each language's name in itself, as the language switcher shows it. */
export const languageNames: Record<Locale, string> = {
  en: 'English',
  fr: 'Français',
  pt: 'Português',
  ar: 'العربية',
  sw: 'Kiswahili',
};

export function isLocale(value: string | undefined): value is Locale {
  return allLocales.includes(value as Locale);
}

export function textDirection(locale: Locale): 'rtl' | 'ltr' {
  return locale === 'ar' ? 'rtl' : 'ltr';
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

/** BCP 47 tags for `Intl`: English as written across Commonwealth Africa ("22 November 2026"). */
const intlLocale: Record<Locale, string> = { en: 'en-GB', fr: 'fr', pt: 'pt', ar: 'ar', sw: 'sw' };

/** Formats a `YYYY-MM-DD` date in the page's language, e.g. "22 November 2026". */
export function formatDate(locale: Locale, isoDate: string): string {
  return new Intl.DateTimeFormat(intlLocale[locale], { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${isoDate}T00:00:00Z`));
}

/**
 * Formats a date known to the day, month or year (`2024-12-02`, `2024-12`, `2024`) in
 * the page's language, saying no more than is known: "2 December 2024", "December 2024", "2024".
 */
export function formatPartialDate(locale: Locale, date: string): string {
  if (date.length === 10) return formatDate(locale, date);
  if (date.length === 4) return new Intl.DateTimeFormat(intlLocale[locale], { year: 'numeric', timeZone: 'UTC' }).format(new Date(`${date}-01-01T00:00:00Z`));
  return new Intl.DateTimeFormat(intlLocale[locale], { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(`${date}-01T00:00:00Z`));
}

/** A country's name in the page's language, from the ISO code. */
export function countryName(locale: Locale, iso2: string): string {
  return new Intl.DisplayNames([intlLocale[locale]], { type: 'region' }).of(iso2) ?? iso2;
}
