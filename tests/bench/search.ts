// Search latency as a reader of our search page feels it: the bench submits a query
// through the page's own form (`src/components/SearchResults/`), and times it in the
// page with `performance.now()`, from the form's `submit` event to the moment the status
// line announces the results, which the UI writes after the list is filled. So the timing
// holds whatever the UI does for a query: loading Pagefind if it is not ready, `search()`,
// `data()` of every result it shows, building the list.
//
// Each visit starts, in a fresh browser context (empty cache), on the home page, then
// opens the search page, as a reader does. A fresh renderer process spends its first
// page starting up (fonts, script engine); that is page load, not search, and no reader
// arriving from another page pays it on the search page.
//
// Each query is entered as if typed in no time: the field's value is set, an `input`
// event fired and the form submitted, all at once. The first query is submitted the
// moment a person could first search: the page has painted its content (the search field
// is on screen: first-contentful-paint) and its script has run (DOMContentLoaded).
// Whatever the page started loading by then and has not finished is inside the timing. A
// person who takes a second to type waits less; the bench reports that worst case.
import type { Browser, Request } from '@playwright/test';
import { budgetNotMeasured, budgetRow, budgets } from './budgets.ts';
import { errorMessage, formatKb, formatMs, median, type BenchRow } from './rows.ts';

export interface SearchPlan {
  locale: string;
  firstQuery: string;
  laterQueries: readonly string[];
}

/** Words the English content uses often; some need index chunks that earlier ones did not. */
export const englishSearch: SearchPlan = {
  locale: 'en',
  firstQuery: 'arrest',
  laterQueries: ['penal code', 'relocation', 'digital security', 'emergency grant', 'police'],
};

/** Timed visits, each in a fresh context (empty cache); the rows give their medians. */
const TIMED_VISITS = 5;

/** What a file under `/pagefind/` is for, from its path. */
export type PagefindFileKind = 'script' | 'worker' | 'entry' | 'meta' | 'wasm' | 'index' | 'filter' | 'fragment' | 'other';

