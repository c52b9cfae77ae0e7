// The page policy keeps exactly the hashes of the page's own inline code: a script or
// style the page carries stays allowed, one it does not carry is no longer listed.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { narrowPagePolicy } from '../../src/integrations/page-csp.ts';

const hash = (code: string) => `'sha256-${createHash('sha256').update(code).digest('base64')}'`;
const policy = (scripts: string[], styles: string[]) =>
  `default-src 'self';object-src 'none'; script-src 'self' 'wasm-unsafe-eval' ${scripts.join(' ')}; style-src 'self' ${styles.join(' ')};`;
const page = (csp: string, body: string) => `<html><head><meta http-equiv="content-security-policy" content="${csp}"><style>p{color:red}</style></head><body>${body}</body></html>`;
const policyOf = (html: string) => /content="([^"]*)"/.exec(html)![1]!;

describe('narrowPagePolicy', () => {
  it("keeps the page's own inline script and style hashes and drops the rest of the build's", () => {
    const own = 'enableQuickExit()';
    const html = page(policy([hash(own), hash('someOtherPage()'), hash('unbundled()')], [hash('p{color:red}'), hash('h1{}')]), `<script type="module">${own}</script><script type="module" src="/_astro/a.js"></script>`);
    const narrowed = policyOf(narrowPagePolicy(html));
    expect(narrowed).toBe(`default-src 'self';object-src 'none'; script-src 'self' 'wasm-unsafe-eval' ${hash(own)}; style-src 'self' ${hash('p{color:red}')};`);
  });

  it('adds a hash Astro left out, so every inline script of the page still runs', () => {
    const html = page(policy([], []), '<script>first()</script><script>second()</script><script>first()</script>');
    expect(policyOf(narrowPagePolicy(html))).toContain(`'wasm-unsafe-eval' ${hash('first()')} ${hash('second()')};`);
  });

  it('leaves a page without a policy as it was, and refuses a policy without script-src', () => {
    expect(narrowPagePolicy('<html><body>plain</body></html>')).toBe('<html><body>plain</body></html>');
    expect(() => narrowPagePolicy(page("default-src 'self'", ''))).toThrow(/no script-src/);
  });
});
