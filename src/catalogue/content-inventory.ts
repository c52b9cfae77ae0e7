// The thin I/O shell in front of `language-coverage.ts`: which documents exist under
// `content/` and in which languages, read from the folder layout `<kind>/<slug>/<lang>.mdx`
// without a build, so the coverage test and `npm run review` run in a second.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ContentKind } from '../schemas/site.ts';
import type { Document } from './language-coverage.ts';

/** The kinds whose documents exist once per language. */
export const translatedKinds: readonly ContentKind[] = ['countries', 'guides', 'pages'];

/** Every document folder under `contentDir` with the languages it holds. */
export function contentInventory(contentDir: string): Document[] {
  return translatedKinds.flatMap((kind) => {
    const dir = join(contentDir, kind);
    if (!existsSync(dir)) return [];
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => ({
        kind,
        slug: entry.name,
        locales: readdirSync(join(dir, entry.name))
          .filter((file) => file.endsWith('.mdx'))
          .map((file) => file.slice(0, -'.mdx'.length)),
      }));
  });
}
