// Lighthouse (mobile, its default emulation: a mid-range phone on a slow 4G link) on one
// page of each template, in English and Arabic. Lighthouse drives its own Chromium
// (Debian's, through chrome-launcher) against the site served by the relay.
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { budgets } from './budgets.ts';
import { templatePath, templates } from './page-weight.ts';
import { CHROMIUM_FLAGS, chromiumPath } from '../support/chromium.ts';
import { errorMessage, notMeasured, type BenchRow } from './rows.ts';

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
const SHORT: Record<(typeof CATEGORIES)[number], string> = { performance: 'perf', accessibility: 'a11y', 'best-practices': 'bp', seo: 'seo' };

export async function lighthouseRows(options: { baseUrl: string; siteDir: string; locales: readonly string[] }): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const label = (template: string, locale: string) => `Lighthouse (mobile): ${template} (${locale})`;
  let chrome: chromeLauncher.LaunchedChrome;
  try {
    chrome = await chromeLauncher.launch({ chromePath: chromiumPath(), chromeFlags: ['--headless=new', ...CHROMIUM_FLAGS] });
  } catch (error) {
    return [notMeasured('lighthouse', 'Lighthouse (mobile)', `${budgets.lighthouse.limit} in all four`, `Chromium did not start: ${errorMessage(error)}`)];
  }
  try {
    for (const locale of options.locales) {
      for (const template of templates) {
        const path = templatePath(options.siteDir, locale, template);
        const id = `lighthouse.${locale}.${template.key}`;
        if (!path) {
          rows.push(notMeasured(id, label(template.label, locale), `${budgets.lighthouse.limit} in all four`, 'no such page'));
          continue;
        }
        try {
          const result = await lighthouse(`${options.baseUrl}${path}`, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] });
          const lhr = result?.lhr;
          // A page Lighthouse could not measure (no paint seen, a navigation error) has null
          // scores and a runtime error: report it as such, not as a score of 0.
          const problem = lhr?.runtimeError?.message ?? (lhr ? CATEGORIES.find((c) => lhr.categories[c]?.score == null) : 'no result');
          if (!lhr || problem) {
            rows.push(notMeasured(id, label(template.label, locale), `${budgets.lighthouse.limit} in all four`, `Lighthouse: ${problem ?? 'no result'}`));
            continue;
          }
          const scores = CATEGORIES.map((category) => Math.round((lhr.categories[category]!.score ?? 0) * 100));
          rows.push({
            id,
            label: label(template.label, locale),
            budget: `${budgets.lighthouse.limit} in all four`,
            measured: CATEGORIES.map((category, i) => `${SHORT[category]} ${scores[i]}`).join(' · '),
            status: scores.every((score) => score >= budgets.lighthouse.limit) ? 'pass' : 'over',
            value: Math.min(...scores),
            limit: budgets.lighthouse.limit,
            unit: 'score',
            detail: { path },
          });
        } catch (error) {
          rows.push(notMeasured(id, label(template.label, locale), `${budgets.lighthouse.limit} in all four`, errorMessage(error)));
        }
      }
    }
  } finally {
    chrome.kill();
  }
  return rows;
}