export function pagefindFileKind(pathname: string): PagefindFileKind {
  const name = pathname.replace(/^\/pagefind\//, '');
  if (name === 'pagefind.js') return 'script';
  if (name === 'pagefind-worker.js') return 'worker';
  if (name === 'pagefind-entry.json') return 'entry';
  if (name.endsWith('.pf_meta')) return 'meta';
  if (/^wasm\.[^/]+\.pagefind$/.test(name)) return 'wasm';
  if (name.startsWith('index/')) return 'index';
  if (name.startsWith('filter/')) return 'filter';
  if (name.startsWith('fragment/')) return 'fragment';
  return 'other';
}

export interface PagefindFetch {
  pathname: string;
  /** Request start and response end, in ms after the first query was submitted (negative: before). */
  startMs: number;
  endMs: number;
  /** Bytes on the wire: body as sent plus response headers. */
  bytes: number;
}

export interface FetchSummary {
  kind: PagefindFileKind;
  requests: number;
  bytes: number;
  /** When the first of them was requested and the last one had arrived, relative to the first submit. */
  firstStartMs: number;
  lastEndMs: number;
}

/** Groups Pagefind's requests by kind, in the order the kinds were first requested. */
export function summariseFetches(fetches: readonly PagefindFetch[]): FetchSummary[] {
  const byKind = new Map<PagefindFileKind, FetchSummary>();
  for (const fetch of [...fetches].sort((a, b) => a.startMs - b.startMs)) {
    const kind = pagefindFileKind(fetch.pathname);
    const summary = byKind.get(kind) ?? { kind, requests: 0, bytes: 0, firstStartMs: fetch.startMs, lastEndMs: fetch.endMs };
    summary.requests += 1;
    summary.bytes += fetch.bytes;
    summary.firstStartMs = Math.min(summary.firstStartMs, fetch.startMs);
    summary.lastEndMs = Math.max(summary.lastEndMs, fetch.endMs);
    byKind.set(kind, summary);
  }
  return [...byKind.values()];
}

interface QueryTiming {
  query: string;
  ms: number;
  results: number;
}

interface Visit {
  first: QueryTiming;
  later: QueryTiming[];
  /** Pagefind's requests up to the end of the first query. */
  firstQueryFetches: PagefindFetch[];
}

declare global {
  interface Window {
    /** Set by the bench's init script: when each query was submitted and when its results were announced. */
    __ngaoSearchBench?: { submitted: number[]; answered: { at: number; status: string; results: number }[]; enterQuery: (query: string) => void };
  }
}

/**
 * Runs in the page before its own scripts: submits `firstQuery` as soon as the page has
 * both painted and run its scripts, notes when the search form is submitted and when the
 * status line then changes to anything but the loading message.
 */
function recordQueryTimes({ firstQuery, ANSWERED }: { firstQuery: string; ANSWERED: string }): void {
  const record: NonNullable<Window['__ngaoSearchBench']> = { submitted: [], answered: [], enterQuery };
  window.__ngaoSearchBench = record;
  addEventListener('submit', () => record.submitted.push(performance.now()), { capture: true });
  /** Watches the status line: the UI writes it, once the list holds the results, to announce them. */
  const watchStatus = (form: HTMLFormElement, status: Element) =>
    new MutationObserver(() => {
      const text = status.textContent ?? '';
      if (record.answered.length >= record.submitted.length || !text || text === form.dataset.loading) return;
      const results = document.querySelectorAll('[data-search-results] > li').length;
      record.answered.push({ at: performance.now(), status: text, results });
      // Heard by the bench through the DevTools protocol: nothing of the bench's runs in the page.
      console.debug(ANSWERED);
    }).observe(status, { subtree: true, childList: true, characterData: true });
  // The page's module scripts run before DOMContentLoaded: by then the form is live.
  let painted = false;
  let scripted = false;
  const enterFirstQuery = () => {
    // The init script runs on every page of the visit; only the search page has the form.
    if (painted && scripted && record.submitted.length === 0 && document.querySelector('[data-search]')) enterQuery(firstQuery);
  };
  new PerformanceObserver((entries) => {
    painted ||= entries.getEntriesByName('first-contentful-paint').length > 0;
    enterFirstQuery();
  }).observe({ type: 'paint', buffered: true });
  document.addEventListener('DOMContentLoaded', () => {
    const form = document.querySelector<HTMLFormElement>('[data-search]');
    const status = document.querySelector('[data-search-status]');
    if (form && status) watchStatus(form, status);
    scripted = true;
    enterFirstQuery();
  });

  /** What typing `query` and pressing Enter does, without the time typing takes. */
  function enterQuery(query: string): void {
    const input = document.querySelector<HTMLInputElement>('#search-q')!;
    input.value = query;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.form!.requestSubmit();
  }
}

/** What the page logs each time a query is answered. */
const ANSWERED = 'ngao-bench: search answered';

/**
 * Counts the answers the page reports and lets the bench wait for the n-th. The bench
 * waits here, outside the page: polling the page, or evaluating anything in it, would run
 * Playwright's own scripts there, on the page's thread, while a query is being timed.
 */
class AnswerCounter {
  #count = 0;
  #waiting: { n: number; done: () => void }[] = [];

  answered(): void {
    this.#count += 1;
    for (const waiter of this.#waiting.filter((w) => w.n < this.#count)) waiter.done();
    this.#waiting = this.#waiting.filter((w) => w.n >= this.#count);
  }

  /** Resolves once query `n` (from 0) is answered; fails after 30 s. */
  async whenAnswered(n: number): Promise<void> {
    if (this.#count > n) return;
    let timer: NodeJS.Timeout | undefined;
    try {
      await new Promise<void>((done, fail) => {
        this.#waiting.push({ n, done });
        timer = setTimeout(() => fail(new Error(`query ${n + 1} was not answered within 30 s`)), 30_000);
      });
    } finally {
      clearTimeout(timer);
    }
  }
}

/** One visit to the search page in a fresh context (empty browser cache), with every query of the plan. */
async function visitSearchPage(browser: Browser, baseUrl: string, plan: SearchPlan): Promise<Visit> {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    const answers = new AnswerCounter();
    page.on('console', (message) => {
      if (message.text() === ANSWERED) answers.answered();
    });
    await page.addInitScript(recordQueryTimes, { firstQuery: plan.firstQuery, ANSWERED });
    const requests: Request[] = [];
    // Pagefind's worker fetches in its own context; the page's events report those requests too.
    page.on('requestfinished', (request) => {
      if (new URL(request.url()).pathname.startsWith('/pagefind/')) requests.push(request);
    });
    await page.goto(`${baseUrl}/${plan.locale}/`, { waitUntil: 'load' });
    await page.goto(`${baseUrl}/${plan.locale}/search/`, { waitUntil: 'commit' });
    await answers.whenAnswered(0);
    for (const [offset, query] of plan.laterQueries.entries()) {
      await page.evaluate((q) => window.__ngaoSearchBench!.enterQuery(q), query);
      await answers.whenAnswered(offset + 1);
    }
    const { submitted, answered, timeOrigin } = await page.evaluate(() => {
      const { submitted, answered } = window.__ngaoSearchBench!;
      return { submitted, answered, timeOrigin: performance.timeOrigin };
    });
    const [first, ...later] = [plan.firstQuery, ...plan.laterQueries].map((query, i) => ({ query, ms: answered[i]!.at - submitted[i]!, results: answered[i]!.results }));
    const firstSubmit = timeOrigin + submitted[0]!;
    const firstEnd = firstSubmit + first!.ms;
    const firstQueryFetches: PagefindFetch[] = [];
    for (const request of requests) {
      const timing = request.timing();
      const endMs = timing.startTime + timing.responseEnd - firstSubmit;
      if (timing.startTime + timing.responseEnd > firstEnd) continue;
      const sizes = await request.sizes();
      firstQueryFetches.push({
        pathname: new URL(request.url()).pathname,
        startMs: timing.startTime - firstSubmit,
        endMs,
        bytes: sizes.responseBodySize + sizes.responseHeadersSize,
      });
    }
    return { first: first!, later, firstQueryFetches };
  } finally {
    await context.close();
  }
}

function describeFetches(summaries: readonly FetchSummary[]): string {
  return summaries.map((s) => `${s.kind}${s.requests > 1 ? ` ×${s.requests}` : ''} in by ${Math.round(s.lastEndMs)}`).join(', ');
}

export async function searchRows(options: { browser: Browser; baseUrl: string; plan?: SearchPlan }): Promise<BenchRow[]> {
  const plan = options.plan ?? englishSearch;
  const firstId = `search.${plan.locale}.first`;
  const laterId = `search.${plan.locale}.later`;
  const firstLabel = `search: first query incl. load (${plan.locale}), median of ${TIMED_VISITS} visits`;
  const laterLabel = `search: later queries, median of ${plan.laterQueries.length} × ${TIMED_VISITS} (${plan.locale})`;
  try {
    // An untimed visit first: the relay compresses each file once, on its first request,
    // and a production server has long done so. Each timed visit then starts, like a
    // reader's first search, with an empty browser cache against a warm server.
    await visitSearchPage(options.browser, options.baseUrl, plan);
    const visits: Visit[] = [];
    for (let i = 0; i < TIMED_VISITS; i += 1) visits.push(await visitSearchPage(options.browser, options.baseUrl, plan));
    const firsts = visits.map((v) => v.first.ms);
    const laters = visits.flatMap((v) => v.later.map((l) => l.ms));
    const firstMedian = median(firsts);
    // The breakdown of the visit whose first query was the median one.
    const typical = visits.find((v) => v.first.ms === firstMedian) ?? visits[0]!;
    const fetches = summariseFetches(typical.firstQueryFetches);
    const fetchedBytes = fetches.reduce((sum, s) => sum + s.bytes, 0);
    const fetchedCount = fetches.reduce((sum, s) => sum + s.requests, 0);
    const noResults = [...new Set(visits.flatMap((v) => [v.first, ...v.later]).filter((q) => q.results === 0).map((q) => q.query))];
    const caveat = noResults.length ? ` no results for: ${noResults.join(', ')}` : '';
    return [
      budgetRow(budgets.searchFirst, {
        id: firstId,
        label: firstLabel,
        value: firstMedian,
        suffix: `(range ${formatMs(Math.min(...firsts))}–${formatMs(Math.max(...firsts))}; “${plan.firstQuery}”, ${fetchedCount} Pagefind requests, ${formatKb(fetchedBytes)}: ${describeFetches(fetches)} ms)${caveat}`,
        detail: { query: plan.firstQuery, firstQueries: visits.map((v) => v.first), fetchesOfMedianVisit: fetches, requestsOfMedianVisit: typical.firstQueryFetches },
      }),
      budgetRow(budgets.searchLater, {
        id: laterId,
        label: laterLabel,
        value: median(laters),
        suffix: `(range ${formatMs(Math.min(...laters))}–${formatMs(Math.max(...laters))})`,
        detail: { queries: visits.map((v) => v.later) },
      }),
    ];
  } catch (error) {
    return [budgetNotMeasured(budgets.searchFirst, firstId, firstLabel, errorMessage(error)), budgetNotMeasured(budgets.searchLater, laterId, laterLabel, errorMessage(error))];
  }
}
