import { getCollection } from 'astro:content';
import type { Locale } from '../schemas/common.ts';
import { groupBySlug, pickLanguage } from './localized.ts';

/** A standing page (`content/pages/<slug>/<lang>.mdx`) in the reader's language or its fallback. */
export async function getStandingPage(slug: string, locale: Locale) {
  const versions = groupBySlug(await getCollection('pages')).get(slug);
  const picked = versions && pickLanguage(versions, locale);
  if (!picked) throw new Error(`content/pages/${slug}/: no language version exists (expected at least en.mdx)`);
  return picked;
}
