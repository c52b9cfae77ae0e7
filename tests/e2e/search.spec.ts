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

test('the header search box leads to results for its query', async ({ page }) => {
  await page.goto('/en/');
  await page.locator('#site-search-q').fill('private window');
  await page.locator('#site-search-q').press('Enter');
  await expect(page).toHaveURL(/\/en\/search\/\?q=private/);
  await expect(page.locator('[data-search-results] a').first()).toHaveAttribute('href', '/en/safety/');
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
