import { expect, test } from '@playwright/test';

test('a French query finds French pages, not English ones', async ({ page }) => {
  await page.goto('/fr/search/');
  await page.locator('#search-q').fill('sécurité');
  await page.getByRole('button', { name: 'Rechercher' }).last().click();
  const links = page.locator('[data-search-results] a');
  await expect(links.first()).toBeVisible();
  const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  expect(hrefs.length).toBeGreaterThan(0);
  for (const href of hrefs) expect(href).toMatch(/^\/fr\//);
});

test('the header search box leads to results for its query', async ({ page }) => {
  await page.goto('/en/');
  await page.locator('#site-search-q').fill('private window');
  await page.locator('#site-search-q').press('Enter');
  await expect(page).toHaveURL(/\/en\/search\/\?q=private/);
  await expect(page.locator('[data-search-results] a').first()).toHaveAttribute('href', '/en/safety/');
});

test('Pagefind is not loaded on reading pages', async ({ page }) => {
  const requested: string[] = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  await page.goto('/en/safety/');
  await page.waitForLoadState('networkidle');
  expect(requested.filter((p) => p.startsWith('/pagefind/'))).toEqual([]);
});
