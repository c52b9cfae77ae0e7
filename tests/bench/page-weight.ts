// Page weight as transferred: each template opened in a fresh browser context (empty
// cache, first visit), every response's bytes on the wire counted until the page has
// loaded and the network has been idle for 500 ms, with no interaction.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from '@playwright/test';
import { budgetNotMeasured, budgetRow, budgets } from './budgets.ts';
import { errorMessage, formatKb, notMeasured, reference, type BenchRow } from './rows.ts';

export interface Template {
  key: string;
  label: string;
  /** The page's URL path in `locale`, or the folder whose largest page stands for the template. */
  path: string | { largestIn: string };
  /** Whether the template is a reading page, held to `budgets.readingPageJs` as well (the forms are not). */
  readingJs: boolean;
}

/**
 * The templates of `design/quality.md`, all held to `budgets.pageWeight`. Where a
 * template has many pages (a country, a guide, a programme), the one with the largest
 * HTML file stands for it: a budget for "any page" is met only if the heaviest one meets it.
 */
export const templates: readonly Template[] = [
  { key: 'home', label: 'home', path: '/', readingJs: true },
  { key: 'countries-index', label: 'countries index (map)', path: '/countries/', readingJs: true },
  { key: 'country', label: 'country page', path: { largestIn: 'countries' }, readingJs: true },
  { key: 'guides-index', label: 'guides index', path: '/guides/', readingJs: true },
  { key: 'guide', label: 'guide', path: { largestIn: 'guides' }, readingJs: true },
  { key: 'programmes-index', label: 'programmes index', path: '/programmes/', readingJs: true },
  { key: 'programme', label: 'programme', path: { largestIn: 'programmes' }, readingJs: true },
  { key: 'help', label: 'help', path: '/help/', readingJs: true },
  { key: 'safety', label: 'safety', path: '/safety/', readingJs: true },
  { key: 'submit', label: 'submit page', path: '/submit/', readingJs: false },
];

/** The rows a template cannot measure in `locale`, each with `reason`. */
export function templateRowsNotMeasured(template: Template, locale: string, reason: string): BenchRow[] {
  const rows = [budgetNotMeasured(budgets.pageWeight, `weight.${locale}.${template.key}`, `weight: ${template.label} (${locale})`, reason)];
  if (template.readingJs) rows.push(budgetNotMeasured(budgets.readingPageJs, `js.${locale}.${template.key}`, `JS: ${template.label} (${locale})`, reason));
  return rows;
}

/** The URL path of the page standing for `template` in `locale`, or null when the site has none. */
export function templatePath(siteDir: string, locale: string, template: Template): string | null {
  if (typeof template.path === 'string') {
    const path = `/${locale}${template.path}`;
    return existsSync(join(siteDir, path, 'index.html')) ? path : null;
  }
  const folder = join(siteDir, locale, template.path.largestIn);
  if (!existsSync(folder)) return null;
  let largest: { path: string; size: number } | null = null;
  for (const name of readdirSync(folder)) {
    const file = join(folder, name, 'index.html');
    if (!existsSync(file)) continue;
    const size = statSync(file).size;
    if (!largest || size > largest.size) largest = { path: `/${locale}/${template.path.largestIn}/${name}/`, size };
  }
  return largest?.path ?? null;
}

export interface PageWeight {
  url: string;
  requests: number;
  /** Bytes on the wire for every response, headers included (CDP `encodedDataLength`). */
  totalBytes: number;
  /** Bytes on the wire of script responses. */
  scriptBytes: number;
  /** Of `scriptBytes`, the (compressed) bodies; the rest is response headers. */
  scriptBodyBytes: number;
  scriptFiles: number;
  /** Bytes of inline `<script>` code, uncompressed (it travels inside the HTML). */
  inlineScriptBytes: number;
  /** The same code gzipped script by script: its share of the transferred HTML, rounded up. */
  inlineScriptGzipBytes: number;
  encodings: string[];
  failed: string[];
  /** With an `interact` step: what the page fetched after load, because of that step. */
  afterInteraction?: { requests: number; totalBytes: number; files: { url: string; bytes: number }[] };
}

/**
 * Loads `url` in a fresh context and counts what it transfers. `acceptEncoding` pins
 * the compression the browser asks for, so the figure matches the budget's definition
 * (gzip) whatever Chromium would otherwise negotiate.
 */
