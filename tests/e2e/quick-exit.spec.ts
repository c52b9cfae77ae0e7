import { expect, test, type Page } from '@playwright/test';
import { loadSiteConfig } from '../../src/config/site.ts';

const neutral = new URL(loadSiteConfig().quickExitUrl);

/** Answers for the neutral site locally: the test must not reach the internet. */
async function stubNeutralSite(page: Page) {
  await page.route(`${neutral.origin}/**`, (route) => route.fulfill({ contentType: 'text/html', body: '<title>Weather</title><p>Sunny</p>' }));
}

test('the button leaves at once and replaces the history entry', async ({ page }) => {
  await stubNeutralSite(page);
  await page.goto('/en/');
  await page.goto('/en/safety/');
  const historyLength = await page.evaluate(() => history.length);
  await page.getByRole('link', { name: 'Exit this page' }).click();
  await page.waitForURL(`${neutral.origin}/**`);
  expect(await page.evaluate(() => history.length)).toBe(historyLength);
  await page.goBack();
  // Back skips the page the reader left from: it was replaced, not added to.
  await expect(page).toHaveURL(/\/en\/$/);
});

test('Shift pressed three times leaves, and each press is announced', async ({ page }) => {
  await stubNeutralSite(page);
  await page.goto('/fr/safety/');
  const status = page.locator('[data-quick-exit-status]');
  await page.keyboard.press('Shift');
  await expect(status).toHaveText('Touche Maj pressée 1 fois sur 3.');
  await page.keyboard.press('Shift');
  await expect(status).toHaveText('Touche Maj pressée 2 fois sur 3.');
  await page.keyboard.press('Shift');
  await page.waitForURL(`${neutral.origin}/**`);
});

test('a half-written testimony does not hold the quick exit back with a "Leave site?" dialog', async ({ page }) => {
  await stubNeutralSite(page);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.type());
    void dialog.dismiss();
  });
  await page.goto('/en/submit/');
  await page.locator('#f-whatHappened').fill('something I must not be seen writing');
  await page.locator('body').click();
  for (let i = 0; i < 3; i += 1) await page.keyboard.press('Shift');
  await page.waitForURL(`${neutral.origin}/**`);
  expect(dialogs).toEqual([]);
});

test('presses more than five seconds apart do not leave', async ({ page }) => {
  await page.clock.install();
  await page.goto('/en/');
  await page.keyboard.press('Shift');
  await page.keyboard.press('Shift');
  await page.clock.runFor(5100);
  await expect(page.locator('[data-quick-exit-status]')).toHaveText('Exit this page expired.');
  await page.keyboard.press('Shift');
  await expect(page).toHaveURL(/\/en\/$/);
});

test('without JavaScript it is a plain link to the neutral site', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/ar/');
  await expect(page.getByRole('link', { name: 'غادر هذه الصفحة' })).toHaveAttribute('href', neutral.href);
  await context.close();
});
