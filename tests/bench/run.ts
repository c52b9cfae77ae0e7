// `npm run bench`: builds the site, measures every row of the budget table of
// `design/quality.md`, prints the table and writes the same figures as JSON to
// `var/bench/<timestamp>.json` and `var/bench/latest.json`. Timings are reported, never
// asserted: the exit code is 0 whenever the run completed, whatever the verdicts.
//
// Options: `--skip-scaling` leaves out the 10× synthetic build (about a minute);
// `--reuse-site` measures the last `var/bench/site` instead of building it again;
// `--only=weight,first-touch` measures only those stages (see STAGES), on the last site.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from '@playwright/test';
import { launchChromium } from '../support/chromium.ts';
import { ensureBuildKeys, makeSandbox, timedBuild, type BuildResult } from './build-time.ts';
import { budgetNotMeasured, budgetRow, budgets, budgetText } from './budgets.ts';
import { firstInteractionRow, pageWeightRows, templateRowsNotMeasured, templates } from './page-weight.ts';
import { encryptionChunkRow, pipelineRows } from './pipeline.ts';
import { lighthouseRows } from './lighthouse.ts';
import { relayRows } from './relay-rows.ts';
import { allLocales } from '../../src/i18n/index.ts';
import { atMost, errorMessage, formatMs, notMeasured, type BenchRow } from './rows.ts';
import { searchRows } from './search.ts';
import { serveWithRelay, type RunningSite } from './serve.ts';
import { multiplyContent } from './synthetic-content.ts';
import { renderTable, summarise } from './table.ts';

const projectRoot = resolve(import.meta.dirname, '../..');
const benchDir = join(projectRoot, 'var/bench');
const siteDir = join(benchDir, 'site');
const workDir = join(benchDir, 'work');
const args = new Set(process.argv.slice(2));
const SCALING_FACTOR = 10;
/** Page weights are budgeted for every page of every locale; Lighthouse runs in the two quality.md names. */
const WEIGHT_LOCALES = allLocales;
const LIGHTHOUSE_LOCALES = ['en', 'ar'] as const;
/**
 * `--only=weight,search`: measure those stages alone, on the last `var/bench/site`
 * (implies `--reuse-site`). Stages: build, weight, search, pipeline, first-touch,
 * lighthouse, relay.
 */
const STAGES = ['build', 'weight', 'search', 'pipeline', 'first-touch', 'lighthouse', 'relay'] as const;
const onlyArg = process.argv.slice(2).find((arg) => arg.startsWith('--only='));
const only = onlyArg ? new Set(onlyArg.slice('--only='.length).split(',')) : null;
for (const name of only ?? []) {
  if (!(STAGES as readonly string[]).includes(name)) throw new Error(`--only: unknown stage "${name}"; expected some of ${STAGES.join(', ')}`);
}
if (only && !only.has('build')) args.add('--reuse-site');
const wanted = (name: (typeof STAGES)[number]) => !only || only.has(name);

const runStarted = performance.now();
/** The 1-minute load average as each stage starts: other work on the machine shows up here, and in the timings. */
const stageLoad: { stage: string; load: number }[] = [];
const log = (message: string) => process.stderr.write(`[bench ${((performance.now() - runStarted) / 1000).toFixed(0).padStart(3)} s] ${message}\n`);
const stage = (name: string, message: string) => {
  stageLoad.push({ stage: name, load: loadavg()[0]! });
  log(message);
};

function buildFailure(id: string, label: string, budget: string, result: BuildResult): BenchRow {
  return notMeasured(id, label, budget, `build failed after ${formatMs(result.ms)}: ${result.error} — log: ${result.log}`);
}

// ---------------------------------------------------------------------------------------
// 1. Build time: the real content, then the same content ten times over.