export async function measurePage(browser: Browser, url: string, acceptEncoding?: string, interact?: (page: Page) => Promise<void>): Promise<PageWeight> {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    if (acceptEncoding) await cdp.send('Network.setExtraHTTPHeaders', { headers: { 'Accept-Encoding': acceptEncoding } });
    const responses = new Map<string, { type: string; mimeType: string; encoding: string }>();
    const finished = new Map<string, number>();
    const urls = new Map<string, string>();
    /** Requests sent and not yet finished or failed: what "the network has gone quiet" waits on. */
    const inFlight = new Set<string>();
    cdp.on('Network.requestWillBeSent', (event) => {
      urls.set(event.requestId, event.request.url);
      inFlight.add(event.requestId);
    });
    const bodyBytes = new Map<string, number>();
    const failed: string[] = [];
    cdp.on('Network.responseReceived', (event) => {
      const headers = Object.fromEntries(Object.entries(event.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
      responses.set(event.requestId, { type: event.type, mimeType: event.response.mimeType, encoding: headers['content-encoding'] ?? 'identity' });
    });
    cdp.on('Network.dataReceived', (event) => bodyBytes.set(event.requestId, (bodyBytes.get(event.requestId) ?? 0) + event.encodedDataLength));
    cdp.on('Network.loadingFinished', (event) => {
      finished.set(event.requestId, event.encodedDataLength);
      inFlight.delete(event.requestId);
    });
    cdp.on('Network.loadingFailed', (event) => {
      failed.push(`${event.type}: ${event.errorText}`);
      inFlight.delete(event.requestId);
    });
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForLoadState('networkidle');
    const inlineScripts = await page.evaluate(() => {
      const executable = (type: string) => type === '' || type === 'module' || /javascript|ecmascript/i.test(type);
      return [...document.querySelectorAll('script:not([src])')].filter((s) => executable(s.getAttribute('type') ?? '')).map((s) => s.textContent ?? '');
    });
    const inlineScriptBytes = inlineScripts.reduce((sum, code) => sum + Buffer.byteLength(code), 0);
    // Inline code travels compressed inside the HTML; compressed on its own, it costs at least as much as it adds there.
    const inlineScriptGzipBytes = inlineScripts.reduce((sum, code) => sum + gzipSync(code, { level: 9 }).length, 0);
    let totalBytes = 0;
    let scriptBytes = 0;
    let scriptBodyBytes = 0;
    let scriptFiles = 0;
    const encodings = new Set<string>();
    for (const [id, bytes] of finished) {
      totalBytes += bytes;
      const response = responses.get(id);
      if (!response) continue;
      encodings.add(response.encoding);
      if (response.type === 'Script' || /javascript/.test(response.mimeType)) {
        scriptBytes += bytes;
        scriptBodyBytes += bodyBytes.get(id) ?? 0;
        scriptFiles++;
      }
    }
    const weight: PageWeight = { url, requests: finished.size, totalBytes, scriptBytes, scriptBodyBytes, scriptFiles, inlineScriptBytes, inlineScriptGzipBytes, encodings: [...encodings].sort(), failed };
    if (interact) {
      const atLoad = new Set(urls.keys());
      await interact(page);
      // The page's load state is long reached: wait instead until what the interaction
      // started has arrived and nothing more has been asked for in 500 ms (or 15 s passed).
      const interactedAt = Date.now();
      const deadline = interactedAt + 15_000;
      let quietSince = Date.now();
      while (Date.now() < deadline) {
        const started = [...urls.keys()].some((id) => !atLoad.has(id));
        if (inFlight.size > 0 || !started) quietSince = Date.now();
        else if (Date.now() - quietSince >= 500) break;
        if (!started && Date.now() - interactedAt >= 3_000) break; // nothing asked for in 3 s: nothing will be
        await new Promise((done) => setTimeout(done, 50));
      }
      const files = [...finished].filter(([id]) => !atLoad.has(id)).map(([id, bytes]) => ({ url: urls.get(id) ?? id, bytes }));
      weight.afterInteraction = { requests: files.length, totalBytes: files.reduce((sum, file) => sum + file.bytes, 0), files };
    }
    return weight;
  } finally {
    await context.close();
  }
}

/** "(2 files: 0.6 KB bodies + 1.6 KB headers)", plus inline code when there is any. */
function jsBreakdown(weight: PageWeight): string {
  const parts: string[] = [];
  if (weight.scriptFiles > 0) {
    const headers = weight.scriptBytes - weight.scriptBodyBytes;
    parts.push(`${weight.scriptFiles} file${weight.scriptFiles === 1 ? '' : 's'}: ${formatKb(weight.scriptBodyBytes)} bodies + ${formatKb(headers)} headers`);
  }
  if (weight.inlineScriptBytes > 0) parts.push(`inline ${formatKb(weight.inlineScriptGzipBytes)} gz (${formatKb(weight.inlineScriptBytes)} raw)`);
  return parts.length ? `(${parts.join('; ')})` : '(none)';
}

/** Weight rows for each template in each locale: total bytes, and JavaScript where it has a budget. */
export async function pageWeightRows(options: { browser: Browser; baseUrl: string; siteDir: string; locales: readonly string[] }): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const locale of options.locales) {
    for (const template of templates) {
      const id = `weight.${locale}.${template.key}`;
      const label = `weight: ${template.label} (${locale})`;
      const path = templatePath(options.siteDir, locale, template);
      if (!path) {
        rows.push(...templateRowsNotMeasured(template, locale, `the built site has no ${template.label} in ${locale}`));
        continue;
      }
      try {
        const gzip = await measurePage(options.browser, options.baseUrl + path, 'gzip, deflate');
        const brotli = await measurePage(options.browser, options.baseUrl + path);
        const jsBytes = gzip.scriptBytes + gzip.inlineScriptGzipBytes;
        const detail = {
          path,
          requests: gzip.requests,
          encodings: gzip.encodings,
          failedRequests: gzip.failed,
          gzip: { totalBytes: gzip.totalBytes, scriptBytes: gzip.scriptBytes, scriptBodyBytes: gzip.scriptBodyBytes, scriptFiles: gzip.scriptFiles, inlineScriptBytes: gzip.inlineScriptBytes, inlineScriptGzipBytes: gzip.inlineScriptGzipBytes },
          browserDefault: { totalBytes: brotli.totalBytes, scriptBytes: brotli.scriptBytes, encodings: brotli.encodings },
        };
        rows.push(
          budgetRow(budgets.pageWeight, {
            id,
            label: `${label} ${path}`,
            value: gzip.totalBytes,
            suffix: `in ${gzip.requests} req, JS ${formatKb(jsBytes)} (br: ${formatKb(brotli.totalBytes)})`,
            detail,
          }),
        );
        if (template.readingJs) {
          rows.push(budgetRow(budgets.readingPageJs, { id: `js.${locale}.${template.key}`, label: `JS: ${template.label} (${locale})`, value: jsBytes, suffix: jsBreakdown(gzip), detail: { path } }));
        }
      } catch (error) {
        rows.push(...templateRowsNotMeasured(template, locale, errorMessage(error)));
      }
    }
  }
  return rows;
}

