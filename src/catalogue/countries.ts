import { getCollection, type CollectionEntry } from 'astro:content';
import { countryName, type Locale } from '../i18n/index.ts';
import { slugNameProblems } from './file-names.ts';
import { groupBySlug, pickLanguage } from './localized.ts';

export type CountryEntry = CollectionEntry<'countries'>;

let loaded: Promise<{ facts: CountryEntry[]; narratives: Map<string, CollectionEntry<'countryNarratives'>[]> }> | undefined;

/**
 * Loads the country collections once per build and checks what a single file's schema
 * cannot: every narrative belongs to a country that has a facts file, every facts file
 * has an English narrative, and no two files claim the same country.
 */
function load() {
  loaded ??= (async () => {
    const facts = await getCollection('countries');
    const narratives = groupBySlug(await getCollection('countryNarratives'));
    const problems = [...slugNameProblems(facts, 'file'), ...slugNameProblems([...narratives.values()].flat(), 'folder')];
    const seen = new Map<string, string>();
    for (const entry of facts) {
      if (entry.id !== entry.data.iso2.toLowerCase()) problems.push(`content/countries/${entry.id}.yaml: iso2 is ${entry.data.iso2}, expected ${entry.id.toUpperCase()} (the file name)`);
      const other = seen.get(entry.data.iso2);
      if (other) problems.push(`content/countries/${entry.id}.yaml: iso2 ${entry.data.iso2} is already used by content/countries/${other}.yaml`);
      seen.set(entry.data.iso2, entry.id);
      if (!narratives.get(entry.id)?.some((n) => n.id.endsWith('/en'))) problems.push(`content/countries/${entry.id}/en.mdx: missing (every country needs an English narrative)`);
    }
    for (const slug of narratives.keys()) {
      if (!facts.some((f) => f.id === slug)) problems.push(`content/countries/${slug}/: narrative for a country with no facts file (expected content/countries/${slug}.yaml)`);
    }
    if (problems.length) throw new Error(`Country content is inconsistent:\n  ${problems.join('\n  ')}`);
    return { facts, narratives };
  })();
  return loaded;
}

/** All countries, sorted by their name in the reader's language. */
export async function getCountries(locale: Locale): Promise<CountryEntry[]> {
  const { facts } = await load();
  const collator = new Intl.Collator(locale);
  return [...facts].sort((a, b) => collator.compare(countryName(locale, a.data.iso2), countryName(locale, b.data.iso2)));
}

/** A country's narrative in the reader's language, or its fallback. */
export async function getCountryNarrative(slug: string, locale: Locale) {
  const { narratives } = await load();
  return pickLanguage(narratives.get(slug) ?? [], locale);
}
