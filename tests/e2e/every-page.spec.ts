// Visits every built page of every locale: zero axe violations, no request to any other
// origin, no cookie, nothing written to storage. Pages are checked in shards that reuse
// one browser page each, so that several hundred pages fit in the suite's time.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { builtPages } from '../../src/integrations/built-pages.ts';
import { testPaths, testServer } from '../support/test-site.ts';

const pages = builtPages(testPaths.site);
const origin = new URL(testServer.url).origin;
const SHARDS = 16;

test('the build produced pages to check', () => {
  expect(pages.length).toBeGreaterThan(400);
});

for (let shard = 0; shard < SHARDS; shard += 1) {
  const paths = pages.filter((_, index) => index % SHARDS === shard);
  test(`pages ${shard + 1}/${SHARDS}: accessible, first-party only, no cookies, no storage`, async ({ page, context }) => {
    test.setTimeout(paths.length * 8_000);
    const foreign: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (!['data:', 'blob:'].includes(url.protocol) && url.origin !== origin) foreign.push(`${page.url()} → ${request.url()}`);
    });
    const problems: string[] = [];
    for (const path of paths) {
      await page.goto(path, { waitUntil: 'load' });
      const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
      for (const v of axe.violations) problems.push(`${path} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      const stored = await page.evaluate(() => localStorage.length + sessionStorage.length);
      if (stored > 0) problems.push(`${path}: ${stored} storage entries`);
    }
    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
    expect(await context.cookies()).toEqual([]);
  });
}
