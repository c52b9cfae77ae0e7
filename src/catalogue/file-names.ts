import { basename, dirname } from 'node:path';

/** A slug: lower-case letters and digits, words joined by single hyphens. */
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * The file (or folder) name of an entry is its slug: the same in every URL and link.
 * Ids keep names as written, so a name that is not a slug is refused here rather than
 * silently lower-cased into another entry's slug.
 */
export function slugNameProblems(entries: readonly { id: string; filePath?: string | undefined }[], part: 'file' | 'folder'): string[] {
  return entries.flatMap(({ id, filePath }) => {
    const name = part === 'file' ? id : id.split('/')[0]!;
    if (SLUG.test(name)) return [];
    const where = filePath ? (part === 'file' ? filePath : dirname(filePath)) : name;
    return [`${where}: the ${part} name "${basename(where)}" is the slug and must be lower-case letters, digits and hyphens; rename it to "${name.toLowerCase()}"`];
  });
}
