import { basename, dirname } from 'node:path';

/**
 * The file (or folder) name of an entry is its slug: the same in every URL and link. The
 * content loader lower-cases names into ids, so `Shelter-City.yaml` and
 * `shelter-city.yaml` would silently become one entry; requiring the name to be the slug
 * already makes two entries with one slug impossible.
 */
export function slugNameProblems(entries: readonly { id: string; filePath?: string | undefined }[], part: 'file' | 'folder'): string[] {
  return entries.flatMap(({ id, filePath }) => {
    if (!filePath) return [];
    const name = part === 'file' ? basename(filePath).replace(/\.[^.]+$/, '') : basename(dirname(filePath));
    const slug = part === 'file' ? id : id.split('/')[0]!;
    return name === slug ? [] : [`${filePath}: the ${part} name is the slug and must be lower-case letters, digits and hyphens; rename it to "${slug}"`];
  });
}
