import { expect, test } from '@playwright/test';
import { useTranslations } from '../../src/i18n/index.ts';

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

test('the header search box leads to results for its query, without the query in the address', async ({ page }) => {
  await page.goto('/en/');
  await page.locator('#site-search-q').fill('private window');
  await page.locator('#site-search-q').press('Enter');
  // The query is handed over in memory (search-handoff.ts): an address keeps it in the history.
  await expect(page).toHaveURL(/\/en\/search\/$/);
  await expect(page.locator('#search-q')).toHaveValue('private window');
  await expect(page.locator('[data-search-results] a').first()).toHaveAttribute('href', '/en/safety/');
});

test('the type filter keeps only results of that type', async ({ page }) => {
  await page.goto('/en/search/');
  await page.locator('#search-q').fill('arrest');
  await page.getByRole('radio', { name: 'Guide', exact: true }).check();
  await page.locator('#search-q').press('Enter');
  const links = page.locator('[data-search-results] a');
  await expect(links.first()).toBeVisible();
  const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  for (const href of hrefs) expect(href).toMatch(/^\/en\/guides\//);
  // The same words unfiltered reach other kinds of page too.
  await page.getByRole('radio', { name: 'Everything', exact: true }).check();
  await expect(links.and(page.locator(':not([href^="/en/guides/"])')).first()).toBeVisible();
});

test('results come five at a time; More results adds the next five and moves focus to the first of them', async ({ page }) => {
  await page.goto('/en/search/');
  await page.locator('#search-q').fill('defenders');
  await page.locator('#search-q').press('Enter');
  const items = page.locator('[data-search-results] > li');
  const more = page.getByRole('button', { name: 'More results' });
  await expect(items).toHaveCount(5);
  const status = await page.locator('[data-search-status]').textContent();
  const total = Number(/^\d+/.exec(status ?? '')?.[0]);
  expect(total).toBeGreaterThan(10);
  await more.click();
  await expect(items).toHaveCount(10);
  await expect(items.nth(5).locator('a')).toBeFocused();
  await expect(page.locator('[data-search-status]')).toHaveText(status!);
  // A new search starts again from its first five.
  await page.locator('#search-q').fill('private window');
  await page.locator('#search-q').press('Enter');
  await expect(page.locator('[data-search-status]')).toContainText('private window');
  const fewer = await items.count();
  expect(fewer).toBeLessThanOrEqual(5);
});

test('More results is offered only while results remain', async ({ page }) => {
  await page.goto('/en/search/');
  await page.locator('#search-q').fill('defenders');
  await page.locator('#search-q').press('Enter');
  const more = page.getByRole('button', { name: 'More results' });
  const items = page.locator('[data-search-results] > li');
  await expect(items).toHaveCount(5);
  const total = Number(/^\d+/.exec((await page.locator('[data-search-status]').textContent()) ?? '')?.[0]);
  for (let shown = 5; shown < total; shown += 5) {
    await expect(more).toBeVisible();
    await more.click();
    await expect(items).toHaveCount(Math.min(shown + 5, total));
  }
  await expect(more).toBeHidden();
});

test('the search page loads Pagefind when it opens, on the main thread, and typing fetches the index of the words typed', async ({ page }) => {
  const requested: string[] = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  await page.goto('/en/search/');
  // Nothing typed, nothing focused: the engine loads because the page opened.
  await expect.poll(() => requested.filter((p) => /^\/pagefind\/wasm\.en\.pagefind$/.test(p))).toHaveLength(1);
  await page.waitForLoadState('networkidle');
  expect(requested.filter((p) => p.startsWith('/pagefind/index/'))).toEqual([]);
  await page.locator('#search-q').pressSequentially('relocation');
  // Before Enter is pressed.
  await expect.poll(() => requested.filter((p) => p.startsWith('/pagefind/index/')).length).toBeGreaterThan(0);
  expect(requested).not.toContain('/pagefind/pagefind-worker.js');
});

test('blocks repeated from page to page are kept out of the index', async ({ page }) => {
  const t = useTranslations('en');
  await page.goto('/en/search/');
  const contents = await page.evaluate(async () => {
    const pagefind = await import(['', 'pagefind', 'pagefind.js'].join('/'));
    const contentOf = async (query: string, url: string) => {
      const { results } = await pagefind.search(query);
      const all = await Promise.all(results.map((r: { data(): Promise<{ url: string; content: string }> }) => r.data()));
      return all.find((d) => d.url === url)?.content ?? null;
    };
    return {
      country: await contentOf('Kenya', '/en/countries/ke/'),
      guide: await contentOf('arrested', '/en/guides/if-you-are-arrested/'),
      programme: await contentOf('Shelter City', '/en/programmes/shelter-city/'),
    };
  });
  expect(contents.country).toContain('Kenya');
  expect(contents.country).not.toContain(t('country.relatedProgrammes', { country: 'Kenya' }));
  expect(contents.country).not.toContain(t('country.notLegalAdvice'));
  expect(contents.guide).toContain('arrest');
  expect(contents.guide).not.toContain(t('guide.programmes'));
  expect(contents.programme).toContain('Shelter City');
  expect(contents.programme).not.toContain(t('programme.checkFirst'));
  // The sources stay; each one's "(read on <date>)" goes.
  expect(contents.programme).toContain(t('country.sources'));
  expect(contents.programme).not.toMatch(new RegExp(`${t('country.accessed', { date: '' }).trim()} \\d`));
});

test('Pagefind is not loaded on reading pages', async ({ page }) => {
  const requested: string[] = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  await page.goto('/en/safety/');
  await page.waitForLoadState('networkidle');
  expect(requested.filter((p) => p.startsWith('/pagefind/'))).toEqual([]);
});
