// Astro writes the same Content-Security-Policy <meta> into every page: the hashes of
// every inline script and style of the whole build (and of sources it bundled away),
// 20-odd base64 digests that gzip cannot shrink, about 1 KB on each page. A page may
// only run what it carries, so each page keeps the hashes of its own inline code and no
// other: the same policy, as strict, at a twelfth of the bytes. (External files are
// allowed by 'self', as before.)
import type { AstroIntegration } from 'astro';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtPages } from './built-pages.ts';

const POLICY_META = /(<meta http-equiv="content-security-policy" content=")([^"]*)(")/i;
/** Inline code only: a `<script src>` is allowed by 'self' and has no hash of its own. */
const INLINE_SCRIPT = /<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/gi;
const INLINE_STYLE = /<style[^>]*>([\s\S]*?)<\/style>/gi;
const HASH_SOURCE = /\s*'sha256-[A-Za-z0-9+/=]+'/g;

function sha256Source(code: string): string {
  return `'sha256-${createHash('sha256').update(code).digest('base64')}'`;
}

/** The hash sources of the code inline in `html` that `pattern` matches, in order of appearance, each once. */
function inlineHashes(html: string, pattern: RegExp): string[] {
  return [...new Set([...html.matchAll(pattern)].map((match) => sha256Source(match[1]!)))];
}

/**
 * `html` with its CSP meta's `script-src` and `style-src` hash lists replaced by the
 * hashes of the page's own inline scripts and styles; every other source and directive
 * untouched. A page without a CSP meta is returned as it was; a CSP meta without
 * `script-src` (Astro's policy always has one) is an error.
 */
export function narrowPagePolicy(html: string): string {
  const meta = POLICY_META.exec(html);
  if (!meta) return html;
  const own = { 'script-src': inlineHashes(html, INLINE_SCRIPT), 'style-src': inlineHashes(html, INLINE_STYLE) };
  const directives = meta[2]!.split(';').map((directive) => {
    const name = directive.trim().split(/\s+/)[0] as keyof typeof own;
    if (!(name in own)) return directive;
    return [directive.replace(HASH_SOURCE, '').trimEnd(), ...own[name]].join(' ');
  });
  if (!directives.some((directive) => directive.trim().startsWith('script-src'))) {
    throw new Error(`the page's Content-Security-Policy has no script-src directive: ${meta[2]!.slice(0, 120)}`);
  }
  return html.replace(POLICY_META, (_, start: string, _policy: string, end: string) => `${start}${directives.join(';')}${end}`);
}

/** Rewrites every built page's CSP meta to its own hashes (see `narrowPagePolicy`). */
export function pagePolicyIntegration(): AstroIntegration {
  return {
    name: 'ngao:page-csp',
    hooks: {
      'astro:build:done': ({ dir, logger }) => {
        const siteDir = fileURLToPath(dir);
        let saved = 0;
        for (const page of builtPages(siteDir)) {
          const file = join(siteDir, page.endsWith('/') ? `${page}index.html` : page);
          const html = readFileSync(file, 'utf8');
          let narrowed: string;
          try {
            narrowed = narrowPagePolicy(html);
          } catch (error) {
            throw new Error(`${page}: ${(error as Error).message}`);
          }
          saved += html.length - narrowed.length;
          if (narrowed !== html) writeFileSync(file, narrowed);
        }
        logger.info(`page policies narrowed to each page's own hashes (${Math.round(saved / 1000)} kB less HTML in all)`);
      },
    },
  };
}
