// The "What is happening?" triage with JavaScript off: every situation leads to its
// first steps (from its guide), the programmes of fitting kinds, and the form; choosing a
// country leaves only programmes whose regions cover it. Expectations are computed from
// the content files, so a new programme or region cannot make the test stale.
import { readdirSync, readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser } from '@playwright/test';
import { parse } from 'yaml';
import { programmeSchema } from '../../src/schemas/programme.ts';
import { situations } from '../../src/triage/situations.ts';
import { programmeCovers } from '../../src/triage/programme-fit.ts';

const content = new URL('../../content/', import.meta.url).pathname;
const programmes = readdirSync(`${content}programmes`)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => programmeSchema.parse(parse(readFileSync(`${content}programmes/${f}`, 'utf8'))));
const fitting = (kinds: readonly string[]) => programmes.filter((p) => p.status !== 'paused' && p.kinds.some((k) => kinds.includes(k)));

async function noScriptPage(browser: Browser) {
  const context = await browser.newContext({ javaScriptEnabled: false });
  return { context, page: await context.newPage() };
}

test('home and help pages lead to every situation, without JavaScript', async ({ browser }) => {
  const { context, page } = await noScriptPage(browser);
  for (const path of ['/en/', '/en/help/']) {
    await page.goto(path);
    const entry = page.getByRole('navigation', { name: 'What is happening?' });
    await expect(entry.getByRole('listitem')).toHaveCount(situations.length);
  }
  await page.getByRole('link', { name: 'I need money urgently' }).click();
  await expect(page).toHaveURL(/\/en\/what-is-happening\/money\/$/);
  await context.close();
});

for (const situation of situations) {
  test(`${situation.slug}: first steps from its guide, fitting programmes and the form`, async ({ browser }) => {
    const { context, page } = await noScriptPage(browser);
    await page.goto(`/en/what-is-happening/${situation.slug}/`);
    const guide = readFileSync(`${content}guides/${situation.guide}/en.mdx`, 'utf8');
    const steps = (parse(/^---\n([\s\S]*?)\n---\n/.exec(guide)![1]!) as { firstSteps: string[] }).firstSteps;
    await expect(page.locator('.first-steps > li')).toHaveText(steps);
    await expect(page.getByRole('link', { name: /^Read the full guide/ })).toHaveAttribute('href', `/en/guides/${situation.guide}/`);
    await expect(page.getByRole('link', { name: 'Ask us for help through the secure form' })).toHaveAttribute('href', `/en${situation.form}`);
    const names = await page.locator('.programmes h3').allTextContents();
    expect(names.sort()).toEqual(fitting(situation.kinds).map((p) => p.name).sort());
    await context.close();
  });
}

test('choosing a country shows only the programmes that cover its region', async ({ browser }) => {
  const { context, page } = await noScriptPage(browser);
  const situation = situations.find((s) => s.slug === 'money')!;
  const all = fitting(situation.kinds);
  for (const [iso2, region] of [['ke', 'east'], ['sn', 'west'], ['za', 'southern']] as const) {
    await page.goto(`/en/what-is-happening/${situation.slug}/`);
    await page.locator('.country-picker summary').click();
    const country = page.locator(`.country-picker a[href="#in-${iso2}"]`);
    await country.click();
    await expect(page.locator(`#in-${iso2}`)).toBeVisible();
    const visible = await page.locator('.programmes > li:visible h3').allTextContents();
    expect(visible.sort(), `${iso2} (${region})`).toEqual(all.filter((p) => programmeCovers(p.regions, region)).map((p) => p.name).sort());
  }
  // The narrowing must actually narrow somewhere, or the test above proves nothing.
  expect(all.some((p) => !programmeCovers(p.regions, 'east') || !programmeCovers(p.regions, 'west'))).toBe(true);
  await page.getByRole('link', { name: 'Show all' }).click();
  await expect(page.locator('.programmes > li:visible')).toHaveCount(all.length);
  await context.close();
});

for (const locale of ['en', 'ar']) {
  test(`axe: the triage pages in ${locale}, with a country chosen`, async ({ page }) => {
    const problems: string[] = [];
    for (const path of [`/${locale}/what-is-happening/`, ...situations.map((s) => `/${locale}/what-is-happening/${s.slug}/#in-ke`)]) {
      await page.goto(path);
      const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
      for (const v of axe.violations) problems.push(`${path} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    }
    expect(problems).toEqual([]);
  });
}
