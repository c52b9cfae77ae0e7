import type { Locale } from '../schemas/common.ts';

/**
 * Picks the entry written in `locale` among the language versions of one document
 * (entry ids `<slug>/<lang>`), else the first available of the fallback order.
 * `fallback` is set when the text is not in the reader's language, so the page can say so
 * and mark the content with its real `lang`.
 */
export function pickLanguage<T extends { id: string }>(
  versions: readonly T[],
  locale: Locale,
  fallbackOrder: readonly Locale[] = ['en', 'fr'],
): { entry: T; lang: Locale; fallback: boolean } | undefined {
  const byLang = new Map(versions.map((v) => [v.id.split('/').at(-1) as Locale, v]));
  for (const lang of [locale, ...fallbackOrder]) {
    const entry = byLang.get(lang);
    if (entry) return { entry, lang, fallback: lang !== locale };
  }
  return undefined;
}

/** Groups entries with ids `<slug>/<lang>` by slug. */
export function groupBySlug<T extends { id: string }>(entries: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const entry of entries) {
    const slug = entry.id.split('/')[0]!;
    groups.set(slug, [...(groups.get(slug) ?? []), entry]);
  }
  return groups;
}
