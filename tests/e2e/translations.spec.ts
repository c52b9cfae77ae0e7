// A translated page says so until a native speaker has checked it, and links to the
// original; an original says nothing. The pages are found from the content itself, so the
// test follows the corpus as translations are added and reviewed.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

interface TranslatedFile { url: string; original: string }

function translatedFiles(reviewed: boolean): TranslatedFile[] {
  const found: TranslatedFile[] = [];
  for (const kind of ['countries', 'guides'] as const) {
    const root = join('content', kind);
    for (const slug of readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name)) {
      for (const file of readdirSync(join(root, slug)).filter((name) => name.endsWith('.mdx'))) {
        const text = readFileSync(join(root, slug, file), 'utf8');
        const block = /^translation:\s*\{([^}]*)\}/m.exec(text)?.[1];
        if (!block || !block.includes(`reviewed: ${reviewed}`)) continue;
        const from = /from:\s*(\w+)/.exec(block)![1];
        found.push({ url: `/${file.replace('.mdx', '')}/${kind}/${slug}/`, original: `/${from}/${kind}/${slug}/` });
      }
    }
  }
  return found;
}

test('an unreviewed translation says so and links to the original', async ({ page }) => {
  const unreviewed = translatedFiles(false);
  expect(unreviewed.length).toBeGreaterThan(0);
  // One country and one guide, in different languages where the corpus allows.
  const samples = [unreviewed.find((f) => f.url.includes('/countries/'))!, unreviewed.find((f) => f.url.includes('/guides/'))!];
  for (const { url, original } of samples) {
    await page.goto(url);
    const note = page.locator('[data-translation-unreviewed]');
    await expect(note, url).toBeVisible();
    await expect(note.getByRole('link')).toHaveAttribute('href', original);
    const response = await page.request.get(original);
    expect(response.status(), original).toBe(200);
  }
});

test('an original text carries no translation note', async ({ page }) => {
  await page.goto('/en/countries/ke/');
  await expect(page.locator('[data-translation-unreviewed]')).toHaveCount(0);
  await page.goto('/en/guides/if-you-are-arrested/');
  await expect(page.locator('[data-translation-unreviewed]')).toHaveCount(0);
});
