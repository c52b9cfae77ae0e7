import { expect, test } from '@playwright/test';
import { openDataSchema } from '../../src/schemas/open-data.ts';

test('the open data lists every country, valid against its schema, in JSON and CSV', async ({ request }) => {
  const json = await (await request.get('/data/countries.json')).json();
  const data = openDataSchema.parse(json);
  expect(data.countries).toHaveLength(54);
  expect(new Set(data.countries.map((c) => c.iso2)).size).toBe(54);
  const csv = await (await request.get('/data/countries.csv')).text();
  const rows = csv.trimEnd().split('\r\n');
  expect(rows[0]).toContain('"iso2","name","region"');
  // One header and one row per country; quoted fields may hold commas but not CRLF.
  expect(rows).toHaveLength(55);
  expect(rows.slice(1).map((row) => row.slice(1, 3)).sort()).toEqual(data.countries.map((c) => c.iso2).sort());
});

test('the map links every country with its status as the accessible name', async ({ page }) => {
  await page.goto('/en/countries/');
  const links = page.locator('.africa-map svg a');
  await expect(links).toHaveCount(54);
  await expect(page.locator('.africa-map svg a[href="/en/countries/ug/"]')).toHaveAccessibleName(/^Uganda: /);
  await expect(page.getByRole('link', { name: /^Uganda: / })).toHaveAttribute('href', '/en/countries/ug/');
  // Island states too small to see on the map are listed as links.
  await expect(page.locator('figcaption').getByRole('link', { name: 'Seychelles' })).toBeVisible();
});

test('the comparison table filters by region and status, and sorts', async ({ page }) => {
  await page.goto('/en/countries/');
  const rows = page.locator('[data-country-table] tbody tr:not([hidden])');
  await expect(rows).toHaveCount(54);
  await page.getByLabel('Region').selectOption('west');
  await expect(rows).toHaveCount(15);
  await page.getByLabel('Status for men').selectOption('legal');
  await expect(page.locator('[data-filter-count]')).toHaveText(/^\d+ of 54 countries shown\.$/);
  for (const name of await rows.locator('th').allTextContents()) expect(['Benin', 'Cape Verde', 'Cabo Verde', 'Côte d’Ivoire', 'Guinea-Bissau']).toContain(name);
  await page.getByLabel('Region').selectOption('');
  await page.getByLabel('Status for men').selectOption('');
  await page.getByRole('button', { name: 'Sort by Country' }).click();
  await page.getByRole('button', { name: 'Sort by Country' }).click();
  await expect(page.locator('th[aria-sort="descending"]')).toHaveCount(1);
  await expect(rows.first().locator('th')).toHaveText('Zimbabwe');
});

test('without JavaScript the table shows every country and no filter form', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/fr/countries/');
  await expect(page.locator('[data-country-table] tbody tr')).toHaveCount(54);
  await expect(page.locator('form[data-list-filter]')).toBeHidden();
  await context.close();
});

test('a country page shows the facts, the sources with dates, and the review date', async ({ page }) => {
  await page.goto('/fr/countries/sn/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sénégal');
  await expect(page.getByRole('heading', { name: 'En bref' })).toBeVisible();
  await expect(page.locator('.facts .badge').first()).toHaveText('Pénalisé');
  await expect(page.locator('.sources li').first()).toContainText('consulté le');
  await expect(page.locator('p.meta', { hasText: 'Dernière vérification' }).locator('time')).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}$/);
  await expect(page.locator('article.narrative')).toHaveAttribute('lang', 'fr');
});

test('programmes filter by need, and each links back to the guides that name it', async ({ page }) => {
  await page.goto('/en/programmes/');
  const cards = page.locator('ul.programmes > li:not([hidden])');
  const all = await cards.count();
  expect(all).toBeGreaterThanOrEqual(20);
  await page.getByLabel('Need').selectOption('hotline');
  await expect.poll(() => cards.count()).toBeLessThan(all);
  for (const kinds of await cards.evaluateAll((items) => items.map((i) => i.getAttribute('data-kinds')))) expect(kinds).toContain('hotline');
  await page.goto('/en/programmes/front-line-defenders-emergency-line/');
  await expect(page.getByRole('heading', { name: 'Guides that mention it' })).toBeVisible();
});
