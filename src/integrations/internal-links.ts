import type { AstroIntegration } from 'astro';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtPages } from './built-pages.ts';

export interface BrokenLink {
  /** The page that holds the link, as a URL path. */
  page: string;
  /** The link target that does not exist. */
  target: string;
}

const LINK_ATTRIBUTE = /\s(?:href|src|action)="(\/(?!\/)[^"#?]*)/g;

/** Whether a site-relative URL path names a file of the built site. */
function resolves(siteDir: string, target: string): boolean {
  const path = decodeURIComponent(target);
  if (path.startsWith('/api/')) return true; // served by the relay, not a file
  return existsSync(join(siteDir, path.endsWith('/') ? `${path}index.html` : path));
}

/** Every link, script, image or form target in the built site that points to a page of ours that does not exist. */
export function findBrokenLinks(siteDir: string): BrokenLink[] {
  const broken: BrokenLink[] = [];
  for (const page of builtPages(siteDir)) {
    const html = readFileSync(join(siteDir, page.endsWith('/') ? `${page}index.html` : page), 'utf8');
    for (const [, target] of html.matchAll(LINK_ATTRIBUTE)) {
      if (!resolves(siteDir, target!)) broken.push({ page, target: target! });
    }
  }
  return broken;
}

/** Fails the build on a link to a page that does not exist, naming the page and the link. */
export function internalLinksIntegration(): AstroIntegration {
  return {
    name: 'ngao:internal-links',
    hooks: {
      'astro:build:done': ({ dir, logger }) => {
        const broken = findBrokenLinks(fileURLToPath(dir));
        if (broken.length === 0) return;
        // The first few are enough to find the cause; a missing page is usually linked from every locale.
        for (const { page, target } of broken.slice(0, 20)) logger.error(`${page} links to ${target}, which does not exist`);
        throw new Error(`${broken.length} internal link(s) point to pages that do not exist (see above)`);
      },
    },
  };
}
