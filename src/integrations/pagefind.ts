import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import { close, createIndex } from 'pagefind';

/**
 * Builds the search index at the end of the build with Pagefind's Node API. Pagefind
 * reads each page's `<html lang>` and writes one index per language, so a reader only
 * ever downloads (and searches) their own language. Only elements marked
 * `data-pagefind-body` are indexed. Any Pagefind error fails the build.
 */
export function pagefindIntegration(): AstroIntegration {
  return {
    name: 'ngao:pagefind',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const started = performance.now();
        const site = fileURLToPath(dir);
        const fail = (stage: string, errors: string[]): never => {
          for (const error of errors) logger.error(error);
          throw new Error(`Pagefind failed while ${stage}: ${errors.join('; ')}`);
        };
        try {
          const { index, errors } = await createIndex({});
          if (!index || errors.length) fail('starting', errors);
          const added = await index!.addDirectory({ path: site });
          if (added.errors.length) fail('indexing', added.errors);
          if (added.page_count === 0) fail('indexing', ['no page is marked data-pagefind-body']);
          const written = await index!.writeFiles({ outputPath: `${site}pagefind` });
          if (written.errors.length) fail('writing the index', written.errors);
          logger.info(`indexed ${added.page_count} pages in ${Math.round(performance.now() - started)} ms`);
        } finally {
          await close();
        }
      },
    },
  };
}
