import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Every HTML page in a built site, as the URL path a browser asks for. */
export function builtPages(siteDir: string): string[] {
  const pages: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.html')) pages.push(`/${relative(siteDir, path)}`.replace(/index\.html$/, ''));
    }
  };
  walk(siteDir);
  return pages.sort();
}
