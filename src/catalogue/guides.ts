import { situations } from '../triage/situations.ts';
import { getCollection, type CollectionEntry } from 'astro:content';
import type { Locale } from '../i18n/index.ts';
import { groupBySlug, pickLanguage } from './localized.ts';

export type GuideEntry = CollectionEntry<'guides'>;
export interface LocalizedGuide { slug: string; entry: GuideEntry; lang: Locale; fallback: boolean }

/** Every guide in the reader's language (or its fallback), in the editors' order. */
export async function getGuides(locale: Locale): Promise<LocalizedGuide[]> {
  const guides: LocalizedGuide[] = [];
  for (const [slug, versions] of groupBySlug(await getCollection('guides'))) {
    const picked = pickLanguage(versions, locale);
    if (!picked) throw new Error(`content/guides/${slug}/: no English or French version`);
    guides.push({ slug, ...picked });
  }
  return guides.sort((a, b) => a.entry.data.order - b.entry.data.order || a.slug.localeCompare(b.slug));
}

/** All language versions of every guide, for checks that must see each file. */
export async function getAllGuideFiles(): Promise<GuideEntry[]> {
  return getCollection('guides');
}

/**
 * The triage situations this corpus can answer: those whose guide exists. An
 * organisation's own content may leave a guide out; its situation then disappears from
 * the triage entry and pages instead of breaking the build or leaving a dead link.
 */
export async function availableSituations(): Promise<(typeof situations)[number][]> {
  const slugs = new Set((await getGuides('en')).map((guide) => guide.slug));
  return situations.filter((situation) => slugs.has(situation.guide));
}
