// Every fact about an interface language lives in this one table, as Starlight keeps
// `{label, lang, dir}` per locale: the code list, the names the switcher shows, the text
// direction and the Intl tag are all read from here. Adding a language is one row plus
// its `locales/<code>.json`. No zod and no strings here: the browser's validation chunk
// imports the code list, and must stay small.

/** One interface language. */
export interface Language {
  /** The code in URLs, content file names and `content/site.yaml`, e.g. `fr`. */
  readonly code: string;
  /** The language's name in itself, as the language switcher shows it. */
  readonly name: string;
  /** Writing direction of the page's `<html dir>`. */
  readonly dir: 'ltr' | 'rtl';
  /** The BCP 47 tag handed to `Intl` for dates and country names. */
  readonly intl: string;
}

export const languages = [
  // English as written across Commonwealth Africa ("22 November 2026").
  { code: 'en', name: 'English', dir: 'ltr', intl: 'en-GB' },
  { code: 'fr', name: 'Français', dir: 'ltr', intl: 'fr' },
  { code: 'pt', name: 'Português', dir: 'ltr', intl: 'pt' },
  { code: 'ar', name: 'العربية', dir: 'rtl', intl: 'ar' },
  { code: 'sw', name: 'Kiswahili', dir: 'ltr', intl: 'sw' },
] as const satisfies readonly Language[];

export type Locale = (typeof languages)[number]['code'];

/** The codes in table order, as a tuple zod's `enum` accepts. */
export const localeCodes = languages.map((language) => language.code) as [Locale, ...Locale[]];

const byCode = new Map<string, Language>(languages.map((language) => [language.code, language]));

/** The table row of a known locale. */
export function language(locale: Locale): Language {
  return byCode.get(locale)!;
}
