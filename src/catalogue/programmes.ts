import { getCollection, type CollectionEntry } from 'astro:content';
import { slugNameProblems } from './file-names.ts';
import { getAllGuideFiles } from './guides.ts';
import { programmeCovers } from '../triage/programme-fit.ts';

export type ProgrammeEntry = CollectionEntry<'programmes'>;

let checked: Promise<ProgrammeEntry[]> | undefined;

/**
 * All programmes, by name. Also checks the links between entries that one file's
 * schema cannot see: every programme a guide names must exist.
 */
export function getProgrammes(): Promise<ProgrammeEntry[]> {
  checked ??= (async () => {
    const programmes = await getCollection('programmes');
    const slugs = new Set(programmes.map((p) => p.id));
    const guideFiles = await getAllGuideFiles();
    const problems = [...slugNameProblems(programmes, 'file'), ...slugNameProblems(guideFiles, 'folder')];
    problems.push(...guideFiles.flatMap((guide) =>
      guide.data.programmes
        .filter((slug) => !slugs.has(slug))
        .map((slug) => `content/guides/${guide.id}.mdx: programmes: "${slug}" does not exist (expected a file content/programmes/${slug}.yaml)`),
    ));
    if (problems.length) throw new Error(`Programme and guide files are inconsistent:\n  ${problems.join('\n  ')}`);
    return programmes.sort((a, b) => a.data.name.localeCompare(b.data.name, 'en'));
  })();
  return checked;
}

/** Programmes open to people in a region: those covering it, Africa, or the world. */
export async function getProgrammesForRegion(region: string): Promise<ProgrammeEntry[]> {
  return (await getProgrammes()).filter((p) => programmeCovers(p.data.regions, region));
}
