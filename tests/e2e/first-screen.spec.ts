// What a phone shows first (issue 16): on a 360 × 740 screen each template's own heading
// and its first lines are on the first screen, the quick exit stays in view however far
// the reader scrolls, nothing is wider than a 320 px screen, and the header's menu opens
// and closes without JavaScript while wide screens show the header unfolded. Screenshots
// of every template at 360 px in English, French and Arabic are kept under test-results/
// and attached to the report, for a person to look at; no test compares pixels.
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { allLocales } from '../../src/i18n/index.ts';
import { templatePath, templates } from '../bench/page-weight.ts';
import { testPaths } from '../support/test-site.ts';

const PHONE = { width: 360, height: 740 };
const NARROWEST = { width: 320, height: 640 };
const SCREENSHOT_LOCALES = ['en', 'fr', 'ar'];

/** One page per template in `locale`: the bench's templates (the heaviest page where there are many) and the rest of the site's kinds of page. */
function pagesOf(locale: string): { key: string; path: string }[] {
  const pages = templates.flatMap((template) => {
    const path = templatePath(testPaths.site, locale, template);
    return path ? [{ key: template.key, path }] : [];
  });
  for (const key of ['search', 'data', 'submit/received', '404']) pages.push({ key: key.replace('/', '-'), path: `/${locale}/${key}/` });
  return pages;
}

/** Saved under test-results/ (kept after a pass, for review) and attached to the report. */
async function attachScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(name);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

/** How far the document is wider than the window, in CSS pixels (0 when nothing overflows). */
function horizontalOverflow(page: Page): Promise<{ overflow: number; widest: string }> {
  return page.evaluate(() => {
    const root = document.documentElement;
    // Name the element that sticks out furthest, so that a failure says where to look.
    let widest = '';
    let right = root.clientWidth;
    for (const element of document.body.querySelectorAll('*')) {
      const box = element.getBoundingClientRect();
      const edge = Math.max(box.right, root.clientWidth - box.left);
      if (box.width > 0 && edge > right) {
        right = edge;
        widest = `${element.tagName.toLowerCase()}${element.className ? `.${String(element.className).split(' ')[0]}` : ''}`;
      }
    }
    return { overflow: root.scrollWidth - root.clientWidth, widest };
  });
}

for (const locale of allLocales) {
  test(`${locale}: nothing is wider than a 320 px screen, menu closed or open`, async ({ page }) => {
    test.setTimeout(90_000);
    await page.setViewportSize(NARROWEST);
    const problems: string[] = [];
    for (const { path } of pagesOf(locale)) {
      await page.goto(path);
      for (const state of ['closed', 'open'] as const) {
        if (state === 'open') await page.locator('.site-menu > summary').click();
        const { overflow, widest } = await horizontalOverflow(page);
        if (overflow > 0) problems.push(`${path} (menu ${state}): ${overflow} px too wide, widest: ${widest}`);
      }
    }
    expect(problems).toEqual([]);
  });

  test(`${locale}: on a 360 × 740 phone each page's heading and first lines are on the first screen, and the quick exit stays in view`, async ({ page }, testInfo) => {
    test.setTimeout(90_000);
    await page.setViewportSize(PHONE);
    const problems: string[] = [];
    for (const { key, path } of pagesOf(locale)) {
      await page.goto(path);
      const first = await page.evaluate(() => {
        const heading = document.querySelector('main h1')!;
        // The first block after the heading that holds text: its first two lines must show too.
        let next = heading.nextElementSibling;
        while (next && !next.textContent?.trim()) next = next.nextElementSibling;
        const lineHeight = next ? parseFloat(getComputedStyle(next).lineHeight) || 24 : 0;
        return { headingBottom: heading.getBoundingClientRect().bottom, nextTop: next ? next.getBoundingClientRect().top : null, lineHeight };
      });
      if (first.headingBottom > PHONE.height) problems.push(`${path}: the heading ends ${Math.round(first.headingBottom)} px down`);
      if (first.nextTop !== null && first.nextTop + 2 * first.lineHeight > PHONE.height) problems.push(`${path}: the first lines after the heading start ${Math.round(first.nextTop)} px down`);
      if (SCREENSHOT_LOCALES.includes(locale)) {
        await attachScreenshot(page, testInfo, `${locale}-${key}-360.png`);
      }
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      const exit = await page.locator('[data-quick-exit-button]').boundingBox();
      if (!exit || exit.y < 0 || exit.y + exit.height > PHONE.height) problems.push(`${path}: the quick exit is out of view once scrolled down`);
    }
    if (SCREENSHOT_LOCALES.includes(locale)) {
      await page.goto(`/${locale}/`);
      await page.locator('.site-menu > summary').click();
      await attachScreenshot(page, testInfo, `${locale}-menu-open-360.png`);
    }
    expect(problems).toEqual([]);
  });
}

test('the menu folds navigation and languages on a phone and opens without JavaScript', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: PHONE });
  const page = await context.newPage();
  await page.goto('/fr/countries/cm/');
  const navigation = page.getByRole('navigation', { name: 'Menu principal' });
  const languages = page.getByRole('navigation', { name: 'Langue' });
  await expect(navigation).toBeHidden();
  await expect(languages).toBeHidden();
  await page.getByText('Menu', { exact: true }).click();
  await expect(navigation.getByRole('link', { name: 'Lois par pays' })).toBeVisible();
  await expect(languages.getByRole('link', { name: 'English' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Rechercher' })).toBeInViewport({ ratio: 1 });
  await page.getByText('Menu', { exact: true }).click();
  await expect(navigation).toBeHidden();
  await context.close();
});

test('a wide screen shows the header unfolded, with no menu control', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/fr/countries/cm/');
  await expect(page.getByText('Menu', { exact: true })).toBeHidden();
  await expect(page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Lois par pays' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Langue' }).getByRole('link', { name: 'English' })).toBeVisible();
  await expect(page.getByRole('searchbox')).toBeVisible();
});
