// What a seized phone keeps: a real Chromium profile on disk is used for a search, a
// testimony sent, a testimony half-written then abandoned by the quick exit, and the no-JS
// form; then the browser is closed and every file of the profile (history, HTTP cache,
// session restore, storage, service workers, autofill) is searched for what was typed.
// In the live browser: no Cache Storage, no service worker, no web storage, and the form
// pages never come back from the back-forward cache.
import { chromium, expect, test, type BrowserContext, type Page } from '@playwright/test';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSiteConfig } from '../../src/config/site.ts';
import { testServer } from '../support/test-site.ts';

const neutral = new URL(loadSiteConfig().quickExitUrl);
const canaries = {
  search: 'zqcanarysearch',
  sent: 'CANARY-sent-7f3a',
  abandoned: 'CANARY-abandoned-91c2',
  noJs: 'CANARY-nojs-4d5e',
};

/** Every file under `folder`, recursively. */
function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return filesUnder(path);
    return entry.isFile() ? [path] : [];
  });
}

/** The profile files holding `text`, in UTF-8 or UTF-16 (Chromium keeps page state in UTF-16). */
function filesHolding(profile: string, text: string): string[] {
  const needles = [Buffer.from(text, 'utf8'), Buffer.from(text, 'utf16le')];
  return filesUnder(profile).filter((file) => statSync(file).size > 0 && needles.some((needle) => readFileSync(file).includes(needle)));
}

async function fillTestimony(page: Page, story: string) {
  await page.locator('input[name="affectedType"][value="person"]').check();
  await page.locator('#f-affected').fill('A person');
  await page.locator('#f-whatHappened').fill(story);
  await page.locator('#f-whenDate').fill('2026-03-14');
  await page.locator('#f-country').selectOption('UG');
  await page.locator('input[name="perpetratorType"][value="state"]').check();
  await page.locator('input[name="consent"][value="anonymised"]').check();
}

/** Whether the page at the current URL came back from the back-forward cache after going away and back. */
async function restoredFromBackForwardCache(page: Page, elsewhere: string): Promise<boolean> {
  await page.evaluate(() => window.addEventListener('pageshow', (event) => ((window as unknown as { restored: boolean }).restored = event.persisted)));
  await page.goto(elsewhere);
  await page.goBack();
  return page.evaluate(() => (window as unknown as { restored?: boolean }).restored === true);
}

test('a seized phone keeps nothing of a search, a testimony sent, one abandoned, or the no-JS form', async () => {
  test.setTimeout(120_000);
  const profile = mkdtempSync(join(tmpdir(), 'ngao-profile-'));
  const launch = (javaScriptEnabled: boolean): Promise<BrowserContext> =>
    chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      baseURL: testServer.url,
      javaScriptEnabled,
    });

  let context = await launch(true);
  await context.route(`${neutral.origin}/**`, (route) => route.fulfill({ contentType: 'text/html', body: '<title>Weather</title><p>Sunny</p>' }));
  const page = context.pages()[0] ?? (await context.newPage());

  // A search from the header box, as a reader types it.
  await page.goto('/en/');
  await page.locator('#site-search-q').fill(canaries.search);
  await page.locator('#site-search-q').press('Enter');
  await page.waitForURL(/\/en\/search\//);
  await expect(page.locator('[data-search-status]')).not.toBeEmpty();
  await expect(page.locator('#search-q')).toHaveValue(canaries.search);

  // A testimony sent.
  await page.goto('/en/submit/');
  await fillTestimony(page, canaries.sent);
  await page.getByRole('button', { name: 'Encrypt and send' }).click();
  await expect(page.locator('[data-success]')).toBeFocused();
  expect(await restoredFromBackForwardCache(page, '/en/help/'), 'the submit page from the back-forward cache').toBe(false);
  await expect(page.locator('#f-whatHappened')).toHaveValue('');

  // In the live browser, on the site's origin.
  const stored = await page.evaluate(async () => ({
    caches: await caches.keys(),
    workers: (await navigator.serviceWorker.getRegistrations()).length,
    local: localStorage.length,
    session: sessionStorage.length,
    cookies: document.cookie,
  }));
  expect(stored).toEqual({ caches: [], workers: 0, local: 0, session: 0, cookies: '' });

  // A testimony half-written, then the quick exit.
  await page.goto('/en/submit/');
  await page.locator('#f-whatHappened').fill(canaries.abandoned);
  const lengthBefore = await page.evaluate(() => history.length);
  await page.locator('body').click();
  for (let press = 0; press < 3; press++) await page.keyboard.press('Shift');
  await page.waitForURL(`${neutral.origin}/**`);
  expect(await page.evaluate(() => history.length)).toBe(lengthBefore);
  await context.close();

  // The no-JS form, in the same profile.
  context = await launch(false);
  const plain = context.pages()[0] ?? (await context.newPage());
  await plain.goto('/en/submit/');
  await fillTestimony(plain, canaries.noJs);
  await plain.locator('form[data-submission-form] button[type="submit"]').click();
  await plain.waitForURL(/\/api\/submissions\/form\/received\//);
  await expect(plain.locator('body')).toContainText(/[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/);
  await plain.goto('/en/help/');
  await context.close();

  const found = Object.fromEntries(Object.entries(canaries).map(([what, text]) => [what, filesHolding(profile, text).map((file) => file.slice(profile.length + 1))]));
  expect(found).toEqual({ search: [], sent: [], abandoned: [], noJs: [] });
});
