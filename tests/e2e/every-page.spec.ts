// Visits the built pages: zero axe violations, no request to any other origin, no cookie,
// nothing written to storage. Every page of English and Arabic, every template of every
// locale, and each repeated page in at least one other locale (tests/support/page-sample.ts
// says why). Pages are checked in shards that reuse one browser page each.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { builtPages } from '../../src/integrations/built-pages.ts';
import { allLocales } from '../../src/i18n/index.ts';
import { pagesToVisit } from '../support/page-sample.ts';
import { testPaths, testServer } from '../support/test-site.ts';

const built = builtPages(testPaths.site);
const pages = pagesToVisit(built, { fullLocales: ['en', 'ar'], locales: allLocales, share: 3 });
const origin = new URL(testServer.url).origin;
const SHARDS = 16;

test('the build produced pages to check', () => {
  expect(built.length).toBeGreaterThan(400);
  expect(pages.length).toBeGreaterThan(250);
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
