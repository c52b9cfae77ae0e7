/**
 * Subresource Integrity for a built page: every script and stylesheet it loads by URL
 * gets an `integrity` attribute, and every module those scripts can import (statically
 * or with `import()`, which no attribute can reach) is listed with its hash in an import
 * map, so that a browser refuses a swapped chunk. Astro and Vite emit neither; this runs
 * on the built files at the end of the build (`integrations/subresource-integrity.ts`).
 *
 * The import map is an inline script: its hash is added to the page's own
 * Content-Security-Policy, so the policy stays free of `unsafe-inline`.
 */
import { createHash } from 'node:crypto';

/** The SRI value of some bytes. SHA-256, as the page's CSP hashes: shorter than SHA-384 on every page and as strong for this use. */
export const integrityOf = (bytes: Uint8Array | string) => `sha256-${createHash('sha256').update(bytes).digest('base64')}`;

/** The site's files a page may load, by URL path (`/_astro/x.js`), with their bytes. */
export type SiteFiles = ReadonlyMap<string, Uint8Array>;

/**
 * URL paths of JavaScript files a script names in a string literal: `import("./x.js")`,
 * `from"./x.js"`, Vite's preload list (`"_astro/x.js"`, relative to the site root) and
 * `import(\`/pagefind/pagefind.js\`)`. Only names of files the site has are kept. A name
 * that is never imported only costs a line of the import map, so reading more than the
 * exact module graph is the safe side.
 */
export function scriptReferences(source: string, fromPath: string, files: SiteFiles): string[] {
  const found = new Set<string>();
  for (const match of source.matchAll(/["'`]((?:\.{1,2}\/|\/)?[\w@.-]+(?:\/[\w@.-]+)*\.m?js)["'`]/g)) {
    const name = match[1]!;
    const path = name.startsWith('.') ? new URL(name, `https://site${fromPath}`).pathname : name.startsWith('/') ? name : `/${name}`;
    if (files.has(path)) found.add(path);
  }
  return [...found];
}

/** Every script reachable from `roots` (roots included), following `scriptReferences`. */
export function moduleClosure(roots: readonly string[], files: SiteFiles): string[] {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length > 0) {
    const path = queue.pop()!;
    if (seen.has(path)) continue;
    seen.add(path);
    const bytes = files.get(path);
    if (bytes) queue.push(...scriptReferences(Buffer.from(bytes).toString('utf8'), path, files));
  }
  return [...seen].sort();
}

const attribute = (tag: string, name: string) => new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
const attributeValue = (tag: string, name: string) => {
  const match = attribute(tag, name);
  return match ? (match[1] ?? match[2] ?? match[3] ?? '') : null;
};

export interface PageIntegrity {
  html: string;
  /** Files given an `integrity` attribute or an import-map entry. */
  covered: string[];
}

/**
 * Adds SRI to one page. `pagePath` is the page's URL path (`/en/submit/`), for relative
 * references. Throws, naming the page and the URL, when a page loads a same-site script
 * or stylesheet the site does not have, or needs an import map but has no CSP `<meta>` to
 * allow it: both would otherwise ship a page whose code is not pinned.
 */
export function addIntegrity(html: string, pagePath: string, files: SiteFiles): PageIntegrity {
  const covered = new Set<string>();
  const roots: string[] = [];
  const resolveUrl = (value: string) => {
    const url = new URL(value, `https://site${pagePath}`);
    return url.origin === 'https://site' ? url.pathname : null;
  };

  let out = html.replace(/<(script|link)\b[^>]*>/gi, (tag, name: string) => {
    const isScript = name.toLowerCase() === 'script';
    const rel = (attributeValue(tag, 'rel') ?? '').toLowerCase().split(/\s+/);
    if (!isScript && !rel.some((r) => r === 'stylesheet' || r === 'modulepreload' || r === 'preload')) return tag;
    const target = attributeValue(tag, isScript ? 'src' : 'href');
    if (target === null) return tag;
    const path = resolveUrl(target);
    if (path === null) throw new Error(`${pagePath}: loads ${target} from another origin; every script and stylesheet must come from the site itself`);
    const bytes = files.get(path);
    if (!bytes) throw new Error(`${pagePath}: loads ${target}, which the build did not produce`);
    covered.add(path);
    if (isScript || rel.includes('modulepreload')) roots.push(path);
    if (attribute(tag, 'integrity')) return tag;
    return tag.replace(/\s*\/?>$/, (end) => ` integrity="${integrityOf(bytes)}"${end}`);
  });

  // Inline module scripts (allowed by their CSP hash) may import site scripts too.
  for (const match of out.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (attributeValue(`<script${match[1]}>`, 'src') === null) roots.push(...scriptReferences(match[2]!, pagePath, files));
  }

  const mapped = moduleClosure(roots, files).filter((path) => !covered.has(path));
  if (mapped.length > 0) {
    if (/<script\b[^>]*type\s*=\s*["']?importmap/i.test(out)) throw new Error(`${pagePath}: already has an import map; merge its integrity entries instead of adding a second`);
    const integrity = Object.fromEntries(mapped.map((path) => [path, integrityOf(files.get(path)!)]));
    const json = JSON.stringify({ integrity });
    const csp = /<meta\s+http-equiv="content-security-policy"\s+content="([^"]*)">/i.exec(out);
    if (!csp) throw new Error(`${pagePath}: imports ${mapped.join(', ')} but has no Content-Security-Policy <meta> element to allow the import map that pins them`);
    const policy = csp[1]!;
    if (!/(^|;)\s*script-src\s/.test(policy)) throw new Error(`${pagePath}: the page's Content-Security-Policy has no script-src directive for the import map's hash`);
    const withHash = policy.replace(/((?:^|;)\s*script-src\s[^;]*)/, `$1 '${integrityOf(json)}'`);
    const metaWithHash = csp[0].replace(policy, () => withHash);
    // Right after the policy, before any module script: a map must be parsed before the first import.
    out = out.replace(csp[0], () => `${metaWithHash}<script type="importmap">${json}</script>`);
    for (const path of mapped) covered.add(path);
  }
  return { html: out, covered: [...covered].sort() };
}
