import { siteConfig } from './site.ts';
import type { Locale } from '../i18n/index.ts';

/** `getStaticPaths` for a page that exists once per configured locale. */
export function localeStaticPaths() {
  return siteConfig.locales.map((locale: Locale) => ({ params: { lang: locale }, props: { locale } }));
}
