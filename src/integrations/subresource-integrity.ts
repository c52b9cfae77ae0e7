import type { AstroIntegration } from 'astro';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { filesUnder } from '../release/manifest.ts';
import { addIntegrity } from '../release/subresource-integrity.ts';

/**
 * Pins every page's scripts and stylesheets with Subresource Integrity at the end of the
 * build (see `release/subresource-integrity.ts`). Runs after Pagefind, whose script the
 * search page imports, and before the manifest, which must hash the final pages. Any
 * page it cannot pin fails the build.
 */
export function subresourceIntegrityIntegration(): AstroIntegration {
  return {
    name: 'ngao:subresource-integrity',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const site = fileURLToPath(dir);
        const all = await filesUnder(site);
        const scripts = new Map<string, Uint8Array>();
        for (const [name, absolute] of all) if (/\.(?:m?js|css)$/.test(name)) scripts.set(`/${name}`, await readFile(absolute));
        let pages = 0;
        let pinned = 0;
        try {
          for (const [name, absolute] of all) {
            if (!name.endsWith('.html')) continue;
            const html = await readFile(absolute, 'utf8');
            const result = addIntegrity(html, `/${name}`.replace(/index\.html$/, ''), scripts);
            if (result.html !== html) {
              await writeFile(absolute, result.html);
              pages += 1;
              pinned += result.covered.length;
            }
          }
        } catch (error) {
          logger.error(error instanceof Error ? error.message : String(error));
          throw error;
        }
        logger.info(`pinned ${pinned} script and stylesheet loads with integrity on ${pages} pages`);
      },
    },
  };
}
