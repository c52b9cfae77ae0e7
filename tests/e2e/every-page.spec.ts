// Visits every built page of every locale: zero axe violations, no request to any other
// origin, no cookie, nothing written to storage.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { builtPages } from '../../src/integrations/built-pages.ts';
import { testPaths, testServer } from '../support/test-site.ts';

const pages = builtPages(testPaths.site);
const origin = new URL(testServer.url).origin;

test('the build produced pages to check', () => {
  expect(pages.length).toBeGreaterThan(20);
});

for (const path of pages) {
  test(`${path}: accessible, first-party only, no cookies`, async ({ page, context }) => {
    const foreign: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (!['data:', 'blob:'].includes(url.protocol) && url.origin !== origin) foreign.push(request.url());
    });
    await page.goto(path, { waitUntil: 'load' });
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    expect(foreign).toEqual([]);
    expect(await context.cookies()).toEqual([]);
    expect(await page.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);
  });
}
