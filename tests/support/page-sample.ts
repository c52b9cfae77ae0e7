// Which built pages the browser-based page checks (axe, third-party requests, cookies)
// visit. Every template is checked in every locale, and every page in the locales that
// carry the most risk (English, the source; Arabic, right to left); in the other locales
// a page that repeats a template (one of 54 countries, 25 programmes) is visited in turn,
// so that across the locales each page is still visited at least once. Seven locales of
// every page would not fit the suite's time on two cores; the pages of one template differ
// only in their text, which the HTML validator and link checker still read in full.

export interface SampleOptions {
  /** Locales whose every page is visited. */
  fullLocales: readonly string[];
  /** Every locale of the site, in a stable order. */
  locales: readonly string[];
  /** In the other locales, one page in `share` of each repeated template is visited. */
  share: number;
}

/** `/fr/countries/ke/` → locale `fr`, template `countries/*`, item `ke`; a page of its own has no template. */
function describePage(path: string, locales: readonly string[]) {
  const segments = path.split('/').filter(Boolean);
  const locale = locales.includes(segments[0] ?? '') ? segments[0] : undefined;
  const rest = locale ? segments.slice(1) : segments;
  const template = locale && rest.length >= 2 ? `${rest.slice(0, -1).join('/')}/*` : undefined;
  return { locale, template };
}

export function pagesToVisit(pages: readonly string[], options: SampleOptions): string[] {
  const sampled = options.locales.filter((locale) => !options.fullLocales.includes(locale));
  // Items of each template in one order shared by all locales (their paths minus the locale).
  const items = new Map<string, string[]>();
  for (const path of pages) {
    const { locale, template } = describePage(path, options.locales);
    if (!locale || !template) continue;
    const item = path.slice(locale.length + 1);
    const list = items.get(template) ?? [];
    if (!list.includes(item)) list.push(item);
    items.set(template, list);
  }
  for (const list of items.values()) list.sort();
  return pages.filter((path) => {
    const { locale, template } = describePage(path, options.locales);
    if (!locale || !template || options.fullLocales.includes(locale)) return true;
    const list = items.get(template)!;
    if (list.length <= options.share) return true;
    return (list.indexOf(path.slice(locale.length + 1)) + sampled.indexOf(locale)) % options.share === 0;
  });
}