/**
 * What a reader's first touch of the submit form costs: the page loaded (empty cache),
 * then a tap on the first text field, as a finger does (the field gets focus, which is
 * when the form fetches its validation and encryption chunks), and everything fetched
 * until the network has been quiet for 500 ms: gzip, headers included, one request per
 * chunk. No budget of its own (the encryption chunk's row holds that), but a row that
 * sees no request measures nothing: it is then reported as over, saying so.
 */
export async function firstInteractionRow(options: { browser: Browser; baseUrl: string; locale: string }): Promise<BenchRow> {
  const id = `submit.first-interaction.${options.locale}`;
  const label = `submit page: fetched on first touch of the form (${options.locale})`;
  const budget = '(reference; ≥ 1 request)';
  try {
    const weight = await measurePage(options.browser, `${options.baseUrl}/${options.locale}/submit/`, 'gzip, deflate', (page) => page.locator('[data-submission-form] textarea').first().click());
    const after = weight.afterInteraction!;
    if (after.requests === 0) {
      return { id, label, budget, status: 'over', measured: 'NO REQUEST after the first touch of the form: the chunks were not fetched, or not seen; this row measured nothing', value: 0, unit: 'bytes' };
    }
    const names = after.files.map((file) => new URL(file.url).pathname.split('/').pop()!.replace(/\.[\w-]+\.js$/, ''));
    return { ...reference({ id, label, measured: `${formatKb(after.totalBytes)} in ${after.requests} req (${names.join(', ')})`, value: after.totalBytes, unit: 'bytes', detail: { files: after.files } }), budget };
  } catch (error) {
    return notMeasured(id, label, budget, errorMessage(error));
  }
}