async function buildRows(keysDir: string): Promise<{ rows: BenchRow[]; siteBuilt: boolean }> {
  const perPageLabel = 'build: full build, per page (1×)';
  const scalingLabel = `build: ${SCALING_FACTOR}× content vs 1×, time ratio`;
  const scalingBudget = `≤ page ratio (${SCALING_FACTOR}×)`;
  if (args.has('--reuse-site')) {
    const reason = '--reuse-site: the last var/bench/site was measured, not rebuilt';
    return { rows: [budgetNotMeasured(budgets.buildPerPage, 'build.ms-per-page', perPageLabel, reason), notMeasured('build.scaling', scalingLabel, scalingBudget, reason)], siteBuilt: existsSync(siteDir) };
  }
  const rows: BenchRow[] = [];
  stage('1× build', 'building the real content (1×)…');
  const single = makeSandbox(projectRoot, '1x');
  let one: BuildResult;
  try {
    one = await timedBuild({ sandbox: single, outDir: siteDir, keysDir, logFile: join(benchDir, 'build-1x.log') });
  } finally {
    rmSync(single, { recursive: true, force: true });
  }
  if (!one.ok) {
    rows.push(buildFailure('build.ms-per-page', perPageLabel, budgetText(budgets.buildPerPage), one));
    rows.push(notMeasured('build.scaling', scalingLabel, scalingBudget, 'the 1× build failed'));
    return { rows, siteBuilt: false };
  }
  const onePerPage = one.ms / one.pages;
  log(`1× build: ${one.pages} pages in ${formatMs(one.ms)}`);
  rows.push(
    budgetRow(budgets.buildPerPage, {
      id: 'build.ms-per-page',
      label: perPageLabel,
      value: onePerPage,
      suffix: `(${one.pages} pages in ${formatMs(one.ms)})`,
      detail: { pages: one.pages, ms: one.ms },
    }),
  );

  if (args.has('--skip-scaling')) {
    rows.push(notMeasured('build.scaling', scalingLabel, scalingBudget, '--skip-scaling'));
    return { rows, siteBuilt: true };
  }
  stage(`${SCALING_FACTOR}× build`, `building ${SCALING_FACTOR}× synthetic content…`);
  const multiplied = makeSandbox(projectRoot, `${SCALING_FACTOR}x`);
  try {
    const added = multiplyContent(join(multiplied, 'content'), SCALING_FACTOR);
    const ten = await timedBuild({ sandbox: multiplied, outDir: join(multiplied, 'out'), keysDir, logFile: join(benchDir, `build-${SCALING_FACTOR}x.log`) });
    if (!ten.ok) {
      rows.push(buildFailure('build.scaling', scalingLabel, scalingBudget, ten));
    } else {
      log(`${SCALING_FACTOR}× build: ${ten.pages} pages in ${formatMs(ten.ms)}`);
      const timeRatio = ten.ms / one.ms;
      const pageRatio = ten.pages / one.pages;
      // "10× the pages costs ≤ 10× the time": the time may grow as fast as the page count, no faster.
      rows.push(
        atMost({
          id: 'build.scaling',
          label: scalingLabel,
          value: timeRatio,
          limit: pageRatio,
          unit: 'ratio',
          format: (x) => `${x.toFixed(2)}×`,
          budget: `≤ ${pageRatio.toFixed(2)}× (page ratio)`,
          suffix: `(${ten.pages} pages in ${formatMs(ten.ms)}, ${formatMs(ten.ms / ten.pages)}/page)`,
          detail: { pages: ten.pages, ms: ten.ms, pageRatio, added },
        }),
      );
    }
  } finally {
    rmSync(multiplied, { recursive: true, force: true });
  }
  return { rows, siteBuilt: true };
}

// ---------------------------------------------------------------------------------------
// 2, 3, 5. Everything measured in Chromium against the site served by the relay.

function browserRowsNotMeasured(reason: string): BenchRow[] {
  const rows: BenchRow[] = [];
  for (const locale of WEIGHT_LOCALES) {
    for (const template of templates) rows.push(...templateRowsNotMeasured(template, locale, reason));
  }
  rows.push(budgetNotMeasured(budgets.searchFirst, 'search.en.first', 'search: first query incl. load (en)', reason));
  rows.push(budgetNotMeasured(budgets.searchLater, 'search.en.later', 'search: later queries (en)', reason));
  rows.push(budgetNotMeasured(budgets.pipeline1MiB, 'submit.pipeline.1MiB', 'browser pipeline, 1 MiB of attachments', reason));
  rows.push(budgetNotMeasured(budgets.pipeline25MiB, 'submit.pipeline.25MiB', 'browser pipeline, 25 MiB of attachments', reason));
  return rows;
}

