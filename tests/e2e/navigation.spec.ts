import { expect, test } from '@playwright/test';

test('the language switcher keeps the reader on the same page', async ({ page }) => {
  await page.goto('/en/safety/');
  await page.getByRole('navigation', { name: 'Language' }).getByRole('link', { name: 'Français' }).click();
  await expect(page).toHaveURL(/\/fr\/safety\/$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
});

test('every page names its alternates in the other languages', async ({ page }) => {
  await page.goto('/sw/safety/');
  const alternates = await page.locator('link[rel="alternate"]').evaluateAll((links) => links.map((l) => l.getAttribute('hreflang')));
  expect(alternates.sort()).toEqual(['ar', 'en', 'fr', 'pt', 'sw']);
});

test('Arabic pages are laid out right to left', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/ar/');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  const heading = await page.getByRole('heading', { level: 1 }).boundingBox();
  // In right-to-left layout the heading hugs the right edge of the narrow screen.
  expect(heading!.x + heading!.width).toBeGreaterThan(300);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

// Every page now exists in all five languages, so no built page falls back: the choice
// of the fallback is tested as a function in tests/catalogue/localized.test.ts, and the
// page-level check returns with the first partial language (Hausa, Amharic).

test('the root offers every language without JavaScript', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/');
  for (const name of ['English', 'Français', 'Português', 'العربية', 'Kiswahili']) {
    await expect(page.getByRole('link', { name })).toBeVisible();
  }
  await context.close();
});

test('the root sends a French browser to the French site', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'fr-FR' });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page).toHaveURL(/\/fr\/$/);
  await context.close();
});

test('reading pages work with JavaScript off', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/en/safety/');
  await expect(page.getByRole('heading', { level: 1, name: 'Browse safely' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Browse safely' }).click();
  await expect(page).toHaveURL(/\/en\/safety\/$/);
  await context.close();
});

test('an unknown address gets the 404 page with status 404', async ({ page }) => {
  const response = await page.goto('/fr/nothing-here/');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page introuvable');
});
