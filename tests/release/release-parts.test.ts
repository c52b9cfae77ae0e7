// The pure parts of verifiable code: the build's date, the manifest's comparison and the
// integrity rewriting of a page, on small inputs written out here.
import { describe, expect, it } from 'vitest';
import { compareEntries, describeDifference, releaseId } from '../../src/release/manifest.ts';
import { parseSourceDateEpoch, sourceDate } from '../../src/release/source-date.ts';
import { addIntegrity, integrityOf, moduleClosure, scriptReferences } from '../../src/release/subresource-integrity.ts';
import { loadedReferences, servedFile } from '../../src/release/deployment-check.ts';

describe('the build date', () => {
  it('is SOURCE_DATE_EPOCH when set, else the newest content date, never the clock', () => {
    expect(sourceDate('1764806400', ['2026-11-22'])).toEqual(new Date('2025-12-04T00:00:00Z'));
    expect(sourceDate(undefined, ['2025-01-02', '2026-11-22', '2026-03-01'])).toEqual(new Date('2026-11-22T00:00:00Z'));
    expect(sourceDate('', ['2026-11-22'])).toEqual(new Date('2026-11-22T00:00:00Z'));
  });
  it('refuses a SOURCE_DATE_EPOCH that is not whole seconds, naming it', () => {
    expect(() => parseSourceDateEpoch('2026-12-04')).toThrow(/SOURCE_DATE_EPOCH is "2026-12-04": expected a whole number of seconds/);
    expect(() => sourceDate(undefined, [])).toThrow(/SOURCE_DATE_EPOCH is not set/);
  });
});

describe('the manifest', () => {
  const a = { path: '/a.js', size: 3, sha256: 'a'.repeat(64) };
  const b = { path: '/b.html', size: 5, sha256: 'b'.repeat(64) };
  it('names each changed, missing and unlisted file', () => {
    const changed = { ...a, size: 4, sha256: 'c'.repeat(64) };
    const extra = { path: '/x.js', size: 1, sha256: 'd'.repeat(64) };
    const differences = compareEntries([a, b], [changed, extra]);
    expect(differences.map(describeDifference)).toEqual([
      `/a.js differs: the release has 3 bytes with SHA-256 ${'a'.repeat(64)}, this copy 4 bytes with SHA-256 ${'c'.repeat(64)}`,
      '/b.html is in the release but missing here',
      `/x.js is here but not in the release (1 bytes, SHA-256 ${'d'.repeat(64)})`,
    ]);
    expect(compareEntries([a, b], [b, a])).toEqual([]);
  });
  it('gives a release id that changes with any part of the identity', () => {
    const identity = { commit: null, contentDigest: 'e'.repeat(64), recipientKeys: ['A'.repeat(40)], signingKey: 'B'.repeat(40), sourceDateEpoch: null };
    expect(releaseId(identity)).toMatch(/^[0-9a-f]{16}$/);
    expect(releaseId({ ...identity, signingKey: 'C'.repeat(40) })).not.toBe(releaseId(identity));
    expect(releaseId({ ...identity, commit: 'f'.repeat(40) })).not.toBe(releaseId(identity));
  });
});

describe('Subresource Integrity on a page', () => {
  const files = new Map<string, Uint8Array>([
    ['/_astro/main.1.js', Buffer.from('const p=()=>import("./lazy.2.js");export{p};const d=["_astro/dep.3.js"];')],
    ['/_astro/lazy.2.js', Buffer.from('import{x}from"./dep.3.js";')],
    ['/_astro/dep.3.js', Buffer.from('export const x=1;')],
    ['/_astro/unused.4.js', Buffer.from('export const y=2;')],
  ]);
  const page = `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="content-security-policy" content="default-src 'self'; script-src 'self' 'sha256-abc='; style-src 'self'"><script type="module" src="/_astro/main.1.js"></script></head><body></body></html>`;

  it('follows static imports, import() and Vite preload lists to the files the site has', () => {
    expect(scriptReferences('import("./lazy.2.js");"_astro/dep.3.js";"./nope.js"', '/_astro/main.1.js', files).sort()).toEqual(['/_astro/dep.3.js', '/_astro/lazy.2.js']);
    expect(moduleClosure(['/_astro/main.1.js'], files)).toEqual(['/_astro/dep.3.js', '/_astro/lazy.2.js', '/_astro/main.1.js']);
  });

  it('pins the script by attribute and its imports by an import map that the CSP allows by hash', () => {
    const { html, covered } = addIntegrity(page, '/en/', files);
    expect(html).toContain(`<script type="module" src="/_astro/main.1.js" integrity="${integrityOf(files.get('/_astro/main.1.js')!)}"></script>`);
    const map = /<script type="importmap">([^<]*)<\/script>/.exec(html)![1]!;
    expect(JSON.parse(map)).toEqual({ integrity: { '/_astro/dep.3.js': integrityOf(files.get('/_astro/dep.3.js')!), '/_astro/lazy.2.js': integrityOf(files.get('/_astro/lazy.2.js')!) } });
    expect(html).toContain(`script-src 'self' 'sha256-abc=' '${integrityOf(map)}'; style-src 'self'`);
    expect(html).not.toContain('unsafe-inline');
    expect(html.indexOf('importmap')).toBeLessThan(html.indexOf('src="/_astro/main.1.js"'));
    expect(covered).toEqual(['/_astro/dep.3.js', '/_astro/lazy.2.js', '/_astro/main.1.js']);
  });

  it('leaves a page without scripts as it is', () => {
    const plain = '<!doctype html><html><head><link rel="icon" href="data:,"></head><body><a href="/fr/">fr</a></body></html>';
    expect(addIntegrity(plain, '/en/', files).html).toBe(plain);
  });

  it('refuses a page that loads a script from elsewhere or one the build did not make', () => {
    expect(() => addIntegrity(page.replace('/_astro/main.1.js', 'https://cdn.example/x.js'), '/en/', files)).toThrow(/\/en\/: loads https:\/\/cdn\.example\/x\.js from another origin/);
    expect(() => addIntegrity(page.replace('/_astro/main.1.js', '/_astro/gone.js'), '/en/', files)).toThrow(/\/en\/: loads \/_astro\/gone\.js, which the build did not produce/);
    expect(() => addIntegrity(page.replace(/<meta http-equiv[^>]*>/, ''), '/en/', files)).toThrow(/no Content-Security-Policy <meta>/);
  });
});

describe("the verifier's reading of a page", () => {
  it('finds what a page loads, from where, and what it only links to', () => {
    const html = '<link rel="stylesheet" href="/s.css"><script src="https://evil.example/x.js"></script><img src="/a.png" srcset="/a2.png 2x"><a href="/fr/">fr</a><script type="module">import(`/pagefind/pagefind.js`)</script>';
    expect(loadedReferences(html, 'html')).toEqual([
      { url: '/s.css', from: 'load' },
      { url: 'https://evil.example/x.js', from: 'load' },
      { url: '/a.png', from: 'load' },
      { url: '/a2.png', from: 'load' },
      { url: '/fr/', from: 'link' },
      { url: '/pagefind/pagefind.js', from: 'load' },
    ]);
    expect(servedFile('/en/')).toBe('/en/index.html');
    expect(servedFile('/data/countries.json')).toBe('/data/countries.json');
  });
});