async function browserRows(): Promise<BenchRow[]> {
  let site: RunningSite | undefined;
  let browser: Browser | undefined;
  try {
    log('starting the relay on the built site…');
    try {
      site = await serveWithRelay({ siteDir, workDir: join(workDir, 'serve') });
    } catch (error) {
      return browserRowsNotMeasured(`could not serve the site through the relay: ${errorMessage(error)}`);
    }
    try {
      browser = await launchChromium();
    } catch (error) {
      return browserRowsNotMeasured(`Chromium did not start: ${errorMessage(error)}`);
    }
    const rows: BenchRow[] = [];
    if (wanted('weight')) {
      stage('page weight', `page weights, ${WEIGHT_LOCALES.length} locales…`);
      rows.push(...(await pageWeightRows({ browser, baseUrl: site.url, siteDir, locales: WEIGHT_LOCALES })));
    }
    if (wanted('search')) {
      stage('search', 'search latency…');
      rows.push(...(await searchRows({ browser, baseUrl: site.url })));
    }
    if (wanted('pipeline')) {
      stage('pipeline', 'browser pipeline (1 MiB, 25 MiB)…');
      rows.push(...(await pipelineRows({ browser, baseUrl: site.url, siteDir })));
    }
    if (wanted('first-touch')) rows.push(await firstInteractionRow({ browser, baseUrl: site.url, locale: 'en' }));
    if (wanted('lighthouse')) {
      stage('lighthouse', 'Lighthouse (mobile), en and ar…');
      rows.push(...(await lighthouseRows({ baseUrl: site.url, siteDir, locales: LIGHTHOUSE_LOCALES })));
    }
    return rows;
  } finally {
    await browser?.close();
    await site?.stop();
  }
}

// ---------------------------------------------------------------------------------------

function gitState(): { commit: string | null; dirty: boolean | null } {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: projectRoot, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: projectRoot, encoding: 'utf8' }).trim() !== '';
    return { commit, dirty };
  } catch {
    return { commit: null, dirty: null };
  }
}

async function main(): Promise<void> {
  mkdirSync(benchDir, { recursive: true });
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const startedAt = new Date();
  const loadBefore = loadavg();
  const rows: BenchRow[] = [];

  let keysDir: string | null = null;
  try {
    keysDir = ensureBuildKeys(projectRoot);
  } catch (error) {
    rows.push(budgetNotMeasured(budgets.buildPerPage, 'build.ms-per-page', 'build: full build, per page (1×)', `no recipient keys to build with: ${errorMessage(error)}`));
  }
  const build = keysDir ? await buildRows(keysDir) : { rows: [], siteBuilt: false };
  if (wanted('build')) rows.push(...build.rows);
  if (build.siteBuilt) {
    rows.push(...(await browserRows()));
    if (wanted('pipeline')) rows.push(encryptionChunkRow(siteDir));
  } else {
    rows.push(...browserRowsNotMeasured('the site did not build'));
    rows.push(budgetNotMeasured(budgets.encryptionChunk, 'submit.encryption-chunk', 'encryption chunk, gzipped (on demand)', 'the site did not build'));
  }
  if (wanted('relay')) {
    stage('relay', 'relay rows…');
    rows.push(...(await relayRows({ projectRoot, siteDir, workDir: join(workDir, 'relay'), log })));
  }

  const elapsedMs = performance.now() - runStarted;
  const report = {
    startedAt: startedAt.toISOString(),
    elapsedMs: Math.round(elapsedMs),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? null, node: process.version, loadAverageBefore: loadBefore, loadAverageAfter: loadavg(), loadAtStage: stageLoad },
    git: gitState(),
    kilobyte: 1000,
    rows,
  };
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const json = `${JSON.stringify(report, null, 2)}\n`;
  writeFileSync(join(benchDir, `${stamp}.json`), json);
  writeFileSync(join(benchDir, 'latest.json'), json);

  console.log(renderTable(rows));
  console.log('');
  console.log(`${summarise(rows)}. KB = 1,000 bytes, as transferred with gzip, response headers included.`);
  console.log(
    `1-min load on ${cpus().length} cores: ${[...stageLoad.map((s) => `${s.stage} ${s.load.toFixed(1)}`), `end ${loadavg()[0]!.toFixed(1)}`].join(', ')}. ` +
      'Other work on the machine slows the timings; a load above the core count makes them unreliable.',
  );
  console.log(`Whole run: ${formatMs(elapsedMs)}. Figures: var/bench/${stamp}.json (and latest.json).`);
  rmSync(workDir, { recursive: true, force: true });
}

await main();
