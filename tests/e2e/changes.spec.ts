// The change history as readers and machines meet it: the country timeline, the changes
// page with and without JavaScript, the Atom feeds (parsed as XML) and the open data.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { parse } from 'yaml';

const atom = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'entry' || name === 'link' });

/** A country's changes as its content file lists them (oldest first, as editors write them). */
const changesIn = (iso2: string) =>
  (parse(readFileSync(`content/countries/${iso2}.yaml`, 'utf8')) as { changes: { date: string | number; kind: string; summary: string }[] }).changes.map(
    (c) => ({ ...c, date: String(c.date) }),
  );
/** Newest first; a partial date (`2019`) sorts as its first day, as a reader would read it. */
const newestFirst = <T extends { date: string }>(changes: T[]) => [...changes].sort((a, b) => b.date.padEnd(10, '-00').localeCompare(a.date.padEnd(10, '-00')));

test('a country page shows its history newest first, dates only as precise as known', async ({ page }) => {
  const expected = newestFirst(changesIn('bw'));
  expect(expected.map((c) => c.date.length)).toEqual(expect.arrayContaining([4, 10])); // the file has year-only and full dates
  await page.goto('/en/countries/bw/');
  const items = page.locator('#history ~ ol.changes > li');
  await expect(items).toHaveCount(expected.length);
  expect(await items.locator('time').evaluateAll((times) => times.map((t) => t.getAttribute('datetime')))).toEqual(expected.map((c) => c.date));
  const yearOnly = expected.findIndex((c) => c.date.length === 4);
  await expect(items.nth(yearOnly).locator('time')).toHaveText(expected[yearOnly]!.date);
  await expect(items.nth(expected.findIndex((c) => c.date === '2019-06-11'))).toContainText('Struck down by a court');
  await expect(items.nth(expected.findIndex((c) => c.date === '2019-06-11')).locator('time')).toHaveText('11 June 2019');
  await expect(page.locator('head link[rel="alternate"][type="application/atom+xml"]')).toHaveAttribute('href', '/en/countries/bw/feed.xml');
  await expect(page.getByRole('link', { name: 'Follow changes in Botswana (Atom feed)' })).toHaveAttribute('href', '/en/countries/bw/feed.xml');
});

test('a change known only to the month shows the month and no day', async ({ page }) => {
  const monthOnly = changesIn('gh').find((c) => c.date === '2025-01');
  expect(monthOnly?.kind).toBe('bill_lapsed');
  await page.goto('/en/countries/gh/');
  await expect(page.locator('#history ~ ol.changes > li time[datetime="2025-01"]')).toHaveText('January 2025');
});

test('on a translated page the kinds are in its language and the English summaries are marked', async ({ page }) => {
  const newest = newestFirst(changesIn('ml'))[0]!;
  expect(newest).toMatchObject({ date: '2024-12-13', kind: 'enacted' });
  await page.goto('/fr/countries/ml/');
  const first = page.locator('#history ~ ol.changes > li').first();
  await expect(first.locator('time')).toHaveText('13 décembre 2024');
  await expect(first).toContainText('Loi adoptée');
  await expect(first.locator('p[lang="en"]')).toHaveText(newest.summary);
  // Publishers' names are names: not marked as English on a French page.
  await expect(first.locator('a[href^="http"]').first()).not.toHaveAttribute('lang', /.*/);
});

test('a pending bill shows its last known stage and date', async ({ page }) => {
  const lastStage = newestFirst(changesIn('gh')).find((c) => c.kind.startsWith('bill_'))!;
  expect(lastStage).toMatchObject({ date: '2026-02-10', kind: 'bill_relaid' });
  await page.goto('/en/countries/gh/');
  await expect(page.locator('section[aria-labelledby="bills"]')).toContainText('Last known stage: Bill introduced again, 10 February 2026');
});

test('the changes page lists every change and filters by region and kind', async ({ page, request }) => {
  // The page lists the 40 newest changes (its weight budget); the open data has them all.
  const newest = (await (await request.get('/data/changes.json')).json()).changes.slice(0, 40);
  await page.goto('/en/changes/');
  const items = page.locator('ol.changes > li');
  const shown = page.locator('ol.changes > li:not([hidden])');
  await expect(items).toHaveCount(newest.length);
  expect(await items.locator('a[href^="/en/countries/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href')!.split('#')[1]))).toEqual(newest.map((c: { id: string }) => c.id));
  await page.getByLabel('Region').selectOption('west');
  await expect(shown).toHaveCount(newest.filter((c: { region: string }) => c.region === 'west').length);
  await page.getByLabel('What happened').selectOption('bill_passed');
  await expect(shown).toHaveCount(newest.filter((c: { region: string; kind: string }) => c.region === 'west' && c.kind === 'bill_passed').length);
  await expect(page.locator('[data-filter-count]')).toHaveText(new RegExp(`^Showing \\d+ of ${newest.length} changes$`));
  await expect(shown.first().getByRole('link').first()).toHaveAttribute('href', /^\/en\/countries\/[a-z]{2}\/#[a-z]{2}-\d{4}/);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  test('the changes page shows the whole list and no filter form', async ({ page, request }) => {
    const data = await (await request.get('/data/changes.json')).json();
    await page.goto('/sw/changes/');
    await expect(page.locator('ol.changes > li:visible')).toHaveCount(Math.min(40, data.changes.length));
    await expect(page.locator('form[data-list-filter]')).toBeHidden();
  });
});

test('the Atom feeds parse and carry the required elements', async ({ request }) => {
  for (const path of ['/en/changes/feed.xml', '/ar/changes/feed.xml', '/en/countries/gh/feed.xml', '/pt/countries/ke/feed.xml']) {
    const response = await request.get(path);
    expect(response.ok(), path).toBe(true);
    const { feed } = atom.parse(await response.text());
    expect(feed['@_xmlns'], path).toBe('http://www.w3.org/2005/Atom');
    for (const element of ['id', 'title', 'updated', 'author']) expect(feed[element], `${path} ${element}`).toBeTruthy();
    for (const entry of feed.entry ?? []) {
      for (const element of ['id', 'title', 'updated']) expect(entry[element], `${path} entry ${element}`).toBeTruthy();
      expect(entry.link[0]['@_href']).toBe(entry.id);
    }
  }
  const { feed } = atom.parse(await (await request.get('/en/countries/gh/feed.xml')).text());
  // Entry ids are country, date and kind: the page anchor and the open-data id.
  expect(feed.entry.map((e: { id: string }) => e.id.split('#')[1])).toEqual(newestFirst(changesIn('gh')).map((c) => `gh-${c.date}-${c.kind}`));
});

test('the panel has one row per country and year since 1990, built from the history', async ({ request }) => {
  const panel = await (await request.get('/data/panel.json')).json();
  expect(panel.schema).toBe('ngao.panel.v1');
  expect(panel.rows).toHaveLength(54 * (panel.lastYear - 1990 + 1));
  const status = (iso2: string, year: number) => panel.rows.find((r: { iso2: string; year: number }) => r.iso2 === iso2 && r.year === year);
  expect(status('BW', 2018)).toMatchObject({ male: 'criminalised' });
  expect(status('BW', 2019)).toMatchObject({ male: 'legal' });
  const csv = (await (await request.get('/data/panel.csv')).text()).trimEnd().split('\r\n');
  expect(csv).toHaveLength(panel.rows.length + 1);
  const changes = (await (await request.get('/data/changes.csv')).text()).trimEnd().split('\r\n');
  expect(changes[0]).toMatch(/^"id","iso2","region","date","datePrecision","kind"/);
});
