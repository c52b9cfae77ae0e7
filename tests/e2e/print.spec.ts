// The pages a person may print before a crisis: the help page on one or two sheets, the
// guides without the site's navigation.
import { expect, test } from '@playwright/test';

/** The page count of a PDF: the largest /Count of its page tree (the root's). */
const pdfPages = (pdf: Buffer) => Math.max(0, ...[...pdf.toString('latin1').matchAll(/\/Count\s+(\d+)/g)].map((m) => Number(m[1])));

for (const locale of ['en', 'fr', 'ar'] as const) {
  test(`the help page prints on one or two A4 pages (${locale})`, async ({ page }) => {
    await page.goto(`/${locale}/help/`);
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.quick-exit')).toBeHidden();
    const pages = pdfPages(await page.pdf({ format: 'A4', margin: { top: '15mm', bottom: '15mm', left: '15mm', right: '15mm' } }));
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(pages).toBeLessThanOrEqual(2);
  });
}

test('a guide prints its text and sources without navigation or search', async ({ page }) => {
  await page.goto('/en/guides/if-you-are-arrested/');
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.site-nav')).toBeHidden();
  await expect(page.locator('.site-search')).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Sources' })).toBeVisible();
});
