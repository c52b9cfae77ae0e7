// Offline reading by choice, in real Chromium: nothing is registered or cached without
// the reader's tap; with it, a guide and the help page open with the network cut; after
// "remove everything saved", and after quick exit, no cache and no service worker remain.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { parse } from 'yaml';
import { loadSiteConfig } from '../../src/config/site.ts';

const neutral = new URL(loadSiteConfig().quickExitUrl);
/** A4 pages the pack may take: the help page (two at most) and three guides, each from a new sheet (7 today). */
const PACK_SHEETS = 8;

const traces = (page: Page) =>
  page.evaluate(async () => ({
    caches: await caches.keys(),
    workers: (await navigator.serviceWorker.getRegistrations()).length,
  }));

async function keep(page: Page, path: string) {
  await page.goto(path);
  await page.getByRole('button', { name: 'Keep this page offline' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved on this device' })).toBeVisible();
}

test('without the choice nothing is registered or cached, and no offline code is loaded', async ({ page }) => {
  const scripts: string[] = [];
  page.on('request', (request) => { if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname); });
  for (const path of ['/en/help/', '/en/guides/digital-security/', '/ar/guides/if-you-are-arrested/']) {
    await page.goto(path);
    await expect(page.getByRole('button', { name: /./ }).first()).toBeVisible();
  }
  expect(await traces(page)).toEqual({ caches: [], workers: 0 });
  expect(scripts.filter((s) => /offline-worker/.test(s))).toEqual([]);
});

test('with the choice a guide and the help page load with the network cut', async ({ page, context }) => {
  await keep(page, '/en/guides/if-you-are-arrested/');
  expect((await traces(page)).workers).toBe(1);
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('If you are arrested or detained');
  await page.goto('/en/help/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  // A page that was not saved is not served from anywhere.
  await expect(page.goto('/en/guides/wellbeing/')).rejects.toThrow();
  await context.setOffline(false);
});

test('"remove everything saved" leaves no cache and no service worker', async ({ page }) => {
  await keep(page, '/en/guides/digital-security/');
  expect((await traces(page)).caches).toEqual(['ngao-offline']);
  await page.getByRole('button', { name: 'Remove everything saved' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'removed' })).toBeVisible();
  expect(await traces(page)).toEqual({ caches: [], workers: 0 });
});

test('quick exit removes everything saved on the way out', async ({ page }) => {
  await keep(page, '/en/guides/emergency-relocation/');
  await page.route(`${neutral.origin}/**`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<title>neutral</title>' }));
  await page.locator('[data-quick-exit-button]').click();
  await page.waitForURL(`${neutral.origin}/**`);
  await page.goto('/en/');
  expect(await traces(page)).toEqual({ caches: [], workers: 0 });
});

/** The page count of a PDF: the largest /Count of its page tree (the root's). */
const pdfPages = (pdf: Buffer) => Math.max(0, ...[...pdf.toString('latin1').matchAll(/\/Count\s+(\d+)/g)].map((m) => Number(m[1])));

for (const locale of ['en', 'ar'] as const) {
  test(`the help page links a printable pack of itself and the three emergency guides, on few sheets (${locale})`, async ({ page }) => {
    await page.goto(`/${locale}/help/`);
    await page.locator(`a[href="/${locale}/help/print/"]`).click();
    await expect(page.locator('article h1')).toHaveCount(4);
    for (const guide of ['if-you-are-arrested', 'digital-security', 'emergency-relocation']) {
      const source = readFileSync(new URL(`../../content/guides/${guide}/${locale}.mdx`, import.meta.url), 'utf8');
      const title = String((parse(/^---\n([\s\S]*?)\n---\n/.exec(source)![1]!) as { title: string }).title);
      await expect(page.locator('article h1').filter({ hasText: title })).toHaveCount(1);
    }
    await page.emulateMedia({ media: 'print' });
    const sheets = pdfPages(await page.pdf({ format: 'A4', margin: { top: '15mm', bottom: '15mm', left: '15mm', right: '15mm' } }));
    expect(sheets).toBeLessThanOrEqual(PACK_SHEETS);
  });
}
