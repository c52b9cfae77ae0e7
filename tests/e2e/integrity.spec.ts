// Subresource Integrity in real Chromium against the real relay, which sends
// `Integrity-Policy: blocked-destinations=(script)`: the form's scripts and its lazily
// loaded chunks run when they are the built bytes, and when one byte of one of them is
// changed on the way (a swapped file on the server), Chromium refuses it and the form
// switches itself off instead of falling back to posting to the server.
import { expect, test, type Page, type Route } from '@playwright/test';

/** Serves the real response for `pattern` with one byte changed, as a tampered server would. */
async function tamper(page: Page, pattern: RegExp): Promise<string[]> {
  const tampered: string[] = [];
  await page.route(pattern, async (route: Route) => {
    const response = await route.fetch();
    const body = Buffer.from(await response.body());
    // A space inside the code becomes a tab: same length, same meaning, different bytes.
    const at = body.indexOf(0x20);
    expect(at).toBeGreaterThan(-1);
    body[at] = 0x09;
    tampered.push(route.request().url());
    await route.fulfill({ status: response.status(), headers: response.headers(), body });
  });
  return tampered;
}

function watchRequests(page: Page) {
  const posts: string[] = [];
  const failed: string[] = [];
  page.on('request', (request) => {
    if (request.method() !== 'GET') posts.push(request.url());
  });
  page.on('requestfailed', (request) => failed.push(request.url()));
  return { posts, failed };
}

const refusalNotice = (page: Page) => page.locator('[data-integrity-failure]');

test('the form page pins its scripts and runs them under Integrity-Policy', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  const { failed } = watchRequests(page);
  const response = await page.goto('/en/submit/');
  expect(response!.headers()['integrity-policy']).toBe('blocked-destinations=(script)');
  // Every module script (the form's and the layout's) carries its hash.
  const scripts = await page.locator('script[type="module"][src]').all();
  expect(scripts.length).toBeGreaterThanOrEqual(1);
  for (const script of scripts) await expect(script).toHaveAttribute('integrity', /^sha256-[A-Za-z0-9+/]{43}=$/);
  const importMap = JSON.parse((await page.locator('script[type="importmap"]').textContent())!) as { integrity: Record<string, string> };
  expect(Object.keys(importMap.integrity).some((path) => /\/_astro\/encryption\.[^/]+\.js$/.test(path))).toBe(true);

  // The form's script took over (the server-side fallback note is gone) …
  await expect(page.locator('[data-fallback-note]')).toHaveCount(0);
  // … and its lazily loaded chunks load and run when the form is first used.
  const chunk = page.waitForResponse(/\/_astro\/encryption\.[^/]+\.js$/);
  await page.locator('#f-affected').focus();
  expect((await chunk).status()).toBe(200);
  await page.locator('#f-affected').fill('x');
  await page.waitForTimeout(500);
  await expect(refusalNotice(page)).toBeHidden();
  expect(failed).toEqual([]);
  expect(errors).toEqual([]);
});

test('a changed byte in the form script: Chromium refuses it and the form switches off', async ({ page }) => {
  const tampered = await tamper(page, /\/_astro\/SubmissionForm[^/]*\.js$/);
  const { posts } = watchRequests(page);
  await page.goto('/en/submit/');
  await expect(refusalNotice(page)).toBeVisible();
  await expect(refusalNotice(page)).toBeFocused();
  await expect(refusalNotice(page)).toContainText('Stop');
  expect(tampered).toHaveLength(1);
  // Nothing to type into, nothing to press: the no-JavaScript fallback is off too.
  await expect(page.locator('#f-whatHappened')).toBeDisabled();
  await expect(page.locator('[data-send]')).toBeDisabled();
  await page.locator('form[data-submission-form]').evaluate((form: HTMLFormElement) => form.requestSubmit());
  await page.waitForTimeout(300);
  expect(posts).toEqual([]);
  expect(page.url()).toMatch(/\/en\/submit\/$/);
});

test('a changed byte in a lazily loaded chunk: Chromium refuses it and the form refuses to encrypt', async ({ page }) => {
  const tampered = await tamper(page, /\/_astro\/encryption\.[^/]+\.js$/);
  const { posts } = watchRequests(page);
  await page.goto('/fr/submit/');
  await expect(page.locator('[data-fallback-note]')).toHaveCount(0);
  await expect(refusalNotice(page)).toBeHidden();
  // The encryption chunk is fetched when the form is first used.
  await page.locator('#f-affected').focus();
  await expect(refusalNotice(page)).toBeVisible();
  await expect(refusalNotice(page)).toContainText('Arrêtez');
  expect(tampered.length).toBeGreaterThan(0);
  await expect(page.locator('#f-whatHappened')).toBeDisabled();
  await expect(page.locator('[data-send]')).toBeDisabled();
  await page.locator('form[data-submission-form]').evaluate((form: HTMLFormElement) => form.requestSubmit());
  await page.waitForTimeout(300);
  expect(posts).toEqual([]);
});
