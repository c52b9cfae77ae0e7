// Which page should exist in which language, and which of them do not. Pure, so the
// language-coverage test and `npm run review` read the same answer from the same rule:
// every country narrative, guide and standing page in every locale of `content/site.yaml`,
// except what a partial locale there says it does not (yet) cover, with its reason.
import type { Locale } from '../schemas/common.ts';
import type { ContentKind, PartialLocale } from '../schemas/site.ts';

/** One document of the corpus and the languages it is written in. */
export interface Document {
  readonly kind: ContentKind;
  readonly slug: string;
  /** Locales that have a file for it, e.g. `content/guides/<slug>/<lang>.mdx`. */
  readonly locales: readonly string[];
}

/** One page × locale cell of the listing. */
export interface CoverageCell {
  readonly kind: ContentKind;
  readonly slug: string;
  readonly locale: Locale;
  /** `present`: the file exists; `excused`: absent, and the locale says why; `missing`: absent without a reason. */
  readonly status: 'present' | 'excused' | 'missing';
  /** The partial locale's reason, on an `excused` cell. */
  readonly reason?: string;
}

/** Whether a partial locale declares it covers this document. */
function covers(partial: PartialLocale, kind: ContentKind, slug: string): boolean {
  const listed = partial.covers[kind];
  return listed === 'all' || (listed ?? []).includes(slug);
}

/** Every document × locale, with its status. Sorted by kind, slug, then the locales' order. */
export function languageCoverage(
  documents: readonly Document[],
  locales: readonly Locale[],
  partialLocales: Partial<Record<Locale, PartialLocale>>,
): CoverageCell[] {
  const sorted = [...documents].sort((a, b) => a.kind.localeCompare(b.kind) || a.slug.localeCompare(b.slug));
  return sorted.flatMap(({ kind, slug, locales: written }) =>
    locales.map((locale): CoverageCell => {
      if (written.includes(locale)) return { kind, slug, locale, status: 'present' };
      const partial = partialLocales[locale];
      if (partial && !covers(partial, kind, slug)) return { kind, slug, locale, status: 'excused', reason: partial.reason };
      return { kind, slug, locale, status: 'missing' };
    }),
  );
}

/**
 * What a partial locale claims to cover but does not exist in the corpus at all (a slug
 * misspelt in `content/site.yaml`), so a typo cannot silently excuse nothing.
 */
export function unknownCoverageClaims(documents: readonly Document[], partialLocales: Partial<Record<Locale, PartialLocale>>): string[] {
  const known = new Set(documents.map((d) => `${d.kind}/${d.slug}`));
  return Object.entries(partialLocales).flatMap(([locale, partial]) =>
    Object.entries(partial!.covers).flatMap(([kind, listed]) =>
      listed === 'all'
        ? []
        : (listed ?? [])
            .filter((slug) => !known.has(`${kind}/${slug}`))
            .map((slug) => `content/site.yaml: partialLocales.${locale}.covers.${kind} names "${slug}", which is no ${kind.replace(/s$/, '')} in content/${kind}/`),
    ),
  );
}
