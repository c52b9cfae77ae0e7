// Search latency as a reader feels it, timed inside the page with `performance.now()`
// around Pagefind's JS API: the first query includes fetching `pagefind.js`, its
// WebAssembly and the language's index; later queries are timed one by one. Each query
// waits for the data (URL, title, excerpt) of its first five results, which is what a
// results list needs before it can show anything.
import type { Browser } from '@playwright/test';
import { atMost, errorMessage, formatMs, median, notMeasured, type BenchRow } from './rows.ts';

export interface SearchPlan {
  locale: string;
  firstQuery: string;
  laterQueries: readonly string[];
}

/** Words the English content uses often, each a different index chunk for Pagefind. */
export const englishSearch: SearchPlan = {
  locale: 'en',
  firstQuery: 'arrest',
  laterQueries: ['penal code', 'relocation', 'digital security', 'emergency grant', 'police'],
};

interface InPageTimings {
  alreadyLoaded: boolean;
  /** The first query, split: importing pagefind.js, init(), search(), data() of five results. */
  first: { importMs: number; initMs: number; searchMs: number; dataMs: number; totalMs: number; results: number };
  later: { query: string; ms: number; results: number }[];
}

/** Opens the search page in a fresh context (empty browser cache) and times the queries in it. */
async function timeQueries(browser: Browser, baseUrl: string, plan: SearchPlan): Promise<InPageTimings & { requestedByPage: boolean }> {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    let requestedByPage = false;
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/pagefind/')) requestedByPage = true;
    });
    await page.goto(`${baseUrl}/${plan.locale}/search/`, { waitUntil: 'load' });
    await page.waitForLoadState('networkidle');
    const requestedBeforeTiming = requestedByPage;
    const timings = await page.evaluate(async ({ firstQuery, laterQueries }): Promise<InPageTimings> => {
      type Result = { data(): Promise<unknown> };
      type Pagefind = { init(): Promise<void>; search(q: string): Promise<{ results: Result[] }> };
      const alreadyLoaded = performance.getEntriesByType('resource').some((e) => new URL(e.name).pathname.startsWith('/pagefind/'));
      // Built at run time, so nothing rewrites the import: the browser fetches it itself.
      const moduleUrl = ['', 'pagefind', 'pagefind.js'].join('/');
      const t0 = performance.now();
      const pagefind = (await import(moduleUrl)) as Pagefind;
      const t1 = performance.now();
      await pagefind.init();
      const t2 = performance.now();
      const { results } = await pagefind.search(firstQuery);
      const t3 = performance.now();
      await Promise.all(results.slice(0, 5).map((r) => r.data()));
      const t4 = performance.now();
      const first = { importMs: t1 - t0, initMs: t2 - t1, searchMs: t3 - t2, dataMs: t4 - t3, totalMs: t4 - t0, results: results.length };
      const later: InPageTimings['later'] = [];
      for (const query of laterQueries) {
        const started = performance.now();
        const found = await pagefind.search(query);
        await Promise.all(found.results.slice(0, 5).map((r) => r.data()));
        later.push({ query, ms: performance.now() - started, results: found.results.length });
      }
      return { alreadyLoaded, first, later };
    }, { firstQuery: plan.firstQuery, laterQueries: plan.laterQueries });
    return { ...timings, requestedByPage: requestedBeforeTiming };
  } finally {
    await context.close();
  }
}

export async function searchRows(options: { browser: Browser; baseUrl: string; plan?: SearchPlan }): Promise<BenchRow[]> {
  const plan = options.plan ?? englishSearch;
  const firstId = `search.${plan.locale}.first`;
  const laterId = `search.${plan.locale}.later`;
  const firstLabel = `search: first query incl. load (${plan.locale})`;
  const laterLabel = `search: later queries, median of ${plan.laterQueries.length} (${plan.locale})`;
  try {
    // An untimed pass first: the relay compresses each file once, on its first request,
    // and a production server has long done so. The timed pass then starts, like a
    // visitor's first search, with an empty browser cache against a warm server.
    await timeQueries(options.browser, options.baseUrl, plan);
    const timings = await timeQueries(options.browser, options.baseUrl, plan);
    const warm = timings.requestedByPage || timings.alreadyLoaded;
    const laterMedian = median(timings.later.map((l) => l.ms));
    const noResults = [
      ...(timings.first.results === 0 ? [plan.firstQuery] : []),
      ...timings.later.filter((l) => l.results === 0).map((l) => l.query),
    ];
    const caveat = [
      warm ? 'Pagefind was already loaded by the page: first query is warm' : '',
      noResults.length ? `no results for: ${noResults.join(', ')}` : '',
    ].filter(Boolean);
    const f = timings.first;
    return [
      atMost({
        id: firstId,
        label: firstLabel,
        value: f.totalMs,
        limit: 160,
        unit: 'ms',
        format: formatMs,
        budget: '≤ 160 ms',
        suffix: `(load ${Math.round(f.importMs + f.initMs)} + query ${Math.round(f.searchMs + f.dataMs)} ms, “${plan.firstQuery}”)${caveat.length ? ` ${caveat.join('; ')}` : ''}`,
        detail: { query: plan.firstQuery, ...f, pagefindLoadedBeforeTiming: warm },
      }),
      atMost({
        id: laterId,
        label: laterLabel,
        value: laterMedian,
        limit: 30,
        unit: 'ms',
        format: formatMs,
        budget: '≤ 30 ms',
        suffix: `(max ${formatMs(Math.max(...timings.later.map((l) => l.ms)))})`,
        detail: { queries: timings.later },
      }),
    ];
  } catch (error) {
    return [notMeasured(firstId, firstLabel, '≤ 160 ms', errorMessage(error)), notMeasured(laterId, laterLabel, '≤ 30 ms', errorMessage(error))];
  }
}
